#!/usr/bin/env bash
# Sign-in accounts, API tokens, parent invitations, key teachers and family
# workers through the command line; secrets shown once and never stored.
source "$(dirname "$0")/lib.sh"

run init --school-urn 123456 --school-name "Hillside Primary"

case_ "user add with the password on standard input"
OUT=$(echo "correct horse battery staple" | "$MESO" user add Priya.Nair@Hillside.example.org --role teacher 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
expect_rc 0; expect_out "Added a sign-in account for Priya Nair <priya.nair@hillside.example.org> (teacher)"
expect_out "taken from standard input"
expect_sql "SELECT count(*) FROM account WHERE password_hash LIKE '\$argon2id\$%'" 1
expect_sql "SELECT name || '|' || role FROM staff WHERE email = 'priya.nair@hillside.example.org'" "Priya Nair|teacher"
sqlite3 -readonly "$MESO_DB" .dump | grep -q "horse" && fail "the password is in the database"

case_ "user add with a generated password, shown once"
run user add helen@hillside.example.org --role admin,lead --name "Helen Price" --generate
expect_rc 0; expect_out "(admin,lead)"; expect_out "shown only now"; expect_out "two-factor sign-in"
PW=$(sed -n 's/^Password: //p' <<<"$OUT")
[[ "$PW" =~ ^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$ ]] || fail "generated password looks wrong: '$PW'"
sqlite3 -readonly "$MESO_DB" .dump | grep -qF "$PW" && fail "the generated password is in the database"
expect_sql "SELECT role FROM staff WHERE email = 'helen@hillside.example.org'" "lead"
expect_sql "SELECT group_concat(role) FROM (SELECT role FROM account_role r JOIN account a ON a.id = r.account_id WHERE a.email = 'helen@hillside.example.org' ORDER BY role) r" "admin,lead"
run user list; expect_rc 0; [ "$(grep -c "$PW" <<<"$OUT")" -eq 0 ] || fail "list shows the password"

case_ "user add refuses bad input and writes nothing"
before=$(sql "SELECT count(*) FROM account")
OUT=$(echo "password1234" | "$MESO" user add weak@hillside.example.org --role teacher 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
expect_rc 2; expect_err "password: this is one of the passwords people use most"
OUT=$(echo "short" | "$MESO" user add weak@hillside.example.org --role teacher 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
expect_rc 2; expect_err "at least 12 characters"
OUT=$("$MESO" user add weak@hillside.example.org --role teacher </dev/null 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
expect_rc 2; expect_err "no password on standard input"
run user add weak@hillside.example.org --generate; expect_rc 1; expect_err "needs --role"
run user add weak@hillside.example.org --role wizard --generate; expect_rc 2; expect_err "--role: 'wizard' is not a role"
run user add not-an-email --role teacher --generate; expect_rc 2; expect_err "email:"
run user add helen@hillside.example.org --role teacher --generate; expect_rc 2; expect_err "already an account"
run user add; expect_rc 1; expect_err "missing EMAIL"
expect_sql "SELECT count(*) FROM account" "$before"
expect_sql "SELECT count(*) FROM staff WHERE substr(email, 1, 4) = 'weak'" 0

case_ "with two schools, --school is needed"
run school add --urn 654321 --name "Brook Academy"
run user add b@brook.example.org --role lead --generate; expect_rc 1; expect_err "--school URN"
run user add b@brook.example.org --role lead --generate --school 654321; expect_rc 0
run user add b2@brook.example.org --role teacher --generate --school 999999; expect_rc 2; expect_err "no school with URN 999999"

case_ "user list, text and JSON, never secrets"
run user list; expect_rc 0; expect_out "priya.nair@hillside.example.org"; expect_out "2fa to set up"
run user list --school 654321; expect_rc 0; expect_out "b@brook.example.org"
grep -q priya <<<"$OUT" && fail "--school did not filter"
run user list --json; expect_rc 0; expect_out '"totp_required": true'; expect_out '"roles": ['
grep -qi -E 'argon|password_hash|totp_secret' <<<"$OUT" && fail "JSON shows a secret"

case_ "user passwd, roles, disable, enable, reset-2fa"
changed=$(sql "SELECT password_changed_at FROM account WHERE email = 'priya.nair@hillside.example.org'")
sleep 0.01
OUT=$(echo "a different passphrase" | "$MESO" user passwd priya.nair@hillside.example.org 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
expect_rc 0; expect_out "sessions they had have ended"
[ "$(sql "SELECT password_changed_at FROM account WHERE email = 'priya.nair@hillside.example.org'")" != "$changed" ] || fail "password_changed_at unchanged"
run user passwd nobody@hillside.example.org --generate; expect_rc 2; expect_err "no account with email nobody@hillside.example.org"
run user roles priya.nair@hillside.example.org --role teacher,practitioner; expect_rc 0
expect_sql "SELECT count(*) FROM account_role r JOIN account a ON a.id = r.account_id WHERE a.email = 'priya.nair@hillside.example.org'" 2
run user disable priya.nair@hillside.example.org; expect_rc 0; expect_out "cannot sign in"
expect_sql "SELECT disabled FROM account WHERE email = 'priya.nair@hillside.example.org'" 1
run user list; expect_out "(disabled)"
run user enable priya.nair@hillside.example.org; expect_rc 0
expect_sql "SELECT disabled FROM account WHERE email = 'priya.nair@hillside.example.org'" 0
run user reset-2fa helen@hillside.example.org; expect_rc 0; expect_out "set it up again at their next sign-in"
expect_sql "SELECT group_concat(action) FROM (SELECT action FROM audit WHERE entity = 'account' ORDER BY id) a" "create,create,create,password,update,disable,enable,totp-reset"
expect_sql "SELECT count(*) FROM audit WHERE detail LIKE '%horse%' OR detail LIKE '%passphrase%'" 0

case_ "token add prints the token once; list never shows it"
OUT=$("$MESO" token add --name mis-sync --scope read --school 123456 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
expect_rc 0; expect_err "shown only now"
TOKEN=$OUT
[[ "$TOKEN" =~ ^meso_[A-Za-z0-9_-]{43}$ ]] || fail "token looks wrong: '$TOKEN'"
sqlite3 -readonly "$MESO_DB" .dump | grep -qF "${TOKEN#meso_}" && fail "the token is in the database"
run token list; expect_rc 0; expect_out "mis-sync"; expect_out "never used"
grep -qF "${TOKEN#meso_}" <<<"$OUT" && fail "token list shows the token"
run token list --json; expect_rc 0; expect_out '"scope": "read"'; expect_out '"school": "123456"'
grep -qF "${TOKEN#meso_}" <<<"$OUT" && fail "token list --json shows the token"
run token add --name mis-sync --scope write --school 123456; expect_rc 2; expect_err "in use"
run token add --name "two words" --scope read --school 123456; expect_rc 2; expect_err "--name:"
run token add --name other --scope admin --school 123456; expect_rc 2; expect_err "--scope: the scope is read or write"
run token add --name other --school 123456; expect_rc 1; expect_err "needs --name and --scope"
run token revoke mis-sync; expect_rc 0
run token revoke mis-sync; expect_rc 2; expect_err "no token called mis-sync"
run token list; expect_out "(revoked)"
expect_sql "SELECT count(*) FROM audit WHERE entity = 'api_token'" 2

case_ "the demo school has sign-in accounts, key teachers and family workers"
export MESO_DB="$T/demo.db"
run demo --pupils 140; expect_rc 0; expect_out "demo-password-1234"; expect_out "parent.demo@example.org"
expect_out "helen.price@meadowbank.example.org"
expect_sql "SELECT count(*) FROM account WHERE kind = 'staff'" 20
expect_sql "SELECT count(*) FROM account WHERE kind = 'parent' AND carer_id IS NOT NULL" 1
expect_sql "SELECT count(*) FROM account WHERE password_hash NOT LIKE '\$argon2id\$%'" 0
expect_sql "SELECT count(*) FROM account a JOIN account_role r ON r.account_id = a.id WHERE r.role IN ('admin', 'lead') AND a.totp_exempt = 1" 3
expect_sql "SELECT count(*) FROM pupil WHERE key_teacher_id IS NULL" 0
expect_sql "SELECT count(DISTINCT key_teacher_id) FROM pupil" 14
expect_sql "SELECT count(*) FROM pupil p JOIN staff s ON s.id = p.key_teacher_id WHERE s.role <> 'teacher'" 0
expect_sql "SELECT count(DISTINCT staff_id) FROM family_worker" 3
expect_sql "SELECT count(*) FROM pupil p JOIN staff s ON s.id = p.key_teacher_id WHERE p.nc_year = 'R' AND s.email NOT IN ('priya.nair@meadowbank.example.org', 'tom.gallagher@meadowbank.example.org')" 0

case_ "parent invite"
UPN=$(sql "SELECT p.upn FROM pupil p JOIN pupil_carer pc ON pc.pupil_id = p.id JOIN carer c ON c.id = pc.carer_id WHERE c.email IS NOT NULL AND NOT EXISTS (SELECT 1 FROM account a WHERE a.carer_id = c.id) ORDER BY p.id LIMIT 1")
CEMAIL=$(sql "SELECT c.email FROM pupil p JOIN pupil_carer pc ON pc.pupil_id = p.id JOIN carer c ON c.id = pc.carer_id WHERE p.upn = '$UPN' AND c.email IS NOT NULL LIMIT 1")
run parent invite "$UPN"; expect_rc 1; expect_err "say which of $UPN's parents or carers"; expect_err "--carer "
run parent invite "$UPN" --carer-email nobody@example.org; expect_rc 2; expect_err "is not one of"
run parent invite "$UPN" --carer-email "${CEMAIL^^}"; expect_rc 0; expect_out "valid until"
CODE=$(sed -n 's/^  Code: \([A-Z0-9-]*\).*/\1/p' <<<"$OUT")
[[ "$CODE" =~ ^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$ ]] || fail "code looks wrong: '$CODE'"
sqlite3 -readonly "$MESO_DB" .dump | grep -qF "${CODE//-/}" && fail "the code is in the database"
expect_sql "SELECT count(*) FROM parent_invite WHERE used_at IS NULL" 1
run parent invite "$UPN" --carer-email "$CEMAIL"; expect_rc 0
NEWCODE=$(sed -n 's/^  Code: \([A-Z0-9-]*\).*/\1/p' <<<"$OUT")
[ "$NEWCODE" != "$CODE" ] || fail "the same code twice"
expect_sql "SELECT count(*) FROM parent_invite WHERE used_at IS NULL AND expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" 1
expect_sql "SELECT count(*) FROM audit WHERE action = 'invite' AND pupil_id IS NOT NULL" 2
PUPN=$(sql "SELECT p.upn FROM pupil p JOIN pupil_carer pc ON pc.pupil_id = p.id JOIN account a ON a.carer_id = pc.carer_id LIMIT 1")
PCID=$(sql "SELECT carer_id FROM account WHERE kind = 'parent'")
run parent invite "$PUPN" --carer "$PCID"; expect_rc 2; expect_err "already has an account"
run parent invite "$UPN" --carer abc; expect_rc 1
run parent invite "$UPN" --carer 1 --carer-email x@example.org; expect_rc 1; expect_err "not both"
run parent invite R999999999999 --carer 1; expect_rc 2; expect_err "no pupil with UPN"

case_ "keyteacher and family"
run keyteacher set "$UPN" rebecca.lewis@meadowbank.example.org; expect_rc 0; expect_out "Rebecca Lewis is now the key teacher"
expect_sql "SELECT s.email FROM pupil p JOIN staff s ON s.id = p.key_teacher_id WHERE p.upn = '$UPN'" "rebecca.lewis@meadowbank.example.org"
run keyteacher set "$UPN" grace.adebayo@meadowbank.example.org; expect_rc 2; expect_err "must be a teacher or lead"
run keyteacher set "$UPN" nobody@meadowbank.example.org; expect_rc 2; expect_err "no member of staff"
run keyteacher set "$UPN"; expect_rc 1
run keyteacher clear "$UPN"; expect_rc 0
expect_sql "SELECT count(*) FROM pupil WHERE upn = '$UPN' AND key_teacher_id IS NULL" 1
expect_sql "SELECT count(*) FROM audit a JOIN pupil p ON p.id = a.pupil_id WHERE p.upn = '$UPN' AND a.action = 'assign' AND a.actor LIKE 'cli:%'" 2
run family assign "$UPN" lee.harding@meadowbank.example.org; expect_rc 0
run family assign "$UPN" priya.nair@meadowbank.example.org; expect_rc 2; expect_err "must be a practitioner or lead"
expect_sql "SELECT count(*) FROM family_worker w JOIN pupil p ON p.id = w.pupil_id JOIN staff s ON s.id = w.staff_id WHERE p.upn = '$UPN' AND s.email = 'lee.harding@meadowbank.example.org'" 1
run family unassign "$UPN" lee.harding@meadowbank.example.org; expect_rc 0
run family unassign "$UPN" lee.harding@meadowbank.example.org; expect_rc 2; expect_err "not assigned"

case_ "help for the new commands"
run help user add; expect_rc 0; expect_out "usage: meso user add EMAIL"; expect_out "--generate"
run help token; expect_rc 0; expect_out "token revoke"
run check; expect_rc 0; expect_out "healthy"
done_
