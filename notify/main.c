/* pat-notify: mail owners about their personal access tokens that expire
 * soon or have just expired (README "Expiry reminders").  Run once a day
 * (cron or a systemd timer); each reminder is sent once however often it
 * runs.
 *
 *   pat-notify [-c FILE] [-n|--dry-run] [-h|--help]
 *
 * Reads the token pages' admin.conf (-c FILE, else $PAT_ADMIN_CONFIG,
 * else /etc/mod_auth_pat/admin.conf): DBDParams, NotifyFrom,
 * NotifyListURL, NotifyAddressPattern and Sendmail.  Today is the host's
 * local date.  A token is due a reminder of kind "7 days" 2 to 7 days
 * before its expiration date, "1 day" on the day before and on the date,
 * "expired" 1 to 7 days after it; older ones get none.  Each owner gets
 * one mail a run listing the tokens due.
 *
 * Exit status: 0 (done, also with nothing to send), 1 (a mail failed: it
 * is tried again by the next run), 2 (usage, configuration or database
 * error).  Log lines go to stderr; no token or hash is known here.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_escape.h"
#include "apr_general.h"
#include "apr_getopt.h"
#include "apr_signal.h"
#include "apr_strings.h"

#include "address.h"
#include "config.h"
#include "mail.h"
#include "pat_date.h"
#include "reminders.h"
#include "sendmail.h"

#define EXIT_MAIL_FAILED 1
#define EXIT_ERROR       2

/* One run: its settings, the database and how it went. */
typedef struct {
    apr_pool_t *pool;
    pat_admin_config cfg;
    pat_reminders *db;
    int dry_run;
    int status; /* the exit status so far */
} run_ctx;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: pat-notify [-c FILE] [-n|--dry-run] [-h|--help]\n"
            "Mail the owners of personal access tokens that expire within 7\n"
            "days or expired within the last 7 days; each reminder once.\n"
            "  -c FILE       the settings (default: $PAT_ADMIN_CONFIG, else\n"
            "                " PAT_ADMIN_CONFIG_DEFAULT ")\n"
            "  -n, --dry-run print the mails instead of sending them, and\n"
            "                record nothing\n"
            "  -h, --help    this text\n"
            "Exit status: 0 done, 1 a mail failed (the next run tries again),\n"
            "2 usage, configuration or database error.\n");
}

/* s for a log line: non-printable bytes and backslashes escaped. */
static const char *loggable(apr_pool_t *p, const char *s)
{
    return apr_pescape_echo(p, s, 0);
}

/* The settings pat-notify needs beyond pat_config_read's checks.
 * Returns NULL or an error text. */
static const char *check_settings(apr_pool_t *p, const pat_admin_config *cfg)
{
    const char *c;

    if (cfg->notify_from == NULL) {
        return "NotifyFrom is not set (the reminders' sender address)";
    }
    if (!pat_address_ok(cfg->notify_from)) {
        return "NotifyFrom is not a plain mail address (user@domain)";
    }
    if (cfg->notify_list_url == NULL) {
        return "NotifyListURL is not set (the token list's URL)";
    }
    if (strncmp(cfg->notify_list_url, "https://", 8) != 0
        && strncmp(cfg->notify_list_url, "http://", 7) != 0) {
        return "NotifyListURL must start with https:// or http://";
    }
    for (c = cfg->notify_list_url; *c; c++) {
        if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f) {
            return "NotifyListURL must be printable ASCII without spaces";
        }
    }
    if (cfg->notify_pattern != NULL
        && !pat_address_pattern_ok(cfg->notify_pattern)) {
        return "NotifyAddressPattern: a % must be followed by u or %";
    }
    if (cfg->sendmail_argv[0][0] != '/') {
        return apr_psprintf(p, "Sendmail needs an absolute path, not %s",
                            cfg->sendmail_argv[0]);
    }
    return NULL;
}

/* Where owner's mail goes: pat_user_mail's address, else the pattern's,
 * else none.  A user name with a routing character (% or !, which an MTA
 * may read as "relay to the host after it": alice%evil.example@site) is
 * never put into the pattern (logged).  Returns APR_SUCCESS with *address
 * set (NULL: none), or APR_EGENERAL (a database error, logged). */
