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

#include "config.h"
#include "csrf.h"
#include "form.h"
#include "history.h"
#include "html.h"
#include "pages.h"
#include "pat_date.h"
#include "pat_env.h"
#include "pat_token.h"
#include "permissions.h"
#include "store.h"
#include "validate.h"

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
} request;

static const char *env(const char *name)
{
    const char *v = getenv(name);

    return v ? v : "";
}

static void finish_body(request *r)
{
    if (!r->body_read) {
        pat_form_drain(stdin, 1024 * 1024);
        r->body_read = 1;
    }
}

static int send_page(request *r, pat_html_t *h, int status)
{
    finish_body(r);
    pat_html_send(h, status, stdout);
    return 0;
}

static int redirect(request *r, const char *query)
{
    finish_body(r);
    pat_html_redirect(apr_pstrcat(r->page.pool, r->page.base, query, NULL),
                      stdout);
    return 0;
}

/* Text from the request, made safe for a log line (no line breaks or
 * control characters that could forge log entries). */
static const char *loggable(request *r, const char *s)
{
    return s ? apr_pescape_echo(r->page.pool, s, 1) : "";
}

static int send_error(request *r, int status, const char *title,
                      const char *message)
{
    return send_page(r, pat_page_error(&r->page, title, message), status);
}

/* A request no page of ours sends (a form that cannot be parsed, a
 * tampered field): one log line naming the reason, then status and the
 * reason on the page.  Nothing was written. */
static int bad_form(request *r, int status, const char *reason)
{
    fprintf(stderr, "pat-admin: bad form from user %s: %s\n",
            loggable(r, r->user), loggable(r, reason));
    return send_error(r, status, "Bad request", reason);
}

static int database_error(request *r)
{
    return send_error(r, 500, "Database unavailable",
                      "The token database cannot be reached. Nothing was "
                      "changed. Please try again later.");
}

/* A token id from the path: 1 to 18 decimal digits. */
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

/* The list page with rows (pat_store_list), flash (or NULL) and
 * new_token to show once (or NULL), with fresh one-time values for its
 * Create and Regenerate forms. */
static int send_list(request *r, apr_array_header_t *rows, const char *flash,
                     const char *new_token)
{
    const char *nonce = pat_nonce_new(r->page.pool);
    const char *regen_nonce = pat_nonce_new(r->page.pool);

    if (nonce == NULL || regen_nonce == NULL) {
        return send_error(r, 500, "Error", "No random numbers.");
    }
    return send_page(
        r, pat_page_list(&r->page, rows, flash, new_token, nonce, regen_nonce),
        200);
}

static int show_list(request *r, const char *flash)
{
    apr_array_header_t *rows;

    if (pat_store_list(r->store, r->user, &rows) != APR_SUCCESS) {
        return database_error(r);
    }
    return send_list(r, rows, flash, NULL);
}

/* What a user who has count tokens is told when Create is refused for
 * MaxTokensPerUser (README "Token management pages"): the limit and how
 * many tokens to delete. */
static const char *limit_message(request *r, int count)
{
    int max = r->cfg.max_tokens;
    const char *have = apr_psprintf(r->page.pool, "You have %d token%s", count,
                                    count == 1 ? "" : "s");

    if (count == max) {
        return apr_pstrcat(r->page.pool, have,
                           ", the most allowed. Delete one to create "
                           "another.",
                           NULL);
    }
    return apr_psprintf(r->page.pool,
                        "%s; the most allowed is %d. Delete %d to create "
                        "another.",
                        have, max, count - max + 1);
}

/* Check a submitted Create/Edit form into v: its Permissions against
 * the site's (pat_check_permissions), then the other fields
 * (pat_check_form).  Returns 1 when every field is valid (*name and
 * *description set to the texts to store), 0 when a field is refused (v
 * holds what to show again, with the errors), or -1 for a form no page
 * of ours sends, with the 400 answer sent. */
static int check_form(request *r, apr_table_t *form, pat_form_values *v,
                      const char **name, const char **description)
{
    const char *err =
        pat_check_permissions(r->page.pool, form, r->page.perms, v);
    int valid;

    if (err != NULL) {
        bad_form(r, 400, err);
        return -1;
    }
    valid = pat_check_form(r->page.pool, form, &r->page.today, v, name,
                           description);
    return valid && v->perms_err == NULL;
}

