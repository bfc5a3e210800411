#include "model/provision/involvement.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/leaver.h"

const char *const inv_status_names[] = { "referred", "accepted", "seen", "advice_received",
                                         "closed",   "declined", NULL };
const char *const inv_status_labels[] = {
    "Referred", "Accepted", "Seen", "Advice received", "Closed", "Declined by the service", NULL
};
const char *const inv_service_codes[] = { "educational_psychology",
                                          "camhs",
                                          "social_care",
                                          "speech_language_therapy",
                                          "early_help",
                                          "other",
                                          NULL };

static int parse_in(const char *s, const char *const *list, int *out)
{
    int i = str_key_index(s, list);
    if (i < 0)
        return ERR_INPUT;
    *out = i;
    return 0;
}

int involvement_parse_status(const char *s, enum inv_status *out)
{
    int i;
    if (parse_in(s, inv_status_names, &i))
        return ERR_INPUT;
    *out = (enum inv_status)i;
    return 0;
}

int involvement_parse_service(const char *s, const char **out)
{
    int i;
    if (!parse_in(s, inv_service_codes, &i)) {
        *out = inv_service_codes[i];
        return 0;
    }
    /* short names people use */
    static const struct {
        const char *alias, *code;
    } aliases[] = { { "ep", "educational_psychology" },
                    { "salt", "speech_language_therapy" },
                    { "slt", "speech_language_therapy" },
                    { "social_services", "social_care" } };
    char key[48];
    str_key(key, sizeof key, s ? s : "");
    for (size_t k = 0; k < sizeof aliases / sizeof *aliases; k++)
        if (!strcmp(key, aliases[k].alias)) {
            *out = aliases[k].code;
            return 0;
        }
    return ERR_INPUT;
}

/* ---- pure --------------------------------------------------------------- */

static long days_between(const char *from, const char *to)
{
    struct date a, b;
    if (!from || !to || date_parse(from, &a) || date_parse(to, &b))
        return 0;
    return date_to_days(b) - date_to_days(a);
}

void involvement_timing(struct involvement *iv, int timescale_days, const char *today)
{
    iv->timescale_days = timescale_days;
    iv->open = iv->status != INV_CLOSED && iv->status != INV_DECLINED;
    bool advised = iv->advice_on[0] != '\0';
    iv->waiting = iv->open && !advised;
    const char *until = today;
    if (advised)
        until = iv->advice_on;
    else if (!iv->open && iv->status_on[0])
        until = iv->status_on;
    long d = days_between(iv->referred_on, until);
    iv->days_taken = d < 0 ? 0 : (int)d;
    iv->past_timescale = iv->waiting && timescale_days > 0 && iv->days_taken > timescale_days;
    iv->late = advised && timescale_days > 0 && iv->days_taken > timescale_days;
}

/* ---- helpers ------------------------------------------------------------ */

static bool date_ok(const char *s)
{
    struct date d;
    return s && strlen(s) == 10 && date_parse(s, &d) == 0;
}

static const char *actor_of(const struct audit_entry *who)
{
    return who && who->actor ? who->actor : "unknown";
}

static int service_known(struct db *db, const char *code, bool *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT 1 FROM external_service WHERE code = ?1", e);
    if (rc)
        return rc;
    db_bind_text(st, 1, code);
    rc = db_step(st, e);
    db_finalize(st);
    *out = rc == DB_ROW;
    return rc < 0 ? rc : 0;
}

/* ---- validation ---------------------------------------------------------- */

