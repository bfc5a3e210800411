-- 0003_conversations.sql: Structured Conversations with Parents (Achievement
-- for All, strand 2) and the home-school contact log: the school year and its
-- terms, holidays, who is in scope, the planned conversations, the parent
-- agreement, the conversation records with their four stages (Explore,
-- Focus, Plan, Review), targets and their reviews, parents' own views ahead
-- of a conversation, and every contact with a family.
--
-- Dates are ISO text (YYYY-MM-DD); timestamps are ISO UTC text. Small fixed
-- lists use CHECK ... IN; the busier contact table uses GLOB or OR (see
-- docs/STYLE.md S5).

-- A school's own term dates. A school year is named by the calendar year in
-- which it begins (2024 = September 2024 to August 2025). Terms not set here
-- take the defaults in model/schoolyear.h.
CREATE TABLE term (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES school(id),
    year       INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    name       TEXT NOT NULL CHECK (name IN ('autumn', 'spring', 'summer')),
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    CHECK (end_date >= start_date),
    UNIQUE (school_id, year, name)
);

-- Holidays and closure days inside or between terms (half terms, INSET
-- days), so that scheduling can skip them.
CREATE TABLE holiday (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES school(id),
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    CHECK (end_date >= start_date)
);
CREATE INDEX holiday_school ON holiday(school_id, start_date);

-- Every pupil with SEN support (K) or an EHC plan (E) is in scope for
-- structured conversations. A lead may add any other pupil (included = 1)
-- or take a pupil out (included = 0), always with a reason. One row per
-- pupil holds the latest decision; the audit trail keeps every one.
CREATE TABLE conversation_scope (
    pupil_id   INTEGER PRIMARY KEY REFERENCES pupil(id),
    included   INTEGER NOT NULL CHECK (included IN (0, 1)),
    reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);

-- The conversations planned for a pupil in a school year: one row per
-- conversation, with the term it is due in. A pupil with no rows for a year
-- has the default plan: three, one each term.
CREATE TABLE conversation_plan (
    pupil_id INTEGER NOT NULL REFERENCES pupil(id),
    year     INTEGER NOT NULL,
    seq      INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 12),
    term     TEXT NOT NULL CHECK (term IN ('autumn', 'spring', 'summer')),
    PRIMARY KEY (pupil_id, year, seq)
) WITHOUT ROWID;

-- The agreement with the parents about what the conversations are for and
-- what they hope will come of them. A review adds a new version; versions
-- are never changed, so the history stays as it was.
CREATE TABLE parent_agreement (
    id                INTEGER PRIMARY KEY,
    pupil_id          INTEGER NOT NULL REFERENCES pupil(id),
    version           INTEGER NOT NULL CHECK (version >= 1),
    purpose           TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 4000),
    expected_outcomes TEXT NOT NULL CHECK (length(expected_outcomes) BETWEEN 1 AND 4000),
    agreed_on         TEXT NOT NULL,
    review_note       TEXT,
    recorded_by       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    UNIQUE (pupil_id, version)
);
CREATE TRIGGER parent_agreement_kept BEFORE UPDATE ON parent_agreement
BEGIN
    SELECT RAISE(ABORT, 'an agreement is kept as it was agreed; review it to make a new version');
END;

