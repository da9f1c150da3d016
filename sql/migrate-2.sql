-- Schema version 2: a create form's one-time nonce, so that reloading or
-- resubmitting the create form (back button, double click) cannot create
-- a second token.  Apply after schema.sql (version 1):
--   mariadb DBNAME < sql/migrate-2.sql
ALTER TABLE pat_tokens
    ADD COLUMN create_nonce CHAR(32) CHARACTER SET ascii COLLATE ascii_bin
        NULL DEFAULT NULL AFTER hint,
    ADD UNIQUE KEY pat_tokens_create_nonce (create_nonce);

INSERT INTO pat_schema_version (version) VALUES (2);
