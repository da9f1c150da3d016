/* fuzz_date.c: libFuzzer harness for the calendar and Expiration Date
 * rules of pat_date.c: pat_date_parse, pat_date_format, pat_date_cmp,
 * pat_date_days_in_month, pat_date_add_days, pat_date_add_months,
 * pat_date_rules, pat_date_allowed and pat_date_is_expired.
 *
 * The oracle is an independent day count (days since 1970-01-01 in the
 * proleptic Gregorian calendar, Howard Hinnant's days_from_civil and
 * civil_from_days), plus APR's own GMT round trip where APR allows it.
 * Properties (abort() with a message on stderr when one fails):
 *  - parse: the whole input, as a presented date, is accepted only if it
 *    is exactly 10 bytes and pat_date_format of the result equals it byte
 *    for byte; an accepted date is a real calendar day (the day count
 *    round trip gives it back, and for years >= 1970
 *    apr_time_exp_gmt_get + apr_time_exp_gmt give it back too); and
 *    every 10-byte "DDDD-DD-DD" naming a real day of years 1000..9999 is
 *    accepted.
 *  - from the input's first bytes: "today" (years 1000..9000) and
 *    candidate dates.  pat_date_rules(today) gives min <= dflt <= max;
 *    max == today + 365 days; min == today + 6 calendar months with the
 *    day clamped to the month's end; dflt is the first January 1st or
 *    July 1st >= min; pat_date_allowed(d, today) == 1 exactly when
 *    min <= d <= max (candidates, and min-1, min, max, max+1);
 *    pat_date_is_expired(d, today) == (d < today); pat_date_cmp agrees
 *    with the day count; pat_date_add_days and pat_date_add_months agree
 *    with the oracle; pat_date_days_in_month with the day count.
 *
 * Dates before 1970: pat_date_add_days goes through apr_time_exp_gmt_get,
 * which refuses any time before 1970, so for a valid "today" before
 * 1970-01-01 pat_date_add_days and pat_date_rules return APR_EBADDATE
 * and pat_date_allowed refuses every date.  This harness found that;
 * pat_date.h now states it as the contract, and the harness accepts
 * exactly that failure for dates before 1970 and nothing else (build
 * with -DPAT_FUZZ_DATE_STRICT to see it fail).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"
#include "apr_pools.h"
#include "apr_time.h"

#include "pat_date.h"

#define FUZZ_NAME "fuzz_date"
#include "fuzz_common.h"

#define D(d) (d).year, (d).month, (d).day
#define DFMT "%04d-%02d-%02d"

/* Days since 1970-01-01 (proleptic Gregorian). */
static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static pat_date_t civil_from_days(long z)
{
    pat_date_t r;
    long era, doe, yoe, y, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    r.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.year = (int)(y + (r.month <= 2));
    return r;
}

static long dnum(const pat_date_t *d)
{
    return days_from_civil(d->year, d->month, d->day);
}

/* Days in a month, from the day count alone (no leap-year formula). */
static int oracle_dim(int y, int m)
{
    return (int)(m == 12
                     ? days_from_civil(y + 1, 1, 1) - days_from_civil(y, 12, 1)
                     : days_from_civil(y, m + 1, 1) - days_from_civil(y, m, 1));
}

