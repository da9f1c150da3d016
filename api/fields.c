/* fields.c: a create or edit body's fields, through the token pages'
 * rules (validate.h and permissions.h), so that the API refuses exactly
 * what the pages refuse, with the same texts. */
#include "fields.h"

#include <string.h>

#include "apr_strings.h"
#include "apr_tables.h"

#include "json.h"
#include "permissions.h"
#include "validate.h"

/* 400 "invalid_json" for field key, which is not a type's: what. */
static int wrong(pat_api_request *r, const char *key, const char *what)
{
    pat_api_send_error(r, 400, "invalid_json",
                       apr_psprintf(r->pool, "The field \"%s\" %s.", key, what),
                       key);
    return -1;
}

/* 422 "validation" with the pages' text for field. */
static int refused(pat_api_request *r, const char *field, const char *text)
{
    pat_api_send_error(r, 422, "validation", text, field);
    return -1;
}

/* The permissions array a as the form table pat_check_permissions reads:
 * one PAT_PERM_FIELD value per element and PAT_PERM_SHOWN_FIELD (the
 * group was sent, so an empty array is "none ticked").  On a site
 * without permissions an empty array still names the field, so that it
 * is refused as the pages refuse it.  Returns NULL when an element is
 * not a string (400 sent). */
static apr_table_t *perms_form(pat_api_request *r, json_t *a)
{
    apr_table_t *form = apr_table_make(r->pool, 8);
    size_t i;
    json_t *v;

    json_array_foreach(a, i, v)
    {
        if (!json_is_string(v)) {
            wrong(r, "permissions", "must be an array of strings");
            return NULL;
        }
        apr_table_add(form, PAT_PERM_FIELD, json_string_value(v));
    }
    if (r->cfg.perms == NULL && json_array_size(a) == 0) {
        apr_table_add(form, PAT_PERM_FIELD, "");
    }
    apr_table_set(form, PAT_PERM_SHOWN_FIELD, "1");
    return form;
}

int pat_api_check_fields(pat_api_request *r, json_t *body, int create,
                         pat_api_fields *f)
{
    const char *key, *name = NULL, *description = NULL, *expires = NULL, *err;
    json_t *v, *perms = NULL;
    pat_form_values fv = {0};
    pat_date_t date;
    apr_table_t *form;

    memset(f, 0, sizeof(*f));
    json_object_foreach(body, key, v)
    {
        const char **slot = strcmp(key, "name") == 0 ? &name
            : strcmp(key, "description") == 0        ? &description
            : strcmp(key, "expiration_date") == 0    ? &expires
                                                     : NULL;

        if (slot != NULL) {
            if (!json_is_string(v)) {
                return wrong(r, key, "must be a string");
            }
            *slot = json_string_value(v);
        }
        else if (strcmp(key, "permissions") == 0) {
            if (!json_is_array(v)) {
                return wrong(r, key, "must be an array of strings");
            }
            perms = v;
        }
        else {
            return wrong(r, key, "is not a field of a token");
        }
    }
    if (create && name == NULL) {
        name = "";
    }
    if (name != NULL && (err = pat_check_name(r->pool, name, &f->name))) {
        return refused(r, "name", err);
    }
    if (description != NULL
        && (err =
                pat_check_description(r->pool, description, &f->description))) {
        return refused(r, "description", err);
    }
    if (expires != NULL) {
        err = pat_check_expires(r->pool, expires, &r->today, &date);
        if (err) {
            return refused(r, "expiration_date", err);
        }
        f->expires = pat_date_format(r->pool, &date);
    }
    if (perms != NULL) {
        form = perms_form(r, perms);
        if (form == NULL) {
            return -1;
        }
        err = pat_check_permissions(r->pool, form, r->cfg.perms, &fv);
        if (err || fv.perms_err) {
            return refused(r, "permissions", err ? err : fv.perms_err);
        }
        f->perms_given = 1;
        f->perms = fv.perms;
    }
    return 0;
}
