/* pages.c: the admin pages.  All dynamic text goes through "{}" of
 * pat_html(), which escapes it. */
#include "pages.h"

#include <string.h>

#include "apr_strings.h"

#include "pat_when.h"
#include "permissions.h"
#include "store.h"

static const char delete_warning[] =
    "This personal access token will be permanently deleted and cannot be "
    "restored.";

/* What Regenerate says, on its page and in its dialog: the first
 * sentences, then the new expiration date (regenerate_text). */
static const char regenerate_warning[] =
    "A new token replaces this one. The current token stops working at "
    "once; scripts that use it must be given the new one.";

static pat_html_t *begin(const pat_page_ctx *c, const char *title)
{
    pat_html_t *h = pat_html_make(c->pool);

    pat_html(h,
             "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
             "<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width\">\n"
             "<title>{}</title>\n"
             "<link rel=\"icon\" href=\"{}/favicon.svg\" "
             "type=\"image/svg+xml\">\n"
             "<link rel=\"stylesheet\" href=\"{}/pat.css\">\n"
             "<script src=\"{}/pat.js\" defer></script>\n"
             "</head>\n<body>\n"
             "<nav class=\"sidebar\" aria-label=\"Main\">\n",
             title, c->static_base, c->static_base, c->static_base);
    pat_html(h,
             c->admin ? "<p class=\"nav-section\">Administration</p>\n<ul>\n"
                        "<li><a href=\"{}\" aria-current=\"page\">All Personal "
                        "Access Tokens</a></li>\n</ul>\n</nav>\n<main>\n"
                      : "<p class=\"nav-section\">My Profile</p>\n<ul>\n"
                        "<li><a href=\"{}\" aria-current=\"page\">Personal "
                        "Access Tokens</a></li>\n</ul>\n</nav>\n<main>\n",
             c->base);
    return h;
}

static pat_html_t *end(pat_html_t *h)
{
    pat_html(h, "</main>\n</body>\n</html>\n");
    return h;
}

/* The end of a field's tag: what describes it (its hint, and its error
 * when it has one), whether it is invalid, and autofocus on the first
 * invalid field of the form (*focused: set once it is given), so that a
 * refused form puts the cursor there with or without JavaScript. */
static void field_state(pat_html_t *h, const pat_page_ctx *c,
                        const char *prefix, const char *field, const char *err,
                        int *focused)
{
    const char *hint = apr_pstrcat(c->pool, prefix, field, "-hint", NULL);

    pat_html(
        h, " aria-describedby=\"{}\"",
        err ? apr_pstrcat(c->pool, hint, " ", prefix, field, "-error", NULL)
            : hint);
    if (err) {
        pat_html(h, " aria-invalid=\"true\"");
        if (!*focused) {
            pat_html(h, " autofocus");
            *focused = 1;
        }
    }
}

/* A field's hint and, when it has one, its error (the id field_state
 * names). */
static void field_notes(pat_html_t *h, const char *prefix, const char *field,
                        const char *hint, const char *err)
{
    pat_html(h, "<p class=\"hint\" id=\"{}{}-hint\">{}</p>\n", prefix, field,
             hint);
    if (err) {
        pat_html(h, "<p class=\"error\" id=\"{}{}-error\">{}</p>\n", prefix,
                 field, err);
    }
}

/* The Permissions group of the Create and Edit forms on a site with
 * permissions: a checkbox per permission showing its label, ticked as
 * v->perms; all of them share the field's hint and error. */
static void permission_fields(pat_html_t *h, const pat_page_ctx *c,
                              const pat_form_values *v, const char *prefix,
                              int *focused)
{
    int i;

    if (c->perms == NULL) {
        return;
    }
    pat_html(h,
             "<fieldset class=\"field permissions\">\n"
             "<legend>Permissions</legend>\n"
             "<input type=\"hidden\" name=\"" PAT_PERM_SHOWN_FIELD
             "\" value=\"1\">\n");
    for (i = 0; i < c->perms->nelts; i++) {
        const pat_perm_t *perm = &c->perms->perm[i];
        const char *id =
            apr_pstrcat(c->pool, prefix, "perm-", perm->name, NULL);

        pat_html(h,
                 "<div class=\"checkbox\"><input type=\"checkbox\" id=\"{}\" "
                 "name=\"permissions\" value=\"{}\"",
                 id, perm->name);
        if (v->perms & ((pat_perm_mask_t)1 << i)) {
            pat_html(h, " checked");
        }
        field_state(h, c, prefix, "permissions", v->perms_err, focused);
        pat_html(h, ">\n<label for=\"{}\">{}</label></div>\n", id, perm->label);
    }
    field_notes(h, prefix, "permissions",
                "At least one. A token created with all of them ticked has "
                "all your rights, also permissions added later.",
                v->perms_err);
    pat_html(h, "</fieldset>\n");
}

