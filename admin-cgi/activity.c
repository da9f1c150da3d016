/* activity.c: a token's Activity page (README "Activity"): what was done
 * to it, by whom, when and from where, newest first.  All dynamic text
 * goes through "{}" of pat_html(), which escapes it. */
#include <string.h>

#include "apr_strings.h"
#include "apr_time.h"

#include "history.h"
#include "pages.h"
#include "pat_when.h"

/* The event's name as the page shows it. */
static const char *event_label(const char *event)
{
    if (strcmp(event, "created") == 0) {
        return "Created";
    }
    if (strcmp(event, "edited") == 0) {
        return "Edited";
    }
    if (strcmp(event, "regenerated") == 0) {
        return "Regenerated";
    }
    if (strcmp(event, "deleted") == 0) {
        return "Deleted";
    }
    if (strcmp(event, "revoked") == 0) {
        return "Revoked";
    }
    return event;
}

/* One line of an event's details: "Field: old → new" when both are set,
 * "Field: value" when one is; nothing when neither is. */
static void detail(pat_html_t *h, const char *field, const char *before,
                   const char *after)
{
    if (before && after) {
        pat_html(h,
                 "<li>{}: <span class=\"old\">{}</span> \xe2\x86\x92 "
                 "<span class=\"new\">{}</span></li>\n",
                 field, before, after);
    }
    else if (before || after) {
        pat_html(h, "<li>{}: {}</li>\n", field, before ? before : after);
    }
}

static void details(pat_html_t *h, const pat_history_event *e)
{
    pat_html(h, "<td class=\"details\"><ul>\n");
    if (strcmp(e->event, "regenerated") == 0) {
        pat_html(h, "<li>New token; the previous one stopped working</li>\n");
    }
    detail(h, "Name", e->old_name, e->new_name);
    /* an empty description is shown on creation as nothing at all */
    if (!(e->old_description == NULL && e->new_description
          && *e->new_description == '\0')) {
        detail(h, "Description", e->old_description, e->new_description);
    }
    detail(h, "Expiration Date", e->old_expires, e->new_expires);
    if (strstr(e->fields, "permissions") != NULL) {
        pat_html(h, "<li>Permissions changed</li>\n");
    }
    pat_html(h, "</ul></td>");
}

pat_html_t *pat_page_activity(const pat_page_ctx *c, const char *id,
                              const char *name,
                              const apr_array_header_t *events)
{
    pat_html_t *h = pat_page_begin(c, "Activity");
    int i, shown = events->nelts;

    if (shown > PAT_HISTORY_MAX) {
        shown = PAT_HISTORY_MAX;
    }
    pat_html(h,
             "<h1>Activity</h1>\n<p class=\"token-name\">{}</p>\n"
             "<p><a href=\"{}/{}/edit\">Edit</a> "
             "<a href=\"{}\">Back to Manage Personal Access Tokens</a></p>\n",
             name, c->base, id, c->base);
    if (shown == 0) {
        pat_html(h,
                 "<p class=\"empty\">No activity has been recorded for "
                 "this token.</p>\n");
        return pat_page_end(h);
    }
    pat_html(h,
             "<table class=\"activity\">\n<thead><tr><th>When</th>"
             "<th>Event</th><th>By</th><th>From</th><th>Details</th>"
             "</tr></thead>\n<tbody>\n");
    for (i = 0; i < shown; i++) {
        const pat_history_event *e =
            &APR_ARRAY_IDX(events, i, pat_history_event);
        const char *iso = pat_when_iso(c->pool, e->at);
        const char *when = pat_when_exact(c->pool, e->at);

        pat_html(h,
                 "<tr class=\"event {}\"><td><time datetime=\"{}\">{}</time>"
                 "</td><td>{}</td><td class=\"actor\">{}</td>"
                 "<td class=\"client\">{}</td>",
                 e->event, iso, when, event_label(e->event), e->actor,
                 e->client);
        details(h, e);
        pat_html(h, "</tr>\n");
    }
    pat_html(h, "</tbody>\n</table>\n");
    if (events->nelts > PAT_HISTORY_MAX) {
        pat_html(h,
                 "<p class=\"hint\">Only the newest {} events are shown."
                 "</p>\n",
                 apr_itoa(c->pool, PAT_HISTORY_MAX));
    }
    return pat_page_end(h);
}
