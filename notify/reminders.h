/* reminders.h: pat-notify's database work through apr_dbd (MySQL
 * driver), prepared statements only: the tokens that are due a reminder,
 * the owners' addresses (pat_user_mail) and the once-only claims of
 * pat_reminders (sql/migrate-5.sql; README "Expiry reminders").
 *
 * A reminder is one (token id, expiration date, kind).  It is claimed by
 * inserting its row with sent_at NULL before the mail goes out, marked
 * sent after the mail was accepted, and its claim deleted when the mail
 * failed, so that the next run tries again. */
#ifndef PAT_REMINDERS_H
#define PAT_REMINDERS_H

#include "apr_pools.h"
#include "apr_tables.h"

#include "config.h"
#include "pat_date.h"

/* The kinds of reminder, as pat_reminders.kind names them. */
typedef enum {
    PAT_REMIND_NONE = -1, /* not due any reminder */
    PAT_REMIND_7_DAYS,    /* 2 to 7 days left */
    PAT_REMIND_1_DAY,     /* the last day, or the day before it */
    PAT_REMIND_EXPIRED    /* expired 1 to 7 days ago */
} pat_remind_kind;

/* How far before and after today pat_reminders_due looks (days): a token
 * that expired more than this many days ago gets no mail at all. */
#define PAT_REMIND_WINDOW 7

/* The kind of reminder due for a token with days_left days left
 * (expires_on - today: 0 on its last valid day, -1 the day after), or
 * PAT_REMIND_NONE.  A token is due only the most urgent kind for its
 * day: a run that missed the "7 days" reminder does not send it late. */
pat_remind_kind pat_remind_kind_of(int days_left);

/* The kind's value in pat_reminders.kind ("7 days", "1 day",
 * "expired"), a static string; NULL for PAT_REMIND_NONE. */
const char *pat_remind_kind_name(pat_remind_kind kind);

/* A token due a reminder; strings from the pool of pat_reminders_due. */
typedef struct {
    const char *id;      /* pat_tokens.id, decimal */
    const char *owner;   /* bytes as stored (NUL-free by the pages) */
    const char *name;    /* as stored: may hold anything SQL put there */
    const char *hint;    /* the token's last 4 characters */
    const char *expires; /* YYYY-MM-DD */
    int days_left;       /* expires - today, -7 to 7 */
    pat_remind_kind kind;
} pat_due;

typedef struct pat_reminders pat_reminders;

/* Connect with cfg's DBDParams and set the session up (pat_db_open,
 * admin-cgi/db.h: utf8mb4, a 5 s lock wait, then cfg's DBDInitSQL
 * statements), and prepare the statements; all from p, the connection
 * closed when p is destroyed.
 * Returns APR_SUCCESS, or an error with *err set to a one-line text:
 * pat_db_open's, or a statement that cannot be prepared. */
apr_status_t pat_reminders_open(apr_pool_t *p, const pat_admin_config *cfg,
                                pat_reminders **out, const char **err);

/* The tokens due a reminder on today (the host's local date): those
 * whose expiration date lies within PAT_REMIND_WINDOW days of today
 * (dates computed here, never the database's CURDATE()), each with its
 * kind, ordered by owner (bytewise), expiration date and id.  *due is an
 * array of pat_due.
 * Returns APR_SUCCESS, or APR_EGENERAL (logged to stderr). */
apr_status_t pat_reminders_due(pat_reminders *r, const pat_date_t *today,
                               apr_array_header_t **due);

/* The address pat_user_mail holds for owner into *address (NULL when it
 * has no row).
 * Returns APR_SUCCESS, or APR_EGENERAL (logged to stderr). */
apr_status_t pat_reminders_address(pat_reminders *r, const char *owner,
                                   const char **address);

/* Claim d's reminder: insert its row (sent_at NULL).  A row that exists
 * is another run's (sent, or being sent), unless it is unsent and was
 * claimed more than an hour ago by a run that died: that one is taken
 * over.  *owned is 1 when this run now owns the reminder, 0 when it is
 * not to be sent.
 * Returns APR_SUCCESS, or APR_EGENERAL (logged to stderr). */
apr_status_t pat_reminders_claim(pat_reminders *r, const pat_due *d,
                                 int *owned);

/* Whether d's reminder has a row (sent, or claimed by a run), into *known
 * (1 or 0), for a dry run, which claims nothing.
 * Returns APR_SUCCESS, or APR_EGENERAL (logged to stderr). */
apr_status_t pat_reminders_known(pat_reminders *r, const pat_due *d,
                                 int *known);

/* Mark d's claimed reminder sent (sent_at = now).
 * Returns APR_SUCCESS, or APR_EGENERAL (logged to stderr). */
apr_status_t pat_reminders_sent(pat_reminders *r, const pat_due *d);

/* Delete d's claim (only while unsent), so that the next run sends it.
 * Returns APR_SUCCESS, or APR_EGENERAL (logged to stderr). */
apr_status_t pat_reminders_release(pat_reminders *r, const pat_due *d);

#endif /* PAT_REMINDERS_H */
