-- 0020_parent_survey.sql: a parent's voice (issue 18, part 4): a short
-- survey of how families experience working with the school, in meso's own
-- five statements (model/surveys/survey.h), answered 1 (no) to 4 (yes).
--
-- survey_round: a school sends the survey once or twice a year; a round is
-- open from opens_on to closes_on (inclusive).
-- survey_code: a short code printed on a paper slip, one per child's family
-- in a round, stored hashed, used once (entered at /survey, throttled by
-- address like /join).
-- survey_response: one family's answers (a1..a5, NULL when skipped) and the
-- score (0-100, NULL with fewer than 3 answers). It is kept with the child so
-- the evaluation can take it as an outcome (docs/evaluation.md); results are
-- shown only as counts of 5 or more (stats/suppress.h). One per carer and
-- child in a round through the portal (answering again replaces it); one per
-- code on paper (carer_id NULL).
CREATE TABLE survey_round (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES school(id),
    name       TEXT NOT NULL,
    opens_on   TEXT NOT NULL,
    closes_on  TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX survey_round_school ON survey_round(school_id, opens_on);

CREATE TABLE survey_code (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES survey_round(id),
    pupil_id  INTEGER NOT NULL REFERENCES pupil(id),
    code_hash TEXT NOT NULL UNIQUE,
    used_at   TEXT
);
CREATE INDEX survey_code_round ON survey_code(round_id, pupil_id);

CREATE TABLE survey_response (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES survey_round(id),
    school_id   INTEGER NOT NULL REFERENCES school(id),
    pupil_id    INTEGER NOT NULL REFERENCES pupil(id),
    carer_id    INTEGER REFERENCES carer(id),
    via         TEXT NOT NULL CHECK (via = 'portal' OR via = 'paper'),
    a1          INTEGER CHECK (a1 IS NULL OR (a1 >= 1 AND a1 <= 4)),
    a2          INTEGER CHECK (a2 IS NULL OR (a2 >= 1 AND a2 <= 4)),
    a3          INTEGER CHECK (a3 IS NULL OR (a3 >= 1 AND a3 <= 4)),
    a4          INTEGER CHECK (a4 IS NULL OR (a4 >= 1 AND a4 <= 4)),
    a5          INTEGER CHECK (a5 IS NULL OR (a5 >= 1 AND a5 <= 4)),
    score       DOUBLE PRECISION,
    answered_at TEXT NOT NULL
);
CREATE UNIQUE INDEX survey_response_carer ON survey_response(round_id, pupil_id, carer_id);
CREATE INDEX survey_response_school ON survey_response(school_id, answered_at);
