/* pat_config.h: mod_auth_pat's per-directory and per-server
 * configuration, shared by mod_auth_pat.c (the directives and the
 * authentication path) and module/pat_authz.c (the permissions file and
 * Require pat-permission).  README "Directives" documents every field's
 * directive. */
#ifndef PAT_CONFIG_H
#define PAT_CONFIG_H

#include "httpd.h"
#include "http_config.h"

#include "pat_perm.h"

extern module AP_MODULE_DECLARE_DATA auth_pat_module;

typedef struct {
    const char *header;     /* request header holding the token */
    int hide_header;        /* remove the header once read */
    int last_used_interval; /* seconds, or PAT_INTERVAL_OFF */
    int bearer;             /* also read "Authorization: Bearer" */
    int cache_ttl;          /* seconds a lookup may be cached, 0 = never */
    unsigned int header_set : 1;
    unsigned int hide_header_set : 1;
    unsigned int last_used_interval_set : 1;
    unsigned int bearer_set : 1;
    unsigned int cache_ttl_set : 1;
} auth_pat_dir_conf;

typedef struct {
    int prepare;          /* register our statements with mod_dbd */
    const char *cache_ns; /* "N:", this server's AuthPATCache key prefix */
    /* AuthPATPermissionsFile: the permissions tokens can carry here, NULL
     * for none (AuthPATPermissionsFile None, or never set) */
    const pat_perm_set_t *perms;
    unsigned int prepare_set : 1;
    unsigned int perms_set : 1;
} auth_pat_srv_conf;

#endif /* PAT_CONFIG_H */
