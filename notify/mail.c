/* mail.c: a reminder's headers and text. */
#include "mail.h"

#include <string.h>

#include "apr_escape.h"
#include "apr_general.h"
#include "apr_strings.h"

#include "header.h"
#include "pat_utf8.h"
#include "reminders.h"

/* U+FFFD REPLACEMENT CHARACTER and U+2026 HORIZONTAL ELLIPSIS in UTF-8 */
#define REPLACEMENT "\xef\xbf\xbd"
#define ELLIPSIS    "\xe2\x80\xa6"

const char *pat_mail_clean(apr_pool_t *p, const char *s)
{
    apr_size_t len = strlen(s), i = 0;
    /* a replaced byte grows to 3 at the most */
    char *out = apr_palloc(p, len * 3 + 1), *o = out;

    while (i < len) {
        unsigned long cp = 0;
        apr_size_t n =
            pat_utf8_decode((const unsigned char *)s + i, len - i, &cp);

        if (n == 0) {
            memcpy(o, REPLACEMENT, 3);
            o += 3;
            i++;
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028
            || cp == 0x2029) {
            *o++ = ' ';
        }
        else {
            memcpy(o, s + i, n);
            o += n;
        }
        i += n;
    }
    *o = '\0';
    return out;
}

/* The Subject: about the one token, or how many there are. */
static const char *subject(apr_pool_t *p, const apr_array_header_t *due)
{
    int i, expired = 0;

    if (due->nelts == 1) {
        const pat_due *d = &APR_ARRAY_IDX(due, 0, pat_due);
        const char *name = pat_mail_clean(p, d->name);

        if (d->days_left < 0) {
            return apr_psprintf(p, "Personal access token \"%s\" has expired",
                                name);
        }
        return apr_psprintf(p, "Personal access token \"%s\" expires %s", name,
                            d->days_left == 0 ? "today"
                                : d->days_left == 1
                                ? "tomorrow"
                                : apr_psprintf(p, "in %d days", d->days_left));
    }
    for (i = 0; i < due->nelts; i++) {
        expired += APR_ARRAY_IDX(due, i, pat_due).days_left < 0;
    }
    return apr_psprintf(p, "%d personal access tokens %s", due->nelts,
                        expired == due->nelts ? "have expired"
                            : expired == 0    ? "expire soon"
                                              : "expire soon or have expired");
}

/* What d's expiration date means, in words. */
static const char *meaning(apr_pool_t *p, const pat_due *d)
{
    if (d->days_left == 0) {
        return "expires at the end of today";
    }
    if (d->days_left == 1) {
        return apr_psprintf(p, "expires at the end of %s, tomorrow",
                            d->expires);
    }
    if (d->days_left > 1) {
        return apr_psprintf(p, "expires at the end of %s, in %d days",
                            d->expires, d->days_left);
    }
    return apr_psprintf(
        p, "expired on %s (at the end of that day), %d day%s ago", d->expires,
        -d->days_left, d->days_left == -1 ? "" : "s");
}

/* The body: the user, each token, the list's URL. */
static const char *body(apr_pool_t *p, const pat_mail_t *m)
{
    apr_array_header_t *lines = apr_array_make(p, 16, sizeof(const char *));
    int i;

    APR_ARRAY_PUSH(lines, const char *) =
        apr_psprintf(p, "Hello %s,\n\n", pat_mail_clean(p, m->user));
    APR_ARRAY_PUSH(lines, const char *) = m->due->nelts == 1
        ? "this personal access token of yours expires soon or has "
          "expired:\n\n"
        : "these personal access tokens of yours expire soon or have "
          "expired:\n\n";
    for (i = 0; i < m->due->nelts; i++) {
        const pat_due *d = &APR_ARRAY_IDX(m->due, i, pat_due);

        APR_ARRAY_PUSH(lines, const char *) = apr_psprintf(
            p, "  \"%s\" (pat_" ELLIPSIS "%s)\n  expiration date %s: %s\n\n",
            pat_mail_clean(p, d->name), pat_mail_clean(p, d->hint), d->expires,
            meaning(p, d));
    }
    APR_ARRAY_PUSH(lines, const char *) = apr_pstrcat(
        p,
        "A token is valid through the whole of its expiration date; after\n"
        "it, requests that send it are refused.  To keep a script or client\n"
        "working, give it a new token (or a new expiration date) on your\n"
        "token list:\n\n  ",
        m->list_url,
        "\n\n"
        "You get a reminder a week before a token expires, on its last day\n"
        "or the day before, and once after it expired.\n",
        NULL);
    return apr_array_pstrcat(p, lines, 0);
}

/* A Message-ID: 16 random bytes in hex, the time, and the sender's
 * domain.  Returns NULL when no random bytes can be had. */
static const char *message_id(apr_pool_t *p, const pat_mail_t *m)
{
    unsigned char rnd[16];
    const char *domain = strchr(m->from, '@');

    if (apr_generate_random_bytes(rnd, sizeof(rnd)) != APR_SUCCESS) {
        return NULL;
    }
    return apr_psprintf(p, "<%s.%" APR_TIME_T_FMT ".pat-notify@%s>",
                        apr_pescape_hex(p, rnd, sizeof(rnd), 0),
                        apr_time_sec(m->now),
                        domain ? domain + 1 : "localhost");
}

const char *pat_mail_compose(apr_pool_t *p, const pat_mail_t *m,
                             const char **err)
{
    const char *date = pat_header_date(p, m->now);
    const char *id = message_id(p, m);

    if (date == NULL) {
        *err = "cannot compute the Date: field";
        return NULL;
    }
    if (id == NULL) {
        *err = "no random bytes for the Message-ID: field";
        return NULL;
    }
    /* From and To are plain addr-specs (pat_address_ok), Date and
     * Message-ID are made here: ASCII without controls, written as they
     * are; only the Subject carries stored text */
    return apr_pstrcat(p, "From: ", m->from, "\nTo: ", m->to, "\n",
                       pat_header_field(p, "Subject", subject(p, m->due)),
                       "Date: ", date, "\nMessage-ID: ", id, "\n",
                       "MIME-Version: 1.0\n"
                       "Content-Type: text/plain; charset=UTF-8\n"
                       "Content-Transfer-Encoding: 8bit\n"
                       "Auto-Submitted: auto-generated\n"
                       "\n",
                       body(p, m), NULL);
}
