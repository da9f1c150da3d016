/* fuzz_form.c: libFuzzer harness for pat_form_parse() (admin-cgi/form.c),
 * the urlencoded form decoder of the admin program.
 *
 * The input is the raw form body (or query string), given with its exact
 * length and no terminating NUL (in a heap copy, so AddressSanitizer sees
 * any read past it).  Properties (abort() with a message on stderr when
 * one fails):
 *  - on failure an error text is returned (non-empty), nothing crashes,
 *    and the input really breaks a documented rule (a NUL byte, a bad or
 *    NUL %-escape, a field given twice: apr_table names are compared
 *    without regard to ASCII case, so "name" and "NAME" are one field;
 *    but the field REPEAT, "p" or "P", may be given up to MAX_REPEAT
 *    times, as the checkboxes of the Permissions group are);
 *  - on success the table exists, the input has no NUL byte, the number
 *    of fields is <= (count of '&' in the input) + 1, and every key and
 *    value equals, byte for byte and in order, what an independent
 *    decoder in this file makes of the raw field (so no decoded NUL has
 *    cut a key or value short, and no field is lost or invented);
 *  - round trip: re-encoding the table with apr_pescape_urlencoded (keys
 *    and values, "k=v" joined with '&', in table order) and parsing that
 *    again succeeds and gives an identical table: same number of fields,
 *    same keys and values byte for byte, same order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_escape.h"
#include "apr_general.h"
#include "apr_hash.h"
#include "apr_lib.h"
#include "apr_pools.h"
#include "apr_strings.h"
#include "apr_tables.h"

#include "form.h"

#define FUZZ_NAME "fuzz_form"
#include "fuzz_common.h"

/* the one field that may repeat, and how often (pat_form_parse) */
#define REPEAT     "p"
#define MAX_REPEAT 3

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_apr_init();
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decode raw[0..len) ('+' is a space, %XX a byte) into out (len + 1
 * bytes).  Returns the decoded length, or -1 for a '%' not followed by
 * two hex digits or a decoded NUL byte (both refused by the parser). */
static long decode(const char *raw, size_t len, char *out)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        if (raw[i] == '+') {
            out[n++] = ' ';
        }
        else if (raw[i] != '%') {
            out[n++] = raw[i];
        }
        else {
            int hi, lo;

            if (i + 2 >= len) {
                return -1;
            }
            hi = hexval(raw[i + 1]);
            lo = hexval(raw[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                return -1;
            }
            out[n++] = (char)(hi * 16 + lo);
            i += 2;
        }
    }
    out[n] = '\0';
    return (long)n;
}

/* The fields of an accepted form, as an independent decoder sees them:
 * split at '&', skip empty parts, the key ends at the first '='. */
static void check_reference(const char *buf, size_t size,
                            const apr_array_header_t *a)
{
    const apr_table_entry_t *e = (const apr_table_entry_t *)a->elts;
    char *k = apr_palloc(pool, size + 1), *v = apr_palloc(pool, size + 1);
    size_t pos = 0, stop, eq;
    int field = 0;
    long kl, vl;

    while (pos < size) {
        for (stop = pos; stop < size && buf[stop] != '&'; stop++) {
        }
        if (stop > pos) {
            for (eq = pos; eq < stop && buf[eq] != '='; eq++) {
            }
            kl = decode(buf + pos, eq - pos, k);
            vl = eq < stop ? decode(buf + eq + 1, stop - eq - 1, v) : 0;
            if (eq == stop) {
                v[0] = '\0';
            }
            if (kl < 0 || vl < 0) {
                FAIL("accepted a form whose field %d is badly encoded", field);
            }
            if (field >= a->nelts) {
                FAIL("the table lacks field %d (\"%s\")", field, k);
            }
            if (strlen(e[field].key) != (size_t)kl
                || memcmp(e[field].key, k, (size_t)kl) != 0
                || strlen(e[field].val) != (size_t)vl
                || memcmp(e[field].val, v, (size_t)vl) != 0) {
                FAIL("field %d is \"%s\"=\"%s\", decodes to \"%s\"=\"%s\"",
                     field, e[field].key, e[field].val, k, v);
            }
            field++;
        }
        pos = stop + 1;
    }
    if (field != a->nelts) {
        FAIL("the table has %d fields, the input %d", a->nelts, field);
    }
}

/* Whether the parser must refuse buf: a NUL byte, a field (key or value)
 * badly percent-encoded or decoding to a NUL, a field name given twice
 * (apr_table keys compare without regard to ASCII case), or REPEAT given
 * more than MAX_REPEAT times. */
