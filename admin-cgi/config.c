/* config.c: the admin program's configuration file. */
#include "config.h"

#include <string.h>

#include "apr_file_io.h"
#include "apr_lib.h"
#include "apr_strings.h"
#include "apr_tables.h"

/* A whole number setting's value (MaxTokensPerUser, SendmailTimeout):
 * decimal digits only, 1 to max (at most 5 digits).  Returns 1 with *out
 * set, or 0. */
static int parse_number(const char *val, int max, int *out)
{
    int n = 0;

    if (*val == '\0' || strlen(val) > 5) {
        return 0;
    }
    for (; *val; val++) {
        if (!apr_isdigit(*val)) {
            return 0;
        }
        n = n * 10 + (*val - '0');
    }
    if (n < 1 || n > max) {
        return 0;
    }
    *out = n;
    return 1;
}

/* PermissionsFile's value: read the file into cfg->perms (NULL when it
 * defines no permission: a site without permissions).  Returns NULL or
 * pat_perm_read's error text, which names the file and its line. */
static const char *read_permissions(apr_pool_t *p, const char *val,
                                    pat_admin_config *cfg)
{
    pat_perm_set_t *set = NULL;
    const char *err;

    if (*val == '\0') {
        return "needs the path of a permissions file";
    }
    /* a CGI's working directory is the script's: a relative path would
     * name a file no reader of admin.conf expects */
    if (*val != '/') {
        return "needs an absolute path (one that starts with /)";
    }
    err = pat_perm_read(p, val, &set);
    if (err != NULL) {
        return err;
    }
    cfg->perms = set->nelts > 0 ? set : NULL;
    return NULL;
}

/* Sendmail's value: the program and its arguments, split by
 * apr_tokenize_to_argv (quotes and backslashes as a shell reads them;
 * nothing is expanded and no shell runs).  Returns NULL or an error
 * text. */
static const char *read_sendmail(apr_pool_t *p, const char *val,
                                 pat_admin_config *cfg)
{
    char **argv = NULL;

    if (apr_tokenize_to_argv(val, &argv, p) != APR_SUCCESS || argv == NULL
        || argv[0] == NULL || *argv[0] == '\0') {
        return "needs a program";
    }
    cfg->sendmail_argv = (const char *const *)argv;
    return NULL;
}

/* The value of an optional text setting (NotifyFrom and the like) into
 * *out.  Returns NULL, or an error text for an empty value. */
static const char *read_text(apr_pool_t *p, const char *val, const char **out)
{
    if (*val == '\0') {
        return "needs a value";
    }
    *out = apr_pstrdup(p, val);
    return NULL;
}

/* A DBDInitSQL value: one SQL statement, appended to cfg->init_sql.  A
 * value wrapped in one pair of double quotes (a line copied from
 * httpd.conf) loses them.  Returns NULL, or an error text for an empty
 * statement. */
static const char *read_init_sql(apr_pool_t *p, const char *val,
                                 pat_admin_config *cfg)
{
    size_t len = strlen(val);
    const char *sql;
    const char *err;

    if (len >= 2 && val[0] == '"' && val[len - 1] == '"') {
        val = apr_pstrndup(p, val + 1, len - 2);
    }
    err = read_text(p, val, &sql);
    if (err == NULL) {
        APR_ARRAY_PUSH(cfg->init_sql, const char *) = sql;
    }
    return err;
}

