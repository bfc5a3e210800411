-- 0018_parent_language.sql: the language a parent chose for meso's words
-- (issue 18, docs/i18n.md). NULL: none chosen, so the carer's recorded
-- language (carer.preferred_language) is used, else the browser's.
ALTER TABLE account ADD COLUMN language TEXT
    CHECK (language IS NULL OR length(language) BETWEEN 2 AND 8);
