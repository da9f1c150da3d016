/* store_change.c: the changes of one of the owner's tokens (edit,
 * delete, regenerate), each in one transaction that locks the row, makes
 * the change and writes its event to the activity history (README
 * "Activity"), so that a change is never without its history.  A change
 * that loses a write conflict (on a Galera cluster, a write of the same
 * row made on another node at the same moment) is tried again from the
 * start (pat_store_retry). */
#include "store.h"

#include <string.h>

#include "apr_dbd.h"
#include "apr_strings.h"

#include "history.h"
#include "store_impl.h"

/* Begin a change of one of the owner's tokens: start a transaction and
 * lock the row (ST_LOCK) into *before (NULL when the owner has no token
 * id).  Returns 0 or the driver's error number; *trans is set whenever a
 * transaction was started, for pat_store_end to end. */
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

/* The arguments of a change, for its pat_store_try_fn. */
typedef struct {
    const char *owner, *id;
    /* update: NULL keeps the value */
    const char *name, *description, *expires;
    int set_permissions;
    const char *permissions, *narrowed;
    /* regenerate */
    const char *hash, *hint, *nonce;
} change_args;

static int try_update(pat_store *s, void *ctx, int *found, const char **msg)
{
    const change_args *a = ctx;
    apr_dbd_transaction_t *trans;
    pat_store_row *before, after;
    const char *fields;
    int nrows = 0;
    int rv = begin_change(s, a->owner, a->id, &trans, &before);

    if (rv != 0 || before == NULL) {
        return pat_store_end(s, trans, rv, 0, msg);
    }
    *found = 1;
    /* NULL keeps the locked row's value (the API's partial edit): read
     * under the lock, so that two edits of different fields at the same
     * time both stay */
    after = *before;
    after.name = a->name ? a->name : before->name;
    after.description = a->description ? a->description : before->description;
    after.expires = a->expires ? a->expires : before->expires;
    if (a->set_permissions) {
        /* what ST_UPDATE_PERMS's IF stores */
        after.permissions = before->permissions ? a->narrowed : a->permissions;
    }
    fields = changed_fields(s, before, &after);
    if (*fields == '\0') {
        /* a Save that changes nothing writes nothing, and no history */
        return pat_store_end(s, trans, 0, 0, msg);
    }
    rv = a->set_permissions
        ? apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                          s->stmt[ST_UPDATE_PERMS], after.name,
                          after.description, after.expires, a->permissions,
                          a->narrowed, a->id, a->owner)
        : apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                          s->stmt[ST_UPDATE], after.name, after.description,
                          after.expires, a->id, a->owner);
    if (rv == 0) {
        rv = pat_history_record(s, a->id, a->owner, "edited", fields, before,
                                &after, NULL);
    }
    return pat_store_end(s, trans, rv, 1, msg);
}

apr_status_t pat_store_update(pat_store *s, const char *owner, const char *id,
                              const char *name, const char *description,
                              const char *expires, int set_permissions,
                              const char *permissions, const char *narrowed)
{
    change_args a = {.owner = owner,
                     .id = id,
                     .name = name,
                     .description = description,
                     .expires = expires,
                     .set_permissions = set_permissions,
                     .permissions = permissions,
                     .narrowed = narrowed};

    return pat_store_retry(s, "update", try_update, &a);
}

static int try_delete(pat_store *s, void *ctx, int *found, const char **msg)
{
    const change_args *a = ctx;
    apr_dbd_transaction_t *trans;
    pat_store_row *before;
    int nrows = 0;
    int rv = begin_change(s, a->owner, a->id, &trans, &before);

    if (rv != 0 || before == NULL) {
        return pat_store_end(s, trans, rv, 0, msg);
    }
    *found = 1;
    rv = apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                         s->stmt[ST_DELETE], a->id, a->owner);
    if (rv == 0) {
        rv = pat_history_record(s, a->id, a->owner, "deleted", "", before, NULL,
                                NULL);
    }
    return pat_store_end(s, trans, rv, 1, msg);
}

apr_status_t pat_store_delete(pat_store *s, const char *owner, const char *id)
{
    change_args a = {.owner = owner, .id = id};

    return pat_store_retry(s, "delete", try_delete, &a);
}

static int try_regenerate(pat_store *s, void *ctx, int *found, const char **msg)
{
    const change_args *a = ctx;
    apr_dbd_transaction_t *trans;
    pat_store_row *before, after;
    int nrows = 0;
    int rv = begin_change(s, a->owner, a->id, &trans, &before);

    if (rv != 0 || before == NULL) {
        return pat_store_end(s, trans, rv, 0, msg);
    }
    *found = 1;
    rv = apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                         s->stmt[ST_REGENERATE], a->hash, a->hint, a->expires,
                         a->nonce, a->id, a->owner, a->nonce);
    /* The form sent again: its nonce is on this token (the row is ours
     * and locked, so no row changed means that), or on another of the
     * owner's tokens (the unique owner and nonce).  Either way that
     * regenerate happened and its token was shown: nothing is written. */
    if ((rv == 0 && nrows == 0) || rv == PAT_ER_DUP_ENTRY) {
        pat_store_end(s, trans, 0, 0, msg);
        return APR_EEXIST;
    }
    if (rv == 0) {
        after = *before;
        after.expires = a->expires;
        /* the history keeps every nonce that regenerated one of the
         * owner's tokens: a form sent again after this token (or another)
         * was regenerated once more is still refused there */
        rv = pat_history_record(s, a->id, a->owner, "regenerated", "", before,
                                &after, a->nonce);
        if (rv == PAT_ER_DUP_ENTRY) {
            pat_store_end(s, trans, 0, 0, msg);
            return APR_EEXIST;
        }
    }
    return pat_store_end(s, trans, rv, 1, msg);
}

apr_status_t pat_store_regenerate(pat_store *s, const char *owner,
                                  const char *id, const char *hash,
                                  const char *hint, const char *expires,
                                  const char *nonce)
{
    change_args a = {.owner = owner,
                     .id = id,
                     .hash = hash,
                     .hint = hint,
                     .expires = expires,
                     .nonce = nonce};

    return pat_store_retry(s, "regenerate", try_regenerate, &a);
}
