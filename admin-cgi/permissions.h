/* permissions.h: the Permissions group of the Create and Edit forms
 * (README "Token management pages"): which of the site's permissions
 * (admin.conf's PermissionsFile, lib/pat_perm.h) a submitted form ticks.
 * Its checkboxes share the form field PAT_PERM_FIELD, so a form may give
 * that field up to PAT_PERM_COUNT_MAX times (pat_form_parse). */
#ifndef PAT_PERMISSIONS_H
#define PAT_PERMISSIONS_H

#include "apr_pools.h"
#include "apr_tables.h"

#include "pat_perm.h"
#include "validate.h"

#define PAT_PERM_FIELD "permissions"
/* a hidden field of the Permissions group: the form had the group, so
 * no ticked checkbox means none ticked, not a form without the group */
#define PAT_PERM_SHOWN_FIELD "permissions_shown"

/* Read the Permissions of a submitted Create/Edit form: every value of
 * the field PAT_PERM_FIELD in form, each a permission name of set, the
 * site's permissions (NULL: the site has none; never a set without
 * permissions, which pat_config_read gives as NULL).  Sets v->perms to the
 * ticked ones, and v->perms_err to the error shown next to the group
 * when the site has permissions, the form had the group (the field
 * PAT_PERM_SHOWN_FIELD) and none is ticked ("Permissions - Select at
 * least one permission."), else NULL.  A form with neither (made by a
 * script that knows only the product page's fields) is no error:
 * v->perms_given is 0 and v->perms every permission, so that Create
 * makes a token that is not narrowed, as those fields always did, and
 * Edit leaves the token's permissions as they are (README "Token
 * management pages").
 * Returns NULL, or for a form that no page of ours sends the text of
 * the 400 answer, which names the field and the reason (from p; of the
 * form's values it repeats only a name set defines): a name set does
 * not define, a name given twice, or the field given while the site has
 * no permissions; then v is left alone.  (More than PAT_PERM_COUNT_MAX
 * values are refused before, by pat_form_parse.) */
const char *pat_check_permissions(apr_pool_t *p, const apr_table_t *form,
                                  const pat_perm_set_t *set,
                                  pat_form_values *v);

#endif /* PAT_PERMISSIONS_H */
