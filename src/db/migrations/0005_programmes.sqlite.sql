-- 0005_programmes.sql: provisions (every intervention, programme or strategy
-- a school runs: its tier, the outcomes it targets, its evidence, staff time,
-- costs, dates and who is enrolled, with their consent), programme templates
-- kept as data (FAST, Story Links, generic ones, and a school's own), and the
-- running of a cohort: the schedule of sessions, the facilitator team,
-- attendance per person, the fidelity checklist of each session, follow-on
-- meetings, Story Links stories and follow-up reading, and quotes given with
-- consent. See docs/programmes.md.
--
-- Dates are ISO text (YYYY-MM-DD); timestamps are ISO UTC text, always
-- written by meso. Money is whole pence.

-- A programme template is a definition in the text format of
-- docs/programmes.md ("format meso-programme 1"), parsed by
-- model/progtemplate.c. school_id NULL is a built-in template, offered to
-- every school; a school adds its own with `meso template add FILE`. A
-- template is never changed once added (a changed programme is a new key),
-- so the cohorts run from it keep the agenda and rules they were run with.
CREATE TABLE programme_template (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER REFERENCES school(id),
    key        TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
    definition TEXT NOT NULL CHECK (length(definition) BETWEEN 1 AND 65536),
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX programme_template_key ON programme_template(coalesce(school_id, 0), key);
CREATE TRIGGER programme_template_kept BEFORE UPDATE ON programme_template
BEGIN
    SELECT RAISE(ABORT, 'a programme template is kept as it was added; add a changed one under a new key');
END;

-- The built-in templates. Facts from ../shared/DOMAIN.md section 4 (FAST:
-- FAST UK's programme description; Story Links: the Story Links programme
-- materials, "Parent Partnership"). Values meso chose where the sources give
-- none are marked "(meso's choice)" in the definition's own comments. No
-- test-retest figures are given for the SDQ (none are verified; see
-- docs/measures.md): reliable change uses the school's own
-- (`meso reliability set`).
INSERT INTO programme_template (school_id, key, definition, added_by, added_at) VALUES
(NULL, 'fast', 'format meso-programme 1
key fast
name FAST (Families and Schools Together)
description Multi-family groups, open to a whole year group and voluntary: eight weekly sessions of food, games and time together, then monthly FASTworks meetings for families who graduate.
source DOMAIN.md section 4: FAST UK programme description
kind group
sessions 8
session-minutes 150
interval-days 7
complete-at 6
complete-word graduated
counts-when both
hub-size 8 10
max-families 40
follow-on 1 24
tier universal
outcome family_relationships
outcome parental_engagement
outcome emotional
outcome conduct
outcome peer
# The SDQ parent form''s total difficulties, before and after (lower is better).
measure sdq-parent-4-17 total lower
agenda 15 Opening: welcome and the FAST song
agenda 45 Family tables: a meal cooked by the host family who won last week''s lottery, with the drawing and feelings games
agenda 60 Parent group, while the children play together
agenda 15 Special play: one-to-one time between each parent and their child
agenda 15 Closing: the lottery and thanks
role parent-partner 1 Parent partner
role school-partner 1 School partner
role community-partner 2 Community partner
role recreation-coordinator 1 Recreation coordinator
invite-title Your family is invited to FAST
invite We would love your family to join us for FAST (Families and Schools Together) at {school}.
invite FAST is eight weekly get-togethers for families. We share a meal, play games and have fun together. Parents get time to chat while the children play, and there is special time for you and {child} too.
invite It is free, food is provided, and brothers and sisters are very welcome.
invite Our first get-together is on {first_date}. All the dates are below. We hope to see you there.
', 'migration', '2026-01-01T00:00:00.000Z'),
(NULL, 'story-links', 'format meso-programme 1
key story-links
name Story Links
description A pupil and their parent write a story with the teacher over ten weekly sessions. The story becomes the child''s own reading book, read at home with the parent and in school with a teaching assistant.
source DOMAIN.md section 4; Story Links programme materials (Parent Partnership)
kind individual
ages 6 11
max-families 1
commitment-session yes
sessions 10
session-minutes 30
writeup-minutes 30
interval-days 7
# Completing: 8 of the 10 sessions (meso''s choice; the materials set none).
complete-at 8
complete-word completed
counts-when both
stories yes
turn-order teacher, pupil, parent, teaching assistant, others
turn-rounds 2 3
reading 2 20
tier indicated
outcome reading
outcome parental_engagement
outcome conduct
outcome emotional
measure sdq-parent-4-17 total lower
agenda 5 A short review with the parent of the week at home and the reading
agenda 20 The story told in turns (teacher, pupil, parent, teaching assistant, others) for two or three rounds; anyone may pass
agenda 5 The story so far read back, at the child''s reading level
agenda 30 The teacher writes up the story (about two A4 pages) for reading at home
role teacher 1 Teacher
role teaching-assistant 1 Teaching assistant
invite-title Come and help with {child}''s reading
invite We would like to invite you to come into school to help with {child}''s reading.
invite Story Links is a chance for you, {child} and {child}''s teacher to make up a story together, a little each week. We write it up, and it becomes {child}''s very own reading book to read at home with you.
invite We meet for half an hour once a week, for ten weeks. First, we would love to meet you to tell you more and answer any questions, on {first_date}.
invite You know {child} best, and your ideas will make the story special.
', 'migration', '2026-01-01T00:00:00.000Z'),
(NULL, 'generic-group', 'format meso-programme 1
key generic-group
name Group programme
description A group programme run by the school: set the sessions and their length when you start it.
source meso (a starting point for a school''s own group)
kind group
sessions 6
session-minutes 60
interval-days 7
complete-at 5
complete-word completed
counts-when child
tier selected
agenda 5 A welcome, and what we will do today
agenda 40 The planned activity
agenda 10 Everyone had a chance to take part
agenda 5 Closing: what went well today
role facilitator 1 Facilitator
invite-title An invitation for {child}
invite We would like to invite {child} to take part in {programme} at {school}.
invite It is a chance to learn and have fun with others, once a week. The first session is on {first_date}, and all the dates are below.
', 'migration', '2026-01-01T00:00:00.000Z'),
(NULL, 'generic-individual', 'format meso-programme 1
key generic-individual
name Individual programme
description One pupil, one adult: set the sessions and their length when you start it.
source meso (a starting point for a school''s own one-to-one work)
kind individual
max-families 1
sessions 6
session-minutes 30
interval-days 7
complete-at 5
complete-word completed
counts-when child
tier indicated
agenda 5 A check-in: how the week has been
agenda 20 The planned activity
agenda 5 What went well, and what is next
role facilitator 1 Facilitator
invite-title An invitation for {child}
invite We would like to invite {child} to take part in {programme} at {school}.
invite It is some special one-to-one time each week. The first session is on {first_date}, and all the dates are below.
', 'migration', '2026-01-01T00:00:00.000Z');

-- Every provision a school runs. A provision run from a template is a
-- programme cohort (template_id set); the provision map (a later issue)
-- reads every provision, run from a template or not.
CREATE TABLE provision (
    id                      INTEGER PRIMARY KEY,
    school_id               INTEGER NOT NULL REFERENCES school(id),
    name                    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    tier                    TEXT NOT NULL CHECK (tier IN ('universal', 'selected', 'indicated')),
    template_id             INTEGER REFERENCES programme_template(id),
    description             TEXT,
    evidence_rating         TEXT CHECK (evidence_rating IS NULL OR evidence_rating IN
                              ('strong', 'moderate', 'promising', 'limited')),
    evidence_reference      TEXT,
    sessions                INTEGER NOT NULL DEFAULT 0 CHECK (sessions BETWEEN 0 AND 200),
    session_minutes         INTEGER NOT NULL DEFAULT 0 CHECK (session_minutes BETWEEN 0 AND 1440),
    complete_at             INTEGER NOT NULL DEFAULT 0 CHECK (complete_at BETWEEN 0 AND 200),
    session_time            TEXT CHECK (session_time IS NULL OR session_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    venue                   TEXT,
    staff_hours_per_session REAL NOT NULL DEFAULT 0 CHECK (staff_hours_per_session BETWEEN 0 AND 1000),
    hourly_rate_pence       INTEGER NOT NULL DEFAULT 0 CHECK (hourly_rate_pence BETWEEN 0 AND 10000000),
    start_date              TEXT NOT NULL,
    end_date                TEXT,
    review_date             TEXT,
    measure_instrument      TEXT,
    measure_score           TEXT,
    created_by              TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX provision_school ON provision(school_id, start_date);

-- The needs and outcomes a provision targets, from the shared list.
CREATE TABLE provision_outcome (
    provision_id INTEGER NOT NULL REFERENCES provision(id),
    outcome      TEXT NOT NULL REFERENCES outcome(code),
    PRIMARY KEY (provision_id, outcome)
) WITHOUT ROWID;

-- Costs other than staff time: one-off (training, materials) or per session
-- (a meal, room hire).
CREATE TABLE provision_cost (
    id           INTEGER PRIMARY KEY,
    provision_id INTEGER NOT NULL REFERENCES provision(id),
    what         TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 200),
    amount_pence INTEGER NOT NULL CHECK (amount_pence BETWEEN 0 AND 100000000),
    per_session  INTEGER NOT NULL DEFAULT 0 CHECK (per_session IN (0, 1)),
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX provision_cost_provision ON provision_cost(provision_id);

-- The facilitator team: members of staff, or others (parent partners and
-- community partners are often not staff), each with a role from the
-- template (or any other).
CREATE TABLE provision_team (
    id           INTEGER PRIMARY KEY,
    provision_id INTEGER NOT NULL REFERENCES provision(id),
    staff_id     INTEGER REFERENCES staff(id),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role         TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 40),
    added_by     TEXT NOT NULL,
    added_at     TEXT NOT NULL
);
CREATE INDEX provision_team_provision ON provision_team(provision_id);
CREATE INDEX provision_team_staff ON provision_team(staff_id);

-- Who is enrolled: a pupil, with the parent or carer who takes part when the
-- family does, and their consent. A family that stops coming keeps its row
-- (left_on), so the report counts it.
CREATE TABLE enrolment (
    id           INTEGER PRIMARY KEY,
    provision_id INTEGER NOT NULL REFERENCES provision(id),
    pupil_id     INTEGER NOT NULL REFERENCES pupil(id),
    carer_id     INTEGER REFERENCES carer(id),
    consent      TEXT NOT NULL DEFAULT 'not_requested' CHECK (consent IN
                   ('not_requested', 'awaiting', 'given', 'declined')),
    consent_on   TEXT,
    hub          INTEGER CHECK (hub IS NULL OR hub BETWEEN 1 AND 99),
    enrolled_on  TEXT NOT NULL,
    left_on      TEXT,
    left_reason  TEXT,
    recorded_by  TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (provision_id, pupil_id)
);
CREATE INDEX enrolment_pupil ON enrolment(pupil_id);

-- The sessions of a cohort: the commitment session (Story Links), the weekly
-- sessions (seq 1..n, dated weekly skipping the school's holidays) and
-- follow-on meetings (FASTworks), each planned, held or cancelled.
CREATE TABLE programme_session (
    id           INTEGER PRIMARY KEY,
    provision_id INTEGER NOT NULL REFERENCES provision(id),
    kind         TEXT NOT NULL CHECK (kind IN ('commitment', 'weekly', 'followon')),
    seq          INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 999),
    session_date TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
    notes        TEXT,
    updated_by   TEXT,
    updated_at   TEXT,
    UNIQUE (provision_id, kind, seq)
);

-- Who came to a session: per enrolled family, the child and the parent.
CREATE TABLE session_attendance (
    session_id   INTEGER NOT NULL REFERENCES programme_session(id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolment(id),
    child        INTEGER NOT NULL CHECK (child IN (0, 1)),
    parent       INTEGER NOT NULL CHECK (parent IN (0, 1)),
    PRIMARY KEY (session_id, enrolment_id)
) WITHOUT ROWID;
CREATE INDEX session_attendance_enrolment ON session_attendance(enrolment_id);

-- The session's fidelity checklist: each agenda item of the template (1 =
-- first), done or not. A session with no rows has no checklist recorded.
CREATE TABLE session_fidelity (
    session_id INTEGER NOT NULL REFERENCES programme_session(id),
    item       INTEGER NOT NULL CHECK (item BETWEEN 1 AND 50),
    done       INTEGER NOT NULL CHECK (done IN (0, 1)),
    PRIMARY KEY (session_id, item)
) WITHOUT ROWID;

-- Story Links: the story written in a session, typed or uploaded.
CREATE TABLE story (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES programme_session(id),
    enrolment_id  INTEGER NOT NULL REFERENCES enrolment(id),
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    coauthors     TEXT,
    body          TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    reading_level TEXT,
    source        TEXT NOT NULL CHECK (source IN ('typed', 'uploaded')),
    filename      TEXT,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (session_id, enrolment_id)
);
CREATE INDEX story_enrolment ON story(enrolment_id);

-- Story Links: the teaching assistant's follow-up reading sessions.
CREATE TABLE reading_session (
    id           INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES enrolment(id),
    read_on      TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    staff_id     INTEGER REFERENCES staff(id),
    story_id     INTEGER REFERENCES story(id),
    notes        TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX reading_session_enrolment ON reading_session(enrolment_id, read_on);

-- What parents, children and staff said about the programme, kept only with
-- their consent to be quoted (consent_on).
CREATE TABLE programme_quote (
    id           INTEGER PRIMARY KEY,
    provision_id INTEGER NOT NULL REFERENCES provision(id),
    speaker      TEXT NOT NULL CHECK (speaker IN ('parent', 'child', 'staff', 'partner')),
    text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    attribution  TEXT,
    consent_on   TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX programme_quote_provision ON programme_quote(provision_id);
