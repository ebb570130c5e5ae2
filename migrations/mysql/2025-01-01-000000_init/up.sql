-- docnum schema, MariaDB/MySQL dialect: the same tables, columns, indexes
-- and constraints as migrations/sqlite (read its header). Timestamps are
-- BIGINT microseconds since the Unix epoch, UTC; JSON is TEXT; ids are
-- AUTO_INCREMENT. Index names are the same on every dialect: the store maps
-- a unique violation to its meaning by the key name in the server's message.
--
-- Every table is InnoDB, utf8mb4 with the binary collation: text compares
-- byte for byte as on SQLite and PostgreSQL (the servers' default
-- collations would treat `cor-1` and `COR-1` as the same number). Foreign
-- keys are table constraints: MySQL ignores a column-level REFERENCES.

CREATE TABLE series (
    document_type         VARCHAR(50)  NOT NULL PRIMARY KEY,
    template              VARCHAR(200) NOT NULL,
    scope_json            TEXT         NOT NULL,
    allow_manual_override BOOLEAN      NOT NULL,
    max_value             BIGINT       NOT NULL,
    max_length            INTEGER      NOT NULL,
    time_zone             VARCHAR(64)  NOT NULL,
    namespace             VARCHAR(50)  NOT NULL,
    backdate_days         INTEGER      NOT NULL,
    metadata_json         TEXT         NOT NULL,
    version               BIGINT       NOT NULL,
    created_at            BIGINT       NOT NULL,
    updated_at            BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE series_history (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    document_type VARCHAR(50)  NOT NULL,
    before_json   TEXT         NULL,
    after_json    TEXT         NOT NULL,
    changed_by    VARCHAR(255) NOT NULL,
    reason        TEXT         NOT NULL,
    changed_at    BIGINT       NOT NULL,
    KEY ix_series_history_document_type (document_type),
    CONSTRAINT fk_series_history_series FOREIGN KEY (document_type) REFERENCES series (document_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE counters (
    counter_key   VARCHAR(700) NOT NULL PRIMARY KEY,
    document_type VARCHAR(50)  NOT NULL,
    current_value BIGINT       NOT NULL DEFAULT 0,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    KEY ix_counters_document_type (document_type),
    CONSTRAINT fk_counters_series FOREIGN KEY (document_type) REFERENCES series (document_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE issued_numbers (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    token               VARCHAR(36)  NOT NULL,
    document_type       VARCHAR(50)  NOT NULL,
    namespace           VARCHAR(50)  NOT NULL,
    document_number     VARCHAR(200) NOT NULL,
    counter_key         VARCHAR(700) NULL,
    seq_value           BIGINT       NULL,
    state               VARCHAR(16)  NOT NULL,
    source              VARCHAR(16)  NOT NULL,
    context_json        TEXT         NOT NULL,
    metadata_json       TEXT         NOT NULL,
    template            VARCHAR(200) NOT NULL,
    document_ref        VARCHAR(200) NULL,
    issued_at           BIGINT       NOT NULL,
    expires_at          BIGINT       NULL,
    confirmed_at        BIGINT       NULL,
    closed_at           BIGINT       NULL,
    issued_by           VARCHAR(255) NOT NULL,
    reason              TEXT         NULL,
    replaces            VARCHAR(200) NULL,
    replaced_by         VARCHAR(200) NULL,
    idempotency_user    VARCHAR(255) NULL,
    idempotency_key     VARCHAR(200) NULL,
    request_fingerprint TEXT         NULL,
    UNIQUE KEY ux_issued_numbers_token (token),
    UNIQUE KEY ux_issued_numbers_namespace_number (namespace, document_number),
    UNIQUE KEY ux_issued_numbers_counter_value (counter_key, seq_value),
    UNIQUE KEY ux_issued_numbers_idempotency (idempotency_user, idempotency_key),
    KEY ix_issued_numbers_state_expires (state, expires_at),
    KEY ix_issued_numbers_document_type (document_type),
    KEY ix_issued_numbers_document_number (document_number),
    CONSTRAINT fk_issued_numbers_series FOREIGN KEY (document_type) REFERENCES series (document_type)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE audit_log (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    occurred_at     BIGINT       NOT NULL,
    operation       VARCHAR(32)  NOT NULL,
    document_type   VARCHAR(50)  NOT NULL,
    document_number VARCHAR(200) NULL,
    counter_key     VARCHAR(700) NULL,
    template        VARCHAR(200) NULL,
    old_value       TEXT         NULL,
    new_value       TEXT         NULL,
    user_id         VARCHAR(255) NOT NULL,
    ip              VARCHAR(64)  NULL,
    user_agent      TEXT         NULL,
    duration_ms     BIGINT       NOT NULL,
    fallback_used   BOOLEAN      NOT NULL,
    metadata_json   TEXT         NOT NULL,
    KEY ix_audit_log_occurred_at (occurred_at),
    KEY ix_audit_log_document_type (document_type),
    KEY ix_audit_log_user_id (user_id),
    KEY ix_audit_log_document_number (document_number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
