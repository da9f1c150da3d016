/* pat_authz.c: AuthPATPermissionsFile and Require pat-permission (see
 * pat_authz.h; README "Role Permissions").
 *
 * A token authenticates as its owner, so httpd's own role checks
 * (Require group, dbd-group, ldap-group) apply to it unchanged; this file
 * adds what a token may carry on top: a subset of the permissions the
 * site names.  Require pat-permission grants only to a request that a
 * token authenticated and whose token carries one of the names; anything
 * else (a password, a browser login) is denied by it, so that sites
 * combine it with <RequireAny> / <RequireAll> like other providers. */
#include "apr_lib.h"
#include "apr_strings.h"

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_request.h"

#include "mod_auth.h"

#include "pat_authz.h"
#include "pat_config.h"
#include "pat_env.h"
#include "pat_perm.h"
#include "pat_request.h"

APLOG_USE_MODULE(auth_pat);

#define PAT_PERMISSION_PROVIDER "pat-permission"

/* The main server's AuthPATPermissionsFile, for a Require line in a
 * virtual host that has none of its own: a virtual host's configuration
 * is merged with the main server's only after the whole configuration is
 * read, later than its Require lines are parsed.  From pconf; reset at
 * pre_config. */
static const pat_perm_set_t *main_perms = NULL;

const char *pat_authz_set_permissions_file(cmd_parms *cmd, void *dummy,
                                           const char *arg)
{
    auth_pat_srv_conf *conf =
        ap_get_module_config(cmd->server->module_config, &auth_pat_module);
    pat_perm_set_t *set = NULL;
    const char *path, *err;

    (void)dummy;
    /* the Require lines between two would be checked against the first
     * file and served with the second: a name only the first defines
     * would start httpd and then deny every request */
    if (conf->perms_set) {
        return "AuthPATPermissionsFile is given twice for this server; "
               "keep one, before the Require pat-permission lines";
    }
    if (strcasecmp(arg, "None") != 0) {
        path = ap_server_root_relative(cmd->pool, arg);
        if (path == NULL) {
            return apr_pstrcat(cmd->pool,
                               "AuthPATPermissionsFile: invalid "
                               "path ",
                               arg, NULL);
        }
        err = pat_perm_read(cmd->pool, path, &set);
        if (err != NULL) {
            return apr_pstrcat(cmd->pool, "AuthPATPermissionsFile: ", err,
                               NULL);
        }
    }
    conf->perms = (set != NULL && set->nelts > 0) ? set : NULL;
    conf->perms_set = 1;
    if (!cmd->server->is_virtual) {
        main_perms = conf->perms;
    }
    return NULL;
}

void pat_authz_pre_config(void)
{
    main_perms = NULL;
}

void pat_authz_note_token(request_rec *r, const pat_dbd_row *row)
{
    const auth_pat_srv_conf *sconf =
        ap_get_module_config(r->server->module_config, &auth_pat_module);

    pat_request_set_token(r, row);
    if (sconf->perms != NULL) {
        apr_table_setn(
            r->subprocess_env, PAT_ENV_PERMISSIONS,
            pat_perm_join(r->pool, sconf->perms,
                          pat_perm_mask(sconf->perms, row->permissions), 0,
                          " "));
    }
}

/* The permissions a Require line parsed in cmd's context can name: the
 * server's own AuthPATPermissionsFile, else the main server's (NULL when
 * neither defines any).  A virtual host that has none of our server
 * directives has no server config of ours yet while it is parsed (httpd
 * makes it when it merges the virtual hosts, after reading the whole
 * configuration). */
static const pat_perm_set_t *perms_at_parse(cmd_parms *cmd)
{
    const auth_pat_srv_conf *conf =
        ap_get_module_config(cmd->server->module_config, &auth_pat_module);

    return (conf != NULL && conf->perms_set) ? conf->perms : main_perms;
}

