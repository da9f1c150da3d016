/* db.c: the connection and its session settings, shared by pat-admin,
 * pat-api, pat-tokens (admin-cgi/store.c) and pat-notify
 * (notify/reminders.c). */
#include "db.h"

#include "apr_strings.h"

/* What the pool cleanup closes. */
typedef struct {
    const apr_dbd_driver_t *driver;
    apr_dbd_t *handle;
} db_conn;

/* Pool cleanup: close the connection when the pool goes (the driver
 * registers no cleanup of its own, and an open MYSQL handle is memory
 * never freed; t/admin_valgrind.t counts leaks as errors). */
static apr_status_t db_close(void *data)
{
    db_conn *c = data;

    return apr_dbd_close(c->driver, c->handle);
}

/* Run cfg's session settings on c: the fixed ones, then DBDInitSQL's.
 * Returns NULL, or an error text naming the statement that failed. */
static const char *set_up_session(apr_pool_t *p, const pat_admin_config *cfg,
                                  db_conn *c)
{
    const char *const *init_sql = (const char *const *)cfg->init_sql->elts;
    int i, rv, nrows = 0;

    if (apr_dbd_query(c->driver, c->handle, &nrows, "SET NAMES utf8mb4") != 0) {
        return "SET NAMES utf8mb4 failed";
    }
    /* A statement waiting for a lock (a row or table held by another
     * session) gives up after 5 seconds and the program says the
     * database is unavailable, instead of waiting 50 seconds (InnoDB's
     * default) or a year (lock_wait_timeout's default).  Both exist in
     * MySQL too. */
    if (apr_dbd_query(c->driver, c->handle, &nrows,
                      "SET SESSION lock_wait_timeout = 5,"
                      " innodb_lock_wait_timeout = 5")
        != 0) {
        return "SET SESSION lock_wait_timeout failed";
    }
    /* the site's own settings, as mod_dbd's DBDInitSQL runs them for
     * the module (e.g. wsrep_sync_wait on a Galera cluster), but a
     * failure is an error here: mod_dbd ignores it */
    for (i = 0; i < cfg->init_sql->nelts; i++) {
        rv = apr_dbd_query(c->driver, c->handle, &nrows, init_sql[i]);
        if (rv != 0) {
            const char *msg = apr_dbd_error(c->driver, c->handle, rv);

            return apr_psprintf(p,
                                "DBDInitSQL statement %d of %d failed: "
                                "database error %d (%s)",
                                i + 1, cfg->init_sql->nelts, rv,
                                (msg && *msg) ? msg : "no message");
        }
    }
    return NULL;
}

apr_status_t pat_db_open(apr_pool_t *p, const pat_admin_config *cfg,
                         const char *extra_params,
                         const apr_dbd_driver_t **driver, apr_dbd_t **handle,
                         const char **err)
{
    db_conn *c = apr_pcalloc(p, sizeof(*c));
    apr_status_t rv;

    *err = NULL;
    rv = apr_dbd_init(p);
    if (rv == APR_SUCCESS) {
        rv = apr_dbd_get_driver(p, "mysql", &c->driver);
    }
    if (rv != APR_SUCCESS) {
        *err = "apr_dbd has no mysql driver (install libaprutil1-dbd-mysql)";
        return rv;
    }
    rv = apr_dbd_open_ex(c->driver, p,
                         apr_pstrcat(p, cfg->dbd_params, extra_params, NULL),
                         &c->handle, err);
    if (rv != APR_SUCCESS) {
        if (*err == NULL) {
            *err = "cannot connect to the database";
        }
        return rv;
    }
    apr_pool_cleanup_register(p, c, db_close, apr_pool_cleanup_null);
    *err = set_up_session(p, cfg, c);
    if (*err != NULL) {
        /* closed now, not when p goes: pat-tokens and pat-notify exit on
         * this error without destroying their pool, and the open handle
         * was a leak (make test SANITIZE=1, t/admin_init_sql.t) */
        apr_pool_cleanup_run(p, c, db_close);
        return APR_EGENERAL;
    }
    *driver = c->driver;
    *handle = c->handle;
    return APR_SUCCESS;
}