/* The refused fields of v, for the log: e.g. "name expiration date". */
static const char *refused_fields(request *r, const pat_form_values *v)
{
    const char *out = apr_pstrcat(r->page.pool, v->name_err ? " name" : "",
                                  v->description_err ? " description" : "",
                                  v->expires_err ? " expiration date" : "",
                                  v->perms_err ? " permissions" : "", NULL);

    return *out ? out + 1 : out;
}

/* POST /: check the form, then store a new token (within
 * MaxTokensPerUser) and show it once, on the list. */
static int create_token(request *r, apr_table_t *form)
{
    pat_form_values v = {0};
    const char *name = NULL, *description = NULL, *token, *hash;
    apr_array_header_t *rows, *after;
    apr_status_t rv;
    int count = 0, checked;

    v.nonce = apr_table_get(form, "nonce");
    if (!pat_nonce_valid(v.nonce)) {
        return send_error(r, 400, "Form expired",
                          "The form is missing its one-time value. Open "
                          "Create new again.");
    }
    checked = check_form(r, form, &v, &name, &description);
    if (checked < 0) {
        return 0;
    }
    if (!checked) {
        fprintf(stderr, "pat-admin: create refused for user %s: %s\n",
                loggable(r, r->user), refused_fields(r, &v));
        return send_page(r, pat_page_create(&r->page, &v), 400);
    }
    token = pat_token_generate(r->page.pool);
    hash = token ? pat_token_hash(r->page.pool, token, strlen(token)) : NULL;
    if (hash == NULL) {
        fprintf(stderr, "pat-admin: OpenSSL failed to make a token\n");
        return send_error(r, 500, "Token not created",
                          "A token could not be generated. Nothing was "
                          "stored.");
    }
    /* read the list first: once the row is written, the token must be
     * shown even if the database fails right after */
    if (pat_store_list(r->store, r->user, &rows) != APR_SUCCESS) {
        return database_error(r);
    }
    rv = pat_store_insert(r->store, r->user, name, description, hash,
                          pat_token_hint(r->page.pool, token), v.expires,
                          pat_perm_stored(r->page.pool, r->page.perms, v.perms),
                          v.nonce, r->cfg.max_tokens, &count);
    if (rv == APR_ENOSPC) {
        fprintf(stderr,
                "pat-admin: create refused for user %s: %d tokens, the most "
                "allowed is %d (MaxTokensPerUser)\n",
                loggable(r, r->user), count, r->cfg.max_tokens);
        return send_error(r, 409, "Token limit reached",
                          limit_message(r, count));
    }
    if (rv == APR_EEXIST) {
        fprintf(stderr,
                "pat-admin: create form of user %s submitted again; "
                "no second token\n",
                loggable(r, r->user));
        return send_error(r, 409, "Already created",
                          "This form was already submitted and its token "
                          "was created. A token is shown only once, so it is "
                          "not shown again; if you did not copy it, delete "
                          "it and create a new one.");
    }
    if (rv != APR_SUCCESS) {
        return database_error(r);
    }
    if (pat_store_list(r->store, r->user, &after) == APR_SUCCESS) {
        rows = after;
    }
    return send_list(r, rows, "New token successfully created.", token);
}

static int not_found(request *r)
{
    return send_error(r, 404, "Not found", "There is no such token.");
}

/* The answer to a store call on one of the user's tokens that failed:
 * 404 for another user's or no token, else the database page. */
static int store_failed(request *r, apr_status_t rv)
{
    return rv == APR_NOTFOUND ? not_found(r) : database_error(r);
}

/* GET: the edit form with the token's values.  POST (form set): the
 * UPDATE scoped to the user is the ownership check; a refused form is
 * shown again only for the user's own token (another user's id stays
 * 404, whatever was typed). */
