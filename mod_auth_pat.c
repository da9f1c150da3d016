/* mod_auth_pat: authentication by Personal Access Token (PAT).
 *
 * AuthType PAT reads a token from the x-pat request header (the name is
 * set by AuthPATHeader), checks its form and checksum without touching
 * the database, hashes it with SHA-256 and looks the hash up through
 * mod_dbd's pooled connections with a prepared statement.  A known token
 * whose expiration date has not passed sets r->user to its owner.
 *
 * Failures are 401 with "WWW-Authenticate: PAT realm=...", except that a
 * database that cannot answer is a 500: fail closed, and never tell a
 * client with a good token that its token is bad.
 *
 * The same checks serve the "pat" authn provider (AuthBasicProvider pat:
 * the password is a token) and, with AuthPATBearer On, an
 * "Authorization: Bearer" header.  module/pat_request.c takes the token headers
 * out of every request as soon as they are read; module/pat_dbd.c does the
 * lookup; module/pat_cache.c optionally caches successful lookups.
 *
 * The full token is never logged; log lines name the token's hint (its
 * last four characters) or its id.
 */

#include "apr_hash.h"
#include "apr_lib.h"
#include "apr_optional.h"
#include "apr_strings.h"

#include "ap_config.h"
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_time.h"

#include "mod_auth.h"

#include "pat_authz.h"
#include "pat_cache.h"
#include "pat_config.h"
#include "pat_date.h"
#include "pat_dbd.h"
#include "pat_env.h"
#include "pat_request.h"
/* made by make from the file VERSION, the one place the version is kept
 * (README "Versions") */
#include "pat_version.h"
#include "pat_token.h"

#define PAT_DEFAULT_HEADER   "x-pat"
#define PAT_DEFAULT_REALM    "PAT"
#define PAT_DEFAULT_INTERVAL 300 /* seconds between last-used writes */
#define PAT_INTERVAL_OFF     (-1)

/* Every token header name configured anywhere (AuthPATHeader) and
 * whether any location reads Bearer tokens: a TRACE request is answered
 * by httpd before the location is known (map_to_storage), so for TRACE
 * these are all held back at post_read_request.  Reset at pre_config. */
static apr_array_header_t *trace_headers = NULL;
static int trace_bearer = 0;

/* ------------------------------------------------------------------ */
/* Configuration                                                        */

static void *create_auth_pat_dir_config(apr_pool_t *p, char *dirspec)
{
    auth_pat_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    (void)dirspec;
    conf->header = PAT_DEFAULT_HEADER;
    conf->hide_header = 1;
    conf->last_used_interval = PAT_DEFAULT_INTERVAL;
    return conf;
}

static void *merge_auth_pat_dir_config(apr_pool_t *p, void *basev, void *addv)
{
    auth_pat_dir_conf *base = basev, *add = addv;
    auth_pat_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    conf->header = add->header_set ? add->header : base->header;
    conf->header_set = add->header_set || base->header_set;
    conf->hide_header =
        add->hide_header_set ? add->hide_header : base->hide_header;
    conf->hide_header_set = add->hide_header_set || base->hide_header_set;
    conf->last_used_interval = add->last_used_interval_set
        ? add->last_used_interval
        : base->last_used_interval;
    conf->last_used_interval_set =
        add->last_used_interval_set || base->last_used_interval_set;
    conf->bearer = add->bearer_set ? add->bearer : base->bearer;
    conf->bearer_set = add->bearer_set || base->bearer_set;
    conf->cache_ttl = add->cache_ttl_set ? add->cache_ttl : base->cache_ttl;
    conf->cache_ttl_set = add->cache_ttl_set || base->cache_ttl_set;
    return conf;
}

static void *create_auth_pat_srv_config(apr_pool_t *p, server_rec *s)
{
    auth_pat_srv_conf *conf = apr_pcalloc(p, sizeof(*conf));

    (void)s;
    conf->prepare = 1;
    return conf;
}

static void *merge_auth_pat_srv_config(apr_pool_t *p, void *basev, void *addv)
{
    auth_pat_srv_conf *base = basev, *add = addv;
    auth_pat_srv_conf *conf = apr_pcalloc(p, sizeof(*conf));

    conf->prepare = add->prepare_set ? add->prepare : base->prepare;
    conf->prepare_set = add->prepare_set || base->prepare_set;
    conf->perms = add->perms_set ? add->perms : base->perms;
    conf->perms_set = add->perms_set || base->perms_set;
    return conf;
}

