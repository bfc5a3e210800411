-- 0007_mis_import.sql: the MIS export as it comes (issue 11).
--
-- * Parental responsibility may be "not recorded" (NULL): an export that
--   does not say must not make a mother's answer "No".
-- * Registration groups (classes) and the key teacher of a class.
-- * The MIS's own words for census values, as data.
-- * Uploaded files waiting for a lead to confirm them, and the column
--   choices a school made for its exports.

-- Parental responsibility: 1 yes, 0 no, NULL not recorded. Until now a file
-- without the column gave 0, so an existing 0 cannot be told from "not
-- given"; it becomes NULL, which asks staff to confirm it rather than
-- stating a "No" nobody said.
CREATE TABLE pupil_carer_new (
    pupil_id                INTEGER NOT NULL REFERENCES pupil(id),
    carer_id                INTEGER NOT NULL REFERENCES carer(id),
    relationship            TEXT NOT NULL,
    parental_responsibility INTEGER CHECK (parental_responsibility IS NULL
                                           OR parental_responsibility IN (0, 1)),
    lives_with              INTEGER NOT NULL DEFAULT 0 CHECK (lives_with IN (0, 1)),
    contact_priority        INTEGER NOT NULL DEFAULT 1 CHECK (contact_priority BETWEEN 1 AND 99),
    PRIMARY KEY (pupil_id, carer_id)
);
INSERT INTO pupil_carer_new (pupil_id, carer_id, relationship, parental_responsibility,
                             lives_with, contact_priority)
    SELECT pupil_id, carer_id, relationship, nullif(parental_responsibility, 0), lives_with,
           contact_priority
    FROM pupil_carer;
DROP TABLE pupil_carer;
ALTER TABLE pupil_carer_new RENAME TO pupil_carer;
CREATE INDEX pupil_carer_carer ON pupil_carer(carer_id);

-- Finding the same person again by name (model/register/carer.c,
-- carer_save_fields): one lookup a new carer, not a scan of the school's.
CREATE INDEX carer_name ON carer(school_id, lower(surname), lower(forename));

-- A registration group ("Reg", "Registration Form", "Form"), as the MIS
-- names it. A class may have a key teacher: the key teacher of its pupils
-- in conversation scope (model/register/regclass.h says when they follow).
CREATE TABLE reg_group (
    id             INTEGER PRIMARY KEY,
    school_id      INTEGER NOT NULL REFERENCES school(id),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    key_teacher_id INTEGER REFERENCES staff(id),
    UNIQUE (school_id, name)
);
ALTER TABLE pupil ADD COLUMN reg_group_id INTEGER REFERENCES reg_group(id);
-- 1 when the pupil's key teacher came from their class (and follows it);
-- 0 when a lead chose them for this pupil.
ALTER TABLE pupil ADD COLUMN key_teacher_by_class INTEGER NOT NULL DEFAULT 0
    CHECK (key_teacher_by_class IN (0, 1));
CREATE INDEX pupil_reg_group ON pupil(reg_group_id);

-- The words an MIS writes for census values, mapped to their codes. Matched
-- ignoring case, spaces and punctuation ("&" reads as "and"). Sources: DfE
-- school census, SEN type (primary and secondary need) and SEN provision
-- code sets, as SIMS and Arbor show them; the older BESD description (before
-- 2014) reads as SEMH. Correct or add rows here, not in code.
CREATE TABLE mis_name (
    kind TEXT NOT NULL CHECK (kind IN ('need', 'sen')),
    name TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (kind, name)
);
INSERT INTO mis_name (kind, name, code) VALUES
    ('need', 'Specific Learning Difficulty', 'SPLD'),
    ('need', 'Moderate Learning Difficulty', 'MLD'),
    ('need', 'Severe Learning Difficulty', 'SLD'),
    ('need', 'Profound & Multiple Learning Difficulty', 'PMLD'),
    ('need', 'Profound and Multiple Learning Difficulties', 'PMLD'),
    ('need', 'Social, Emotional and Mental Health', 'SEMH'),
    ('need', 'Behaviour, Emotional & Social Difficulty', 'SEMH'),
    ('need', 'Behavioural, Emotional and Social Difficulties', 'SEMH'),
    ('need', 'Speech, Language and Communication Needs', 'SLCN'),
    ('need', 'Speech, Language and Communications Needs', 'SLCN'),
    ('need', 'Autistic Spectrum Disorder', 'ASD'),
    ('need', 'Autistic Spectrum Condition', 'ASD'),
    ('need', 'Autism', 'ASD'),
    ('need', 'Hearing Impairment', 'HI'),
    ('need', 'Visual Impairment', 'VI'),
    ('need', 'Multi-Sensory Impairment', 'MSI'),
    ('need', 'Physical Disability', 'PD'),
    ('need', 'Other Difficulty/Disability', 'OTH'),
    ('need', 'Other Difficulty or Disability', 'OTH'),
    ('need', 'SEN support but no specialist assessment of type of need', 'NSA'),
    ('need', 'No Specialist Assessment', 'NSA'),
    ('sen', 'No Special Educational Need', 'N'),
    ('sen', 'No Special Educational Needs', 'N'),
    ('sen', 'No SEN', 'N'),
    ('sen', 'SEN Support', 'K'),
    ('sen', 'SEN Support - School Action', 'K'),
    ('sen', 'Education, Health and Care Plan', 'E'),
    ('sen', 'EHC Plan', 'E'),
    ('sen', 'Statement of SEN', 'E'),
    ('sen', 'Statement', 'E');

-- The column a school said a header of its export holds (the upload
-- preview's "which column is which"), remembered for the next upload.
-- column_key '' means "not used".
CREATE TABLE import_column_map (
    school_id  INTEGER NOT NULL REFERENCES school(id),
    kind       TEXT NOT NULL CHECK (kind IN ('pupils', 'carers')),
    header_key TEXT NOT NULL CHECK (length(header_key) BETWEEN 1 AND 64),
    column_key TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL,
    PRIMARY KEY (school_id, kind, header_key)
);

-- A file uploaded in the browser, kept (as UTF-8 text) only until the lead
-- confirms or abandons it; nothing in it reaches the register before that.
CREATE TABLE import_upload (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES school(id),
    account_id  INTEGER NOT NULL REFERENCES account(id),
    kind        TEXT NOT NULL CHECK (kind IN ('pupils', 'carers')),
    filename    TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
    content     TEXT,
    converted   INTEGER NOT NULL DEFAULT 0 CHECK (converted IN (0, 1)),
    uploaded_at TEXT NOT NULL,
    imported_at TEXT,
    summary     TEXT
);
CREATE INDEX import_upload_school ON import_upload(school_id, id);
