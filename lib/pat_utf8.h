/* pat_utf8.h: well-formed UTF-8, as the token pages count "characters"
 * (README "Token management pages": code points, not bytes) and as the
 * permissions file's labels must be (README "Role Permissions").
 * Well-formed: no overlong forms, no surrogates, nothing above U+10FFFF
 * (RFC 3629). */
#ifndef PAT_UTF8_H
#define PAT_UTF8_H

#include "apr.h"

/* Decode one UTF-8 sequence at s (len bytes left, len >= 1).  Returns its
 * length in bytes (1 to 4) and sets *cp to the code point, or returns 0
 * (and leaves *cp) if the bytes are not a well-formed sequence. */
apr_size_t pat_utf8_decode(const unsigned char *s, apr_size_t len,
                           unsigned long *cp);

/* Whether s[0..len) is well-formed UTF-8.  Returns the number of code
 * points, or -1 if it is not. */
long pat_utf8_count(const char *s, apr_size_t len);

#endif /* PAT_UTF8_H */
