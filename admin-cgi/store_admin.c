/* store_admin.c: the administrators' reads and revocations across every
 * owner (store_admin.h).  The list's statement is put together from the
 * fixed pieces below for the filters in use, so that each form of it
 * can use its index; every value is an argument of a prepared
 * statement. */
#include "store_admin.h"

#include <stdlib.h>
#include <string.h>

#include "apr_dbd.h"
#include "apr_strings.h"

#include "history.h"
#include "store_impl.h"

/* A row of the list: pat_store_row's columns, then the owner. */
#define ADMIN_COLUMNS ROW_COLUMNS ", " PAT_TOKENS_OWNER
#define ADMIN_NCOLS   (ROW_NCOLS + 1)

#define SELECT_ADMIN "SELECT " ADMIN_COLUMNS " FROM " PAT_TOKENS

/* The most arguments the list's statement takes. */
#define LIST_ARGS 6

/* Prepare sql on s's connection into *stmt.  Returns APR_SUCCESS, or
 * APR_EGENERAL (logged with what). */
static apr_status_t prepare(pat_store *s, const char *sql, const char *what,
                            apr_dbd_prepared_t **stmt)
{
    int rv;

    /* the driver fills a statement it is given, and makes one for NULL */
    *stmt = NULL;
    rv = apr_dbd_prepare(s->driver, s->pool, s->handle, sql, NULL, stmt);

    if (rv != 0) {
        pat_store_log_error(s, rv, what);
        return APR_EGENERAL;
    }
    return APR_SUCCESS;
}

/* Run sql (prepared here) with nargs args; *rows: pat_admin_row array. */
static apr_status_t select_admin(pat_store *s, const char *sql,
                                 const char *what, int nargs, const char **args,
                                 apr_array_header_t **rows)
{
    apr_dbd_prepared_t *stmt;
    apr_array_header_t *raw, *out;
    int i;

    if (prepare(s, sql, what, &stmt) != APR_SUCCESS
        || pat_store_select(s, stmt, what, nargs, args, ADMIN_NCOLS, &raw)
            != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    out = apr_array_make(s->pool, raw->nelts, sizeof(pat_admin_row));
    for (i = 0; i < raw->nelts; i++) {
        const char **v = APR_ARRAY_IDX(raw, i, const char **);
        pat_admin_row *r = apr_array_push(out);

        pat_store_row_fill(v, &r->row);
        r->owner = v[ROW_NCOLS] ? v[ROW_NCOLS] : "";
    }
    *rows = out;
    return APR_SUCCESS;
}

apr_status_t pat_admin_list(pat_store *s, const pat_admin_filter *f,
                            const pat_date_t *today, apr_time_t now,
                            const char *after, const char *before, int limit,
                            apr_array_header_t **rows)
{
    const char *args[LIST_ARGS], *where = "", *order;
    const char *day = pat_date_format(s->pool, today);
    pat_date_t soon;
    int n = 0, i, backwards = after == NULL && before != NULL;
    apr_status_t rv;

    if (f->owner) {
        where = " AND " PAT_TOKENS_OWNER " = %s";
        args[n++] = f->owner;
    }
    if (f->status == PAT_ADMIN_ACTIVE || f->status == PAT_ADMIN_SOON) {
        where = apr_pstrcat(s->pool, where,
                            " AND " PAT_TOKENS_EXPIRES_ON " >= %s", NULL);
        args[n++] = day;
    }
    if (f->status == PAT_ADMIN_SOON) {
        if (pat_date_add_days(today, PAT_DATE_SOON_DAYS, &soon)
            != APR_SUCCESS) {
            soon = *today;
        }
        where = apr_pstrcat(s->pool, where,
                            " AND " PAT_TOKENS_EXPIRES_ON " <= %s", NULL);
        args[n++] = pat_date_format(s->pool, &soon);
    }
    if (f->status == PAT_ADMIN_EXPIRED) {
        where = apr_pstrcat(s->pool, where,
                            " AND " PAT_TOKENS_EXPIRES_ON " < %s", NULL);
        args[n++] = day;
    }
    if (f->unused_days > 0) {
        /* TIMESTAMP and FROM_UNIXTIME are both in the session's zone */
        where = apr_pstrcat(s->pool, where,
                            " AND (" PAT_TOKENS_LAST_USED_AT
                            " IS NULL OR " PAT_TOKENS_LAST_USED_AT
                            " < FROM_UNIXTIME(%s))",
                            NULL);
        args[n++] = apr_ltoa(
            s->pool,
            (long)(apr_time_sec(now) - (apr_time_t)f->unused_days * 86400));
    }
    if (after || before) {
        where = apr_pstrcat(s->pool, where,
                            backwards ? " AND " PAT_TOKENS_ID " < %s"
                                      : " AND " PAT_TOKENS_ID " > %s",
                            NULL);
        args[n++] = after ? after : before;
    }
    order = backwards ? " DESC" : "";
    rv = select_admin(s,
                      apr_psprintf(s->pool,
                                   SELECT_ADMIN
                                   " WHERE 1 = 1%s ORDER BY %s%s LIMIT %d",
                                   where, PAT_TOKENS_ID, order, limit),
                      "admin list", n, args, rows);
    if (rv == APR_SUCCESS && backwards) {
        pat_admin_row *r = (pat_admin_row *)(*rows)->elts;

        for (i = 0; i < (*rows)->nelts / 2; i++) {
            pat_admin_row t = r[i];

            r[i] = r[(*rows)->nelts - 1 - i];
            r[(*rows)->nelts - 1 - i] = t;
        }
    }
    return rv;
}

apr_status_t pat_admin_get(pat_store *s, const char *id, pat_admin_row **row)
{
    apr_array_header_t *rows;
    apr_status_t rv =
        select_admin(s, SELECT_ADMIN " WHERE " PAT_TOKENS_ID " = %s",
                     "admin get", 1, &id, &rows);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nelts == 0) {
        return APR_NOTFOUND;
    }
    *row = &APR_ARRAY_IDX(rows, 0, pat_admin_row);
    return APR_SUCCESS;
}

