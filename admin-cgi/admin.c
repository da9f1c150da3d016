/* admin.c: the administrators' view of pat-admin (admin.h): its routes,
 * the checks of the list's filters and the revocations. */
#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_escape.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "admin_pages.h"
#include "store_admin.h"

/* The longest owner the filter and Revoke all take: pat_tokens.owner is
 * VARBINARY(1020). */
#define OWNER_MAX 1020

int pat_admin_view(void)
{
    const char *v = getenv(PAT_ADMIN_VIEW_ENV);

    return v != NULL && strcmp(v, "1") == 0;
}

/* v ("" when not given) as a whole number from lo to hi into *n.
 * Returns 1 if it is one, else 0. */
static int whole_number(const char *v, int lo, int hi, int *n)
{
    apr_size_t i, len = strlen(v);

    if (len == 0 || len > 5) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (!apr_isdigit(v[i])) {
            return 0;
        }
    }
    *n = atoi(v);
    return *n >= lo && *n <= hi;
}

/* The query's value of name, "" when absent. */
static const char *query_value(apr_table_t *q, const char *name)
{
    const char *v = apr_table_get(q, name);

    return v ? v : "";
}

/* Read the list's filters from q into f (for the store) and form (for
 * the page).  Returns NULL, or the 400 message naming the bad field. */
static const char *read_filters(pat_request *r, apr_table_t *q,
                                pat_admin_filter *f, pat_admin_form *form)
{
    apr_pool_t *p = r->page.pool;
    const char *query = "";

    memset(f, 0, sizeof(*f));
    form->owner = query_value(q, "owner");
    form->status = query_value(q, "status");
    form->unused_days = query_value(q, "unused_days");
    if (strlen(form->owner) > OWNER_MAX) {
        return "owner: at most 1020 bytes.";
    }
    if (*form->owner) {
        f->owner = form->owner;
        query = apr_pstrcat(p, "owner=", apr_pescape_urlencoded(p, form->owner),
                            NULL);
    }
    if (*form->status == '\0' || strcmp(form->status, "all") == 0) {
        f->status = PAT_ADMIN_ALL;
    }
    else if (strcmp(form->status, "active") == 0) {
        f->status = PAT_ADMIN_ACTIVE;
    }
    else if (strcmp(form->status, "soon") == 0) {
        f->status = PAT_ADMIN_SOON;
    }
    else if (strcmp(form->status, "expired") == 0) {
        f->status = PAT_ADMIN_EXPIRED;
    }
    else {
        return "status: one of active, soon, expired or all.";
    }
    if (f->status != PAT_ADMIN_ALL) {
        query = apr_pstrcat(p, query, *query ? "&" : "",
                            "status=", form->status, NULL);
    }
    if (*form->unused_days) {
        if (!whole_number(form->unused_days, 1, PAT_ADMIN_UNUSED_MAX,
                          &f->unused_days)) {
            return "unused_days: a whole number of days from 1 to 3650.";
        }
        query = apr_pstrcat(p, query, *query ? "&" : "",
                            "unused_days=", apr_itoa(p, f->unused_days), NULL);
    }
    form->query = query;
    return NULL;
}

/* The list's confirmation after a redirect, from q (done=revoked, or
 * done=revoked-all with n and owner), or NULL.  The query is anyone's
 * link: "Revoked N tokens of U." is shown only on the list filtered by
 * that owner that now shows none of U's tokens (listed: the rows shown),
 * so that a forged link cannot tell an administrator that a user's
 * tokens are gone while they are listed. */
static const char *admin_flash(pat_request *r, apr_table_t *q,
                               const pat_admin_filter *f, int listed)
{
    const char *done = apr_table_get(q, "done"), *n = apr_table_get(q, "n");
    int count;

    if (done && strcmp(done, "revoked") == 0) {
        return "Token revoked.";
    }
    if (done && strcmp(done, "revoked-all") == 0 && n
        && whole_number(n, 1, 99999, &count) && f->owner && listed == 0
        && f->status == PAT_ADMIN_ALL && f->unused_days == 0) {
        return apr_psprintf(r->page.pool, "Revoked %d %s of %s.", count,
                            count == 1 ? "token" : "tokens",
                            query_value(q, "owner"));
    }
    return NULL;
}