static const char *set_header(cmd_parms *cmd, void *dconf, const char *arg)
{
    auth_pat_dir_conf *conf = dconf;
    const char *c;

    if (*arg == '\0') {
        return "AuthPATHeader needs a header name";
    }
    for (c = arg; *c; c++) {
        /* RFC 9110 token characters */
        if (!apr_isalnum(*c) && !strchr("!#$%&'*+-.^_`|~", *c)) {
            return apr_psprintf(cmd->pool,
                                "AuthPATHeader: '%s' is not a valid "
                                "header name",
                                arg);
        }
    }
    if (ap_cstr_casecmp(arg, "Host") == 0
        || ap_cstr_casecmp(arg, "Content-Length") == 0
        || ap_cstr_casecmp(arg, "Transfer-Encoding") == 0
        || ap_cstr_casecmp(arg, "Content-Type") == 0
        || ap_cstr_casecmp(arg, "Content-Encoding") == 0
        || ap_cstr_casecmp(arg, "Connection") == 0
        || ap_cstr_casecmp(arg, "Keep-Alive") == 0
        || ap_cstr_casecmp(arg, "Proxy-Connection") == 0
        || ap_cstr_casecmp(arg, "TE") == 0
        || ap_cstr_casecmp(arg, "Trailer") == 0
        || ap_cstr_casecmp(arg, "Upgrade") == 0
        || ap_cstr_casecmp(arg, "Expect") == 0) {
        /* removing one of these would change how httpd frames or routes
         * the request */
        return apr_psprintf(cmd->pool,
                            "AuthPATHeader: %s is a header "
                            "httpd itself interprets; choose another",
                            arg);
    }
    if (trace_headers == NULL) {
        trace_headers = apr_array_make(cmd->pool, 4, sizeof(const char *));
    }
    APR_ARRAY_PUSH(trace_headers, const char *) = arg;
    conf->header = arg;
    conf->header_set = 1;
    return NULL;
}

static const char *set_hide_header(cmd_parms *cmd, void *dconf, int flag)
{
    auth_pat_dir_conf *conf = dconf;

    (void)cmd;
    conf->hide_header = flag;
    conf->hide_header_set = 1;
    return NULL;
}

static const char *set_bearer(cmd_parms *cmd, void *dconf, int flag)
{
    auth_pat_dir_conf *conf = dconf;

    (void)cmd;
    trace_bearer |= flag;
    conf->bearer = flag;
    conf->bearer_set = 1;
    return NULL;
}

static const char *set_cache_ttl(cmd_parms *cmd, void *dconf, const char *arg)
{
    auth_pat_dir_conf *conf = dconf;
    char *end;
    apr_int64_t v = apr_strtoi64(arg, &end, 10);

    (void)cmd;
    if (*arg == '\0' || *end != '\0' || v < 0 || v > 3600) {
        return "AuthPATCacheTTL takes a number of seconds (0 to 3600)";
    }
    conf->cache_ttl = (int)v;
    conf->cache_ttl_set = 1;
    return NULL;
}

static const char *set_cache(cmd_parms *cmd, void *dummy, const char *arg)
{
    (void)dummy;
    return pat_cache_configure(cmd, arg);
}

static const char *set_last_used_interval(cmd_parms *cmd, void *dconf,
                                          const char *arg)
{
    auth_pat_dir_conf *conf = dconf;
    char *end;
    apr_int64_t v;

    (void)cmd;
    if (!strcasecmp(arg, "off")) {
        conf->last_used_interval = PAT_INTERVAL_OFF;
    }
    else {
        v = apr_strtoi64(arg, &end, 10);
        if (*arg == '\0' || *end != '\0' || v < 0 || v > 86400 * 365) {
            return "AuthPATLastUsedInterval takes a number of seconds "
                   "(0 to 31536000) or Off";
        }
        conf->last_used_interval = (int)v;
    }
    conf->last_used_interval_set = 1;
    return NULL;
}

static const char *set_prepare(cmd_parms *cmd, void *dummy, int flag)
{
    auth_pat_srv_conf *conf =
        ap_get_module_config(cmd->server->module_config, &auth_pat_module);

    (void)dummy;
    conf->prepare = flag;
    conf->prepare_set = 1;
    return NULL;
}

