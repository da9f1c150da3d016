/* pat_when.c: relative and exact times for the token list. */
#define _POSIX_C_SOURCE 200809L

#include "pat_when.h"

#include <time.h>

#include "apr_strings.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)
#define MONTH  (30 * DAY)
#define YEAR   (365 * DAY)

/* "N unit ago", with unit plural unless n is 1. */
static const char *ago(apr_pool_t *p, apr_int64_t n, const char *unit)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT " %s%s ago", n, unit,
                        n == 1 ? "" : "s");
}

const char *pat_when_ago(apr_pool_t *p, apr_time_t then, apr_time_t now)
{
    apr_int64_t s = apr_time_sec(now) - apr_time_sec(then);

    if (s < MINUTE) {
        return "just now";
    }
    if (s < HOUR) {
        return ago(p, s / MINUTE, "minute");
    }
    if (s < DAY) {
        return ago(p, s / HOUR, "hour");
    }
    if (s < MONTH) {
        return ago(p, s / DAY, "day");
    }
    if (s < YEAR) {
        return ago(p, s / MONTH, "month");
    }
    return ago(p, s / YEAR, "year");
}

const char *pat_when_exact(apr_pool_t *p, apr_time_t t)
{
    time_t secs = (time_t)apr_time_sec(t);
    struct tm tm;
    char buf[64];

    /* localtime_r, not apr_time_exp_lt: only struct tm carries the
     * zone's name that %Z prints */
    tzset();
    if (localtime_r(&secs, &tm) == NULL
        || strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z", &tm) == 0) {
        return NULL;
    }
    return apr_pstrdup(p, buf);
}

const char *pat_when_iso(apr_pool_t *p, apr_time_t t)
{
    apr_time_exp_t tm;

    if (apr_time_exp_gmt(&tm, t) != APR_SUCCESS) {
        return NULL;
    }
    return apr_psprintf(p, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                        tm.tm_sec);
}
