/* pat-tokens: the administrators' command line (README "For
 * administrators"): list every user's personal access tokens, revoke
 * one, or revoke all of one user's (offboarding).
 *
 *   pat-tokens [-c FILE] list [--owner U] [--expired] [--unused-days N]
 *                             [--json]
 *   pat-tokens [-c FILE] revoke ID
 *   pat-tokens [-c FILE] revoke --owner U
 *
 * Reads the token pages' admin.conf (-c FILE, else $PAT_ADMIN_CONFIG,
 * else /etc/mod_auth_pat/admin.conf) for DBDParams.  The statements are
 * the administrators' pages' (admin-cgi/store_admin.c).  A revocation is
 * written to the activity history with the actor "USER (pat-tokens)",
 * USER the Unix user running it.
 *
 * Exit status: 0 (done), 1 (nothing matched: no token listed, no such
 * token, no token of that owner), 2 (usage, configuration or database
 * error), with a message on stderr.  No token or hash is ever printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apr_escape.h"
#include "apr_general.h"
#include "apr_strings.h"
#include "apr_user.h"

#include "config.h"
#include "list.h"
#include "pat_date.h"
#include "store.h"
#include "store_admin.h"

#define EXIT_NONE  1
#define EXIT_ERROR 2

/* The usage text, to out. */
static void print_usage(FILE *out)
{
    fputs("Usage: pat-tokens [-c FILE] list [--owner USER] [--expired]\n"
          "                                  [--unused-days N] [--json]\n"
          "       pat-tokens [-c FILE] revoke ID\n"
          "       pat-tokens [-c FILE] revoke --owner USER\n"
          "Exit status: 0 done, 1 nothing matched, 2 usage, configuration or\n"
          "database error.\n",
          out);
}

/* A usage error: the usage on stderr.  Returns EXIT_ERROR. */
static int usage(void)
{
    print_usage(stderr);
    return EXIT_ERROR;
}

/* The actor of this run's revocations: "USER (pat-tokens)", USER the
 * effective Unix user ("uid N" when it has no name). */
static const char *actor(apr_pool_t *p)
{
    apr_uid_t uid;
    apr_gid_t gid;
    char *name = NULL;

    if (apr_uid_current(&uid, &gid, p) != APR_SUCCESS
        || apr_uid_name_get(&name, uid, p) != APR_SUCCESS) {
        name = apr_psprintf(p, "uid %ld", (long)uid);
    }
    return apr_pstrcat(p, name, " (pat-tokens)", NULL);
}

/* revoke ID or revoke --owner U (argc, argv: what follows "revoke");
 * texts printed from p.  Returns the exit status. */
static int revoke_cmd(apr_pool_t *p, pat_store *s, int argc,
                      const char *const *argv)
{
    pat_admin_row *row;
    apr_status_t rv;
    int count = 0;

    if (argc == 1 && pat_cli_is_id(argv[0])) {
        rv = pat_admin_revoke(s, argv[0], &row);
        if (rv == APR_NOTFOUND) {
            fprintf(stderr, "pat-tokens: there is no token %s\n", argv[0]);
            return EXIT_NONE;
        }
        if (rv != APR_SUCCESS) {
            fputs("pat-tokens: database error: nothing was revoked\n", stderr);
            return EXIT_ERROR;
        }
        printf("Revoked token %s (%s) of %s.\n", argv[0],
               apr_pescape_echo(p, row->row.name, 0),
               apr_pescape_echo(p, row->owner, 0));
        return 0;
    }
    if (argc == 2 && strcmp(argv[0], "--owner") == 0 && *argv[1]) {
        if (pat_admin_revoke_owner(s, argv[1], &count) != APR_SUCCESS) {
            fputs("pat-tokens: database error: nothing was revoked\n", stderr);
            return EXIT_ERROR;
        }
        if (count == 0) {
            fprintf(stderr,
                    "pat-tokens: %s has no tokens: nothing was revoked\n",
                    apr_pescape_echo(p, argv[1], 0));
            return EXIT_NONE;
        }
        printf("Revoked %d %s of %s.\n", count, count == 1 ? "token" : "tokens",
               apr_pescape_echo(p, argv[1], 0));
        return 0;
    }
    return usage();
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    pat_admin_config cfg;
    pat_store *s = NULL;
    const char *conf = getenv("PAT_ADMIN_CONFIG"), *err = NULL;
    int i = 1, status;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS
        || apr_pool_create(&pool, NULL) != APR_SUCCESS) {
        fputs("pat-tokens: APR failed\n", stderr);
        return EXIT_ERROR;
    }
    /* asked for: the usage on stdout, exit 0 (a usage error is exit 2) */
    if (argc == 2
        && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        print_usage(stdout);
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "-c") == 0) {
        conf = argv[2];
        i = 3;
    }
    if (i >= argc
        || (strcmp(argv[i], "list") != 0 && strcmp(argv[i], "revoke") != 0)) {
        return usage();
    }
    err = pat_config_read(pool, conf ? conf : PAT_ADMIN_CONFIG_DEFAULT, &cfg);
    if (err) {
        fprintf(stderr, "pat-tokens: configuration: %s\n", err);
        return EXIT_ERROR;
    }
    if (pat_store_open(pool, &cfg, &s, &err) != APR_SUCCESS) {
        fprintf(stderr, "pat-tokens: database: %s\n", err ? err : "unknown");
        return EXIT_ERROR;
    }
    pat_store_set_actor(s, actor(pool), "");
    if (strcmp(argv[i], "list") == 0) {
        status = pat_cli_list(pool, s, argc - i - 1, argv + i + 1);
    }
    else {
        status = revoke_cmd(pool, s, argc - i - 1, argv + i + 1);
    }
    apr_pool_destroy(pool);
    apr_terminate();
    return status;
}