static int reference_refuses(const char *buf, size_t size)
{
    apr_hash_t *seen = apr_hash_make(pool);
    char *k = apr_palloc(pool, size + 1), *v = apr_palloc(pool, size + 1);
    size_t pos = 0, stop, eq;
    long kl, i;
    int repeats = 0;

    if (memchr(buf, '\0', size) != NULL) {
        return 1;
    }
    while (pos < size) {
        for (stop = pos; stop < size && buf[stop] != '&'; stop++) {
        }
        if (stop > pos) {
            for (eq = pos; eq < stop && buf[eq] != '='; eq++) {
            }
            kl = decode(buf + pos, eq - pos, k);
            if (kl < 0
                || (eq < stop && decode(buf + eq + 1, stop - eq - 1, v) < 0)) {
                return 1;
            }
            for (i = 0; i < kl; i++) {
                k[i] = (char)apr_tolower(k[i]);
            }
            if (kl == 1 && k[0] == REPEAT[0]) {
                if (++repeats > MAX_REPEAT) {
                    return 1;
                }
            }
            else if (apr_hash_get(seen, k, kl) != NULL) {
                return 1;
            }
            apr_hash_set(seen, apr_pstrmemdup(pool, k, (apr_size_t)kl), kl, "");
        }
        pos = stop + 1;
    }
    return 0;
}

static char *reencode(const apr_table_t *t)
{
    const apr_array_header_t *arr = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    char *out = "";
    int i;

    for (i = 0; i < arr->nelts; i++) {
        const char *k = apr_pescape_urlencoded(pool, e[i].key);
        const char *v = apr_pescape_urlencoded(pool, e[i].val);

        out = apr_pstrcat(pool, out, i ? "&" : "", k, "=", v, NULL);
    }
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_table_t *t = NULL, *t2 = NULL;
    const apr_array_header_t *a1, *a2;
    const apr_table_entry_t *e1, *e2;
    const char *err;
    char *buf, *again;
    size_t amps = 0, i;
    int j;

    if (size > PAT_FORM_MAX_BODY) {
        return 0; /* pat_form_read_body refuses larger bodies */
    }
    buf = malloc(size ? size : 1);
    if (buf == NULL) {
        return 0;
    }
    memcpy(buf, data, size);
    for (i = 0; i < size; i++) {
        amps += buf[i] == '&';
    }

    err = pat_form_parse(pool, buf, size, REPEAT, MAX_REPEAT, &t);
    if (err != NULL) {
        if (*err == '\0') {
            FAIL("empty error text");
        }
        if (!reference_refuses(buf, size)) {
            FAIL("a well-formed form was refused: %s", err);
        }
        goto done;
    }
    if (t == NULL) {
        FAIL("success without a table");
    }
    a1 = apr_table_elts(t);
    e1 = (const apr_table_entry_t *)a1->elts;
    if ((size_t)a1->nelts > amps + 1) {
        FAIL("%d fields from input with %zu '&'", a1->nelts, amps);
    }
    for (j = 0; j < a1->nelts; j++) {
        if (e1[j].key == NULL || e1[j].val == NULL) {
            FAIL("field %d has a NULL key or value", j);
        }
    }
    if (memchr(buf, '\0', size) != NULL) {
        FAIL("input with a NUL byte was accepted");
    }
    /* the table is exactly what an independent decoder makes of the raw
     * bytes: a decoded value cut short at an encoded NUL, a lost or extra
     * field, or a wrong decoding all show here */
    check_reference(buf, size, a1);
    if (reference_refuses(buf, size)) {
        FAIL("a form with a field repeated too often was accepted");
    }

    again = reencode(t);
    err = pat_form_parse(pool, again, strlen(again), REPEAT, MAX_REPEAT, &t2);
    if (err != NULL) {
        FAIL("re-encoded form \"%s\" refused: %s", again, err);
    }
    a2 = apr_table_elts(t2);
    e2 = (const apr_table_entry_t *)a2->elts;
    if (a1->nelts != a2->nelts) {
        FAIL("round trip of \"%s\": %d fields, then %d", again, a1->nelts,
             a2->nelts);
    }
    for (j = 0; j < a1->nelts; j++) {
        if (strcmp(e1[j].key, e2[j].key) != 0
            || strcmp(e1[j].val, e2[j].val) != 0) {
            FAIL("round trip of \"%s\": field %d was \"%s\"=\"%s\", is "
                 "\"%s\"=\"%s\"",
                 again, j, e1[j].key, e1[j].val, e2[j].key, e2[j].val);
        }
    }

done:
    free(buf);
    apr_pool_clear(pool);
    return 0;
}
