/* pat_dbd.h: the module's database access through mod_dbd: the prepared
 * statements, the token lookup and the last-used write.  httpd glue, used
 * by mod_auth_pat.c; the admin program has its own apr_dbd connection. */
#ifndef PAT_DBD_H
#define PAT_DBD_H

#include "httpd.h"

/* One row of pat_tokens, as the lookup statement returns it; strings
 * from r->pool. */
typedef struct {
    const char *id;
    const char *owner;
    const char *name;
    const char *expires; /* YYYY-MM-DD */
    /* the presented token's last characters (pat_token_hint), set by the
     * caller: the lookup does not read the stored copy */
    const char *hint;
    /* pat_tokens.permissions: NULL when the token is not narrowed (full
     * rights), otherwise the names it carries (lib/pat_perm.h) */
    const char *permissions;
    apr_int64_t last_used; /* seconds since the epoch, 0 = never */
    /* bytes of owner, name and permissions (0 when NULL) together, as the
     * database counts them: the sum of their strlen when none holds a NUL
     * or was cut short */
    apr_int64_t lengths;
} pat_dbd_row;

/* Find mod_dbd's optional functions (post_config).
 * Returns APR_SUCCESS, or APR_ENOTIMPL when mod_dbd is not loaded. */
apr_status_t pat_dbd_init(void);

/* Register the lookup and last-used statements with mod_dbd for server s.
 * Must run before mod_dbd's own post_config (see register_hooks). */
void pat_dbd_prepare(server_rec *s);

/* Look up a token by its hash (64 lowercase hex characters).
 * Returns OK with *out set, DECLINED when no row has that hash, or
 * HTTP_INTERNAL_SERVER_ERROR (logged) when the database cannot answer. */
int pat_dbd_lookup(request_rec *r, const char *hash, pat_dbd_row **out);

/* strlen of row's owner, name and permissions (0 when NULL) together:
 * equal to row->lengths only when none holds a NUL or was cut short. */
apr_int64_t pat_dbd_row_text_bytes(const pat_dbd_row *row);

/* Record that the token was used, unless it was recorded less than
 * interval seconds before r->request_time (decided from row->last_used,
 * so most requests write nothing); interval < 0 never writes.  A failed
 * write is logged as a warning, except a write conflict (database error
 * 1213: another Galera node or worker wrote the row at the same time),
 * logged at info since the time was recorded (README "Running on several
 * servers"); either way the authentication decision was made on a
 * successful read and stands. */
void pat_dbd_touch(request_rec *r, const pat_dbd_row *row, int interval);

#endif /* PAT_DBD_H */
