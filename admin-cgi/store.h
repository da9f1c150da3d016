/* store.h: the admin program's access to pat_tokens through apr_dbd's
 * MySQL driver.  Every statement is prepared once per run and every
 * query is scoped to the owner, so another user's id is "not found". */
#ifndef PAT_STORE_H
#define PAT_STORE_H

#include "apr_pools.h"
#include "apr_tables.h"

typedef struct pat_store pat_store;

/* One token as the pages show it; strings from the store's pool. */
typedef struct {
    const char *id;
    const char *name;
    const char *description;
    const char *expires; /* YYYY-MM-DD */
} pat_store_row;

/* Connect with DBDParams-style params (see apr_dbd_open: host, user,
 * pass, dbname, sock, port, ...), set the connection to utf8mb4 and
 * prepare the statements.  Returns APR_SUCCESS, or an error with *err set
 * to a text for the error log (never for the page). */
apr_status_t pat_store_open(apr_pool_t *p, const char *params, pat_store **out,
                            const char **err);

/* The owner's tokens, oldest first: an array of pat_store_row.
 * Returns APR_SUCCESS or APR_EGENERAL (logged to stderr). */
apr_status_t pat_store_list(pat_store *s, const char *owner,
                            apr_array_header_t **rows);

/* One of the owner's tokens.  id: decimal digits.
 * Returns APR_SUCCESS, APR_NOTFOUND (no such id for this owner) or
 * APR_EGENERAL. */
apr_status_t pat_store_get(pat_store *s, const char *owner, const char *id,
                           pat_store_row **row);

/* Store a new token's hash.  nonce: the create form's one-time value
 * (32 hex characters).  Returns APR_SUCCESS, APR_EEXIST when a token was
 * already created with that nonce (the form was submitted again), or
 * APR_EGENERAL. */
apr_status_t pat_store_insert(pat_store *s, const char *owner, const char *name,
                              const char *description, const char *hash,
                              const char *hint, const char *expires,
                              const char *nonce);

/* Update name, description and expiration date of one of the owner's
 * tokens (expired ones included).  Returns APR_SUCCESS, APR_NOTFOUND or
 * APR_EGENERAL. */
apr_status_t pat_store_update(pat_store *s, const char *owner, const char *id,
                              const char *name, const char *description,
                              const char *expires);

/* Delete one of the owner's tokens; it stops authenticating at once.
 * Returns APR_SUCCESS, APR_NOTFOUND or APR_EGENERAL. */
apr_status_t pat_store_delete(pat_store *s, const char *owner, const char *id);

#endif /* PAT_STORE_H */
