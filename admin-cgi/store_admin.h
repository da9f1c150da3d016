/* store_admin.h: what administrators read and change in pat_tokens,
 * across every owner (README "For administrators"): the list with its
 * filters and keyset pages, one token, and revoking one token or all of
 * one owner's.  Shared by the administrators' pages (pat-admin with
 * PAT_ADMIN_VIEW=1, admin.c) and the command line (pat-tokens, cli/).
 * Prepared statements only; every value is an argument, and the SQL is
 * put together from this file's fixed pieces. */
#ifndef PAT_STORE_ADMIN_H
#define PAT_STORE_ADMIN_H

#include "apr_tables.h"
#include "apr_time.h"

#include "pat_date.h"
#include "store.h"

/* The most tokens one page of the administrators' list shows. */
#define PAT_ADMIN_PAGE 50

/* The longest "not used for N days" filter, in days (10 years). */
#define PAT_ADMIN_UNUSED_MAX 3650

/* Which tokens a list shows; every field narrows it. */
typedef struct {
    /* exactly this owner (compared byte for byte), or NULL: all */
    const char *owner;
    /* PAT_ADMIN_ALL, _ACTIVE (valid today), _SOON (valid today and
     * expiring within PAT_DATE_SOON_DAYS: the "Expires soon" badge) or
     * _EXPIRED (expired before today) */
    int status;
    /* not used for this many days (last used never, or more than
     * unused_days * 24 hours before now): 1 to PAT_ADMIN_UNUSED_MAX, or
     * 0 for no such filter */
    int unused_days;
} pat_admin_filter;

enum { PAT_ADMIN_ALL, PAT_ADMIN_ACTIVE, PAT_ADMIN_SOON, PAT_ADMIN_EXPIRED };

/* One token of any owner; strings from the store's pool. */
typedef struct {
    pat_store_row row;
    const char *owner;
} pat_admin_row;

/* A page of the tokens f matches, ordered by id: with after (decimal
 * digits) those with a greater id, the lowest first; with before (and no
 * after) those with a smaller id, the highest limit of them, returned
 * lowest first; with neither, from the lowest id.  limit: at most this
 * many rows (1 to 10000; ask one more than a page shows to know whether
 * another page follows).  today: the local date (the status filters);
 * now: the time of the request (apr_time_t, the unused filter).
 * *rows: an array of pat_admin_row from the store's pool.
 * Returns APR_SUCCESS or APR_EGENERAL (logged to stderr). */
apr_status_t pat_admin_list(pat_store *s, const pat_admin_filter *f,
                            const pat_date_t *today, apr_time_t now,
                            const char *after, const char *before, int limit,
                            apr_array_header_t **rows);

/* Token id (decimal digits) of any owner into *row.
 * Returns APR_SUCCESS, APR_NOTFOUND or APR_EGENERAL (logged). */
apr_status_t pat_admin_get(pat_store *s, const char *id, pat_admin_row **row);

/* How many tokens owner has, into *count.
 * Returns APR_SUCCESS or APR_EGENERAL (logged). */
apr_status_t pat_admin_count(pat_store *s, const char *owner, int *count);

/* Revoke token id (decimal digits) of any owner: delete it and write its
 * "revoked" event (its owner, last name, description and expiration
 * date, the store's actor: pat_store_set_actor) in one transaction that
 * locks the row first.  It stops authenticating at once (unless
 * AuthPATCache holds it, for at most its TTL).  *row (may be NULL): the
 * token as it was.
 * Returns APR_SUCCESS, APR_NOTFOUND (no such token: nothing written) or
 * APR_EGENERAL (logged; nothing written). */
apr_status_t pat_admin_revoke(pat_store *s, const char *id,
                              pat_admin_row **row);

/* Revoke every token of owner (offboarding) in one transaction: lock
 * them, write one "revoked" event per token, delete them.  *count: how
 * many were revoked (0: owner had none, nothing written).
 * Returns APR_SUCCESS or APR_EGENERAL (logged; nothing written). */
apr_status_t pat_admin_revoke_owner(pat_store *s, const char *owner,
                                    int *count);

#endif /* PAT_STORE_ADMIN_H */
