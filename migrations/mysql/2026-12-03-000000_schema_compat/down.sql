DROP TABLE docnum_schema_compat;
