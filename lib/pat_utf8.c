/* pat_utf8.c: well-formed UTF-8 (see pat_utf8.h). */
#include "pat_utf8.h"

apr_size_t pat_utf8_decode(const unsigned char *s, apr_size_t len,
                           unsigned long *cp)
{
    unsigned long c = s[0], min;
    apr_size_t n, i;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        c &= 0x1F;
        min = 0x80;
    }
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        c &= 0x0F;
        min = 0x800;
    }
    else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        c &= 0x07;
        min = 0x10000;
    }
    else {
        return 0;
    }
    if (len < n) {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return n;
}

long pat_utf8_count(const char *s, apr_size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    apr_size_t i = 0, n;
    unsigned long cp;
    long count = 0;

    while (i < len) {
        n = pat_utf8_decode(u + i, len - i, &cp);
        if (n == 0) {
            return -1;
        }
        i += n;
        count++;
    }
    return count;
}