/* parse_require_line of the provider, when httpd reads "Require
 * pat-permission NAME [NAME ...]" (at start-up, or per request in
 * .htaccess): every name must be one this server defines, so that a
 * misspelt name stops httpd with this error instead of never matching.
 * *parsed: an array of the names (const char *), from cmd->pool. */
static const char *parse_permission_require(cmd_parms *cmd,
                                            const char *require_line,
                                            const void **parsed)
{
    const pat_perm_set_t *set = perms_at_parse(cmd);
    apr_array_header_t *names =
        apr_array_make(cmd->pool, 2, sizeof(const char *));
    const char *t = require_line, *w;

    while (apr_isspace(*t)) {
        t++;
    }
    while (*t != '\0') {
        w = ap_getword_conf(cmd->pool, &t);
        if (*w == '\0') {
            /* "" would end the line there: the names after it would
             * never be checked (nor granted) */
            return "Require " PAT_PERMISSION_PROVIDER ": an empty "
                   "permission name (\"\")";
        }
        if (set == NULL) {
            return "Require " PAT_PERMISSION_PROVIDER ": this server defines "
                   "no permissions; AuthPATPermissionsFile must name them "
                   "before this line (README \"Role Permissions\")";
        }
        if (pat_perm_index(set, w, strlen(w)) < 0) {
            return apr_psprintf(
                cmd->pool,
                "Require " PAT_PERMISSION_PROVIDER ": '%s' is "
                "not a permission AuthPATPermissionsFile "
                "defines (it defines: %s)",
                w, pat_perm_join(cmd->pool, set, set->all, 0, " "));
        }
        APR_ARRAY_PUSH(names, const char *) = w;
    }
    if (names->nelts == 0) {
        return "Require " PAT_PERMISSION_PROVIDER " needs at least one "
               "permission name";
    }
    *parsed = names;
    return NULL;
}

/* check_authorization of the provider: granted when a token
 * authenticated r and carries one of the names. */
static authz_status check_permission(request_rec *r, const char *require_line,
                                     const void *parsed)
{
    const apr_array_header_t *names = parsed;
    const pat_dbd_row *row = pat_request_token(r);
    const auth_pat_srv_conf *sconf =
        ap_get_module_config(r->server->module_config, &auth_pat_module);
    pat_perm_mask_t mask;
    int i, bit;

    if (r->user == NULL) {
        return AUTHZ_DENIED_NO_USER;
    }
    if (row == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "Require " PAT_PERMISSION_PROVIDER " %s: does not grant "
                      "user %s, who was not authenticated by a token",
                      require_line, r->user);
        return AUTHZ_DENIED;
    }
    mask = pat_perm_mask(sconf->perms, row->permissions);
    for (i = 0; i < names->nelts; i++) {
        const char *name = APR_ARRAY_IDX(names, i, const char *);

        bit = pat_perm_index(sconf->perms, name, strlen(name));
        if (bit < 0) {
            /* parsed in another server's context (a <Directory> of the
             * main server served by a virtual host with other
             * permissions) */
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          "Require " PAT_PERMISSION_PROVIDER " %s: this "
                          "server's AuthPATPermissionsFile does not define "
                          "'%s'",
                          require_line, name);
        }
        else if (mask & ((pat_perm_mask_t)1 << bit)) {
            return AUTHZ_GRANTED;
        }
    }
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                  "Require " PAT_PERMISSION_PROVIDER " %s: does not grant "
                  "token id %s (hint %s) of user %s, which carries '%s'",
                  require_line, row->id, row->hint, r->user,
                  pat_perm_join(r->pool, sconf->perms, mask, 0, " "));
    return AUTHZ_DENIED;
}

static const authz_provider authz_pat_permission_provider = {
    &check_permission,
    &parse_permission_require,
};

void pat_authz_register(apr_pool_t *p)
{
    ap_register_auth_provider(p, AUTHZ_PROVIDER_GROUP, PAT_PERMISSION_PROVIDER,
                              AUTHZ_PROVIDER_VERSION,
                              &authz_pat_permission_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
}
