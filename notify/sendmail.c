/* sendmail.c: the sendmail program as a child process. */
#include "sendmail.h"

#include <signal.h>
#include <string.h>

#include "apr_file_io.h"
#include "apr_strings.h"
#include "apr_tables.h"
#include "apr_thread_proc.h"

/* The text of status rv, from p. */
static const char *status_text(apr_pool_t *p, apr_status_t rv)
{
    char buf[256];

    return apr_pstrdup(p, apr_strerror(rv, buf, sizeof(buf)));
}

/* How long a program that was sent SIGTERM may take to end before it
 * gets SIGKILL, and the pause between two looks at it. */
#define TERM_GRACE   apr_time_from_sec(2)
#define WAIT_POLL_MS 20

/* Wait for proc until deadline; then SIGTERM, and SIGKILL after
 * TERM_GRACE.  Returns APR_CHILD_DONE with *code and *why set, APR_TIMEUP
 * (it was killed: ended and reaped), or an error of waitpid. */
static apr_status_t wait_until(apr_proc_t *proc, apr_time_t deadline, int *code,
                               apr_exit_why_e *why)
{
    apr_status_t rv;
    int sig = 0;

    for (;;) {
        rv = apr_proc_wait(proc, code, why, APR_NOWAIT);
        if (rv != APR_CHILD_NOTDONE) {
            return sig ? (rv == APR_CHILD_DONE ? APR_TIMEUP : rv) : rv;
        }
        if (apr_time_now() >= deadline) {
            if (sig == SIGKILL) {
                rv = apr_proc_wait(proc, code, why, APR_WAIT);
                return rv == APR_CHILD_DONE ? APR_TIMEUP : rv;
            }
            sig = sig ? SIGKILL : SIGTERM;
            apr_proc_kill(proc, sig);
            deadline = apr_time_now() + TERM_GRACE;
        }
        apr_sleep(apr_time_from_msec(WAIT_POLL_MS));
    }
}

apr_status_t pat_sendmail(apr_pool_t *p, const char *const *argv,
                          const char *from, const char *to, const char *msg,
                          int timeout, const char **err)
{
    apr_time_t deadline = apr_time_now() + apr_time_from_sec(timeout);
    apr_array_header_t *args = apr_array_make(p, 8, sizeof(const char *));
    apr_procattr_t *attr = NULL;
    apr_proc_t proc;
    apr_exit_why_e why = APR_PROC_EXIT;
    apr_status_t rv, wrote;
    apr_size_t written = 0;
    int code = 0;

    for (; *argv != NULL; argv++) {
        APR_ARRAY_PUSH(args, const char *) = *argv;
    }
    APR_ARRAY_PUSH(args, const char *) = "-i";
    APR_ARRAY_PUSH(args, const char *) = "-f";
    APR_ARRAY_PUSH(args, const char *) = from;
    APR_ARRAY_PUSH(args, const char *) = "--";
    APR_ARRAY_PUSH(args, const char *) = to;
    APR_ARRAY_PUSH(args, const char *) = NULL;

    rv = apr_procattr_create(&attr, p);
    if (rv == APR_SUCCESS) {
        rv =
            apr_procattr_io_set(attr, APR_FULL_BLOCK, APR_NO_PIPE, APR_NO_PIPE);
    }
    if (rv == APR_SUCCESS) {
        rv = apr_procattr_cmdtype_set(attr, APR_PROGRAM_ENV);
    }
    if (rv == APR_SUCCESS) {
        /* a program that does not exist or cannot be executed is an error
         * here, not a child that exits */
        rv = apr_procattr_error_check_set(attr, 1);
    }
    if (rv == APR_SUCCESS) {
        rv = apr_proc_create(&proc, APR_ARRAY_IDX(args, 0, const char *),
                             (const char *const *)args->elts, NULL, attr, p);
    }
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "cannot run %s: %s",
                            APR_ARRAY_IDX(args, 0, const char *),
                            status_text(p, rv));
        return rv;
    }
    /* a program that exits without reading all of it makes this write
     * fail (EPIPE: SIGPIPE is ignored by main); one that neither reads nor
     * exits makes it time out */
    wrote = apr_file_pipe_timeout_set(
        proc.in, deadline > apr_time_now() ? deadline - apr_time_now() : 0);
    if (wrote == APR_SUCCESS) {
        wrote = apr_file_write_full(proc.in, msg, strlen(msg), &written);
    }
    rv = apr_file_close(proc.in);
    if (wrote == APR_SUCCESS) {
        wrote = rv;
    }
    rv = wait_until(&proc, deadline, &code, &why);
    if (rv == APR_TIMEUP) {
        *err = apr_psprintf(p,
                            "%s did not finish within %d seconds "
                            "(SendmailTimeout) and was killed",
                            APR_ARRAY_IDX(args, 0, const char *), timeout);
        return rv;
    }
    if (rv != APR_CHILD_DONE) {
        *err = apr_psprintf(p, "waiting for %s failed: %s",
                            APR_ARRAY_IDX(args, 0, const char *),
                            status_text(p, rv));
        return rv == APR_SUCCESS ? APR_EGENERAL : rv;
    }
    if (!APR_PROC_CHECK_EXIT(why)) {
        *err = apr_psprintf(p, "%s was ended by signal %d",
                            APR_ARRAY_IDX(args, 0, const char *), code);
        return APR_EGENERAL;
    }
    if (code != 0) {
        *err = apr_psprintf(p, "%s exited with status %d",
                            APR_ARRAY_IDX(args, 0, const char *), code);
        return APR_EGENERAL;
    }
    if (wrote != APR_SUCCESS) {
        *err = apr_psprintf(p, "writing the message to %s failed: %s",
                            APR_ARRAY_IDX(args, 0, const char *),
                            status_text(p, wrote));
        return wrote;
    }
    return APR_SUCCESS;
}