static int same(const pat_date_t *a, const pat_date_t *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* The day-count oracle gives d back: d is a real calendar day. */
static int is_real(const pat_date_t *d)
{
    pat_date_t r;

    if (d->month < 1 || d->month > 12 || d->day < 1) {
        return 0;
    }
    r = civil_from_days(dnum(d));
    return same(&r, d);
}

/* May APR refuse d (and pat_date_add_days fail)?  Only before 1970. */
static int apr_may_refuse(const pat_date_t *d)
{
#ifdef PAT_FUZZ_DATE_STRICT
    (void)d;
    return 0;
#else
    return d->year < 1970;
#endif
}

static void check_apr_roundtrip(const pat_date_t *d)
{
    apr_time_exp_t tm = {0}, back = {0};
    apr_time_t t;

    if (d->year < 1970) {
        return; /* apr_time_exp_gmt_get refuses times before the epoch */
    }
    tm.tm_year = d->year - 1900;
    tm.tm_mon = d->month - 1;
    tm.tm_mday = d->day;
    tm.tm_hour = 12;
    if (apr_time_exp_gmt_get(&t, &tm) != APR_SUCCESS
        || apr_time_exp_gmt(&back, t) != APR_SUCCESS) {
        FAIL("APR cannot convert " DFMT, D(*d));
    }
    if (back.tm_year != tm.tm_year || back.tm_mon != tm.tm_mon
        || back.tm_mday != tm.tm_mday) {
        FAIL(DFMT " is not a real day: APR reads it back as %04d-%02d-%02d",
             D(*d), back.tm_year + 1900, back.tm_mon + 1, back.tm_mday);
    }
}

static void check_parse(const char *s, size_t len)
{
    pat_date_t d = {-1, -1, -1}, untouched = {-1, -1, -1};
    apr_status_t rv = pat_date_parse(s, len, &d);
    int shape = len == 10 && s[4] == '-' && s[7] == '-';
    size_t i;

    for (i = 0; shape && i < 10; i++) {
        if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9')) {
            shape = 0;
        }
    }
    if (rv != APR_SUCCESS) {
        if (!same(&d, &untouched)) {
            FAIL("refused parse wrote to *out");
        }
        if (shape) {
            pat_date_t want;

            want.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100
                + (s[2] - '0') * 10 + (s[3] - '0');
            want.month = (s[5] - '0') * 10 + (s[6] - '0');
            want.day = (s[8] - '0') * 10 + (s[9] - '0');
            if (want.year >= 1000 && is_real(&want)) {
                FAIL("real day %.10s refused", s);
            }
        }
        return;
    }
    if (len != 10 || !shape) {
        FAIL("accepted %zu bytes not shaped YYYY-MM-DD", len);
    }
    {
        const char *f = pat_date_format(pool, &d);

        if (strlen(f) != 10 || memcmp(f, s, 10) != 0) {
            FAIL("parsed %.10s formats as %s", s, f);
        }
    }
    if (d.year < 1000 || d.year > 9999 || !is_real(&d)) {
        FAIL("accepted " DFMT ", not a real day of 1000..9999", D(d));
    }
    check_apr_roundtrip(&d);
}

static void check_add_days(const pat_date_t *d, int k)
{
    pat_date_t out = {0, 0, 0}, want = civil_from_days(dnum(d) + k);
    apr_status_t rv = pat_date_add_days(d, k, &out);

    if (rv != APR_SUCCESS) {
        if (!apr_may_refuse(d)) {
            FAIL("add_days(" DFMT ", %d) failed: %d", D(*d), k, rv);
        }
        return;
    }
    if (!same(&out, &want)) {
        FAIL("add_days(" DFMT ", %d) = " DFMT ", want " DFMT, D(*d), k, D(out),
             D(want));
    }
}

static void check_add_months(const pat_date_t *d, int k)
{
    pat_date_t out, want;
    long idx = (long)d->year * 12 + (d->month - 1) + k;
    int last;

    want.year = (int)(idx / 12);
    want.month = (int)(idx % 12) + 1;
    last = oracle_dim(want.year, want.month);
    want.day = d->day < last ? d->day : last;
    pat_date_add_months(d, k, &out);
    if (!same(&out, &want) || !is_real(&out)) {
        FAIL("add_months(" DFMT ", %d) = " DFMT ", want " DFMT, D(*d), k,
             D(out), D(want));
    }
}

static void check_against_today(const pat_date_t *d, const pat_date_t *today,
                                int have_rules, long lo, long hi)
{
    long n = dnum(d), t = dnum(today);
    int cmp = pat_date_cmp(d, today), allowed = pat_date_allowed(d, today);

    if ((cmp < 0) != (n < t) || (cmp == 0) != (n == t)
        || (cmp > 0) != (n > t)) {
        FAIL("cmp(" DFMT ", " DFMT ") = %d", D(*d), D(*today), cmp);
    }
    if (pat_date_is_expired(d, today) != (n < t)) {
        FAIL("is_expired(" DFMT ", today " DFMT ") = %d", D(*d), D(*today),
             pat_date_is_expired(d, today));
    }
    if (allowed != (have_rules && n >= lo && n <= hi)) {
        FAIL("allowed(" DFMT ", today " DFMT ") = %d", D(*d), D(*today),
             allowed);
    }
}

