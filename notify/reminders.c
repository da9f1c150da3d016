/* reminders.c: pat_tokens, pat_user_mail and pat_reminders through
 * apr_dbd (MySQL driver), prepared statements only. */
#include "reminders.h"

#include <stdio.h>
#include <string.h>

#include "apr_dbd.h"
#include "apr_strings.h"

#include "db.h"
#include "pat_tokens.h"

/* MySQL's and MariaDB's error number ER_DUP_ENTRY: the row's key exists
 * (here: the reminder was claimed before). */
#define PAT_ER_DUP_ENTRY 1062

enum {
    ST_DUE,
    ST_ADDRESS,
    ST_CLAIM,
    ST_TAKE_OVER,
    ST_KNOWN,
    ST_SENT,
    ST_RELEASE,
    ST_COUNT
};

/* One reminder's row: arguments token id, expiration date, kind. */
#define WHERE_REMINDER " WHERE token_id = %s AND expires_on = %s AND kind = %s"

static const char *const statements[ST_COUNT] = {
    /* arguments: the first and the last date of the window */
    [ST_DUE] =
        "SELECT " PAT_TOKENS_ID ", " PAT_TOKENS_OWNER ", " PAT_TOKENS_NAME
        ", " PAT_TOKENS_HINT ", " PAT_TOKENS_EXPIRES_TEXT " FROM " PAT_TOKENS
        " WHERE " PAT_TOKENS_EXPIRES_ON " BETWEEN %s AND %s"
        " ORDER BY " PAT_TOKENS_OWNER ", " PAT_TOKENS_EXPIRES_ON
        ", " PAT_TOKENS_ID,
    [ST_ADDRESS] = "SELECT address FROM pat_user_mail WHERE owner = %s",
    [ST_CLAIM] = "INSERT INTO pat_reminders (token_id, expires_on, kind,"
                 " owner) VALUES (%s, %s, %s, %s)",
    /* a claim of a run that died: unsent and an hour old (both times by
     * the database's clock, which wrote claimed_at) */
    [ST_TAKE_OVER] =
        "UPDATE pat_reminders SET claimed_at = CURRENT_TIMESTAMP" WHERE_REMINDER
        " AND sent_at IS NULL"
        " AND claimed_at < NOW() - INTERVAL 1 HOUR",
    [ST_KNOWN] = "SELECT COUNT(*) FROM pat_reminders" WHERE_REMINDER,
    [ST_SENT] =
        "UPDATE pat_reminders SET sent_at = CURRENT_TIMESTAMP" WHERE_REMINDER
        " AND sent_at IS NULL",
    [ST_RELEASE] =
        "DELETE FROM pat_reminders" WHERE_REMINDER " AND sent_at IS NULL",
};

struct pat_reminders {
    apr_pool_t *pool;
    const apr_dbd_driver_t *driver;
    apr_dbd_t *handle;
    apr_dbd_prepared_t *stmt[ST_COUNT];
};

pat_remind_kind pat_remind_kind_of(int days_left)
{
    if (days_left >= 2 && days_left <= 7) {
        return PAT_REMIND_7_DAYS;
    }
    if (days_left >= 0 && days_left <= 1) {
        return PAT_REMIND_1_DAY;
    }
    if (days_left >= -PAT_REMIND_WINDOW && days_left <= -1) {
        return PAT_REMIND_EXPIRED;
    }
    return PAT_REMIND_NONE;
}

const char *pat_remind_kind_name(pat_remind_kind kind)
{
    switch (kind) {
    case PAT_REMIND_7_DAYS:
        return "7 days";
    case PAT_REMIND_1_DAY:
        return "1 day";
    case PAT_REMIND_EXPIRED:
        return "expired";
    default:
        return NULL;
    }
}

/* An error line: the driver's error number rv, the statement (what) and
 * the driver's text. */
static void log_error(pat_reminders *r, int rv, const char *what)
{
    const char *msg = apr_dbd_error(r->driver, r->handle, rv);

    fprintf(stderr, "pat-notify: database error %d in %s: %s\n", rv, what,
            (msg && *msg) ? msg : "no message");
}