/* The fields of the Create and Edit forms, with v's values and errors. */
static void form_fields(pat_html_t *h, const pat_page_ctx *c,
                        const pat_form_values *v, const char *prefix)
{
    pat_date_t lo, hi, typed;
    const char *min = "", *max = "", *expires = "";
    int focused = 0;

    if (pat_date_rules(&c->today, &lo, &hi, NULL) == APR_SUCCESS) {
        min = pat_date_format(c->pool, &lo);
        max = pat_date_format(c->pool, &hi);
    }
    /* a date input holds a date or nothing (HTML empties any other
     * value); the error next to the field says what was typed wrong */
    if (v->expires
        && pat_date_parse(v->expires, strlen(v->expires), &typed)
            == APR_SUCCESS) {
        expires = v->expires;
    }
    pat_html(h, "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n",
             c->csrf);
    pat_html(h,
             "<div class=\"field\">\n<label for=\"{}name\">Name</label>\n"
             "<input type=\"text\" id=\"{}name\" name=\"name\" required "
             "value=\"{}\"",
             prefix, prefix, v->name);
    field_state(h, c, prefix, "name", v->name_err, &focused);
    pat_html(h, ">\n");
    field_notes(h, prefix, "name",
                "Required, single line, maximum 100 characters.", v->name_err);
    pat_html(h,
             "</div>\n<div class=\"field\">\n<label "
             "for=\"{}description\">Description</label>\n"
             "<textarea id=\"{}description\" name=\"description\" "
             "rows=\"4\"",
             prefix, prefix);
    field_state(h, c, prefix, "description", v->description_err, &focused);
    pat_html(h, ">{}</textarea>\n", v->description);
    field_notes(h, prefix, "description", "Optional, maximum 500 characters.",
                v->description_err);
    pat_html(h,
             "</div>\n<div class=\"field\">\n<label for=\"{}expires\">"
             "Expiration Date</label>\n"
             "<input type=\"date\" id=\"{}expires\" name=\"expires\" "
             "required value=\"{}\" min=\"{}\" max=\"{}\"",
             prefix, prefix, expires, min, max);
    field_state(h, c, prefix, "expires", v->expires_err, &focused);
    pat_html(h, ">\n");
    field_notes(h, prefix, "expires",
                apr_pstrcat(c->pool,
                            "At least 6 months from today and no more than 1 "
                            "year (365 days) from today: ",
                            min, " to ", max, ".", NULL),
                v->expires_err);
    pat_html(h, "</div>\n");
    permission_fields(h, c, v, prefix, &focused);
}

static void create_form(pat_html_t *h, const pat_page_ctx *c,
                        const pat_form_values *v, const char *prefix)
{
    pat_html(h,
             "<form method=\"post\" action=\"{}\" class=\"token-form\">\n"
             "<input type=\"hidden\" name=\"nonce\" value=\"{}\">\n",
             c->base, v->nonce);
    form_fields(h, c, v, prefix);
    pat_html(h,
             "<div class=\"actions\">\n"
             "<button type=\"submit\" class=\"primary\">Create</button>\n"
             "<a href=\"{}\" class=\"button cancel\">Cancel</a>\n"
             "</div>\n</form>\n",
             c->base);
}

static void copy_dialog(pat_html_t *h, const pat_page_ctx *c, const char *token)
{
    pat_html(h,
             "<dialog id=\"copy-dialog\" class=\"autoshow\" open "
             "aria-labelledby=\"copy-title\">\n"
             "<h2 id=\"copy-title\">Copy your token</h2>\n"
             "<div class=\"field\">\n<label for=\"token\">Token</label>\n"
             "<div class=\"copy-row\">\n"
             "<input type=\"text\" id=\"token\" value=\"{}\" readonly "
             "autocomplete=\"off\" spellcheck=\"false\">\n"
             "<button type=\"button\" id=\"copy-button\" class=\"icon\" "
             "aria-label=\"Copy token\" title=\"Copy token\" hidden>"
             "<svg aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"20\" "
             "height=\"20\"><rect x=\"8\" y=\"8\" width=\"12\" height=\"12\" "
             "rx=\"2\"/><path d=\"M4 16V6a2 2 0 0 1 2-2h10\"/></svg>"
             "</button>\n</div>\n</div>\n"
             "<p class=\"warning\">This is the only time you will see the "
             "full token. Please copy and store it securely.</p>\n"
             "<p id=\"copy-status\" class=\"status\" role=\"status\"></p>\n"
             "<div class=\"actions\"><a href=\"{}\" id=\"copy-close\" "
             "class=\"button primary\">Close</a></div>\n"
             "</dialog>\n",
             token, c->base);
}

