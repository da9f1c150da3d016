/* pat_token.c: generation, form check and hashing of Personal Access
 * Tokens.  See pat_token.h for the format. */
#include "pat_token.h"

#include <pthread.h>
#include <string.h>
#include <zlib.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "apr_encode.h"
#include "apr_strings.h"

static const char base62[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The largest multiple of 62 that fits a byte: bytes at or above it are
 * dropped so that every base62 digit is equally likely. */
#define PAT_BYTE_LIMIT (62 * 4)

static int is_base62(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z');
}

/* Write the CRC32 of s[0..len) as PAT_TOKEN_CRC_LEN base62 digits,
 * most significant first, zero-padded. */
static void checksum_digits(const char *s, apr_size_t len, char *out)
{
    unsigned long crc = crc32(0L, (const Bytef *)s, (uInt)len);
    int i;

    for (i = PAT_TOKEN_CRC_LEN - 1; i >= 0; i--) {
        out[i] = base62[crc % 62];
        crc /= 62;
    }
}

const char *pat_token_generate(apr_pool_t *p)
{
    char *token = apr_palloc(p, PAT_TOKEN_LEN + 1);
    unsigned char rnd[64];
    apr_size_t have = 0, used = sizeof(rnd);
    char *body = token + PAT_TOKEN_PREFIX_LEN;

    memcpy(token, PAT_TOKEN_PREFIX, PAT_TOKEN_PREFIX_LEN);
    while (have < PAT_TOKEN_BODY_LEN) {
        if (used == sizeof(rnd)) {
            if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
                return NULL;
            }
            used = 0;
        }
        if (rnd[used] < PAT_BYTE_LIMIT) {
            body[have++] = base62[rnd[used] % 62];
        }
        used++;
    }
    checksum_digits(token, PAT_TOKEN_PREFIX_LEN + PAT_TOKEN_BODY_LEN,
                    body + PAT_TOKEN_BODY_LEN);
    token[PAT_TOKEN_LEN] = '\0';
    OPENSSL_cleanse(rnd, sizeof(rnd));
    return token;
}

pat_token_status_e pat_token_check(const char *s, apr_size_t len)
{
    char want[PAT_TOKEN_CRC_LEN];
    apr_size_t i;

    if (len == 0) {
        return PAT_TOKEN_EMPTY;
    }
    if (len != PAT_TOKEN_LEN) {
        return PAT_TOKEN_BAD_LENGTH;
    }
    if (memcmp(s, PAT_TOKEN_PREFIX, PAT_TOKEN_PREFIX_LEN) != 0) {
        return PAT_TOKEN_BAD_PREFIX;
    }
    for (i = PAT_TOKEN_PREFIX_LEN; i < len; i++) {
        if (!is_base62((unsigned char)s[i])) {
            return PAT_TOKEN_BAD_ALPHABET;
        }
    }
    checksum_digits(s, PAT_TOKEN_PREFIX_LEN + PAT_TOKEN_BODY_LEN, want);
    if (memcmp(want, s + PAT_TOKEN_LEN - PAT_TOKEN_CRC_LEN, PAT_TOKEN_CRC_LEN)
        != 0) {
        return PAT_TOKEN_BAD_CHECKSUM;
    }
    return PAT_TOKEN_OK;
}

const char *pat_token_status_str(pat_token_status_e status)
{
    switch (status) {
    case PAT_TOKEN_OK:
        return "well-formed";
    case PAT_TOKEN_EMPTY:
        return "empty";
    case PAT_TOKEN_BAD_LENGTH:
        return "wrong length";
    case PAT_TOKEN_BAD_PREFIX:
        return "wrong prefix";
    case PAT_TOKEN_BAD_ALPHABET:
        return "character outside base62";
    case PAT_TOKEN_BAD_CHECKSUM:
        return "bad checksum";
    }
    return "unknown";
}

/* SHA-256 fetched from OpenSSL's default provider once per process, and
 * one digest context per thread, set up again for every token: with
 * EVP_Digest(..., EVP_sha256(), ...) each call looked the implementation
 * up under a lock (OpenSSL 3 "implicit fetch") and made and freed two
 * contexts, several microseconds of a cached token check under load
 * (README "Performance").  Neither is freed: they live as long as the
 * process and its threads, as OpenSSL's own tables do. */
static EVP_MD *sha256 = NULL;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static _Thread_local EVP_MD_CTX *sha256_ctx = NULL;

static void fetch_sha256(void)
{
    sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
}

const char *pat_token_hash(apr_pool_t *p, const char *token, apr_size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;

    if (pthread_once(&sha256_once, fetch_sha256) != 0 || sha256 == NULL) {
        return NULL;
    }
    if (sha256_ctx == NULL && (sha256_ctx = EVP_MD_CTX_new()) == NULL) {
        return NULL;
    }
    if (EVP_DigestInit_ex2(sha256_ctx, sha256, NULL) != 1
        || EVP_DigestUpdate(sha256_ctx, token, len) != 1
        || EVP_DigestFinal_ex(sha256_ctx, md, &mdlen) != 1 || mdlen != 32) {
        return NULL;
    }
    return apr_pencode_base16_binary(p, md, mdlen, APR_ENCODE_LOWER, NULL);
}

const char *pat_token_hint(apr_pool_t *p, const char *token)
{
    return apr_pstrmemdup(p, token + PAT_TOKEN_LEN - PAT_TOKEN_HINT_LEN,
                          PAT_TOKEN_HINT_LEN);
}
