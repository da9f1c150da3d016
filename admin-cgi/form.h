/* form.h: reading and decoding HTML form submissions
 * (application/x-www-form-urlencoded) in a CGI. */
#ifndef PAT_FORM_H
#define PAT_FORM_H

#include <stdio.h>

#include "apr_pools.h"
#include "apr_tables.h"

/* bytes; the largest valid form is ~11 KB: a Name of 100 and a
 * Description of 500 four-byte characters, percent-encoded, and 32
 * Permissions of 32 characters */
#define PAT_FORM_MAX_BODY 16384

/* Decode a urlencoded string (body or query string) of len bytes into a
 * table, one entry per field, in order.  '+' is a space.  Field names
 * are compared as apr_table compares them (without regard to ASCII
 * case).  No field may be given twice, except the one named repeat,
 * which may be given up to max_repeat times (the checkboxes of a group
 * share their name; repeat NULL: none may repeat).
 * Returns NULL and sets *out on success, else the error text (from p,
 * naming the field where one is to blame): a field given twice, the
 * field repeat given more than max_repeat times, invalid
 * percent-encoding, or a NUL byte. */
const char *pat_form_parse(apr_pool_t *p, const char *data, apr_size_t len,
                           const char *repeat, int max_repeat,
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
