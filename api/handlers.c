/* handlers.c: what pat-api does to the user's tokens, through the token
 * pages' store (store.h: every change writes its activity history with
 * the actor pat_store_set_actor named) and rules (fields.h). */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "apr_strings.h"

#include "csrf.h"
#include "fields.h"
#include "json.h"
#include "pat_token.h"
#include "token.h"
#include "validate.h"

/* Send status with row's Token object (and token, when not NULL). */
static int send_token(pat_api_request *r, int status, const pat_store_row *row,
                      const char *token, const char *location)
{
    json_t *o = pat_api_token(r, row, token);

    if (o == NULL) {
        return pat_api_send_error(r, 500, "server_error",
                                  "The token could not be written as JSON.",
                                  NULL);
    }
    return pat_api_send(r, status, o, location);
}

/* A new token (lib/pat_token.h) and *hash, its hash; NULL (logged) when
 * OpenSSL fails. */
static const char *new_token(pat_api_request *r, const char **hash)
{
    const char *token = pat_token_generate(r->pool);

    *hash = token ? pat_token_hash(r->pool, token, strlen(token)) : NULL;
    if (*hash == NULL) {
        fprintf(stderr, "pat-api: OpenSSL failed to make a token\n");
        return NULL;
    }
    return token;
}

int pat_api_list(pat_api_request *r)
{
    apr_array_header_t *rows;
    json_t *list, *body;
    int i;

    if (pat_store_list(r->store, r->user, &rows) != APR_SUCCESS) {
        return pat_api_send_database_error(r);
    }
    list = json_array();
    for (i = 0; list != NULL && i < rows->nelts; i++) {
        json_t *o =
            pat_api_token(r, &APR_ARRAY_IDX(rows, i, pat_store_row), NULL);

        if (o == NULL || json_array_append_new(list, o) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    body = list ? json_pack("{s:o}", "tokens", list) : NULL;
    if (body == NULL) {
        return pat_api_send_error(r, 500, "server_error",
                                  "The tokens could not be written as JSON.",
                                  NULL);
    }
    return pat_api_send(r, 200, body, NULL);
}

int pat_api_create(pat_api_request *r)
{
    pat_api_fields f;
    pat_store_row *row;
    pat_date_t dflt;
    json_t *body;
    const char *token, *hash, *nonce, *expires;
    apr_status_t rv;
    int count = 0, checked;

    if (pat_api_read_object(r, 0, &body) != 0) {
        return 0;
    }
    checked = pat_api_check_fields(r, body, 1, &f);
    json_decref(body);
    if (checked != 0) {
        return 0;
    }
    if (pat_date_rules(&r->today, NULL, NULL, &dflt) != APR_SUCCESS) {
        return pat_api_send_error(r, 500, "server_error",
                                  "The server does not know today's date.",
                                  NULL);
    }
    expires = f.expires ? f.expires : pat_date_format(r->pool, &dflt);
    /* the one-time value the store keeps with every new token: here
     * only the way to find the row just written */
    nonce = pat_nonce_new(r->pool);
    token = nonce ? new_token(r, &hash) : NULL;
    if (token == NULL) {
        return pat_api_send_error(r, 500, "server_error",
                                  "A token could not be generated. Nothing "
                                  "was stored.",
                                  NULL);
    }
    rv = pat_store_insert(
        r->store, r->user, f.name, f.description ? f.description : "", hash,
        pat_token_hint(r->pool, token), expires,
        pat_perm_stored(r->pool, r->cfg.perms,
                        f.perms_given ? f.perms
                                      : (r->cfg.perms ? r->cfg.perms->all : 0)),
        nonce, r->cfg.max_tokens, &count);
    if (rv == APR_ENOSPC) {
        fprintf(stderr,
                "pat-api: create refused for user %s: %d tokens, the most "
                "allowed is %d (MaxTokensPerUser)\n",
                pat_api_loggable(r, r->user), count, r->cfg.max_tokens);
        return pat_api_send_error(
            r, 409, "limit_reached",
            pat_limit_message(r->pool, r->cfg.max_tokens, count), NULL);
    }
    if (rv != APR_SUCCESS) {
        return pat_api_send_database_error(r);
    }
    rv = pat_store_get_created(r->store, r->user, nonce, &row);
    if (rv != APR_SUCCESS) {
        /* stored, but it cannot be read back: the token must still be
         * shown, once */
        fprintf(stderr,
                "pat-api: a new token of user %s was stored but "
                "cannot be read back\n",
                pat_api_loggable(r, r->user));
        return pat_api_send_error(
            r, 500, "database_unavailable",
            apr_pstrcat(
                r->pool,
                "The token was created but cannot be read back: ", token, NULL),
            NULL);
    }
    return send_token(r, 201, row, token,
                      apr_pstrcat(r->pool, r->base, "/", row->id, NULL));
}

int pat_api_get(pat_api_request *r, const char *id)
{
    pat_store_row *row;
    apr_status_t rv = pat_store_get(r->store, r->user, id, &row);

    if (rv != APR_SUCCESS) {
        return pat_api_send_store_failed(r, rv);
    }
    return send_token(r, 200, row, NULL, NULL);
}

int pat_api_self(pat_api_request *r)
{
    if (r->token_id == NULL) {
        return pat_api_send_error(
            r, 404, "not_found",
            "This request was not authenticated by a token.", NULL);
    }
    return pat_api_get(r, r->token_id);
}

int pat_api_edit(pat_api_request *r, const char *id)
{
    pat_api_fields f;
    pat_store_row *row;
    json_t *body;
    apr_status_t rv;
    int checked;

    if (pat_api_read_object(r, 0, &body) != 0) {
        return 0;
    }
    rv = pat_store_get(r->store, r->user, id, &row);
    if (rv != APR_SUCCESS) {
        json_decref(body);
        return pat_api_send_store_failed(r, rv);
    }
    checked = pat_api_check_fields(r, body, 0, &f);
    json_decref(body);
    if (checked != 0) {
        return 0;
    }
    /* only the given fields change (NULL keeps the stored value, read
     * under the row's lock); a site without permissions leaves the
     * token's alone, and a narrowed token stays narrowed */
    rv =
        pat_store_update(r->store, r->user, id, f.name, f.description,
                         f.expires, r->cfg.perms != NULL && f.perms_given,
                         pat_perm_stored(r->pool, r->cfg.perms, f.perms),
                         pat_perm_join(r->pool, r->cfg.perms, f.perms, 0, " "));
    if (rv == APR_SUCCESS) {
        rv = pat_store_get(r->store, r->user, id, &row);
    }
    if (rv != APR_SUCCESS) {
        return pat_api_send_store_failed(r, rv);
    }
    return send_token(r, 200, row, NULL, NULL);
}

int pat_api_delete(pat_api_request *r, const char *id)
{
    apr_status_t rv = pat_store_delete(r->store, r->user, id);

    if (rv != APR_SUCCESS) {
        return pat_api_send_store_failed(r, rv);
    }
    return pat_api_send(r, 204, NULL, NULL);
}

int pat_api_regenerate(pat_api_request *r, const char *id)
{
    pat_store_row *row;
    pat_date_t dflt;
    json_t *body;
    const char *token, *hash, *nonce;
    apr_status_t rv;

    if (pat_api_read_object(r, 1, &body) != 0) {
        return 0;
    }
    if (body != NULL && json_object_size(body) > 0) {
        const char *key = json_object_iter_key(json_object_iter(body));

        pat_api_send_error(
            r, 400, "invalid_json",
            apr_psprintf(r->pool,
                         "The field \"%s\" is not a field of a regenerate: "
                         "send no body or {}.",
                         key),
            key);
        json_decref(body);
        return 0;
    }
    json_decref(body);
    if (pat_date_rules(&r->today, NULL, NULL, &dflt) != APR_SUCCESS) {
        return pat_api_send_error(r, 500, "server_error",
                                  "The server does not know today's date.",
                                  NULL);
    }
    /* the store refuses a one-time value used before: a fresh one */
    nonce = pat_nonce_new(r->pool);
    token = nonce ? new_token(r, &hash) : NULL;
    if (token == NULL) {
        return pat_api_send_error(r, 500, "server_error",
                                  "A token could not be generated. Nothing "
                                  "was changed.",
                                  NULL);
    }
    rv = pat_store_regenerate(r->store, r->user, id, hash,
                              pat_token_hint(r->pool, token),
                              pat_date_format(r->pool, &dflt), nonce);
    if (rv == APR_SUCCESS) {
        rv = pat_store_get(r->store, r->user, id, &row);
        if (rv == APR_NOTFOUND) {
            /* revoked or deleted since (an administrator's Revoke, a
             * DELETE): the new token went with the row and never works;
             * showing it under a 500 would say it was made */
            fprintf(stderr,
                    "pat-api: token %s of user %s was regenerated and then "
                    "deleted before it could be read back\n",
                    id, pat_api_loggable(r, r->user));
            return pat_api_send_not_found(r);
        }
        if (rv != APR_SUCCESS) {
            /* the old token is refused from now on: show the new one */
            return pat_api_send_error(
                r, 500, "database_unavailable",
                apr_pstrcat(r->pool,
                            "The token was regenerated but cannot be read "
                            "back: ",
                            token, NULL),
                NULL);
        }
    }
    if (rv != APR_SUCCESS) {
        return pat_api_send_store_failed(r, rv);
    }
    return send_token(r, 200, row, token, NULL);
}
