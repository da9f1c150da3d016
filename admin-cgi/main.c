/* pat-admin: the "Manage Personal Access Tokens" pages, a CGI program run
 * by httpd (mod_cgid or mod_cgi) behind the site's interactive login.
 *
 * Routes, under SCRIPT_NAME (e.g. /profile/tokens):
 *   GET  /              the list, with the Create and Delete dialogs
 *   POST /              create a token; the response shows it once
 *   GET  /new           the create form (without JavaScript)
 *   GET  /ID/edit       the edit form       POST /ID/edit    save it
 *   GET  /ID/delete     confirmation        POST /ID/delete  delete
 *   GET  /ID/activity   the token's activity history
 *   POST /delete        delete the token named by the form's field id
 *   GET  /ID/regenerate confirmation        POST /ID/regenerate  a new
 *                       token in its place, shown once on the list
 *   POST /regenerate    regenerate the token named by the form's field id
 * With PAT_ADMIN_VIEW=1 (SetEnv where only administrators reach) the
 * routes are instead the administrators' view of every user's tokens
 * (admin.h); the checks of prepare() apply to both.
 *
 * The user is REMOTE_USER; every query is scoped to it.  A request that
 * authenticated with a PAT (AUTH_TYPE PAT, or PAT_TOKEN_ID set: a token
 * as the password of AuthBasicProvider pat) is refused: a token must not
 * be able to mint or change tokens.  Every POST carries the user's CSRF
 * token.  Errors go to stderr, which httpd writes to its error log; the
 * full token is never written there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_escape.h"
#include "apr_general.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "actions.h"
#include "admin.h"
#include "config.h"
#include "csrf.h"
#include "form.h"
#include "pat_date.h"
#include "pat_env.h"
#include "permissions.h"
#include "request.h"

/* A POST: read and parse the form, check its CSRF token, then run the
 * action: "create", "edit" (of token id), "delete" or "regenerate" (of
 * token id, or when id is NULL of the form's field id). */
static int handle_post(pat_request *r, const char *id, const char *action)
{
    apr_table_t *form;

    if (!pat_post_form(r, &form)) {
        return 0;
    }
    if (strcmp(action, "create") == 0) {
        return pat_create_token(r, form);
    }
    if (strcmp(action, "edit") == 0) {
        return pat_edit_token(r, id, form);
    }
    /* POST /delete and POST /regenerate (the list's dialogs, until
     * their script sets the token's own URL) name the token in their id
     * field */
    if (id == NULL) {
        id = apr_table_get(form, "id");
        if (id == NULL || !pat_is_id(id, strlen(id))) {
            return pat_send_not_found(r);
        }
    }
    if (strcmp(action, "regenerate") == 0) {
        return pat_regenerate_token(r, id, form);
    }
    return pat_delete_token(r, id, 1);
}

/* The confirmation shown on the list after a redirect from an edit or a
 * delete (?done=updated or ?done=deleted), or NULL. */
static const char *list_flash(pat_request *r)
{
    apr_table_t *q = NULL;
    const char *qs = pat_cgi_env("QUERY_STRING"), *done;

    if (pat_form_parse(r->page.pool, qs, strlen(qs), NULL, 0, &q) != NULL) {
        return NULL;
    }
    done = apr_table_get(q, "done");
    if (done && strcmp(done, "updated") == 0) {
        return "Token updated.";
    }
    if (done && strcmp(done, "deleted") == 0) {
        return "Token deleted.";
    }
    return NULL;
}

static int route(pat_request *r)
{
    const char *p = r->path, *slash, *id = NULL, *action = NULL;
    int get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    int post = strcmp(r->method, "POST") == 0;

    if (!get && !post) {
        return pat_send_error(r, 405, "Method not allowed", "Use GET or POST.");
    }
    if (*p == '\0' || strcmp(p, "/") == 0) {
        if (post) {
            return handle_post(r, NULL, "create");
        }
        return pat_show_list(r, list_flash(r));
    }
    if (post && strcmp(p, "/delete") == 0) {
        return handle_post(r, NULL, "delete");
    }
    if (post && strcmp(p, "/regenerate") == 0) {
        return handle_post(r, NULL, "regenerate");
    }
    if (get && strcmp(p, "/new") == 0) {
        pat_form_values v;
        const char *nonce = pat_nonce_new(r->page.pool);

        if (nonce == NULL) {
            return pat_send_error(r, 500, "Error", "No random numbers.");
        }
        pat_form_empty(&r->page, nonce, &v);
        return pat_send_page(r, pat_page_create(&r->page, &v), 200);
    }
    /* /ID/edit, /ID/delete and /ID/regenerate */
    if (*p == '/' && (slash = strchr(p + 1, '/')) != NULL
        && pat_is_id(p + 1, (apr_size_t)(slash - p - 1))) {
        id = apr_pstrmemdup(r->page.pool, p + 1, (apr_size_t)(slash - p - 1));
        action = slash + 1;
    }
    if (id && strcmp(action, "edit") == 0) {
        return post ? handle_post(r, id, action) : pat_edit_token(r, id, NULL);
    }
    if (id && strcmp(action, "delete") == 0) {
        return post ? handle_post(r, id, action) : pat_delete_token(r, id, 0);
    }
    if (id && get && strcmp(action, "activity") == 0) {
        return pat_show_activity(r, id);
    }
    if (id && strcmp(action, "regenerate") == 0) {
        return post ? handle_post(r, id, action)
                    : pat_regenerate_token(r, id, NULL);
    }
    return pat_send_error(r, 404, "Not found", "There is no such page.");
}

