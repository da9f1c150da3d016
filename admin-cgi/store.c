/* store.c: pat_tokens through apr_dbd (MySQL driver), prepared
 * statements only. */
#include "store.h"

#include <stdio.h>
#include <string.h>

#include "apr_dbd.h"
#include "apr_strings.h"
#include "apr_time.h"

#include "history.h"
#include "pat_tokens.h"
#include "store_impl.h"

enum {
    ST_LIST,
    ST_GET,
    ST_OWNED,
    ST_INSERT,
    ST_NONCE,
    ST_UPDATE,
    ST_UPDATE_PERMS,
    ST_DELETE,
    ST_LOCK,
    ST_COUNT
};

/* MySQL's and MariaDB's error number ER_LOCK_DEADLOCK: the server chose
 * this transaction to roll back so that another could go on. */
#define PAT_ER_LOCK_DEADLOCK 1213

/* How many times a create is tried when it is rolled back by a
 * deadlock, and the wait before try N+1 (N times this, milliseconds).
 * Two first creates of a user both lock the empty range (COUNT ... FOR
 * UPDATE) and then wait for each other's lock to insert: the server
 * rolls one back.  Retried at once, the loser can lock the range again
 * before the winner's INSERT goes in, and deadlock again; the wait lets
 * the winner commit first.  (Seen once in CI: three deadlocks in a row
 * under t/admin_token_limit.t's two creates at once.) */
#define INSERT_TRIES   5
#define INSERT_WAIT_MS 30

/* The columns of a pat_store_row, in its order. */
#define ROW_COLUMNS                                                            \
    PAT_TOKENS_ID ", " PAT_TOKENS_NAME ", " PAT_TOKENS_DESCRIPTION             \
                  ", " PAT_TOKENS_EXPIRES_TEXT ", " PAT_TOKENS_PERMISSIONS
#define ROW_NCOLS 5

/* What an edit sets: arguments name, description, expires. */
#define SET_EDITED                                                             \
    " SET " PAT_TOKENS_NAME " = %s, " PAT_TOKENS_DESCRIPTION                   \
    " = %s, " PAT_TOKENS_EXPIRES_ON " = %s, " PAT_TOKENS_UPDATED_AT            \
    " = CURRENT_TIMESTAMP"

/* One of the owner's rows: arguments id, owner.  Another user's id
 * matches nothing (README "Token management pages": 404). */
#define WHERE_OWNED                                                            \
    " WHERE " PAT_TOKENS_ID " = %s AND " PAT_TOKENS_OWNER " = %s"

static const char *const statements[ST_COUNT] = {
    [ST_LIST] = "SELECT " ROW_COLUMNS " FROM " PAT_TOKENS
                " WHERE " PAT_TOKENS_OWNER " = %s ORDER BY " PAT_TOKENS_ID,
    [ST_GET] = "SELECT " ROW_COLUMNS " FROM " PAT_TOKENS WHERE_OWNED,
    /* the owner's tokens, counted and locked until the transaction
     * ends: a second create of the same owner waits here (the index on
     * owner: the owner's rows and the gap after them) */
    [ST_OWNED] = "SELECT COUNT(*) FROM " PAT_TOKENS " WHERE " PAT_TOKENS_OWNER
                 " = %s FOR UPDATE",
    /* a NULL argument is SQL NULL (permissions NULL: not narrowed):
     * apr_dbd's MySQL driver reads exactly as many arguments as the
     * statement has placeholders, none is an end marker, and it binds a
     * NULL pointer as MYSQL_TYPE_NULL (apr-util 1.6.3, dbd_mysql_bind) */
    [ST_INSERT] =
        "INSERT INTO " PAT_TOKENS " (" PAT_TOKENS_OWNER ", " PAT_TOKENS_NAME
        ", " PAT_TOKENS_DESCRIPTION ", " PAT_TOKENS_HASH ", " PAT_TOKENS_HINT
        ", " PAT_TOKENS_EXPIRES_ON ", " PAT_TOKENS_PERMISSIONS
        ", " PAT_TOKENS_CREATE_NONCE
        ") VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
    [ST_NONCE] =
        "SELECT " PAT_TOKENS_ID " FROM " PAT_TOKENS
        " WHERE " PAT_TOKENS_CREATE_NONCE " = %s AND " PAT_TOKENS_OWNER " = %s",
    [ST_UPDATE] = "UPDATE " PAT_TOKENS SET_EDITED WHERE_OWNED,
    /* the first value for a token not narrowed, the second for one that
     * is (the IF reads the column's value before this update) */
    [ST_UPDATE_PERMS] =
        "UPDATE " PAT_TOKENS SET_EDITED ", " PAT_TOKENS_PERMISSIONS
        " = IF(" PAT_TOKENS_PERMISSIONS " IS NULL, %s, %s)" WHERE_OWNED,
    [ST_DELETE] = "DELETE FROM " PAT_TOKENS WHERE_OWNED,
    /* the row an edit or a delete changes, locked until the transaction
     * ends: its values before the change go to the activity history */
    [ST_LOCK] =
        "SELECT " ROW_COLUMNS " FROM " PAT_TOKENS WHERE_OWNED " FOR UPDATE",
};