apr_status_t pat_reminders_open(apr_pool_t *p, const pat_admin_config *cfg,
                                pat_reminders **out, const char **err)
{
    pat_reminders *r = apr_pcalloc(p, sizeof(*r));
    apr_status_t rv;
    int i;

    r->pool = p;
    /* a claim that waits for another run's lock gives up after 5 s */
    rv = pat_db_open(p, cfg, NULL, &r->driver, &r->handle, err);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    for (i = 0; i < ST_COUNT; i++) {
        if (apr_dbd_prepare(r->driver, p, r->handle, statements[i], NULL,
                            &r->stmt[i])
            != 0) {
            *err = apr_psprintf(p, "cannot prepare statement %d: %s", i,
                                apr_dbd_error(r->driver, r->handle, 0));
            return APR_EGENERAL;
        }
    }
    *out = r;
    return APR_SUCCESS;
}

/* days_left of expires (YYYY-MM-DD) on today: 0 when they are the same
 * day.  Returns 1 with *days set when expires lies within
 * PAT_REMIND_WINDOW days of today, else 0 (also for a malformed date). */
static int days_left(const char *expires, const pat_date_t *today, int *days)
{
    pat_date_t e, d;
    int n;

    if (expires == NULL
        || pat_date_parse(expires, strlen(expires), &e) != APR_SUCCESS) {
        return 0;
    }
    for (n = -PAT_REMIND_WINDOW; n <= PAT_REMIND_WINDOW; n++) {
        if (pat_date_add_days(today, n, &d) == APR_SUCCESS
            && pat_date_cmp(&d, &e) == 0) {
            *days = n;
            return 1;
        }
    }
    return 0;
}

apr_status_t pat_reminders_due(pat_reminders *r, const pat_date_t *today,
                               apr_array_header_t **due)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    apr_array_header_t *out = apr_array_make(r->pool, 16, sizeof(pat_due));
    pat_date_t first, last;
    int rv, failed = 0;

    if (pat_date_add_days(today, -PAT_REMIND_WINDOW, &first) != APR_SUCCESS
        || pat_date_add_days(today, PAT_REMIND_WINDOW, &last) != APR_SUCCESS) {
        fprintf(stderr, "pat-notify: today's date is out of range\n");
        return APR_EGENERAL;
    }
    rv = apr_dbd_pvselect(r->driver, r->pool, r->handle, &res, r->stmt[ST_DUE],
                          0, pat_date_format(r->pool, &first),
                          pat_date_format(r->pool, &last));
    if (rv != 0) {
        log_error(r, rv, "the select of tokens");
        return APR_EGENERAL;
    }
    /* every row is read, even after an error, so that the connection is
     * ready for the next statement */
    for (rv = apr_dbd_get_row(r->driver, r->pool, res, &row, -1); rv != -1;
         rv = apr_dbd_get_row(r->driver, r->pool, res, &row, -1)) {
        const char *v[5];
        pat_due *d;
        int c, days = 0;

        if (rv != 0) {
            log_error(r, rv, "the select of tokens");
            failed = 1;
            break;
        }
        for (c = 0; c < 5; c++) {
            const char *e = apr_dbd_get_entry(r->driver, row, c);

            v[c] = e ? apr_pstrdup(r->pool, e) : "";
        }
        if (!days_left(v[4], today, &days)
            || pat_remind_kind_of(days) == PAT_REMIND_NONE) {
            continue;
        }
        d = apr_array_push(out);
        d->id = v[0];
        d->owner = v[1];
        d->name = v[2];
        d->hint = v[3];
        d->expires = v[4];
        d->days_left = days;
        d->kind = pat_remind_kind_of(days);
    }
    if (failed) {
        return APR_EGENERAL;
    }
    *due = out;
    return APR_SUCCESS;
}

