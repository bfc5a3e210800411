-- 0021_transfer_meso.sql: meso's own record of a child sent on to another
-- school that uses meso, with the family's agreement (issue 20 part 2;
-- docs/ctf.md "Sending meso's record").
--
-- * transfer_consent: the family's agreement that meso's record (conversations
--   shared with them, targets, provision with its reviews, measures and
--   programme participation) may go with the child's CTF. Who agreed (a
--   carer, or NULL for the child), the day, how (in a meeting, a signed form),
--   who recorded it. Withdrawn, never deleted. `meso export ctf
--   --with-meso-record` refuses a pupil without a standing one.
-- * transfer_history: a record received from the previous school, kept as it
--   came (JSON), read-only: the pupil's page shows it as history from that
--   school. Erasing the pupil deletes both.
CREATE TABLE transfer_consent (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    pupil_id     INTEGER NOT NULL REFERENCES pupil(id),
    carer_id     INTEGER REFERENCES carer(id),
    given_on     TEXT NOT NULL,
    how          TEXT NOT NULL CHECK (length(how) BETWEEN 1 AND 300),
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT
);
CREATE INDEX transfer_consent_pupil ON transfer_consent(pupil_id, id);

CREATE TABLE transfer_history (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    pupil_id    INTEGER NOT NULL REFERENCES pupil(id),
    from_urn    TEXT,
    from_name   TEXT,
    sent_at     TEXT,
    consent     TEXT NOT NULL,
    record      TEXT NOT NULL,
    received_by TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX transfer_history_pupil ON transfer_history(pupil_id, id);
