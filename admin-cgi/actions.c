/* actions.c: what pat-admin does to the user's tokens: create, edit,
 * delete, regenerate, and show a token's activity (README "Token
 * management pages").  Every store call is scoped to the user. */
#include "actions.h"

#include <stdio.h>
#include <string.h>

#include "apr_strings.h"

#include "csrf.h"
#include "history.h"
#include "pat_date.h"
#include "pat_token.h"
#include "permissions.h"

/* Check a submitted Create/Edit form into v: its Permissions against
 * the site's (pat_check_permissions), then the other fields
 * (pat_check_form).  Returns 1 when every field is valid (*name and
 * *description set to the texts to store), 0 when a field is refused (v
 * holds what to show again, with the errors), or -1 for a form no page
 * of ours sends, with the 400 answer sent. */
static int check_form(pat_request *r, apr_table_t *form, pat_form_values *v,
                      const char **name, const char **description)
{
    const char *err =
        pat_check_permissions(r->page.pool, form, r->page.perms, v);
    int valid;

    if (err != NULL) {
        pat_send_bad_form(r, 400, err);
        return -1;
    }
    valid = pat_check_form(r->page.pool, form, &r->page.today, v, name,
                           description);
    return valid && v->perms_err == NULL;
}

/* The refused fields of v, for the log: e.g. "name expiration date". */
static const char *refused_fields(pat_request *r, const pat_form_values *v)
{
    const char *out = apr_pstrcat(r->page.pool, v->name_err ? " name" : "",
                                  v->description_err ? " description" : "",
                                  v->expires_err ? " expiration date" : "",
                                  v->perms_err ? " permissions" : "", NULL);

    return *out ? out + 1 : out;
}

/* A new token (lib/pat_token.h) and *hash, its hash, from r's pool.
 * Returns NULL (logged) when OpenSSL fails: no token may be stored. */
static const char *new_token(pat_request *r, const char **hash)
{
    const char *token = pat_token_generate(r->page.pool);

    *hash = token ? pat_token_hash(r->page.pool, token, strlen(token)) : NULL;
    if (*hash == NULL) {
        fprintf(stderr, "pat-admin: OpenSSL failed to make a token\n");
        return NULL;
    }
    return token;
}

/* POST /: check the form, then store a new token (within
 * MaxTokensPerUser) and show it once, on the list. */
int pat_create_token(pat_request *r, apr_table_t *form)
{
    pat_form_values v = {0};
    const char *name = NULL, *description = NULL, *token, *hash;
    apr_array_header_t *rows, *after;
    apr_status_t rv;
    int count = 0, checked;

    v.nonce = apr_table_get(form, "nonce");
    if (!pat_nonce_valid(v.nonce)) {
        return pat_send_error(r, 400, "Form expired",
                              "The form is missing its one-time value. Open "
                              "Create new again.");
    }
    checked = check_form(r, form, &v, &name, &description);
    if (checked < 0) {
        return 0;
    }
    if (!checked) {
        fprintf(stderr, "pat-admin: create refused for user %s: %s\n",
                pat_loggable(r, r->user), refused_fields(r, &v));
        return pat_send_page(r, pat_page_create(&r->page, &v), 400);
    }
    token = new_token(r, &hash);
    if (token == NULL) {
        return pat_send_error(r, 500, "Token not created",
                              "A token could not be generated. Nothing was "
                              "stored.");
    }
    /* read the list first: once the row is written, the token must be
     * shown even if the database fails right after */
    if (pat_store_list(r->store, r->user, &rows) != APR_SUCCESS) {
        return pat_send_database_error(r);
    }
    rv = pat_store_insert(r->store, r->user, name, description, hash,
                          pat_token_hint(r->page.pool, token), v.expires,
                          pat_perm_stored(r->page.pool, r->page.perms, v.perms),
                          v.nonce, r->cfg.max_tokens, &count);
    if (rv == APR_ENOSPC) {
        fprintf(stderr,
                "pat-admin: create refused for user %s: %d tokens, the most "
                "allowed is %d (MaxTokensPerUser)\n",
                pat_loggable(r, r->user), count, r->cfg.max_tokens);
        return pat_send_error(
            r, 409, "Token limit reached",
            pat_limit_message(r->page.pool, r->cfg.max_tokens, count));
    }
    if (rv == APR_EEXIST) {
        fprintf(stderr,
                "pat-admin: create form of user %s submitted again; "
                "no second token\n",
                pat_loggable(r, r->user));
        return pat_send_error(
            r, 409, "Already created",
            "This form was already submitted and its token "
            "was created. A token is shown only once, so it is "
            "not shown again; if you did not copy it, delete "
            "it and create a new one.");
    }
    if (rv != APR_SUCCESS) {
        return pat_send_database_error(r);
    }
    if (pat_store_list(r->store, r->user, &after) == APR_SUCCESS) {
        rows = after;
    }
    return pat_send_list(r, rows, "New token successfully created.", token);
}

/* GET: the edit form with the token's values.  POST (form set): the
 * UPDATE scoped to the user is the ownership check; a refused form is
 * shown again only for the user's own token (another user's id stays
 * 404, whatever was typed). */
