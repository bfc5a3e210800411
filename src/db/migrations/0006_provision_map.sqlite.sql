-- 0006_provision_map.sql: the integrated provision map (docs/provision-map.md):
-- frameworks kept as data (Achievement for All, KidsMatter, TaMHS and a
-- school's own), the frameworks each school has chosen, each provision's
-- place on their components, reviews of each pupil's outcome in a
-- provision, and the involvement of services outside the school, with the
-- local timescales they are expected to keep.
--
-- Dates are ISO text (YYYY-MM-DD); timestamps are ISO UTC text, always
-- written by meso.

-- A framework a school follows: a list of components that provision maps
-- onto. school_id NULL is a built-in framework, offered to every school; a
-- school adds its own from the text format of docs/provision-map.md ("meso-framework
-- 1"), parsed by model/framework.c. Keys are lower case letters, digits and
-- hyphens.
CREATE TABLE framework (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER REFERENCES school(id),
    key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40 AND key NOT GLOB '*[^a-z0-9-]*'),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT CHECK (description IS NULL OR length(description) <= 2000),
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX framework_key ON framework(coalesce(school_id, 0), key);

-- Its components, in order (position 1 first).
CREATE TABLE framework_component (
    id           INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES framework(id),
    key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40 AND key NOT GLOB '*[^a-z0-9-]*'),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    position     INTEGER NOT NULL CHECK (position BETWEEN 1 AND 50),
    UNIQUE (framework_id, key),
    UNIQUE (framework_id, position)
);

-- A framework, once added, is kept as it was: provisions are mapped to its
-- components. A changed framework is added under a new key.
CREATE TRIGGER framework_kept BEFORE UPDATE ON framework
BEGIN
    SELECT RAISE(ABORT, 'a framework is kept as it was added; add a changed one under a new key');
END;
CREATE TRIGGER framework_component_kept BEFORE UPDATE ON framework_component
BEGIN
    SELECT RAISE(ABORT, 'a framework is kept as it was added; add a changed one under a new key');
END;

-- The built-in frameworks, from ../shared/DOMAIN.md section 1.
INSERT INTO framework (id, school_id, key, name, description, added_by, added_at) VALUES
    (1, NULL, 'afa', 'Achievement for All',
     'Three strands: assessment, tracking and intervention; structured conversations with parents; provision for wider outcomes.',
     'migration', '2026-01-01T00:00:00.000Z'),
    (2, NULL, 'kidsmatter', 'KidsMatter',
     'Four components: a positive school community; social and emotional learning; working with parents and carers; helping children with mental health difficulties.',
     'migration', '2026-01-01T00:00:00.000Z'),
    (3, NULL, 'tamhs', 'TaMHS (Targeted Mental Health in Schools)',
     'Support focused on the child, on parents and on staff.',
     'migration', '2026-01-01T00:00:00.000Z');
INSERT INTO framework_component (framework_id, key, name, position) VALUES
    (1, 'assessment', 'Assessment, tracking and intervention', 1),
    (1, 'conversations', 'Structured conversations with parents', 2),
    (1, 'wider-outcomes', 'Provision for wider outcomes', 3),
    (2, 'community', 'A positive school community', 1),
    (2, 'sel', 'Social and emotional learning', 2),
    (2, 'parents', 'Working with parents and carers', 3),
    (2, 'mental-health', 'Helping children with mental health difficulties', 4),
    (3, 'child', 'Child-focused support', 1),
    (3, 'parent', 'Parent-focused support', 2),
    (3, 'staff', 'Staff-focused support', 3);

-- The frameworks a school has chosen to map its provision onto (one or
-- more); the map shows the components of these.
CREATE TABLE school_framework (
    school_id    INTEGER NOT NULL REFERENCES school(id),
    framework_id INTEGER NOT NULL REFERENCES framework(id),
    chosen_by    TEXT NOT NULL,
    chosen_at    TEXT NOT NULL,
    PRIMARY KEY (school_id, framework_id)
) WITHOUT ROWID;

-- Where each provision sits on the chosen frameworks: one row per
-- component it serves.
CREATE TABLE provision_component (
    provision_id INTEGER NOT NULL REFERENCES provision(id),
    component_id INTEGER NOT NULL REFERENCES framework_component(id),
    PRIMARY KEY (provision_id, component_id)
) WITHOUT ROWID;
CREATE INDEX provision_component_component ON provision_component(component_id);

-- A review of one pupil's outcome in a provision, scored from -2 (much less
-- than expected) through 0 (as expected) to +2 (much more than expected),
-- with a note and who reviewed it. A pupil may be reviewed more than once;
-- the latest counts in the report. Reviews are never changed: a new review
-- is added.
CREATE TABLE provision_review (
    id           INTEGER PRIMARY KEY,
    provision_id INTEGER NOT NULL REFERENCES provision(id),
    pupil_id     INTEGER NOT NULL REFERENCES pupil(id),
    reviewed_on  TEXT NOT NULL CHECK (reviewed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    score        INTEGER NOT NULL CHECK (score BETWEEN -2 AND 2),
    note         TEXT CHECK (note IS NULL OR length(note) <= 4000),
    reviewer_id  INTEGER REFERENCES staff(id),
    reviewer     TEXT NOT NULL CHECK (length(reviewer) BETWEEN 1 AND 200),
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX provision_review_provision ON provision_review(provision_id, pupil_id, reviewed_on);
CREATE INDEX provision_review_pupil ON provision_review(pupil_id);
CREATE TRIGGER provision_review_kept BEFORE UPDATE ON provision_review
BEGIN
    SELECT RAISE(ABORT, 'a review is kept as it was recorded; add a new review');
END;

-- Services outside the school a pupil may be referred to. default_days is
-- the time meso starts with for the advice to arrive, counted in calendar
-- days from the referral: a local setting, not a national standard. Each
-- school sets its own (`meso involvement timescale SERVICE DAYS`), as
-- agreed with its local services; the defaults are meso's choice.
CREATE TABLE external_service (
    code         TEXT PRIMARY KEY,
    label        TEXT NOT NULL,
    position     INTEGER NOT NULL,
    default_days INTEGER NOT NULL CHECK (default_days BETWEEN 1 AND 730)
);
INSERT INTO external_service (code, label, position, default_days) VALUES
    ('educational_psychology', 'Educational psychology', 1, 42),
    ('camhs', 'CAMHS (children and young people''s mental health services)', 2, 84),
    ('social_care', 'Children''s social care', 3, 45),
    ('speech_language_therapy', 'Speech and language therapy', 4, 84),
    ('early_help', 'Early help', 5, 28),
    ('other', 'Another service', 6, 42);

-- A school's own timescale for a service, replacing the default.
CREATE TABLE involvement_timescale (
    school_id INTEGER NOT NULL REFERENCES school(id),
    service   TEXT NOT NULL REFERENCES external_service(code),
    days      INTEGER NOT NULL CHECK (days BETWEEN 1 AND 730),
    set_by    TEXT NOT NULL,
    set_at    TEXT NOT NULL,
    PRIMARY KEY (school_id, service)
) WITHOUT ROWID;

-- The involvement of an outside service with a pupil: the referral (when,
-- and what the school asked), where it has got to (status, since
-- status_on), and the advice received. The history of status changes is in
-- involvement_status.
CREATE TABLE involvement (
    id           INTEGER PRIMARY KEY,
    pupil_id     INTEGER NOT NULL REFERENCES pupil(id),
    service      TEXT NOT NULL REFERENCES external_service(code),
    service_name TEXT CHECK (service_name IS NULL OR length(service_name) BETWEEN 1 AND 200),
    referred_on  TEXT NOT NULL CHECK (referred_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    asked        TEXT NOT NULL CHECK (length(asked) BETWEEN 1 AND 4000),
    status       TEXT NOT NULL DEFAULT 'referred' CHECK (status IN
                   ('referred', 'accepted', 'seen', 'advice_received', 'closed', 'declined')),
    status_on    TEXT NOT NULL,
    advice       TEXT CHECK (advice IS NULL OR length(advice) BETWEEN 1 AND 8000),
    advice_on    TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (status_on >= referred_on),
    CHECK (advice_on IS NULL OR advice_on >= referred_on)
);
CREATE INDEX involvement_pupil ON involvement(pupil_id);

-- Every status an involvement has had, appended (the first row is the
-- referral).
CREATE TABLE involvement_status (
    id             INTEGER PRIMARY KEY,
    involvement_id INTEGER NOT NULL REFERENCES involvement(id),
    status         TEXT NOT NULL CHECK (status IN
                     ('referred', 'accepted', 'seen', 'advice_received', 'closed', 'declined')),
    status_on      TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL
);
CREATE INDEX involvement_status_involvement ON involvement_status(involvement_id);
