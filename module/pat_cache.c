/* pat_cache.c: successful lookups cached through the ap_socache provider
 * API (httpd's own shared object caches), serialised as NUL-separated
 * fields: id, owner, name, expires, last_used, permissions ("*" for a
 * token that is not narrowed, otherwise "=" and the column's value, which
 * may itself be "*").  The hint is the presented token's (the caller's). */
#include "pat_cache.h"

#include <string.h>

#include "apr_global_mutex.h"
#include "apr_strings.h"

#include "ap_provider.h"
#include "ap_socache.h"
#include "http_log.h"
#include "util_mutex.h"

APLOG_USE_MODULE(auth_pat);

#define PAT_CACHE_ID  "authpat-cache"
#define PAT_CACHE_MAX 4096 /* bytes of one serialised row */
/* id, owner, name, expires, last used, permissions */
#define PAT_CACHE_FIELDS 6
/* the permissions field of a token that is not narrowed (NULL), and the
 * prefix of the field of one that is */
#define PAT_CACHE_NOT_NARROWED "*"
#define PAT_CACHE_NARROWED     '='

static const ap_socache_provider_t *provider = NULL;
static ap_socache_instance_t *instance = NULL;
static apr_global_mutex_t *mutex = NULL;

const char *pat_cache_configure(cmd_parms *cmd, const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    const char *sep, *name, *args = NULL;

    if (err) {
        return err;
    }
    sep = ap_strchr_c(arg, ':');
    name = sep ? apr_pstrmemdup(cmd->pool, arg, (apr_size_t)(sep - arg)) : arg;
    if (sep) {
        args = sep + 1;
    }
    provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, name,
                                  AP_SOCACHE_PROVIDER_VERSION);
    if (provider == NULL) {
        return apr_psprintf(cmd->pool,
                            "AuthPATCache: unknown socache provider '%s' "
                            "(load mod_socache_%s)",
                            name, name);
    }
    err = provider->create(&instance, args, cmd->temp_pool, cmd->pool);
    if (err) {
        return apr_psprintf(cmd->pool, "AuthPATCache: %s", err);
    }
    return NULL;
}

apr_status_t pat_cache_pre_config(apr_pool_t *pconf)
{
    provider = NULL;
    instance = NULL;
    mutex = NULL;
    /* APR's default mechanism, as mod_authn_socache's (a process-shared
     * pthread mutex on Linux): make bench measured it against fcntl,
     * which an earlier req/s-only bench had chosen, in server CPU time
     * per request (README "Performance"); "Mutex MECH authpat-cache"
     * chooses another. */
    return ap_mutex_register(pconf, PAT_CACHE_ID, NULL, APR_LOCK_DEFAULT, 0);
}

static apr_status_t destroy_cache(void *data)
{
    if (instance) {
        provider->destroy(instance, (server_rec *)data);
        instance = NULL;
    }
    if (mutex) {
        apr_global_mutex_destroy(mutex);
        mutex = NULL;
    }
    return APR_SUCCESS;
}

apr_status_t pat_cache_post_config(apr_pool_t *pconf, server_rec *s)
{
    static const struct ap_socache_hints hints = {64, 128, 60000000};
    apr_status_t rv;

    if (instance == NULL) {
        return APR_SUCCESS;
    }
    rv = ap_global_mutex_create(&mutex, NULL, PAT_CACHE_ID, NULL, s, pconf, 0);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     "AuthPATCache: cannot create its mutex");
        return rv;
    }
    rv = provider->init(instance, PAT_CACHE_ID, &hints, s, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s,
                     "AuthPATCache: cannot initialise the %s cache",
                     provider->name);
        return rv;
    }
    apr_pool_cleanup_register(pconf, s, destroy_cache, apr_pool_cleanup_null);
    return APR_SUCCESS;
}

void pat_cache_child_init(apr_pool_t *p, server_rec *s)
{
    apr_status_t rv;

    if (mutex == NULL) {
        return;
    }
    rv = apr_global_mutex_child_init(&mutex, apr_global_mutex_lockfile(mutex),
                                     p);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     "AuthPATCache: cannot reopen its mutex in a child");
    }
}

int pat_cache_get(request_rec *r, const char *key, pat_dbd_row **row)
{
    unsigned char buf[PAT_CACHE_MAX];
    unsigned int len = sizeof(buf) - 1;
    const char *f[PAT_CACHE_FIELDS];
    apr_status_t rv;
    pat_dbd_row *out;
    int i;
    char *p;

    if (instance == NULL || apr_global_mutex_lock(mutex) != APR_SUCCESS) {
        return 0;
    }
    rv = provider->retrieve(instance, r->server, (const unsigned char *)key,
                            (unsigned int)strlen(key), buf, &len, r->pool);
    apr_global_mutex_unlock(mutex);
    if (rv != APR_SUCCESS) {
        return 0;
    }
    buf[len] = '\0';
    p = (char *)buf;
    for (i = 0; i < PAT_CACHE_FIELDS; i++) {
        if (p >= (char *)buf + len) {
            return 0; /* not one of our entries */
        }
        f[i] = apr_pstrdup(r->pool, p);
        p += strlen(p) + 1;
    }
    if (f[5][0] != PAT_CACHE_NARROWED
        && strcmp(f[5], PAT_CACHE_NOT_NARROWED) != 0) {
        return 0; /* not one of our entries */
    }
    out = apr_pcalloc(r->pool, sizeof(*out));
    out->id = f[0];
    out->owner = f[1];
    out->name = f[2];
    out->expires = f[3];
    out->last_used = apr_atoi64(f[4]);
    out->permissions = f[5][0] == PAT_CACHE_NARROWED ? f[5] + 1 : NULL;
    /* stored only after the row passed the length check */
    out->lengths = pat_dbd_row_text_bytes(out);
    *row = out;
    return 1;
}

void pat_cache_put(request_rec *r, const char *key, const pat_dbd_row *row,
                   int ttl)
{
    const char *f[PAT_CACHE_FIELDS];
    unsigned char buf[PAT_CACHE_MAX];
    apr_size_t len = 0, n;
    apr_status_t rv;
    int i;

    if (instance == NULL || ttl <= 0) {
        return;
    }
    f[0] = row->id;
    f[1] = row->owner;
    f[2] = row->name;
    f[3] = row->expires;
    f[4] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, row->last_used);
    f[5] = row->permissions ? apr_pstrcat(r->pool, "=", row->permissions, NULL)
                            : PAT_CACHE_NOT_NARROWED;
    for (i = 0; i < PAT_CACHE_FIELDS; i++) {
        n = strlen(f[i]) + 1;
        if (len + n > sizeof(buf)) {
            return; /* too large to cache: the database answers */
        }
        memcpy(buf + len, f[i], n);
        len += n;
    }
    if (apr_global_mutex_lock(mutex) != APR_SUCCESS) {
        return;
    }
    rv = provider->store(instance, r->server, (const unsigned char *)key,
                         (unsigned int)strlen(key),
                         r->request_time + apr_time_from_sec(ttl), buf,
                         (unsigned int)len, r->pool);
    apr_global_mutex_unlock(mutex);
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r,
                      "AuthPATCache: could not store token id %s", row->id);
    }
}