void pat_form_empty(const pat_page_ctx *c, const char *nonce,
                    pat_form_values *v)
{
    pat_date_t dflt;

    memset(v, 0, sizeof(*v));
    v->name = v->description = v->expires = "";
    v->nonce = nonce;
    v->perms = c->perms ? c->perms->all : 0;
    if (pat_date_rules(&c->today, NULL, NULL, &dflt) == APR_SUCCESS) {
        v->expires = pat_date_format(c->pool, &dflt);
    }
}

/* A cell of class cls showing text in a <time> element for t: its
 * datetime in UTC, its title (the tooltip) the exact local time with
 * the zone named.  t 0 (not known) leaves the cell empty. */
static void time_cell(pat_html_t *h, const pat_page_ctx *c, const char *cls,
                      apr_time_t t, const char *text)
{
    const char *iso = t ? pat_when_iso(c->pool, t) : NULL;

    if (iso == NULL) {
        pat_html(h, "<td class=\"{}\"></td>", cls);
        return;
    }
    pat_html(
        h, "<td class=\"{}\"><time datetime=\"{}\" title=\"{}\">{}</time></td>",
        cls, iso, pat_when_exact(c->pool, t), text);
}

/* The local date of t, YYYY-MM-DD, or "" if it has none. */
static const char *created_date(const pat_page_ctx *c, apr_time_t t)
{
    pat_date_t d;

    return pat_date_from_time(t, &d) == APR_SUCCESS
        ? pat_date_format(c->pool, &d)
        : "";
}

void pat_page_status_cell(pat_html_t *h, const pat_page_ctx *c,
                          const char *expires)
{
    pat_date_t exp;
    int valid = pat_date_parse(expires, strlen(expires), &exp) == APR_SUCCESS;
    int expired = valid && pat_date_is_expired(&exp, &c->today);
    int soon =
        valid && pat_date_expires_within(&exp, &c->today, PAT_DATE_SOON_DAYS);

    pat_html(h, "<td class=\"status {}\">{}", expired ? "expired" : "active",
             expired ? "Expired" : "Active");
    if (soon) {
        pat_html(h, " <span class=\"badge soon\">Expires soon</span>");
    }
    pat_html(h, "</td>");
}

void pat_page_last_used_cell(pat_html_t *h, const pat_page_ctx *c,
                             apr_time_t last_used)
{
    if (last_used) {
        time_cell(h, c, "last-used", last_used,
                  pat_when_ago(c->pool, last_used, c->now));
    }
    else {
        pat_html(h, "<td class=\"last-used\">Never</td>");
    }
}

void pat_page_created_cell(pat_html_t *h, const pat_page_ctx *c,
                           apr_time_t created)
{
    time_cell(h, c, "created", created, created_date(c, created));
}

/* What Regenerate says in full: regenerate_warning, then what the new
 * token keeps (its permissions named only on a site with permissions)
 * and its expiration date (the default of c->today). */
static const char *regenerate_text(const pat_page_ctx *c)
{
    pat_date_t dflt;
    const char *date =
        pat_date_rules(&c->today, NULL, NULL, &dflt) == APR_SUCCESS
        ? pat_date_format(c->pool, &dflt)
        : "";

    /* a site without permissions never names them (they stay too) */
    return apr_pstrcat(c->pool, regenerate_warning,
                       c->perms ? " The new token keeps this token's name, "
                                  "description and permissions and expires on "
                                : " The new token keeps this token's name and "
                                  "description and expires on ",
                       date, ".", NULL);
}

/* The hidden fields of a Regenerate form: the CSRF token and nonce. */
static void regenerate_fields(pat_html_t *h, const pat_page_ctx *c,
                              const char *nonce)
{
    pat_html(h,
             "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n"
             "<input type=\"hidden\" name=\"nonce\" value=\"{}\">\n",
             c->csrf, nonce);
}

