/* fuzz_common.h: what every libFuzzer harness in t/fuzz shares: the
 * report of a violated property and the APR pool, cleared after every
 * input by the harness. */
#ifndef PAT_FUZZ_COMMON_H
#define PAT_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "apr_general.h"
#include "apr_pools.h"

/* FUZZ_NAME ("fuzz_date", ...) is defined by the harness before this
 * header.  FAIL(format, ...) reports a violated property and aborts, so
 * that libFuzzer saves the input. */
#define FAIL(...)                                                              \
    do {                                                                       \
        fprintf(stderr, FUZZ_NAME ": property violated: " __VA_ARGS__);        \
        fputc('\n', stderr);                                                   \
        abort();                                                               \
    } while (0)

static apr_pool_t *pool;

/* Initialise APR and the pool; aborts if APR cannot start. */
static void fuzz_apr_init(void)
{
    if (apr_initialize() != APR_SUCCESS
        || apr_pool_create(&pool, NULL) != APR_SUCCESS) {
        abort();
    }
}

#endif /* PAT_FUZZ_COMMON_H */
