/* admin.h: the administrators' view of pat-admin (README "For
 * administrators"), served where httpd sets PAT_ADMIN_VIEW to "1"
 * (SetEnv in a <Location> that only administrators reach: Require
 * group).  Routes, under SCRIPT_NAME (e.g. /admin/tokens):
 *   GET  /                every user's tokens: filters owner, status,
 *                         unused_days; keyset pages after= / before=
 *   GET  /ID/revoke       confirmation      POST /ID/revoke  revoke it
 *   GET  /revoke?owner=U  confirmation      POST /revoke     revoke all
 *                                           of the form's owner
 * Every POST has passed pat_post_form (CSRF token and Origin). */
#ifndef PAT_ADMIN_H
#define PAT_ADMIN_H

#include "request.h"

/* The environment variable, and its value, that makes pat-admin serve
 * the administrators' view; clients cannot set CGI variables. */
#define PAT_ADMIN_VIEW_ENV "PAT_ADMIN_VIEW"

/* Whether this request is for the administrators' view
 * (PAT_ADMIN_VIEW_ENV is exactly "1").  Returns 1 or 0. */
int pat_admin_view(void);

/* Answer r, a request prepared as for the user pages (main.c's prepare:
 * not token-authenticated, logged in, database open), with the
 * administrators' pages.  Returns 0. */
int pat_admin_route(pat_request *r);

#endif /* PAT_ADMIN_H */