-- Who agreed each version: carers and members of staff.
CREATE TABLE parent_agreement_party (
    agreement_id INTEGER NOT NULL REFERENCES parent_agreement(id),
    carer_id     INTEGER REFERENCES carer(id),
    staff_id     INTEGER REFERENCES staff(id),
    CHECK ((carer_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX parent_agreement_party_agreement ON parent_agreement_party(agreement_id);

-- One structured conversation. The event date is when it took place (or is
-- planned); the record's own time stamps are kept separately.
CREATE TABLE conversation (
    id                INTEGER PRIMARY KEY,
    pupil_id          INTEGER NOT NULL REFERENCES pupil(id),
    school_id         INTEGER NOT NULL REFERENCES school(id),
    staff_id          INTEGER REFERENCES staff(id),
    event_date        TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('planned', 'draft', 'complete')),
    pupil_present     INTEGER NOT NULL DEFAULT 0 CHECK (pupil_present IN (0, 1)),
    others_present    TEXT,
    -- Explore: the parent's account, in the parent's words.
    going_well        TEXT,
    concerns          TEXT,
    hopes             TEXT,
    -- Focus: priorities and the area of focus.
    priorities        TEXT,
    focus_area        TEXT,
    agreed_together   INTEGER NOT NULL DEFAULT 0 CHECK (agreed_together IN (0, 1)),
    -- Review: summary, next steps, the next meeting, keeping in touch.
    summary           TEXT,
    next_steps        TEXT,
    next_meeting      TEXT,
    keep_in_touch     TEXT,
    -- The pupil's views, or why they were not sought.
    pupil_views       TEXT,
    views_not_sought  TEXT,
    -- The record shared with the family.
    shared_on         TEXT,
    shared_how        TEXT,
    recorded_by       TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX conversation_pupil ON conversation(pupil_id, event_date);
CREATE INDEX conversation_school ON conversation(school_id, event_date);

-- When each stage of a conversation was first saved, and in which order
-- (seq 1 = first). Fidelity uses it to know that the parent's account came
-- before the focus was set.
CREATE TABLE conversation_stage (
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    stage           TEXT NOT NULL CHECK (stage IN ('explore', 'focus', 'plan', 'review')),
    seq             INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 4),
    first_saved_at  TEXT NOT NULL,
    last_saved_at   TEXT NOT NULL,
    PRIMARY KEY (conversation_id, stage)
) WITHOUT ROWID;

-- The carers invited to a conversation, and whether each came.
CREATE TABLE conversation_carer (
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    carer_id        INTEGER NOT NULL REFERENCES carer(id),
    invited         INTEGER NOT NULL DEFAULT 1 CHECK (invited IN (0, 1)),
    attended        INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
    PRIMARY KEY (conversation_id, carer_id)
) WITHOUT ROWID;

-- Targets agreed in the Plan stage. A target outlives its conversation: its
-- status moves on through reviews (target_review); status here is the latest.
CREATE TABLE target (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    pupil_id        INTEGER NOT NULL REFERENCES pupil(id),
    what            TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 2000),
    owner           TEXT NOT NULL CHECK (owner IN ('school', 'parent', 'pupil')),
    how_we_know     TEXT,
    review_date     TEXT,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                      ('open', 'progressing', 'achieved', 'changed', 'stopped')),
    created_at      TEXT NOT NULL
);
CREATE INDEX target_pupil ON target(pupil_id);
CREATE INDEX target_conversation ON target(conversation_id);

-- Each review of a target: the status it moved to, when, a note, and
-- whether the parent took part. Append-only.
CREATE TABLE target_review (
    id               INTEGER PRIMARY KEY,
    target_id        INTEGER NOT NULL REFERENCES target(id),
    reviewed_on      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN
                       ('open', 'progressing', 'achieved', 'changed', 'stopped')),
    note             TEXT,
    parent_took_part INTEGER NOT NULL CHECK (parent_took_part IN (0, 1)),
    conversation_id  INTEGER REFERENCES conversation(id),
    recorded_by      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL
);
CREATE INDEX target_review_target ON target_review(target_id, reviewed_on);
CREATE TRIGGER target_review_append_only BEFORE UPDATE ON target_review
BEGIN
    SELECT RAISE(ABORT, 'a target review is kept as it was recorded');
END;

-- A parent's or carer's own views ahead of the next conversation. They open
-- that conversation's Explore stage: conversation_id is set when it does.
CREATE TABLE parent_view (
    id              INTEGER PRIMARY KEY,
    pupil_id        INTEGER NOT NULL REFERENCES pupil(id),
    carer_id        INTEGER NOT NULL REFERENCES carer(id),
    given_on        TEXT NOT NULL,
    going_well      TEXT,
    worries         TEXT,
    to_talk_about   TEXT,
    conversation_id INTEGER REFERENCES conversation(id),
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    CHECK (coalesce(going_well, worries, to_talk_about) IS NOT NULL)
);
CREATE INDEX parent_view_pupil ON parent_view(pupil_id, conversation_id);

-- Every contact with a family. Only pupil, method and purpose are required.
CREATE TABLE contact (
    id           INTEGER PRIMARY KEY,
    pupil_id     INTEGER NOT NULL REFERENCES pupil(id),
    school_id    INTEGER NOT NULL REFERENCES school(id),
    contact_date TEXT NOT NULL,
    contact_time TEXT CHECK (contact_time IS NULL OR contact_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    method       TEXT NOT NULL CHECK (method = 'phone' OR method = 'text' OR method = 'email'
                   OR method = 'letter' OR method = 'meeting' OR method = 'home_visit'
                   OR method = 'school_gate' OR method = 'app_message'),
    interpreter  INTEGER NOT NULL DEFAULT 0 CHECK (interpreter = 0 OR interpreter = 1),
    purpose      TEXT NOT NULL CHECK (purpose = 'celebration' OR purpose = 'progress'
                   OR purpose = 'invitation' OR purpose = 'information' OR purpose = 'concern'
                   OR purpose = 'support'),
    started_by   TEXT NOT NULL DEFAULT 'school' CHECK (started_by = 'school' OR started_by = 'family'),
    note         TEXT,
    staff_id     INTEGER REFERENCES staff(id),
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX contact_pupil ON contact(pupil_id, contact_date);
CREATE INDEX contact_school ON contact(school_id, contact_date);

-- The carers a contact was with (none recorded is allowed).
CREATE TABLE contact_carer (
    contact_id INTEGER NOT NULL REFERENCES contact(id),
    carer_id   INTEGER NOT NULL REFERENCES carer(id),
    PRIMARY KEY (contact_id, carer_id)
) WITHOUT ROWID;
