/* currentuser: the demo API endpoint /api/v1.0/currentuser (the seed's
 * example), a CGI behind AuthType PAT.  It answers, as application/json,
 * who the request authenticated as: the user name, the authentication
 * type, the token's id, name and expiration date and, where the site
 * defines them, the permissions it carries, from the variables
 * mod_auth_pat sets.  The JSON is built with jansson.
 * Without REMOTE_USER (not behind authentication) it answers 401. */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

static const char *env(const char *name)
{
    const char *v = getenv(name);

    return v ? v : "";
}

/* Print obj with the status line; returns 0, or 1 if jansson failed. */
static int send_json(const char *status, json_t *obj)
{
    char *body = obj ? json_dumps(obj, JSON_INDENT(2)) : NULL;

    if (body == NULL) {
        fputs("Status: 500 Internal Server Error\r\n"
              "Content-Type: application/json\r\n\r\n"
              "{\"error\": \"internal error\"}\n",
              stdout);
        json_decref(obj);
        return 1;
    }
    printf("Status: %s\r\nContent-Type: application/json\r\n"
           "Cache-Control: no-store\r\n\r\n%s\n",
           status, body);
    free(body);
    json_decref(obj);
    return 0;
}

/* The space-separated words of s as a JSON array of strings (NULL if
 * jansson cannot allocate, or on invalid UTF-8). */
static json_t *words(const char *s)
{
    json_t *a = json_array();
    const char *w;

    while (a != NULL && *s) {
        while (*s == ' ') {
            s++;
        }
        for (w = s; *s && *s != ' '; s++) {
        }
        if (s > w
            && json_array_append_new(a, json_stringn(w, (size_t)(s - w)))
                != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* Read the request body (a POST's) to its end and drop it: a CGI that
 * answers with its body unread makes mod_cgid lose the answer (the
 * client sees the connection closed early).  It is read in pieces, never
 * kept. */
static void drain_body(void)
{
    char piece[4096];

    while (fread(piece, 1, sizeof(piece), stdin) == sizeof(piece)) {
    }
}

int main(void)
{
    const char *user = env("REMOTE_USER");
    json_t *id = json_null(), *body;
    char *end;
    long long n = strtoll(env("PAT_TOKEN_ID"), &end, 10);

    drain_body();
    if (*env("PAT_TOKEN_ID") != '\0' && *end == '\0') {
        id = json_integer((json_int_t)n);
    }

    if (*user == '\0') {
        return send_json(
            "401 Unauthorized",
            json_pack("{s:s}", "error", "authentication required"));
    }
    /* json_pack fails (NULL) on invalid UTF-8, which send_json reports */
    body = json_pack("{s:s, s:s, s:{s:o, s:s?, s:s?}}", "user", user,
                     "auth_type", env("AUTH_TYPE"), "token", "id", id, "name",
                     getenv("PAT_TOKEN_NAME"), "expires",
                     getenv("PAT_TOKEN_EXPIRES"));
    /* where the server defines permissions (README "Role Permissions") */
    if (body != NULL && getenv("PAT_PERMISSIONS") != NULL
        && json_object_set_new(body, "permissions",
                               words(getenv("PAT_PERMISSIONS")))
            != 0) {
        json_decref(body);
        body = NULL;
    }
    return send_json("200 OK", body);
}