static const command_rec auth_pat_cmds[] = {
    AP_INIT_TAKE1("AuthPATHeader", set_header, NULL, OR_AUTHCFG,
                  "Request header that carries the Personal Access Token "
                  "(default x-pat)"),
    AP_INIT_FLAG("AuthPATHideHeader", set_hide_header, NULL, OR_AUTHCFG,
                 "On (default): remove the token header from the request "
                 "once read, so CGIs, proxied backends and logs never "
                 "see it"),
    AP_INIT_TAKE1("AuthPATLastUsedInterval", set_last_used_interval, NULL,
                  OR_AUTHCFG,
                  "Seconds between two writes of a token's last-used time "
                  "(default 300), or Off to never write it"),
    AP_INIT_FLAG("AuthPATBearer", set_bearer, NULL, OR_AUTHCFG,
                 "On: AuthType PAT also accepts \"Authorization: Bearer "
                 "<token>\" when the token header is absent (default Off)"),
    AP_INIT_TAKE1("AuthPATCache", set_cache, NULL, RSRC_CONF,
                  "provider[:args] of httpd's shared object cache for "
                  "successful token lookups, e.g. shmcb (default: none)"),
    AP_INIT_TAKE1("AuthPATCacheTTL", set_cache_ttl, NULL, OR_AUTHCFG,
                  "Seconds a successful lookup may be served from "
                  "AuthPATCache; a deleted token may work that long "
                  "(default 0: never cached)"),
    AP_INIT_FLAG("AuthPATPrepare", set_prepare, NULL, RSRC_CONF,
                 "On (default): register the PAT prepared statements with "
                 "this server's DBD connections; Off for a virtual host "
                 "whose database has no pat_tokens table"),
    AP_INIT_TAKE1("AuthPATPermissionsFile", pat_authz_set_permissions_file,
                  NULL, RSRC_CONF,
                  "File naming the permissions a token can carry, one "
                  "\"name label\" per line, read at start-up; None for no "
                  "permissions (default).  Must come before Require "
                  "pat-permission"),
    {NULL}};

/* ------------------------------------------------------------------ */
/* Request processing                                                   */

/* The one decision about token headers, taken by every hook that sees
 * the request (README "What the module decides"): under AuthPATHideHeader
 * On (the default) the token header, and a Bearer Authorization header
 * where AuthPATBearer is On, leave r->headers_in, so that no CGI, proxied
 * backend, SSI page or log format sees them; the module still reads them
 * (pat_presented_headers).  at_location: conf is the location's own
 * configuration (header_parser, check_authn), not the server's defaults
 * that post_read_request has.  Only then does AuthPATHideHeader Off give
 * back a header held under the server's On.  Before the location is
 * known, a TRACE request also loses every token header configured
 * anywhere: httpd echoes TRACE before it reads the location. */
static void decide_token_headers(request_rec *r, const auth_pat_dir_conf *conf,
                                 int at_location)
{
    apr_table_t *held;
    int i;

    if (conf->hide_header) {
        pat_hold_header(r, conf->header);
    }
    else if (at_location
             && (held = pat_presented_headers(r, conf->header)) != NULL
             && held != r->headers_in) {
        pat_copy_headers(r->headers_in, held, conf->header);
    }
    pat_hold_bearer(r, conf->bearer && conf->hide_header);
    if (!at_location && r->method_number == M_TRACE) {
        for (i = 0; trace_headers && i < trace_headers->nelts; i++) {
            pat_hold_header(r, APR_ARRAY_IDX(trace_headers, i, const char *));
        }
        pat_hold_bearer(r, trace_bearer);
    }
}

/* post_read_request hook: as soon as the headers are read, and before
 * anything can echo or log them, with the server's configuration. */
static int auth_pat_post_read_request(request_rec *r)
{
    auth_pat_dir_conf *conf = ap_get_module_config(
        r->per_dir_config ? r->per_dir_config : r->server->lookup_defaults,
        &auth_pat_module);

    decide_token_headers(r, conf, 0);
    return DECLINED;
}

/* header_parser hook (main requests, subrequests and internal redirects,
 * once the location's configuration is known). */
static int auth_pat_header_parser(request_rec *r)
{
    decide_token_headers(
        r, ap_get_module_config(r->per_dir_config, &auth_pat_module), 1);
    return DECLINED;
}