const char *pat_config_read(apr_pool_t *p, const char *path,
                            pat_admin_config *cfg)
{
    static const char *const sendmail_default[] = {PAT_SENDMAIL_DEFAULT, NULL};

    apr_file_t *f;
    char line[4096];
    int lineno = 0;

    memset(cfg, 0, sizeof(*cfg));
    cfg->max_tokens = PAT_MAX_TOKENS_DEFAULT;
    cfg->sendmail_argv = sendmail_default;
    cfg->sendmail_timeout = PAT_SENDMAIL_TIMEOUT_DEFAULT;
    cfg->init_sql = apr_array_make(p, 2, sizeof(const char *));
    if (apr_file_open(&f, path, APR_FOPEN_READ, 0, p) != APR_SUCCESS) {
        return apr_psprintf(p, "cannot read %s", path);
    }
    while (apr_file_gets(line, sizeof(line), f) == APR_SUCCESS) {
        char *key = line, *val, *end;

        lineno++;
        if (strchr(line, '\n') == NULL && !apr_file_eof(f)) {
            apr_file_close(f);
            return apr_psprintf(p, "%s:%d: line too long", path, lineno);
        }
        while (apr_isspace(*key)) {
            key++;
        }
        if (*key == '#' || *key == '\0') {
            continue;
        }
        for (val = key; *val && !apr_isspace(*val); val++) {
        }
        if (*val) {
            *val++ = '\0';
        }
        while (apr_isspace(*val)) {
            val++;
        }
        end = val + strlen(val);
        while (end > val && apr_isspace(end[-1])) {
            *--end = '\0';
        }
        if (strcasecmp(key, "DBDParams") == 0) {
            cfg->dbd_params = apr_pstrdup(p, val);
        }
        else if (strcasecmp(key, "CSRFSecret") == 0) {
            cfg->csrf_secret = apr_pstrdup(p, val);
        }
        else if (strcasecmp(key, "PermissionsFile") == 0) {
            const char *err = read_permissions(p, val, cfg);

            if (err != NULL) {
                apr_file_close(f);
                return apr_psprintf(p, "%s:%d: PermissionsFile: %s", path,
                                    lineno, err);
            }
        }
        else if (strcasecmp(key, "MaxTokensPerUser") == 0) {
            if (!parse_number(val, PAT_MAX_TOKENS_LIMIT, &cfg->max_tokens)) {
                apr_file_close(f);
                return apr_psprintf(p,
                                    "%s:%d: MaxTokensPerUser must be a whole "
                                    "number from 1 to %d",
                                    path, lineno, PAT_MAX_TOKENS_LIMIT);
            }
        }
        else if (strcasecmp(key, "SendmailTimeout") == 0) {
            if (!parse_number(val, PAT_SENDMAIL_TIMEOUT_LIMIT,
                              &cfg->sendmail_timeout)) {
                apr_file_close(f);
                return apr_psprintf(p,
                                    "%s:%d: SendmailTimeout must be a whole "
                                    "number of seconds from 1 to %d",
                                    path, lineno, PAT_SENDMAIL_TIMEOUT_LIMIT);
            }
        }
        else if (strcasecmp(key, "NotifyFrom") == 0
                 || strcasecmp(key, "NotifyAddressPattern") == 0
                 || strcasecmp(key, "NotifyListURL") == 0
                 || strcasecmp(key, "Sendmail") == 0
                 || strcasecmp(key, "DBDInitSQL") == 0) {
            const char *err = strcasecmp(key, "Sendmail") == 0
                ? read_sendmail(p, val, cfg)
                : strcasecmp(key, "DBDInitSQL") == 0
                ? read_init_sql(p, val, cfg)
                : strcasecmp(key, "NotifyFrom") == 0
                ? read_text(p, val, &cfg->notify_from)
                : strcasecmp(key, "NotifyListURL") == 0
                ? read_text(p, val, &cfg->notify_list_url)
                : read_text(p, val, &cfg->notify_pattern);

            if (err != NULL) {
                apr_file_close(f);
                return apr_psprintf(p, "%s:%d: %s %s", path, lineno, key, err);
            }
        }
        else {
            apr_file_close(f);
            return apr_psprintf(p, "%s:%d: unknown setting %s", path, lineno,
                                key);
        }
    }
    apr_file_close(f);
    if (cfg->dbd_params == NULL) {
        return apr_psprintf(p, "%s: DBDParams is not set", path);
    }
    /* the Debian package's admin.conf ships with CHANGE-ME in both
     * settings: refuse to run until the site has replaced them (README
     * "Install from the package") */
    if (strstr(cfg->dbd_params, PAT_CONFIG_PLACEHOLDER) != NULL) {
        return apr_psprintf(p,
                            "%s: DBDParams still holds the placeholder "
                            "%s: set the database password",
                            path, PAT_CONFIG_PLACEHOLDER);
    }
    if (cfg->csrf_secret != NULL
        && strstr(cfg->csrf_secret, PAT_CONFIG_PLACEHOLDER) != NULL) {
        return apr_psprintf(p,
                            "%s: CSRFSecret still holds the placeholder "
                            "%s: set at least 32 random characters",
                            path, PAT_CONFIG_PLACEHOLDER);
    }
    if (cfg->csrf_secret == NULL || strlen(cfg->csrf_secret) < 32) {
        return apr_psprintf(p,
                            "%s: CSRFSecret must be at least 32 "
                            "characters",
                            path);
    }
    return NULL;
}
