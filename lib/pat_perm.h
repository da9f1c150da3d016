/* pat_perm.h: token permissions (README "Role Permissions").
 *
 * A site names the permissions a token can carry in one permissions
 * file, read by both programs that need them: mod_auth_pat
 * (AuthPATPermissionsFile, at start-up) and the token pages
 * (PermissionsFile in admin.conf, on every request).  One line per
 * permission, its name and then its label:
 *
 *     # name   label shown on the token pages
 *     read     Read data
 *     write    Create and change data
 *
 * A name is 1 to PAT_PERM_NAME_MAX characters: a lowercase letter, then
 * lowercase letters, digits and "_-.:".  A label is the rest of the line
 * (white space around it removed), 1 to PAT_PERM_LABEL_MAX bytes of
 * UTF-8, with no control characters.  '#' starts a comment line; blank lines
 * are ignored.  A file with no permissions is a site without permissions.
 *
 * A token's permissions are kept in pat_tokens.permissions: NULL for a
 * token that is not narrowed (it carries every permission the site
 * defines, now and later: its owner's full rights), otherwise the names
 * it carries, each once, in the file's order, separated by one space.
 * In memory a token's permissions are a mask: bit i is the set's i-th
 * permission. */
#ifndef PAT_PERM_H
#define PAT_PERM_H

#include "apr_pools.h"

#define PAT_PERM_NAME_MAX  32    /* bytes of one name */
#define PAT_PERM_LABEL_MAX 100   /* bytes of one label */
#define PAT_PERM_COUNT_MAX 32    /* permissions one site may define */
#define PAT_PERM_FILE_MAX  65536 /* bytes of a permissions file */
/* bytes of the longest stored list: every name at its longest, with a
 * space between two (the pat_tokens.permissions column is this wide) */
#define PAT_PERM_STORED_MAX (PAT_PERM_COUNT_MAX * (PAT_PERM_NAME_MAX + 1) - 1)

typedef apr_uint32_t pat_perm_mask_t;

typedef struct {
    const char *name;  /* e.g. "read" */
    const char *label; /* e.g. "Read data" (not escaped) */
} pat_perm_t;

typedef struct {
    int nelts;           /* 0 to PAT_PERM_COUNT_MAX */
    pat_perm_t *perm;    /* in the file's order */
    pat_perm_mask_t all; /* the mask with every permission's bit set */
} pat_perm_set_t;

/* Parse the text of a permissions file (text[0..len), need not be
 * NUL-terminated).  origin names the file in error texts.
 * Returns NULL and sets *out (from p), or an error text from p of the
 * form "ORIGIN line N: WHAT" (a name or label too long or malformed, a
 * name defined twice, more than PAT_PERM_COUNT_MAX permissions, a NUL
 * byte); *out is untouched on error. */
const char *pat_perm_parse(apr_pool_t *p, const char *text, apr_size_t len,
                           const char *origin, pat_perm_set_t **out);

/* Read and parse the permissions file at path.
 * Returns NULL and sets *out, or an error text from p naming the file
 * (cannot be opened or read, not a regular file, larger than
 * PAT_PERM_FILE_MAX, or any error of pat_perm_parse). */
const char *pat_perm_read(apr_pool_t *p, const char *path,
                          pat_perm_set_t **out);

/* Is name[0..len) well formed (the rule above)?  Returns 1 or 0. */
int pat_perm_name_ok(const char *name, apr_size_t len);

/* The index of the permission called name[0..len) in set, or -1 when
 * the set does not define it (set may be NULL). */
int pat_perm_index(const pat_perm_set_t *set, const char *name, apr_size_t len);

/* The mask of a token's stored permissions (the pat_tokens.permissions
 * column): stored NULL is set->all (not narrowed); otherwise the bits of
 * the space-separated names that set defines.  A name the set does not
 * define (a permission the site has since removed) grants nothing and is
 * skipped.  set may be NULL (no permissions: mask 0). */
pat_perm_mask_t pat_perm_mask(const pat_perm_set_t *set, const char *stored);

/* The column value for a token carrying mask: NULL when mask holds every
 * permission of set (not narrowed) or the site has none (set NULL or
 * empty), otherwise the names of its bits in
 * the set's order separated by one space, from p ("" for mask 0). */
const char *pat_perm_stored(apr_pool_t *p, const pat_perm_set_t *set,
                            pat_perm_mask_t mask);

/* The names (labels when labels is non-zero) of mask's bits in the set's
 * order, joined by sep, from p; "" for mask 0.  For PAT_PERMISSIONS
 * (names, " ") and the pages' list (labels, ", "). */
const char *pat_perm_join(apr_pool_t *p, const pat_perm_set_t *set,
                          pat_perm_mask_t mask, int labels, const char *sep);

#endif /* PAT_PERM_H */
