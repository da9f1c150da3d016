/* pat_env.h: the contract between mod_auth_pat and the programs it
 * authenticates for (the token pages, pat-admin, and any CGI): the
 * AuthType name and the names of the variables the module sets in the
 * subprocess environment of a request that a token authenticated
 * (README "What the module decides").
 *
 * The token pages refuse a request whose AUTH_TYPE is PAT_AUTH_TYPE or
 * that carries PAT_ENV_TOKEN_ID: this is what keeps a token from creating
 * or changing tokens (README "Token management pages").  Clients cannot
 * set these variables: httpd builds them, and a request header never
 * becomes a variable without the HTTP_ prefix. */
#ifndef PAT_ENV_H
#define PAT_ENV_H

/* AuthType PAT (matched case-insensitively, as httpd does) */
#define PAT_AUTH_TYPE "PAT"

/* set for every request a token authenticated, whether by AuthType PAT
 * or as the password of AuthBasicProvider pat: the token's id, its name,
 * and its expiration date as YYYY-MM-DD */
#define PAT_ENV_TOKEN_ID      "PAT_TOKEN_ID"
#define PAT_ENV_TOKEN_NAME    "PAT_TOKEN_NAME"
#define PAT_ENV_TOKEN_EXPIRES "PAT_TOKEN_EXPIRES"

/* set as well where the server defines permissions
 * (AuthPATPermissionsFile): the names of the permissions the token
 * carries, separated by one space (README "Role Permissions") */
#define PAT_ENV_PERMISSIONS "PAT_PERMISSIONS"

#endif /* PAT_ENV_H */
