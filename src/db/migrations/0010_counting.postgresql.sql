-- 0010_counting.postgresql.sql: the PostgreSQL part of 0010_counting.sql (its
-- twin is 0010_counting.sqlite.sql). A scope decision is kept as it was made.
CREATE TRIGGER scope_decision_kept BEFORE UPDATE ON scope_decision FOR EACH ROW EXECUTE FUNCTION meso_refuse('a scope decision is kept as it was made');
