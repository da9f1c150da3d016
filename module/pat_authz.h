/* pat_authz.h: token permissions in the module (README "Role
 * Permissions"): the AuthPATPermissionsFile directive, the
 * "pat-permission" authorization provider (Require pat-permission NAME
 * [NAME ...]) and what the module tells the application about the
 * permissions of the token that authenticated a request
 * (PAT_PERMISSIONS). */
#ifndef PAT_AUTHZ_H
#define PAT_AUTHZ_H

#include "httpd.h"
#include "http_config.h"

#include "pat_dbd.h"

/* AuthPATPermissionsFile FILE|None (server config, a virtual host may
 * have its own): read the permissions file (lib/pat_perm.h) now, so that
 * a malformed file is a configuration error naming its line.  FILE is
 * relative to ServerRoot unless absolute.  Returns NULL or the error. */
const char *pat_authz_set_permissions_file(cmd_parms *cmd, void *dummy,
                                           const char *arg);

/* pre_config: forget the main server's permissions of the previous
 * reading of the configuration (a graceful restart reads it again). */
void pat_authz_pre_config(void);

/* A token (row, from r->pool or the cache) authenticated r: remember it
 * for Require pat-permission in this request, and set PAT_PERMISSIONS in
 * r->subprocess_env to the names of the permissions it carries,
 * space-separated in the permissions file's order, when this server
 * defines permissions (not set otherwise: a site without permissions
 * sees no change). */
void pat_authz_note_token(request_rec *r, const pat_dbd_row *row);

/* register_hooks: the "pat-permission" authz provider. */
void pat_authz_register(apr_pool_t *p);

#endif /* PAT_AUTHZ_H */
