/* pat_date.h: calendar dates and the Expiration Date rules, shared by
 * mod_auth_pat (is a token expired?) and the admin program (which dates
 * may a user pick, and which is pre-filled?).
 *
 * Dates are calendar days without time or zone, written YYYY-MM-DD.
 * "Today" is always the local date of the httpd host, from its TZ,
 * computed in C and never by the database's clock.
 */
#ifndef PAT_DATE_H
#define PAT_DATE_H

#include "apr_pools.h"
#include "apr_time.h"

typedef struct {
    int year;  /* e.g. 2026 */
    int month; /* 1..12 */
    int day;   /* 1..31 */
} pat_date_t;

/* The local calendar date (the process's TZ) at time t.
 * t: apr_time_t, microseconds since the epoch.
 * Returns APR_SUCCESS, or the error of apr_time_exp_lt. */
apr_status_t pat_date_from_time(apr_time_t t, pat_date_t *out);

/* The calendar date of an exploded time tm (apr_time_exp_lt's, or
 * httpd's ap_explode_recent_localtime's, which mod_auth_pat uses: it
 * explodes a recent second once, not on every request).  Never fails. */
void pat_date_from_exp(const apr_time_exp_t *tm, pat_date_t *out);

/* Today's local date: pat_date_from_time(apr_time_now()).
 * Returns APR_SUCCESS, or the error of apr_time_exp_lt. */
apr_status_t pat_date_today(pat_date_t *out);

/* Parse exactly "YYYY-MM-DD" (10 bytes, years 1000..9999) naming a real
 * calendar day (no Feb 30).  s need not be NUL-terminated.
 * Returns APR_SUCCESS or APR_EINVAL; *out is untouched on error. */
apr_status_t pat_date_parse(const char *s, apr_size_t len, pat_date_t *out);

/* Format d (a valid date) as "YYYY-MM-DD" in a string from p; never
 * NULL. */
const char *pat_date_format(apr_pool_t *p, const pat_date_t *d);

/* <0, 0 or >0 as a is before, equal to or after b. */
int pat_date_cmp(const pat_date_t *a, const pat_date_t *b);

/* Days in a month of the Gregorian calendar: 28 to 31, or 0 when month
 * is not 1..12. */
int pat_date_days_in_month(int year, int month);

/* d plus days calendar days (may be negative).
 * Returns APR_SUCCESS, or APR_EBADDATE if d is not a valid date or d or
 * the result lies before 1970-01-01: the arithmetic goes through APR's
 * apr_time_exp_gmt_get, which refuses earlier times (only a host clock
 * before 1970 could reach it; t/fuzz/fuzz_date covers it). */
apr_status_t pat_date_add_days(const pat_date_t *d, int days, pat_date_t *out);

/* d plus months calendar months, the day clamped to the last day of the
 * target month (Aug 31 + 6 months = Feb 28, or Feb 29 in a leap year),
 * as MySQL's DATE_ADD does.  months may be negative. */
void pat_date_add_months(const pat_date_t *d, int months, pat_date_t *out);

/* The Expiration Date rules (README "Expiration dates"), from today's
 * local date:
 *   min  = today + 6 calendar months, clamped to the month's last day;
 *   max  = today + 365 days;
 *   dflt = the earliest January 1st or July 1st that is >= min
 *          (always <= max; t/unit proves it for every day of 2023-2033).
 * Any of min, max, dflt may be NULL.
 * Returns APR_SUCCESS, or APR_EBADDATE if today is not a valid date or is
 * before 1970-01-01 (see pat_date_add_days). */
apr_status_t pat_date_rules(const pat_date_t *today, pat_date_t *min,
                            pat_date_t *max, pat_date_t *dflt);

/* Whether d may be chosen as an expiration date today: min <= d <= max.
 * Returns 1 if allowed, 0 if not. */
int pat_date_allowed(const pat_date_t *d, const pat_date_t *today);

/* A token is valid through the whole of its expiration date and expired
 * from the next day (README "Expiration dates").  Returns 1 if expired on
 * "today", else 0. */
int pat_date_is_expired(const pat_date_t *expires, const pat_date_t *today);

/* The days before expiry in which the token list marks a token "Expires
 * soon" (README "Token management pages"). */
#define PAT_DATE_SOON_DAYS 7

/* Whether a token with this expiration date is still valid today and
 * expires within days calendar days: expires - today is 0 to days (0:
 * its last day is today).  days: 0 or more.
 * Returns 1 if so, 0 if not (expired, later, or a date
 * pat_date_add_days refuses). */
int pat_date_expires_within(const pat_date_t *expires, const pat_date_t *today,
                            int days);

#endif /* PAT_DATE_H */
