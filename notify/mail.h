/* mail.h: the text of one reminder mail (README "Expiry reminders"): to
 * one owner, about all of the owner's tokens due a reminder in this run. */
#ifndef PAT_NOTIFY_MAIL_H
#define PAT_NOTIFY_MAIL_H

#include "apr_pools.h"
#include "apr_tables.h"
#include "apr_time.h"

typedef struct {
    const char *from;     /* NotifyFrom: a plain addr-spec */
    const char *to;       /* the owner's address: a plain addr-spec */
    const char *user;     /* the owner's user name, as stored */
    const char *list_url; /* NotifyListURL */
    /* the tokens, an array of pat_due (reminders.h), at least one */
    const apr_array_header_t *due;
    apr_time_t now; /* the Date: field's time */
} pat_mail_t;

/* The message for m, headers and body, lines ending in "\n" (the
 * sendmail program's convention), from p: From, To, Subject, Date,
 * Message-ID, MIME-Version and a text/plain UTF-8 body sent as 8bit.
 * Token names and the user name may hold anything (a row written by
 * SQL): control characters become spaces and bytes that are not UTF-8
 * become U+FFFD, and the Subject is written by pat_header_field, so no
 * value can add a header line.
 * Returns the message, or NULL with *err set when the date or the
 * Message-ID's random bytes cannot be had. */
const char *pat_mail_compose(apr_pool_t *p, const pat_mail_t *m,
                             const char **err);

/* s with every control character (C0, DEL, C1, U+2028, U+2029) replaced
 * by a space and every byte that is not part of well-formed UTF-8 by
 * U+FFFD, from p. */
const char *pat_mail_clean(apr_pool_t *p, const char *s);

#endif /* PAT_NOTIFY_MAIL_H */
