-- 0011_signin_limits.sql: sign-in that cannot be hurried or aimed (issue 17).
--
-- * Two-step codes are counted per account, on their own: a right password
--   never resets the count; only a right code, or a lead or administrator
--   unlocking the account, does (model/access/codelock.c).
-- * Once the count reaches the limit the second step is locked until
--   code_locked_until (a long back-off), or until someone unlocks it.
-- * code_failures_untold: wrong codes the holder has not yet been told of,
--   shown to them after their next sign-in.
-- * login_attempt is looked up by email and address together (the
--   throttle's pair) and by address and success (a school's shared address).
ALTER TABLE account ADD COLUMN code_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account ADD COLUMN code_locked_until TEXT;
ALTER TABLE account ADD COLUMN code_failures_untold INTEGER NOT NULL DEFAULT 0;
CREATE INDEX login_attempt_pair ON login_attempt(email, address, id);
CREATE INDEX login_attempt_address_ok ON login_attempt(address, ok, at);