apr_status_t pat_admin_count(pat_store *s, const char *owner, int *count)
{
    apr_dbd_prepared_t *stmt;
    apr_array_header_t *raw;
    const char **v;

    if (prepare(s,
                "SELECT COUNT(*) FROM " PAT_TOKENS " WHERE " PAT_TOKENS_OWNER
                " = %s",
                "admin count", &stmt)
            != APR_SUCCESS
        || pat_store_select(s, stmt, "admin count", 1, &owner, 1, &raw)
            != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    v = raw->nelts ? APR_ARRAY_IDX(raw, 0, const char **) : NULL;
    *count = (v && v[0]) ? atoi(v[0]) : 0;
    return APR_SUCCESS;
}

/* The arguments of a revocation, for try_revoke. */
typedef struct {
    const char *lock_sql, *delete_sql, *arg;
    apr_array_header_t **locked;
} revoke_args;

/* One try of revoke_locked (a pat_store_try_fn). */
static int try_revoke(pat_store *s, void *ctx, int *found, const char **msg)
{
    const revoke_args *a = ctx;
    const char *arg = a->arg;
    apr_dbd_transaction_t *trans = NULL;
    apr_dbd_prepared_t *del = NULL;
    int rv, i, nrows = 0;

    *found = 1;
    *a->locked = NULL;
    rv = apr_dbd_transaction_start(s->driver, s->pool, s->handle, &trans);
    if (rv == 0
        && (select_admin(s, a->lock_sql, "revoke lock", 1, &arg, a->locked)
                != APR_SUCCESS
            || prepare(s, a->delete_sql, "revoke", &del) != APR_SUCCESS)) {
        rv = APR_EGENERAL;
    }
    for (i = 0; rv == 0 && i < (*a->locked)->nelts; i++) {
        pat_admin_row *r = &APR_ARRAY_IDX(*a->locked, i, pat_admin_row);

        rv = pat_history_record(s, r->row.id, r->owner, "revoked", "", &r->row,
                                NULL, NULL);
    }
    if (rv == 0 && (*a->locked)->nelts > 0) {
        rv = apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows, del, arg);
        if (rv == 0 && nrows != (*a->locked)->nelts) {
            rv = APR_EGENERAL;
            *msg = "the delete did not remove the locked rows";
        }
    }
    return pat_store_end(s, trans, rv, 1, msg);
}

/* Revoke in one transaction the rows that lock_sql (one argument, arg)
 * locks: one "revoked" event each, then delete_sql (argument arg).
 * *locked: the locked rows (pat_admin_row).  Returns APR_SUCCESS
 * (committed; none locked: nothing written) or APR_EGENERAL (logged,
 * rolled back); a revocation that loses a write conflict is tried again
 * (pat_store_retry). */
static apr_status_t revoke_locked(pat_store *s, const char *lock_sql,
                                  const char *delete_sql, const char *arg,
                                  apr_array_header_t **locked)
{
    revoke_args a = {lock_sql, delete_sql, arg, locked};

    return pat_store_retry(s, "revoke", try_revoke, &a);
}

apr_status_t pat_admin_revoke(pat_store *s, const char *id, pat_admin_row **row)
{
    apr_array_header_t *locked = NULL;
    apr_status_t rv = revoke_locked(
        s, SELECT_ADMIN " WHERE " PAT_TOKENS_ID " = %s FOR UPDATE",
        "DELETE FROM " PAT_TOKENS " WHERE " PAT_TOKENS_ID " = %s", id, &locked);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (locked->nelts == 0) {
        return APR_NOTFOUND;
    }
    if (row) {
        *row = &APR_ARRAY_IDX(locked, 0, pat_admin_row);
    }
    return APR_SUCCESS;
}

apr_status_t pat_admin_revoke_owner(pat_store *s, const char *owner, int *count)
{
    apr_array_header_t *locked = NULL;
    apr_status_t rv = revoke_locked(
        s,
        SELECT_ADMIN " WHERE " PAT_TOKENS_OWNER " = %s ORDER BY " PAT_TOKENS_ID
                     " FOR UPDATE",
        "DELETE FROM " PAT_TOKENS " WHERE " PAT_TOKENS_OWNER " = %s", owner,
        &locked);

    if (rv == APR_SUCCESS) {
        *count = locked->nelts;
    }
    return rv;
}