static int edit_token(request *r, const char *id, apr_table_t *form)
{
    pat_form_values v = {0};
    pat_store_row *row;
    const char *name = NULL, *description = NULL;
    apr_status_t rv;
    int checked;

    if (form == NULL) {
        rv = pat_store_get(r->store, r->user, id, &row);
        if (rv != APR_SUCCESS) {
            return store_failed(r, rv);
        }
        v.name = row->name;
        v.description = row->description;
        v.expires = row->expires;
        v.perms = pat_perm_mask(r->page.perms, row->permissions);
        return send_page(r, pat_page_edit(&r->page, id, &v), 200);
    }
    checked = check_form(r, form, &v, &name, &description);
    if (checked < 0) {
        return 0;
    }
    if (!checked) {
        rv = pat_store_get(r->store, r->user, id, &row);
        if (rv != APR_SUCCESS) {
            return store_failed(r, rv);
        }
        return send_page(r, pat_page_edit(&r->page, id, &v), 400);
    }
    /* a site without permissions leaves the token's as they are; a
     * narrowed token stays narrowed */
    rv = pat_store_update(
        r->store, r->user, id, name, description, v.expires,
        r->page.perms != NULL && v.perms_given,
        pat_perm_stored(r->page.pool, r->page.perms, v.perms),
        pat_perm_join(r->page.pool, r->page.perms, v.perms, 0, " "));
    if (rv != APR_SUCCESS) {
        return store_failed(r, rv);
    }
    return redirect(r, "?done=updated");
}

/* GET: the confirmation page.  POST (confirmed): the DELETE scoped to
 * the user is the ownership check. */
static int delete_token(request *r, const char *id, int confirmed)
{
    pat_store_row *row;
    apr_status_t rv;

    if (confirmed) {
        rv = pat_store_delete(r->store, r->user, id);
        if (rv != APR_SUCCESS) {
            return store_failed(r, rv);
        }
        return redirect(r, "?done=deleted");
    }
    rv = pat_store_get(r->store, r->user, id, &row);
    if (rv != APR_SUCCESS) {
        return store_failed(r, rv);
    }
    return send_page(r, pat_page_delete(&r->page, id, row->name), 200);
}

/* GET /ID/activity: the history of one of the user's tokens (README
 * "Activity"); another user's id, or a deleted token's, is 404. */
static int show_activity(request *r, const char *id)
{
    pat_store_row *row;
    apr_array_header_t *events;
    apr_status_t rv = pat_store_get(r->store, r->user, id, &row);

    if (rv != APR_SUCCESS) {
        return store_failed(r, rv);
    }
    if (pat_history_list(r->store, r->user, id, &events) != APR_SUCCESS) {
        return database_error(r);
    }
    return send_page(r, pat_page_activity(&r->page, id, row->name, events),
                     200);
}

/* GET (form NULL): the confirmation page, with a new one-time value.
 * POST: a new token in place of token id, in the one UPDATE scoped to
 * the user (pat_store_regenerate: the ownership check, and once per
 * form), shown once on the list. */
static int regenerate_token(request *r, const char *id, apr_table_t *form)
{
    pat_store_row *row;
    pat_date_t dflt;
    apr_array_header_t *rows;
    const char *token, *hash, *nonce;
    apr_status_t rv;

    if (form == NULL) {
        rv = pat_store_get(r->store, r->user, id, &row);
        if (rv != APR_SUCCESS) {
            return store_failed(r, rv);
        }
        nonce = pat_nonce_new(r->page.pool);
        if (nonce == NULL) {
            return send_error(r, 500, "Error", "No random numbers.");
        }
        return send_page(r, pat_page_regenerate(&r->page, id, row->name, nonce),
                         200);
    }
    nonce = apr_table_get(form, "nonce");
    if (!pat_nonce_valid(nonce)) {
        return send_error(r, 400, "Form expired",
                          "The form is missing its one-time value. Open "
                          "Regenerate again.");
    }
    if (pat_date_rules(&r->page.today, NULL, NULL, &dflt) != APR_SUCCESS) {
        return send_error(r, 500, "Error",
                          "The server does not know today's date.");
    }
    token = pat_token_generate(r->page.pool);
    hash = token ? pat_token_hash(r->page.pool, token, strlen(token)) : NULL;
    if (hash == NULL) {
        fprintf(stderr, "pat-admin: OpenSSL failed to make a token\n");
        return send_error(r, 500, "Token not regenerated",
                          "A token could not be generated. Nothing was "
                          "changed.");
    }
    rv = pat_store_regenerate(r->store, r->user, id, hash,
                              pat_token_hint(r->page.pool, token),
                              pat_date_format(r->page.pool, &dflt), nonce);
    if (rv == APR_EEXIST) {
        fprintf(stderr,
                "pat-admin: regenerate form of user %s submitted again; "
                "no second token\n",
                loggable(r, r->user));
        return send_error(r, 409, "Already regenerated",
                          "This form was already submitted and the token "
                          "was regenerated. A token is shown only once, so "
                          "it is not shown again; if you did not copy it, "
                          "regenerate it again.");
    }
    if (rv != APR_SUCCESS) {
        return store_failed(r, rv);
    }
    /* the old token is refused from now on: the new one must be shown
     * even if the list cannot be read */
    if (pat_store_list(r->store, r->user, &rows) != APR_SUCCESS) {
        rows = apr_array_make(r->page.pool, 0, sizeof(pat_store_row));
    }
    return send_list(r, rows, "Token regenerated.", token);
}

