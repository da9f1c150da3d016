/* json.c: pat-api's request bodies and CGI responses, with jansson. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apr_escape.h"
#include "apr_strings.h"

#include "form.h"
#include "html.h"

void pat_api_finish_body(pat_api_request *r)
{
    if (!r->body_read) {
        pat_form_drain(stdin, 1024 * 1024);
        r->body_read = 1;
    }
}

int pat_api_is_json(const char *content_type)
{
    static const char json[] = "application/json";
    const char *rest;

    if (content_type == NULL
        || strncasecmp(content_type, json, sizeof(json) - 1) != 0) {
        return 0;
    }
    rest = content_type + sizeof(json) - 1;
    rest += strspn(rest, " \t");
    return *rest == '\0' || *rest == ';';
}

/* Write the response: status line, headers (extra: more header lines,
 * each ending in CRLF, or ""), then body (may be NULL).  Returns 0. */
static int write_response(pat_api_request *r, int status, const char *extra,
                          const char *body)
{
    pat_api_finish_body(r);
    printf("Status: %d %s\r\n"
           "Cache-Control: no-store\r\n"
           "X-Content-Type-Options: nosniff\r\n"
           "%s%s\r\n",
           status, pat_http_reason(status),
           body ? "Content-Type: application/json\r\n" : "", extra);
    if (body) {
        fputs(body, stdout);
        fputs("\n", stdout);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "pat-api: the response could not be written\n");
    }
    return 0;
}

int pat_api_send(pat_api_request *r, int status, json_t *body,
                 const char *location)
{
    const char *extra = location
        ? apr_pstrcat(r->pool, "Location: ", location, "\r\n", NULL)
        : "";
    char *text = NULL;

    if (body != NULL) {
        /* sorted keys: the same object is always the same bytes */
        text = json_dumps(body, JSON_INDENT(2) | JSON_SORT_KEYS);
        json_decref(body);
        if (text == NULL) {
            fprintf(stderr, "pat-api: json_dumps failed (out of memory)\n");
            return write_response(r, 500, "", "{\"error\": \"server_error\"}");
        }
    }
    write_response(r, status, extra, text);
    free(text);
    return 0;
}

int pat_api_send_error(pat_api_request *r, int status, const char *code,
                       const char *message, const char *field)
{
    json_t *e = json_object();

    if (e == NULL || json_object_set_new(e, "error", json_string(code)) != 0
        || json_object_set_new(e, "message", json_string(message)) != 0
        || (field != NULL
            && json_object_set_new(e, "field", json_string(field)) != 0)) {
        json_decref(e);
        fprintf(stderr, "pat-api: an error object could not be made\n");
        return write_response(r, 500, "", "{\"error\": \"server_error\"}");
    }
    return pat_api_send(r, status, e, NULL);
}

int pat_api_send_method(pat_api_request *r, const char *allow)
{
    json_t *e =
        json_pack("{s:s, s:s}", "error", "method_not_allowed", "message",
                  apr_pstrcat(r->pool, "Use ", allow, ".", NULL));
    char *text = e ? json_dumps(e, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;

    json_decref(e);
    if (text == NULL) {
        return write_response(r, 500, "", "{\"error\": \"server_error\"}");
    }
    write_response(r, 405, apr_pstrcat(r->pool, "Allow: ", allow, "\r\n", NULL),
                   text);
    free(text);
    return 0;
}

int pat_api_send_not_found(pat_api_request *r)
{
    return pat_api_send_error(r, 404, "not_found", "There is no such token.",
                              NULL);
}

int pat_api_send_database_error(pat_api_request *r)
{
    return pat_api_send_error(r, 500, "database_unavailable",
                              "The token database cannot be reached. Nothing "
                              "was changed. Please try again later.",
                              NULL);
}

int pat_api_send_store_failed(pat_api_request *r, apr_status_t rv)
{
    return rv == APR_NOTFOUND ? pat_api_send_not_found(r)
                              : pat_api_send_database_error(r);
}

const char *pat_api_loggable(pat_api_request *r, const char *s)
{
    return s ? apr_pescape_echo(r->pool, s, 1) : "";
}

/* 413 "too_large" for a body over PAT_API_MAX_BODY bytes. */
static int too_large(pat_api_request *r)
{
    return pat_api_send_error(
        r, 413, "too_large",
        apr_psprintf(r->pool, "The request body is larger than %d bytes.",
                     PAT_API_MAX_BODY),
        NULL);
}

/* What json_loadb found wrong, in words that repeat nothing of the
 * body. */
static const char *parse_problem(const json_error_t *error)
{
    switch (json_error_code(error)) {
    case json_error_invalid_utf8:
        return "it is not valid UTF-8";
    case json_error_premature_end_of_input:
        return "it ends early";
    case json_error_end_of_input_expected:
        return "there is more after the JSON value";
    case json_error_null_character:
    case json_error_null_byte_in_key:
        return "it contains a NUL character";
    case json_error_duplicate_key:
        return "a field is given twice";
    case json_error_numeric_overflow:
        return "a number is too large";
    case json_error_stack_overflow:
        return "it is nested too deeply";
    default:
        return "a syntax error";
    }
}

int pat_api_read_object(pat_api_request *r, int empty_ok, json_t **out)
{
    const char *cl = getenv("CONTENT_LENGTH");
    char *buf = apr_palloc(r->pool, PAT_API_MAX_BODY + 1), *end = NULL;
    apr_size_t len = 0, n;
    json_error_t error;
    json_t *v;

    if (cl != NULL && *cl != '\0'
        && (apr_strtoi64(cl, &end, 10) > PAT_API_MAX_BODY || *end != '\0')) {
        return too_large(r) - 1;
    }
    /* to the end of the body: CONTENT_LENGTH is missing for a chunked one */
    while (len <= PAT_API_MAX_BODY
           && (n = fread(buf + len, 1, PAT_API_MAX_BODY + 1 - len, stdin))
               > 0) {
        len += n;
    }
    if (len > PAT_API_MAX_BODY) {
        return too_large(r) - 1;
    }
    r->body_read = 1;
    *out = NULL;
    if (len == 0 && empty_ok) {
        return 0;
    }
    if (len == 0) {
        pat_api_send_error(r, 400, "invalid_json",
                           "The request body is empty: send a JSON object.",
                           NULL);
        return -1;
    }
    v = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &error);
    if (v == NULL) {
        /* jansson's text may quote the body (bytes that need not be
         * UTF-8): the message names the problem in words of ours */
        pat_api_send_error(r, 400, "invalid_json",
                           apr_psprintf(r->pool,
                                        "The request body is not valid JSON: "
                                        "%s (at byte %ld).",
                                        parse_problem(&error),
                                        (long)error.position),
                           NULL);
        return -1;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        pat_api_send_error(r, 400, "invalid_json",
                           "The request body must be a JSON object.", NULL);
        return -1;
    }
    *out = v;
    return 0;
}
