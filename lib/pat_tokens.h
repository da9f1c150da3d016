/* pat_tokens.h: the token table as mod_auth_pat (module/pat_dbd.c) and
 * the token pages (admin-cgi/store.c) name it in their SQL.  The table is
 * defined by sql/schema.sql (create_nonce by sql/migrate-2.sql); README
 * "Database" describes it.
 *
 * Every macro is a string literal, so that both programs build their
 * prepared statements by string-literal concatenation at compile time
 * (no SQL is assembled at run time), and a column renamed in the schema
 * is renamed here once for both.  Column names are unqualified: every
 * statement reads or writes this one table. */
#ifndef PAT_TOKENS_H
#define PAT_TOKENS_H

/* the table */
#define PAT_TOKENS "pat_tokens"

/* BIGINT UNSIGNED AUTO_INCREMENT: the token's id in URLs and logs */
#define PAT_TOKENS_ID "id"
/* the user the token authenticates as, compared byte for byte */
#define PAT_TOKENS_OWNER "owner"
/* VARCHAR(100) and VARCHAR(500): what the user typed, normalised by the
 * token pages (README "Token management pages") */
#define PAT_TOKENS_NAME        "name"
#define PAT_TOKENS_DESCRIPTION "description"
/* lowercase hex SHA-256 of the token (lib/pat_token.h), unique */
#define PAT_TOKENS_HASH "token_hash"
/* the token's last 4 characters */
#define PAT_TOKENS_HINT "hint"
/* DATE: the token is valid through the whole of this day (README
 * "Expiration dates") */
#define PAT_TOKENS_EXPIRES_ON "expires_on"
/* TIMESTAMP of the create (README "Token management pages": Created) */
#define PAT_TOKENS_CREATED_AT "created_at"
/* TIMESTAMP, NULL until the token is first used */
#define PAT_TOKENS_LAST_USED_AT "last_used_at"
/* TIMESTAMP of the last edit */
#define PAT_TOKENS_UPDATED_AT "updated_at"
/* VARCHAR(PAT_PERM_STORED_MAX) ASCII, NULL: the token's permissions as
 * lib/pat_perm.h stores them, NULL for a token that is not narrowed
 * (sql/migrate-4.sql; README "Role Permissions") */
#define PAT_TOKENS_PERMISSIONS "permissions"
/* the create form's one-time value (32 hex characters), unique per owner
 * (README "Token management pages") */
#define PAT_TOKENS_CREATE_NONCE "create_nonce"
/* the one-time value of the regenerate form that last regenerated the
 * token, unique per owner (sql/migrate-5.sql; README "Regenerate") */
#define PAT_TOKENS_REGENERATE_NONCE "regenerate_nonce"

/* The expiration date as the programs select it: text of exactly 10
 * characters, YYYY-MM-DD, the form pat_date_parse() reads (a date is
 * kept as text end to end, never as a time in some zone). */
#define PAT_TOKENS_EXPIRES_TEXT "CAST(" PAT_TOKENS_EXPIRES_ON " AS CHAR(10))"

#endif /* PAT_TOKENS_H */