/* A POST: read and parse the form, check its CSRF token, then run the
 * action: "create", "edit" (of token id), "delete" or "regenerate" (of
 * token id, or when id is NULL of the form's field id). */
static int handle_post(request *r, const char *id, const char *action)
{
    const char *body, *err = NULL;
    apr_size_t len;
    apr_table_t *form;
    int status;

    status = pat_form_read_body(r->page.pool, stdin, getenv("CONTENT_TYPE"),
                                getenv("CONTENT_LENGTH"), PAT_FORM_MAX_BODY,
                                &body, &len, &err);
    r->body_read = status == 0;
    if (status == 0) {
        /* the Permissions checkboxes share one field name */
        err = pat_form_parse(r->page.pool, body, len, PAT_PERM_FIELD,
                             PAT_PERM_COUNT_MAX, &form);
        status = err ? 400 : 0;
    }
    if (status != 0) {
        return bad_form(r, status, err);
    }
    if (!pat_csrf_post_allowed(r->page.pool, r->cfg.csrf_secret, r->user,
                               apr_table_get(form, "csrf"),
                               getenv("HTTP_ORIGIN"), env("HTTP_HOST"))) {
        fprintf(stderr, "pat-admin: CSRF check failed for user %s\n",
                loggable(r, r->user));
        return send_error(r, 403, "Forbidden",
                          "This form did not come from this site (CSRF check "
                          "failed). Nothing was changed. Reload the page and "
                          "try again.");
    }
    if (strcmp(action, "create") == 0) {
        return create_token(r, form);
    }
    if (strcmp(action, "edit") == 0) {
        return edit_token(r, id, form);
    }
    /* POST /delete and POST /regenerate (the list's dialogs, until
     * their script sets the token's own URL) name the token in their id
     * field */
    if (id == NULL) {
        id = apr_table_get(form, "id");
        if (id == NULL || !is_id(id, strlen(id))) {
            return not_found(r);
        }
    }
    if (strcmp(action, "regenerate") == 0) {
        return regenerate_token(r, id, form);
    }
    return delete_token(r, id, 1);
}

/* The confirmation shown on the list after a redirect from an edit or a
 * delete (?done=updated or ?done=deleted), or NULL. */
