/* pat_dbd.c: token lookup and last-used writes through mod_dbd's pooled
 * connections, with statements prepared once per connection by mod_dbd
 * and found by label.  No SQL is built at request time. */
#include "apr_dbd.h"
#include "apr_optional.h"
#include "apr_strings.h"

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"

#include "mod_dbd.h"

#include "pat_dbd.h"
#include "pat_tokens.h"

APLOG_USE_MODULE(auth_pat);

/* ap_dbd_acquire calls per request.  Each failed call drops one dead
 * pooled connection, and a process's pool can hold up to DBDMax of them
 * (mod_dbd's default 10) after the database restarted or killed them:
 * DBDMax + 1 tries reach a new connection.  While the database is down
 * every try is a failed connect, which is fast (refused). */
#define PAT_ACQUIRE_TRIES 11

/* Statement labels; the statements are registered with mod_dbd for
 * every server at post_config, unless AuthPATPrepare Off there. */
#define PAT_LOOKUP_LABEL "auth_pat_lookup"
#define PAT_TOUCH_LABEL  "auth_pat_touch"

/* One indexed lookup by token_hash (a unique key).  mod_dbd placeholders
 * are %s; every argument is a string.  The row is as narrow, and has as
 * few SQL functions, as the checks allow: MariaDB resolves every item of
 * a prepared statement again at each execution, and each column costs the
 * driver a fetch (README "Performance": each step measured).
 *  - the hint is not read: it is the presented token's last characters;
 *  - expires_on comes as the DATE itself, which the client library turns
 *    into YYYY-MM-DD text (no CAST on the server, no time zone);
 *  - last_used_at as seconds since the epoch, SQL NULL when never used;
 *  - permissions is read with apr_dbd_datum_get, which tells SQL NULL
 *    (not narrowed) from a failed fetch;
 *  - one length, of owner, name and permissions joined (CONCAT_WS skips a
 *    NULL): it equals the sum of their strlen only if none holds a NUL
 *    or was cut short by the driver (each strlen can only be shorter). */
static const char pat_lookup_sql[] =
    "SELECT " PAT_TOKENS_ID ", " PAT_TOKENS_OWNER ", " PAT_TOKENS_NAME
    ", " PAT_TOKENS_EXPIRES_ON ", UNIX_TIMESTAMP(" PAT_TOKENS_LAST_USED_AT
    ") AS u, " PAT_TOKENS_PERMISSIONS ", OCTET_LENGTH(CONCAT_WS(''"
    ", " PAT_TOKENS_OWNER ", " PAT_TOKENS_NAME ", " PAT_TOKENS_PERMISSIONS
    ")) AS l FROM " PAT_TOKENS " WHERE " PAT_TOKENS_HASH " = %s";

/* Arguments: new last-used time and the "older than" bound, both in
 * seconds since the epoch from httpd's clock, and the token id.  The
 * bound keeps concurrent workers from writing the same row twice. */
static const char pat_touch_sql[] =
    "UPDATE " PAT_TOKENS " SET " PAT_TOKENS_LAST_USED_AT " = FROM_UNIXTIME(%s)"
    " WHERE " PAT_TOKENS_ID " = %s AND (" PAT_TOKENS_LAST_USED_AT " IS NULL"
    " OR " PAT_TOKENS_LAST_USED_AT " < FROM_UNIXTIME(%s))";

static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire_fn = NULL;
static APR_OPTIONAL_FN_TYPE(ap_dbd_prepare) *dbd_prepare_fn = NULL;
static APR_OPTIONAL_FN_TYPE(ap_dbd_open) *dbd_open_fn = NULL;
static APR_OPTIONAL_FN_TYPE(ap_dbd_close) *dbd_close_fn = NULL;

apr_status_t pat_dbd_init(void)
{
    dbd_prepare_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_prepare);
    dbd_acquire_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
    dbd_open_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_open);
    dbd_close_fn = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_close);
    if (dbd_prepare_fn == NULL || dbd_acquire_fn == NULL || dbd_open_fn == NULL
        || dbd_close_fn == NULL) {
        return APR_ENOTIMPL;
    }
    return APR_SUCCESS;
}

void pat_dbd_prepare(server_rec *s)
{
    dbd_prepare_fn(s, pat_lookup_sql, PAT_LOOKUP_LABEL);
    dbd_prepare_fn(s, pat_touch_sql, PAT_TOUCH_LABEL);
}

/* Log a failed apr_dbd call with the driver's text and its numeric code
 * (the MySQL driver's text may be empty for statement errors). */
