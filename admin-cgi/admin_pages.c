/* admin_pages.c: the administrators' pages (admin_pages.h).  All
 * dynamic text goes through "{}" of pat_html(), which escapes it. */
#include "admin_pages.h"

#include <string.h>

#include "apr_escape.h"
#include "apr_strings.h"

#include "permissions.h"

/* The filter form (GET), showing f's values. */
static void filter_form(pat_html_t *h, const pat_page_ctx *c,
                        const pat_admin_form *f)
{
    static const char *const status[][2] = {{"all", "All"},
                                            {"active", "Active"},
                                            {"soon", "Expires soon"},
                                            {"expired", "Expired"}};
    int i;

    pat_html(h,
             "<form method=\"get\" action=\"{}\" class=\"filters\" "
             "role=\"search\" aria-label=\"Filter tokens\">\n"
             "<div class=\"field\">\n<label for=\"owner\">Owner</label>\n"
             "<input type=\"text\" id=\"owner\" name=\"owner\" value=\"{}\">\n"
             "</div>\n<div class=\"field\">\n"
             "<label for=\"status\">Status</label>\n"
             "<select id=\"status\" name=\"status\">\n",
             c->base, f->owner);
    for (i = 0; i < 4; i++) {
        pat_html(h, "<option value=\"{}\"", status[i][0]);
        if (strcmp(f->status, status[i][0]) == 0) {
            pat_html(h, " selected");
        }
        pat_html(h, ">{}</option>\n", status[i][1]);
    }
    pat_html(h,
             "</select>\n</div>\n<div class=\"field\">\n"
             "<label for=\"unused_days\">Not used for (days)</label>\n"
             "<input type=\"number\" id=\"unused_days\" name=\"unused_days\" "
             "min=\"1\" max=\"3650\" value=\"{}\" "
             "aria-describedby=\"unused_days-hint\">\n"
             "<p class=\"hint\" id=\"unused_days-hint\">Never used, or last "
             "used more than this many days ago (1 to 3650).</p>\n</div>\n"
             "<div class=\"actions\"><button type=\"submit\" "
             "class=\"primary\">Filter</button> "
             "<a href=\"{}\" class=\"button cancel\">Clear</a></div>\n"
             "</form>\n",
             f->unused_days, c->base);
}

/* One token's row. */
static void admin_row(pat_html_t *h, const pat_page_ctx *c,
                      const pat_admin_row *a)
{
    const pat_store_row *r = &a->row;

    pat_html(h,
             "<tr data-id=\"{}\"><td class=\"owner\">{}</td>"
             "<td class=\"name\">{}</td>"
             "<td class=\"hint\"><code>pat_\xe2\x80\xa6{}</code></td>",
             r->id, a->owner, r->name, r->hint);
    if (c->perms) {
        pat_html(h, "<td class=\"permissions\">{}</td>",
                 pat_perm_join(c->pool, c->perms,
                               pat_perm_mask(c->perms, r->permissions), 1,
                               ", "));
    }
    pat_page_created_cell(h, c, r->created);
    pat_page_last_used_cell(h, c, r->last_used);
    pat_html(h, "<td class=\"expires\">{}</td>", r->expires);
    pat_page_status_cell(h, c, r->expires);
    pat_html(h,
             "<td class=\"actions\"><a href=\"{}/{}/revoke\" "
             "aria-label=\"Revoke {} of {}\">Revoke</a></td></tr>\n",
             c->base, r->id, r->name, a->owner);
}

/* The Previous and Next links, keeping the filters of f. */
static void page_links(pat_html_t *h, const pat_page_ctx *c,
                       const pat_admin_form *f, const char *prev_before,
                       const char *next_after)
{
    const char *sep = *f->query ? "&" : "";

    if (prev_before == NULL && next_after == NULL) {
        return;
    }
    pat_html(h, "<nav class=\"pages\" aria-label=\"Pages\">\n");
    if (prev_before) {
        pat_html(h, "<a href=\"{}?{}{}before={}\" rel=\"prev\">Previous</a>\n",
                 c->base, f->query, sep, prev_before);
    }
    if (next_after) {
        pat_html(h, "<a href=\"{}?{}{}after={}\" rel=\"next\">Next</a>\n",
                 c->base, f->query, sep, next_after);
    }
    pat_html(h, "</nav>\n");
}

