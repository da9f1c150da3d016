/* Unit tests of pat_when (the token list's "Last used" and "Created"
 * times) and of pat_date_expires_within (its "Expires soon" badge). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apr_general.h"

#include "pat_date.h"
#include "pat_when.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static void set_tz(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

/* now minus secs seconds, as pat_when_ago words it */
static const char *AGO(apr_int64_t secs)
{
    apr_time_t now = apr_time_from_sec(1795000000);

    return pat_when_ago(pool, now - apr_time_from_sec(secs), now);
}

START_TEST(ago_words_each_unit_singular_and_plural)
{
    ck_assert_str_eq(AGO(0), "just now");
    ck_assert_str_eq(AGO(59), "just now");
    ck_assert_str_eq(AGO(-3600), "just now"); /* a clock ahead */
    ck_assert_str_eq(AGO(60), "1 minute ago");
    ck_assert_str_eq(AGO(119), "1 minute ago");
    ck_assert_str_eq(AGO(120), "2 minutes ago");
    ck_assert_str_eq(AGO(5 * 60 + 30), "5 minutes ago");
    ck_assert_str_eq(AGO(3599), "59 minutes ago");
    ck_assert_str_eq(AGO(3600), "1 hour ago");
    ck_assert_str_eq(AGO(3 * 3600), "3 hours ago");
    ck_assert_str_eq(AGO(24 * 3600 - 1), "23 hours ago");
    ck_assert_str_eq(AGO(24 * 3600), "1 day ago");
    ck_assert_str_eq(AGO(2 * 86400 + 5), "2 days ago");
    ck_assert_str_eq(AGO(29 * 86400), "29 days ago");
    ck_assert_str_eq(AGO(30 * 86400), "1 month ago");
    ck_assert_str_eq(AGO(4 * 30 * 86400), "4 months ago");
    ck_assert_str_eq(AGO(364 * 86400), "12 months ago");
    ck_assert_str_eq(AGO(365 * 86400), "1 year ago");
    ck_assert_str_eq(AGO(3 * 365 * 86400), "3 years ago");
}
END_TEST

START_TEST(ago_ignores_the_fraction_of_a_second)
{
    apr_time_t now = apr_time_from_sec(1795000060) + 999999;

    ck_assert_str_eq(pat_when_ago(pool, apr_time_from_sec(1795000000), now),
                     "1 minute ago");
    ck_assert_str_eq(pat_when_ago(pool, apr_time_from_sec(1795000000) + 999999,
                                  apr_time_from_sec(1795000059)),
                     "just now");
}
END_TEST

START_TEST(exact_is_local_with_the_zone_named)
{
    /* 2026-12-02 14:05:09 UTC */
    apr_time_t t = apr_time_from_sec(1796220309) + 123456;

    set_tz("UTC");
    ck_assert_str_eq(pat_when_exact(pool, t), "2026-12-02 14:05:09 UTC");
    set_tz("Etc/GMT-14");
    ck_assert_str_eq(pat_when_exact(pool, t), "2026-12-03 04:05:09 +14");
    set_tz("America/New_York");
    ck_assert_str_eq(pat_when_exact(pool, t), "2026-12-02 09:05:09 EST");
    /* summer time is named as such */
    set_tz("Europe/Oslo");
    ck_assert_str_eq(pat_when_exact(pool, apr_time_from_sec(1782914400)),
                     "2026-07-01 16:00:00 CEST");
    set_tz("UTC");
}
END_TEST

START_TEST(iso_is_utc_whatever_the_zone)
{
    apr_time_t t = apr_time_from_sec(1796220309) + 999999;

    set_tz("Etc/GMT-14");
    ck_assert_str_eq(pat_when_iso(pool, t), "2026-12-02T14:05:09Z");
    ck_assert_str_eq(pat_when_iso(pool, 0), "1970-01-01T00:00:00Z");
    set_tz("UTC");
}
END_TEST

static int within(const char *expires, const char *today, int days)
{
    pat_date_t e, t;

    ck_assert_int_eq(pat_date_parse(expires, 10, &e), APR_SUCCESS);
    ck_assert_int_eq(pat_date_parse(today, 10, &t), APR_SUCCESS);
    return pat_date_expires_within(&e, &t, days);
}

START_TEST(expires_within_counts_calendar_days)
{
    ck_assert_int_eq(within("2026-12-02", "2026-12-02", 7), 1); /* today */
    ck_assert_int_eq(within("2026-12-09", "2026-12-02", 7), 1);
    ck_assert_int_eq(within("2026-12-10", "2026-12-02", 7), 0);
    ck_assert_int_eq(within("2026-12-01", "2026-12-02", 7), 0); /* expired */
    /* across a month, a year and a leap day */
    ck_assert_int_eq(within("2027-01-04", "2026-12-28", 7), 1);
    ck_assert_int_eq(within("2027-01-05", "2026-12-28", 7), 0);
    ck_assert_int_eq(within("2028-03-03", "2028-02-25", 7), 1);
    ck_assert_int_eq(within("2028-03-04", "2028-02-25", 7), 0);
    ck_assert_int_eq(within("2026-12-02", "2026-12-02", 0), 1);
    ck_assert_int_eq(within("2026-12-03", "2026-12-02", 0), 0);
    ck_assert_int_eq(within("2026-12-02", "2026-12-02", -1), 0);
    ck_assert_int_eq(PAT_DATE_SOON_DAYS, 7);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pat_when");
    TCase *tc = tcase_create("when");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ago_words_each_unit_singular_and_plural);
    tcase_add_test(tc, ago_ignores_the_fraction_of_a_second);
    tcase_add_test(tc, exact_is_local_with_the_zone_named);
    tcase_add_test(tc, iso_is_utc_whatever_the_zone);
    tcase_add_test(tc, expires_within_counts_calendar_days);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
