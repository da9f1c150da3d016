/* permissions.c: the Permissions group of a submitted form (see
 * permissions.h). */
#include "permissions.h"

#include <string.h>

#include "apr_strings.h"

/* What apr_table_do's callback knows: the site's permissions, what the
 * values read so far tick, and the reason a value was refused. */
typedef struct {
    apr_pool_t *pool;
    const pat_perm_set_t *set;
    pat_perm_mask_t mask;
    const char *err;
} ticked;

/* One value of the field: tick its permission, or set t->err and stop
 * (returns 0). */
static int tick(void *rec, const char *key, const char *value)
{
    ticked *t = rec;
    pat_perm_mask_t bit;
    int i;

    (void)key;
    if (t->set == NULL) {
        t->err = "The form field \"" PAT_PERM_FIELD "\" was sent, but this "
                 "site has no permissions.";
        return 0;
    }
    i = pat_perm_index(t->set, value, strlen(value));
    if (i < 0) {
        t->err = "The form field \"" PAT_PERM_FIELD "\" names a permission "
                 "this site does not have.";
        return 0;
    }
    bit = (pat_perm_mask_t)1 << i;
    if (t->mask & bit) {
        t->err = apr_psprintf(t->pool,
                              "The form field \"" PAT_PERM_FIELD "\" names "
                              "the permission %s more than once.",
                              t->set->perm[i].name);
        return 0;
    }
    t->mask |= bit;
    return 1;
}

const char *pat_check_permissions(apr_pool_t *p, const apr_table_t *form,
                                  const pat_perm_set_t *set, pat_form_values *v)
{
    ticked t = {p, set, 0, NULL};

    /* FALSE when tick stopped at a value, with t.err set */
    if (!apr_table_do(tick, &t, form, PAT_PERM_FIELD, NULL)) {
        return t.err;
    }
    v->perms_given = t.set != NULL
        && (t.mask != 0 || apr_table_get(form, PAT_PERM_SHOWN_FIELD) != NULL);
    v->perms = (t.set != NULL && !v->perms_given) ? t.set->all : t.mask;
    v->perms_err = (v->perms_given && t.mask == 0)
        ? "Permissions - Select at least one permission."
        : NULL;
    return NULL;
}
