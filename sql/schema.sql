-- mod_auth_pat schema for MySQL / MariaDB (InnoDB, utf8mb4).
-- Load once into an empty database:  mariadb DBNAME < sql/schema.sql
-- Later versions ship migrations as sql/migrate-N.sql, each of which
-- inserts its N into pat_schema_version.

CREATE TABLE pat_schema_version (
    version     INT UNSIGNED NOT NULL PRIMARY KEY,
    applied_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE pat_tokens (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- the user name the token authenticates as (r->user); case-sensitive
    -- like httpd's own user names
    owner         VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
                  NOT NULL,
    name          VARCHAR(100) NOT NULL,
    description   VARCHAR(500) NOT NULL DEFAULT '',
    -- lowercase hex SHA-256 of the full token; the token itself is never
    -- stored
    token_hash    CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- last 4 characters of the token, shown in lists and logs
    hint          CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- valid through the whole of this day (httpd host's local date)
    expires_on    DATE NOT NULL,
    created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at  TIMESTAMP NULL DEFAULT NULL,
    UNIQUE KEY pat_tokens_token_hash (token_hash),
    KEY pat_tokens_owner (owner)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO pat_schema_version (version) VALUES (1);