/* protocol_switch hook, before mod_http2's: an HTTP/1.1 request that
 * asked for "Upgrade: h2c" becomes the first request of the HTTP/2
 * connection, made from this request's headers; it needs its token
 * headers to authenticate there (README "HTTP/2").  Runs only when httpd
 * has chosen to switch, after the 101 response. */
static int auth_pat_protocol_switch(conn_rec *c, request_rec *r, server_rec *s,
                                    const char *protocol)
{
    (void)c;
    (void)s;
    (void)protocol;
    if (r != NULL) {
        pat_release_headers(r);
    }
    return DECLINED;
}

/* handler hook, before core's upgrade handler: an error document (the
 * internal redirect of ErrorDocument) answers the client's request with
 * its error status, so it must not become the first request of a new
 * protocol, where it would be answered afresh, e.g. 200 for a refused
 * token (README "HTTP/2"). */
static int auth_pat_no_upgrade_of_errors(request_rec *r)
{
    if (r->prev != NULL && ap_is_HTTP_ERROR(r->prev->status)
        && apr_table_get(r->headers_in, "Upgrade") != NULL) {
        apr_table_unset(r->headers_in, "Upgrade");
    }
    return DECLINED;
}

/* log_transaction hook: a request that switched protocol is logged with
 * its token headers hidden again. */
static int auth_pat_log_transaction(request_rec *r)
{
    pat_rehide_headers(r);
    return DECLINED;
}

/* Send 401 with our challenge (through ap_note_auth_failure, so the same
 * code serves failures that mod_authz_core reports later). */
static int refuse(request_rec *r, const char *reason)
{
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, "PAT refused: %s", reason);
    ap_note_auth_failure(r);
    return HTTP_UNAUTHORIZED;
}

/* What a presented token turned out to be. */
typedef enum {
    PAT_VERIFY_OK,        /* known, unexpired, sane row */
    PAT_VERIFY_MALFORMED, /* refused without a database lookup */
    PAT_VERIFY_UNKNOWN,   /* no such token (never made, or deleted) */
    PAT_VERIFY_EXPIRED,
    PAT_VERIFY_ERROR /* the database could not answer: fail closed */
} pat_verify_e;

/* What verify_token found. */
typedef struct {
    pat_verify_e status;
    const char *reason; /* why it was refused, for an info log line; names
                         * the token's hint or id, never the token */
    pat_dbd_row *row;   /* PAT_VERIFY_OK: the token's row, from r->pool */
    int cached;         /* the row came from AuthPATCache */
} pat_verify_result;

/* Check a presented token (value[0..len), surrounding white space
 * already removed) against its form (README "Tokens"), the database and
 * today's date in the server's local time (README "Expiration dates"),
 * under the location's configuration conf (AuthPATCacheTTL).
 * PAT_VERIFY_ERROR is logged here; the caller answers it with 500. */
