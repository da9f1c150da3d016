/* db.h: the database connection of the programs that read admin.conf
 * (pat-admin, pat-api, pat-tokens, pat-notify): connect through
 * apr_dbd's MySQL driver and set the session up the same way in each,
 * before any statement is prepared. */
#ifndef PAT_DB_H
#define PAT_DB_H

#include "apr_dbd.h"
#include "apr_pools.h"

#include "config.h"

/* Connect with cfg->dbd_params (apr_dbd_open's MySQL keys: host, user,
 * pass, dbname, sock, port, ...) followed by extra_params (NULL, or
 * text that starts with a comma, such as ",flags=CLIENT_FOUND_ROWS"; a
 * key given twice takes its last value), then run SET NAMES utf8mb4, a
 * 5 s lock wait (lock_wait_timeout and innodb_lock_wait_timeout) and
 * cfg->init_sql's DBDInitSQL statements in file order.  The connection
 * is allocated from p and closed when p is destroyed (the cleanup is
 * registered before the caller prepares its statements, so that they
 * are closed first).
 * Returns APR_SUCCESS with *driver and *handle set, or an error with
 * *err set to a one-line text for the error log (never for a page): no
 * driver, no connection, or the statement that failed, e.g.
 * "DBDInitSQL statement 2 of 3 failed: database error 1193 (Unknown
 * system variable 'x')".  After a failure no statement of the caller
 * has run, and a connection that was opened is already closed. */
apr_status_t pat_db_open(apr_pool_t *p, const pat_admin_config *cfg,
                         const char *extra_params,
                         const apr_dbd_driver_t **driver, apr_dbd_t **handle,
                         const char **err);

#endif /* PAT_DB_H */
