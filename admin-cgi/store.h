/* store.h: the admin program's access to pat_tokens through apr_dbd's
 * MySQL driver.  Every statement is prepared once per run and every
 * query is scoped to the owner, so another user's id is "not found". */
#ifndef PAT_STORE_H
#define PAT_STORE_H

#include "apr_pools.h"
#include "apr_tables.h"
#include "apr_time.h"

#include "config.h"

typedef struct pat_store pat_store;

/* One token as the pages show it; strings from the store's pool. */
typedef struct {
    const char *id;
    const char *name;
    const char *description;
    const char *expires; /* YYYY-MM-DD */
    /* the permissions column as stored (lib/pat_perm.h): NULL for a
     * token that is not narrowed */
    const char *permissions;
    const char *hint; /* the token's last 4 characters (lib/pat_token.h) */
    /* when the token was created, and last used (0: never), read as
     * UNIX_TIMESTAMP so that the session's time zone plays no part */
    apr_time_t created;
    apr_time_t last_used;
} pat_store_row;

/* Connect with cfg's DBDParams and set the session up (pat_db_open,
 * db.h: utf8mb4, a 5 s lock wait, then cfg's DBDInitSQL statements),
 * with flags=CLIENT_FOUND_ROWS added, so that an update counts the row
 * it matched even when it changes no value; then prepare the
 * statements.  Everything is allocated from p, and the connection is
 * closed when p is destroyed.  cfg must live as long as the call.
 * Returns APR_SUCCESS, or an error with *err set to a text for the error
 * log (never for the page): pat_db_open's, or a statement that cannot be
 * prepared. */
apr_status_t pat_store_open(apr_pool_t *p, const pat_admin_config *cfg,
                            pat_store **out, const char **err);

/* Who makes the changes of this request, for the activity history
 * (README "Activity"): user, REMOTE_USER; client, REMOTE_ADDR (NULL or
 * "" when unknown).  Both must live as long as s.  Call it before any
 * change: a change without an actor is refused by the database (NOT
 * NULL), so nothing is written. */
void pat_store_set_actor(pat_store *s, const char *user, const char *client);

/* The owner's tokens, the soonest expiration date first (then by id):
 * *rows is an array of pat_store_row
 * from the store's pool (owner: REMOTE_USER, compared byte for byte).
 * Returns APR_SUCCESS or APR_EGENERAL (logged to stderr; *rows is not
 * set). */
apr_status_t pat_store_list(pat_store *s, const char *owner,
                            apr_array_header_t **rows);

/* One of the owner's tokens, to show the edit and delete forms.
 * id: decimal digits.
 * Returns APR_SUCCESS with *row set, APR_NOTFOUND (no such id for this
 * owner: README "Token management pages", another user's id is 404) or
 * APR_EGENERAL (logged to stderr). */
apr_status_t pat_store_get(pat_store *s, const char *owner, const char *id,
                           pat_store_row **row);

/* The owner's token that pat_store_insert stored with nonce (the create
 * form's or the API's one-time value), with its id: what the JSON API
 * answers a create with.
 * Returns APR_SUCCESS with *row set, APR_NOTFOUND (no token of this
 * owner has nonce) or APR_EGENERAL (logged to stderr). */
apr_status_t pat_store_get_created(pat_store *s, const char *owner,
                                   const char *nonce, pat_store_row **row);

/* Store a new token, and its "created" event in the activity history
 * (README "Activity"), in one transaction: its hash and hint (lib/pat_token.h,
 * never the token), the checked name and description (pat_check_form), expires
 * (YYYY-MM-DD), permissions (the column value of pat_perm_stored: NULL,
 * written as SQL NULL, for a token that is not narrowed) and nonce, the
 * create form's one-time value (pat_nonce_valid), unless the owner
 * already has max tokens
 * (MaxTokensPerUser, README "Token management pages").  The count and
 * the insert are one transaction that locks the owner's rows, so that
 * creates of one owner at the same time cannot pass max together; one
 * that the server rolls back for a deadlock is tried again (5 tries).
 * *count: the owner's tokens before the insert (set unless the count
 * failed).
 * Returns APR_SUCCESS, APR_EEXIST when this owner already created a
 * token with that nonce (the form was submitted again: 409), APR_ENOSPC
 * when the owner has max tokens or more (nothing written), or
 * APR_EGENERAL (logged to stderr; nothing written). */
