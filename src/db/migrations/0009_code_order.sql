-- The census code lists keep their order in a column of their own, so that
-- reading them in census order needs no SQLite-only rowid (issue 15): outcomes,
-- exclusion categories and reasons, and types of bullying. The driver's part
-- (0009_code_order.sqlite.sql) fills it from the order the rows were written.
ALTER TABLE outcome ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exclusion_category ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exclusion_reason ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bullying_type ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
