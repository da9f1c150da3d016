/* fuzz_token.c: libFuzzer harness for pat_token_check() and
 * pat_token_hash() (pat_token.c).
 *
 * Properties checked on every input (abort() with a message on stderr
 * when one fails, so libFuzzer records the input):
 *  (a) the raw input, as a presented token: if pat_token_check() says OK
 *      then it is 40 bytes, starts "pat_" and the other 36 are base62;
 *      whatever the status, pat_token_status_str() names it.
 *  (b) an accepted token (the raw input if accepted, and the token built
 *      in (c) always) is exactly the token re-encoded from its own prefix
 *      and body with an independent CRC32 (zlib) encoder; changing any
 *      one of its 36 characters after the prefix to any other base62
 *      character makes it refused for its checksum (CRC32 catches every
 *      one-byte error): all 36 x 61 changes for an accepted raw input,
 *      a few changes at one input-chosen position for the built token;
 *      cutting it short or extending it by one byte makes it refused;
 *      pat_token_hash() is 64 lowercase hex characters equal to SHA-256
 *      computed here with OpenSSL EVP.
 *  (c) 30 body characters derived from the input (each byte mapped into
 *      base62), CRC32 of "pat_" + body written as 6 base62 digits, most
 *      significant first, zero-padded (as pat_token.c documents): the
 *      built token is accepted, and the round trip of (b) holds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "apr_general.h"
#include "apr_pools.h"

#include "pat_token.h"

#define FUZZ_NAME "fuzz_token"
#include "fuzz_common.h"

static const char b62[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The harness's own checking loops are left out of the coverage feedback:
 * they are the oracle, not the code under test, and tracing their
 * comparisons cost most of the run time. */
#if defined(__clang__)
#define ORACLE __attribute__((no_sanitize("coverage")))
#else
#define ORACLE
#endif

ORACLE static int is_b62(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z');
}

/* Independent encoder: tok[0..34) given, writes the 6 checksum digits. */
ORACLE static void encode_crc(char *tok)
{
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)tok,
                                   PAT_TOKEN_PREFIX_LEN + PAT_TOKEN_BODY_LEN);
    int i;

    for (i = PAT_TOKEN_CRC_LEN - 1; i >= 0; i--) {
        tok[PAT_TOKEN_PREFIX_LEN + PAT_TOKEN_BODY_LEN + i] = b62[crc % 62];
        crc /= 62;
    }
    if (crc != 0) {
        FAIL("CRC32 does not fit %d base62 digits", PAT_TOKEN_CRC_LEN);
    }
}

ORACLE static void check_hash(const char *tok, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0, i;
    char want[2 * EVP_MAX_MD_SIZE + 1];
    const char *h = pat_token_hash(pool, tok, len);

    if (h == NULL) {
        FAIL("pat_token_hash returned NULL");
    }
    if (strlen(h) != PAT_TOKEN_HASH_LEN) {
        FAIL("hash length %zu, not %d", strlen(h), PAT_TOKEN_HASH_LEN);
    }
    for (i = 0; i < PAT_TOKEN_HASH_LEN; i++) {
        if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f'))) {
            FAIL("hash %s is not lowercase hex", h);
        }
    }
    if (EVP_Digest(tok, len, md, &mdlen, EVP_sha256(), NULL) != 1
        || mdlen != 32) {
        FAIL("EVP SHA-256 failed in the harness");
    }
    for (i = 0; i < mdlen; i++) {
        want[2 * i] = hex[md[i] >> 4];
        want[2 * i + 1] = hex[md[i] & 15];
    }
    want[2 * mdlen] = '\0';
    if (strcmp(h, want) != 0) {
        FAIL("pat_token_hash %s != SHA-256 %s", h, want);
    }
}

/* tok[0..40) was accepted by pat_token_check: (a) and (b).  The
 * one-character changes are tried at every position when all is set, else
 * at the position pick selects, with the 3 or 4 characters whose index is
 * pick / 36 modulo 16: the fuzzer moves pick around, and a full sweep
 * costs 2,196 calls of pat_token_check. */
