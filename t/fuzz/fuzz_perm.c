/* fuzz_perm.c: libFuzzer harness for the permissions file and a token's
 * stored permissions (lib/pat_perm.c; README "Role Permissions").
 *
 * Properties (abort() with a message on stderr when one fails):
 *  - pat_perm_parse of the whole input either refuses it with a text
 *    that names the origin and a line, or gives a set whose every name
 *    passes pat_perm_name_ok, is unique (pat_perm_index finds it at its
 *    own place), whose labels are 1..PAT_PERM_LABEL_MAX bytes of UTF-8
 *    without control characters, with at most PAT_PERM_COUNT_MAX permissions
 * and all == the mask of every bit;
 *  - for such a set and masks from the input's first bytes: the stored
 *    text is NULL exactly for the full mask, is at most
 *    PAT_PERM_STORED_MAX bytes, and pat_perm_mask gives the mask back;
 *  - pat_perm_mask of the input as stored text (the column as the
 *    database may hold it) stays within the set's bits.
 */
#define FUZZ_NAME "fuzz_perm"

#include <stdint.h>
#include <string.h>

#include "apr_lib.h"
#include "apr_strings.h"

#include "fuzz_common.h"
#include "pat_perm.h"
#include "pat_utf8.h"

static void check_set(const pat_perm_set_t *set)
{
    pat_perm_mask_t all = 0;
    int i;

    if (set->nelts < 0 || set->nelts > PAT_PERM_COUNT_MAX) {
        FAIL("%d permissions", set->nelts);
    }
    for (i = 0; i < set->nelts; i++) {
        const char *n = set->perm[i].name, *l = set->perm[i].label, *c;
        size_t ll = strlen(l);

        if (!pat_perm_name_ok(n, strlen(n))) {
            FAIL("accepted name '%s'", n);
        }
        if (pat_perm_index(set, n, strlen(n)) != i) {
            FAIL("name '%s' not found at its place %d", n, i);
        }
        if (ll < 1 || ll > PAT_PERM_LABEL_MAX) {
            FAIL("label of %zu bytes", ll);
        }
        if (pat_utf8_count(l, ll) < 0) {
            FAIL("label of '%s' is not UTF-8", n);
        }
        for (c = l; *c; c++) {
            if (apr_iscntrl(*c)) {
                FAIL("control character in label of '%s'", n);
            }
        }
        all |= (pat_perm_mask_t)1 << i;
    }
    if (all != set->all) {
        FAIL("all is %x, not %x", (unsigned)set->all, (unsigned)all);
    }
}

static void check_masks(const pat_perm_set_t *set, const uint8_t *data,
                        size_t size)
{
    size_t k;

    for (k = 0; k + 4 <= size && k < 64; k += 4) {
        pat_perm_mask_t mask =
            ((pat_perm_mask_t)data[k] << 24 | (pat_perm_mask_t)data[k + 1] << 16
             | (pat_perm_mask_t)data[k + 2] << 8 | data[k + 3])
            & set->all;
        const char *stored = pat_perm_stored(pool, set, mask);

        if ((stored == NULL) != (set->nelts == 0 || mask == set->all)) {
            FAIL("stored is %s for mask %x of %x", stored ? stored : "NULL",
                 (unsigned)mask, (unsigned)set->all);
        }
        if (stored != NULL && strlen(stored) > PAT_PERM_STORED_MAX) {
            FAIL("stored text of %zu bytes", strlen(stored));
        }
        if (set->nelts > 0 && pat_perm_mask(set, stored) != mask) {
            FAIL("mask %x stored as '%s' reads back as %x", (unsigned)mask,
                 stored ? stored : "NULL",
                 (unsigned)pat_perm_mask(set, stored));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pat_perm_set_t *set = NULL;
    const char *err;

    if (pool == NULL) {
        fuzz_apr_init();
    }
    err = pat_perm_parse(pool, (const char *)data, size, "in", &set);
    if (err != NULL) {
        if (strncmp(err, "in line ", 8) != 0) {
            FAIL("error text '%s' names no line", err);
        }
    }
    else {
        pat_perm_mask_t m;

        check_set(set);
        check_masks(set, data, size);
        m = pat_perm_mask(set, apr_pstrmemdup(pool, (const char *)data, size));
        if ((m & ~set->all) != 0) {
            FAIL("mask %x beyond the set's %x", (unsigned)m,
                 (unsigned)set->all);
        }
    }
    apr_pool_clear(pool);
    return 0;
}
