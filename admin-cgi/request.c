/* request.c: answering a pat-admin request: the pages, redirects and
 * error pages it sends, and what every answer does first (read what is
 * left of the body). */
#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_escape.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "csrf.h"
#include "form.h"
#include "permissions.h"

const char *pat_cgi_env(const char *name)
{
    const char *v = getenv(name);

    return v ? v : "";
}

void pat_finish_body(pat_request *r)
{
    if (!r->body_read) {
        pat_form_drain(stdin, 1024 * 1024);
        r->body_read = 1;
    }
}

int pat_send_page(pat_request *r, pat_html_t *h, int status)
{
    pat_finish_body(r);
    pat_html_send(h, status, stdout);
    return 0;
}

int pat_send_redirect(pat_request *r, const char *query)
{
    pat_finish_body(r);
    pat_html_redirect(apr_pstrcat(r->page.pool, r->page.base, query, NULL),
                      stdout);
    return 0;
}

/* Text from the request, made safe for a log line (no line breaks or
 * control characters that could forge log entries). */
const char *pat_loggable(pat_request *r, const char *s)
{
    return s ? apr_pescape_echo(r->page.pool, s, 1) : "";
}

int pat_send_error(pat_request *r, int status, const char *title,
                   const char *message)
{
    return pat_send_page(r, pat_page_error(&r->page, title, message), status);
}

/* A request no page of ours sends (a form that cannot be parsed, a
 * tampered field): one log line naming the reason, then status and the
 * reason on the page.  Nothing was written. */
int pat_send_bad_form(pat_request *r, int status, const char *reason)
{
    fprintf(stderr, "pat-admin: bad form from user %s: %s\n",
            pat_loggable(r, r->user), pat_loggable(r, reason));
    return pat_send_error(r, status, "Bad request", reason);
}

int pat_send_database_error(pat_request *r)
{
    return pat_send_error(r, 500, "Database unavailable",
                          "The token database cannot be reached. Nothing was "
                          "changed. Please try again later.");
}

int pat_send_not_found(pat_request *r)
{
    return pat_send_error(r, 404, "Not found", "There is no such token.");
}

/* The answer to a store call on one of the user's tokens that failed:
 * 404 for another user's or no token, else the database page. */
int pat_send_store_failed(pat_request *r, apr_status_t rv)
{
    return rv == APR_NOTFOUND ? pat_send_not_found(r)
                              : pat_send_database_error(r);
}

/* The list page with rows (pat_store_list), flash (or NULL) and
 * new_token to show once (or NULL), with fresh one-time values for its
 * Create and Regenerate forms. */
int pat_send_list(pat_request *r, apr_array_header_t *rows, const char *flash,
                  const char *new_token)
{
    const char *nonce = pat_nonce_new(r->page.pool);
    const char *regen_nonce = pat_nonce_new(r->page.pool);

    if (nonce == NULL || regen_nonce == NULL) {
        return pat_send_error(r, 500, "Error", "No random numbers.");
    }
    return pat_send_page(
        r, pat_page_list(&r->page, rows, flash, new_token, nonce, regen_nonce),
        200);
}

int pat_show_list(pat_request *r, const char *flash)
{
    apr_array_header_t *rows;

    if (pat_store_list(r->store, r->user, &rows) != APR_SUCCESS) {
        return pat_send_database_error(r);
    }
    return pat_send_list(r, rows, flash, NULL);
}

int pat_is_id(const char *s, apr_size_t len)
{
    apr_size_t i;

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

int pat_post_form(pat_request *r, apr_table_t **form)
{
    const char *body, *err = NULL;
    apr_size_t len;
    int status;

    status = pat_form_read_body(r->page.pool, stdin, getenv("CONTENT_TYPE"),
                                getenv("CONTENT_LENGTH"), PAT_FORM_MAX_BODY,
                                &body, &len, &err);
    r->body_read = status == 0;
    if (status == 0) {
        /* the Permissions checkboxes share one field name */
        err = pat_form_parse(r->page.pool, body, len, PAT_PERM_FIELD,
                             PAT_PERM_COUNT_MAX, form);
        status = err ? 400 : 0;
    }
    if (status != 0) {
        pat_send_bad_form(r, status, err);
        return 0;
    }
    if (!pat_csrf_post_allowed(r->page.pool, r->cfg.csrf_secret, r->user,
                               apr_table_get(*form, "csrf"),
                               getenv("HTTP_ORIGIN"),
                               pat_cgi_env("HTTP_HOST"))) {
        fprintf(stderr, "pat-admin: CSRF check failed for user %s\n",
                pat_loggable(r, r->user));
        pat_send_error(r, 403, "Forbidden",
                       "This form did not come from this site (CSRF check "
                       "failed). Nothing was changed. Reload the page and "
                       "try again.");
        return 0;
    }
    return 1;
}

apr_table_t *pat_query(pat_request *r)
{
    apr_table_t *q = NULL;
    const char *qs = pat_cgi_env("QUERY_STRING");

    if (pat_form_parse(r->page.pool, qs, strlen(qs), NULL, 0, &q) != NULL) {
        return NULL;
    }
    return q;
}
