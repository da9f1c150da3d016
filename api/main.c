/* pat-api: the JSON management API of the Personal Access Tokens
 * (README "API"), a CGI program run by httpd behind the site's login,
 * mounted at /api/v1.0/tokens.  It reads the token pages' admin.conf
 * (PAT_ADMIN_CONFIG) and changes tokens through their store and rules.
 *
 * Routes, under SCRIPT_NAME:
 *   GET    /                 the user's tokens
 *   POST   /                 create a token (shown once, in the answer)
 *   GET    /ID               one token
 *   PATCH  /ID               change the given fields
 *   DELETE /ID               delete it
 *   POST   /ID/regenerate    a new token in its place (shown once)
 *   GET    /self             the token that authenticated the request
 *
 * The user is REMOTE_USER; every query is scoped to it.  A request that
 * a token authenticated (AUTH_TYPE PAT, or PAT_TOKEN_ID set) may only
 * GET /self: a token must not be able to mint or change tokens.  A
 * change (POST, PATCH, DELETE) must be sent as application/json (415),
 * which a cross-site HTML form cannot send and a cross-site script
 * cannot send without a CORS preflight that this API never answers, and
 * a change whose Origin header names another site (or "null") is 403:
 * that is the CSRF defence, so there is no CSRF token.  Errors go to
 * stderr (httpd's error log); a token is never written there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apr_general.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "csrf.h"
#include "handlers.h"
#include "json.h"
#include "pat_env.h"

/* The CGI variable name, or "" when it is not set. */
static const char *env(const char *name)
{
    const char *v = getenv(name);

    return v ? v : "";
}

/* A token id from the path: 1 to 18 decimal digits, no leading 0. */
static int is_id(const char *s, apr_size_t len)
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

/* What a change must pass before its handler runs: an Origin header, if
 * sent, that names this host (403), and the JSON Content-Type (415).
 * Returns 1 when the change may go on, else 0 with the answer sent. */
static int change_allowed(pat_api_request *r)
{
    const char *origin = getenv("HTTP_ORIGIN");

    if (origin != NULL && !pat_origin_is_host(origin, getenv("HTTP_HOST"))) {
        fprintf(stderr,
                "pat-api: refused a %s of user %s from Origin %s (not this "
                "host)\n",
                r->method, pat_api_loggable(r, r->user),
                pat_api_loggable(r, origin));
        pat_api_send_error(r, 403, "forbidden",
                           "This request came from another site (its Origin "
                           "is not this host). Nothing was changed.",
                           NULL);
        return 0;
    }
    if (!pat_api_is_json(getenv("CONTENT_TYPE"))) {
        pat_api_send_error(r, 415, "unsupported_media_type",
                           "Send the request with Content-Type: "
                           "application/json.",
                           NULL);
        return 0;
    }
    return 1;
}

/* Route r to its handler by path and method. */
static int route(pat_api_request *r)
{
    const char *p = r->path, *m = r->method, *slash;
    const char *id = NULL, *action = NULL;
    int get = strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;

    if (*p == '\0' || strcmp(p, "/") == 0) {
        if (get) {
            return pat_api_list(r);
        }
        if (strcmp(m, "POST") == 0) {
            return change_allowed(r) ? pat_api_create(r) : 0;
        }
        return pat_api_send_method(r, "GET, POST");
    }
    if (strcmp(p, "/self") == 0) {
        return get ? pat_api_self(r) : pat_api_send_method(r, "GET");
    }
    if (*p == '/') {
        slash = strchr(p + 1, '/');
        if (slash == NULL) {
            slash = p + strlen(p);
        }
        if (is_id(p + 1, (apr_size_t)(slash - p - 1))) {
            id = apr_pstrmemdup(r->pool, p + 1, (apr_size_t)(slash - p - 1));
            action = slash;
        }
    }
    if (id != NULL && *action == '\0') {
        if (get) {
            return pat_api_get(r, id);
        }
        if (strcmp(m, "PATCH") == 0) {
            return change_allowed(r) ? pat_api_edit(r, id) : 0;
        }
        if (strcmp(m, "DELETE") == 0) {
            return change_allowed(r) ? pat_api_delete(r, id) : 0;
        }
        return pat_api_send_method(r, "GET, PATCH, DELETE");
    }
    if (id != NULL && strcmp(action, "/regenerate") == 0) {
        if (strcmp(m, "POST") == 0) {
            return change_allowed(r) ? pat_api_regenerate(r, id) : 0;
        }
        return pat_api_send_method(r, "POST");
    }
    return pat_api_send_error(r, 404, "not_found", "There is no such resource.",
                              NULL);
}

