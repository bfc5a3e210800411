-- 0010_counting.sqlite.sql: the SQLite part of 0010_counting.sql.
CREATE TRIGGER scope_decision_kept BEFORE UPDATE ON scope_decision
BEGIN
    SELECT RAISE(ABORT, 'a scope decision is kept as it was made');
END;
