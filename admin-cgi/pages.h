/* pages.h: the pages of "Manage Personal Access Tokens" (README "Token
 * management pages"; the product page's texts quoted exactly).  Each function
 * builds a whole page into a pat_html_t; main.c decides which page a request
 * gets and sends it. */
#ifndef PAT_PAGES_H
#define PAT_PAGES_H

#include "apr_tables.h"

#include "html.h"
#include "pat_date.h"
#include "validate.h"

/* What every page needs to know about the request. */
typedef struct {
    apr_pool_t *pool;
    const char *base;        /* SCRIPT_NAME, e.g. /profile/tokens */
    const char *static_base; /* e.g. /profile/static */
    const char *csrf;        /* the user's CSRF token */
    pat_date_t today;        /* local date of the server */
    apr_time_t now;          /* the time today was read at */
    /* the site's permissions (admin.conf's PermissionsFile), NULL for a
     * site without them: then no page shows permissions */
    const pat_perm_set_t *perms;
    /* 1 on the administrators' pages (PAT_ADMIN_VIEW, README "For
     * administrators"): their navigation names them */
    int admin;
} pat_page_ctx;

/* Fill v as an empty Create form: blank name and description, no
 * errors, the default Expiration Date of c->today (pat_date_rules; ""
 * if c->today is not a valid date), every permission ticked (a token
 * created as the product page describes has its owner's full rights),
 * and nonce (from pat_nonce_new). */
void pat_form_empty(const pat_page_ctx *c, const char *nonce,
                    pat_form_values *v);

/* Every function below returns a whole page built in c->pool, never
 * NULL (APR aborts when a pool runs out of memory); text from users or
 * the database is escaped by pat_html. */

/* The Manage Personal Access Tokens page.  rows: pat_store_row array,
 * shown in its order; on a site with permissions each row shows its
 * permissions' labels.  Each row also shows its hint (Token), Last used
 * (how long ago, from c->now) and Created, and an Active token that
 * expires within PAT_DATE_SOON_DAYS of c->today an "Expires soon" badge.
 * flash: a confirmation message or NULL.  new_token: the full token to
 * show in the "Copy your token" dialog (only in the create and
 * regenerate responses), or NULL.  nonce: the one-time value of the
 * embedded create form; regen_nonce: another, of the Regenerate
 * dialog's form (the two must differ: each is stored on the token its
 * form made). */
pat_html_t *pat_page_list(const pat_page_ctx *c, apr_array_header_t *rows,
                          const char *flash, const char *new_token,
                          const char *nonce, const char *regen_nonce);

/* The Create Personal Access Token page (used without JavaScript, and to
 * show refused input with its errors next to the fields).  Here and on
 * Edit, a site with permissions has a Permissions group of checkboxes,
 * ticked as v->perms. */
pat_html_t *pat_page_create(const pat_page_ctx *c, const pat_form_values *v);

/* The Edit page of token id (decimal digits), with v's values and
 * errors. */
pat_html_t *pat_page_edit(const pat_page_ctx *c, const char *id,
                          const pat_form_values *v);

/* The delete confirmation page of token id, whose name is shown (used
 * without JavaScript; with it the list's dialog asks). */
pat_html_t *pat_page_delete(const pat_page_ctx *c, const char *id,
                            const char *name);

/* The regenerate confirmation page of token id, whose name is shown,
 * saying that the old token stops working at once and the new one's
 * expiration date (the default of pat_date_rules from c->today); its
 * form carries nonce, a one-time value (pat_nonce_new).  Used without
 * JavaScript; with it the list's dialog asks. */
pat_html_t *pat_page_regenerate(const pat_page_ctx *c, const char *id,
                                const char *name, const char *nonce);

/* The Activity page of the owner's token id (decimal digits) named name:
 * events, an array of pat_history_event (history.h), newest first, of
 * which at most PAT_HISTORY_MAX are shown (one more says that older
 * events exist).  README "Activity". */
pat_html_t *pat_page_activity(const pat_page_ctx *c, const char *id,
                              const char *name,
                              const apr_array_header_t *events);

/* The start of every page (head, navigation, <main>) with title, and its
 * end, for pages built outside pages.c. */
pat_html_t *pat_page_begin(const pat_page_ctx *c, const char *title);
pat_html_t *pat_page_end(pat_html_t *h);

/* The cells of a token's row that the owner's list and the
 * administrators' list share: Status of a token expiring on expires
 * (YYYY-MM-DD): Active or Expired on c->today, with the "Expires soon"
 * badge within PAT_DATE_SOON_DAYS; Last used (how long before c->now,
 * "Never" for 0) and Created (its local date), both apr_time_t with the
 * exact time as their title. */
void pat_page_status_cell(pat_html_t *h, const pat_page_ctx *c,
                          const char *expires);
void pat_page_last_used_cell(pat_html_t *h, const pat_page_ctx *c,
                             apr_time_t last_used);
void pat_page_created_cell(pat_html_t *h, const pat_page_ctx *c,
                           apr_time_t created);

/* An error page: title and message are plain text. */
pat_html_t *pat_page_error(const pat_page_ctx *c, const char *title,
                           const char *message);

#endif /* PAT_PAGES_H */
