/* pat_tool: mint tokens and hash them with the module's own code, for the
 * test suite (and for an admin who must issue a token by hand).
 *
 *   pat_tool new     prints "TOKEN HASH HINT" for a fresh token
 *   pat_tool hash    reads one token from stdin, prints "HASH STATUS"
 *
 * Tokens go through stdin/stdout, never argv, so they do not show in ps.
 */
#include <stdio.h>
#include <string.h>

#include "apr_general.h"
#include "apr_pools.h"

#include "pat_token.h"

static int cmd_new(apr_pool_t *p)
{
    const char *token = pat_token_generate(p);
    const char *hash;

    if (token == NULL) {
        fprintf(stderr, "pat_tool: RAND_bytes failed\n");
        return 1;
    }
    hash = pat_token_hash(p, token, strlen(token));
    if (hash == NULL) {
        fprintf(stderr, "pat_tool: SHA-256 failed\n");
        return 1;
    }
    printf("%s %s %s\n", token, hash, pat_token_hint(p, token));
    return 0;
}

static int cmd_hash(apr_pool_t *p)
{
    char buf[4096];
    size_t len;
    const char *hash;

    if (fgets(buf, sizeof(buf), stdin) == NULL) {
        fprintf(stderr, "pat_tool: no token on stdin\n");
        return 1;
    }
    len = strcspn(buf, "\r\n");
    hash = pat_token_hash(p, buf, len);
    if (hash == NULL) {
        fprintf(stderr, "pat_tool: SHA-256 failed\n");
        return 1;
    }
    printf("%s %s\n", hash, pat_token_status_str(pat_token_check(buf, len)));
    return 0;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *p;
    int rc = 2;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS
        || apr_pool_create(&p, NULL) != APR_SUCCESS) {
        fprintf(stderr, "pat_tool: APR initialisation failed\n");
        return 1;
    }
    if (argc == 2 && strcmp(argv[1], "new") == 0) {
        rc = cmd_new(p);
    }
    else if (argc == 2 && strcmp(argv[1], "hash") == 0) {
        rc = cmd_hash(p);
    }
    else {
        fprintf(stderr, "usage: pat_tool new | pat_tool hash < token\n");
    }
    apr_pool_destroy(p);
    apr_terminate();
    return rc;
}