apr_status_t pat_store_insert(pat_store *s, const char *owner, const char *name,
                              const char *description, const char *hash,
                              const char *hint, const char *expires,
                              const char *permissions, const char *nonce,
                              int max, int *count);

/* Update name, description and expiration date of one of the owner's
 * tokens (expired ones included), and its permissions when
 * set_permissions is non-zero, in one statement whose WHERE id AND owner
 * is the ownership check.  The values must have passed pat_check_form
 * (validate.h); expires: YYYY-MM-DD.  name, description or expires NULL
 * keeps the token's value, as read under the row's lock (the API's
 * partial edit: two edits of different fields at once both stay).  permissions:
 * what a token that is not narrowed gets, the column value of pat_perm_stored
 * (NULL, written as SQL NULL, keeps it not narrowed); narrowed: what a token
 * that is already narrowed gets, the ticked names (never NULL), so that an edit
 * never gives a narrowed token the permissions a site adds later (README
 * "Role Permissions").  A site without permissions passes
 * set_permissions 0: its pages never show a token's permissions, so an
 * edit must not widen or change them.
 * The row is locked, updated and its "edited" event (the changed fields,
 * old and new values of name, description and expiration date) written
 * in one transaction; an edit that changes nothing writes nothing.
 * Returns APR_SUCCESS (also when the values were already those),
 * APR_NOTFOUND (no such id for this owner: nothing written) or
 * APR_EGENERAL (logged to stderr). */
apr_status_t pat_store_update(pat_store *s, const char *owner, const char *id,
                              const char *name, const char *description,
                              const char *expires, int set_permissions,
                              const char *permissions, const char *narrowed);

/* Delete one of the owner's tokens, and write its "deleted" event (with
 * its last name, description and expiration date, which stay in the
 * history for an administrator) in one transaction whose WHERE id AND
 * owner is the ownership check; it stops authenticating at once (unless
 * AuthPATCache holds it, for at most its TTL).
 * Returns APR_SUCCESS, APR_NOTFOUND (no such id for this owner) or
 * APR_EGENERAL (logged to stderr). */
apr_status_t pat_store_delete(pat_store *s, const char *owner, const char *id);

/* Regenerate one of the owner's tokens (README "Regenerate"): in one
 * transaction that locks the row (WHERE id AND owner: the ownership
 * check), give it a new hash and hint (lib/pat_token.h, never the token),
 * expires (YYYY-MM-DD, the default date of pat_date_rules), no last-used
 * time, and nonce (the regenerate form's one-time value, pat_nonce_valid)
 * in regenerate_nonce, and write its "regenerated" event (old and new
 * expiration date) to the activity history; name, description and
 * permissions stay.  Expired tokens too.  The old token stops
 * authenticating at once (unless AuthPATCache holds it, for at most its
 * TTL, exactly as after pat_store_delete).  The UPDATE skips a row that
 * already has nonce, and the event keeps nonce for good (unique per owner
 * in the history), so that a form sent twice regenerates once, also when
 * the token was regenerated again in between.
 * Returns APR_SUCCESS, APR_EEXIST when the form was submitted before
 * (one of the owner's tokens or history events has nonce: nothing
 * written, 409),
 * APR_NOTFOUND (no such id for this owner: nothing written) or
 * APR_EGENERAL (logged to stderr; nothing written). */
apr_status_t pat_store_regenerate(pat_store *s, const char *owner,
                                  const char *id, const char *hash,
                                  const char *hint, const char *expires,
                                  const char *nonce);

#endif /* PAT_STORE_H */