static const char *list_flash(request *r)
{
    apr_table_t *q = NULL;
    const char *qs = env("QUERY_STRING"), *done;

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

static int route(request *r)
{
    const char *p = r->path, *slash, *id = NULL, *action = NULL;
    int get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    int post = strcmp(r->method, "POST") == 0;

    if (!get && !post) {
        return send_error(r, 405, "Method not allowed", "Use GET or POST.");
    }
    if (*p == '\0' || strcmp(p, "/") == 0) {
        if (post) {
            return handle_post(r, NULL, "create");
        }
        return show_list(r, list_flash(r));
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
            return send_error(r, 500, "Error", "No random numbers.");
        }
        pat_form_empty(&r->page, nonce, &v);
        return send_page(r, pat_page_create(&r->page, &v), 200);
    }
    /* /ID/edit, /ID/delete and /ID/regenerate */
    if (*p == '/' && (slash = strchr(p + 1, '/')) != NULL
        && is_id(p + 1, (apr_size_t)(slash - p - 1))) {
        id = apr_pstrmemdup(r->page.pool, p + 1, (apr_size_t)(slash - p - 1));
        action = slash + 1;
    }
    if (id && strcmp(action, "edit") == 0) {
        return post ? handle_post(r, id, action) : edit_token(r, id, NULL);
    }
    if (id && strcmp(action, "delete") == 0) {
        return post ? handle_post(r, id, action) : delete_token(r, id, 0);
    }
    if (id && get && strcmp(action, "activity") == 0) {
        return show_activity(r, id);
    }
    if (id && strcmp(action, "regenerate") == 0) {
        return post ? handle_post(r, id, action)
                    : regenerate_token(r, id, NULL);
    }
    return send_error(r, 404, "Not found", "There is no such page.");
}

/* Set up r from the CGI environment and refuse what must not reach a
 * route: a request authenticated with a PAT, no login, no date, no
 * configuration, no database.  Returns 1 when r may be routed, else 0
 * with the answer sent. */
static int prepare(request *r, apr_pool_t *pool)
{
    const char *err = NULL, *slash, *conf;

    r->page.pool = pool;
    r->page.base = env("SCRIPT_NAME");
    slash = strrchr(r->page.base, '/');
    r->page.static_base =
        apr_pstrcat(pool,
                    slash ? apr_pstrmemdup(pool, r->page.base,
                                           (apr_size_t)(slash - r->page.base))
                          : "",
                    "/static", NULL);
    r->page.csrf = "";
    r->user = env("REMOTE_USER");
    r->method = env("REQUEST_METHOD");
    r->path = env("PATH_INFO");

    /* AUTH_TYPE PAT, or a token given as the Basic password to
     * AuthBasicProvider pat (AUTH_TYPE Basic): mod_auth_pat sets
     * PAT_TOKEN_ID for every request a token authenticated, and clients
     * cannot set environment variables. */
    if (strcasecmp(env("AUTH_TYPE"), PAT_AUTH_TYPE) == 0
        || *env(PAT_ENV_TOKEN_ID)) {
        fprintf(stderr,
                "pat-admin: refused a PAT-authenticated request of "
                "user %s\n",
                loggable(r, r->user));
        send_error(r, 403, "Forbidden",
                   "Personal Access Tokens cannot be managed with a "
                   "Personal Access Token. Log in to manage them.");
        return 0;
    }
    if (*r->user == '\0') {
        fputs("pat-admin: no REMOTE_USER: protect the admin pages with the "
              "site's login\n",
              stderr);
        send_error(r, 403, "Forbidden", "You must be logged in.");
        return 0;
    }
    r->page.now = apr_time_now();
    if (pat_date_from_time(r->page.now, &r->page.today) != APR_SUCCESS) {
        send_error(r, 500, "Error", "The server does not know today's date.");
        return 0;
    }
    conf = getenv("PAT_ADMIN_CONFIG");
    err =
        pat_config_read(pool, conf ? conf : PAT_ADMIN_CONFIG_DEFAULT, &r->cfg);
    if (err) {
        fprintf(stderr, "pat-admin: configuration: %s\n", err);
        send_error(r, 500, "Configuration error",
                   "The token pages are not configured. Nothing was "
                   "changed.");
        return 0;
    }
    r->page.perms = r->cfg.perms;
    r->page.csrf = pat_csrf_token(pool, r->cfg.csrf_secret, r->user);
    if (r->page.csrf == NULL) {
        send_error(r, 500, "Error", "OpenSSL failed.");
        return 0;
    }
    if (pat_store_open(pool, r->cfg.dbd_params, &r->store, &err)
        != APR_SUCCESS) {
        fprintf(stderr, "pat-admin: database: %s\n", err ? err : "unknown");
        database_error(r);
        return 0;
    }
    pat_store_set_actor(r->store, r->user, getenv("REMOTE_ADDR"));
    return 1;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    request r;

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
