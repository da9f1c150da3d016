/* csrf.c: HMAC-SHA256 (OpenSSL) CSRF tokens, compared with
 * CRYPTO_memcmp. */
#include "csrf.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "apr_encode.h"
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
