/* Unit tests of pat_token: format, checksum, hashing. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"
#include "apr_hash.h"
#include "apr_strings.h"

#include "pat_token.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static int is_base62(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z');
}

START_TEST(generated_tokens_have_prefix_length_and_alphabet)
{
    int i, j;

    for (i = 0; i < 2000; i++) {
        const char *t = pat_token_generate(pool);

        ck_assert_ptr_nonnull(t);
        ck_assert_uint_eq(strlen(t), 40);
        ck_assert_int_eq(strncmp(t, "pat_", 4), 0);
        for (j = 4; j < 40; j++) {
            ck_assert_msg(is_base62(t[j]), "char %d of %s", j, t);
        }
    }
}
END_TEST

START_TEST(generated_tokens_are_distinct)
{
    apr_hash_t *seen = apr_hash_make(pool);
    int i;

    for (i = 0; i < 100000; i++) {
        const char *t = pat_token_generate(pool);

        ck_assert_ptr_null(apr_hash_get(seen, t, 40));
        apr_hash_set(seen, t, 40, t);
    }
    ck_assert_uint_eq(apr_hash_count(seen), 100000);
}
END_TEST

START_TEST(body_uses_the_whole_alphabet_evenly)
{
    /* 30 chars x 20000 tokens = 600000 draws, about 9677 per symbol; a
     * modulo bias or a missing symbol would leave a count far off. */
    long counts[256] = {0};
    int i, j;
    const char *alphabet =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    for (i = 0; i < 20000; i++) {
        const char *t = pat_token_generate(pool);

        for (j = 4; j < 34; j++) {
            counts[(unsigned char)t[j]]++;
        }
    }
    for (j = 0; j < 62; j++) {
        long c = counts[(unsigned char)alphabet[j]];

        ck_assert_msg(c > 9000 && c < 10400, "symbol %c drawn %ld times",
                      alphabet[j], c);
    }
}
END_TEST

START_TEST(checksum_accepts_every_generated_token)
{
    int i;

    for (i = 0; i < 20000; i++) {
        const char *t = pat_token_generate(pool);

        ck_assert_int_eq(pat_token_check(t, strlen(t)), PAT_TOKEN_OK);
    }
}
END_TEST

START_TEST(checksum_rejects_every_single_character_change)
{
    static const char others[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        "_-+/= \t\x01\x7f\xc3";
    int n, pos;
    size_t k;

    for (n = 0; n < 200; n++) {
        const char *t = pat_token_generate(pool);
        char buf[41];

        for (pos = 0; pos < 40; pos++) {
            for (k = 0; k < sizeof(others) - 1; k++) {
                if (others[k] == t[pos]) {
                    continue;
                }
                memcpy(buf, t, 41);
                buf[pos] = others[k];
                ck_assert_msg(pat_token_check(buf, 40) != PAT_TOKEN_OK,
                              "change at %d to 0x%02x accepted", pos,
                              (unsigned char)others[k]);
            }
        }
    }
}
END_TEST

START_TEST(check_names_the_broken_rule)
{
    const char *t = pat_token_generate(pool);
    char *s;

    ck_assert_int_eq(pat_token_check("", 0), PAT_TOKEN_EMPTY);
    ck_assert_int_eq(pat_token_check(t, 39), PAT_TOKEN_BAD_LENGTH);
    s = apr_pstrcat(pool, t, "A", NULL);
    ck_assert_int_eq(pat_token_check(s, 41), PAT_TOKEN_BAD_LENGTH);
    s = apr_pstrdup(pool, t);
    s[0] = 'P';
    ck_assert_int_eq(pat_token_check(s, 40), PAT_TOKEN_BAD_PREFIX);
    s = apr_pstrdup(pool, t);
    s[10] = '_';
    ck_assert_int_eq(pat_token_check(s, 40), PAT_TOKEN_BAD_ALPHABET);
    s = apr_pstrdup(pool, t);
    s[10] = '\0';
    ck_assert_int_eq(pat_token_check(s, 40), PAT_TOKEN_BAD_ALPHABET);
    s = apr_pstrdup(pool, t);
    s[39] = s[39] == 'a' ? 'b' : 'a';
    ck_assert_int_eq(pat_token_check(s, 40), PAT_TOKEN_BAD_CHECKSUM);
    ck_assert_str_eq(pat_token_status_str(PAT_TOKEN_BAD_CHECKSUM),
                     "bad checksum");
}
END_TEST

START_TEST(sha256_matches_published_vectors)
{
    /* FIPS 180-2, appendix B.1 ("abc") and the empty message */
    ck_assert_str_eq(pat_token_hash(pool, "abc", 3),
                     "ba7816bf8f01cfea414140de5dae2223"
                     "b00361a396177a9cb410ff61f20015ad");
    ck_assert_str_eq(pat_token_hash(pool, "", 0),
                     "e3b0c44298fc1c149afbf4c8996fb924"
                     "27ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(hint_is_last_four_characters)
{
    const char *t = pat_token_generate(pool);

    ck_assert_str_eq(pat_token_hint(pool, t), t + 36);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pat_token");
    TCase *tc = tcase_create("token");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, generated_tokens_have_prefix_length_and_alphabet);
    tcase_add_test(tc, generated_tokens_are_distinct);
    tcase_add_test(tc, body_uses_the_whole_alphabet_evenly);
    tcase_add_test(tc, checksum_accepts_every_generated_token);
    tcase_add_test(tc, checksum_rejects_every_single_character_change);
    tcase_add_test(tc, check_names_the_broken_rule);
    tcase_add_test(tc, sha256_matches_published_vectors);
    tcase_add_test(tc, hint_is_last_four_characters);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
