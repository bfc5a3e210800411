-- 0019_i18n.sql: families' languages (issue 18, docs/i18n.md).
--
-- account.language: the language a parent chose for meso's words. NULL:
-- none chosen, so the carer's recorded language (carer.preferred_language)
-- is used, else the browser's.
ALTER TABLE account ADD COLUMN language TEXT
    CHECK (language IS NULL OR length(language) BETWEEN 2 AND 8);

-- translation_fix: a school's corrections of meso's translated messages.
-- One row per school, language and message (the English msgid, as in
-- po/meso.pot); it overrides the catalogue's translation on that school's
-- pages and letters. The rows are the school's data, so they survive
-- upgrades that change the catalogues; a correction of a message the
-- catalogue no longer has is simply unused.
CREATE TABLE translation_fix (
    school_id  INTEGER NOT NULL REFERENCES school(id),
    lang       TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 8),
    msgid      TEXT NOT NULL CHECK (length(msgid) BETWEEN 1 AND 2000),
    msgstr     TEXT NOT NULL CHECK (length(msgstr) BETWEEN 1 AND 4000),
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (school_id, lang, msgid)
);
