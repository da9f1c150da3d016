/* store_change.c: the changes of one of the owner's tokens (edit,
 * delete, regenerate), each in one transaction that locks the row, makes
 * the change and writes its event to the activity history (README
 * "Activity"), so that a change is never without its history. */
#include "store.h"

#include <string.h>

#include "apr_dbd.h"
#include "apr_strings.h"

#include "history.h"
#include "store_impl.h"

/* Begin a change of one of the owner's tokens: start a transaction and
 * lock the row (ST_LOCK) into *before (NULL when the owner has no token
 * id).  Returns 0 or the driver's error number; *trans is set whenever a
 * transaction was started, for end_change to end. */
static int begin_change(pat_store *s, const char *owner, const char *id,
                        apr_dbd_transaction_t **trans, pat_store_row **before)
{
    apr_array_header_t *rows = NULL;
    const char *args[] = {id, owner};
    int rv;

    *trans = NULL;
    *before = NULL;
    rv = apr_dbd_transaction_start(s->driver, s->pool, s->handle, trans);
    if (rv != 0) {
        return rv;
    }
    if (pat_store_select_rows(s, ST_LOCK, "lock", &rows, 2, args)
        != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    if (rows->nelts > 0) {
        *before = &APR_ARRAY_IDX(rows, 0, pat_store_row);
    }
    return 0;
}

/* End the transaction of a change: commit when rv is 0 and the row was
 * found, else roll back.  what names the change for the log.
 * Returns APR_SUCCESS (committed), APR_NOTFOUND (no such token for this
 * owner: nothing written) or APR_EGENERAL (logged; nothing written). */
static apr_status_t end_change(pat_store *s, apr_dbd_transaction_t *trans,
                               int rv, int found, const char *what)
{
    const char *msg = NULL;
    int ended;

    if (rv == 0 && !found) {
        rv = pat_store_roll_back(s, trans);
    }
    if (rv != 0) {
        msg = apr_pstrdup(s->pool, apr_dbd_error(s->driver, s->handle, rv));
        if (trans) {
            pat_store_roll_back(s, trans);
        }
    }
    ended = trans ? apr_dbd_transaction_end(s->driver, s->pool, trans) : 0;
    if (rv == 0 && ended != 0) {
        rv = APR_EGENERAL;
        msg = "the transaction did not end";
    }
    if (rv != 0) {
        pat_store_log_text(rv, what, msg);
        return APR_EGENERAL;
    }
    return found ? APR_SUCCESS : APR_NOTFOUND;
}

/* The fields an edit changes, for the history (pat_history_record): a
 * comma-separated list, "" when it changes nothing.  Texts compare byte
 * for byte (a change of case is a change). */
static const char *changed_fields(pat_store *s, const pat_store_row *before,
                                  const pat_store_row *after)
{
    const char *bp = before->permissions, *ap = after->permissions;
    const char *out = apr_pstrcat(
        s->pool, strcmp(before->name, after->name) ? ",name" : "",
        strcmp(before->description, after->description) ? ",description" : "",
        strcmp(before->expires, after->expires) ? ",expires_on" : "",
        (bp == NULL) != (ap == NULL) || (bp && strcmp(bp, ap)) ? ",permissions"
                                                               : "",
        NULL);

    return *out ? out + 1 : out;
}

apr_status_t pat_store_update(pat_store *s, const char *owner, const char *id,
                              const char *name, const char *description,
                              const char *expires, int set_permissions,
                              const char *permissions, const char *narrowed)
{
    apr_dbd_transaction_t *trans;
    pat_store_row *before, after;
    const char *fields;
    int nrows = 0;
    int rv = begin_change(s, owner, id, &trans, &before);

    if (rv != 0 || before == NULL) {
        return end_change(s, trans, rv, 0, "update");
    }
    /* NULL keeps the locked row's value (the API's partial edit): read
     * under the lock, so that two edits of different fields at the same
     * time both stay */
    after = *before;
    after.name = name ? name : before->name;
    after.description = description ? description : before->description;
    after.expires = expires ? expires : before->expires;
    if (set_permissions) {
        /* what ST_UPDATE_PERMS's IF stores */
        after.permissions = before->permissions ? narrowed : permissions;
    }
    fields = changed_fields(s, before, &after);
    if (*fields == '\0') {
        /* a Save that changes nothing writes nothing, and no history */
        return end_change(s, trans, 0, 1, "update");
    }
    rv = set_permissions
        ? apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                          s->stmt[ST_UPDATE_PERMS], after.name,
                          after.description, after.expires, permissions,
                          narrowed, id, owner)
        : apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                          s->stmt[ST_UPDATE], after.name, after.description,
                          after.expires, id, owner);
    if (rv == 0) {
        rv = pat_history_record(s, id, owner, "edited", fields, before, &after,
                                NULL);
    }
    return end_change(s, trans, rv, 1, "update");
}

apr_status_t pat_store_delete(pat_store *s, const char *owner, const char *id)
{
    apr_dbd_transaction_t *trans;
    pat_store_row *before;
    int nrows = 0;
    int rv = begin_change(s, owner, id, &trans, &before);

    if (rv != 0 || before == NULL) {
        return end_change(s, trans, rv, 0, "delete");
    }
    rv = apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                         s->stmt[ST_DELETE], id, owner);
    if (rv == 0) {
        rv =
            pat_history_record(s, id, owner, "deleted", "", before, NULL, NULL);
    }
    return end_change(s, trans, rv, 1, "delete");
}

apr_status_t pat_store_regenerate(pat_store *s, const char *owner,
                                  const char *id, const char *hash,
                                  const char *hint, const char *expires,
                                  const char *nonce)
{
    apr_dbd_transaction_t *trans;
    pat_store_row *before, after;
    int nrows = 0;
    int rv = begin_change(s, owner, id, &trans, &before);

    if (rv != 0 || before == NULL) {
        return end_change(s, trans, rv, 0, "regenerate");
    }
    rv = apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                         s->stmt[ST_REGENERATE], hash, hint, expires, nonce, id,
                         owner, nonce);
    /* The form sent again: its nonce is on this token (the row is ours
     * and locked, so no row changed means that), or on another of the
     * owner's tokens (the unique owner and nonce).  Either way that
     * regenerate happened and its token was shown: nothing is written. */
    if ((rv == 0 && nrows == 0) || rv == PAT_ER_DUP_ENTRY) {
        end_change(s, trans, 0, 0, "regenerate");
        return APR_EEXIST;
    }
    if (rv == 0) {
        after = *before;
        after.expires = expires;
        /* the history keeps every nonce that regenerated one of the
         * owner's tokens: a form sent again after this token (or another)
         * was regenerated once more is still refused there */
        rv = pat_history_record(s, id, owner, "regenerated", "", before, &after,
                                nonce);
        if (rv == PAT_ER_DUP_ENTRY) {
            end_change(s, trans, 0, 0, "regenerate");
            return APR_EEXIST;
        }
    }
    return end_change(s, trans, rv, 1, "regenerate");
}
