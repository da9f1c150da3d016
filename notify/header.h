/* header.h: mail header fields as RFC 5322 and RFC 2047 write them, for
 * pat-notify's messages. */
#ifndef PAT_NOTIFY_HEADER_H
#define PAT_NOTIFY_HEADER_H

#include "apr_pools.h"
#include "apr_time.h"

/* The header field "name: value" and its line end ("\n"), from p.  A
 * value that is printable ASCII (spaces included), holds no "=?" and fits
 * on a line of 78 characters is written as it is; any other (non-ASCII
 * bytes, control characters such as CR and LF, or a long value) is
 * written as RFC 2047 encoded-words (=?UTF-8?B?...?=, base64 of whole
 * UTF-8 sequences), one per folded line, so that nothing in value can
 * end the field or start another.  name must be a plain field name. */
const char *pat_header_field(apr_pool_t *p, const char *name,
                             const char *value);

/* t as an RFC 5322 date-time in the host's zone, e.g. "Tue, 01 Dec 2026
 * 07:17:00 +0100" (English names whatever the locale), from p.  Returns
 * NULL when apr_time_exp_lt fails. */
const char *pat_header_date(apr_pool_t *p, apr_time_t t);

#endif /* PAT_NOTIFY_HEADER_H */
