/* pat_perm.c: the permissions file and a token's permissions (see
 * pat_perm.h; README "Role Permissions"). */
#include <string.h>

#include "apr_file_io.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "pat_perm.h"
#include "pat_utf8.h"

int pat_perm_name_ok(const char *name, apr_size_t len)
{
    apr_size_t i;

    if (len < 1 || len > PAT_PERM_NAME_MAX || !apr_islower(name[0])) {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if (!apr_islower(name[i]) && !apr_isdigit(name[i])
            && strchr("_-.:", name[i]) == NULL) {
            return 0;
        }
    }
    return 1;
}

int pat_perm_index(const pat_perm_set_t *set, const char *name, apr_size_t len)
{
    int i;

    for (i = 0; set != NULL && i < set->nelts; i++) {
        if (strlen(set->perm[i].name) == len
            && memcmp(set->perm[i].name, name, len) == 0) {
            return i;
        }
    }
    return -1;
}

/* Parse one line (s[0..len), no newline) into set; returns NULL or what
 * is wrong with it. */
static const char *parse_line(apr_pool_t *p, const char *s, apr_size_t len,
                              pat_perm_set_t *set)
{
    const char *end = s + len, *name, *label, *c;
    apr_size_t name_len, label_len;

    while (s < end && apr_isspace(*s)) {
        s++;
    }
    while (end > s && apr_isspace(end[-1])) {
        end--;
    }
    if (s == end || *s == '#') {
        return NULL;
    }
    for (name = s; s < end && !apr_isspace(*s); s++) {
    }
    name_len = (apr_size_t)(s - name);
    while (s < end && apr_isspace(*s)) {
        s++;
    }
    label = s;
    label_len = (apr_size_t)(end - s);
    if (!pat_perm_name_ok(name, name_len)) {
        return apr_psprintf(p,
                            "a permission name is 1 to %d characters: a "
                            "lowercase letter, then lowercase letters, "
                            "digits and _-.:",
                            PAT_PERM_NAME_MAX);
    }
    if (label_len < 1 || label_len > PAT_PERM_LABEL_MAX) {
        return apr_psprintf(p,
                            "permission %.*s needs a label of 1 to %d "
                            "bytes after its name",
                            (int)name_len, name, PAT_PERM_LABEL_MAX);
    }
    for (c = label; c < end; c++) {
        if (apr_iscntrl(*c)) {
            return apr_psprintf(p,
                                "the label of permission %.*s has a "
                                "control character",
                                (int)name_len, name);
        }
    }
    /* the pages show it in UTF-8 documents */
    if (pat_utf8_count(label, label_len) < 0) {
        return apr_psprintf(p,
                            "the label of permission %.*s is not valid "
                            "UTF-8",
                            (int)name_len, name);
    }
    if (pat_perm_index(set, name, name_len) >= 0) {
        return apr_psprintf(p, "permission %.*s is defined twice",
                            (int)name_len, name);
    }
    if (set->nelts == PAT_PERM_COUNT_MAX) {
        return apr_psprintf(p, "more than %d permissions", PAT_PERM_COUNT_MAX);
    }
    set->perm[set->nelts].name = apr_pstrmemdup(p, name, name_len);
    set->perm[set->nelts].label = apr_pstrmemdup(p, label, label_len);
    set->all |= (pat_perm_mask_t)1 << set->nelts;
    set->nelts++;
    return NULL;
}

const char *pat_perm_parse(apr_pool_t *p, const char *text, apr_size_t len,
                           const char *origin, pat_perm_set_t **out)
{
    pat_perm_set_t *set = apr_pcalloc(p, sizeof(*set));
    const char *s = text, *end = text + len, *nl, *err;
    int line;

    set->perm = apr_pcalloc(p, PAT_PERM_COUNT_MAX * sizeof(*set->perm));
    for (line = 1; s < end; line++) {
        nl = memchr(s, '\n', (apr_size_t)(end - s));
        if (nl == NULL) {
            nl = end;
        }
        if (memchr(s, '\0', (apr_size_t)(nl - s)) != NULL) {
            return apr_psprintf(p, "%s line %d: a NUL byte", origin, line);
        }
        err = parse_line(p, s, (apr_size_t)(nl - s), set);
        if (err != NULL) {
            return apr_psprintf(p, "%s line %d: %s", origin, line, err);
        }
        s = nl + 1;
    }
    *out = set;
    return NULL;
}

const char *pat_perm_read(apr_pool_t *p, const char *path, pat_perm_set_t **out)
{
    apr_file_t *f;
    apr_finfo_t info;
    apr_status_t rv;
    apr_size_t got;
    char *text, err[120];

    /* non-blocking: opening a FIFO for reading would otherwise wait for a
     * writer, and httpd's start-up (or the page) with it */
    rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_NONBLOCK,
                       APR_FPROT_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        return apr_psprintf(p, "cannot open %s: %s", path,
                            apr_strerror(rv, err, sizeof(err)));
    }
    rv = apr_file_info_get(&info, APR_FINFO_SIZE | APR_FINFO_TYPE, f);
    /* a device, FIFO or directory has no size to trust: /dev/zero would
     * read as an empty file, a site without permissions */
    if (rv == APR_SUCCESS && info.filetype != APR_REG) {
        apr_file_close(f);
        return apr_psprintf(p, "%s is not a regular file", path);
    }
    if (rv == APR_SUCCESS && info.size > PAT_PERM_FILE_MAX) {
        apr_file_close(f);
        return apr_psprintf(p, "%s is larger than %d bytes", path,
                            PAT_PERM_FILE_MAX);
    }
    if (rv == APR_SUCCESS) {
        got = (apr_size_t)info.size;
        text = apr_palloc(p, got + 1);
        rv = got ? apr_file_read_full(f, text, got, &got) : APR_SUCCESS;
    }
    if (apr_file_close(f) != APR_SUCCESS && rv == APR_SUCCESS) {
        rv = APR_EGENERAL;
    }
    if (rv != APR_SUCCESS) {
        return apr_psprintf(p, "cannot read %s: %s", path,
                            apr_strerror(rv, err, sizeof(err)));
    }
    return pat_perm_parse(p, text, got, path, out);
}

pat_perm_mask_t pat_perm_mask(const pat_perm_set_t *set, const char *stored)
{
    pat_perm_mask_t mask = 0;
    const char *s = stored, *word;
    int i;

    if (set == NULL) {
        return 0;
    }
    if (stored == NULL) {
        return set->all;
    }
    while (*s) {
        while (*s == ' ') {
            s++;
        }
        for (word = s; *s && *s != ' '; s++) {
        }
        if (s > word
            && (i = pat_perm_index(set, word, (apr_size_t)(s - word))) >= 0) {
            mask |= (pat_perm_mask_t)1 << i;
        }
    }
    return mask;
}

const char *pat_perm_join(apr_pool_t *p, const pat_perm_set_t *set,
                          pat_perm_mask_t mask, int labels, const char *sep)
{
    const char *out = "";
    int i, first = 1;

    for (i = 0; set != NULL && i < set->nelts; i++) {
        if (mask & ((pat_perm_mask_t)1 << i)) {
            out = apr_pstrcat(p, out, first ? "" : sep,
                              labels ? set->perm[i].label : set->perm[i].name,
                              NULL);
            first = 0;
        }
    }
    return out;
}

const char *pat_perm_stored(apr_pool_t *p, const pat_perm_set_t *set,
                            pat_perm_mask_t mask)
{
    if (set == NULL || set->nelts == 0 || (mask & set->all) == set->all) {
        return NULL;
    }
    return pat_perm_join(p, set, mask, 0, " ");
}