/* An error line: the error number rv, the statement (what) and msg, the
 * driver's text (often empty for prepared statements). */
void pat_store_log_text(int rv, const char *what, const char *msg)
{
    fprintf(stderr, "pat-admin: database error %d in %s: %s\n", rv, what,
            (msg && *msg) ? msg : "no message");
}

void pat_store_log_error(pat_store *s, int rv, const char *what)
{
    pat_store_log_text(rv, what, apr_dbd_error(s->driver, s->handle, rv));
}

/* Pool cleanup: close the connection when the request's pool goes (the
 * driver registers no cleanup of its own, and an open MYSQL handle is
 * memory never freed; t/admin_valgrind.t counts leaks as errors).
 * Registered before any statement, so statements are closed first. */
static apr_status_t store_close(void *data)
{
    pat_store *s = data;

    return apr_dbd_close(s->driver, s->handle);
}

apr_status_t pat_store_open(apr_pool_t *p, const char *params, pat_store **out,
                            const char **err)
{
    pat_store *s = apr_pcalloc(p, sizeof(*s));
    apr_status_t rv;
    int i, nrows = 0;

    s->pool = p;
    s->stmt = apr_pcalloc(p, ST_COUNT * sizeof(*s->stmt));
    rv = apr_dbd_init(p);
    if (rv == APR_SUCCESS) {
        rv = apr_dbd_get_driver(p, "mysql", &s->driver);
    }
    if (rv != APR_SUCCESS) {
        *err = "apr_dbd has no mysql driver (install libaprutil1-dbd-mysql)";
        return rv;
    }
    /* Affected rows are the rows an UPDATE matched, not only those whose
     * values it changed: an edit that saves what the row already holds
     * is found, not "not found".  The driver knows this one flag; a key
     * given twice takes its last value. */
    rv = apr_dbd_open_ex(
        s->driver, p, apr_pstrcat(p, params, ",flags=CLIENT_FOUND_ROWS", NULL),
        &s->handle, err);
    if (rv != APR_SUCCESS) {
        if (*err == NULL) {
            *err = "cannot connect to the database";
        }
        return rv;
    }
    apr_pool_cleanup_register(p, s, store_close, apr_pool_cleanup_null);
    if (apr_dbd_query(s->driver, s->handle, &nrows, "SET NAMES utf8mb4") != 0) {
        *err = "SET NAMES utf8mb4 failed";
        return APR_EGENERAL;
    }
    /* A statement waiting for a lock (a row or table held by another
     * session) gives up after 5 seconds and the page says the database is
     * unavailable, instead of waiting 50 seconds (InnoDB's default) or a
     * year (lock_wait_timeout's default).  Both exist in MySQL too. */
    if (apr_dbd_query(s->driver, s->handle, &nrows,
                      "SET SESSION lock_wait_timeout = 5,"
                      " innodb_lock_wait_timeout = 5")
        != 0) {
        *err = "SET SESSION lock_wait_timeout failed";
        return APR_EGENERAL;
    }
    for (i = 0; i < ST_COUNT; i++) {
        if (apr_dbd_prepare(s->driver, p, s->handle, statements[i], NULL,
                            &s->stmt[i])
            != 0) {
            *err = apr_psprintf(p, "cannot prepare statement %d: %s", i,
                                apr_dbd_error(s->driver, s->handle, 0));
            return APR_EGENERAL;
        }
    }
    rv = pat_history_prepare(s, err);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = s;
    return APR_SUCCESS;
}

void pat_store_set_actor(pat_store *s, const char *user, const char *client)
{
    s->actor = user;
    s->client = client ? client : "";
}