static pat_verify_result verify_token(request_rec *r,
                                      const auth_pat_dir_conf *conf,
                                      const char *value, apr_size_t len)
{
    pat_verify_result v = {PAT_VERIFY_ERROR, NULL, NULL, 0};
    pat_token_status_e status = pat_token_check(value, len);
    pat_date_t today, expires;
    apr_time_exp_t now;
    const char *hash, *cache_key = NULL;
    pat_dbd_row *found = NULL;
    int rv;

    if (status != PAT_TOKEN_OK) {
        v.status = PAT_VERIFY_MALFORMED;
        v.reason = apr_psprintf(
            r->pool, "malformed token (%s, %" APR_SIZE_T_FMT " bytes)",
            pat_token_status_str(status), len);
        return v;
    }
    hash = pat_token_hash(r->pool, value, len);
    if (hash == NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "PAT lookup failed: SHA-256 failed; refusing with 500");
        return v;
    }
    if (conf->cache_ttl > 0) {
        auth_pat_srv_conf *sconf =
            ap_get_module_config(r->server->module_config, &auth_pat_module);

        cache_key = apr_pstrcat(r->pool, sconf->cache_ns, hash, NULL);
    }
    v.cached = cache_key != NULL && pat_cache_get(r, cache_key, &found);
    rv = v.cached ? OK : pat_dbd_lookup(r, hash, &found);
    if (rv == DECLINED) {
        v.status = PAT_VERIFY_UNKNOWN;
        v.reason = apr_psprintf(r->pool, "unknown or deleted token (hint %s)",
                                pat_token_hint(r->pool, value));
        return v;
    }
    if (rv != OK) {
        return v;
    }
    found->hint = pat_token_hint(r->pool, value);
    /* httpd's per-second cache of exploded local times (util_time.h), as
     * mod_log_config uses it: localtime_r on every request took glibc's
     * time zone lock each time (README "Performance") */
    if (pat_date_parse(found->expires, strlen(found->expires), &expires)
            != APR_SUCCESS
        || ap_explode_recent_localtime(&now, r->request_time) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "PAT token id %s: unreadable expiration date '%s'; "
                      "refusing with 500",
                      found->id, found->expires);
        return v;
    }
    pat_date_from_exp(&now, &today);
    if (pat_date_is_expired(&expires, &today)) {
        v.status = PAT_VERIFY_EXPIRED;
        v.reason =
            apr_psprintf(r->pool, "token id %s (hint %s) expired after %s",
                         found->id, found->hint, found->expires);
        return v;
    }
    /* A NUL inside the owner (or a DBDParams fldsz that truncates) would
     * make the C string name another, shorter user: refuse the row.  So
     * for the permissions: "aaaa writer" cut to "aaaa write" would carry
     * write. */
    if (found->owner[0] == '\0'
        || pat_dbd_row_text_bytes(found) != found->lengths) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "PAT token id %s: owner or name is empty, or owner, "
                      "name or permissions contain a NUL byte or were "
                      "truncated (DBDParams fldsz?); refusing with 500",
                      found->id);
        return v;
    }
    if (cache_key != NULL && !v.cached) {
        pat_cache_put(r, cache_key, found, conf->cache_ttl);
    }
    v.status = PAT_VERIFY_OK;
    v.row = found;
    return v;
}

/* A token was accepted: tell CGIs and proxies which one, and record its
 * use. */
static void accept_token(request_rec *r, const auth_pat_dir_conf *conf,
                         const pat_verify_result *v, const char *how)
{
    const pat_dbd_row *row = v->row;

    apr_table_setn(r->subprocess_env, PAT_ENV_TOKEN_ID, row->id);
    apr_table_setn(r->subprocess_env, PAT_ENV_TOKEN_NAME, row->name);
    apr_table_setn(r->subprocess_env, PAT_ENV_TOKEN_EXPIRES, row->expires);
    pat_authz_note_token(r, row);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                  "PAT accepted%s: token id %s (hint %s) of user %s", how,
                  row->id, row->hint, row->owner);
    /* a cached row's last-used time is as old as the entry: it is
     * recorded when the entry is refreshed from the database */
    if (!v->cached) {
        pat_dbd_touch(r, row, conf->last_used_interval);
    }
}

/* The one token r presents under conf, surrounding white space removed:
 * the token header's value or, with AuthPATBearer On and no token header,
 * the credentials of "Authorization: Bearer".  Returns NULL and sets
 * *reason (for the log) when there is none, or more than one. */
static const char *presented_token(request_rec *r,
                                   const auth_pat_dir_conf *conf,
                                   const char **reason)
{
    apr_table_t *fields = pat_presented_headers(r, conf->header);
    const char *value = NULL, *end;
    int count = 0;

    if (fields != NULL) {
        count = pat_count_headers(fields, conf->header);
        value = apr_table_get(fields, conf->header);
    }
    else if (conf->bearer) {
        value = pat_bearer_token(r);
        count = value ? 1 : 0;
    }
    if (value == NULL) {
        *reason = apr_psprintf(r->pool, "no %s header%s", conf->header,
                               conf->bearer ? " and no Bearer token" : "");
        return NULL;
    }
    /* httpd joins repeated headers with ", "; a token never has a comma */
    if (count > 1 || strchr(value, ',') != NULL) {
        *reason =
            apr_psprintf(r->pool, "more than one %s header (or a comma in it)",
                         conf->header);
        return NULL;
    }
    while (apr_isspace(*value)) {
        value++;
    }
    end = value + strlen(value);
    while (end > value && apr_isspace(end[-1])) {
        end--;
    }
    return apr_pstrmemdup(r->pool, value, (apr_size_t)(end - value));
}