pat_html_t *pat_page_list(const pat_page_ctx *c, apr_array_header_t *rows,
                          const char *flash, const char *new_token,
                          const char *nonce, const char *regen_nonce)
{
    pat_html_t *h = begin(c, "Manage Personal Access Tokens");
    pat_form_values empty;
    int i;

    pat_html(h, "<h1>Manage Personal Access Tokens</h1>\n");
    if (flash) {
        pat_html(h, "<p class=\"flash\" role=\"status\">{}</p>\n", flash);
    }
    pat_html(h,
             "<p><a href=\"{}/new\" class=\"button primary\" "
             "id=\"create-new\">Create new</a></p>\n",
             c->base);
    if (rows->nelts == 0) {
        pat_html(h,
                 "<p class=\"empty\">You have no personal access tokens "
                 "yet. Create one to connect a tool or an integration "
                 "without sharing your login credentials.</p>\n");
    }
    else {
        pat_html(h,
                 "<table class=\"tokens\">\n<thead><tr><th>Name</th>"
                 "<th>Token</th><th>Description</th>");
        if (c->perms) {
            pat_html(h, "<th>Permissions</th>");
        }
        pat_html(h,
                 "<th>Expiration Date</th><th>Status</th>"
                 "<th>Last used</th><th>Created</th>"
                 "<th>Edit / Delete</th></tr></thead>\n<tbody>\n");
        for (i = 0; i < rows->nelts; i++) {
            const pat_store_row *r = &APR_ARRAY_IDX(rows, i, pat_store_row);

            /* the hint: "pat_" and an ellipsis (U+2026), then the
             * token's last 4 characters */
            pat_html(h,
                     "<tr data-id=\"{}\"><td class=\"name\">{}</td>"
                     "<td class=\"hint\"><code>pat_\xe2\x80\xa6{}</code>"
                     "</td><td class=\"description\">{}</td>",
                     r->id, r->name, r->hint, r->description);
            if (c->perms) {
                /* a token not narrowed (NULL) has every permission */
                pat_html(h, "<td class=\"permissions\">{}</td>",
                         pat_perm_join(c->pool, c->perms,
                                       pat_perm_mask(c->perms, r->permissions),
                                       1, ", "));
            }
            pat_html(h, "<td>{}</td>", r->expires);
            pat_page_status_cell(h, c, r->expires);
            pat_html(h, "\n");
            pat_page_last_used_cell(h, c, r->last_used);
            pat_page_created_cell(h, c, r->created);
            pat_html(h,
                     "\n<td class=\"actions\">"
                     "<a href=\"{}/{}/edit\">Edit</a> "
                     "<a href=\"{}/{}/regenerate\" class=\"regenerate\" "
                     "data-name=\"{}\">Regenerate</a> "
                     "<a href=\"{}/{}/delete\" class=\"delete\" "
                     "data-name=\"{}\">Delete</a> "
                     "<a href=\"{}/{}/activity\">Activity</a></td></tr>\n",
                     c->base, r->id, c->base, r->id, r->name, c->base, r->id,
                     r->name, c->base, r->id);
        }
        pat_html(h, "</tbody>\n</table>\n");
    }

    /* the dialogs JavaScript opens; without it the links above lead to
     * pages with the same forms.  The Delete dialog's form posts the id
     * field to /delete; pat.js sets the field and the action (the
     * token's own /ID/delete) when it opens the dialog. */
    pat_form_empty(c, nonce, &empty);
    pat_html(h,
             "<dialog id=\"create-dialog\" aria-labelledby=\"create-title\">"
             "\n<h2 id=\"create-title\">Create Personal Access Token</h2>\n");
    create_form(h, c, &empty, "new-");
    pat_html(h, "</dialog>\n");
    pat_html(h,
             "<dialog id=\"delete-dialog\" aria-labelledby=\"delete-title\">\n"
             "<h2 id=\"delete-title\">Delete token</h2>\n"
             "<p class=\"token-name\" id=\"delete-name\"></p>\n<p>{}</p>\n"
             "<form method=\"post\" action=\"{}/delete\" id=\"delete-form\">\n"
             "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n"
             "<input type=\"hidden\" name=\"id\" value=\"\">\n"
             "<div class=\"actions\">\n"
             "<button type=\"submit\" class=\"danger\">Proceed</button>\n"
             "<button type=\"button\" class=\"cancel\" "
             "id=\"delete-cancel\">Cancel</button>\n</div>\n</form>\n"
             "</dialog>\n",
             delete_warning, c->base, c->csrf);
    /* like the Delete dialog: pat.js sets the id field and the action
     * (the token's own /ID/regenerate) when it opens the dialog */
    pat_html(h,
             "<dialog id=\"regenerate-dialog\" "
             "aria-labelledby=\"regenerate-title\" "
             "aria-describedby=\"regenerate-text\">\n"
             "<h2 id=\"regenerate-title\">Regenerate token</h2>\n"
             "<p class=\"token-name\" id=\"regenerate-name\"></p>\n"
             "<p class=\"warning\" id=\"regenerate-text\">{}</p>\n"
             "<form method=\"post\" action=\"{}/regenerate\" "
             "id=\"regenerate-form\">\n",
             regenerate_text(c), c->base);
    regenerate_fields(h, c, regen_nonce);
    pat_html(h,
             "<input type=\"hidden\" name=\"id\" value=\"\">\n"
             "<div class=\"actions\">\n"
             "<button type=\"submit\" class=\"primary\">Regenerate"
             "</button>\n"
             "<button type=\"button\" class=\"cancel\" "
             "id=\"regenerate-cancel\">Cancel</button>\n</div>\n</form>\n"
             "</dialog>\n");
    if (new_token) {
        copy_dialog(h, c, new_token);
    }
    return end(h);
}

