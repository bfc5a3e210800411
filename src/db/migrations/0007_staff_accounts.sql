-- 0007_staff_accounts.sql: joining codes for staff, and a lead's approval
-- before anyone becomes a lead (issue 11: separation of duties).
--
-- An administrator manages accounts but sees no child's record. So that an
-- administrator cannot make a lead account (or give an account the lead
-- role) and use it, a lead role takes effect only when an existing lead
-- approves it (lead_request), and a new member of staff makes their own
-- password with a one-time joining code (staff_invite) that the
-- administrator never turns into a password.

-- A one-time code for a member of staff whose account has no password yet.
-- Stored as BLAKE2b-256 hex of its text, like parent_invite; a new code for
-- the same account replaces an unused one.
CREATE TABLE staff_invite (
    id         INTEGER PRIMARY KEY,
    code_hash  TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES account(id),
    school_id  INTEGER NOT NULL REFERENCES school(id),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX staff_invite_account ON staff_invite(account_id);

-- A request to make someone a lead: a new account (account_id NULL until a
-- lead approves; the account is made then, with these details) or the lead
-- role for an existing account. One request waits per email at a time.
CREATE TABLE lead_request (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES school(id),
    account_id   INTEGER REFERENCES account(id),
    email        TEXT NOT NULL COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    other_roles  TEXT NOT NULL DEFAULT '', -- roles asked for beside lead ("teacher")
    requested_by TEXT NOT NULL,           -- the actor, as in the audit trail
    requested_at TEXT NOT NULL,
    decision     TEXT CHECK (decision IS NULL OR decision = 'approved' OR decision = 'refused'),
    decided_by   TEXT,
    decided_at   TEXT,
    CHECK ((decision IS NULL) = (decided_at IS NULL)),
    CHECK ((decision IS NULL) = (decided_by IS NULL))
);
CREATE UNIQUE INDEX lead_request_waiting ON lead_request(email) WHERE decision IS NULL;
CREATE INDEX lead_request_school ON lead_request(school_id);
