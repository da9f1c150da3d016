/* api.h: one request to pat-api, the JSON management API of the
 * Personal Access Tokens (README "API"): who asks, for what, and what
 * the program read to answer it. */
#ifndef PAT_API_H
#define PAT_API_H

#include "apr_pools.h"
#include "apr_time.h"

#include "config.h"
#include "pat_date.h"
#include "store.h"

/* the most bytes of a request body (413 "too_large" above it) */
#define PAT_API_MAX_BODY 65536

/* One request.  Strings from pool; user, method and path from the CGI
 * environment ("" when a variable is not set). */
typedef struct {
    apr_pool_t *pool;
    const char *user;   /* REMOTE_USER */
    const char *method; /* REQUEST_METHOD */
    const char *base;   /* SCRIPT_NAME, e.g. "/api/v1.0/tokens" */
    const char *path;   /* PATH_INFO below it, e.g. "/12" */
    /* PAT_TOKEN_ID when a token authenticated the request, else NULL */
    const char *token_id;
    apr_time_t now;
    pat_date_t today; /* the server's local date */
    pat_admin_config cfg;
    pat_store *store;
    /* whether the request body was read to its end (pat_api_finish_body) */
    int body_read;
} pat_api_request;

#endif /* PAT_API_H */
