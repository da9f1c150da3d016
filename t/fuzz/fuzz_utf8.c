/* fuzz_utf8.c: libFuzzer harness for pat_utf8_count(), pat_check_name()
 * and pat_check_description() (admin-cgi/validate.c).
 *
 * Properties (abort() with a message on stderr when one fails):
 *  - pat_utf8_count(s, len) >= 0 exactly when glibc's iconv converts s
 *    from UTF-8 to UTF-32LE completely, and the count equals the number
 *    of code points iconv produced.  glibc 2.36's decoder refuses the
 *    same classes as the Unicode Standard's Table 3-7 (well-formed UTF-8
 *    byte sequences): overlong forms (C0, C1, E0 80..9F, F0 80..8F),
 *    surrogates (ED A0..BF), above U+10FFFF (F4 90.., F5..FF), stray
 *    continuation bytes and truncated sequences; it accepts NUL and the
 *    noncharacters (U+FFFE ...), which are well-formed.  So no adjustment
 *    is needed; LLVMFuzzerInitialize checks these classes once against
 *    iconv so that a different libc is noticed rather than trusted.
 *  - the input is also read as a C string (up to its first NUL) and given
 *    to the validators.  An accepted name: 1..100 code points, valid
 *    UTF-8, no control characters (C0, C1, bidi controls), no leading or
 *    trailing Unicode white space or invisible characters, no line
 *    breaks, and checking it again yields the same text (idempotent).
 *    A name is refused only for a stated reason: if the input is valid
 *    UTF-8 with no control character and no line break, between its
 *    first and last visible characters, and with 1..100 code points
 *    there, it must be accepted.
 *  - An accepted description: <= 500 code points, valid UTF-8, no CR,
 *    no control characters except LF and TAB, equal to the input with
 *    CRLF and lone CR turned into LF, and idempotent.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"
#include "apr_pools.h"
#include "apr_strings.h"

#include "pat_utf8.h"
#include "validate.h"

#define FUZZ_NAME "fuzz_utf8"
#include "fuzz_common.h"

static iconv_t cd;

/* Code points in s[0..len) by iconv, or -1 if it is not UTF-8.  The code
 * points go to *cps (from pool) when cps is not NULL. */