pat_html_t *pat_page_create(const pat_page_ctx *c, const pat_form_values *v)
{
    pat_html_t *h = begin(c, "Create Personal Access Token");

    pat_html(h, "<h1>Create Personal Access Token</h1>\n");
    create_form(h, c, v, "");
    return end(h);
}

pat_html_t *pat_page_edit(const pat_page_ctx *c, const char *id,
                          const pat_form_values *v)
{
    pat_html_t *h = begin(c, "Edit Personal Access Token");

    pat_html(h,
             "<h1>Edit Personal Access Token</h1>\n"
             "<p><a href=\"{}/{}/activity\">Activity</a></p>\n"
             "<form method=\"post\" action=\"{}/{}/edit\" "
             "class=\"token-form\">\n",
             c->base, id, c->base, id);
    form_fields(h, c, v, "");
    pat_html(h,
             "<div class=\"actions\">\n"
             "<button type=\"submit\" class=\"primary\">Save</button>\n"
             "<a href=\"{}\" class=\"button cancel\">Cancel</a>\n"
             "</div>\n</form>\n",
             c->base);
    return end(h);
}

pat_html_t *pat_page_delete(const pat_page_ctx *c, const char *id,
                            const char *name)
{
    pat_html_t *h = begin(c, "Delete token");

    pat_html(h,
             "<h1>Delete token</h1>\n<p class=\"token-name\">{}</p>\n"
             "<p>{}</p>\n"
             "<form method=\"post\" action=\"{}/{}/delete\">\n"
             "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n"
             "<div class=\"actions\">\n"
             "<button type=\"submit\" class=\"danger\">Proceed</button>\n"
             "<a href=\"{}\" class=\"button cancel\">Cancel</a>\n</div>\n"
             "</form>\n",
             name, delete_warning, c->base, id, c->csrf, c->base);
    return end(h);
}

pat_html_t *pat_page_begin(const pat_page_ctx *c, const char *title)
{
    return begin(c, title);
}

pat_html_t *pat_page_end(pat_html_t *h)
{
    return end(h);
}

pat_html_t *pat_page_regenerate(const pat_page_ctx *c, const char *id,
                                const char *name, const char *nonce)
{
    pat_html_t *h = begin(c, "Regenerate token");

    pat_html(h,
             "<h1>Regenerate token</h1>\n<p class=\"token-name\">{}</p>\n"
             "<p class=\"warning\">{}</p>\n"
             "<form method=\"post\" action=\"{}/{}/regenerate\">\n",
             name, regenerate_text(c), c->base, id);
    regenerate_fields(h, c, nonce);
    pat_html(h,
             "<div class=\"actions\">\n"
             "<button type=\"submit\" class=\"primary\">Regenerate</button>\n"
             "<a href=\"{}\" class=\"button cancel\">Cancel</a>\n</div>\n"
             "</form>\n",
             c->base);
    return end(h);
}

pat_html_t *pat_page_error(const pat_page_ctx *c, const char *title,
                           const char *message)
{
    pat_html_t *h = begin(c, title);

    pat_html(h,
             "<h1>{}</h1>\n<p class=\"error\" role=\"alert\">{}</p>\n"
             "<p><a href=\"{}\">Back to {}</a></p>\n",
             title, message, c->base,
             c->admin ? "All Personal Access Tokens"
                      : "Manage Personal Access Tokens");
    return end(h);
}
