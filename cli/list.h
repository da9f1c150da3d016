/* list.h: "pat-tokens list" (cli/main.c): every user's tokens that the
 * options select, as text or as one JSON document. */
#ifndef PAT_CLI_LIST_H
#define PAT_CLI_LIST_H

#include "apr_pools.h"

#include "store.h"

/* Whether s is a token id: 1 to 18 decimal digits, no leading zero.
 * Returns 1 or 0. */
int pat_cli_is_id(const char *s);

/* Run "list" with argc options argv (--owner U, --expired,
 * --unused-days N, --json) on s, printing to stdout; allocations from
 * p.  Text: one line per token, tab-separated: id, owner, name, hint
 * (pat_...XXXX), expiration date, status (active, soon or expired), last
 * used (UTC, ISO 8601, or "never"), created (UTC, ISO 8601); control
 * characters of owner and name escaped.  --json: one array of objects
 * (id, owner, name, hint, permissions, expires_on, status, last_used,
 * created; null where unknown).
 * Returns the exit status: 0 (tokens listed), 1 (none matched), 2
 * (usage, logged; or a database error). */
int pat_cli_list(apr_pool_t *p, pat_store *s, int argc,
                 const char *const *argv);

#endif /* PAT_CLI_LIST_H */
