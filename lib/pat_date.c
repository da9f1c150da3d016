/* pat_date.c: calendar dates and the Expiration Date rules.
 * Day arithmetic goes through APR's time functions in GMT, at noon, so
 * that no zone or DST shift can move a date; the local zone is used only
 * to learn today's date. */
#include "pat_date.h"

#include "apr_lib.h"
#include "apr_strings.h"

/* The calendar date of an exploded time. */
void pat_date_from_exp(const apr_time_exp_t *tm, pat_date_t *out)
{
    out->year = tm->tm_year + 1900;
    out->month = tm->tm_mon + 1;
    out->day = tm->tm_mday;
}

apr_status_t pat_date_from_time(apr_time_t t, pat_date_t *out)
{
    apr_time_exp_t tm;
    apr_status_t rv = apr_time_exp_lt(&tm, t);

    if (rv == APR_SUCCESS) {
        pat_date_from_exp(&tm, out);
    }
    return rv;
}

apr_status_t pat_date_today(pat_date_t *out)
{
    return pat_date_from_time(apr_time_now(), out);
}

int pat_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    if (month < 1 || month > 12) {
        return 0;
    }
    return days[month - 1] + (month == 2 && leap);
}

/* The value of n ASCII digits at s, or -1 if any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (!apr_isdigit(s[i])) {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

apr_status_t pat_date_parse(const char *s, apr_size_t len, pat_date_t *out)
{
    int y, m, d;

    if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-') {
        return APR_EINVAL;
    }
    y = digits(s, 4);
    m = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (y < 1000 || m < 1 || m > 12 || d < 1
        || d > pat_date_days_in_month(y, m)) {
        return APR_EINVAL;
    }
    out->year = y;
    out->month = m;
    out->day = d;
    return APR_SUCCESS;
}

const char *pat_date_format(apr_pool_t *p, const pat_date_t *d)
{
    return apr_psprintf(p, "%04d-%02d-%02d", d->year, d->month, d->day);
}

int pat_date_cmp(const pat_date_t *a, const pat_date_t *b)
{
    if (a->year != b->year) {
        return a->year < b->year ? -1 : 1;
    }
    if (a->month != b->month) {
        return a->month < b->month ? -1 : 1;
    }
    if (a->day != b->day) {
        return a->day < b->day ? -1 : 1;
    }
    return 0;
}

apr_status_t pat_date_add_days(const pat_date_t *d, int days, pat_date_t *out)
{
    apr_time_exp_t tm = {0};
    apr_time_t t;
    apr_status_t rv;

    if (d->day < 1 || d->day > pat_date_days_in_month(d->year, d->month)) {
        return APR_EBADDATE;
    }
    tm.tm_year = d->year - 1900;
    tm.tm_mon = d->month - 1;
    tm.tm_mday = d->day;
    tm.tm_hour = 12;
    rv = apr_time_exp_gmt_get(&t, &tm);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    t += apr_time_from_sec((apr_time_t)days * 86400);
    rv = apr_time_exp_gmt(&tm, t);
    if (rv == APR_SUCCESS) {
        pat_date_from_exp(&tm, out);
    }
    return rv;
}

void pat_date_add_months(const pat_date_t *d, int months, pat_date_t *out)
{
    int index = d->year * 12 + (d->month - 1) + months;
    int last;

    out->year = index / 12;
    out->month = index % 12 + 1;
    last = pat_date_days_in_month(out->year, out->month);
    out->day = d->day > last ? last : d->day;
}

apr_status_t pat_date_rules(const pat_date_t *today, pat_date_t *min,
                            pat_date_t *max, pat_date_t *dflt)
{
    pat_date_t lo, hi;
    apr_status_t rv = pat_date_add_days(today, 365, &hi);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    pat_date_add_months(today, 6, &lo);
    if (min) {
        *min = lo;
    }
    if (max) {
        *max = hi;
    }
    if (dflt) {
        if (lo.day == 1 && (lo.month == 1 || lo.month == 7)) {
            *dflt = lo;
        }
        else if (lo.month < 7) {
            dflt->year = lo.year;
            dflt->month = 7;
            dflt->day = 1;
        }
        else {
            dflt->year = lo.year + 1;
            dflt->month = 1;
            dflt->day = 1;
        }
    }
    return APR_SUCCESS;
}

int pat_date_allowed(const pat_date_t *d, const pat_date_t *today)
{
    pat_date_t lo, hi;

    if (pat_date_rules(today, &lo, &hi, NULL) != APR_SUCCESS) {
        return 0;
    }
    return pat_date_cmp(d, &lo) >= 0 && pat_date_cmp(d, &hi) <= 0;
}

int pat_date_is_expired(const pat_date_t *expires, const pat_date_t *today)
{
    return pat_date_cmp(today, expires) > 0;
}

int pat_date_expires_within(const pat_date_t *expires, const pat_date_t *today,
                            int days)
{
    pat_date_t last;

    if (days < 0 || pat_date_is_expired(expires, today)
        || pat_date_add_days(today, days, &last) != APR_SUCCESS) {
        return 0;
    }
    return pat_date_cmp(expires, &last) <= 0;
}