apr_status_t pat_store_select(pat_store *s, apr_dbd_prepared_t *stmt,
                              const char *what, int nargs, const char **args,
                              int ncols, apr_array_header_t **rows)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_array_header_t *out = apr_array_make(s->pool, 8, sizeof(const char **));
    int rv, failed = 0;

    rv = apr_dbd_pselect(s->driver, s->pool, s->handle, &res, stmt, 0, nargs,
                         args);
    if (rv != 0) {
        pat_store_log_error(s, rv, what);
        return APR_EGENERAL;
    }
    for (rv = apr_dbd_get_row(s->driver, s->pool, res, &row, -1); rv != -1;
         rv = apr_dbd_get_row(s->driver, s->pool, res, &row, -1)) {
        const char **v = apr_pcalloc(s->pool, ncols * sizeof(*v));
        int c, have = apr_dbd_num_cols(s->driver, res);

        if (rv != 0) {
            pat_store_log_error(s, rv, what);
            failed = 1;
            break;
        }
        for (c = 0; c < ncols && c < have; c++) {
            const char *e = apr_dbd_get_entry(s->driver, row, c);

            v[c] = e ? apr_pstrdup(s->pool, e) : NULL;
        }
        APR_ARRAY_PUSH(out, const char **) = v;
    }
    if (failed) {
        return APR_EGENERAL;
    }
    *rows = out;
    return APR_SUCCESS;
}

/* Run a select of ROW_COLUMNS with the nargs arguments args and read
 * every row into pat_store_rows; a NULL is "", but for permissions,
 * where it means "not narrowed". */
static apr_status_t select_rows(pat_store *s, int which, const char *what,
                                apr_array_header_t **rows, int nargs,
                                const char **args)
{
    apr_array_header_t *raw, *out;
    int i;

    if (pat_store_select(s, s->stmt[which], what, nargs, args, ROW_NCOLS, &raw)
        != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    out = apr_array_make(s->pool, raw->nelts, sizeof(pat_store_row));
    for (i = 0; i < raw->nelts; i++) {
        const char **v = APR_ARRAY_IDX(raw, i, const char **);
        pat_store_row *r = apr_array_push(out);

        r->id = v[0] ? v[0] : "";
        r->name = v[1] ? v[1] : "";
        r->description = v[2] ? v[2] : "";
        r->expires = v[3] ? v[3] : "";
        r->permissions = v[4];
    }
    *rows = out;
    return APR_SUCCESS;
}

apr_status_t pat_store_list(pat_store *s, const char *owner,
                            apr_array_header_t **rows)
{
    return select_rows(s, ST_LIST, "list", rows, 1, &owner);
}

apr_status_t pat_store_get(pat_store *s, const char *owner, const char *id,
                           pat_store_row **row)
{
    apr_array_header_t *rows;
    const char *args[] = {id, owner};
    apr_status_t rv = select_rows(s, ST_GET, "get", &rows, 2, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nelts == 0) {
        return APR_NOTFOUND;
    }
    *row = &APR_ARRAY_IDX(rows, 0, pat_store_row);
    return APR_SUCCESS;
}

/* The number the one-column select ST_OWNED finds for owner, read to the
 * end.  Returns 0 with *count set, or an error number (the driver's, or
 * APR_EGENERAL for a value that is no count). */
static int count_owned(pat_store *s, const char *owner, int *count)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *value = NULL;
    char *end = NULL;
    apr_int64_t n;
    int rv = apr_dbd_pvselect(s->driver, s->pool, s->handle, &res,
                              s->stmt[ST_OWNED], 0, owner);

    if (rv != 0) {
        return rv;
    }
    for (rv = apr_dbd_get_row(s->driver, s->pool, res, &row, -1); rv != -1;
         rv = apr_dbd_get_row(s->driver, s->pool, res, &row, -1)) {
        if (rv != 0) {
            return rv;
        }
        if (value == NULL) {
            value = apr_pstrdup(s->pool, apr_dbd_get_entry(s->driver, row, 0));
        }
    }
    if (value == NULL || *value == '\0') {
        return APR_EGENERAL;
    }
    n = apr_strtoi64(value, &end, 10);
    if (*end != '\0' || n < 0 || n > APR_INT32_MAX) {
        return APR_EGENERAL;
    }
    *count = (int)n;
    return 0;
}

/* Make trans roll back when it ends, whatever its statements did.
 * Returns 0, or APR_EGENERAL when the driver did not take the mode. */
static int roll_back(pat_store *s, apr_dbd_transaction_t *trans)
{
    int mode = apr_dbd_transaction_mode_set(s->driver, trans,
                                            APR_DBD_TRANSACTION_ROLLBACK);

    return (mode & APR_DBD_TRANSACTION_ROLLBACK) ? 0 : APR_EGENERAL;
}

