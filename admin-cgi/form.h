/* form.h: reading and decoding HTML form submissions
 * (application/x-www-form-urlencoded) in a CGI. */
#ifndef PAT_FORM_H
#define PAT_FORM_H

#include <stdio.h>

#include "apr_pools.h"
#include "apr_tables.h"

#define PAT_FORM_MAX_BODY 16384 /* bytes; the largest valid form is ~3 KB */

/* Decode a urlencoded string (body or query string) of len bytes into a
 * table, one entry per field.  '+' is a space.
 * Returns NULL and sets *out on success, else the error text: a field
 * given twice, invalid percent-encoding, or a NUL byte. */
const char *pat_form_parse(apr_pool_t *p, const char *data, apr_size_t len,
                           apr_table_t **out);

/* Read a POST body from in, as described by the CGI variables
 * CONTENT_TYPE and CONTENT_LENGTH (either may be NULL).
 * Returns 0 and sets *body (NUL-terminated, from p) and *len, or an HTTP
 * status with *err set: 415 (not a urlencoded form), 411 (no length),
 * 413 (longer than max bytes), 400 (shorter than announced). */
int pat_form_read_body(apr_pool_t *p, FILE *in, const char *content_type,
                       const char *content_length, apr_size_t max,
                       const char **body, apr_size_t *len, const char **err);

/* Read and discard what is left of the request body, up to max bytes.
 * A CGI that answers before reading the body makes httpd's write to its
 * stdin fail, and httpd may then send a 500 instead of our answer. */
void pat_form_drain(FILE *in, apr_size_t max);

#endif /* PAT_FORM_H */
