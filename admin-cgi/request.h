/* request.h: one request to pat-admin (the token pages) and the ways it
 * is answered.  Every answer first reads what is left of the request
 * body (pat_finish_body), then writes a whole CGI response to stdout;
 * the pat_send_ and pat_show_ functions return 0, the CGI program's
 * status after any answer. */
#ifndef PAT_REQUEST_H
#define PAT_REQUEST_H

#include "apr_pools.h"
#include "apr_tables.h"

#include "config.h"
#include "html.h"
#include "pages.h"
#include "store.h"

/* One request: what the pages need, who asks for what, and the state of
 * its body. */
typedef struct {
    pat_page_ctx page;
    const char *user;
    const char *method;
    const char *path;
    pat_admin_config cfg;
    pat_store *store;
    /* Whether the request body was read.  A CGI that answers without
     * reading it makes httpd's write to the CGI fail, and the answer may
     * be lost or delayed: every answer first reads what is left (up to
     * 1 MiB; httpd's LimitRequestBody should refuse larger bodies before
     * they get here). */
    int body_read;
} pat_request;

/* The CGI variable name (getenv), or "" when it is not set. */
const char *pat_cgi_env(const char *name);

/* Read and drop what is left of the request body, once (up to 1 MiB). */
void pat_finish_body(pat_request *r);

/* Send page h with HTTP status (pat_html_send). */
int pat_send_page(pat_request *r, pat_html_t *h, int status);

/* Send 303 to the list with query (e.g. "?done=updated"), a string of
 * this program's, never text from the request. */
int pat_send_redirect(pat_request *r, const char *query);

/* s (may be NULL: "") made safe for a log line: no line breaks or
 * control characters that could forge log entries; from r's pool. */
const char *pat_loggable(pat_request *r, const char *s);

/* The error page with status, title and message (plain text). */
int pat_send_error(pat_request *r, int status, const char *title,
                   const char *message);

/* A request no page of ours sends (a form that cannot be parsed, a
 * tampered field): one log line naming the reason, then status and the
 * reason on the page.  Nothing was written. */
int pat_send_bad_form(pat_request *r, int status, const char *reason);

/* 500 "Database unavailable": nothing was changed. */
int pat_send_database_error(pat_request *r);

/* 404 "There is no such token." (another user's id too: README "Token
 * management pages"). */
int pat_send_not_found(pat_request *r);

/* The answer to a store call on one of the user's tokens that failed
 * with rv: 404 for APR_NOTFOUND (another user's or no token), else the
 * database page. */
int pat_send_store_failed(pat_request *r, apr_status_t rv);

/* The list page (status 200) with rows (pat_store_list), flash (or
 * NULL) and new_token to show once in "Copy your token" (or NULL), with
 * fresh one-time values for its Create and Regenerate forms (500 when
 * the random generator fails). */
int pat_send_list(pat_request *r, apr_array_header_t *rows, const char *flash,
                  const char *new_token);

/* Read the user's tokens and send the list with flash (or NULL); the
 * database page when they cannot be read. */
int pat_show_list(pat_request *r, const char *flash);

/* Whether s (len bytes, need not end there) is a token id: 1 to 18
 * decimal digits, no leading zero.  Returns 1 if it is, else 0. */
int pat_is_id(const char *s, apr_size_t len);

/* A POST's form: read and parse the body into *form (from r's pool),
 * then check its CSRF token and Origin (csrf.h), as every POST must be
 * before it changes anything.  Returns 1 when the form may be used,
 * else 0 with the answer sent (400/413/415 for a body that cannot be
 * read, 403 for a failed CSRF or Origin check). */
int pat_post_form(pat_request *r, apr_table_t **form);

/* The request's query string, parsed (from r's pool), or NULL when it
 * cannot be parsed (bad %-encoding, too long). */
apr_table_t *pat_query(pat_request *r);

#endif /* PAT_REQUEST_H */
