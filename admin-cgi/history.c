/* history.c: pat_token_events, the activity history (README "Activity"),
 * through the store's connection; prepared statements only. */
#include "history.h"

#include <string.h>

#include "apr_strings.h"

#include "store_impl.h"

#define EVENTS "pat_token_events"

static const char *const statements[HIST_COUNT] = {
    /* a NULL token id is the row the last INSERT made (a create); NULL
     * values are SQL NULL (apr_dbd's MySQL driver binds a NULL pointer as
     * MYSQL_TYPE_NULL) */
    [HIST_INSERT] =
        "INSERT INTO " EVENTS " (token_id, owner, event, actor, client,"
        " fields, old_name, new_name, old_description, new_description,"
        " old_expires_on, new_expires_on, nonce) VALUES (COALESCE(%s,"
        " LAST_INSERT_ID()), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
        " %s)",
    [HIST_LIST] =
        "SELECT event, actor, client, UNIX_TIMESTAMP(created_at), fields,"
        " old_name, new_name, old_description, new_description,"
        " CAST(old_expires_on AS CHAR(10)), CAST(new_expires_on AS CHAR(10))"
        " FROM " EVENTS " WHERE token_id = %s AND owner = %s"
        " ORDER BY id DESC LIMIT 101",
};
/* the LIMIT above: one more than the page shows */
_Static_assert(PAT_HISTORY_MAX == 100,
               "HIST_LIST's LIMIT is PAT_HISTORY_MAX + 1");
#define LIST_NCOLS 11

apr_status_t pat_history_prepare(pat_store *s, const char **err)
{
    int i;

    for (i = 0; i < HIST_COUNT; i++) {
        if (apr_dbd_prepare(s->driver, s->pool, s->handle, statements[i], NULL,
                            &s->hist[i])
            != 0) {
            *err =
                apr_psprintf(s->pool, "cannot prepare history statement %d: %s",
                             i, apr_dbd_error(s->driver, s->handle, 0));
            return APR_EGENERAL;
        }
    }
    return APR_SUCCESS;
}

/* v when field is one of the changed fields of an edit, else NULL. */
static const char *if_changed(const char *fields, const char *field,
                              const char *v)
{
    apr_size_t n = strlen(field);
    const char *f = fields;

    while ((f = strstr(f, field)) != NULL) {
        if ((f == fields || f[-1] == ',') && (f[n] == ',' || f[n] == '\0')) {
            return v;
        }
        f += n;
    }
    return NULL;
}

int pat_history_record(pat_store *s, const char *token_id, const char *owner,
                       const char *event, const char *fields,
                       const pat_store_row *before, const pat_store_row *after,
                       const char *nonce)
{
    const char *on = NULL, *nn = NULL, *od = NULL, *nd = NULL, *oe = NULL,
               *ne = NULL;
    int nrows = 0;

    if (strcmp(event, "created") == 0 && after) {
        nn = after->name;
        nd = after->description;
        ne = after->expires;
    }
    else if ((strcmp(event, "deleted") == 0 || strcmp(event, "revoked") == 0)
             && before) {
        on = before->name;
        od = before->description;
        oe = before->expires;
    }
    else if (strcmp(event, "edited") == 0 && before && after) {
        on = if_changed(fields, "name", before->name);
        nn = if_changed(fields, "name", after->name);
        od = if_changed(fields, "description", before->description);
        nd = if_changed(fields, "description", after->description);
        oe = if_changed(fields, "expires_on", before->expires);
        ne = if_changed(fields, "expires_on", after->expires);
    }
    else if (strcmp(event, "regenerated") == 0 && before && after) {
        oe = before->expires;
        ne = after->expires;
    }
    return apr_dbd_pvquery(s->driver, s->pool, s->handle, &nrows,
                           s->hist[HIST_INSERT], token_id, owner, event,
                           s->actor, s->client, fields, on, nn, od, nd, oe, ne,
                           nonce);
}

apr_status_t pat_history_list(pat_store *s, const char *owner, const char *id,
                              apr_array_header_t **events)
{
    apr_array_header_t *raw, *out;
    const char *args[] = {id, owner};
    int i;

    if (pat_store_select(s, s->hist[HIST_LIST], "history", 2, args, LIST_NCOLS,
                         &raw)
        != APR_SUCCESS) {
        return APR_EGENERAL;
    }
    out = apr_array_make(s->pool, raw->nelts, sizeof(pat_history_event));
    for (i = 0; i < raw->nelts; i++) {
        const char **v = APR_ARRAY_IDX(raw, i, const char **);
        pat_history_event *e = apr_array_push(out);

        e->event = v[0] ? v[0] : "";
        e->actor = v[1] ? v[1] : "";
        e->client = v[2] ? v[2] : "";
        e->at = apr_time_from_sec(v[3] ? apr_atoi64(v[3]) : 0);
        e->fields = v[4] ? v[4] : "";
        e->old_name = v[5];
        e->new_name = v[6];
        e->old_description = v[7];
        e->new_description = v[8];
        e->old_expires = v[9];
        e->new_expires = v[10];
    }
    *events = out;
    return APR_SUCCESS;
}
