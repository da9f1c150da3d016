/* header.c: header fields with RFC 2047 encoded-words, and dates. */
#include "header.h"

#include <string.h>

#include "apr_encode.h"
#include "apr_strings.h"
#include "apr_tables.h"

/* RFC 5322's recommended line length (without the line end) */
#define LINE_MAX_CHARS 78

/* Bytes of value per encoded-word: 39 bytes are 52 base64 characters, a
 * word of 64 with "=?UTF-8?B?" and "?=", so that a line of a long field
 * name, ": " or the fold's space and a word stays within 78 characters
 * (RFC 2047: a word is at most 75). */
#define WORD_BYTES 39

/* Whether value can be written as it is: printable ASCII and spaces, no
 * "=?" (which a reader could take for an encoded-word), and a line of
 * name, ": " and value within LINE_MAX_CHARS. */
static int plain(const char *name, const char *value)
{
    const char *c;

    if (strlen(name) + 2 + strlen(value) > LINE_MAX_CHARS
        || strstr(value, "=?") != NULL) {
        return 0;
    }
    for (c = value; *c; c++) {
        if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e) {
            return 0;
        }
    }
    return 1;
}

/* The length of the UTF-8 sequence that starts with byte b as its lead
 * byte announces it (1 for ASCII and for a byte that is no lead byte:
 * such bytes are encoded one by one and never split a sequence). */
static apr_size_t sequence_length(unsigned char b)
{
    return b >= 0xf0 && b <= 0xf4 ? 4
        : b >= 0xe0 && b <= 0xef  ? 3
        : b >= 0xc2 && b <= 0xdf  ? 2
                                  : 1;
}

const char *pat_header_field(apr_pool_t *p, const char *name, const char *value)
{
    apr_array_header_t *parts;
    apr_size_t len = strlen(value), at = 0;

    if (plain(name, value)) {
        return apr_pstrcat(p, name, ": ", value, "\n", NULL);
    }
    parts = apr_array_make(p, 8, sizeof(const char *));
    APR_ARRAY_PUSH(parts, const char *) = apr_pstrcat(p, name, ":", NULL);
    do {
        apr_size_t n = 0, seq;
        const char *b64;

        /* whole UTF-8 sequences up to WORD_BYTES (at least one) */
        while (at + n < len) {
            seq = sequence_length((unsigned char)value[at + n]);
            if (at + n + seq > len) {
                seq = len - at - n;
            }
            if (n > 0 && n + seq > WORD_BYTES) {
                break;
            }
            n += seq;
        }
        b64 = apr_pencode_base64(p, value + at, (apr_ssize_t)n, APR_ENCODE_NONE,
                                 NULL);
        APR_ARRAY_PUSH(parts, const char *) =
            apr_pstrcat(p, parts->nelts > 1 ? "\n " : " ", "=?UTF-8?B?",
                        b64 ? b64 : "", "?=", NULL);
        at += n;
    } while (at < len);
    APR_ARRAY_PUSH(parts, const char *) = "\n";
    return apr_array_pstrcat(p, parts, 0);
}

const char *pat_header_date(apr_pool_t *p, apr_time_t t)
{
    apr_time_exp_t tm;
    long off;

    if (apr_time_exp_lt(&tm, t) != APR_SUCCESS) {
        return NULL;
    }
    off = tm.tm_gmtoff / 60;
    return apr_psprintf(p, "%s, %02d %s %d %02d:%02d:%02d %c%02ld%02ld",
                        apr_day_snames[tm.tm_wday], tm.tm_mday,
                        apr_month_snames[tm.tm_mon], tm.tm_year + 1900,
                        tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
                        (off < 0 ? -off : off) / 60,
                        (off < 0 ? -off : off) % 60);
}
