/* html.c: page assembly with escaping built in, and the CGI headers. */
#include "html.h"

#include <stdarg.h>
#include <string.h>

#include "apr_escape.h"
#include "apr_strings.h"

/* Every page: scripts and styles only from this server's static files,
 * nothing inline, no framing, no referrer. */
static const char security_headers[] =
    "Content-Security-Policy: default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "Cache-Control: no-store\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n";

pat_html_t *pat_html_make(apr_pool_t *p)
{
    pat_html_t *h = apr_palloc(p, sizeof(*h));

    h->pool = p;
    h->parts = apr_array_make(p, 64, sizeof(const char *));
    return h;
}

void pat_html(pat_html_t *h, const char *tpl, ...)
{
    va_list ap;
    const char *pos = tpl, *hole;

    va_start(ap, tpl);
    while ((hole = strstr(pos, "{}")) != NULL) {
        const char *arg = va_arg(ap, const char *);

        APR_ARRAY_PUSH(h->parts, const char *) =
            apr_pstrmemdup(h->pool, pos, (apr_size_t)(hole - pos));
        APR_ARRAY_PUSH(h->parts, const char *) =
            arg ? apr_pescape_entity(h->pool, arg, 0) : "";
        pos = hole + 2;
    }
    va_end(ap);
    APR_ARRAY_PUSH(h->parts, const char *) = pos;
}

const char *pat_http_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    default:
        return "Internal Server Error";
    }
}

void pat_html_send(pat_html_t *h, int status, FILE *out)
{
    int i;

    fprintf(out, "Status: %d %s\r\n", status, pat_http_reason(status));
    fputs("Content-Type: text/html; charset=utf-8\r\n", out);
    fputs(security_headers, out);
    if (status == 405) {
        fputs("Allow: GET, POST\r\n", out);
    }
    fputs("\r\n", out);
    for (i = 0; i < h->parts->nelts; i++) {
        fputs(APR_ARRAY_IDX(h->parts, i, const char *), out);
    }
    fflush(out);
}

void pat_html_redirect(const char *location, FILE *out)
{
    fprintf(out, "Status: 303 See Other\r\nLocation: %s\r\n%s\r\n", location,
            security_headers);
    fflush(out);
}
