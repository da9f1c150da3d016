/* pat_token.h: the Personal Access Token format, shared by mod_auth_pat
 * and the admin program.
 *
 * A token is "pat_" + 30 base62 characters drawn from OpenSSL's CSPRNG
 * (about 178 bits) + 6 base62 characters of CRC32 over prefix and body:
 * 40 characters in all.  The checksum lets a mistyped or truncated token
 * be refused without a database lookup and lets secret scanners recognise
 * our tokens (the scheme of GitHub's ghp_ tokens).
 *
 * The database holds only pat_token_hash() of a token, never the token.
 */
#ifndef PAT_TOKEN_H
#define PAT_TOKEN_H

#include "apr_pools.h"

#define PAT_TOKEN_PREFIX     "pat_"
#define PAT_TOKEN_PREFIX_LEN 4
#define PAT_TOKEN_BODY_LEN   30
#define PAT_TOKEN_CRC_LEN    6
#define PAT_TOKEN_LEN                                                          \
    (PAT_TOKEN_PREFIX_LEN + PAT_TOKEN_BODY_LEN + PAT_TOKEN_CRC_LEN)
#define PAT_TOKEN_HASH_LEN 64 /* lowercase hex SHA-256 */
#define PAT_TOKEN_HINT_LEN 4

/* Why a presented string is not a well-formed token. */
typedef enum {
    PAT_TOKEN_OK = 0,
    PAT_TOKEN_EMPTY,
    PAT_TOKEN_BAD_LENGTH,
    PAT_TOKEN_BAD_PREFIX,
    PAT_TOKEN_BAD_ALPHABET,
    PAT_TOKEN_BAD_CHECKSUM
} pat_token_status_e;

/* Draw a new token from RAND_bytes.
 * p: pool the token is allocated from.
 * Returns the 40-character NUL-terminated token, or NULL when the
 * CSPRNG fails (the caller must refuse to create a token then). */
const char *pat_token_generate(apr_pool_t *p);

/* Check the form of a presented token without any database access:
 * length, prefix, base62 alphabet and CRC32 checksum.
 * s: the bytes (need not be NUL-terminated); len: their count.
 * Returns PAT_TOKEN_OK or the first rule the string breaks. */
pat_token_status_e pat_token_check(const char *s, apr_size_t len);

/* A short English reason for a status, for log lines ("bad checksum"). */
const char *pat_token_status_str(pat_token_status_e status);

/* Lowercase hex SHA-256 of the token (OpenSSL EVP), the value stored in
 * and looked up by pat_tokens.token_hash.
 * Returns 64 hex characters from p, or NULL if OpenSSL fails. */
const char *pat_token_hash(apr_pool_t *p, const char *token, apr_size_t len);

/* The non-secret hint shown in lists and logs: the last 4 characters of
 * a well-formed token (part of its checksum).  token must be a token that
 * passed pat_token_check().  Returns a string from p. */
const char *pat_token_hint(apr_pool_t *p, const char *token);

#endif /* PAT_TOKEN_H */