/* Run the one-row, one-column select which with arguments a1, a2, a3 (the
 * driver reads as many as the statement has) and read it to the end:
 * *value is the first row's value from r's pool, or NULL when there is no
 * row or it is SQL NULL.  Returns APR_SUCCESS or APR_EGENERAL (logged,
 * what naming the statement). */
static apr_status_t select_one(pat_reminders *r, int which, const char *what,
                               const char **value, const char *a1,
                               const char *a2, const char *a3)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    int rv, failed = 0;

    *value = NULL;
    rv = apr_dbd_pvselect(r->driver, r->pool, r->handle, &res, r->stmt[which],
                          0, a1, a2, a3);
    if (rv != 0) {
        log_error(r, rv, what);
        return APR_EGENERAL;
    }
    for (rv = apr_dbd_get_row(r->driver, r->pool, res, &row, -1); rv != -1;
         rv = apr_dbd_get_row(r->driver, r->pool, res, &row, -1)) {
        const char *e;

        if (rv != 0) {
            log_error(r, rv, what);
            failed = 1;
            break;
        }
        e = apr_dbd_get_entry(r->driver, row, 0);
        if (*value == NULL && e != NULL) {
            *value = apr_pstrdup(r->pool, e);
        }
    }
    return failed ? APR_EGENERAL : APR_SUCCESS;
}

apr_status_t pat_reminders_address(pat_reminders *r, const char *owner,
                                   const char **address)
{
    return select_one(r, ST_ADDRESS, "the select of pat_user_mail", address,
                      owner, NULL, NULL);
}

apr_status_t pat_reminders_known(pat_reminders *r, const pat_due *d, int *known)
{
    const char *n = NULL;
    apr_status_t rv =
        select_one(r, ST_KNOWN, "the select of pat_reminders", &n, d->id,
                   d->expires, pat_remind_kind_name(d->kind));

    if (rv == APR_SUCCESS) {
        *known = n != NULL && strcmp(n, "0") != 0;
    }
    return rv;
}

apr_status_t pat_reminders_claim(pat_reminders *r, const pat_due *d, int *owned)
{
    const char *kind = pat_remind_kind_name(d->kind);
    int nrows = 0;
    int rv =
        apr_dbd_pvquery(r->driver, r->pool, r->handle, &nrows,
                        r->stmt[ST_CLAIM], d->id, d->expires, kind, d->owner);

    if (rv == 0) {
        *owned = nrows == 1;
        return APR_SUCCESS;
    }
    if (rv != PAT_ER_DUP_ENTRY) {
        log_error(r, rv, "the claim (insert into pat_reminders)");
        return APR_EGENERAL;
    }
    /* claimed before: sent, being sent, or left by a run that died */
    nrows = 0;
    rv = apr_dbd_pvquery(r->driver, r->pool, r->handle, &nrows,
                         r->stmt[ST_TAKE_OVER], d->id, d->expires, kind);
    if (rv != 0) {
        log_error(r, rv, "the take-over of a stale claim");
        return APR_EGENERAL;
    }
    *owned = nrows == 1;
    return APR_SUCCESS;
}

/* Run the update or delete which on d's row.  Returns APR_SUCCESS or
 * APR_EGENERAL (logged, what naming the statement). */
static apr_status_t on_reminder(pat_reminders *r, int which, const char *what,
                                const pat_due *d)
{
    int nrows = 0;
    int rv =
        apr_dbd_pvquery(r->driver, r->pool, r->handle, &nrows, r->stmt[which],
                        d->id, d->expires, pat_remind_kind_name(d->kind));

    if (rv != 0) {
        log_error(r, rv, what);
        return APR_EGENERAL;
    }
    return APR_SUCCESS;
}

apr_status_t pat_reminders_sent(pat_reminders *r, const pat_due *d)
{
    return on_reminder(r, ST_SENT, "marking a reminder sent", d);
}

apr_status_t pat_reminders_release(pat_reminders *r, const pat_due *d)
{
    return on_reminder(r, ST_RELEASE, "the release of a claim", d);
}