static void log_dbd_error(request_rec *r, ap_dbd_t *dbd, int rv,
                          const char *what)
{
    const char *msg = apr_dbd_error(dbd->driver, dbd->handle, rv);

    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                  "PAT lookup failed: %s: database error %d (%s); "
                  "refusing with 500",
                  what, rv, (msg && *msg) ? msg : "no message");
}

/* The statement label on connection dbd, from mod_dbd's tries to get one
 * (NULL when they all failed).  Returns NULL (logged) when there is no
 * connection or the statement was not prepared on it. */
static apr_dbd_prepared_t *find_statement(request_rec *r, ap_dbd_t *dbd,
                                          const char *label)
{
    apr_dbd_prepared_t *stmt;

    if (dbd == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "PAT lookup failed: no database connection after "
                      "%d tries (mod_dbd's lines above say why: database "
                      "down, wrong DBDParams, or a statement that failed "
                      "to prepare because sql/schema.sql is not loaded); "
                      "refusing with 500",
                      PAT_ACQUIRE_TRIES);
        return NULL;
    }
    stmt = apr_hash_get(dbd->prepared, label, APR_HASH_KEY_STRING);
    if (stmt == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "PAT lookup failed: statement %s is not prepared on "
                      "this server's DBD connection (is AuthPATPrepare Off "
                      "here, or is sql/schema.sql not loaded?); refusing "
                      "with 500",
                      label);
        return NULL;
    }
    return stmt;
}

/* Acquire a pooled connection and find a statement prepared on it.
 * Returns NULL (logged) when mod_dbd has no connection or the statement
 * was not prepared. */
static apr_dbd_prepared_t *acquire_statement(request_rec *r, const char *label,
                                             ap_dbd_t **dbd_out)
{
    ap_dbd_t *dbd;
    int tries;

    if (dbd_acquire_fn == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "PAT lookup failed: mod_dbd is not loaded; "
                      "refusing with 500");
        return NULL;
    }
    /* A pooled connection that died (database restarted, connection
     * killed) fails mod_dbd's check and is dropped; ap_dbd_acquire caches
     * nothing on failure, so asking again is a real retry and gets the
     * next pooled or a new connection.  While the database is down every
     * try fails and the request gets a 500. */
    for (tries = 1; (dbd = dbd_acquire_fn(r)) == NULL; tries++) {
        if (tries == PAT_ACQUIRE_TRIES) {
            break;
        }
    }
    if (dbd != NULL && tries > 1) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "PAT: DBD connection acquired at try %d (dead pooled "
                      "connections dropped)",
                      tries);
    }
    *dbd_out = dbd;
    return find_statement(r, dbd, label);
}

/* MySQL client errors meaning the statement is gone from the server while
 * the connection works: CR_NO_PREPARE_STMT (2030, what libmariadb answers
 * after the driver's silent reconnect, DBDParams reconnect=1, which
 * apr-util turns on by default) and ER_UNKNOWN_STMT_HANDLER (1243). */
#define PAT_CR_NO_PREPARE_STMT      2030
#define PAT_ER_UNKNOWN_STMT_HANDLER 1243

/* The connection died under the statement: CR_SERVER_GONE_ERROR (2006)
 * and CR_SERVER_LOST (2013), the database server was killed or a proxy in
 * front of a cluster closed the connection on failover;
 * ER_SERVER_SHUTDOWN (1053), the server is stopping; ER_CONNECTION_KILLED
 * (1927), the connection was killed (KILL). */
#define PAT_CR_SERVER_GONE_ERROR 2006
#define PAT_CR_SERVER_LOST       2013
#define PAT_ER_SERVER_SHUTDOWN   1053
#define PAT_ER_CONNECTION_KILLED 1927
#define PAT_CONNECTION_DIED(rv)                                                \
    ((rv) == PAT_CR_SERVER_GONE_ERROR || (rv) == PAT_CR_SERVER_LOST            \
     || (rv) == PAT_ER_SERVER_SHUTDOWN || (rv) == PAT_ER_CONNECTION_KILLED)

/* ER_LOCK_DEADLOCK: what MariaDB answers when a write lost to another one
 * of the same row, an InnoDB deadlock or, on a Galera cluster, a
 * certification conflict with a write made on another node. */
#define PAT_ER_LOCK_DEADLOCK 1213

/* After a silent reconnect the connection works but its prepared
 * statements are gone, and mod_dbd keeps it (its check pings, and the
 * ping reconnects), so every later use would fail.  Prepare the statement
 * again for this request only, in r->pool: the connection's own pool is
 * shared with other threads through mod_dbd's reslist, and a statement
 * stored in mod_dbd's table would outlive r->pool.
 * rv: the driver's error of the first execution.
 * Returns the new statement, or NULL if rv is another error or the
 * prepare failed (logged as a warning: the lookup and the last-used write
 * each log their own outcome). */
