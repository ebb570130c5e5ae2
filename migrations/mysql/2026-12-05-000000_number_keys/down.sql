DELETE FROM docnum_schema_compat WHERE migration = '20261205000000';
DROP TABLE docnum_pending_steps;
ALTER TABLE issued_numbers DROP INDEX ux_issued_numbers_namespace_key, DROP COLUMN number_key;
ALTER TABLE series DROP COLUMN values_json;
