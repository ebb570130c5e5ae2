-- MariaDB/MySQL dialect of migrations/sqlite (read its header). The index
-- fits InnoDB's 3072 bytes: (50 + 700) characters × 4 bytes.

ALTER TABLE issued_numbers
    ADD COLUMN number_key VARCHAR(700) NULL,
    ADD UNIQUE KEY ux_issued_numbers_namespace_key (namespace, number_key);

-- What a series declares its context dimensions may hold (issue 21).
ALTER TABLE series ADD COLUMN values_json TEXT NULL;

CREATE TABLE docnum_pending_steps (
    step VARCHAR(50) NOT NULL PRIMARY KEY
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
INSERT INTO docnum_pending_steps (step) VALUES ('number_keys');

INSERT INTO docnum_schema_compat (migration, min_version) VALUES ('20261205000000', '0.2.0');
