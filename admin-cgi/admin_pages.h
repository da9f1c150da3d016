/* admin_pages.h: the administrators' pages (README "For
 * administrators"): every user's tokens with filters and pages, and the
 * confirmations of Revoke and Revoke all.  Built like pages.h's, in
 * c->pool; text from users or the database is escaped by pat_html. */
#ifndef PAT_ADMIN_PAGES_H
#define PAT_ADMIN_PAGES_H

#include "apr_tables.h"

#include "pages.h"
#include "store_admin.h"

/* The list's filters as the form shows them (the query's values, never
 * NULL; "" for a filter not set), and the query string that repeats
 * them in the Previous and Next links ("" or "owner=...&status=...",
 * URL-encoded). */
typedef struct {
    const char *owner;
    const char *status; /* "", active, soon, expired or all */
    const char *unused_days;
    const char *query;
} pat_admin_form;

/* The "All Personal Access Tokens" page: the filter form with f's
 * values, then rows (pat_admin_row, at most PAT_ADMIN_PAGE, in id
 * order) with Owner, Name, Token, Permissions (a site with them only),
 * Created, Last used, Expiration Date, Status and a Revoke link; a
 * Revoke all link when the list is filtered by owner and shows tokens.
 * prev_before, next_after: the keyset of the Previous link (its before=
 * value) and of the Next link (its after= value), NULL for no link.
 * flash: a confirmation or NULL. */
pat_html_t *pat_page_admin_list(const pat_page_ctx *c, const pat_admin_form *f,
                                const apr_array_header_t *rows,
                                const char *prev_before, const char *next_after,
                                const char *flash);

/* The confirmation of revoking token r (its owner and name shown). */
pat_html_t *pat_page_admin_revoke(const pat_page_ctx *c,
                                  const pat_admin_row *r);

/* The confirmation of revoking all count tokens of owner; when count is
 * 0, a page that says there is nothing to revoke (no form). */
pat_html_t *pat_page_admin_revoke_all(const pat_page_ctx *c, const char *owner,
                                      int count);

#endif /* PAT_ADMIN_PAGES_H */
