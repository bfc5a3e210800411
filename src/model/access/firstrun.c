#include "model/access/firstrun.h"

#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/secret.h"
#include "core/str.h"
#include "db/db.h"
#include "model/access/account.h"
#include "model/access/password.h"
#include "model/register/audit.h"

int firstrun_needed(struct db *db, bool *needed, struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st, "SELECT CASE WHEN EXISTS (SELECT 1 FROM account) THEN 1 ELSE 0 END", e);
    if (rc)
        return rc;
    rc = db_step(st, e);
    *needed = rc == DB_ROW && db_col_int(st, 0) == 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static void person(struct problems *pr, const char *name, const char *email, const char *fname,
                   const char *femail)
{
    char norm[256];
    account_normalise_email(email, norm, sizeof norm);
    if (str_blank(name))
        problems_add(pr, fname, "enter a name");
    else if (strlen(name) > 200)
        problems_add(pr, fname, "the name is longer than 200 characters");
    if (!account_email_valid(norm))
        problems_add(pr, femail, "enter a work email address, like name@school.org.uk");
}

void firstrun_validate(const struct firstrun *f, struct problems *pr)
{
    school_validate(&f->school, pr);
    person(pr, f->lead_name, f->lead_email, "lead_name", "lead_email");
    char why[256], lead[256], admin[256];
    account_normalise_email(f->lead_email, lead, sizeof lead);
    if (!f->lead_password || !*f->lead_password)
        problems_add(pr, "lead_password", "make a password");
    else if (password_check(f->lead_password, lead, why, sizeof why) != 0)
        problems_add(pr, "lead_password", "%s", why);
    if (f->admin_is_lead)
        return;
    person(pr, f->admin_name, f->admin_email, "admin_name", "admin_email");
    account_normalise_email(f->admin_email, admin, sizeof admin);
    if (*admin && strcmp(admin, lead) == 0)
        problems_add(pr, "admin_email",
                     "give the administrator's own email address, or choose that you will "
                     "manage accounts yourself");
}

/* The school with this URN, or the only placeholder, takes the details;
 * otherwise a new school. Sets s->id. Inside the transaction. */
static int the_school(struct db *db, struct arena *a, const struct audit_who *who, struct school *s,
                      struct err *e)
{
    struct school found;
    int rc = school_by_urn(db, a, s->urn, &found, e);
    if (rc == 0) {
        s->id = found.id;
        return school_update(db, who, s, e);
    }
    if (rc != ERR_NOTFOUND)
        return rc;
    bool claimed = false;
    if ((rc = school_claim_placeholder(db, s, &claimed, e)) || claimed)
        return rc;
    return school_add(db, s, e);
}

int firstrun_complete(struct db *db, struct password_gate *g, const struct audit_who *who,
                      const struct firstrun *f, int64_t now, struct firstrun_result *out,
                      struct err *e)
{
    memset(out, 0, sizeof *out);
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    firstrun_validate(f, &pr);
    char hash[PASSWORD_HASH_LEN] = "";
    int rc = 0;
    bool needed = false;
    if (pr.n)
        rc = err_set(e, ERR_INPUT, "%s: %s", pr.items[0].field, pr.items[0].msg);
    else if ((rc = firstrun_needed(db, &needed, e)) == 0 && !needed)
        rc = err_set(e, ERR_CONFLICT, "meso is set up already; sign in instead");
    if (rc == 0)
        rc = password_hash(g, f->lead_password, hash, e);
    if (rc || (rc = db_begin(db, e)))
        goto out;
    /* Again inside the transaction: only one setup can win. */
    if ((rc = firstrun_needed(db, &needed, e)) == 0 && !needed)
        rc = err_set(e, ERR_CONFLICT, "meso is set up already; sign in instead");
    struct school s = f->school;
    if (rc == 0)
        rc = the_school(db, &a, who, &s, e);
    struct account_new lead = { .email = f->lead_email,
                                .name = f->lead_name,
                                .roles = ACCOUNT_LEAD | (f->admin_is_lead ? ACCOUNT_ADMIN : 0u),
                                .school_id = s.id,
                                .password_hash = hash };
    if (rc == 0)
        rc = account_add_staff(db, NULL, who, &lead, NULL, &out->lead_account_id, e);
    if (rc == 0 && !f->admin_is_lead) {
        struct account_new admin = { .email = f->admin_email,
                                     .name = f->admin_name,
                                     .roles = ACCOUNT_ADMIN,
                                     .school_id = s.id };
        rc = account_add_staff(db, NULL, who, &admin, NULL, &out->admin_account_id, e);
        if (rc == 0)
            rc = invite_create_staff(db, who, ACCOUNT_ROLES_ALL, out->admin_account_id, now,
                                     out->admin_code, out->admin_expires, e);
    }
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = "setup",
                                  .entity = "school",
                                  .entity_id = s.id,
                                  .school_id = s.id,
                                  .detail = arena_sprintf(
                                      &a, "set up from the browser: %s (URN %s), first lead %s%s",
                                      s.name, s.urn, lead.email,
                                      f->admin_is_lead ? ", who manages accounts too"
                                                       : ", and an administrator"),
                                  .address = who ? who->address : NULL };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        out->admin_code[0] = '\0';
        goto out;
    }
    if ((rc = db_commit(db, e)) == 0)
        out->school_id = s.id;
out:
    secret_wipe(hash, sizeof hash);
    arena_release(&a);
    return rc;
}