/* One try of pat_store_insert: in one transaction, count the owner's
 * tokens with their rows locked (ST_OWNED) into *count, then insert unless
 * there are max or more.  Returns 0 with *refused set (1: max or more,
 * nothing written; 0: inserted and committed), or an error number (the
 * driver's, e.g. PAT_ER_LOCK_DEADLOCK, or APR_EGENERAL) with *msg set to
 * the driver's text for the log; then nothing was written. */
static int insert_within_limit(pat_store *s, const char *owner,
                               const char *name, const char *description,
                               const char *hash, const char *hint,
                               const char *expires, const char *permissions,
                               const char *nonce, int max, int *count,
                               int *refused, const char **msg)
{
    apr_dbd_transaction_t *trans = NULL;
    int rv, ended, nrows = 0;

    rv = apr_dbd_transaction_start(s->driver, s->pool, s->handle, &trans);
    if (rv == 0) {
        rv = count_owned(s, owner, count);
    }
    if (rv == 0) {
        *refused = *count >= max;
        if (*refused) {
            rv = roll_back(s, trans);
        }
        else {
            rv = apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                                 s->stmt[ST_INSERT], owner, name, description,
                                 hash, hint, expires, permissions, nonce);
            if (rv == 0 && nrows != 1) {
                rv = roll_back(s, trans);
                rv = rv ? rv : APR_EGENERAL;
            }
            else if (rv == 0) {
                pat_store_row created = {NULL};

                created.name = name;
                created.description = description;
                created.expires = expires;
                rv = pat_history_record(s, NULL, owner, "created", "", NULL,
                                        &created);
            }
        }
    }
    /* the driver's text goes when the transaction ends */
    *msg = rv ? apr_pstrdup(s->pool, apr_dbd_error(s->driver, s->handle, rv))
              : NULL;
    /* commits, or rolls back after an error of the driver or in rollback
     * mode; ended even when starting failed, which leaves the handle in
     * the transaction */
    ended = trans ? apr_dbd_transaction_end(s->driver, s->pool, trans) : 0;
    if (rv == 0 && ended != 0) {
        *msg = "the transaction did not end";
        rv = APR_EGENERAL;
    }
    return rv;
}

apr_status_t pat_store_insert(pat_store *s, const char *owner, const char *name,
                              const char *description, const char *hash,
                              const char *hint, const char *expires,
                              const char *permissions, const char *nonce,
                              int max, int *count)
{
    apr_array_header_t *rows;
    const char *msg = NULL, *nonce_args[] = {nonce, owner};
    int rv, tries, refused = 0;

    for (tries = 1;; tries++) {
        rv = insert_within_limit(s, owner, name, description, hash, hint,
                                 expires, permissions, nonce, max, count,
                                 &refused, &msg);
        if (rv == 0 && !refused) {
            return APR_SUCCESS;
        }
        if (rv != PAT_ER_LOCK_DEADLOCK || tries == INSERT_TRIES) {
            break;
        }
        fprintf(stderr,
                "pat-admin: a create was rolled back by a deadlock with "
                "another create of the same user; trying again\n");
        apr_sleep(apr_time_from_msec(INSERT_WAIT_MS * tries));
    }
    /* A form sent again fails on its unique nonce, or finds the limit
     * that its first submission reached: either way its token exists. */
    if (select_rows(s, ST_NONCE, "nonce", &rows, 2, nonce_args) == APR_SUCCESS
        && rows->nelts > 0) {
        return APR_EEXIST;
    }
    if (rv == 0) {
        return APR_ENOSPC;
    }
    pat_store_log_text(rv, "insert", msg);
    return APR_EGENERAL;
}

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
    if (select_rows(s, ST_LOCK, "lock", &rows, 2, args) != APR_SUCCESS) {
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
        rv = roll_back(s, trans);
    }
    if (rv != 0) {
        msg = apr_pstrdup(s->pool, apr_dbd_error(s->driver, s->handle, rv));
        if (trans) {
            roll_back(s, trans);
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
    after = *before;
    after.name = name;
    after.description = description;
    after.expires = expires;
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
                          s->stmt[ST_UPDATE_PERMS], name, description, expires,
                          permissions, narrowed, id, owner)
        : apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                          s->stmt[ST_UPDATE], name, description, expires, id,
                          owner);
    if (rv == 0) {
        rv = pat_history_record(s, id, owner, "edited", fields, before, &after);
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
        rv = pat_history_record(s, id, owner, "deleted", "", before, NULL);
    }
    return end_change(s, trans, rv, 1, "delete");
}