static apr_dbd_prepared_t *prepare_again(request_rec *r, ap_dbd_t *dbd, int rv,
                                         const char *sql, const char *label)
{
    apr_dbd_prepared_t *stmt = NULL;
    int prv;

    if (rv != PAT_CR_NO_PREPARE_STMT && rv != PAT_ER_UNKNOWN_STMT_HANDLER) {
        return NULL;
    }
    prv = apr_dbd_prepare(dbd->driver, r->pool, dbd->handle, sql, label, &stmt);
    if (prv != 0) {
        /* the caller logs its own failure (error rv) and its outcome */
        const char *msg = apr_dbd_error(dbd->driver, dbd->handle, prv);

        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "PAT: statement %s was gone from its DBD connection "
                      "(database error %d) and preparing it again failed: "
                      "database error %d (%s)",
                      label, rv, prv, (msg && *msg) ? msg : "no message");
        return NULL;
    }
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                  "PAT: statement %s was gone from its DBD connection "
                  "(database error %d: the driver reconnected silently; set "
                  "reconnect=0 in DBDParams); prepared it again for this "
                  "request",
                  label, rv);
    return stmt;
}

/* Whether apr_dbd_datum_get's answer rv (with the text it gave, value)
 * is a value or SQL NULL (APR_ENOENT), rather than a failed fetch. */
static int datum_read(apr_status_t rv, const char *value)
{
    return rv == APR_ENOENT || (rv == APR_SUCCESS && value != NULL);
}

/* Run the lookup statement stmt on connection dbd and read its row.
 * Returns OK with *out set, DECLINED when no token has that hash, or
 * HTTP_INTERNAL_SERVER_ERROR (logged) when the database cannot answer;
 * *lost is set, and nothing logged, when the statement failed because
 * the connection died under it (the caller may ask again on another). */
static int lookup_on(request_rec *r, ap_dbd_t *dbd, apr_dbd_prepared_t *stmt,
                     const char *hash, pat_dbd_row **out, int *lost)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    pat_dbd_row *found = NULL;
    int rv, failed = 0;

    *lost = 0;
    rv = apr_dbd_pvselect(dbd->driver, r->pool, dbd->handle, &res, stmt, 0,
                          hash, NULL);
    if (rv != 0
        && (stmt = prepare_again(r, dbd, rv, pat_lookup_sql, PAT_LOOKUP_LABEL))
            != NULL) {
        rv = apr_dbd_pvselect(dbd->driver, r->pool, dbd->handle, &res, stmt, 0,
                              hash, NULL);
    }
    if (PAT_CONNECTION_DIED(rv)) {
        *lost = rv;
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (rv != 0) {
        log_dbd_error(r, dbd, rv, "select");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* Read to the end even after the first row: the driver frees the
     * result set only then. */
    for (rv = apr_dbd_get_row(dbd->driver, r->pool, res, &row, -1); rv != -1;
         rv = apr_dbd_get_row(dbd->driver, r->pool, res, &row, -1)) {
        if (rv != 0) {
            log_dbd_error(r, dbd, rv, "fetch");
            failed = 1;
            break;
        }
        if (found == NULL) {
            const char *lengths, *last = NULL, *perms = NULL;
            apr_status_t last_rv, perms_rv;

            found = apr_pcalloc(r->pool, sizeof(*found));
            found->id = apr_dbd_get_entry(dbd->driver, row, 0);
            found->owner = apr_dbd_get_entry(dbd->driver, row, 1);
            found->name = apr_dbd_get_entry(dbd->driver, row, 2);
            found->expires = apr_dbd_get_entry(dbd->driver, row, 3);
            /* APR_ENOENT: SQL NULL (never used; not narrowed).  Any other
             * failure must read neither as "never" nor as full rights. */
            last_rv = apr_dbd_datum_get(dbd->driver, row, 4,
                                        APR_DBD_TYPE_STRING, &last);
            perms_rv = apr_dbd_datum_get(dbd->driver, row, 5,
                                         APR_DBD_TYPE_STRING, &perms);
            lengths = apr_dbd_get_entry(dbd->driver, row, 6);
            if (!found->id || !found->owner || !found->name || !found->expires
                || !lengths || !datum_read(last_rv, last)
                || !datum_read(perms_rv, perms)) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                              "PAT lookup failed: row with a NULL column or "
                              "a column that could not be read; refusing "
                              "with 500");
                failed = 1;
            }
            else {
                found->id = apr_pstrdup(r->pool, found->id);
                found->owner = apr_pstrdup(r->pool, found->owner);
                found->name = apr_pstrdup(r->pool, found->name);
                found->expires = apr_pstrdup(r->pool, found->expires);
                found->last_used = last_rv == APR_ENOENT ? 0 : apr_atoi64(last);
                found->lengths = apr_atoi64(lengths);
                found->permissions =
                    perms_rv == APR_ENOENT ? NULL : apr_pstrdup(r->pool, perms);
            }
        }
    }
    if (failed) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (found == NULL) {
        return DECLINED;
    }
    *out = found;
    return OK;
}

