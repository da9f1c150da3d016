-- Schema version 4: token permissions (README "Role Permissions").
-- NULL, the value every existing row gets, is a token that is not
-- narrowed: it keeps its owner's full rights, as before.  Otherwise the
-- names of the permissions the token carries, from the site's
-- permissions file, separated by one space (lib/pat_perm.h); 1055 bytes
-- hold 32 names of 32 characters.  The lookup by token_hash reads this
-- column in the same row: still one indexed query per request.
--   mariadb DBNAME < sql/migrate-4.sql
ALTER TABLE pat_tokens
    ADD COLUMN permissions VARCHAR(1055) CHARACTER SET ascii
        COLLATE ascii_bin NULL DEFAULT NULL AFTER expires_on;

INSERT INTO pat_schema_version (version) VALUES (4);
