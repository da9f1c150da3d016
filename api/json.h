/* json.h: pat-api's request bodies and answers: reading a JSON object
 * with a size limit, checking its fields' types, and writing whole CGI
 * responses with jansson (README "API").  Every pat_api_send* function
 * first reads what is left of the request body, then writes one
 * response to stdout, and returns 0 (the CGI program's status). */
#ifndef PAT_API_JSON_H
#define PAT_API_JSON_H

#include <jansson.h>

#include "api.h"

/* Read and drop what is left of the request body, once (up to 1 MiB:
 * LimitRequestBody should stop larger bodies before they get here). */
void pat_api_finish_body(pat_api_request *r);

/* Whether content_type (CONTENT_TYPE, may be NULL) is application/json,
 * case-insensitively, with or without parameters (e.g. "; charset=utf-8").
 * Returns 1 if it is, else 0. */
int pat_api_is_json(const char *content_type);

/* Read the request body from stdin (up to PAT_API_MAX_BODY bytes, to its
 * end whatever CONTENT_LENGTH says) and parse it.  empty_ok: an empty
 * body is allowed (then *out is NULL).  Otherwise the body must be one
 * JSON object (no duplicate keys, valid UTF-8, no NUL in strings).
 * Returns 0 with *out set (a new reference, or NULL), or the error
 * already sent (413 "too_large", 400 "invalid_json") as a negative
 * number: the caller answers nothing more. */
int pat_api_read_object(pat_api_request *r, int empty_ok, json_t **out);

/* Send status with body (any JSON value; a reference that this call
 * takes over, may be NULL only for 204, which sends no body) and the
 * headers Content-Type: application/json, Cache-Control: no-store, and
 * location (may be NULL) as Location. */
int pat_api_send(pat_api_request *r, int status, json_t *body,
                 const char *location);

/* Send the error object {"error": code, "message": message, "field":
 * field} (field may be NULL: then it is left out) with status. */
int pat_api_send_error(pat_api_request *r, int status, const char *code,
                       const char *message, const char *field);

/* 405 "method_not_allowed" with the header Allow: allow (e.g. "GET,
 * POST"). */
int pat_api_send_method(pat_api_request *r, const char *allow);

/* 404 "not_found": "There is no such token." (another user's id too). */
int pat_api_send_not_found(pat_api_request *r);

/* 500 "database_unavailable": nothing was changed. */
int pat_api_send_database_error(pat_api_request *r);

/* The answer to a store call on one of the user's tokens that failed
 * with rv: 404 for APR_NOTFOUND, else 500 "database_unavailable". */
int pat_api_send_store_failed(pat_api_request *r, apr_status_t rv);

/* s (may be NULL) made safe for a log line (no line breaks or control
 * characters); from r's pool. */
const char *pat_api_loggable(pat_api_request *r, const char *s);

#endif /* PAT_API_JSON_H */
