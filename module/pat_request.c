/* pat_request.c: where a presented token comes from.  Token headers are
 * taken out of r->headers_in as soon as they are read and kept in the
 * request config, so no CGI, proxied backend, SSI page, TRACE echo or log
 * format sees them, while check_authn of the request, its subrequests and
 * its internal redirects can still read them. */
#include "apr_lib.h"
#include "apr_strings.h"

#include "httpd.h"
#include "http_config.h"

#include "pat_request.h"

extern module AP_MODULE_DECLARE_DATA auth_pat_module;

/* Token headers this module took out of r->headers_in, by name, so that
 * no CGI, proxied backend, log format or TRACE echo sees them; kept for
 * check_authn of this request and of its subrequests and internal
 * redirects (which find them through r->main and r->prev). */
typedef struct {
    apr_table_t *held;
    apr_table_t *released;    /* names put back for a protocol switch */
    const pat_dbd_row *token; /* the token that authenticated r, if any */
} auth_pat_req_conf;

/* r's request config, made on first use. */
static auth_pat_req_conf *req_conf(request_rec *r)
{
    auth_pat_req_conf *rc =
        ap_get_module_config(r->request_config, &auth_pat_module);

    if (rc == NULL) {
        rc = apr_pcalloc(r->pool, sizeof(*rc));
        rc->held = apr_table_make(r->pool, 1);
        ap_set_module_config(r->request_config, &auth_pat_module, rc);
    }
    return rc;
}

static int count_one(void *rec, const char *key, const char *value)
{
    (void)key;
    (void)value;
    (*(int *)rec)++;
    return 1;
}

static int copy_one(void *rec, const char *key, const char *value)
{
    apr_table_addn(rec, key, value);
    return 1;
}

void pat_hold_header(request_rec *r, const char *name)
{
    auth_pat_req_conf *rc;

    if (apr_table_get(r->headers_in, name) == NULL) {
        return;
    }
    rc = req_conf(r);
    apr_table_do(copy_one, rc->held, r->headers_in, name, NULL);
    apr_table_unset(r->headers_in, name);
}

apr_table_t *pat_presented_headers(request_rec *r, const char *name)
{
    request_rec *rr;

    if (apr_table_get(r->headers_in, name) != NULL) {
        return r->headers_in;
    }
    for (rr = r; rr != NULL; rr = rr->main ? rr->main : rr->prev) {
        auth_pat_req_conf *rc =
            ap_get_module_config(rr->request_config, &auth_pat_module);

        if (rc != NULL && apr_table_get(rc->held, name) != NULL) {
            return rc->held;
        }
    }
    return NULL;
}

/* Whether an Authorization value uses the Bearer scheme. */
static int is_bearer(const char *auth)
{
    return auth != NULL && strncasecmp(auth, "Bearer", 6) == 0
        && apr_isspace(auth[6]);
}

void pat_hold_bearer(request_rec *r, int hide)
{
    if (hide && is_bearer(apr_table_get(r->headers_in, "Authorization"))) {
        pat_hold_header(r, "Authorization");
    }
}

const char *pat_bearer_token(request_rec *r)
{
    apr_table_t *fields = pat_presented_headers(r, "Authorization");
    const char *auth = fields ? apr_table_get(fields, "Authorization") : NULL;

    return is_bearer(auth) ? auth + 7 : NULL;
}

int pat_count_headers(apr_table_t *t, const char *name)
{
    int count = 0;

    apr_table_do(count_one, &count, t, name, NULL);
    return count;
}

void pat_copy_headers(apr_table_t *to, apr_table_t *from, const char *name)
{
    apr_table_do(copy_one, to, from, name, NULL);
}

static int add_name(void *rec, const char *key, const char *value)
{
    (void)value;
    apr_table_setn(rec, key, "");
    return 1;
}

static int release_name(void *rec, const char *key, const char *value)
{
    request_rec *r = rec;
    apr_table_t *from = pat_presented_headers(r, key);

    (void)value;
    if (from != NULL && from != r->headers_in) {
        pat_copy_headers(r->headers_in, from, key);
        apr_table_setn(req_conf(r)->released, key, "");
    }
    return 1;
}

void pat_release_headers(request_rec *r)
{
    apr_table_t *names = apr_table_make(r->pool, 2);
    request_rec *rr;

    for (rr = r; rr != NULL; rr = rr->main ? rr->main : rr->prev) {
        auth_pat_req_conf *rc =
            ap_get_module_config(rr->request_config, &auth_pat_module);

        if (rc != NULL) {
            apr_table_do(add_name, names, rc->held, NULL);
        }
    }
    if (apr_is_empty_table(names)) {
        return;
    }
    req_conf(r)->released = apr_table_make(r->pool, 1);
    apr_table_do(release_name, r, names, NULL);
}

static int unset_name(void *rec, const char *key, const char *value)
{
    (void)value;
    apr_table_unset(rec, key);
    return 1;
}

void pat_rehide_headers(request_rec *r)
{
    auth_pat_req_conf *rc =
        ap_get_module_config(r->request_config, &auth_pat_module);

    if (rc != NULL && rc->released != NULL) {
        apr_table_do(unset_name, r->headers_in, rc->released, NULL);
        rc->released = NULL;
    }
}

void pat_request_set_token(request_rec *r, const pat_dbd_row *row)
{
    req_conf(r)->token = row;
}

const pat_dbd_row *pat_request_token(request_rec *r)
{
    auth_pat_req_conf *rc =
        ap_get_module_config(r->request_config, &auth_pat_module);

    return rc != NULL ? rc->token : NULL;
}
