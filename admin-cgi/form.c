/* form.c: urlencoded form decoding with apr_punescape_url. */
#include "form.h"

#include <string.h>

#include "apr_escape.h"
#include "apr_lib.h"
#include "apr_strings.h"

const char *pat_form_parse(apr_pool_t *p, const char *data, apr_size_t len,
                           const char *repeat, int max_repeat,
                           apr_table_t **out)
{
    apr_table_t *t = apr_table_make(p, 8);
    const char *pos = data, *end = data + len;
    int repeats = 0;

    while (pos < end) {
        const char *amp = memchr(pos, '&', (apr_size_t)(end - pos));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(pos, '=', (apr_size_t)(stop - pos));
        char *raw_key, *raw_val;
        const char *key, *val;

        if (stop > pos) {
            raw_key =
                apr_pstrmemdup(p, pos, (apr_size_t)((eq ? eq : stop) - pos));
            raw_val = eq
                ? apr_pstrmemdup(p, eq + 1, (apr_size_t)(stop - eq - 1))
                : apr_pstrdup(p, "");
            if (strlen(raw_key) != (apr_size_t)((eq ? eq : stop) - pos)
                || (eq && strlen(raw_val) != (apr_size_t)(stop - eq - 1))) {
                return "The form data contains a NUL byte.";
            }
            key = apr_punescape_url(p, raw_key, NULL, NULL, 1);
            val = apr_punescape_url(p, raw_val, NULL, NULL, 1);
            if (key == NULL || val == NULL) {
                return "The form data has invalid percent-encoding (or an "
                       "encoded NUL byte).";
            }
            if (repeat != NULL && strcasecmp(key, repeat) == 0) {
                if (++repeats > max_repeat) {
                    return apr_psprintf(p,
                                        "The form field \"%s\" was sent "
                                        "more than %d times.",
                                        key, max_repeat);
                }
            }
            else if (apr_table_get(t, key) != NULL) {
                return apr_psprintf(p,
                                    "The form field \"%s\" was sent more "
                                    "than once.",
                                    key);
            }
            apr_table_add(t, key, val);
        }
        pos = stop + (amp ? 1 : 0);
    }
    *out = t;
    return NULL;
}

int pat_form_read_body(apr_pool_t *p, FILE *in, const char *content_type,
                       const char *content_length, apr_size_t max,
                       const char **body, apr_size_t *len, const char **err)
{
    static const char urlencoded[] = "application/x-www-form-urlencoded";
    apr_int64_t want;
    char *end, *buf;
    apr_size_t got;

    if (content_type == NULL
        || strncasecmp(content_type, urlencoded, sizeof(urlencoded) - 1) != 0
        || (content_type[sizeof(urlencoded) - 1] != '\0'
            && content_type[sizeof(urlencoded) - 1] != ';')) {
        *err = "The form must be sent as application/x-www-form-urlencoded.";
        return 415;
    }
    if (content_length == NULL || *content_length == '\0') {
        *err = "The request has no Content-Length.";
        return 411;
    }
    want = apr_strtoi64(content_length, &end, 10);
    if (*end != '\0' || want < 0) {
        *err = "The request's Content-Length is not a number.";
        return 400;
    }
    if ((apr_uint64_t)want > max) {
        *err = apr_psprintf(
            p, "The form is larger than %" APR_SIZE_T_FMT " bytes.", max);
        return 413;
    }
    buf = apr_palloc(p, (apr_size_t)want + 1);
    got = fread(buf, 1, (apr_size_t)want, in);
    if (got != (apr_size_t)want) {
        *err = "The form data ended early.";
        return 400;
    }
    buf[got] = '\0';
    *body = buf;
    *len = got;
    return 0;
}

void pat_form_drain(FILE *in, apr_size_t max)
{
    char buf[4096];
    apr_size_t total = 0, n;

    while (total < max && (n = fread(buf, 1, sizeof(buf), in)) > 0) {
        total += n;
    }
}
