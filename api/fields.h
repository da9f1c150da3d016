/* fields.h: the fields of a create (POST) or edit (PATCH) body of
 * pat-api (README "API"): their JSON types first (400 "invalid_json"),
 * then the token pages' own rules (validate.h, permissions.h; 422
 * "validation" with their texts). */
#ifndef PAT_API_FIELDS_H
#define PAT_API_FIELDS_H

#include <jansson.h>

#include "api.h"
#include "pat_perm.h"

/* The fields a body gave, checked: NULL (perms_given 0) for a field it
 * did not give. */
typedef struct {
    const char *name;        /* trimmed, as pat_check_name stores it */
    const char *description; /* line breaks as LF (pat_check_description) */
    const char *expires;     /* YYYY-MM-DD, within the allowed range */
    int perms_given;
    pat_perm_mask_t perms; /* at least one of the site's permissions */
} pat_api_fields;

/* Read and check the fields of body (a JSON object) into f: name,
 * description, expiration_date (strings) and permissions (an array of
 * strings); any other field, or one of another type (null included), is
 * 400 "invalid_json" naming it.  Each given field is then checked with
 * the pages' rule (pat_check_name, pat_check_description,
 * pat_check_expires on r->today, pat_check_permissions on the site's
 * permissions): the first refused one, in that order, is 422
 * "validation" with the rule's text and the field.  create: the body of
 * a create, where a missing name is checked as "" (Name is required).
 * Returns 0 with f set, or -1 with the answer sent. */
int pat_api_check_fields(pat_api_request *r, json_t *body, int create,
                         pat_api_fields *f);

#endif /* PAT_API_FIELDS_H */
