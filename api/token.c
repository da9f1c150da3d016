/* token.c: a pat_store_row as the API's Token object. */
#include "token.h"

#include <stdio.h>
#include <string.h>

#include "apr_strings.h"

#include "pat_perm.h"
#include "pat_when.h"

/* The names of the site's permissions that a token with the stored
 * permissions column value carries (every one when it is not narrowed),
 * in the permissions file's order; NULL when out of memory. */
static json_t *permissions(const pat_perm_set_t *set, const char *stored)
{
    pat_perm_mask_t mask = pat_perm_mask(set, stored);
    json_t *a = json_array();
    int i;

    for (i = 0; a != NULL && i < set->nelts; i++) {
        if ((mask & ((pat_perm_mask_t)1 << i))
            && json_array_append_new(a, json_string(set->perm[i].name)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* A time as "YYYY-MM-DDTHH:MM:SSZ", or null for 0 (never). */
static json_t *iso_time(apr_pool_t *p, apr_time_t t)
{
    const char *s = t ? pat_when_iso(p, t) : NULL;

    return s ? json_string(s) : json_null();
}

json_t *pat_api_token(pat_api_request *r, const pat_store_row *row,
                      const char *token)
{
    pat_date_t expires;
    int expired = 0, soon = 0, failed;
    json_t *o = json_object();

    if (pat_date_parse(row->expires, strlen(row->expires), &expires)
        == APR_SUCCESS) {
        expired = pat_date_is_expired(&expires, &r->today);
        soon = pat_date_expires_within(&expires, &r->today, PAT_DATE_SOON_DAYS);
    }
    failed = o == NULL
        || json_object_set_new(o, "id",
                               json_integer((json_int_t)apr_atoi64(row->id)))
        || json_object_set_new(o, "name", json_string(row->name))
        || json_object_set_new(o, "description", json_string(row->description))
        || json_object_set_new(
                 o, "hint",
                 json_string(
                     apr_pstrcat(r->pool, "pat_\xE2\x80\xA6", row->hint, NULL)))
        || json_object_set_new(o, "expiration_date", json_string(row->expires))
        || json_object_set_new(o, "status",
                               json_string(expired ? "expired" : "active"))
        || json_object_set_new(o, "expires_soon", json_boolean(soon))
        || json_object_set_new(o, "created_at", iso_time(r->pool, row->created))
        || json_object_set_new(o, "last_used_at",
                               iso_time(r->pool, row->last_used))
        || (r->cfg.perms != NULL
            && json_object_set_new(o, "permissions",
                                   permissions(r->cfg.perms, row->permissions)))
        || (token != NULL
            && json_object_set_new(o, "token", json_string(token)));
    if (failed) {
        fprintf(stderr, "pat-api: token %s could not be written as JSON\n",
                row->id);
        json_decref(o);
        return NULL;
    }
    return o;
}
