/* validate.c: field rules of the token forms.  Lengths are counted in
 * Unicode code points, as "maximum 100 characters" (README "Token
 * management pages") means to a person, not in bytes or UTF-16 units. */
#include "validate.h"

#include <string.h>

#include "apr_strings.h"

#include "pat_utf8.h"

/* Unicode White_Space (the code points a person sees as blank). */
static int is_space(unsigned long cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0
        || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
        || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Characters that show nothing: a name made only of these and white
 * space is blank (zero-width spaces and joiners, BOM, fillers, the
 * braille blank). */
static int is_invisible(unsigned long cp)
{
    return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF
        || cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x180E
        || cp == 0x2800 || cp == 0x3164 || cp == 0xFFA0;
}

/* C0 and C1 control characters, and the bidirectional formatting
 * characters (LRM/RLM, embeddings, overrides, isolates) that can make a
 * name read differently from what it is ("evil\u202Etxt.exe"). */
static int is_control(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E
        || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C;
}

const char *pat_check_name(apr_pool_t *p, const char *in, const char **out)
{
    const unsigned char *u = (const unsigned char *)in;
    apr_size_t len = strlen(in), i = 0, n, start = 0, end = 0;
    unsigned long cp;
    long count = 0;
    int seen = 0;

    /* one pass: validate, find the first and last non-blank characters */
    while (i < len) {
        n = pat_utf8_decode(u + i, len - i, &cp);
        if (n == 0) {
            return "Name is not valid UTF-8 text.";
        }
        if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
            return "Name must be a single line.";
        }
        if (!is_space(cp)) {
            if (is_control(cp)) {
                return "Name must not contain control characters.";
            }
            if (is_invisible(cp)) {
                i += n;
                continue;
            }
            if (!seen) {
                start = i;
                seen = 1;
            }
            end = i + n;
        }
        i += n;
    }
    if (!seen) {
        return "Name is required and cannot be blank or spaces only.";
    }
    /* blank control characters (tab, VT, FF, NEL) may only surround it */
    for (i = start; i < end; i += n) {
        n = pat_utf8_decode(u + i, end - i, &cp);
        if (is_control(cp)) {
            return "Name must not contain control characters.";
        }
        count++;
    }
    if (count > PAT_NAME_MAX) {
        return apr_psprintf(p,
                            "Name must be at most %d characters (it has "
                            "%ld).",
                            PAT_NAME_MAX, count);
    }
    *out = apr_pstrmemdup(p, in + start, end - start);
    return NULL;
}

const char *pat_check_description(apr_pool_t *p, const char *in,
                                  const char **out)
{
    apr_size_t len = strlen(in), i, j = 0, n;
    char *norm = apr_palloc(p, len + 1);
    unsigned long cp;
    long count = 0;

    for (i = 0; i < len; i++) {
        if (in[i] == '\r') {
            norm[j++] = '\n';
            if (i + 1 < len && in[i + 1] == '\n') {
                i++;
            }
        }
        else {
            norm[j++] = in[i];
        }
    }
    norm[j] = '\0';
    for (i = 0; i < j; i += n) {
        n = pat_utf8_decode((const unsigned char *)norm + i, j - i, &cp);
        if (n == 0) {
            return "Description is not valid UTF-8 text.";
        }
        if (is_control(cp) && cp != '\n' && cp != '\t') {
            return "Description must not contain control characters.";
        }
        count++;
    }
    if (count > PAT_DESCRIPTION_MAX) {
        return apr_psprintf(p,
                            "Description must be at most %d characters (it "
                            "has %ld).",
                            PAT_DESCRIPTION_MAX, count);
    }
    *out = norm;
    return NULL;
}

const char *pat_check_expires(apr_pool_t *p, const char *in,
                              const pat_date_t *today, pat_date_t *out)
{
    pat_date_t d, lo, hi;

    if (pat_date_rules(today, &lo, &hi, NULL) != APR_SUCCESS) {
        return "Expiration Date cannot be checked: today's date is unknown.";
    }
    if (*in == '\0') {
        return "Expiration Date is required.";
    }
    if (pat_date_parse(in, strlen(in), &d) != APR_SUCCESS) {
        return "Expiration Date must be a date written YYYY-MM-DD.";
    }
    if (!pat_date_allowed(&d, today)) {
        return apr_psprintf(p,
                            "Expiration Date must be at least 6 months from "
                            "today and no more than 1 year (365 days) from "
                            "today: from %s to %s.",
                            pat_date_format(p, &lo), pat_date_format(p, &hi));
    }
    *out = d;
    return NULL;
}

int pat_check_form(apr_pool_t *p, apr_table_t *form, const pat_date_t *today,
                   pat_form_values *v, const char **name,
                   const char **description)
{
    pat_date_t exp;

    v->name = apr_table_get(form, "name");
    v->description = apr_table_get(form, "description");
    v->expires = apr_table_get(form, "expires");
    if (v->name == NULL) {
        v->name = "";
    }
    if (v->description == NULL) {
        v->description = "";
    }
    if (v->expires == NULL) {
        v->expires = "";
    }
    v->name_err = pat_check_name(p, v->name, name);
    v->description_err = pat_check_description(p, v->description, description);
    v->expires_err = pat_check_expires(p, v->expires, today, &exp);
    return !v->name_err && !v->description_err && !v->expires_err;
}

const char *pat_limit_message(apr_pool_t *p, int max, int count)
{
    const char *have =
        apr_psprintf(p, "You have %d token%s", count, count == 1 ? "" : "s");

    if (count == max) {
        return apr_pstrcat(p, have,
                           ", the most allowed. Delete one to create "
                           "another.",
                           NULL);
    }
    return apr_psprintf(p,
                        "%s; the most allowed is %d. Delete %d to create "
                        "another.",
                        have, max, count - max + 1);
}
