/* csrf.h: the CSRF token of the admin forms, bound to the logged-in user:
 * lowercase hex HMAC-SHA256 of "pat-csrf:" + user under the configured
 * secret.  A cross-site page cannot read it, so it cannot forge a POST. */
#ifndef PAT_CSRF_H
#define PAT_CSRF_H

#include "apr_pools.h"

/* The token for user (64 hex characters from p), or NULL if OpenSSL
 * fails.  secret: at least 32 bytes of configuration text. */
const char *pat_csrf_token(apr_pool_t *p, const char *secret, const char *user);

/* Whether given (may be NULL) is user's token; constant-time compare.
 * Returns 1 if it is, else 0. */
int pat_csrf_valid(apr_pool_t *p, const char *secret, const char *user,
                   const char *given);

#endif /* PAT_CSRF_H */
