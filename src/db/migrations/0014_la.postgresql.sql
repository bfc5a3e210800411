-- 0014_la.postgresql.sql: PostgreSQL's part of migration 14: account's
-- constraints widened for accounts of kind 'la' (as the SQLite part does).
ALTER TABLE account ALTER COLUMN school_id DROP NOT NULL;
ALTER TABLE account DROP CONSTRAINT account_kind_check;
ALTER TABLE account ADD CONSTRAINT account_kind_check CHECK (kind IN ('staff', 'parent', 'la'));
ALTER TABLE account DROP CONSTRAINT account_check;
ALTER TABLE account ADD CONSTRAINT account_check CHECK (
    (kind = 'staff' AND staff_id IS NOT NULL AND carer_id IS NULL AND school_id IS NOT NULL)
    OR (kind = 'parent' AND carer_id IS NOT NULL AND staff_id IS NULL AND school_id IS NOT NULL)
    OR (kind = 'la' AND staff_id IS NULL AND carer_id IS NULL AND school_id IS NULL
        AND la_code IS NOT NULL));
ALTER TABLE api_token ALTER COLUMN school_id DROP NOT NULL;
ALTER TABLE api_token ADD CONSTRAINT api_token_school_or_la CHECK ((school_id IS NULL) <> (la_code IS NULL));
