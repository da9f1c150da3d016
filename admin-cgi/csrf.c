/* csrf.c: HMAC-SHA256 (OpenSSL) CSRF tokens compared with CRYPTO_memcmp,
 * the Origin check, and the create form's one-time values from
 * RAND_bytes. */
#include "csrf.h"

#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "apr_encode.h"
#include "apr_lib.h"
#include "apr_strings.h"

const char *pat_csrf_token(apr_pool_t *p, const char *secret, const char *user)
{
    const char *msg = apr_pstrcat(p, "pat-csrf:", user, NULL);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;

    if (HMAC(EVP_sha256(), secret, (int)strlen(secret),
             (const unsigned char *)msg, strlen(msg), md, &mdlen)
        == NULL) {
        return NULL;
    }
    return apr_pencode_base16_binary(p, md, mdlen, APR_ENCODE_LOWER, NULL);
}

int pat_csrf_valid(apr_pool_t *p, const char *secret, const char *user,
                   const char *given)
{
    const char *want = pat_csrf_token(p, secret, user);

    if (want == NULL || given == NULL || strlen(given) != strlen(want)) {
        return 0;
    }
    return CRYPTO_memcmp(want, given, strlen(want)) == 0;
}

int pat_origin_is_host(const char *origin, const char *host)
{
    const char *sep = origin ? strstr(origin, "://") : NULL;

    return sep != NULL && host != NULL && strcasecmp(sep + 3, host) == 0;
}

/* Whether an Origin header allows the POST: none, or this host. */
static int same_origin(const char *origin, const char *host)
{
    if (origin == NULL || *origin == '\0' || strcmp(origin, "null") == 0) {
        return 1;
    }
    return pat_origin_is_host(origin, host);
}

int pat_csrf_post_allowed(apr_pool_t *p, const char *secret, const char *user,
                          const char *given, const char *origin,
                          const char *host)
{
    return same_origin(origin, host) && pat_csrf_valid(p, secret, user, given);
}

const char *pat_nonce_new(apr_pool_t *p)
{
    unsigned char b[PAT_NONCE_LEN / 2];

    if (RAND_bytes(b, sizeof(b)) != 1) {
        return NULL;
    }
    return apr_pencode_base16_binary(p, b, sizeof(b), APR_ENCODE_LOWER, NULL);
}

int pat_nonce_valid(const char *s)
{
    int i;

    if (s == NULL) {
        return 0;
    }
    for (i = 0; i < PAT_NONCE_LEN; i++) {
        if (!apr_isxdigit(s[i]) || apr_isupper(s[i])) {
            return 0;
        }
    }
    return s[PAT_NONCE_LEN] == '\0';
}
