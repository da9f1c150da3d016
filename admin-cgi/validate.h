/* validate.h: the field rules of the Create and Edit forms (README
 * "Token management pages"), applied by the server, which is the
 * authority. */
#ifndef PAT_VALIDATE_H
#define PAT_VALIDATE_H

#include "apr_pools.h"

#include "pat_date.h"

#define PAT_NAME_MAX        100 /* characters (Unicode code points) */
#define PAT_DESCRIPTION_MAX 500

/* Whether s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF).  Returns the number of code
 * points, or -1 if it is not valid UTF-8. */
long pat_utf8_count(const char *s, apr_size_t len);

/* Check and normalise a Name: surrounding white space (ASCII and Unicode)
 * trimmed; then 1..100 characters, valid UTF-8, one line, no control
 * characters.  in: NUL-terminated form value.
 * Returns NULL and sets *out (from p) when valid, else the error text
 * shown next to the field (it names the field and the rule). */
const char *pat_check_name(apr_pool_t *p, const char *in, const char **out);

/* Check and normalise a Description: optional; CRLF and CR become LF and
 * count as one character; at most 500 characters, valid UTF-8, no control
 * characters other than line breaks and tabs.
 * Returns NULL and sets *out when valid, else the error text. */
const char *pat_check_description(apr_pool_t *p, const char *in,
                                  const char **out);

/* Check an Expiration Date: YYYY-MM-DD, at least 6 months and at most
 * 365 days from today (pat_date_rules).  today: the local date.
 * Returns NULL and sets *out when valid, else the error text. */
const char *pat_check_expires(apr_pool_t *p, const char *in,
                              const pat_date_t *today, pat_date_t *out);

#endif /* PAT_VALIDATE_H */