int involvement_validate(struct db *db, const struct involvement *iv, const char *today,
                         struct problems *pr, struct err *e)
{
    char t[11];
    date_iso_or_today(today, t);
    int rc;
    if (!iv->pupil_id)
        problems_add(pr, "pupil", "choose the pupil");
    bool known = false;
    if (iv->service && (rc = service_known(db, iv->service, &known, e)))
        return rc;
    if (!known) {
        problems_add(pr, "service",
                     "choose a service: educational_psychology, camhs, social_care, "
                     "speech_language_therapy, early_help or other");
    }
    if (iv->service_name && (strlen(iv->service_name) > 200 || str_blank(iv->service_name)))
        problems_add(pr, "service_name", "give the team or person in up to 200 characters");
    if (!date_ok(iv->referred_on))
        problems_add(pr, "referred_on", "give the referral date as YYYY-MM-DD");
    else if (strcmp(iv->referred_on, t) > 0)
        problems_add(pr, "referred_on", "the referral date is after today");
    if (str_blank(iv->asked))
        problems_add(pr, "asked", "say what the school asked the service");
    else if (strlen(iv->asked) > INVOLVEMENT_TEXT_MAX)
        problems_add(pr, "asked", "this is longer than %d characters", INVOLVEMENT_TEXT_MAX);
    if (iv->status < 0 || iv->status >= INV_STATUS_N)
        problems_add(pr, "status",
                     "choose a status: referred, accepted, seen, advice_received, closed or "
                     "declined");
    if (iv->status_on[0]) {
        if (!date_ok(iv->status_on))
            problems_add(pr, "status_on", "give the date as YYYY-MM-DD");
        else if (strcmp(iv->status_on, t) > 0)
            problems_add(pr, "status_on", "the date is after today");
        else if (date_ok(iv->referred_on) && strcmp(iv->status_on, iv->referred_on) < 0)
            problems_add(pr, "status_on", "the date is before the referral");
    }
    if (iv->advice && (str_blank(iv->advice) || strlen(iv->advice) > INVOLVEMENT_ADVICE_MAX))
        problems_add(pr, "advice", "give the advice in up to %d characters",
                     INVOLVEMENT_ADVICE_MAX);
    if (iv->advice_on[0]) {
        if (!date_ok(iv->advice_on))
            problems_add(pr, "advice_on", "give the date as YYYY-MM-DD");
        else if (strcmp(iv->advice_on, t) > 0)
            problems_add(pr, "advice_on", "the date is after today");
        else if (date_ok(iv->referred_on) && strcmp(iv->advice_on, iv->referred_on) < 0)
            problems_add(pr, "advice_on", "the advice is dated before the referral");
    }
    return 0;
}

/* ---- writing ------------------------------------------------------------- */

static int pupil_school(struct db *db, int64_t pupil_id, int64_t *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT school_id FROM pupil WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    rc = db_step(st, e);
    *out = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no such pupil");
    return rc < 0 ? rc : 0;
}

static int add_status(struct db *db, int64_t id, enum inv_status s, const char *on,
                      const char *actor, const char *now, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO involvement_status (involvement_id, status, status_on,"
                        " recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, inv_status_names[s]);
    db_bind_text(st, 3, on);
    db_bind_text(st, 4, actor);
    db_bind_text(st, 5, now);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int involvement_add(struct db *db, struct involvement *iv, const char *today, struct problems *pr,
                    const struct audit_entry *who, struct err *e)
{
    char t[11];
    date_iso_or_today(today, t);
    if (!iv->status_on[0])
        str_copy(iv->status_on, sizeof iv->status_on, iv->referred_on);
    if (iv->advice && !iv->advice_on[0])
        str_copy(iv->advice_on, sizeof iv->advice_on, t);
    size_t before = pr->n;
    int rc = leaver_guard(db, iv->pupil_id, e);
    if (rc || (rc = involvement_validate(db, iv, t, pr, e)))
        return rc;
    if (pr->n > before)
        return err_set(e, ERR_INPUT, "%s: %s", pr->items[before].field, pr->items[before].msg);
    int64_t school;
    if ((rc = pupil_school(db, iv->pupil_id, &school, e)))
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO involvement (pupil_id, service, service_name, referred_on,"
                         " asked, status, status_on, advice, advice_on, recorded_by, recorded_at,"
                         " updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                         " ?10, ?11, ?10, ?11) RETURNING id",
                         e)))
        goto fail;
    db_bind_int(st, 1, iv->pupil_id);
    db_bind_text(st, 2, iv->service);
    db_bind_text(st, 3, iv->service_name && *iv->service_name ? iv->service_name : NULL);
    db_bind_text(st, 4, iv->referred_on);
    db_bind_text(st, 5, iv->asked);
    db_bind_text(st, 6, inv_status_names[iv->status]);
    db_bind_text(st, 7, iv->status_on);
    db_bind_text(st, 8, iv->advice);
    db_bind_text(st, 9, iv->advice_on[0] ? iv->advice_on : NULL);
    db_bind_text(st, 10, actor_of(who));
    db_bind_text(st, 11, now);
    rc = db_step_id(st, &iv->id, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (iv->status != INV_REFERRED &&
        (rc = add_status(db, iv->id, INV_REFERRED, iv->referred_on, actor_of(who), now, e)))
        goto fail;
    if ((rc = add_status(db, iv->id, iv->status, iv->status_on, actor_of(who), now, e)))
        goto fail;
    char detail[120];
    snprintf(detail, sizeof detail, "%s referral on %s", iv->service, iv->referred_on);
    if ((rc = audit_as(db, who, "create", "involvement", iv->id, iv->pupil_id, school, detail, e)))
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc;
}