int pat_edit_token(pat_request *r, const char *id, apr_table_t *form)
{
    pat_form_values v = {0};
    pat_store_row *row;
    const char *name = NULL, *description = NULL;
    apr_status_t rv;
    int checked;

    if (form == NULL) {
        rv = pat_store_get(r->store, r->user, id, &row);
        if (rv != APR_SUCCESS) {
            return pat_send_store_failed(r, rv);
        }
        v.name = row->name;
        v.description = row->description;
        v.expires = row->expires;
        v.perms = pat_perm_mask(r->page.perms, row->permissions);
        return pat_send_page(r, pat_page_edit(&r->page, id, &v), 200);
    }
    checked = check_form(r, form, &v, &name, &description);
    if (checked < 0) {
        return 0;
    }
    if (!checked) {
        rv = pat_store_get(r->store, r->user, id, &row);
        if (rv != APR_SUCCESS) {
            return pat_send_store_failed(r, rv);
        }
        return pat_send_page(r, pat_page_edit(&r->page, id, &v), 400);
    }
    /* a site without permissions leaves the token's as they are; a
     * narrowed token stays narrowed */
    rv = pat_store_update(
        r->store, r->user, id, name, description, v.expires,
        r->page.perms != NULL && v.perms_given,
        pat_perm_stored(r->page.pool, r->page.perms, v.perms),
        pat_perm_join(r->page.pool, r->page.perms, v.perms, 0, " "));
    if (rv != APR_SUCCESS) {
        return pat_send_store_failed(r, rv);
    }
    return pat_send_redirect(r, "?done=updated");
}

/* GET: the confirmation page.  POST (confirmed): the DELETE scoped to
 * the user is the ownership check. */
int pat_delete_token(pat_request *r, const char *id, int confirmed)
{
    pat_store_row *row;
    apr_status_t rv;

    if (confirmed) {
        rv = pat_store_delete(r->store, r->user, id);
        if (rv != APR_SUCCESS) {
            return pat_send_store_failed(r, rv);
        }
        return pat_send_redirect(r, "?done=deleted");
    }
    rv = pat_store_get(r->store, r->user, id, &row);
    if (rv != APR_SUCCESS) {
        return pat_send_store_failed(r, rv);
    }
    return pat_send_page(r, pat_page_delete(&r->page, id, row->name), 200);
}

/* GET /ID/activity: the history of one of the user's tokens (README
 * "Activity"); another user's id, or a deleted token's, is 404. */
int pat_show_activity(pat_request *r, const char *id)
{
    pat_store_row *row;
    apr_array_header_t *events;
    apr_status_t rv = pat_store_get(r->store, r->user, id, &row);

    if (rv != APR_SUCCESS) {
        return pat_send_store_failed(r, rv);
    }
    if (pat_history_list(r->store, r->user, id, &events) != APR_SUCCESS) {
        return pat_send_database_error(r);
    }
    return pat_send_page(r, pat_page_activity(&r->page, id, row->name, events),
                         200);
}

/* GET (form NULL): the confirmation page, with a new one-time value.
 * POST: a new token in place of token id, in the one UPDATE scoped to
 * the user (pat_store_regenerate: the ownership check, and once per
 * form), shown once on the list. */
int pat_regenerate_token(pat_request *r, const char *id, apr_table_t *form)
{
    pat_store_row *row;
    pat_date_t dflt;
    apr_array_header_t *rows;
    const char *token, *hash, *nonce;
    apr_status_t rv;

    if (form == NULL) {
        rv = pat_store_get(r->store, r->user, id, &row);
        if (rv != APR_SUCCESS) {
            return pat_send_store_failed(r, rv);
        }
        nonce = pat_nonce_new(r->page.pool);
        if (nonce == NULL) {
            return pat_send_error(r, 500, "Error", "No random numbers.");
        }
        return pat_send_page(
            r, pat_page_regenerate(&r->page, id, row->name, nonce), 200);
    }
    nonce = apr_table_get(form, "nonce");
    if (!pat_nonce_valid(nonce)) {
        return pat_send_error(r, 400, "Form expired",
                              "The form is missing its one-time value. Open "
                              "Regenerate again.");
    }
    if (pat_date_rules(&r->page.today, NULL, NULL, &dflt) != APR_SUCCESS) {
        return pat_send_error(r, 500, "Error",
                              "The server does not know today's date.");
    }
    token = new_token(r, &hash);
    if (token == NULL) {
        return pat_send_error(r, 500, "Token not regenerated",
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
                pat_loggable(r, r->user));
        return pat_send_error(r, 409, "Already regenerated",
                              "This form was already used: nothing was "
                              "changed now. The token it regenerated was "
                              "shown once and is not shown again; if you did "
                              "not copy it, reload the list and regenerate "
                              "the token again.");
    }
    if (rv != APR_SUCCESS) {
        return pat_send_store_failed(r, rv);
    }
    /* the old token is refused from now on: the new one must be shown
     * even if the list cannot be read */
    if (pat_store_list(r->store, r->user, &rows) != APR_SUCCESS) {
        rows = apr_array_make(r->page.pool, 0, sizeof(pat_store_row));
    }
    return pat_send_list(r, rows, "Token regenerated.", token);
}
