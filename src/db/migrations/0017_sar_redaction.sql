-- 0022_sar_redaction.sql: redacting a subject access request before release
-- (issue 18 part 5; docs/sar.md).
--
-- * sar_redaction: one passage or record a lead has chosen to hold back from
--   the export, with the reason. path says where in the export it is
--   ("conversations/#12/concerns": a section, then #id for a record of that
--   id or a member's name); passage is the words to replace with
--   "[redacted]", NULL for the whole value or record. The passage is kept
--   here, the school's own working copy, so that the export can find it again;
--   the audit trail records only the path, the length and the reason, never
--   the words. A redaction is withdrawn, never deleted, so the trail of who
--   chose what stays whole; erasing the pupil deletes the rows.
CREATE TABLE sar_redaction (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    pupil_id     INTEGER NOT NULL REFERENCES pupil(id),
    path         TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 300),
    passage      TEXT CHECK (passage IS NULL OR length(passage) BETWEEN 1 AND 2000),
    reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT
);
CREATE INDEX sar_redaction_pupil ON sar_redaction(pupil_id, id);
