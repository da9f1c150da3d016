/* actions.h: what pat-admin does to one user's tokens (README "Token
 * management pages", "Regenerate", "Activity").  Each function answers
 * the request (request.h) and returns 0; every store call is scoped to
 * r->user, so another user's token id is 404.  A POST reaches these only
 * after its form was parsed and its CSRF token and Origin checked
 * (main.c). */
#ifndef PAT_ACTIONS_H
#define PAT_ACTIONS_H

#include "apr_tables.h"

#include "request.h"

/* POST /: check form, then store a new token (within MaxTokensPerUser,
 * once per form nonce) and show it once, on the list. */
int pat_create_token(pat_request *r, apr_table_t *form);

/* Token id (decimal digits).  GET (form NULL): the edit form with the
 * token's values.  POST: check form and save it (303 to the list), or
 * show it again with its errors (400). */
int pat_edit_token(pat_request *r, const char *id, apr_table_t *form);

/* Token id.  GET (confirmed 0): the confirmation page.  POST (confirmed
 * 1): delete it (303 to the list). */
int pat_delete_token(pat_request *r, const char *id, int confirmed);

/* GET /ID/activity: the token's history, newest first. */
int pat_show_activity(pat_request *r, const char *id);

/* Token id.  GET (form NULL): the confirmation page with a new one-time
 * value.  POST: a new token in its place, once per form (409 when sent
 * again), shown once on the list. */
int pat_regenerate_token(pat_request *r, const char *id, apr_table_t *form);

#endif /* PAT_ACTIONS_H */
