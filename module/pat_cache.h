/* pat_cache.h: an optional cache of successful token lookups in httpd's
 * shared object cache (ap_socache, e.g. mod_socache_shmcb), keyed by the
 * server and the token hash, never the token.  Off unless AuthPATCache
 * names a provider; a location uses it only with AuthPATCacheTTL > 0.  A
 * deleted or edited token may keep its cached row for at most that TTL. */
#ifndef PAT_CACHE_H
#define PAT_CACHE_H

#include "httpd.h"
#include "http_config.h"

#include "pat_dbd.h"

/* AuthPATCache provider[:args] (global server config): look up the
 * socache provider and create the instance.  Returns NULL or an error. */
const char *pat_cache_configure(cmd_parms *cmd, const char *arg);

/* pre_config: register the cache's mutex type (fcntl unless "Mutex
 * MECH authpat-cache" says otherwise).  Returns APR_SUCCESS or the error
 * of ap_mutex_register. */
apr_status_t pat_cache_pre_config(apr_pool_t *pconf);

/* post_config: create the mutex and initialise the instance.
 * Returns APR_SUCCESS (also when no cache is configured), or the error
 * of creating the mutex or initialising the provider (logged as
 * critical on s: httpd does not start). */
apr_status_t pat_cache_post_config(apr_pool_t *pconf, server_rec *s);

/* child_init: reopen the mutex in the child; a failure is logged as an
 * error on s. */
void pat_cache_child_init(apr_pool_t *p, server_rec *s);

/* The cached row for a key, from r->pool.  key: the server's namespace
 * followed by the token hash (64 hex characters), so that virtual hosts
 * whose DBDParams name different token databases never share an entry
 * (the socache instance is one for the whole httpd).
 * Returns 1 and sets *row on a hit, 0 on a miss or any cache error. */
int pat_cache_get(request_rec *r, const char *key, pat_dbd_row **row);

/* Cache a row found in the database for ttl seconds (> 0).  Errors are
 * logged at debug and otherwise ignored: the cache only saves work. */
void pat_cache_put(request_rec *r, const char *key, const pat_dbd_row *row,
                   int ttl);

#endif /* PAT_CACHE_H */
