-- 0014_la.sql: the local authority's view across its schools (issue 16 part 5).
--
-- * An account of kind 'la' belongs to a local authority (la_code, the
--   three-digit code schools carry), not to a school: its school_id is
--   NULL. Its kind is its role; it has no account_role rows. (The kind and
--   the NULL school are allowed by this migration's driver parts, which
--   widen 0002's constraints.)
-- * school.la_share: whether the school's lead has agreed to share the
--   school's figures (counts, never a child) with its local authority.
--   Off until a lead turns it on; every change is in the audit trail.
-- * api_token.la_code: a local authority's read-only token (GET /api/v1/la),
--   with no school (school_id NULL, allowed by the driver parts).
ALTER TABLE account ADD COLUMN la_code TEXT CHECK (la_code IS NULL OR length(la_code) = 3);
ALTER TABLE school ADD COLUMN la_share INTEGER NOT NULL DEFAULT 0 CHECK (la_share IN (0, 1));
ALTER TABLE api_token ADD COLUMN la_code TEXT CHECK (la_code IS NULL OR length(la_code) = 3);
CREATE INDEX account_la ON account(la_code);
CREATE INDEX school_la ON school(la_code);