/* check_authn hook, where the AuthType is PAT (any case): the whole
 * security path of a request that presents a token. */
static int authenticate_pat_user(request_rec *r)
{
    auth_pat_dir_conf *conf;
    const char *type = ap_auth_type(r);
    const char *token, *reason = NULL;
    pat_verify_result v;

    if (type == NULL || strcasecmp(type, PAT_AUTH_TYPE) != 0) {
        return DECLINED;
    }
    conf = ap_get_module_config(r->per_dir_config, &auth_pat_module);
    r->ap_auth_type = (char *)PAT_AUTH_TYPE;

    /* the token header goes no further than this module */
    decide_token_headers(r, conf, 1);
    /* exactly one token */
    token = presented_token(r, conf, &reason);
    if (token == NULL) {
        return refuse(r, reason);
    }
    /* its form, its row in the database, its expiration date */
    v = verify_token(r, conf, token, strlen(token));
    if (v.status == PAT_VERIFY_ERROR) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (v.status != PAT_VERIFY_OK) {
        return refuse(r, v.reason);
    }
    /* the request acts as the token's owner */
    r->user = apr_pstrdup(r->pool, v.row->owner);
    accept_token(r, conf, &v, "");
    return OK;
}

/* The "pat" authn provider (AuthBasicProvider pat): the password is a
 * token and the user name must be its owner.  Only AUTH_USER_NOT_FOUND
 * lets a later provider of AuthBasicProvider try, so it is the answer
 * for a password that is not one of our tokens (malformed or unknown);
 * a known token that is expired or names another user is AUTH_DENIED. */
static authn_status check_password(request_rec *r, const char *user,
                                   const char *password)
{
    auth_pat_dir_conf *conf =
        ap_get_module_config(r->per_dir_config, &auth_pat_module);
    pat_verify_result v = verify_token(r, conf, password, strlen(password));

    switch (v.status) {
    case PAT_VERIFY_OK:
        break;
    case PAT_VERIFY_ERROR:
        return AUTH_GENERAL_ERROR;
    case PAT_VERIFY_EXPIRED:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "PAT (Basic) refused for user %s: %s", user, v.reason);
        return AUTH_DENIED;
    case PAT_VERIFY_MALFORMED:
        /* most likely an ordinary password meant for the next provider:
         * say nothing about it (not even its length) above debug */
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r,
                      "PAT (Basic) password of user %s is not a token", user);
        return AUTH_USER_NOT_FOUND;
    default:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "PAT (Basic) not a token of ours for user %s: %s", user,
                      v.reason);
        return AUTH_USER_NOT_FOUND;
    }
    if (strcmp(user, v.row->owner) != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "PAT (Basic) refused for user %s: token id %s (hint %s) "
                      "belongs to another user",
                      user, v.row->id, v.row->hint);
        return AUTH_DENIED;
    }
    accept_token(r, conf, &v, " (Basic)");
    return AUTH_GRANTED;
}

static const authn_provider authn_pat_provider = {
    &check_password,
    NULL,
};

/* note_auth_failure hook: the challenge for AuthType PAT. */
static int hook_note_auth_failure(request_rec *r, const char *auth_type)
{
    const char *realm;

    if (strcasecmp(auth_type, PAT_AUTH_TYPE) != 0) {
        return DECLINED;
    }
    realm = ap_auth_name(r);
    if (realm == NULL) {
        realm = PAT_DEFAULT_REALM;
    }
    apr_table_setn(r->err_headers_out,
                   (PROXYREQ_PROXY == r->proxyreq) ? "Proxy-Authenticate"
                                                   : "WWW-Authenticate",
                   apr_pstrcat(r->pool, "PAT realm=\"",
                               ap_escape_quotes(r->pool, realm), "\"", NULL));
    return OK;
}

/* ------------------------------------------------------------------ */
/* Start-up                                                             */

/* Register our statements with mod_dbd for every server, once per
 * mod_dbd record (mod_dbd shares them among servers with the same
 * DBDriver/DBDParams).  Runs before
 * mod_dbd's own post_config, which reads the registrations. */
