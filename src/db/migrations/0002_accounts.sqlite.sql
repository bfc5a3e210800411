-- 0002_accounts.sql: sign-in accounts for staff and parents, their roles,
-- sessions, sign-in attempts (for throttling), second-factor recovery codes,
-- API tokens, invitations for parents, key teachers and family workers.
--
-- No secret is stored in a form that can be used as it is: passwords as
-- argon2id strings, tokens and codes as BLAKE2b-256 hex of their text. The
-- one exception is account.totp_secret, which TOTP needs in the clear to
-- check codes: it is shown once at enrolment, never logged, never shown again.
--
-- Timestamps are ISO UTC text with milliseconds, always written by meso (not
-- by column defaults), so they compare correctly as text.

CREATE TABLE account (
    id                  INTEGER PRIMARY KEY,
    email               TEXT NOT NULL COLLATE NOCASE UNIQUE
                          CHECK (length(email) BETWEEN 3 AND 254),
    display_name        TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    kind                TEXT NOT NULL CHECK (kind IN ('staff', 'parent')),
    school_id           INTEGER NOT NULL REFERENCES school(id),
    staff_id            INTEGER UNIQUE REFERENCES staff(id),
    carer_id            INTEGER UNIQUE REFERENCES carer(id),
    password_hash       TEXT,    -- argon2id (crypto_pwhash_str); NULL until set
    totp_secret         TEXT,    -- SENSITIVE: base32; set at enrolment
    totp_enabled        INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
    totp_last_step      INTEGER, -- the last time step accepted, so no code works twice
    -- Demo accounts only: admin and lead accounts are not made to enrol in
    -- two-factor sign-in. Set by `meso demo`; nothing else sets it.
    totp_exempt         INTEGER NOT NULL DEFAULT 0 CHECK (totp_exempt IN (0, 1)),
    disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at          TEXT NOT NULL,
    password_changed_at TEXT,
    CHECK ((kind = 'staff' AND staff_id IS NOT NULL AND carer_id IS NULL)
        OR (kind = 'parent' AND carer_id IS NOT NULL AND staff_id IS NULL)),
    CHECK (totp_enabled = 0 OR totp_secret IS NOT NULL)
);
CREATE INDEX account_school ON account(school_id);

-- A staff account's roles (several allowed, e.g. admin and lead). Parents
-- have none: their account's kind says what they are.
CREATE TABLE account_role (
    account_id INTEGER NOT NULL REFERENCES account(id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'teacher', 'practitioner')),
    PRIMARY KEY (account_id, role)
) WITHOUT ROWID;

-- A signed-in browser. The token lives only in the browser's cookie; this
-- row has its hash. A session exists after the password step and is full
-- only once second_factor_done (when the account needs a second factor).
CREATE TABLE session (
    id                 INTEGER PRIMARY KEY,
    token_hash         TEXT NOT NULL UNIQUE,
    account_id         INTEGER NOT NULL REFERENCES account(id),
    created_at         TEXT NOT NULL,
    last_seen_at       TEXT NOT NULL,
    expires_at         TEXT NOT NULL, -- absolute: no activity extends it
    address            TEXT,
    user_agent         TEXT CHECK (user_agent IS NULL OR length(user_agent) <= 200),
    revoked            INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    second_factor_done INTEGER NOT NULL DEFAULT 0 CHECK (second_factor_done IN (0, 1)),
    csrf_secret        TEXT NOT NULL  -- 32 random bytes, hex; CSRF tokens derive from it
);
CREATE INDEX session_account ON session(account_id);

-- Sign-in attempts, for throttling (model/throttle.c). Kept for a day.
CREATE TABLE login_attempt (
    id      INTEGER PRIMARY KEY,
    email   TEXT NOT NULL, -- trimmed, lower case; recorded whether or not an account has it
    address TEXT NOT NULL,
    at      TEXT NOT NULL,
    ok      INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX login_attempt_email ON login_attempt(email, at);
CREATE INDEX login_attempt_address ON login_attempt(address, at);
CREATE INDEX login_attempt_at ON login_attempt(at);

-- Single-use codes for when the authenticator is lost; shown once.
CREATE TABLE recovery_code (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    code_hash  TEXT NOT NULL,
    used_at    TEXT,
    UNIQUE (account_id, code_hash)
);

-- Tokens for programs (an MIS sync, a report), each for one school.
CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    token_hash   TEXT NOT NULL UNIQUE,
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    school_id    INTEGER NOT NULL REFERENCES school(id),
    created_by   TEXT NOT NULL, -- the actor, as in the audit trail
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
-- A name is unique among tokens in use; revoked ones stay for the record.
CREATE UNIQUE INDEX api_token_live_name ON api_token(name) WHERE revoked = 0;

-- A one-time code a lead gives one carer so they can make their account.
CREATE TABLE parent_invite (
    id         INTEGER PRIMARY KEY,
    code_hash  TEXT NOT NULL UNIQUE,
    carer_id   INTEGER NOT NULL REFERENCES carer(id),
    pupil_id   INTEGER REFERENCES pupil(id), -- the child it was made for
    school_id  INTEGER NOT NULL REFERENCES school(id),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    account_id INTEGER REFERENCES account(id),
    CHECK ((used_at IS NULL) = (account_id IS NULL))
);
CREATE INDEX parent_invite_carer ON parent_invite(carer_id);

-- Each child's key teacher (a teacher or lead at the same school). Partial
-- index: an import, which never sets it, does not pay for it.
ALTER TABLE pupil ADD COLUMN key_teacher_id INTEGER REFERENCES staff(id);
CREATE INDEX pupil_key_teacher ON pupil(key_teacher_id) WHERE key_teacher_id IS NOT NULL;

-- Practitioners assigned to work with a child's family.
CREATE TABLE family_worker (
    pupil_id    INTEGER NOT NULL REFERENCES pupil(id),
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    assigned_at TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    PRIMARY KEY (pupil_id, staff_id)
) WITHOUT ROWID;
CREATE INDEX family_worker_staff ON family_worker(staff_id);
