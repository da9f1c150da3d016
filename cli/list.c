/* list.c: "pat-tokens list" (list.h), read CHUNK rows at a time (keyset
 * by id, as the administrators' pages page), so that no query holds
 * 100,000 rows in the client library at once. */
#include "list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "apr_escape.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "pat_date.h"
#include "pat_utf8.h"
#include "pat_when.h"
#include "store_admin.h"

/* How many rows one query reads. */
#define CHUNK 1000

int pat_cli_is_id(const char *s)
{
    apr_size_t i, len = strlen(s);

    if (len == 0 || len > 18 || s[0] == '0') {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!apr_isdigit(s[i])) {
            return 0;
        }
    }
    return 1;
}

/* The status of a token expiring on expires (YYYY-MM-DD) on today:
 * "expired", "soon" (the pages' "Expires soon") or "active". */
static const char *status_of(const char *expires, const pat_date_t *today)
{
    pat_date_t d;

    if (pat_date_parse(expires, strlen(expires), &d) != APR_SUCCESS) {
        return "active";
    }
    if (pat_date_is_expired(&d, today)) {
        return "expired";
    }
    return pat_date_expires_within(&d, today, PAT_DATE_SOON_DAYS) ? "soon"
                                                                  : "active";
}

/* t in UTC as ISO 8601, or NULL for 0 (never). */
static const char *iso(apr_pool_t *p, apr_time_t t)
{
    return t ? pat_when_iso(p, t) : NULL;
}

/* s as valid UTF-8: each byte of s that is not part of a valid UTF-8
 * sequence as U+FFFD.  The owner column is bytes (VARBINARY), and
 * jansson refuses a string that is not UTF-8: such an owner would
 * otherwise make its token vanish from the list. */
static const char *utf8(apr_pool_t *p, const char *s)
{
    apr_size_t i = 0, n, len = s ? strlen(s) : 0;
    unsigned long cp;
    char *out, *o;

    if (s == NULL || pat_utf8_count(s, len) >= 0) {
        return s;
    }
    out = o = apr_palloc(p, len * 3 + 1);
    while (i < len) {
        n = pat_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n > 0) {
            memcpy(o, s + i, n);
            o += n;
            i += n;
        }
        else {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            i++;
        }
    }
    *o = '\0';
    return out;
}

/* One token as a JSON object (a new reference), or NULL (out of
 * memory). */
static json_t *json_row(apr_pool_t *p, const pat_admin_row *a,
                        const pat_date_t *today)
{
    const pat_store_row *r = &a->row;
    const char *used = iso(p, r->last_used), *created = iso(p, r->created);

    return json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o}", "id",
        (json_int_t)apr_atoi64(r->id), "owner", utf8(p, a->owner), "name",
        utf8(p, r->name), "hint",
        apr_pstrcat(p, "pat_\xe2\x80\xa6", utf8(p, r->hint), NULL),
        "permissions",
        r->permissions ? json_string(utf8(p, r->permissions)) : json_null(),
        "expires_on", r->expires, "status", status_of(r->expires, today),
        "last_used", used ? json_string(used) : json_null(), "created",
        created ? json_string(created) : json_null());
}

/* One token as a line of text. */
static void text_row(apr_pool_t *p, const pat_admin_row *a,
                     const pat_date_t *today)
{
    const pat_store_row *r = &a->row;
    const char *used = iso(p, r->last_used), *created = iso(p, r->created);

    printf("%s\t%s\t%s\tpat_\xe2\x80\xa6%s\t%s\t%s\t%s\t%s\n", r->id,
           apr_pescape_echo(p, a->owner, 0), apr_pescape_echo(p, r->name, 0),
           r->hint, r->expires, status_of(r->expires, today),
           used ? used : "never", created ? created : "");
}

/* The options into f and *json.  Returns 1, or 0 for a usage error
 * (logged). */
static int options(int argc, const char *const *argv, pat_admin_filter *f,
                   int *json)
{
    int i;
    char *end;
    long n;

    memset(f, 0, sizeof(*f));
    *json = 0;
    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--owner") == 0) {
            if (i + 1 >= argc || *argv[i + 1] == '\0') {
                fputs("pat-tokens: --owner: a user name\n", stderr);
                return 0;
            }
            f->owner = argv[++i];
        }
        else if (strcmp(argv[i], "--expired") == 0) {
            f->status = PAT_ADMIN_EXPIRED;
        }
        else if (strcmp(argv[i], "--unused-days") == 0) {
            n = i + 1 < argc ? strtol(argv[++i], &end, 10) : 0;
            if (n == 0 || *argv[i] == '\0' || *end != '\0' || n < 1
                || n > PAT_ADMIN_UNUSED_MAX) {
                fputs("pat-tokens: --unused-days: a whole number of days "
                      "from 1 to 3650\n",
                      stderr);
                return 0;
            }
            f->unused_days = (int)n;
        }
        else if (strcmp(argv[i], "--json") == 0) {
            *json = 1;
        }
        else {
            fprintf(stderr, "pat-tokens: list: unknown option %s\n", argv[i]);
            return 0;
        }
    }
    return 1;
}

int pat_cli_list(apr_pool_t *p, pat_store *s, int argc, const char *const *argv)
{
    pat_admin_filter f;
    pat_date_t today;
    apr_time_t now = apr_time_now();
    apr_array_header_t *rows;
    const char *after = NULL;
    json_t *all = NULL;
    int json, i, total = 0;

    if (!options(argc, argv, &f, &json)) {
        return 2;
    }
    if (pat_date_from_time(now, &today) != APR_SUCCESS) {
        fputs("pat-tokens: the host does not know today's date\n", stderr);
        return 2;
    }
    if (json) {
        all = json_array();
    }
    do {
        apr_pool_t *chunk;

        if (pat_admin_list(s, &f, &today, now, after, NULL, CHUNK, &rows)
            != APR_SUCCESS) {
            fputs("pat-tokens: database error\n", stderr);
            json_decref(all);
            return 2;
        }
        apr_pool_create(&chunk, p);
        for (i = 0; i < rows->nelts; i++) {
            const pat_admin_row *a = &APR_ARRAY_IDX(rows, i, pat_admin_row);

            if (!json) {
                text_row(chunk, a, &today);
            }
            /* never a token left out of the list without a word */
            else if (json_array_append_new(all, json_row(chunk, a, &today))
                     != 0) {
                fprintf(stderr,
                        "pat-tokens: token %s could not be written as JSON\n",
                        a->row.id);
                apr_pool_destroy(chunk);
                json_decref(all);
                return 2;
            }
            after = a->row.id;
        }
        apr_pool_destroy(chunk);
        total += rows->nelts;
    } while (rows->nelts == CHUNK);
    if (json) {
        json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(all);
    }
    if (total == 0) {
        fputs("pat-tokens: no token matched\n", stderr);
        return 1;
    }
    return 0;
}
