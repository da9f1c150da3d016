/* Unit tests of pat_date: parsing, arithmetic and the Expiration Date
 * rules (seed: "at least 6 months from today and no more than 1 year
 * (365 days) from today"; default "January 1st or July 1st - whichever
 * comes first and is at least 6 months from today"). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apr_general.h"
#include "apr_strings.h"

#include "pat_date.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static pat_date_t D(const char *s)
{
    pat_date_t d = {0, 0, 0};

    ck_assert_msg(pat_date_parse(s, strlen(s), &d) == APR_SUCCESS, "parse %s",
                  s);
    return d;
}

static const char *F(const pat_date_t *d)
{
    return pat_date_format(pool, d);
}

START_TEST(parse_accepts_real_days_only)
{
    static const char *good[] = {"2024-02-29", "2023-12-31", "2000-02-29",
                                 "1999-01-01", "9999-12-31"};
    static const char *bad[] = {"2023-02-29", "1900-02-29",  "2023-13-01",
                                "2023-00-10", "2023-04-31",  "2023-01-00",
                                "2023-1-01",  "2023-01-1",   "23-01-01",
                                "2023/01/01", "2023-01-01 ", " 2023-01-01",
                                "2023-01-0a", "+023-01-01",  "0999-12-31",
                                "",           "2023-01-011"};
    size_t i;
    pat_date_t d;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        ck_assert_int_eq(pat_date_parse(good[i], strlen(good[i]), &d),
                         APR_SUCCESS);
        ck_assert_str_eq(F(&d), good[i]);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(pat_date_parse(bad[i], strlen(bad[i]), &d) == APR_EINVAL,
                      "accepted '%s'", bad[i]);
    }
    ck_assert_int_eq(pat_date_parse(NULL, 10, &d), APR_EINVAL);
}
END_TEST

START_TEST(add_months_clamps_to_month_end)
{
    pat_date_t d = D("2023-08-31"), r;

    pat_date_add_months(&d, 6, &r);
    ck_assert_str_eq(F(&r), "2024-02-29");
    d = D("2022-08-31");
    pat_date_add_months(&d, 6, &r);
    ck_assert_str_eq(F(&r), "2023-02-28");
    d = D("2023-03-31");
    pat_date_add_months(&d, 6, &r);
    ck_assert_str_eq(F(&r), "2023-09-30");
    d = D("2023-12-15");
    pat_date_add_months(&d, 6, &r);
    ck_assert_str_eq(F(&r), "2024-06-15");
    d = D("2024-07-31");
    pat_date_add_months(&d, -5, &r);
    ck_assert_str_eq(F(&r), "2024-02-29");
}
END_TEST

START_TEST(add_days_crosses_leap_days)
{
    pat_date_t d = D("2024-01-01"), r;

    ck_assert_int_eq(pat_date_add_days(&d, 365, &r), APR_SUCCESS);
    ck_assert_str_eq(F(&r), "2024-12-31");
    d = D("2023-01-01");
    ck_assert_int_eq(pat_date_add_days(&d, 365, &r), APR_SUCCESS);
    ck_assert_str_eq(F(&r), "2024-01-01");
    d = D("2024-02-28");
    ck_assert_int_eq(pat_date_add_days(&d, 1, &r), APR_SUCCESS);
    ck_assert_str_eq(F(&r), "2024-02-29");
    d = D("2024-03-01");
    ck_assert_int_eq(pat_date_add_days(&d, -1, &r), APR_SUCCESS);
    ck_assert_str_eq(F(&r), "2024-02-29");
    d.day = 30;
    d.month = 2;
    ck_assert_int_eq(pat_date_add_days(&d, 1, &r), APR_EBADDATE);
}
END_TEST

START_TEST(rules_on_known_days)
{
    static const struct {
        const char *today, *min, *max, *dflt;
    } cases[] = {
        {"2026-11-30", "2027-05-30", "2027-11-30", "2027-07-01"},
        {"2023-08-31", "2024-02-29", "2024-08-30", "2024-07-01"},
        {"2022-08-31", "2023-02-28", "2023-08-31", "2023-07-01"},
        {"2024-01-01", "2024-07-01", "2024-12-31", "2024-07-01"},
        {"2024-01-02", "2024-07-02", "2025-01-01", "2025-01-01"},
        {"2023-07-01", "2024-01-01", "2024-06-30", "2024-01-01"},
        {"2023-12-31", "2024-06-30", "2024-12-30", "2024-07-01"},
        {"2024-02-29", "2024-08-29", "2025-02-28", "2025-01-01"},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pat_date_t today = D(cases[i].today), lo, hi, df;

        ck_assert_int_eq(pat_date_rules(&today, &lo, &hi, &df), APR_SUCCESS);
        ck_assert_str_eq(F(&lo), cases[i].min);
        ck_assert_str_eq(F(&hi), cases[i].max);
        ck_assert_str_eq(F(&df), cases[i].dflt);
    }
}
END_TEST

START_TEST(default_is_first_jan1_or_jul1_on_or_after_min_every_day)
{
    /* every day of 2023..2033 (three leap years) */
    pat_date_t today = D("2023-01-01"), end = D("2034-01-01");
    int days = 0;

    while (pat_date_cmp(&today, &end) < 0) {
        pat_date_t lo, hi, df, back, prev;
        int last;

        ck_assert_int_eq(pat_date_rules(&today, &lo, &hi, &df), APR_SUCCESS);
        /* min: six calendar months on, day clamped */
        last = pat_date_days_in_month(lo.year, lo.month);
        ck_assert_int_eq(lo.year * 12 + lo.month,
                         today.year * 12 + today.month + 6);
        ck_assert_int_eq(lo.day, today.day < last ? today.day : last);
        /* max: exactly 365 days on */
        ck_assert_int_eq(pat_date_add_days(&hi, -365, &back), APR_SUCCESS);
        ck_assert_int_eq(pat_date_cmp(&back, &today), 0);
        /* default: a Jan 1 or Jul 1 within [min, max] ... */
        ck_assert_msg(df.day == 1 && (df.month == 1 || df.month == 7),
                      "default %s for %s", F(&df), F(&today));
        ck_assert_msg(pat_date_cmp(&lo, &df) <= 0
                          && pat_date_cmp(&df, &hi) <= 0,
                      "default %s outside [%s, %s] for %s", F(&df), F(&lo),
                      F(&hi), F(&today));
        ck_assert(pat_date_allowed(&df, &today));
        /* ... and the one before it is earlier than min */
        pat_date_add_months(&df, -6, &prev);
        ck_assert_msg(pat_date_cmp(&prev, &lo) < 0, "%s skipped for %s",
                      F(&prev), F(&today));
        ck_assert_int_eq(pat_date_add_days(&today, 1, &today), APR_SUCCESS);
        days++;
    }
    ck_assert_int_eq(days, 4018);
}
END_TEST