/* ---- reading ------------------------------------------------------------- */

#define INV_COLS                                                                              \
    "i.id, i.pupil_id, i.service, i.service_name, i.referred_on, i.asked, i.status,"          \
    " i.status_on, i.advice, coalesce(i.advice_on, ''), i.recorded_by, i.recorded_at,"        \
    " i.updated_at, s.label, coalesce(nullif(p.preferred_forename, ''), p.legal_forename) ||" \
    " ' ' || coalesce(nullif(p.preferred_surname, ''), p.legal_surname), p.upn,"              \
    " coalesce((SELECT t.days FROM involvement_timescale t WHERE t.school_id = p.school_id"   \
    " AND t.service = i.service), s.default_days), p.school_id"

#define INV_FROM                                                                       \
    " FROM involvement i JOIN pupil p ON p.id = i.pupil_id JOIN external_service s ON" \
    " s.code = i.service"

static int read_involvement(struct db_stmt *st, struct arena *a, const char *today,
                            struct involvement *iv)
{
    memset(iv, 0, sizeof *iv);
    iv->id = db_col_int(st, 0);
    iv->pupil_id = db_col_int(st, 1);
    const char *svc = db_col_text(st, 2);
    iv->service = svc;
    for (int i = 0; svc && inv_service_codes[i]; i++)
        if (!strcmp(svc, inv_service_codes[i]))
            iv->service = inv_service_codes[i];
    if (iv->service == svc)
        iv->service = arena_strdup(a, svc);
    iv->service_name = arena_strdup(a, db_col_text(st, 3));
    str_copy(iv->referred_on, sizeof iv->referred_on, db_col_text(st, 4));
    iv->asked = arena_strdup(a, db_col_text(st, 5));
    enum inv_status s = INV_REFERRED;
    involvement_parse_status(db_col_text(st, 6), &s);
    iv->status = s;
    str_copy(iv->status_on, sizeof iv->status_on, db_col_text(st, 7));
    iv->advice = arena_strdup(a, db_col_text(st, 8));
    str_copy(iv->advice_on, sizeof iv->advice_on, db_col_text(st, 9));
    iv->recorded_by = arena_strdup(a, db_col_text(st, 10));
    iv->recorded_at = arena_strdup(a, db_col_text(st, 11));
    iv->updated_at = arena_strdup(a, db_col_text(st, 12));
    iv->service_label = arena_strdup(a, db_col_text(st, 13));
    iv->pupil_name = arena_strdup(a, db_col_text(st, 14));
    str_copy(iv->upn, sizeof iv->upn, db_col_text(st, 15));
    involvement_timing(iv, (int)db_col_int(st, 16), today);
    return iv->service && iv->asked && iv->pupil_name ? 0 : ERR_NOMEM;
}