static apr_status_t owner_address(run_ctx *r, const char *owner,
                                  const char **address)
{
    apr_status_t rv = pat_reminders_address(r->db, owner, address);

    if (rv != APR_SUCCESS || *address != NULL || !r->cfg.notify_pattern) {
        return rv;
    }
    if (strpbrk(owner, "%!") != NULL) {
        fprintf(stderr,
                "pat-notify: user name %s has a mail routing character (%% "
                "or !): NotifyAddressPattern is not used for it\n",
                loggable(r->pool, owner));
        return APR_SUCCESS;
    }
    *address = pat_address_from_pattern(r->pool, r->cfg.notify_pattern, owner);
    return APR_SUCCESS;
}

/* Release the claims of the reminders in owned (pat_due *) after a mail
 * that did not go out.  Returns 1 when all were released, else 0. */
static int release_all(run_ctx *r, apr_array_header_t *owned)
{
    int i, ok = 1;

    for (i = 0; i < owned->nelts; i++) {
        if (pat_reminders_release(r->db, APR_ARRAY_IDX(owned, i, pat_due *))
            != APR_SUCCESS) {
            ok = 0;
        }
    }
    return ok;
}

/* Claim (or, in a dry run, look up) each of due's reminders; the ones
 * this run is to send are pushed to mine (pat_due).  Returns APR_SUCCESS
 * or APR_EGENERAL (a database error, logged; claims made are released). */
static apr_status_t claim_all(run_ctx *r, const apr_array_header_t *due,
                              apr_array_header_t *mine)
{
    apr_array_header_t *owned = apr_array_make(r->pool, 4, sizeof(pat_due *));
    int i;

    for (i = 0; i < due->nelts; i++) {
        pat_due *d = &APR_ARRAY_IDX(due, i, pat_due);
        int yes = 0;
        apr_status_t rv;

        if (r->dry_run) {
            rv = pat_reminders_known(r->db, d, &yes);
            yes = !yes;
        }
        else {
            rv = pat_reminders_claim(r->db, d, &yes);
        }
        if (rv != APR_SUCCESS) {
            release_all(r, owned);
            return rv;
        }
        if (yes) {
            APR_ARRAY_PUSH(owned, pat_due *) = d;
            *(pat_due *)apr_array_push(mine) = *d;
        }
    }
    return APR_SUCCESS;
}

/* Mark mine's reminders sent.  Returns 1 when all were marked, else 0. */
static int mark_sent(run_ctx *r, const apr_array_header_t *mine)
{
    int i, ok = 1;

    for (i = 0; i < mine->nelts; i++) {
        if (pat_reminders_sent(r->db, &APR_ARRAY_IDX(mine, i, pat_due))
            != APR_SUCCESS) {
            ok = 0;
        }
    }
    return ok;
}

/* The claims of mine as an array of pointers, for release_all. */
static apr_array_header_t *pointers(apr_pool_t *p,
                                    const apr_array_header_t *mine)
{
    apr_array_header_t *a = apr_array_make(p, mine->nelts, sizeof(pat_due *));
    int i;

    for (i = 0; i < mine->nelts; i++) {
        APR_ARRAY_PUSH(a, pat_due *) = &APR_ARRAY_IDX(mine, i, pat_due);
    }
    return a;
}

/* One owner's reminders (due: pat_due, all of owner's): find the address,
 * claim, compose, send, record.  Updates r->status. */
static void notify_owner(run_ctx *r, const char *owner,
                         const apr_array_header_t *due)
{
    apr_array_header_t *mine = apr_array_make(r->pool, 4, sizeof(pat_due));
    const char *address = NULL, *msg, *err = NULL;
    pat_mail_t m;

    if (owner_address(r, owner, &address) != APR_SUCCESS) {
        r->status = EXIT_ERROR;
        return;
    }
    if (address == NULL) {
        fprintf(stderr, "pat-notify: no mail address for user %s; skipped\n",
                loggable(r->pool, owner));
        return;
    }
    if (!pat_address_ok(address)) {
        fprintf(stderr,
                "pat-notify: the mail address of user %s (%s) is not a plain "
                "address (user@domain); skipped\n",
                loggable(r->pool, owner), loggable(r->pool, address));
        return;
    }
    if (claim_all(r, due, mine) != APR_SUCCESS) {
        r->status = EXIT_ERROR;
        return;
    }
    if (mine->nelts == 0) {
        return;
    }
    m.from = r->cfg.notify_from;
    m.to = address;
    m.user = owner;
    m.list_url = r->cfg.notify_list_url;
    m.due = mine;
    m.now = apr_time_now();
    msg = pat_mail_compose(r->pool, &m, &err);
    if (msg != NULL && r->dry_run) {
        printf("==> to %s (%d reminder%s)\n%s\n", address, mine->nelts,
               mine->nelts == 1 ? "" : "s", msg);
        return;
    }
    if (msg == NULL
        || pat_sendmail(r->pool, r->cfg.sendmail_argv, r->cfg.notify_from,
                        address, msg, r->cfg.sendmail_timeout, &err)
            != APR_SUCCESS) {
        fprintf(stderr,
                "pat-notify: mail to user %s (%s) failed: %s; the next run "
                "tries again\n",
                loggable(r->pool, owner), address, err);
        if (r->status < EXIT_MAIL_FAILED) {
            r->status = EXIT_MAIL_FAILED;
        }
        if (!release_all(r, pointers(r->pool, mine))) {
            r->status = EXIT_ERROR;
        }
        return;
    }
    if (!mark_sent(r, mine)) {
        r->status = EXIT_ERROR;
    }
    fprintf(stderr, "pat-notify: sent %d reminder%s to %s (user %s)\n",
            mine->nelts, mine->nelts == 1 ? "" : "s", address,
            loggable(r->pool, owner));
}

