/* validate.h: the field rules of the Create and Edit forms (README
 * "Token management pages"), applied by the server, which is the
 * authority. */
#ifndef PAT_VALIDATE_H
#define PAT_VALIDATE_H

#include "apr_pools.h"
#include "apr_tables.h"

#include "pat_date.h"
#include "pat_perm.h"

#define PAT_NAME_MAX        100 /* characters (Unicode code points) */
#define PAT_DESCRIPTION_MAX 500

/* Values of the Create/Edit form as the user typed them (shown again in
 * a refused form), and the error shown next to each field (NULL: none).
 * nonce: the create form's one-time value (csrf.h), NULL on Edit.
 * perms: the ticked Permissions, a mask of the site's (permissions.h);
 * 0 on a site without permissions.  perms_given: the form had the
 * Permissions group (0 for a form made without it, e.g. by a script
 * written for a site without permissions: permissions.h). */
typedef struct {
    const char *name, *description, *expires, *nonce;
    pat_perm_mask_t perms;
    int perms_given;
    const char *name_err, *description_err, *expires_err, *perms_err;
} pat_form_values;

/* Check the three fields of a submitted Create/Edit form (the fields
 * "name", "description" and "expires" of form; a missing field counts as
 * empty) with pat_check_name, pat_check_description and
 * pat_check_expires.  today: the server's local date.
 * Sets v's values and errors (v->nonce, v->perms and v->perms_err are
 * left alone: permissions.h), and when all three
 * are valid *name and *description to the normalised texts to store
 * (from p); the date to store is v->expires.
 * Returns 1 if all three are valid, else 0. */
int pat_check_form(apr_pool_t *p, apr_table_t *form, const pat_date_t *today,
                   pat_form_values *v, const char **name,
                   const char **description);

/* Check and normalise a Name: surrounding white space (ASCII and Unicode)
 * trimmed; then 1..100 characters, valid UTF-8, one line, no control
 * characters.  in: NUL-terminated form value.
 * Returns NULL and sets *out (from p) when valid, else the error text
 * shown next to the field (it names the field and the rule). */
const char *pat_check_name(apr_pool_t *p, const char *in, const char **out);

/* Check and normalise a Description: optional; CRLF and CR become LF and
 * count as one character; at most 500 characters, valid UTF-8, no control
 * characters other than line breaks and tabs.
 * Returns NULL and sets *out when valid, else the error text. */
const char *pat_check_description(apr_pool_t *p, const char *in,
                                  const char **out);

/* Check an Expiration Date: YYYY-MM-DD, at least 6 months and at most
 * 365 days from today (pat_date_rules, README "Expiration dates").
 * today: the server's local date.
 * Returns NULL and sets *out when valid, else the error text (from p when
 * it names the allowed range). */
const char *pat_check_expires(apr_pool_t *p, const char *in,
                              const pat_date_t *today, pat_date_t *out);

/* What a user who has count tokens is told when a create is refused for
 * MaxTokensPerUser max (README "Token management pages"): the limit and
 * how many tokens to delete, e.g. "You have 100 tokens, the most
 * allowed. Delete one to create another."  count: max or more.
 * Returns a string from p. */
const char *pat_limit_message(apr_pool_t *p, int max, int count);

#endif /* PAT_VALIDATE_H */
