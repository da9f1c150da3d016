-- Schema version 3:
-- * owner compares byte for byte, as httpd compares user names: the
--   utf8mb4_bin collation pads with spaces, so 'alice ' matched 'alice'
--   and a login named "alice " could see and change alice's tokens.
-- * a create form's nonce is unique per owner, not across all users.
ALTER TABLE pat_tokens
    MODIFY owner VARBINARY(1020) NOT NULL,
    DROP KEY pat_tokens_create_nonce,
    ADD UNIQUE KEY pat_tokens_owner_create_nonce (owner, create_nonce);

INSERT INTO pat_schema_version (version) VALUES (3);