/* Set up r from the CGI environment and refuse what must not reach a
 * route: a token-authenticated request other than GET /self, no login,
 * no date, no configuration, no database.  Returns 1 when r may be
 * routed, else 0 with the answer sent. */
static int prepare(pat_api_request *r, apr_pool_t *pool)
{
    const char *err = NULL, *conf;

    r->pool = pool;
    r->user = env("REMOTE_USER");
    r->method = env("REQUEST_METHOD");
    r->base = env("SCRIPT_NAME");
    r->path = env("PATH_INFO");
    /* AUTH_TYPE PAT, or a token as the Basic password of
     * AuthBasicProvider pat: mod_auth_pat sets PAT_TOKEN_ID for every
     * request a token authenticated; clients cannot set it */
    if (*env(PAT_ENV_TOKEN_ID)) {
        r->token_id = env(PAT_ENV_TOKEN_ID);
    }
    if (r->token_id != NULL
        || strcasecmp(env("AUTH_TYPE"), PAT_AUTH_TYPE) == 0) {
        if (r->token_id == NULL || strcmp(r->method, "GET") != 0
            || strcmp(r->path, "/self") != 0) {
            fprintf(stderr,
                    "pat-api: refused a token-authenticated %s %s of user "
                    "%s\n",
                    pat_api_loggable(r, r->method),
                    pat_api_loggable(r, r->path), pat_api_loggable(r, r->user));
            pat_api_send_error(r, 403, "forbidden",
                               "Personal Access Tokens cannot be managed with "
                               "a Personal Access Token. Use the site's "
                               "login.",
                               NULL);
            return 0;
        }
    }
    if (*r->user == '\0') {
        fputs("pat-api: no REMOTE_USER: protect the API with the site's "
              "login\n",
              stderr);
        pat_api_send_error(r, 403, "forbidden", "You must be logged in.", NULL);
        return 0;
    }
    r->now = apr_time_now();
    if (pat_date_from_time(r->now, &r->today) != APR_SUCCESS) {
        pat_api_send_error(r, 500, "server_error",
                           "The server does not know today's date.", NULL);
        return 0;
    }
    conf = getenv("PAT_ADMIN_CONFIG");
    err =
        pat_config_read(pool, conf ? conf : PAT_ADMIN_CONFIG_DEFAULT, &r->cfg);
    if (err) {
        fprintf(stderr, "pat-api: configuration: %s\n", err);
        pat_api_send_error(r, 500, "server_error",
                           "The token API is not configured. Nothing was "
                           "changed.",
                           NULL);
        return 0;
    }
    if (pat_store_open(pool, &r->cfg, &r->store, &err) != APR_SUCCESS) {
        fprintf(stderr, "pat-api: database: %s\n", err ? err : "unknown");
        pat_api_send_database_error(r);
        return 0;
    }
    pat_store_set_actor(r->store, r->user, getenv("REMOTE_ADDR"));
    return 1;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    pat_api_request r;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS
        || apr_pool_create(&pool, NULL) != APR_SUCCESS) {
        fputs("Status: 500 Internal Server Error\r\n\r\n", stdout);
        return 1;
    }
    memset(&r, 0, sizeof(r));
    if (prepare(&r, pool)) {
        route(&r);
    }
    apr_pool_destroy(pool);
    apr_terminate();
    return 0;
}
