-- 0014_la.sqlite.sql: SQLite's part of migration 14. SQLite cannot alter a
-- constraint, so account's CREATE text is edited in place, as SQLite's own
-- documentation describes for removing NOT NULL and widening CHECK
-- constraints (https://www.sqlite.org/lang_altertable.html, "making other
-- kinds of table schema changes"): the rows already satisfy the wider rules,
-- so nothing is rewritten. RESET makes this connection read the new text.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
    'kind                TEXT NOT NULL CHECK (kind IN (''staff'', ''parent''))',
    'kind                TEXT NOT NULL CHECK (kind IN (''staff'', ''parent'', ''la''))'),
    'school_id           INTEGER NOT NULL REFERENCES school(id)',
    'school_id           INTEGER REFERENCES school(id)'),
    'CHECK ((kind = ''staff'' AND staff_id IS NOT NULL AND carer_id IS NULL)
        OR (kind = ''parent'' AND carer_id IS NOT NULL AND staff_id IS NULL))',
    'CHECK ((kind = ''staff'' AND staff_id IS NOT NULL AND carer_id IS NULL AND school_id IS NOT NULL)
        OR (kind = ''parent'' AND carer_id IS NOT NULL AND staff_id IS NULL AND school_id IS NOT NULL)
        OR (kind = ''la'' AND staff_id IS NULL AND carer_id IS NULL AND school_id IS NULL
            AND la_code IS NOT NULL))')
WHERE type = 'table' AND name = 'account';
UPDATE sqlite_schema SET sql = replace(sql,
    'school_id    INTEGER NOT NULL REFERENCES school(id),',
    'school_id    INTEGER REFERENCES school(id),')
WHERE type = 'table' AND name = 'api_token';
PRAGMA writable_schema = RESET;