/* Every owner's reminders for today.  Returns the exit status. */
static int notify_all(run_ctx *r)
{
    apr_array_header_t *due = NULL;
    pat_date_t today;
    int i = 0;

    if (pat_date_today(&today) != APR_SUCCESS) {
        fprintf(stderr, "pat-notify: cannot read today's date\n");
        return EXIT_ERROR;
    }
    if (pat_reminders_due(r->db, &today, &due) != APR_SUCCESS) {
        return EXIT_ERROR;
    }
    /* due is ordered by owner: one mail per run of equal owners */
    while (i < due->nelts && r->status < EXIT_ERROR) {
        const char *owner = APR_ARRAY_IDX(due, i, pat_due).owner;
        apr_array_header_t *mine = apr_array_make(r->pool, 4, sizeof(pat_due));

        while (i < due->nelts
               && strcmp(APR_ARRAY_IDX(due, i, pat_due).owner, owner) == 0) {
            *(pat_due *)apr_array_push(mine) = APR_ARRAY_IDX(due, i, pat_due);
            i++;
        }
        notify_owner(r, owner, mine);
    }
    return r->status;
}

int main(int argc, const char *const *argv)
{
    static const apr_getopt_option_t options[] = {
        {"config", 'c', 1, "the settings file"},
        {"dry-run", 'n', 0, "print, do not send"},
        {"help", 'h', 0, "usage"},
        {NULL, 0, 0, NULL},
    };
    run_ctx r;
    apr_getopt_t *opt;
    const char *path = NULL, *arg, *err;
    apr_status_t rv;
    int ch;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS) {
        fprintf(stderr, "pat-notify: cannot initialise APR\n");
        return EXIT_ERROR;
    }
    atexit(apr_terminate);
    memset(&r, 0, sizeof(r));
    if (apr_pool_create(&r.pool, NULL) != APR_SUCCESS) {
        fprintf(stderr, "pat-notify: out of memory\n");
        return EXIT_ERROR;
    }
    /* a sendmail that exits early makes our write fail, not kill us */
    apr_signal(SIGPIPE, SIG_IGN);

    if (apr_getopt_init(&opt, r.pool, argc, argv) != APR_SUCCESS) {
        return EXIT_ERROR;
    }
    while ((rv = apr_getopt_long(opt, options, &ch, &arg)) == APR_SUCCESS) {
        switch (ch) {
        case 'c':
            path = arg;
            break;
        case 'n':
            r.dry_run = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        }
    }
    if (rv != APR_EOF || opt->ind < argc) {
        usage(stderr);
        return EXIT_ERROR;
    }
    if (path == NULL) {
        path = getenv("PAT_ADMIN_CONFIG");
    }
    if (path == NULL || *path == '\0') {
        path = PAT_ADMIN_CONFIG_DEFAULT;
    }
    /* pat_config_read's errors name the file */
    err = pat_config_read(r.pool, path, &r.cfg);
    if (err != NULL) {
        fprintf(stderr, "pat-notify: %s\n", err);
        return EXIT_ERROR;
    }
    err = check_settings(r.pool, &r.cfg);
    if (err != NULL) {
        fprintf(stderr, "pat-notify: %s: %s\n", path, err);
        return EXIT_ERROR;
    }
    if (pat_reminders_open(r.pool, &r.cfg, &r.db, &err) != APR_SUCCESS) {
        fprintf(stderr, "pat-notify: database: %s\n", err);
        return EXIT_ERROR;
    }
    ch = notify_all(&r);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "pat-notify: cannot write to standard output\n");
        ch = EXIT_ERROR;
    }
    apr_pool_destroy(r.pool);
    return ch;
}
