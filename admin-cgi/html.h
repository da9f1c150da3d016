/* html.h: every page of the admin program is built here.  Text from a
 * user or the database enters a page only through a "{}" placeholder of
 * pat_html(), which escapes it with apr_pescape_entity, so no page can
 * forget to escape. */
#ifndef PAT_HTML_H
#define PAT_HTML_H

#include <stdio.h>

#include "apr_pools.h"
#include "apr_tables.h"

typedef struct {
    apr_pool_t *pool;
    apr_array_header_t *parts; /* const char * pieces, in order */
} pat_html_t;

/* An empty page, built in p (and freed with it).  Never returns NULL:
 * APR aborts the program when a pool runs out of memory. */
pat_html_t *pat_html_make(apr_pool_t *p);

/* Append tpl, a string literal of trusted markup, with each "{}" replaced
 * by the next const char * argument, HTML-escaped (quotes included, so it
 * is safe in double-quoted attributes too).  NULL arguments print as "".
 * The number of arguments must match the number of "{}". */
void pat_html(pat_html_t *h, const char *tpl, ...);

/* The reason phrase of status, an HTTP status code that pat-admin or
 * pat-api sends (RFC 9110's phrases); "Internal Server Error" for any
 * other.  Shared by both programs' Status lines. */
const char *pat_http_reason(int status);

/* Write a complete CGI response to out: Status, the security headers of
 * every page (README "Token management pages": Content-Security-Policy
 * without inline script, frame-ancestors 'none', Referrer-Policy
 * no-referrer, Cache-Control no-store; and nosniff), then the body.
 * status: an HTTP status code (one this program sends; any other is
 * written with the reason "Internal Server Error").  A failed write is
 * not reported: the client has gone and nobody is left to answer. */
void pat_html_send(pat_html_t *h, int status, FILE *out);

/* Write a redirect (303 See Other, with the security headers) to
 * location, a path on this server built by the program (never text from
 * the request: it is written as it is).  Write errors as for
 * pat_html_send. */
void pat_html_redirect(const char *location, FILE *out);

#endif /* PAT_HTML_H */
