/* sendmail.h: hand a message to the site's sendmail program (Sendmail in
 * admin.conf), run directly (apr_proc_create, no shell). */
#ifndef PAT_NOTIFY_SENDMAIL_H
#define PAT_NOTIFY_SENDMAIL_H

#include "apr_pools.h"

/* Run argv[0] with its arguments argv[1..] (NULL-terminated) and then
 * "-i -f from -- to", write msg to its standard input, close it and wait
 * for it to end.  The recipient is given on the command line only (never
 * -t: no header decides where the mail goes); -i keeps a line of a single
 * "." from ending the message.  The program inherits this process's
 * environment, standard output and standard error.  A program that has
 * not ended timeout seconds after it was started (one that hangs, or
 * does not read what is written to it) is sent SIGTERM, then SIGKILL:
 * a cron or systemd run must not wait for it for ever.
 * Returns APR_SUCCESS when it exited with status 0 (the mail was
 * accepted), else an error with *err set to one line: the exit status,
 * the signal, the time-out, or why it could not be run or written to. */
apr_status_t pat_sendmail(apr_pool_t *p, const char *const *argv,
                          const char *from, const char *to, const char *msg,
                          int timeout, const char **err);

#endif /* PAT_NOTIFY_SENDMAIL_H */
