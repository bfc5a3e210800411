-- 0004_measures.sql: wellbeing measures (Achievement for All, strand 1:
-- assessment, tracking and intervention) and the other outcomes the AfA
-- evaluation tracked: attainment, attendance, suspensions and exclusions,
-- bullying, and positive relationships.
--
-- Dates are ISO text (YYYY-MM-DD); timestamps are ISO UTC text. A school
-- year is named by the calendar year in which it begins (2024 = 2024-25), as
-- in model/schoolyear.h. No item wording of any questionnaire is stored:
-- responses are kept by item number.

-- A school's own measures, kept as the definition files were given
-- (docs/measures.md), so that every stored score can be traced to the exact
-- rules that produced it. A new version is a new row; rows are never changed.
CREATE TABLE measure_definition (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES school(id),
    key        TEXT NOT NULL,
    version    TEXT NOT NULL,
    title      TEXT NOT NULL,
    definition TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    UNIQUE (school_id, key, version)
);
CREATE TRIGGER measure_definition_kept BEFORE UPDATE ON measure_definition
BEGIN
    SELECT RAISE(ABORT, 'a measure definition is kept as it was added; add a new version');
END;

-- Test-retest reliability and standard deviation for the reliable change
-- index, per measure and score, with where they come from. meso ships no
-- figures for the built-in measures (DOMAIN.md gives none); a school sets
-- them (`meso reliability set`), and these take precedence over a
-- definition file's [reliability] section.
CREATE TABLE measure_reliability (
    school_id  INTEGER NOT NULL REFERENCES school(id),
    instrument TEXT NOT NULL,
    score      TEXT NOT NULL,
    retest_r   REAL NOT NULL CHECK (retest_r >= 0 AND retest_r < 1),
    sd         REAL NOT NULL CHECK (sd > 0),
    source     TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL,
    PRIMARY KEY (school_id, instrument, score)
) WITHOUT ROWID;

-- Which outcome (0001's shared list) each screening score bears on, so that
-- the provision map can find unmet need by matching codes. Data, not code.
CREATE TABLE score_outcome (
    instrument TEXT NOT NULL,
    score      TEXT NOT NULL,
    outcome    TEXT NOT NULL REFERENCES outcome(code),
    PRIMARY KEY (instrument, score)
) WITHOUT ROWID;
INSERT INTO score_outcome (instrument, score, outcome)
SELECT f.key, s.score, s.score
FROM (SELECT 'sdq-parent-4-17' AS key UNION ALL SELECT 'sdq-teacher-4-17'
      UNION ALL SELECT 'sdq-self-11-17' UNION ALL SELECT 'sdq-parent-2-4'
      UNION ALL SELECT 'sdq-teacher-2-4') f,
     (SELECT 'emotional' AS score UNION ALL SELECT 'conduct' UNION ALL SELECT 'hyperactivity'
      UNION ALL SELECT 'peer' UNION ALL SELECT 'prosocial') s;
INSERT INTO score_outcome (instrument, score, outcome) VALUES
    ('mmf', 'emotional', 'emotional'),
    ('mmf', 'behavioural', 'conduct');

-- One completed questionnaire. The scores and bands below were computed by
-- the definition `instrument` at `version` and are stored with it; they are
-- never recomputed when a definition changes.
CREATE TABLE assessment (
    id           INTEGER PRIMARY KEY,
    pupil_id     INTEGER NOT NULL REFERENCES pupil(id),
    instrument   TEXT NOT NULL,
    version      TEXT NOT NULL,
    informant    TEXT NOT NULL CHECK (length(informant) BETWEEN 1 AND 40),
    completed_by TEXT NOT NULL DEFAULT '' CHECK (length(completed_by) <= 100),
    assessed_on  TEXT NOT NULL,
    age_years    INTEGER NOT NULL CHECK (age_years BETWEEN 0 AND 150),
    -- Item codes in item order, comma-separated, empty when missing.
    responses    TEXT NOT NULL,
    -- The impact supplement's raw codes in order, or NULL when not collected.
    impact       TEXT,
    source       TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    UNIQUE (pupil_id, instrument, informant, completed_by, assessed_on)
);

-- Its scores, in the definition's order; value NULL when missing.
CREATE TABLE assessment_score (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id),
    seq           INTEGER NOT NULL,
    score         TEXT NOT NULL,
    value         INTEGER,
    banded        INTEGER NOT NULL CHECK (banded IN (0, 1)),
    PRIMARY KEY (assessment_id, score)
) WITHOUT ROWID;

-- Its bands under each scheme. level is the band's place in its table,
-- from 0 (for the SDQ: 0 close to average, 1 slightly raised or lowered, 2
-- high or low, 3 very high or very low); band and level are NULL when the
-- scheme has no band for the score.
CREATE TABLE assessment_band (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id),
    scheme        TEXT NOT NULL,
    score         TEXT NOT NULL,
    band          TEXT,
    level         INTEGER,
    PRIMARY KEY (assessment_id, scheme, score)
) WITHOUT ROWID;

-- Screening bands by outcome, for the provision map's unmet need: a band at
-- level 2 or above (high or very high) on a child's latest assessment.
CREATE VIEW screening_need AS
SELECT a.pupil_id, a.id AS assessment_id, a.assessed_on, a.instrument, a.informant,
       b.scheme, b.score, so.outcome, b.band, b.level
FROM assessment a
JOIN assessment_band b ON b.assessment_id = a.id
JOIN score_outcome so ON so.instrument = a.instrument AND so.score = b.score;

