DROP TABLE audit_log;
DROP TABLE issued_numbers;
DROP TABLE counters;
DROP TABLE series_history;
DROP TABLE series;