static void check_rules(const pat_date_t *today, const uint8_t *data,
                        size_t size)
{
    pat_date_t min, max, dflt, want_min, want_max, d;
    apr_status_t rv = pat_date_rules(today, &min, &max, &dflt);
    long lo = 0, hi = -1, df, t = dnum(today);
    int last;
    size_t i;

    if (rv != APR_SUCCESS) {
        if (!apr_may_refuse(today)) {
            FAIL("rules(" DFMT ") failed: %d", D(*today), rv);
        }
        if (pat_date_allowed(today, today)) {
            FAIL("allowed without rules");
        }
    }
    else {
        want_max = civil_from_days(t + 365);
        if (!same(&max, &want_max)) {
            FAIL("today " DFMT ": max " DFMT ", want " DFMT, D(*today), D(max),
                 D(want_max));
        }
        want_min.year = today->year + (today->month + 6 > 12);
        want_min.month = (today->month + 6 - 1) % 12 + 1;
        last = oracle_dim(want_min.year, want_min.month);
        want_min.day = today->day < last ? today->day : last;
        if (!same(&min, &want_min)) {
            FAIL("today " DFMT ": min " DFMT ", want " DFMT, D(*today), D(min),
                 D(want_min));
        }
        lo = dnum(&min);
        hi = dnum(&max);
        df = dnum(&dflt);
        if (!is_real(&dflt) || dflt.day != 1
            || (dflt.month != 1 && dflt.month != 7)) {
            FAIL("today " DFMT ": dflt " DFMT " is not Jan 1 or Jul 1",
                 D(*today), D(dflt));
        }
        if (!(lo <= df && df <= hi)) {
            FAIL("today " DFMT ": not min " DFMT " <= dflt " DFMT
                 " <= max " DFMT,
                 D(*today), D(min), D(dflt), D(max));
        }
        /* the half-year start before dflt is before min */
        d.year = dflt.month == 1 ? dflt.year - 1 : dflt.year;
        d.month = dflt.month == 1 ? 7 : 1;
        d.day = 1;
        if (dnum(&d) >= lo) {
            FAIL("today " DFMT ": dflt " DFMT " but " DFMT " is >= min",
                 D(*today), D(dflt), D(d));
        }
        if (pat_date_rules(today, NULL, NULL, NULL) != APR_SUCCESS) {
            FAIL("rules with NULL outputs failed");
        }
    }
    /* boundaries, then candidates from the input */
    if (rv == APR_SUCCESS) {
        long b[4] = {lo - 1, lo, hi, hi + 1};

        for (i = 0; i < 4; i++) {
            d = civil_from_days(b[i]);
            check_against_today(&d, today, 1, lo, hi);
        }
    }
    for (i = 0; i + 2 <= size && i < 16; i += 2) {
        int off = (int)((data[i] | data[i + 1] << 8) % 600) - 100;

        d = civil_from_days(t + off);
        check_against_today(&d, today, rv == APR_SUCCESS, lo, hi);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    int m;

    (void)argc;
    (void)argv;
    fuzz_apr_init();
    /* days_in_month against the day count, and the calendar edges */
    for (m = -1; m <= 14; m++) {
        int y;

        for (y = 1000; y <= 9999; y += 1) {
            int want = (m >= 1 && m <= 12) ? oracle_dim(y, m) : 0;

            if (pat_date_days_in_month(y, m) != want) {
                FAIL("days_in_month(%d, %d) = %d, want %d", y, m,
                     pat_date_days_in_month(y, m), want);
            }
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pat_date_t today, cand;
    char *s = malloc(size ? size : 1);
    unsigned v;
    int k;

    if (s == NULL) {
        return 0;
    }
    memcpy(s, data, size);
    check_parse(s, size);

    /* today: years 1000..9000, any real day */
    v = size >= 3 ? (unsigned)(data[0] | data[1] << 8 | data[2] << 16) : 0;
    today.year = 1000 + (int)(v % 8001);
    today.month = 1 + (int)((v / 8001) % 12);
    today.day = 1
        + (int)((size >= 4 ? data[3] : 0)
                % oracle_dim(today.year, today.month));
    {
        const char *f = pat_date_format(pool, &today);
        pat_date_t back;

        if (pat_date_parse(f, strlen(f), &back) != APR_SUCCESS
            || !same(&back, &today)) {
            FAIL("today " DFMT " does not survive format + parse", D(today));
        }
    }
    check_apr_roundtrip(&today);
    check_rules(&today, data + 4 < data + size ? data + 4 : data,
                size > 4 ? size - 4 : 0);

    /* arithmetic from today and from a parsed date */
    k = size >= 6 ? (int)((data[4] | data[5] << 8) % 80001) - 40000 : 365;
    check_add_days(&today, k);
    check_add_months(&today, k % 1201);
    if (pat_date_parse(s, size, &cand) == APR_SUCCESS) {
        check_add_days(&cand, k);
        check_add_months(&cand, k % 1201);
        check_add_days(&cand, 365);
        check_add_months(&cand, 6);
        check_rules(&cand, data, size);
    }
    free(s);
    apr_pool_clear(pool);
    return 0;
}