static int auth_pat_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                                apr_pool_t *ptemp, server_rec *s)
{
    server_rec *sp;
    unsigned int n;
    /* mod_dbd's record of each server: a virtual host without DBD
     * directives shares the main server's, and its statements with it */
    module *dbd = ap_find_linked_module("mod_dbd.c");
    apr_hash_t *registered = apr_hash_make(ptemp);
    const void *rec;

    (void)plog;
    if (pat_dbd_init() != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     "mod_auth_pat needs mod_dbd: load it with "
                     "LoadModule dbd_module (a2enmod dbd)");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* "mod_auth_pat/1.0.0" in the Server header (ServerTokens Full) and
     * in the error log's start-up line, like other modules */
    ap_add_version_component(pconf, "mod_auth_pat/" PAT_VERSION);
    for (sp = s, n = 0; sp; sp = sp->next, n++) {
        auth_pat_srv_conf *conf =
            ap_get_module_config(sp->module_config, &auth_pat_module);

        /* each server its own cache entries: servers may name different
         * token databases */
        conf->cache_ns = apr_psprintf(pconf, "%u:", n);
        /* once per mod_dbd record (per server where mod_dbd has none):
         * registering a label twice makes mod_dbd warn "conflicting SQL
         * statements" at every start */
        rec = dbd ? ap_get_module_config(sp->module_config, dbd) : NULL;
        rec = rec ? rec : sp;
        if (conf->prepare
            && apr_hash_get(registered, &rec, sizeof(rec)) == NULL) {
            apr_hash_set(registered, apr_pmemdup(ptemp, &rec, sizeof(rec)),
                         sizeof(rec), "");
            pat_dbd_prepare(sp);
        }
    }
    return pat_cache_post_config(pconf, s) == APR_SUCCESS
        ? OK
        : HTTP_INTERNAL_SERVER_ERROR;
}

static int auth_pat_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    trace_headers = NULL;
    trace_bearer = 0;
    pat_authz_pre_config();
    return pat_cache_pre_config(pconf) == APR_SUCCESS
        ? OK
        : HTTP_INTERNAL_SERVER_ERROR;
}

static void auth_pat_child_init(apr_pool_t *p, server_rec *s)
{
    pat_cache_child_init(p, s);
}

static void register_hooks(apr_pool_t *p)
{
    static const char *const run_before[] = {"mod_dbd.c", NULL};
    static const char *const before_core[] = {"core.c", NULL};
    static const char *const before_http2[] = {"mod_http2.c", NULL};

    ap_hook_pre_config(auth_pat_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(auth_pat_post_config, NULL, run_before,
                        APR_HOOK_MIDDLE);
    ap_hook_child_init(auth_pat_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_read_request(auth_pat_post_read_request, NULL, NULL,
                              APR_HOOK_REALLY_FIRST);
    ap_hook_header_parser(auth_pat_header_parser, NULL, NULL,
                          APR_HOOK_REALLY_FIRST);
    ap_hook_protocol_switch(auth_pat_protocol_switch, NULL, before_http2,
                            APR_HOOK_REALLY_FIRST);
    ap_hook_handler(auth_pat_no_upgrade_of_errors, NULL, before_core,
                    APR_HOOK_REALLY_FIRST);
    ap_hook_log_transaction(auth_pat_log_transaction, NULL, NULL,
                            APR_HOOK_REALLY_FIRST);
    ap_register_auth_provider(p, AUTHN_PROVIDER_GROUP, "pat",
                              AUTHN_PROVIDER_VERSION, &authn_pat_provider,
                              AP_AUTH_INTERNAL_PER_CONF);
    pat_authz_register(p);
    ap_hook_check_authn(authenticate_pat_user, NULL, NULL, APR_HOOK_MIDDLE,
                        AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_note_auth_failure(hook_note_auth_failure, NULL, NULL,
                              APR_HOOK_MIDDLE);
}

/* AP_MODULE_FLAG_ALWAYS_MERGE: every virtual host gets a server config of
 * its own, even without any of our directives, so that each has its own
 * cache_ns (otherwise such a host shares the main server's object, and
 * with it the main server's cached rows, though its DBDParams may name
 * another token database: README "Several httpd servers sharing one
 * MySQL"). */
AP_DECLARE_MODULE(auth_pat) = {STANDARD20_MODULE_STUFF,
                               create_auth_pat_dir_config,
                               merge_auth_pat_dir_config,
                               create_auth_pat_srv_config,
                               merge_auth_pat_srv_config,
                               auth_pat_cmds,
                               register_hooks,
                               AP_MODULE_FLAG_ALWAYS_MERGE};
