/* history.h: a token's activity history as its owner sees it (README
 * "Activity"): the rows of pat_token_events (sql/migrate-5.sql) that the
 * token pages wrote when the token was created, edited, regenerated or
 * deleted (store.c writes them, in the transaction of each change). */
#ifndef PAT_HISTORY_H
#define PAT_HISTORY_H

#include "apr_tables.h"
#include "apr_time.h"

#include "store.h"

/* The most events the Activity page shows, newest first. */
#define PAT_HISTORY_MAX 100

/* One event; strings from the store's pool, NULL where the event has no
 * such value (e.g. old_name of "created"). */
typedef struct {
    const char *event;  /* created, edited, regenerated, deleted, revoked */
    const char *actor;  /* REMOTE_USER of the request that made it */
    const char *client; /* its REMOTE_ADDR, "" when unknown */
    apr_time_t at;      /* when, microseconds since the epoch (UTC) */
    const char *fields; /* edited: "name,description,expires_on,..." */
    const char *old_name, *new_name;
    const char *old_description, *new_description;
    const char *old_expires, *new_expires; /* YYYY-MM-DD */
} pat_history_event;

/* The newest PAT_HISTORY_MAX + 1 events of the owner's token id (decimal
 * digits), newest first, into *events (an array of pat_history_event):
 * one more than is shown tells the page that older ones exist.  The
 * token's existence is the caller's to check (pat_store_get: another
 * user's id is 404); this query is scoped to the owner as well.
 * Returns APR_SUCCESS or APR_EGENERAL (logged to stderr). */
apr_status_t pat_history_list(pat_store *s, const char *owner, const char *id,
                              apr_array_header_t **events);

#endif /* PAT_HISTORY_H */