ORACLE static void check_accepted(const char *tok, int all, size_t pick)
{
    char copy[PAT_TOKEN_LEN + 2];
    size_t i, k;

    if (memcmp(tok, PAT_TOKEN_PREFIX, PAT_TOKEN_PREFIX_LEN) != 0) {
        FAIL("accepted token %.40s lacks the prefix", tok);
    }
    for (i = PAT_TOKEN_PREFIX_LEN; i < PAT_TOKEN_LEN; i++) {
        if (!is_b62((unsigned char)tok[i])) {
            FAIL("accepted token has non-base62 byte 0x%02x at %zu",
                 (unsigned char)tok[i], i);
        }
    }
    /* re-encode from prefix and body */
    memcpy(copy, tok, PAT_TOKEN_LEN);
    encode_crc(copy);
    if (memcmp(copy, tok, PAT_TOKEN_LEN) != 0) {
        FAIL("accepted token %.40s re-encodes to %.40s", tok, copy);
    }
    /* every single-character change to another base62 char is refused */
    for (i = PAT_TOKEN_PREFIX_LEN; i < PAT_TOKEN_LEN; i++) {
        if (!all
            && i
                != PAT_TOKEN_PREFIX_LEN
                    + pick % (PAT_TOKEN_LEN - PAT_TOKEN_PREFIX_LEN)) {
            continue;
        }
        for (k = 0; k < 62; k++) {
            if (b62[k] == tok[i] || (!all && k % 16 != pick / 36 % 16)) {
                continue;
            }
            memcpy(copy, tok, PAT_TOKEN_LEN);
            copy[i] = b62[k];
            if (pat_token_check(copy, PAT_TOKEN_LEN)
                != PAT_TOKEN_BAD_CHECKSUM) {
                FAIL("token %.40s with [%zu]='%c' is not refused for its "
                     "checksum",
                     tok, i, b62[k]);
            }
        }
    }
    memcpy(copy, tok, PAT_TOKEN_LEN);
    copy[PAT_TOKEN_LEN] = 'A';
    if (pat_token_check(copy, PAT_TOKEN_LEN - 1) != PAT_TOKEN_BAD_LENGTH
        || pat_token_check(copy, PAT_TOKEN_LEN + 1) != PAT_TOKEN_BAD_LENGTH) {
        FAIL("token %.40s cut short or extended is not refused", tok);
    }
    check_hash(tok, PAT_TOKEN_LEN);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_apr_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char tok[PAT_TOKEN_LEN + 1];
    pat_token_status_e st;
    size_t i;

    /* (a): the input as presented, in a heap copy so ASan sees overreads */
    {
        char *s = malloc(size ? size : 1);

        if (s == NULL) {
            return 0;
        }
        memcpy(s, data, size);
        st = pat_token_check(s, size);
        if (pat_token_status_str(st) == NULL
            || strcmp(pat_token_status_str(st), "unknown") == 0) {
            FAIL("status %d has no name", (int)st);
        }
        if (st == PAT_TOKEN_OK) {
            if (size != PAT_TOKEN_LEN) {
                FAIL("accepted a token of %zu bytes", size);
            }
            check_accepted(s, 1, 0);
        }
        else if (size == 0 && st != PAT_TOKEN_EMPTY) {
            FAIL("empty input not reported as empty");
        }
        /* hashing works on anything, and agrees with EVP */
        check_hash(s, size);
        free(s);
    }

    /* (c): a token built from the input must be accepted */
    memcpy(tok, PAT_TOKEN_PREFIX, PAT_TOKEN_PREFIX_LEN);
    for (i = 0; i < PAT_TOKEN_BODY_LEN; i++) {
        tok[PAT_TOKEN_PREFIX_LEN + i] = b62[i < size ? data[i] % 62 : 0];
    }
    encode_crc(tok);
    tok[PAT_TOKEN_LEN] = '\0';
    st = pat_token_check(tok, PAT_TOKEN_LEN);
    if (st != PAT_TOKEN_OK) {
        FAIL("built token %s refused: %s", tok, pat_token_status_str(st));
    }
    check_accepted(tok, 0,
                   size > PAT_TOKEN_BODY_LEN + 1
                       ? (size_t)(data[PAT_TOKEN_BODY_LEN]
                                  | data[PAT_TOKEN_BODY_LEN + 1] << 8)
                       : size);

    apr_pool_clear(pool);
    return 0;
}
