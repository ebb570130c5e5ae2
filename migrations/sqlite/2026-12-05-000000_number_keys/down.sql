DELETE FROM docnum_schema_compat WHERE migration = '20261205000000';
DROP TABLE docnum_pending_steps;
DROP INDEX ux_issued_numbers_namespace_key;
ALTER TABLE issued_numbers DROP COLUMN number_key;
ALTER TABLE series DROP COLUMN values_json;