START_TEST(allowed_is_min_through_max)
{
    pat_date_t today = D("2026-11-30"), d;

    d = D("2027-05-29");
    ck_assert_int_eq(pat_date_allowed(&d, &today), 0);
    d = D("2027-05-30");
    ck_assert_int_eq(pat_date_allowed(&d, &today), 1);
    d = D("2027-11-30");
    ck_assert_int_eq(pat_date_allowed(&d, &today), 1);
    d = D("2027-12-01");
    ck_assert_int_eq(pat_date_allowed(&d, &today), 0);
}
END_TEST

START_TEST(expired_from_the_day_after)
{
    pat_date_t exp = D("2026-11-30"), today;

    today = D("2026-11-29");
    ck_assert_int_eq(pat_date_is_expired(&exp, &today), 0);
    today = D("2026-11-30");
    ck_assert_int_eq(pat_date_is_expired(&exp, &today), 0);
    today = D("2026-12-01");
    ck_assert_int_eq(pat_date_is_expired(&exp, &today), 1);
    exp = D("2026-12-31");
    today = D("2027-01-01");
    ck_assert_int_eq(pat_date_is_expired(&exp, &today), 1);
}
END_TEST

START_TEST(today_is_the_local_date_of_TZ)
{
    /* 2026-01-01 05:00:00 UTC is still 2025-12-31 in Los Angeles and
     * already 2026-01-01 14:00 in Tokyo; 2025-12-31 20:00 UTC is
     * 2026-01-01 in Tokyo. */
    apr_time_t t1 = apr_time_from_sec(1767243600);
    apr_time_t t2 = apr_time_from_sec(1767211200);
    pat_date_t d;

    setenv("TZ", "America/Los_Angeles", 1);
    tzset();
    ck_assert_int_eq(pat_date_from_time(t1, &d), APR_SUCCESS);
    ck_assert_str_eq(F(&d), "2025-12-31");
    setenv("TZ", "Asia/Tokyo", 1);
    tzset();
    ck_assert_int_eq(pat_date_from_time(t2, &d), APR_SUCCESS);
    ck_assert_str_eq(F(&d), "2026-01-01");
    setenv("TZ", "UTC", 1);
    tzset();
    ck_assert_int_eq(pat_date_from_time(t2, &d), APR_SUCCESS);
    ck_assert_str_eq(F(&d), "2025-12-31");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pat_date");
    TCase *tc = tcase_create("date");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, parse_accepts_real_days_only);
    tcase_add_test(tc, add_months_clamps_to_month_end);
    tcase_add_test(tc, add_days_crosses_leap_days);
    tcase_add_test(tc, rules_on_known_days);
    tcase_add_test(tc, default_is_first_jan1_or_jul1_on_or_after_min_every_day);
    tcase_add_test(tc, allowed_is_min_through_max);
    tcase_add_test(tc, expired_from_the_day_after);
    tcase_add_test(tc, today_is_the_local_date_of_TZ);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
