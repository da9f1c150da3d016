-- Schema version 5: a token's life (README "Activity" and "Expiry
-- reminders").  Apply after migrate-4.sql:
--   mariadb DBNAME < sql/migrate-5.sql
-- Every table has a primary key (Galera replicates only those).

-- The one-time value of the Regenerate form that last regenerated a
-- token (like create_nonce for the create form), unique per owner, so
-- that a reload or a second click cannot regenerate twice; a column of
-- its own, so that a create form sent again still finds its create_nonce.
ALTER TABLE pat_tokens
    ADD COLUMN regenerate_nonce CHAR(32) CHARACTER SET ascii
        COLLATE ascii_bin NULL DEFAULT NULL AFTER create_nonce,
    ADD UNIQUE KEY pat_tokens_owner_regenerate_nonce (owner, regenerate_nonce);

-- The administrators' list (README "For administrators") pages by id
-- (keyset); its "expired" and "expires soon" filters read expires_on.
ALTER TABLE pat_tokens
    ADD KEY pat_tokens_expires_on (expires_on, id);

-- The activity history: one row per change the token pages (or an
-- administrator) made to a token.  Never the token or its hash.  A
-- deleted token's rows stay (token_id is not a foreign key), for an
-- administrator; the owner's pages show the history of existing tokens
-- only.  The module's refusals are not written here (they stay in the
-- error log: a write per bad request would be a way to fill the disk).
CREATE TABLE pat_token_events (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- pat_tokens.id of the token, kept after it is deleted
    token_id        BIGINT UNSIGNED NOT NULL,
    -- the token's owner, compared byte for byte like pat_tokens.owner
    owner           VARBINARY(1020) NOT NULL,
    -- revoked: deleted by an administrator (README "For
    -- administrators"), the administrator the actor
    event           ENUM('created', 'edited', 'regenerated', 'deleted',
                         'revoked') NOT NULL,
    -- who made the change: REMOTE_USER of the request (the owner on the
    -- owner's pages), and the client's address (REMOTE_ADDR)
    actor           VARBINARY(1020) NOT NULL,
    client          VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin
                    NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- edited: the fields that changed; created, regenerated and deleted
    -- leave it empty
    fields          SET('name', 'description', 'expires_on', 'permissions')
                    NOT NULL DEFAULT '',
    -- the values before (old_) and after (new_) the change: created sets
    -- new_, deleted sets old_, edited sets both for the fields that
    -- changed, regenerated sets both expiration dates; NULL otherwise
    old_name        VARCHAR(100) NULL DEFAULT NULL,
    new_name        VARCHAR(100) NULL DEFAULT NULL,
    old_description VARCHAR(500) NULL DEFAULT NULL,
    new_description VARCHAR(500) NULL DEFAULT NULL,
    old_expires_on  DATE NULL DEFAULT NULL,
    new_expires_on  DATE NULL DEFAULT NULL,
    -- regenerated: the one-time value of the Regenerate form that made
    -- it, unique per owner and kept for good (also after the token's
    -- next Regenerate, or its delete), so that a form sent again is
    -- refused whenever it comes back; NULL for the other events
    nonce           CHAR(32) CHARACTER SET ascii COLLATE ascii_bin
                    NULL DEFAULT NULL,
    UNIQUE KEY pat_token_events_owner_nonce (owner, nonce),
    KEY pat_token_events_token (token_id, id),
    KEY pat_token_events_owner (owner, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Expiry reminders pat-notify sent (or is sending): one row per token,
-- expiration date and kind, so that each is sent once however often
-- pat-notify runs; a token given a new expiration date gets new
-- reminders.  A row with sent_at NULL is claimed by a run that is
-- sending it; one claimed more than an hour ago by a run that died is
-- taken over by the next run.
CREATE TABLE pat_reminders (
    token_id    BIGINT UNSIGNED NOT NULL,
    expires_on  DATE NOT NULL,
    kind        ENUM('7 days', '1 day', 'expired') NOT NULL,
    owner       VARBINARY(1020) NOT NULL,
    claimed_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at     TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (token_id, expires_on, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Mail addresses the site fills (from its directory), for pat-notify:
-- a user listed here gets mail at this address; one not listed gets the
-- address of NotifyAddressPattern (admin.conf), if set, or no mail.
CREATE TABLE pat_user_mail (
    owner       VARBINARY(1020) NOT NULL PRIMARY KEY,
    address     VARCHAR(254) CHARACTER SET ascii COLLATE ascii_general_ci
                NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO pat_schema_version (version) VALUES (5);
