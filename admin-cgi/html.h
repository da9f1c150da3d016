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

pat_html_t *pat_html_make(apr_pool_t *p);

/* Append tpl, a string literal of trusted markup, with each "{}" replaced
 * by the next const char * argument, HTML-escaped (quotes included, so it
 * is safe in double-quoted attributes too).  NULL arguments print as "".
 * The number of arguments must match the number of "{}". */
void pat_html(pat_html_t *h, const char *tpl, ...);

/* Write a complete CGI response to out: Status, the security headers of
 * every page (Content-Security-Policy without inline script,
 * frame-ancestors 'none', Referrer-Policy no-referrer, Cache-Control
 * no-store, nosniff), then the body.  status: an HTTP status code. */
void pat_html_send(pat_html_t *h, int status, FILE *out);

/* Write a redirect (303 See Other) to a path on this server. */
void pat_html_redirect(const char *location, FILE *out);

#endif /* PAT_HTML_H */
