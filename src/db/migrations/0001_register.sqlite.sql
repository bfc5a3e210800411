-- 0001_register.sql: schools, staff, pupils and their SEN history, FSM
-- periods, carers and their links to pupils, risk and protective factors,
-- import runs, and the append-only audit trail.
--
-- Dates are ISO text (YYYY-MM-DD); timestamps are ISO UTC text.

CREATE TABLE school (
    id          INTEGER PRIMARY KEY,
    urn         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    la_code     TEXT CHECK (la_code IS NULL OR la_code GLOB '[0-9][0-9][0-9]'),
    phase       TEXT CHECK (phase IS NULL OR phase IN
                  ('nursery', 'primary', 'middle', 'secondary', 'all-through',
                   'special', 'alternative', '16-plus')),
    placeholder INTEGER NOT NULL DEFAULT 0 CHECK (placeholder IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (placeholder = 1 OR urn GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')
);

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES school(id),
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email      TEXT NOT NULL COLLATE NOCASE UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'teacher', 'practitioner')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX staff_school ON staff(school_id);

-- Census codes for primary and secondary need, with their broad area.
CREATE TABLE sen_need (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    area  TEXT NOT NULL
);
INSERT INTO sen_need (code, label, area) VALUES
    ('SPLD', 'Specific learning difficulty', 'cognition and learning'),
    ('MLD',  'Moderate learning difficulty', 'cognition and learning'),
    ('SLD',  'Severe learning difficulty', 'cognition and learning'),
    ('PMLD', 'Profound and multiple learning difficulty', 'cognition and learning'),
    ('SEMH', 'Social, emotional and mental health', 'social, emotional and mental health'),
    ('SLCN', 'Speech, language and communication needs', 'communication and interaction'),
    ('ASD',  'Autistic spectrum disorder', 'communication and interaction'),
    ('HI',   'Hearing impairment', 'sensory and/or physical'),
    ('VI',   'Visual impairment', 'sensory and/or physical'),
    ('MSI',  'Multi-sensory impairment', 'sensory and/or physical'),
    ('PD',   'Physical disability', 'sensory and/or physical'),
    ('OTH',  'Other difficulty or disability', 'other'),
    ('NSA',  'SEN support but no specialist assessment of type of need', 'other');

CREATE TABLE pupil (
    id                 INTEGER PRIMARY KEY,
    school_id          INTEGER NOT NULL REFERENCES school(id),
    upn                TEXT NOT NULL CHECK (length(upn) = 13),
    upn_temporary      INTEGER NOT NULL DEFAULT 0 CHECK (upn_temporary IN (0, 1)),
    former_upn         TEXT,
    legal_surname      TEXT NOT NULL CHECK (length(legal_surname) BETWEEN 1 AND 100),
    legal_forename     TEXT NOT NULL CHECK (length(legal_forename) BETWEEN 1 AND 100),
    preferred_surname  TEXT,
    preferred_forename TEXT,
    dob                TEXT NOT NULL,
    sex                TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    nc_year            TEXT,
    -- GLOB rather than IN (...): SQLite builds a temporary table for an IN
    -- list of three or more on every insert, which slows imports fourfold.
    sen_provision      TEXT NOT NULL DEFAULT 'N' CHECK (sen_provision GLOB '[NKE]'),
    sen_primary_need   TEXT REFERENCES sen_need(code),
    sen_secondary_need TEXT REFERENCES sen_need(code),
    eal                INTEGER CHECK (eal IS NULL OR eal IN (0, 1)),
    first_language     TEXT,
    looked_after       INTEGER NOT NULL DEFAULT 0 CHECK (looked_after IN (0, 1)),
    admission_date     TEXT,
    leaving_date       TEXT,
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (school_id, upn)
);
-- UNIQUE (school_id, upn) also serves every per-school listing; a school's
-- few hundred pupils sort in memory faster than extra indexes cost on import.

-- Every change of SEN provision or need, appended; never updated. A pupil
-- with no rows has had no SEN provision recorded (N).
CREATE TABLE sen_history (
    id             INTEGER PRIMARY KEY,
    pupil_id       INTEGER NOT NULL REFERENCES pupil(id),
    provision      TEXT NOT NULL CHECK (provision GLOB '[NKE]'),
    primary_need   TEXT REFERENCES sen_need(code),
    secondary_need TEXT REFERENCES sen_need(code),
    effective_date TEXT NOT NULL,
    source         TEXT NOT NULL,
    recorded_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX sen_history_pupil ON sen_history(pupil_id, id);
CREATE TRIGGER sen_history_append_only BEFORE UPDATE ON sen_history
BEGIN
    SELECT RAISE(ABORT, 'SEN history is kept as it was recorded and cannot be changed');
END;

-- Free school meals eligibility periods; an open period has no end date.
CREATE TABLE fsm_period (
    id         INTEGER PRIMARY KEY,
    pupil_id   INTEGER NOT NULL REFERENCES pupil(id),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX fsm_period_pupil ON fsm_period(pupil_id);

CREATE TABLE carer (
    id                 INTEGER PRIMARY KEY,
    school_id          INTEGER NOT NULL REFERENCES school(id),
    match_key          TEXT NOT NULL,
    mis_id             TEXT,
    title              TEXT,
    forename           TEXT,
    surname            TEXT NOT NULL CHECK (length(surname) BETWEEN 1 AND 100),
    phone_mobile       TEXT,
    phone_home         TEXT,
    phone_work         TEXT,
    email              TEXT,
    address_line1      TEXT,
    address_line2      TEXT,
    town               TEXT,
    postcode           TEXT,
    preferred_language TEXT,
    preferred_contact  TEXT CHECK (preferred_contact IS NULL OR preferred_contact IN
                         ('phone', 'text', 'email', 'letter', 'app', 'in person')),
    interpreter_needed INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_needed IN (0, 1)),
    access_needs       TEXT,
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (school_id, match_key)
);

CREATE TABLE pupil_carer (
    pupil_id                INTEGER NOT NULL REFERENCES pupil(id),
    carer_id                INTEGER NOT NULL REFERENCES carer(id),
    relationship            TEXT NOT NULL,
    parental_responsibility INTEGER NOT NULL DEFAULT 0 CHECK (parental_responsibility IN (0, 1)),
    lives_with              INTEGER NOT NULL DEFAULT 0 CHECK (lives_with IN (0, 1)),
    contact_priority        INTEGER NOT NULL DEFAULT 1 CHECK (contact_priority BETWEEN 1 AND 99),
    PRIMARY KEY (pupil_id, carer_id)
) WITHOUT ROWID;
CREATE INDEX pupil_carer_carer ON pupil_carer(carer_id);

-- The shared list of needs and outcomes that factors, screening bands and
-- provisions point at (so unmet need can be found by matching codes).
CREATE TABLE outcome (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
INSERT INTO outcome (code, label) VALUES
    ('emotional', 'Emotional wellbeing'),
    ('conduct', 'Behaviour and conduct'),
    ('hyperactivity', 'Attention and activity'),
    ('peer', 'Peer relationships'),
    ('prosocial', 'Kindness and helping others'),
    ('attendance', 'Attendance'),
    ('reading', 'Reading'),
    ('writing', 'Writing'),
    ('maths', 'Maths'),
    ('communication', 'Speech, language and communication'),
    ('family_relationships', 'Family relationships'),
    ('parental_engagement', 'Parents and school working together'),
    ('positive_relationships', 'Positive relationships'),
    ('bullying', 'Feeling safe from bullying'),
    ('participation', 'Taking part in school life'),
    ('physical', 'Physical health and access');

-- Types of risk and protective factor, after the determinants in the
-- integrated model of provision (individual, family, school, community).
CREATE TABLE factor_type (
    code    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('risk', 'protective')),
    source  TEXT NOT NULL CHECK (source IN ('individual', 'family', 'school', 'community')),
    label   TEXT NOT NULL,
    outcome TEXT REFERENCES outcome(code)
);
INSERT INTO factor_type (code, kind, source, label, outcome) VALUES
    ('send', 'risk', 'individual', 'Special educational needs or disability', NULL),
    ('long_term_illness', 'risk', 'individual', 'Long-term illness', 'physical'),
    ('low_self_esteem', 'risk', 'individual', 'Low confidence or self-esteem', 'emotional'),
    ('young_carer', 'risk', 'family', 'Young carer', 'emotional'),
    ('bereavement', 'risk', 'family', 'Bereavement or loss', 'emotional'),
    ('family_stress', 'risk', 'family', 'Family under stress', 'family_relationships'),
    ('parental_illness', 'risk', 'family', 'Parent or carer unwell', 'family_relationships'),
    ('separation', 'risk', 'family', 'Family separation', 'family_relationships'),
    ('financial_hardship', 'risk', 'family', 'Money worries', 'family_relationships'),
    ('housing', 'risk', 'community', 'Housing problems or temporary housing', 'attendance'),
    ('exclusion', 'risk', 'school', 'Suspension or exclusion', 'conduct'),
    ('low_attendance', 'risk', 'school', 'Low attendance', 'attendance'),
    ('bullied', 'risk', 'school', 'Has been bullied', 'bullying'),
    ('school_move', 'risk', 'school', 'Changed school mid-year', 'peer'),
    ('looked_after', 'risk', 'family', 'Looked after', 'emotional'),
    ('community_safety', 'risk', 'community', 'Feels unsafe in the neighbourhood', 'emotional'),
    ('trusted_adult', 'protective', 'school', 'Has a trusted adult in school', 'emotional'),
    ('good_friendships', 'protective', 'individual', 'Has good friendships', 'peer'),
    ('supportive_family', 'protective', 'family', 'Close, supportive family', 'family_relationships'),
    ('engaged_parent', 'protective', 'family', 'Parent involved in learning', 'parental_engagement'),
    ('clubs_activities', 'protective', 'community', 'Takes part in clubs or activities', 'participation'),
    ('enjoys_learning', 'protective', 'individual', 'Enjoys learning', 'participation'),
    ('extended_family', 'protective', 'family', 'Wider family support', 'family_relationships'),
    ('faith_community', 'protective', 'community', 'Part of a faith or cultural community', 'participation');

CREATE TABLE factor (
    id            INTEGER PRIMARY KEY,
    pupil_id      INTEGER NOT NULL REFERENCES pupil(id),
    type          TEXT NOT NULL REFERENCES factor_type(code),
    source        TEXT NOT NULL CHECK (source IN ('individual', 'family', 'school', 'community')),
    identified_on TEXT NOT NULL,
    ended_on      TEXT,
    note          TEXT,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (ended_on IS NULL OR ended_on >= identified_on)
);
CREATE INDEX factor_pupil ON factor(pupil_id);

CREATE TABLE import_run (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    kind        TEXT NOT NULL CHECK (kind IN ('pupils', 'carers')),
    file        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    finished_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The audit trail: who saw or changed which child's record, when and from
-- where. Append-only: updates and deletes are refused by the database.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    pupil_id  INTEGER,
    school_id INTEGER,
    detail    TEXT,
    address   TEXT
);
-- One index, for a child's own trail; ids grow with time, so queries by
-- date or by person scan from the end (see model/audit.c).
CREATE INDEX audit_pupil ON audit(pupil_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;
-- INSERT OR REPLACE deletes without firing DELETE triggers: refuse it too.
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;
