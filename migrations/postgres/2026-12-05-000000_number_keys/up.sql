-- PostgreSQL dialect of migrations/sqlite (read its header).
-- Numbers are unique by what a reader sees (issue 16): `number_key` is the
-- number's compatibility form (NFKC, cut at 700 characters; see
-- docnum_domain::number_key), and no two numbers of a namespace share one.
-- The column is NULL until docnum fills it: SQL cannot compute NFKC on
-- every dialect, so the data step `number_keys` (listed in
-- docnum_pending_steps until it has run) fills it in Rust, merges counters
-- whose keys become equal, and stops with a report if two existing numbers
-- look the same. NULLs are distinct in a unique index on every dialect.
--
-- Level 0.2.0: an older docnum would insert numbers without a key, which
-- the index cannot see.

ALTER TABLE issued_numbers ADD COLUMN number_key VARCHAR(700) NULL;
CREATE UNIQUE INDEX ux_issued_numbers_namespace_key ON issued_numbers (namespace, number_key);

-- What a series declares its context dimensions may hold (issue 21), as
-- JSON; NULL when nothing is declared. Older binaries never read it.
ALTER TABLE series ADD COLUMN values_json TEXT NULL;

CREATE TABLE docnum_pending_steps (
    step VARCHAR(50) NOT NULL PRIMARY KEY
);
INSERT INTO docnum_pending_steps (step) VALUES ('number_keys');

INSERT INTO docnum_schema_compat (migration, min_version) VALUES ('20261205000000', '0.2.0');
