/* store_impl.h: what store.c, store_change.c and history.c share of the
 * admin program's database access; nothing else includes it (store.h is
 * the interface). */
#ifndef PAT_STORE_IMPL_H
#define PAT_STORE_IMPL_H

#include "apr_dbd.h"

#include "pat_tokens.h"
#include "store.h"

/* The statements on pat_tokens, prepared by store.c (whose statements[]
 * holds their SQL). */
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
    ST_REGENERATE,
    ST_COUNT
};

/* The columns of a pat_store_row, in its order; the times as
 * UNIX_TIMESTAMP (whole seconds since the epoch, whatever the session's
 * time zone). */
#define ROW_COLUMNS                                                            \
    PAT_TOKENS_ID ", " PAT_TOKENS_NAME ", " PAT_TOKENS_DESCRIPTION             \
                  ", " PAT_TOKENS_EXPIRES_TEXT ", " PAT_TOKENS_PERMISSIONS     \
                  ", " PAT_TOKENS_HINT                                         \
                  ", UNIX_TIMESTAMP(" PAT_TOKENS_CREATED_AT ")"                \
                  ", UNIX_TIMESTAMP(" PAT_TOKENS_LAST_USED_AT ")"
#define ROW_NCOLS 8

/* MySQL's and MariaDB's error number ER_LOCK_DEADLOCK: the server chose
 * this transaction to roll back so that another could go on. */
#define PAT_ER_LOCK_DEADLOCK 1213
/* ER_DUP_ENTRY: a unique key refused the value */
#define PAT_ER_DUP_ENTRY 1062

/* The statements history.c prepares (history.h). */
enum { HIST_INSERT, HIST_LIST, HIST_COUNT };

struct pat_store {
    apr_pool_t *pool;
    const apr_dbd_driver_t *driver;
    apr_dbd_t *handle;
    apr_dbd_prepared_t **stmt; /* store.c's, indexed by its ST_ enum */
    apr_dbd_prepared_t *hist[HIST_COUNT];
    /* who makes the changes of this request (pat_store_set_actor) */
    const char *actor;
    const char *client;
};

/* An error line on stderr (httpd's error log): the error number rv, the
 * statement (what) and msg, the driver's text (often empty for prepared
 * statements; "no message" then). */
void pat_store_log_text(int rv, const char *what, const char *msg);

/* pat_store_log_text with the driver's text for rv on s's connection. */
void pat_store_log_error(pat_store *s, int rv, const char *what);

/* Run the select stmt with its nargs arguments args (strings; NULL is
 * SQL NULL) and read every row to the end: *rows is an array of const
 * char ** rows, each of ncols values from s's pool (NULL for SQL NULL,
 * and for columns the statement does not have).
 * Returns APR_SUCCESS, or APR_EGENERAL (logged with what, the name of
 * the statement; *rows is not set). */
apr_status_t pat_store_select(pat_store *s, apr_dbd_prepared_t *stmt,
                              const char *what, int nargs, const char **args,
                              int ncols, apr_array_header_t **rows);

/* Run statement which (ST_) of ROW_COLUMNS with the nargs arguments
 * args and read every row into *rows, an array of pat_store_row from s's
 * pool; a NULL is "", but for permissions, where it means "not
 * narrowed".  Returns APR_SUCCESS or APR_EGENERAL (logged with what). */
apr_status_t pat_store_select_rows(pat_store *s, int which, const char *what,
                                   apr_array_header_t **rows, int nargs,
                                   const char **args);

/* Fill r from v, the ROW_NCOLS values of one row of ROW_COLUMNS (from
 * pat_store_select; strings are kept, not copied): a NULL is "", but for
 * permissions, where it means "not narrowed"; the times 0 when NULL. */
void pat_store_row_fill(const char **v, pat_store_row *r);

/* Make trans roll back when it ends, whatever its statements did.
 * Returns 0, or APR_EGENERAL when the driver did not take the mode. */
int pat_store_roll_back(pat_store *s, apr_dbd_transaction_t *trans);

/* End trans (from apr_dbd_transaction_start; NULL: nothing to end):
 * commit when rv is 0 and commit is set, by an explicit COMMIT so that a
 * write conflict found at commit time (a Galera certification failure,
 * README "Running on several servers") comes back as its error number,
 * PAT_ER_LOCK_DEADLOCK; else roll back.  *msg: the driver's text once rv
 * is an error (kept when the caller set it already).
 * Returns 0 (committed, or rolled back as asked) or the error number
 * (rolled back: nothing written). */
int pat_store_end(pat_store *s, apr_dbd_transaction_t *trans, int rv,
                  int commit, const char **msg);

/* One try of a change in its own transaction (begun and ended by fn with
 * pat_store_end): returns 0 or an error number with *msg set, and sets
 * *found (0: no such row, nothing written).  ctx: fn's arguments. */
typedef int (*pat_store_try_fn)(pat_store *s, void *ctx, int *found,
                                const char **msg);

/* Run fn until it does not lose a write conflict (PAT_ER_LOCK_DEADLOCK:
 * on a Galera cluster a write of the same row made on another node at
 * the same moment, README "Running on several servers"), at most
 * PAT_CHANGE_TRIES times, with a short wait before each new try.  what
 * names the change for the log.  An error number of fn that is an APR
 * status of the caller's (APR_EEXIST) is returned as it is.
 * Returns APR_SUCCESS, APR_NOTFOUND (not found: nothing written), the
 * caller's APR_EEXIST, or APR_EGENERAL (logged; nothing written). */
apr_status_t pat_store_retry(pat_store *s, const char *what,
                             pat_store_try_fn fn, void *ctx);

#define PAT_CHANGE_TRIES 3

/* Prepare history.c's statements on s's connection (pat_store_open).
 * Returns APR_SUCCESS, or APR_EGENERAL with *err set for the log. */
apr_status_t pat_history_prepare(pat_store *s, const char **err);

/* One row of the activity history, written inside the transaction of the
 * change it records (README "Activity"), by s's actor.
 * token_id: the token's id, or NULL for the row the last INSERT on this
 * connection made (LAST_INSERT_ID()).  event: "created", "edited",
 * "regenerated", "deleted" (by the owner) or "revoked" (by an
 * administrator: store_admin.h).  fields: for "edited", the changed fields
 * as a comma-separated list of name, description, expires_on and
 * permissions, else "".  before, after: the values before and after the
 * change (either may be NULL); only the fields the event records are
 * written (created: after's; deleted and revoked: before's; edited: both, of
 * the changed fields among name, description and expires; regenerated: both
 * expiration dates).  nonce: for "regenerated", the form's one-time
 * value (unique per owner in the history, for good), else NULL.
 * Returns 0 or the driver's error number (the transaction must then be
 * rolled back: its end does it); 1062 (ER_DUP_ENTRY) when the owner's
 * history already has nonce. */
int pat_history_record(pat_store *s, const char *token_id, const char *owner,
                       const char *event, const char *fields,
                       const pat_store_row *before, const pat_store_row *after,
                       const char *nonce);

#endif /* PAT_STORE_IMPL_H */