/* Set up r from the CGI environment and refuse what must not reach a
 * route: a request authenticated with a PAT, no login, no date, no
 * configuration, no database.  Returns 1 when r may be routed, else 0
 * with the answer sent. */
static int prepare(pat_request *r, apr_pool_t *pool)
{
    const char *err = NULL, *slash, *conf;

    r->page.pool = pool;
    r->page.base = pat_cgi_env("SCRIPT_NAME");
    slash = strrchr(r->page.base, '/');
    r->page.static_base =
        apr_pstrcat(pool,
                    slash ? apr_pstrmemdup(pool, r->page.base,
                                           (apr_size_t)(slash - r->page.base))
                          : "",
                    "/static", NULL);
    r->page.csrf = "";
    r->user = pat_cgi_env("REMOTE_USER");
    r->method = pat_cgi_env("REQUEST_METHOD");
    r->path = pat_cgi_env("PATH_INFO");

    /* AUTH_TYPE PAT, or a token given as the Basic password to
     * AuthBasicProvider pat (AUTH_TYPE Basic): mod_auth_pat sets
     * PAT_TOKEN_ID for every request a token authenticated, and clients
     * cannot set environment variables. */
    if (strcasecmp(pat_cgi_env("AUTH_TYPE"), PAT_AUTH_TYPE) == 0
        || *pat_cgi_env(PAT_ENV_TOKEN_ID)) {
        fprintf(stderr,
                "pat-admin: refused a PAT-authenticated request of "
                "user %s\n",
                pat_loggable(r, r->user));
        pat_send_error(r, 403, "Forbidden",
                       "Personal Access Tokens cannot be managed with a "
                       "Personal Access Token. Log in to manage them.");
        return 0;
    }
    if (*r->user == '\0') {
        fputs("pat-admin: no REMOTE_USER: protect the admin pages with the "
              "site's login\n",
              stderr);
        pat_send_error(r, 403, "Forbidden", "You must be logged in.");
        return 0;
    }
    r->page.now = apr_time_now();
    if (pat_date_from_time(r->page.now, &r->page.today) != APR_SUCCESS) {
        pat_send_error(r, 500, "Error",
                       "The server does not know today's date.");
        return 0;
    }
    conf = getenv("PAT_ADMIN_CONFIG");
    err =
        pat_config_read(pool, conf ? conf : PAT_ADMIN_CONFIG_DEFAULT, &r->cfg);
    if (err) {
        fprintf(stderr, "pat-admin: configuration: %s\n", err);
        pat_send_error(r, 500, "Configuration error",
                       "The token pages are not configured. Nothing was "
                       "changed.");
        return 0;
    }
    r->page.perms = r->cfg.perms;
    r->page.csrf = pat_csrf_token(pool, r->cfg.csrf_secret, r->user);
    if (r->page.csrf == NULL) {
        pat_send_error(r, 500, "Error", "OpenSSL failed.");
        return 0;
    }
    if (pat_store_open(pool, &r->cfg, &r->store, &err) != APR_SUCCESS) {
        fprintf(stderr, "pat-admin: database: %s\n", err ? err : "unknown");
        pat_send_database_error(r);
        return 0;
    }
    pat_store_set_actor(r->store, r->user, getenv("REMOTE_ADDR"));
    return 1;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    pat_request r;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS
        || apr_pool_create(&pool, NULL) != APR_SUCCESS) {
        fputs("Status: 500 Internal Server Error\r\n\r\n", stdout);
        return 1;
    }
    memset(&r, 0, sizeof(r));
    /* before prepare: its error pages name the view too */
    r.page.admin = pat_admin_view();
    if (prepare(&r, pool)) {
        /* the administrators' view only where httpd says so (admin.h) */
        if (r.page.admin) {
            pat_admin_route(&r);
        }
        else {
            route(&r);
        }
    }
    apr_pool_destroy(pool);
    apr_terminate();
    return 0;
}
