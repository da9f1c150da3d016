/* pat_when.h: points in time as the token list shows them (README
 * "Token management pages"): how long ago ("3 hours ago"), the exact
 * local time with the host's zone named, and the UTC form of HTML's
 * <time datetime>.  Pure functions of their arguments and the process's
 * TZ; no clock is read here.
 */
#ifndef PAT_WHEN_H
#define PAT_WHEN_H

#include "apr_pools.h"
#include "apr_time.h"

/* How long before now then was, in English: "just now" (under a minute,
 * or then after now: a clock a little ahead), "1 minute ago", "5
 * minutes ago", "1 hour ago", "3 hours ago", "1 day ago", "2 days ago"
 * (under 30 days), "1 month ago", "4 months ago" (whole 30-day months,
 * under 365 days), "1 year ago", "2 years ago" (whole 365-day years).
 * Every unit is rounded down.
 * then, now: apr_time_t, microseconds since the epoch.
 * Returns a string from p (a literal for "just now"); never NULL. */
const char *pat_when_ago(apr_pool_t *p, apr_time_t then, apr_time_t now);

/* The exact local time of t in the process's TZ, with its zone as
 * strftime's %Z names it: "2026-12-02 14:05:09 UTC", "2026-12-03
 * 04:05:09 +14".
 * t: apr_time_t, microseconds since the epoch (the fraction of the
 * second is dropped).
 * Returns a string from p, or NULL when t cannot be converted (a time
 * beyond what the C library's localtime_r takes). */
const char *pat_when_exact(apr_pool_t *p, apr_time_t t);

/* t in UTC as ISO 8601, the form of <time datetime>:
 * "2026-12-02T14:05:09Z".
 * Returns a string from p, or NULL when APR cannot convert t. */
const char *pat_when_iso(apr_pool_t *p, apr_time_t t);

#endif /* PAT_WHEN_H */