static int load_history(struct db *db, struct arena *a, struct involvement *iv, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT status, status_on, recorded_by FROM involvement_status"
                        " WHERE involvement_id = ?1 ORDER BY id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, iv->id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct inv_status_change *c = arena_push(a, &iv->history, &iv->n_history, &cap, sizeof *c);
        if (!c || !(c->recorded_by = arena_strdup(a, db_col_text(st, 2)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        enum inv_status s = INV_REFERRED;
        involvement_parse_status(db_col_text(st, 0), &s);
        c->status = s;
        str_copy(c->on, sizeof c->on, db_col_text(st, 1));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int get_row(struct db *db, struct arena *a, int64_t id, int64_t school_id, const char *today,
                   struct involvement *out, int64_t *school, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " INV_COLS INV_FROM " WHERE i.id = ?1 AND (?2 = 0 OR"
                        " p.school_id = ?2)",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *school = db_col_int(st, 17);
        rc = read_involvement(st, a, today, out) ? err_set(e, ERR_NOMEM, "out of memory") : 0;
    } else if (rc == DB_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "there is no involvement number %lld", (long long)id);
    }
    db_finalize(st);
    return rc;
}

int involvement_get(struct db *db, struct arena *a, int64_t id, int64_t school_id,
                    const char *today, const struct audit_entry *who, struct involvement *out,
                    struct err *e)
{
    char t[11];
    date_iso_or_today(today, t);
    int64_t school;
    int rc = get_row(db, a, id, school_id, t, out, &school, e);
    if (rc || (rc = load_history(db, a, out, e)))
        return rc;
    return audit_as(db, who, "view", "involvement", out->id, out->pupil_id, school, NULL, e);
}

int involvement_update(struct db *db, int64_t id, int64_t school_id, const struct inv_update *u,
                       const char *today, struct problems *pr, const struct audit_entry *who,
                       struct err *e)
{
    char t[11];
    date_iso_or_today(today, t);
    struct arena a;
    arena_init(&a, 0);
    struct involvement iv;
    int64_t school;
    size_t before = pr->n;
    int rc = get_row(db, &a, id, school_id, t, &iv, &school, e);
    if (rc)
        goto out;
    enum inv_status old = iv.status;
    bool status_changed = false;
    if (u->status && *u->status != iv.status) {
        iv.status = *u->status;
        status_changed = true;
        str_copy(iv.status_on, sizeof iv.status_on, u->status_on ? u->status_on : t);
    }
    if (u->advice) {
        if (!*u->advice) {
            iv.advice = NULL;
            iv.advice_on[0] = '\0';
        } else {
            iv.advice = u->advice;
            str_copy(iv.advice_on, sizeof iv.advice_on,
                     u->advice_on ? u->advice_on : (iv.advice_on[0] ? iv.advice_on : t));
            if (!u->status && iv.status < INV_ADVICE_RECEIVED) {
                iv.status = INV_ADVICE_RECEIVED;
                status_changed = true;
                str_copy(iv.status_on, sizeof iv.status_on, iv.advice_on);
            }
        }
    } else if (u->advice_on) {
        str_copy(iv.advice_on, sizeof iv.advice_on, u->advice_on);
        if (!iv.advice)
            problems_add(pr, "advice_on", "give the advice as well as its date");
    }
    if ((rc = involvement_validate(db, &iv, t, pr, e)))
        goto out;
    if (pr->n > before) {
        rc = err_set(e, ERR_INPUT, "%s: %s", pr->items[before].field, pr->items[before].msg);
        goto out;
    }
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        goto out;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "UPDATE involvement SET status = ?2, status_on = ?3, advice = ?4,"
                         " advice_on = ?5, updated_by = ?6, updated_at = ?7 WHERE id = ?1",
                         e)))
        goto fail;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, inv_status_names[iv.status]);
    db_bind_text(st, 3, iv.status_on);
    db_bind_text(st, 4, iv.advice);
    db_bind_text(st, 5, iv.advice_on[0] ? iv.advice_on : NULL);
    db_bind_text(st, 6, actor_of(who));
    db_bind_text(st, 7, now);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    if (status_changed && (rc = add_status(db, id, iv.status, iv.status_on, actor_of(who), now, e)))
        goto fail;
    char detail[160];
    snprintf(detail, sizeof detail, "%s%s%s%s", status_changed ? "status " : "",
             status_changed ? inv_status_names[old] : "", status_changed ? " to " : "",
             status_changed ? inv_status_names[iv.status] : "");
    if (u->advice)
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%sadvice %s",
                 status_changed ? ", " : "", *u->advice ? "recorded" : "cleared");
    if ((rc = audit_as(db, who, "update", "involvement", id, iv.pupil_id, school, detail, e)))
        goto fail;
    rc = db_commit(db, e);
    goto out;
