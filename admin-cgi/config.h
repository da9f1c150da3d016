/* config.h: the admin program's settings, read from a file outside the
 * web root named by the PAT_ADMIN_CONFIG environment variable (set with
 * SetEnv in the admin pages' <Location>), default
 * /etc/mod_auth_pat/admin.conf.  Lines "Key value"; '#' starts a comment.
 *   DBDParams         apr_dbd MySQL parameters, as for mod_dbd's DBDParams
 *   DBDInitSQL        optional, may be given several times: one SQL
 *                     statement each, run in file order on every
 *                     connection after SET NAMES and the lock waits
 *                     (admin-cgi/db.h), as mod_dbd's DBDInitSQL; a value
 *                     wrapped in one pair of double quotes loses them
 *   CSRFSecret        at least 32 characters of random text
 *   MaxTokensPerUser  the most tokens one user may have, 1 to 10000,
 *                     default 100 (README "Token management pages")
 *   PermissionsFile   optional: the site's permissions file, the one
 *                     mod_auth_pat's AuthPATPermissionsFile names (lib/
 *                     pat_perm.h; an absolute path).  With it the Create
 *                     and Edit forms have a Permissions group and the
 *                     list a Permissions column; without it, or when it
 *                     defines no permission, the pages have neither and
 *                     leave the tokens' permissions alone (README "Token
 *                     management pages").
 * The expiry reminders' settings (pat-notify, README "Expiry reminders";
 * pat-admin reads and ignores them), all optional:
 *   NotifyFrom        the reminders' sender address (envelope and From:)
 *   NotifyAddressPattern  the address of a user without a pat_user_mail
 *                     row: %u is the user name, %% a %
 *   NotifyListURL     the URL of the token list, written in the mail
 *   Sendmail          the program and its first arguments, split as a
 *                     shell would without running one (apr_tokenize_to_
 *                     argv), default PAT_SENDMAIL_DEFAULT
 *   SendmailTimeout   the seconds a sendmail program may take for one
 *                     mail before it is killed, 1 to
 *                     PAT_SENDMAIL_TIMEOUT_LIMIT, default
 *                     PAT_SENDMAIL_TIMEOUT_DEFAULT */
#ifndef PAT_CONFIG_H
#define PAT_CONFIG_H

#include "apr_pools.h"
#include "apr_tables.h"

#include "pat_perm.h"

#define PAT_ADMIN_CONFIG_DEFAULT "/etc/mod_auth_pat/admin.conf"

typedef struct {
    const char *dbd_params;
    /* DBDInitSQL's statements (const char *), in file order; never NULL,
     * empty without the setting */
    apr_array_header_t *init_sql;
    const char *csrf_secret;
    int max_tokens; /* MaxTokensPerUser */
    /* PermissionsFile's permissions; NULL for a site without permissions
     * (no PermissionsFile, or one that defines none) */
    const pat_perm_set_t *perms;
    /* NotifyFrom, NotifyAddressPattern, NotifyListURL: NULL when not set */
    const char *notify_from;
    const char *notify_pattern;
    const char *notify_list_url;
    /* Sendmail: the program (argv[0]) and its arguments, NULL-terminated;
     * never NULL (PAT_SENDMAIL_DEFAULT without the setting) */
    const char *const *sendmail_argv;
    int sendmail_timeout; /* SendmailTimeout, seconds */
} pat_admin_config;

#define PAT_SENDMAIL_DEFAULT "/usr/sbin/sendmail"

#define PAT_SENDMAIL_TIMEOUT_DEFAULT 300
#define PAT_SENDMAIL_TIMEOUT_LIMIT   3600

#define PAT_MAX_TOKENS_DEFAULT 100
#define PAT_MAX_TOKENS_LIMIT   10000

/* The value the packaged admin.conf holds until the site sets its own. */
#define PAT_CONFIG_PLACEHOLDER "CHANGE-ME"

/* Read path into cfg (strings from p), and the PermissionsFile it names
 * (pat_perm_read).  A line of 4 KB or more, an unknown key, a missing
 * DBDParams, a CSRFSecret shorter than 32 characters, either setting
 * still holding PAT_CONFIG_PLACEHOLDER (README "Install from the
 * package"), a MaxTokensPerUser that is not a whole number from 1 to
 * PAT_MAX_TOKENS_LIMIT, and a PermissionsFile that cannot be read or is
 * malformed, and NotifyFrom, NotifyAddressPattern, NotifyListURL,
 * Sendmail or DBDInitSQL without a value (for DBDInitSQL also "") are
 * errors; without MaxTokensPerUser,
 * cfg->max_tokens is PAT_MAX_TOKENS_DEFAULT.  The values of the Notify
 * settings are checked by pat-notify, which uses them, not here.
 * Returns NULL, or an error text for the error log: one line, naming
 * the line of path and, for a PermissionsFile, that file and its line;
 * it repeats no value from path but the PermissionsFile's path. */
const char *pat_config_read(apr_pool_t *p, const char *path,
                            pat_admin_config *cfg);

#endif /* PAT_CONFIG_H */