apr_int64_t pat_dbd_row_text_bytes(const pat_dbd_row *row)
{
    return (apr_int64_t)(strlen(row->owner) + strlen(row->name)
                         + (row->permissions ? strlen(row->permissions) : 0));
}

/* A pooled connection other than the request's, for asking again after
 * the request's died under the lookup: each ap_dbd_open call takes one
 * from mod_dbd's pool and drops it if it fails mod_dbd's check, as
 * acquire_statement does.  Returns NULL (logged by the caller) when none
 * works after PAT_ACQUIRE_TRIES; release a connection with
 * dbd_close_fn. */
static ap_dbd_t *open_another(request_rec *r)
{
    ap_dbd_t *dbd = NULL;
    int tries;

    for (tries = 0; dbd == NULL && tries < PAT_ACQUIRE_TRIES; tries++) {
        dbd = dbd_open_fn(r->pool, r->server);
    }
    return dbd;
}

int pat_dbd_lookup(request_rec *r, const char *hash, pat_dbd_row **out)
{
    ap_dbd_t *dbd = NULL, *other;
    apr_dbd_prepared_t *stmt;
    int status, lost;

    stmt = acquire_statement(r, PAT_LOOKUP_LABEL, &dbd);
    if (stmt == NULL) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    status = lookup_on(r, dbd, stmt, hash, out, &lost);
    if (!lost) {
        return status;
    }
    /* The lookup only reads: asking again on a connection that works
     * gives the same decision.  Behind a proxy such as haproxy that is a
     * connection to another database node (README "Running on several
     * servers"); with the database down it fails like the first. */
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                  "PAT lookup: the DBD connection died under the select "
                  "(database error %d); asking again on another connection",
                  lost);
    other = open_another(r);
    stmt = find_statement(r, other, PAT_LOOKUP_LABEL);
    if (stmt == NULL) {
        status = HTTP_INTERNAL_SERVER_ERROR;
    }
    else {
        status = lookup_on(r, other, stmt, hash, out, &lost);
        if (lost) {
            log_dbd_error(r, other, lost, "select, asked again");
        }
    }
    if (other != NULL) {
        dbd_close_fn(r->server, other);
    }
    return status;
}

void pat_dbd_touch(request_rec *r, const pat_dbd_row *row, int interval)
{
    ap_dbd_t *dbd = NULL;
    apr_dbd_prepared_t *stmt;
    apr_int64_t now = apr_time_sec(r->request_time);
    const char *now_s, *bound_s;
    int nrows = 0, rv;

    if (interval < 0 || now - row->last_used < interval) {
        return;
    }
    stmt = acquire_statement(r, PAT_TOUCH_LABEL, &dbd);
    if (stmt == NULL) {
        return;
    }
    now_s = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, now);
    bound_s = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, now - interval);
    rv = apr_dbd_pvquery(dbd->driver, r->pool, dbd->handle, &nrows, stmt, now_s,
                         row->id, bound_s, NULL);
    if (rv != 0
        && (stmt = prepare_again(r, dbd, rv, pat_touch_sql, PAT_TOUCH_LABEL))
            != NULL) {
        rv = apr_dbd_pvquery(dbd->driver, r->pool, dbd->handle, &nrows, stmt,
                             now_s, row->id, bound_s, NULL);
    }
    if (rv == PAT_ER_LOCK_DEADLOCK) {
        /* Lost to a concurrent write of the same row: on a Galera cluster
         * another node wrote this token's last_used_at at the same moment
         * (README "Running on several servers"), so the time is recorded
         * and there is nothing to warn about. */
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "PAT token id %s: last-used update lost a write "
                      "conflict (database error %d): another server or "
                      "worker wrote it at the same time; not retried",
                      row->id, rv);
    }
    else if (rv != 0) {
        const char *msg = apr_dbd_error(dbd->driver, dbd->handle, rv);

        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                      "PAT token id %s: last-used update failed: database "
                      "error %d (%s)",
                      row->id, rv, (msg && *msg) ? msg : "no message");
    }
}
