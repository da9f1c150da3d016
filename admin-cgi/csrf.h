/* csrf.h: the defences of the token pages against requests forged by
 * other sites and against a form sent twice (README "Token management
 * pages"):
 *   - the CSRF token of every form, bound to the logged-in user:
 *     lowercase hex HMAC-SHA256 of "pat-csrf:" + user under CSRFSecret.
 *     A cross-site page cannot read it, so it cannot forge a POST;
 *   - the Origin check: a POST whose Origin names another host is
 *     refused even with a valid CSRF token;
 *   - the one-time value (nonce) of each create form, so that a reload,
 *     the back button or a double click cannot create a second token (the
 *     database keeps it in the unique column create_nonce). */
#ifndef PAT_CSRF_H
#define PAT_CSRF_H

#include "apr_pools.h"

#define PAT_NONCE_LEN 32 /* lowercase hex characters: 128 random bits */

/* The CSRF token for user (64 hex characters from p).  secret: the
 * CSRFSecret of the configuration, at least 32 bytes of text.
 * Returns NULL if OpenSSL fails. */
const char *pat_csrf_token(apr_pool_t *p, const char *secret, const char *user);

/* Whether given (may be NULL) is user's CSRF token, compared in constant
 * time.  Returns 1 if it is, 0 if not or if OpenSSL fails. */
int pat_csrf_valid(apr_pool_t *p, const char *secret, const char *user,
                   const char *given);

/* Whether a POST may change anything: given (the form's csrf field, may
 * be NULL) is user's CSRF token, and origin (the Origin header, may be
 * NULL) is absent, empty, "null" (what browsers send for a form POST
 * from a page with Referrer-Policy no-referrer, as these pages are; the
 * CSRF token still decides) or has the same host[:port] after "://" as
 * host (the Host header), compared case-insensitively.
 * Returns 1 if the POST may go on, 0 if it must be refused with 403. */
int pat_csrf_post_allowed(apr_pool_t *p, const char *secret, const char *user,
                          const char *given, const char *origin,
                          const char *host);

/* Whether origin (an Origin header's value, may be NULL) names host
 * (the Host header, may be NULL): the same host[:port] after "://",
 * compared case-insensitively.  "null", "" and NULL name no host.
 * Returns 1 if it does, else 0. */
int pat_origin_is_host(const char *origin, const char *host);

/* A new one-time value for a create form: PAT_NONCE_LEN lowercase hex
 * characters from OpenSSL's RAND_bytes, from p.
 * Returns NULL if the random generator fails (no form may be shown). */
const char *pat_nonce_new(apr_pool_t *p);

/* Whether s (may be NULL) has the form of pat_nonce_new's values:
 * exactly PAT_NONCE_LEN lowercase hex characters.  Whether it was used
 * already is for the database to say (pat_store_insert).
 * Returns 1 if it has, else 0. */
int pat_nonce_valid(const char *s);

#endif /* PAT_CSRF_H */