-- Attainment: a result (a score or a level, as the school records it) and
-- the target, per subject and term.
CREATE TABLE attainment (
    id          INTEGER PRIMARY KEY,
    pupil_id    INTEGER NOT NULL REFERENCES pupil(id),
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    term        TEXT NOT NULL CHECK (term IN ('autumn', 'spring', 'summer')),
    subject     TEXT NOT NULL COLLATE NOCASE CHECK (length(subject) BETWEEN 1 AND 60),
    outcome     TEXT REFERENCES outcome(code),
    result      TEXT NOT NULL CHECK (length(result) BETWEEN 1 AND 40),
    target      TEXT CHECK (target IS NULL OR length(target) BETWEEN 1 AND 40),
    source      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (pupil_id, year, term, subject)
);

-- Attendance per term: the percentage of possible sessions attended, and
-- the sessions themselves when the school gave them.
CREATE TABLE attendance (
    id                INTEGER PRIMARY KEY,
    pupil_id          INTEGER NOT NULL REFERENCES pupil(id),
    year              INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    term              TEXT NOT NULL CHECK (term IN ('autumn', 'spring', 'summer')),
    percent           REAL NOT NULL CHECK (percent >= 0 AND percent <= 100),
    sessions_possible INTEGER CHECK (sessions_possible IS NULL OR sessions_possible >= 0),
    sessions_attended INTEGER CHECK (sessions_attended IS NULL OR sessions_attended >= 0),
    source            TEXT NOT NULL,
    recorded_by       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    UNIQUE (pupil_id, year, term)
);

-- Suspensions and exclusions, as the school census records them (DOMAIN.md
-- section 5): the category, the sessions (half days) and up to three reason
-- codes. The census category codes and the reason codes are TO VERIFY against
-- the DfE's current code sets; they are kept here as data so that they can be
-- corrected without a new meso.
CREATE TABLE exclusion_category (
    code   TEXT PRIMARY KEY,
    census TEXT NOT NULL UNIQUE,
    label  TEXT NOT NULL
);
INSERT INTO exclusion_category (code, census, label) VALUES
    ('suspension', 'FIXD', 'Suspension (formerly fixed-period exclusion)'),
    ('permanent', 'PERM', 'Permanent exclusion');

-- Labels are given only where they are not in doubt; the others are NULL
-- (shown as the code alone) until verified.
CREATE TABLE exclusion_reason (
    code     TEXT PRIMARY KEY CHECK (length(code) = 2),
    label    TEXT,
    verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1))
);
INSERT INTO exclusion_reason (code, label) VALUES
    ('PP', 'Physical assault against a pupil'),
    ('PA', 'Physical assault against an adult'),
    ('VP', 'Verbal abuse or threatening behaviour against a pupil'),
    ('VA', 'Verbal abuse or threatening behaviour against an adult'),
    ('OW', 'Use or threat of use of an offensive weapon or prohibited item'),
    ('BU', 'Bullying'),
    ('RA', 'Racist abuse'),
    ('LG', 'Abuse against sexual orientation or gender identity'),
    ('DS', 'Abuse relating to disability'),
    ('SM', 'Sexual misconduct'),
    ('DR', 'Drug and alcohol related'),
    ('DM', 'Damage to property'),
    ('TH', 'Theft'),
    ('LD', NULL),
    ('CB', NULL),
    ('MT', NULL),
    ('MP', NULL),
    ('OS', NULL);

CREATE TABLE exclusion (
    id          INTEGER PRIMARY KEY,
    pupil_id    INTEGER NOT NULL REFERENCES pupil(id),
    category    TEXT NOT NULL REFERENCES exclusion_category(code),
    start_date  TEXT NOT NULL,
    sessions    INTEGER CHECK (sessions IS NULL OR sessions BETWEEN 1 AND 999),
    reason1     TEXT NOT NULL REFERENCES exclusion_reason(code),
    reason2     TEXT REFERENCES exclusion_reason(code),
    reason3     TEXT REFERENCES exclusion_reason(code),
    source      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CHECK (category <> 'suspension' OR sessions IS NOT NULL),
    UNIQUE (pupil_id, start_date, category)
);

-- Bullying incidents, recorded against the child who was affected (never
-- the child who did it: that child's record is not this child's).
CREATE TABLE bullying_type (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
INSERT INTO bullying_type (code, label) VALUES
    ('physical', 'Physical'),
    ('verbal', 'Verbal'),
    ('social', 'Leaving out or spreading stories'),
    ('online', 'Online'),
    ('prejudice', 'Prejudice-related'),
    ('other', 'Other');

CREATE TABLE bullying_incident (
    id          INTEGER PRIMARY KEY,
    pupil_id    INTEGER NOT NULL REFERENCES pupil(id),
    occurred_on TEXT NOT NULL,
    type        TEXT NOT NULL REFERENCES bullying_type(code),
    reference   TEXT NOT NULL DEFAULT '' CHECK (length(reference) <= 40),
    source      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (pupil_id, occurred_on, type, reference)
);

-- A rating of the child's positive relationships, 1 to 5 (model/outcomes.h
-- gives the words for each), by a teacher, a parent or the pupil.
CREATE TABLE relationship_rating (
    id          INTEGER PRIMARY KEY,
    pupil_id    INTEGER NOT NULL REFERENCES pupil(id),
    rated_on    TEXT NOT NULL,
    rater       TEXT NOT NULL CHECK (rater IN ('teacher', 'parent', 'pupil')),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    source      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (pupil_id, rated_on, rater)
);

-- Each import of assessments or outcomes (the register's import_run is for
-- pupils and carers).
CREATE TABLE measure_import_run (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    kind        TEXT NOT NULL CHECK (kind IN ('assessments', 'attainment', 'attendance',
                                              'exclusions', 'bullying', 'relationships')),
    file        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    finished_at TEXT NOT NULL
);
