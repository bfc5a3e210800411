-- 0010_counting.sql: conversations counted only when they happened (issue 12).
--
-- * How a conversation was held: in person, by phone or by video. It counts
--   as held only when a parent or carer took part (conversation_carer.attended).
-- * "Arranged, the family did not come": kept as its own record (status
--   'planned', did_not_come = 1), reported apart and never counted as held.
-- * Why the family's views are not in the record, when they are not: a
--   complete record needs the family's views (Explore) or this note.
-- * Scope decisions are kept as a history, so a past year's report uses the
--   scope as it was then (conversation_scope keeps only the latest).

ALTER TABLE conversation ADD COLUMN way TEXT
    CHECK (way IS NULL OR way IN ('in_person', 'phone', 'video'));
ALTER TABLE conversation ADD COLUMN did_not_come INTEGER NOT NULL DEFAULT 0
    CHECK (did_not_come IN (0, 1));
ALTER TABLE conversation ADD COLUMN family_views_note TEXT;

-- Every decision to add a pupil to the scope (included = 1) or take one out
-- (0), with the day it took effect. Appended, never changed.
CREATE TABLE scope_decision (
    id         INTEGER PRIMARY KEY,
    pupil_id   INTEGER NOT NULL REFERENCES pupil(id),
    included   INTEGER NOT NULL CHECK (included IN (0, 1)),
    reason     TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX scope_decision_pupil ON scope_decision(pupil_id, decided_on);

-- The decisions made before this history began, each from its own day.
INSERT INTO scope_decision (pupil_id, included, reason, decided_on, decided_by, decided_at)
    SELECT pupil_id, included, reason, substr(decided_at, 1, 10), decided_by, decided_at
    FROM conversation_scope;