fail:
    db_rollback(db);
out:
    arena_release(&a);
    return rc;
}

int involvement_list(struct db *db, struct arena *a, int64_t school_id, int64_t pupil_id,
                     const char *today, const struct audit_entry *who, struct involvement **out,
                     size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    char t[11];
    date_iso_or_today(today, t);
    struct db_stmt *st;
    /* Two statements, so that one pupil's list is found through the
     * involvement_pupil index rather than by walking the school's pupils. */
    int rc = pupil_id ? db_prepare(db, &st,
                                   "SELECT " INV_COLS INV_FROM " WHERE i.pupil_id = ?2 AND"
                                   " p.school_id = ?1 ORDER BY i.status IN ('closed', 'declined'),"
                                   " i.referred_on DESC, i.id DESC",
                                   e)
                      : db_prepare(db, &st,
                                   "SELECT " INV_COLS INV_FROM " WHERE p.school_id = ?1 AND ?2 = 0"
                                   " ORDER BY i.status IN ('closed', 'declined'),"
                                   " i.referred_on DESC, i.id DESC",
                                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_int(st, 2, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct involvement *iv = arena_push(a, out, n, &cap, sizeof *iv);
        if (!iv || read_involvement(st, a, t, iv)) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!who)
        return 0;
    return audit_as(db, who, "list", "involvement", 0, pupil_id, school_id, NULL, e);
}

int involvement_counts(struct db *db, int64_t school_id, const char *today, int *open,
                       int *past_timescale, struct err *e)
{
    *open = *past_timescale = 0;
    char t[11];
    date_iso_or_today(today, t);
    struct arena a;
    arena_init(&a, 0);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " INV_COLS INV_FROM " WHERE p.school_id = ?1 AND"
                        " i.referred_on <= ?2",
                        e);
    if (rc) {
        arena_release(&a);
        return rc;
    }
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, t);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct involvement iv;
        if (read_involvement(st, &a, t, &iv)) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *open += iv.open;
        *past_timescale += iv.past_timescale;
    }
    db_finalize(st);
    arena_release(&a);
    return rc < 0 ? rc : 0;
}

int involvement_timescales(struct db *db, struct arena *a, int64_t school_id,
                           struct inv_timescale **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT s.code, s.label, s.default_days, t.days FROM external_service s"
                        " LEFT JOIN involvement_timescale t ON t.service = s.code AND"
                        " t.school_id = ?1 ORDER BY s.position",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct inv_timescale *ts = arena_push(a, out, n, &cap, sizeof *ts);
        if (!ts || !(ts->service = arena_strdup(a, db_col_text(st, 0))) ||
            !(ts->label = arena_strdup(a, db_col_text(st, 1)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        ts->default_days = (int)db_col_int(st, 2);
        ts->local = !db_col_is_null(st, 3);
        ts->days = ts->local ? (int)db_col_int(st, 3) : ts->default_days;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int involvement_timescale_set(struct db *db, int64_t school_id, const char *service, int days,
                              const char *actor, struct err *e)
{
    bool known = false;
    int rc = service_known(db, service, &known, e);
    if (rc)
        return rc;
    if (!known)
        return err_set(e, ERR_INPUT,
                       "service: choose educational_psychology, camhs, social_care, "
                       "speech_language_therapy, early_help or other");
    if (days < 1 || days > INVOLVEMENT_DAYS_MAX)
        return err_set(e, ERR_INPUT, "days: give a number of days from 1 to %d",
                       INVOLVEMENT_DAYS_MAX);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO involvement_timescale (school_id, service, days, set_by,"
                         " set_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (school_id, service)"
                         " DO UPDATE SET days = ?3, set_by = ?4, set_at = ?5",
                         e)))
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, service);
    db_bind_int(st, 3, days);
    db_bind_text(st, 4, actor ? actor : "unknown");
    db_bind_text(st, 5, now);
    rc = db_step(st, e);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
