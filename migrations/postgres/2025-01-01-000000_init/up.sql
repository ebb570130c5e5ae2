-- docnum schema, PostgreSQL dialect: the same tables, columns, indexes and
-- constraints as migrations/sqlite (read its header). Timestamps are BIGINT
-- microseconds since the Unix epoch, UTC; JSON is TEXT; ids are identity
-- columns. Index names are the same on every dialect: the store maps a
-- unique violation to its meaning by the constraint name PostgreSQL reports.

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
);

CREATE TABLE series_history (
    id            BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_type VARCHAR(50)  NOT NULL REFERENCES series (document_type),
    before_json   TEXT         NULL,
    after_json    TEXT         NOT NULL,
    changed_by    VARCHAR(255) NOT NULL,
    reason        TEXT         NOT NULL,
    changed_at    BIGINT       NOT NULL
);
CREATE INDEX ix_series_history_document_type ON series_history (document_type);

CREATE TABLE counters (
    counter_key   VARCHAR(700) NOT NULL PRIMARY KEY,
    document_type VARCHAR(50)  NOT NULL REFERENCES series (document_type),
    current_value BIGINT       NOT NULL DEFAULT 0,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);
CREATE INDEX ix_counters_document_type ON counters (document_type);

CREATE TABLE issued_numbers (
    id                  BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token               VARCHAR(36)  NOT NULL,
    document_type       VARCHAR(50)  NOT NULL REFERENCES series (document_type),
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
    request_fingerprint TEXT         NULL
);
CREATE UNIQUE INDEX ux_issued_numbers_token ON issued_numbers (token);
CREATE UNIQUE INDEX ux_issued_numbers_namespace_number ON issued_numbers (namespace, document_number);
CREATE UNIQUE INDEX ux_issued_numbers_counter_value ON issued_numbers (counter_key, seq_value);
CREATE UNIQUE INDEX ux_issued_numbers_idempotency ON issued_numbers (idempotency_user, idempotency_key);
CREATE INDEX ix_issued_numbers_state_expires ON issued_numbers (state, expires_at);
CREATE INDEX ix_issued_numbers_document_type ON issued_numbers (document_type);
CREATE INDEX ix_issued_numbers_document_number ON issued_numbers (document_number);

CREATE TABLE audit_log (
    id              BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    metadata_json   TEXT         NOT NULL
);
CREATE INDEX ix_audit_log_occurred_at ON audit_log (occurred_at);
CREATE INDEX ix_audit_log_document_type ON audit_log (document_type);
CREATE INDEX ix_audit_log_user_id ON audit_log (user_id);
CREATE INDEX ix_audit_log_document_number ON audit_log (document_number);
