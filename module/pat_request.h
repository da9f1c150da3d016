/* pat_request.h: the token headers of a request (mod_auth_pat glue). */
#ifndef PAT_REQUEST_H
#define PAT_REQUEST_H

#include "httpd.h"

#include "pat_dbd.h"

/* Take every field named name out of r->headers_in and keep it in r's
 * request config (from r->pool). */
void pat_hold_header(request_rec *r, const char *name);

/* The table holding the fields named name as the client sent them:
 * r->headers_in while they are still there, else what was held for r or
 * for the request r is a subrequest or internal redirect of.
 * Returns NULL if the client sent no such field. */
apr_table_t *pat_presented_headers(request_rec *r, const char *name);

/* If hide is set and the Authorization header uses the Bearer scheme,
 * hold it like a token header (Basic credentials are left alone). */
void pat_hold_bearer(request_rec *r, int hide);

/* The token of an "Authorization: Bearer <token>" header as the client
 * sent it (held or not), or NULL. */
const char *pat_bearer_token(request_rec *r);

/* How many fields named name t has. */
int pat_count_headers(apr_table_t *t, const char *name);

/* Add every field named name of from to to. */
void pat_copy_headers(apr_table_t *to, apr_table_t *from, const char *name);

/* A protocol switch is under way (an HTTP/1.1 request with "Upgrade:
 * h2c"): mod_http2 makes the first HTTP/2 request from r's headers, so
 * every token header held for r, or for the request r is an internal
 * redirect of, goes back into r->headers_in, where the new request's own
 * hooks take it out again (README "HTTP/2").  Nothing else runs on r
 * before pat_rehide_headers. */
void pat_release_headers(request_rec *r);

/* Take what pat_release_headers put back out of r->headers_in again (before
 * r is logged).  Does nothing when nothing was released. */
void pat_rehide_headers(request_rec *r);

/* Remember that the token row (from r->pool or the cache) authenticated
 * r, for the authorization providers of the same request (Require
 * pat-permission, README "Role Permissions"). */
void pat_request_set_token(request_rec *r, const pat_dbd_row *row);

/* The token that authenticated r, or NULL when none did (no token, or
 * another authentication: a password, a browser login). */
const pat_dbd_row *pat_request_token(request_rec *r);

#endif /* PAT_REQUEST_H */