static long oracle(const char *s, size_t len, uint32_t **cps)
{
    size_t cap = 4 * len + 4, il = len, ol = cap, r;
    char *out = apr_palloc(pool, cap), *ip = (char *)s, *op = out;
    long n;

    iconv(cd, NULL, NULL, NULL, NULL); /* reset the shift state */
    r = iconv(cd, &ip, &il, &op, &ol);
    if (r == (size_t)-1 || il != 0) {
        return -1;
    }
    n = (long)((cap - ol) / 4);
    if (cps) {
        uint32_t *v = apr_palloc(pool, sizeof(*v) * ((size_t)n + 1));
        long i;

        for (i = 0; i < n; i++) {
            const unsigned char *b = (const unsigned char *)out + 4 * i;
            v[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16
                | (uint32_t)b[3] << 24;
        }
        *cps = v;
    }
    return n;
}

static int is_space(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0
        || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
        || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static int is_invisible(uint32_t c)
{
    return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF
        || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x180E
        || c == 0x2800 || c == 0x3164 || c == 0xFFA0;
}

static int is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200E || c == 0x200F
        || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
        || c == 0x061C;
}

static int is_linebreak(uint32_t c)
{
    return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

static void check_count(const char *s, size_t len)
{
    long got = pat_utf8_count(s, len);
    long want = oracle(s, len, NULL);

    if ((got >= 0) != (want >= 0) || got != want) {
        FAIL("pat_utf8_count = %ld, iconv says %ld (len %zu)", got, want, len);
    }
}

static void check_name(const char *in)
{
    const char *out = NULL, *out2 = NULL, *err, *err2;
    uint32_t *cp = NULL;
    long n, i, first = -1, last = -1, visible;
    int bad = 0;

    err = pat_check_name(pool, in, &out);
    /* what the rules say of the input */
    n = oracle(in, strlen(in), &cp);
    if (n < 0) {
        bad = 1;
    }
    for (i = 0; !bad && i < n; i++) {
        if (is_linebreak(cp[i])) {
            bad = 1;
        }
        else if (!is_space(cp[i]) && !is_invisible(cp[i])) {
            if (is_control(cp[i])) {
                bad = 1;
            }
            if (first < 0) {
                first = i;
            }
            last = i;
        }
    }
    if (!bad && first < 0) {
        bad = 1; /* blank */
    }
    for (i = first; !bad && i <= last; i++) {
        if (is_control(cp[i])) {
            bad = 1; /* tab, VT, FF or NEL inside the name */
        }
    }
    visible = bad ? 0 : last - first + 1;
    if (!bad && visible > PAT_NAME_MAX) {
        bad = 1;
    }
    if (err != NULL) {
        if (*err == '\0') {
            FAIL("name refused with an empty message");
        }
        if (!bad) {
            FAIL("name \"%s\" refused: %s", in, err);
        }
        return;
    }
    if (bad) {
        FAIL("name \"%s\" accepted against the rules as \"%s\"", in, out);
    }
    if (out == NULL) {
        FAIL("name accepted without output");
    }
    n = oracle(out, strlen(out), &cp);
    if (n < 1 || n > PAT_NAME_MAX || n != visible) {
        FAIL("accepted name \"%s\" has %ld code points (want %ld, 1..%d)", out,
             n, visible, PAT_NAME_MAX);
    }
    if (pat_utf8_count(out, strlen(out)) != n) {
        FAIL("accepted name: pat_utf8_count disagrees");
    }
    for (i = 0; i < n; i++) {
        if (is_control(cp[i]) || is_linebreak(cp[i])) {
            FAIL("accepted name \"%s\" holds U+%04X", out, (unsigned)cp[i]);
        }
    }
    if (is_space(cp[0]) || is_invisible(cp[0]) || is_space(cp[n - 1])
        || is_invisible(cp[n - 1])) {
        FAIL("accepted name \"%s\" is not trimmed", out);
    }
    err2 = pat_check_name(pool, out, &out2);
    if (err2 != NULL || strcmp(out, out2) != 0) {
        FAIL("name \"%s\" checked again: %s", out, err2 ? err2 : out2);
    }
}

static void check_description(const char *in)
{
    const char *out = NULL, *out2 = NULL, *err, *err2;
    size_t len = strlen(in), i, j = 0;
    char *norm = apr_palloc(pool, len + 1);
    uint32_t *cp = NULL;
    long n, k;
    int bad = 0;

    for (i = 0; i < len; i++) {
        if (in[i] == '\r') {
            norm[j++] = '\n';
            i += i + 1 < len && in[i + 1] == '\n';
        }
        else {
            norm[j++] = in[i];
        }
    }
    norm[j] = '\0';
    n = oracle(norm, j, &cp);
    bad = n < 0 || n > PAT_DESCRIPTION_MAX;
    for (k = 0; !bad && k < n; k++) {
        if (is_control(cp[k]) && cp[k] != '\n' && cp[k] != '\t') {
            bad = 1;
        }
    }
    err = pat_check_description(pool, in, &out);
    if (err != NULL) {
        if (*err == '\0') {
            FAIL("description refused with an empty message");
        }
        if (!bad) {
            FAIL("description refused: %s", err);
        }
        return;
    }
    if (bad) {
        FAIL("description \"%s\" accepted against the rules", in);
    }
    if (out == NULL || strcmp(out, norm) != 0) {
        FAIL("description normalised to \"%s\", not \"%s\"",
             out ? out : "(null)", norm);
    }
    if (strchr(out, '\r') != NULL) {
        FAIL("accepted description holds CR");
    }
    err2 = pat_check_description(pool, out, &out2);
    if (err2 != NULL || strcmp(out, out2) != 0) {
        FAIL("description checked again: %s", err2 ? err2 : out2);
    }
}

/* The oracle must refuse what Table 3-7 refuses on this libc. */
static void check_oracle(void)
{
    static const struct {
        const char *s;
        long want;
    } cases[] = {
        {"\xC0\xAF", -1},
        {"\xC1\xBF", -1},
        {"\xE0\x80\xAF", -1},
        {"\xE0\x9F\xBF", -1},
        {"\xED\xA0\x80", -1},
        {"\xED\xBF\xBF", -1},
        {"\xF0\x80\x80\xAF", -1},
        {"\xF0\x8F\xBF\xBF", -1},
        {"\xF4\x90\x80\x80", -1},
        {"\xF5\x80\x80\x80", -1},
        {"\xFF", -1},
        {"\x80", -1},
        {"\xE2\x82", -1},
        {"\xF8\x88\x80\x80\x80", -1},
        {"\xE2\x82\xAC", 1},
        {"\xEF\xBF\xBE", 1},
        {"\xED\x9F\xBF", 1},
        {"\xEE\x80\x80", 1},
        {"\xF4\x8F\xBF\xBF", 1},
        {"\xF0\x9F\x94\x91", 1},
        {"\xC2\x80", 1},
        {"a\xC3\xA9", 2},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        long got = oracle(cases[i].s, strlen(cases[i].s), NULL);

        if (got != cases[i].want) {
            FAIL("iconv oracle says %ld for case %zu, Table 3-7 says %ld", got,
                 i, cases[i].want);
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_apr_init();
    cd = iconv_open("UTF-32LE", "UTF-8");
    if (cd == (iconv_t)-1) {
        perror("iconv_open");
        abort();
    }
    check_oracle();
    apr_pool_clear(pool);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1), *str;

    if (s == NULL) {
        return 0;
    }
    memcpy(s, data, size);
    check_count(s, size); /* exact length, no NUL terminator */
    free(s);

    str = apr_pstrmemdup(pool, (const char *)data, size); /* to first NUL */
    check_name(str);
    check_description(str);

    apr_pool_clear(pool);
    return 0;
}
