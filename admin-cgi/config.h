/* config.h: the admin program's settings, read from a file outside the
 * web root named by the PAT_ADMIN_CONFIG environment variable (set with
 * SetEnv in the admin pages' <Location>), default
 * /etc/mod_auth_pat/admin.conf.  Lines "Key value"; '#' starts a comment.
 *   DBDParams   apr_dbd MySQL parameters, as for mod_dbd's DBDParams
 *   CSRFSecret  at least 32 characters of random text */
#ifndef PAT_CONFIG_H
#define PAT_CONFIG_H

#include "apr_pools.h"

#define PAT_ADMIN_CONFIG_DEFAULT "/etc/mod_auth_pat/admin.conf"

typedef struct {
    const char *dbd_params;
    const char *csrf_secret;
} pat_admin_config;

/* The value the packaged admin.conf holds until the site sets its own. */
#define PAT_CONFIG_PLACEHOLDER "CHANGE-ME"

/* Read path into cfg (strings from p).  A line of 4 KB or more, an
 * unknown key, a missing DBDParams, a CSRFSecret shorter than 32
 * characters and either setting still holding PAT_CONFIG_PLACEHOLDER
 * (README "Install from the package") are errors.
 * Returns NULL, or an error text for the error log (which never repeats
 * a value from the file). */
const char *pat_config_read(apr_pool_t *p, const char *path,
                            pat_admin_config *cfg);

#endif /* PAT_CONFIG_H */
