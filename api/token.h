/* token.h: the Token object of pat-api's answers (README "API"). */
#ifndef PAT_API_TOKEN_H
#define PAT_API_TOKEN_H

#include <jansson.h>

#include "api.h"
#include "store.h"

/* The Token object of row, one of r->user's tokens: id, name,
 * description, hint ("pat_" U+2026 and its 4 characters),
 * expiration_date, status ("active" or "expired" on r->today),
 * expires_soon, created_at, last_used_at (UTC ISO 8601, or null when
 * never used) and, on a site with permissions, permissions (the names the
 * token carries).  token: the full token to add as "token" (only right
 * after a create or a regenerate), or NULL.
 * Returns a new object, or NULL when it cannot be made (out of memory,
 * or a stored value jansson refuses; logged to stderr). */
json_t *pat_api_token(pat_api_request *r, const pat_store_row *row,
                      const char *token);

#endif /* PAT_API_TOKEN_H */
