/* address.c: addresses from NotifyAddressPattern, and the addr-spec
 * check. */
#include "address.h"

#include <string.h>

#include "apr_strings.h"
#include "apr_tables.h"

/* RFC 5321's limit on a path, less its angle brackets */
#define ADDRESS_MAX 254

int pat_address_ok(const char *addr)
{
    const char *at = NULL, *c;

    if (addr == NULL || *addr == '\0' || *addr == '-'
        || strlen(addr) > ADDRESS_MAX) {
        return 0;
    }
    for (c = addr; *c; c++) {
        unsigned char u = (unsigned char)*c;

        if (u <= 0x20 || u >= 0x7f || strchr("<>()[],;:\\\"", u) != NULL) {
            return 0;
        }
        if (u == '@') {
            if (at != NULL) {
                return 0;
            }
            at = c;
        }
    }
    return at != NULL && at != addr && at[1] != '\0';
}

int pat_address_pattern_ok(const char *pattern)
{
    const char *c;

    for (c = pattern; *c; c++) {
        if (*c == '%') {
            c++;
            if (*c != 'u' && *c != '%') {
                return 0;
            }
        }
    }
    return 1;
}

const char *pat_address_from_pattern(apr_pool_t *p, const char *pattern,
                                     const char *user)
{
    apr_array_header_t *parts = apr_array_make(p, 4, sizeof(const char *));
    const char *c, *start = pattern;

    for (c = pattern; *c; c++) {
        if (*c == '%' && (c[1] == 'u' || c[1] == '%')) {
            APR_ARRAY_PUSH(parts, const char *) =
                apr_pstrmemdup(p, start, c - start);
            APR_ARRAY_PUSH(parts, const char *) = c[1] == 'u' ? user : "%";
            c++;
            start = c + 1;
        }
    }
    APR_ARRAY_PUSH(parts, const char *) = start;
    return apr_array_pstrcat(p, parts, 0);
}
