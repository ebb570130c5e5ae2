-- Compatibility levels (the same on every dialect): one row per migration,
-- written by the migration itself — its version as diesel records it in
-- __diesel_schema_migrations, and the oldest docnum version that can run
-- against the schema once it is applied. A docnum older than the highest
-- level refuses to start and names the version it needs; a migration that
-- only adds what older versions never read keeps the level where it was, so
-- old and new instances run side by side during a rolling upgrade. Every
-- later migration ends with its own INSERT into this table (a unit test in
-- crates/adapters/src/db/schema_guard.rs checks that it does).
CREATE TABLE docnum_schema_compat (
    migration   VARCHAR(50) NOT NULL PRIMARY KEY,
    min_version VARCHAR(20) NOT NULL
);

INSERT INTO docnum_schema_compat (migration, min_version) VALUES
    ('20250101000000', '0.1.0'),
    ('20261203000000', '0.1.0');