/* GET /: one page of the list. */
static int show_list(pat_request *r)
{
    apr_table_t *q = pat_query(r);
    pat_admin_filter f;
    pat_admin_form form;
    apr_array_header_t *rows;
    const char *err, *after, *before, *prev = NULL, *next = NULL;
    int n;

    if (q == NULL) {
        return pat_send_bad_form(r, 400, "The query string cannot be read.");
    }
    err = read_filters(r, q, &f, &form);
    if (err) {
        return pat_send_bad_form(r, 400, err);
    }
    after = apr_table_get(q, "after");
    before = apr_table_get(q, "before");
    if ((after && !pat_is_id(after, strlen(after)))
        || (before && !pat_is_id(before, strlen(before)))) {
        return pat_send_bad_form(r, 400, "after, before: a token id.");
    }
    if (after) {
        before = NULL;
    }
    if (pat_admin_list(r->store, &f, &r->page.today, r->page.now, after, before,
                       PAT_ADMIN_PAGE + 1, &rows)
        != APR_SUCCESS) {
        return pat_send_database_error(r);
    }
    n = rows->nelts;
    if (n > PAT_ADMIN_PAGE) {
        if (before) {
            /* the lowest id is the extra one: an earlier page exists */
            memmove(rows->elts, rows->elts + sizeof(pat_admin_row),
                    PAT_ADMIN_PAGE * sizeof(pat_admin_row));
        }
        rows->nelts = PAT_ADMIN_PAGE;
    }
    if (rows->nelts > 0) {
        const char *first = APR_ARRAY_IDX(rows, 0, pat_admin_row).row.id;
        const char *last =
            APR_ARRAY_IDX(rows, rows->nelts - 1, pat_admin_row).row.id;

        prev = (after || (before && n > PAT_ADMIN_PAGE)) ? first : NULL;
        next = (before || n > PAT_ADMIN_PAGE) ? last : NULL;
    }
    return pat_send_page(
        r,
        pat_page_admin_list(&r->page, &form, rows, prev, next,
                            admin_flash(r, q, &f, rows->nelts)),
        200);
}

/* GET and POST /ID/revoke. */
static int revoke_one(pat_request *r, const char *id, int post)
{
    pat_admin_row *row;
    apr_table_t *form;
    apr_status_t rv;

    if (!post) {
        rv = pat_admin_get(r->store, id, &row);
        if (rv != APR_SUCCESS) {
            return pat_send_store_failed(r, rv);
        }
        return pat_send_page(r, pat_page_admin_revoke(&r->page, row), 200);
    }
    if (!pat_post_form(r, &form)) {
        return 0;
    }
    rv = pat_admin_revoke(r->store, id, &row);
    if (rv != APR_SUCCESS) {
        return pat_send_store_failed(r, rv);
    }
    fprintf(stderr, "pat-admin: administrator %s revoked token %s of %s\n",
            pat_loggable(r, r->user), id, pat_loggable(r, row->owner));
    return pat_send_redirect(r, "?done=revoked");
}

/* GET /revoke?owner=U and POST /revoke (field owner). */
static int revoke_all(pat_request *r, int post)
{
    apr_table_t *fields;
    const char *owner;
    int count = 0;

    if (post) {
        if (!pat_post_form(r, &fields)) {
            return 0;
        }
    }
    else if ((fields = pat_query(r)) == NULL) {
        return pat_send_bad_form(r, 400, "The query string cannot be read.");
    }
    owner = apr_table_get(fields, "owner");
    if (owner == NULL || *owner == '\0' || strlen(owner) > OWNER_MAX) {
        return pat_send_bad_form(r, 400,
                                 "owner: the user whose tokens to "
                                 "revoke (at most 1020 bytes).");
    }
    if (!post) {
        if (pat_admin_count(r->store, owner, &count) != APR_SUCCESS) {
            return pat_send_database_error(r);
        }
        return pat_send_page(
            r, pat_page_admin_revoke_all(&r->page, owner, count), 200);
    }
    if (pat_admin_revoke_owner(r->store, owner, &count) != APR_SUCCESS) {
        return pat_send_database_error(r);
    }
    if (count == 0) {
        return pat_send_page(r, pat_page_admin_revoke_all(&r->page, owner, 0),
                             200);
    }
    fprintf(stderr, "pat-admin: administrator %s revoked all %d tokens of %s\n",
            pat_loggable(r, r->user), count, pat_loggable(r, owner));
    /* the owner is URL-encoded: no line break can reach the header */
    return pat_send_redirect(
        r,
        apr_psprintf(r->page.pool, "?owner=%s&done=revoked-all&n=%d",
                     apr_pescape_urlencoded(r->page.pool, owner), count));
}

int pat_admin_route(pat_request *r)
{
    const char *p = r->path, *slash;
    int get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    int post = strcmp(r->method, "POST") == 0;

    if (!get && !post) {
        return pat_send_error(r, 405, "Method not allowed", "Use GET or POST.");
    }
    if (get && (*p == '\0' || strcmp(p, "/") == 0)) {
        return show_list(r);
    }
    if (strcmp(p, "/revoke") == 0) {
        return revoke_all(r, post);
    }
    if (*p == '/' && (slash = strchr(p + 1, '/')) != NULL
        && pat_is_id(p + 1, (apr_size_t)(slash - p - 1))
        && strcmp(slash, "/revoke") == 0) {
        return revoke_one(
            r, apr_pstrmemdup(r->page.pool, p + 1, (apr_size_t)(slash - p - 1)),
            post);
    }
    return pat_send_error(r, 404, "Not found", "There is no such page.");
}
