-- 0013_retention.sql: leavers, retention periods and erasure (issue 20;
-- docs/retention.md).
--
-- * retention_default: how long each kind of record is kept, counted from the
--   pupil's leaving date or date of birth, with where the figure comes from
--   (the IRMS Information Management Toolkit for Schools where it gives one)
--   and whether we are unsure of it. meso's defaults; never changed by a
--   school.
-- * retention_period: a school's own period for a kind, set by a lead; it
--   wins over the default.
-- * pupil.erased_at, carer.erased_at: when the person's personal data was
--   erased (model/retention/erase.c). The row stays, stripped of identity, for
--   the school's anonymous figures.
CREATE TABLE retention_default (
    kind         TEXT PRIMARY KEY,
    label        TEXT NOT NULL,
    years        INTEGER NOT NULL CHECK (years BETWEEN 0 AND 100),
    counted_from TEXT NOT NULL CHECK (counted_from IN ('leaving', 'birth')),
    applies_to   TEXT NOT NULL CHECK (applies_to IN ('every', 'sen', 'programme')),
    source       TEXT NOT NULL,
    unsure       INTEGER NOT NULL DEFAULT 0 CHECK (unsure IN (0, 1)),
    position     INTEGER NOT NULL
);

INSERT INTO retention_default (kind, label, years, counted_from, applies_to, source, unsure,
                               position) VALUES
('pupil-record', 'A pupil''s record: register details, carers, conversations, contacts, targets, measures and outcomes', 25, 'birth', 'every',
 'IRMS toolkit, pupil''s educational record (secondary school): date of birth + 25 years. A primary school passes the record on to the next school and keeps it only while the pupil is on roll.', 1, 1),
('sen', 'A record with special educational needs: SEN history, provision, reviews, outside services and plans', 31, 'birth', 'sen',
 'IRMS toolkit, SEN files, reviews and EHC plans: date of birth + 31 years (an EHC plan can run to 25, then 6 years for claims).', 0, 2),
('attendance', 'Attendance figures', 3, 'leaving', 'every',
 'IRMS toolkit, attendance registers: 3 years from the entry (meso holds termly figures; counted here from leaving, which keeps them longer).', 1, 3),
('programme-work', 'Stories and reading logs from family programmes', 1, 'leaving', 'programme',
 'IRMS toolkit, pupils'' work: given back to the pupil, else current year + 1. The family keeps the booklet.', 1, 4);

CREATE TABLE retention_period (
    school_id INTEGER NOT NULL REFERENCES school(id),
    kind      TEXT NOT NULL REFERENCES retention_default(kind),
    years     INTEGER NOT NULL CHECK (years BETWEEN 0 AND 100),
    set_by    TEXT NOT NULL,
    set_at    TEXT NOT NULL,
    PRIMARY KEY (school_id, kind)
);

ALTER TABLE pupil ADD COLUMN erased_at TEXT;
ALTER TABLE carer ADD COLUMN erased_at TEXT;
CREATE INDEX pupil_leaving ON pupil(school_id, leaving_date);