pat_html_t *pat_page_admin_list(const pat_page_ctx *c, const pat_admin_form *f,
                                const apr_array_header_t *rows,
                                const char *prev_before, const char *next_after,
                                const char *flash)
{
    pat_html_t *h = pat_page_begin(c, "All Personal Access Tokens");
    int i;

    pat_html(h, "<h1>All Personal Access Tokens</h1>\n");
    if (flash) {
        pat_html(h, "<p class=\"flash\" role=\"status\">{}</p>\n", flash);
    }
    filter_form(h, c, f);
    if (*f->owner && rows->nelts > 0) {
        pat_html(h,
                 "<p><a href=\"{}/revoke?owner={}\" class=\"button danger\">"
                 "Revoke all tokens of {}</a></p>\n",
                 c->base, apr_pescape_urlencoded(c->pool, f->owner), f->owner);
    }
    if (rows->nelts == 0) {
        pat_html(h, "<p class=\"empty\">No tokens match.</p>\n");
        page_links(h, c, f, prev_before, next_after);
        return pat_page_end(h);
    }
    pat_html(h,
             "<table class=\"tokens admin\">\n<thead><tr><th>Owner</th>"
             "<th>Name</th><th>Token</th>");
    if (c->perms) {
        pat_html(h, "<th>Permissions</th>");
    }
    pat_html(h,
             "<th>Created</th><th>Last used</th><th>Expiration Date</th>"
             "<th>Status</th><th>Revoke</th></tr></thead>\n<tbody>\n");
    for (i = 0; i < rows->nelts; i++) {
        admin_row(h, c, &APR_ARRAY_IDX(rows, i, pat_admin_row));
    }
    pat_html(h, "</tbody>\n</table>\n");
    page_links(h, c, f, prev_before, next_after);
    return pat_page_end(h);
}

pat_html_t *pat_page_admin_revoke(const pat_page_ctx *c, const pat_admin_row *r)
{
    pat_html_t *h = pat_page_begin(c, "Revoke token");

    pat_html(h,
             "<h1>Revoke token</h1>\n<dl class=\"token-facts\">\n"
             "<dt>Owner</dt><dd class=\"owner\">{}</dd>\n"
             "<dt>Name</dt><dd class=\"token-name\">{}</dd>\n"
             "<dt>Token</dt><dd class=\"hint\"><code>pat_\xe2\x80\xa6{}</code>"
             "</dd>\n</dl>\n"
             "<p class=\"warning\">The token stops working at once.</p>\n"
             "<form method=\"post\" action=\"{}/{}/revoke\">\n"
             "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n"
             "<div class=\"actions\">\n"
             "<button type=\"submit\" class=\"danger\">Revoke</button>\n"
             "<a href=\"{}\" class=\"button cancel\">Cancel</a>\n</div>\n"
             "</form>\n",
             r->owner, r->row.name, r->row.hint, c->base, r->row.id, c->csrf,
             c->base);
    return pat_page_end(h);
}

pat_html_t *pat_page_admin_revoke_all(const pat_page_ctx *c, const char *owner,
                                      int count)
{
    pat_html_t *h = pat_page_begin(c, "Revoke all tokens");

    pat_html(h, "<h1>Revoke all tokens</h1>\n");
    if (count == 0) {
        pat_html(h,
                 "<p class=\"empty\" role=\"status\">{} has no tokens. "
                 "Nothing was revoked.</p>\n"
                 "<p><a href=\"{}\">Back to All Personal Access Tokens</a>"
                 "</p>\n",
                 owner, c->base);
        return pat_page_end(h);
    }
    pat_html(h,
             "<p class=\"warning\">Revoke all {} {} of {}? They stop working "
             "at once.</p>\n"
             "<form method=\"post\" action=\"{}/revoke\">\n"
             "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n"
             "<input type=\"hidden\" name=\"owner\" value=\"{}\">\n"
             "<div class=\"actions\">\n"
             "<button type=\"submit\" class=\"danger\">Revoke all</button>\n"
             "<a href=\"{}?owner={}\" class=\"button cancel\">Cancel</a>\n"
             "</div>\n</form>\n",
             apr_itoa(c->pool, count), count == 1 ? "token" : "tokens", owner,
             c->base, c->csrf, owner, c->base,
             apr_pescape_urlencoded(c->pool, owner));
    return pat_page_end(h);
}
