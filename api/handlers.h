/* handlers.h: pat-api's endpoints (README "API").  Each answers the
 * request (json.h) and returns 0; every store call is scoped to
 * r->user, so another user's id is 404 as no id is.  id: a token id from
 * the path, 1 to 18 decimal digits.  The Content-Type and Origin checks
 * of a change are the router's (main.c), before these run. */
#ifndef PAT_API_HANDLERS_H
#define PAT_API_HANDLERS_H

#include "api.h"

/* GET /: 200 {"tokens": [Token...]}, the soonest expiration date first. */
int pat_api_list(pat_api_request *r);

/* POST /: a new token from the body's fields (fields.h; the expiration
 * date defaults to the pages' pre-filled date, the permissions to all),
 * within MaxTokensPerUser (409 "limit_reached"): 201 Token with "token"
 * and Location. */
int pat_api_create(pat_api_request *r);

/* GET /ID: 200 Token. */
int pat_api_get(pat_api_request *r, const char *id);

/* GET /self, for a request a token authenticated: 200 Token of that
 * token (r->token_id); a login's request is 404. */
int pat_api_self(pat_api_request *r);

/* PATCH /ID: the given fields checked and changed, the others kept:
 * 200 Token. */
int pat_api_edit(pat_api_request *r, const char *id);

/* DELETE /ID: 204. */
int pat_api_delete(pat_api_request *r, const char *id);

/* POST /ID/regenerate (body empty or {}): a new token in its place with
 * the default expiration date: 200 Token with "token". */
int pat_api_regenerate(pat_api_request *r, const char *id);

#endif /* PAT_API_HANDLERS_H */
