#include "model/conversations/contact.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/conversations/scope.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/leaver.h"

const char *const contact_methods[] = { "phone",       "text",        "email",
                                        "letter",      "meeting",     "home_visit",
                                        "school_gate", "app_message", NULL };
const char *const contact_method_labels[] = {
    "phone call", "text message",       "email",       "letter", "meeting",
    "home visit", "at the school gate", "app message", NULL
};
const char *const contact_purposes[] = { "celebration", "progress", "invitation", "information",
                                         "concern",     "support",  NULL };
const char *const contact_purpose_labels[] = { "celebration or praise",
                                               "progress update",
                                               "invitation",
                                               "information",
                                               "concern",
                                               "support and advocacy",
                                               NULL };

/* Other ways people say them (keys as str_key() makes them). */
static const struct {
    const char *key, *code;
} method_aliases[] = {
    { "call", "phone" },          { "phonecall", "phone" },       { "telephone", "phone" },
    { "sms", "text" },            { "textmessage", "text" },      { "homevisit", "home_visit" },
    { "visit", "home_visit" },    { "gate", "school_gate" },      { "schoolgate", "school_gate" },
    { "atthegate", "school_gate" }, { "attheschoolgate", "school_gate" },
    { "pickup", "school_gate" },  { "dropoff", "school_gate" },   { "app", "app_message" },
    { "appmessage", "app_message" }, { "inperson", "meeting" },
}, purpose_aliases[] = {
    { "praise", "celebration" },         { "celebrationorpraise", "celebration" },
    { "goodnews", "celebration" },       { "progressupdate", "progress" },
    { "update", "progress" },            { "invite", "invitation" },
    { "info", "information" },           { "advocacy", "support" },
    { "supportandadvocacy", "support" }, { "worry", "concern" },
};

static int parse(const char *s, const char *const *codes, const void *aliases, size_t n_aliases,
                 const char **out)
{
    const struct {
        const char *key, *code;
    } *al = aliases;
    char key[40], want[40];
    if (!s)
        return ERR_INPUT;
    str_key(key, sizeof key, s);
    if (!key[0])
        return ERR_INPUT;
    for (const char *const *c = codes; *c; c++) {
        str_key(want, sizeof want, *c);
        if (!strcmp(key, want)) {
            *out = *c;
            return 0;
        }
    }
    for (size_t i = 0; i < n_aliases; i++)
        if (!strcmp(key, al[i].key))
            for (const char *const *c = codes; *c; c++)
                if (!strcmp(*c, al[i].code)) {
                    *out = *c;
                    return 0;
                }
    return ERR_INPUT;
}

int contact_parse_method(const char *s, const char **out)
{
    return parse(s, contact_methods, method_aliases,
                 sizeof method_aliases / sizeof method_aliases[0], out);
}

int contact_parse_purpose(const char *s, const char **out)
{
    return parse(s, contact_purposes, purpose_aliases,
                 sizeof purpose_aliases / sizeof purpose_aliases[0], out);
}

static int index_of(const char *const *list, const char *code)
{
    for (int i = 0; code && list[i]; i++)
        if (!strcmp(list[i], code))
            return i;
    return -1;
}

int contact_method_index(const char *code)
{
    return index_of(contact_methods, code);
}

int contact_purpose_index(const char *code)
{
    return index_of(contact_purposes, code);
}

const char *contact_method_label(const char *code)
{
    int i = contact_method_index(code);
    return i < 0 ? code : contact_method_labels[i];
}

const char *contact_purpose_label(const char *code)
{
    int i = contact_purpose_index(code);
    return i < 0 ? code : contact_purpose_labels[i];
}

bool contact_is_positive(const char *purpose)
{
    return purpose && (!strcmp(purpose, "celebration") || !strcmp(purpose, "progress"));
}

int contact_validate(struct db *db, const struct contact *c, struct problems *pr, struct err *e)
{
    struct date d;
    if (date_parse(c->date, &d) != 0)
        problems_add(pr, "date", "give the date of the contact, like 2025-03-14 or 14/03/2025");
    else if (date_cmp(d, date_today()) > 0)
        problems_add(pr, "date", "the date is in the future; record a contact once it happens");
    if (c->time[0]) {
        long long h, m;
        char hh[3] = { c->time[0], c->time[1], 0 }, mm[3] = { c->time[3], c->time[4], 0 };
        if (strlen(c->time) != 5 || c->time[2] != ':' || str_to_int(hh, 0, 23, &h) != 0 ||
            str_to_int(mm, 0, 59, &m) != 0 || hh[0] < '0' || hh[0] > '9' || mm[0] < '0' ||
            mm[0] > '9')
            problems_add(pr, "time", "give the time as HH:MM, like 15:20");
    }
    if (contact_method_index(c->method) < 0)
        problems_add(pr, "method",
                     "the method must be phone, text, email, letter, meeting, home visit, school "
                     "gate or app message");
    if (contact_purpose_index(c->purpose) < 0)
        problems_add(pr, "purpose",
                     "the purpose must be celebration, progress, invitation, information, "
                     "concern or support");
    if (c->started_by && strcmp(c->started_by, "school") && strcmp(c->started_by, "family"))
        problems_add(pr, "started_by", "say who started it: school or family");
    if (c->note && strlen(c->note) > 2000)
        problems_add(pr, "note", "keep the note short (under 2000 characters)");
    else if (c->note && !str_utf8_valid(c->note, strlen(c->note)))
        problems_add(pr, "note", "the note is not valid UTF-8 text");
    for (size_t i = 0; i < c->n_carers; i++) {
        bool linked;
        int rc = carer_of_pupil(db, c->pupil_id, c->carer_ids[i], &linked, e);
        if (rc)
            return rc;
        if (!linked)
            problems_add(pr, "carers",
                         "choose one of the family's parents or carers (carer %lld is not one of "
                         "this pupil's)",
                         (long long)c->carer_ids[i]);
    }
    return 0;
}

int contact_add(struct db *db, struct contact *c, const struct audit_entry *who, struct err *e)
{
    char now[DATE_TS_LEN];
    date_timestamp(now);
    int rc = leaver_guard(db, c->pupil_id, e);
    if (rc || (rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, &st,
                    "INSERT INTO contact (pupil_id, school_id, contact_date, contact_time, method,"
                    " interpreter, purpose, started_by, note, staff_id, recorded_by, recorded_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
                    e);
    if (rc == 0) {
        db_bind_int(st, 1, c->pupil_id);
        db_bind_int(st, 2, c->school_id);
        db_bind_text(st, 3, c->date);
        db_bind_text(st, 4, c->time[0] ? c->time : NULL);
        db_bind_text(st, 5, c->method);
        db_bind_int(st, 6, c->interpreter);
        db_bind_text(st, 7, c->purpose);
        db_bind_text(st, 8, c->started_by ? c->started_by : "school");
        db_bind_text(st, 9, str_blank(c->note) ? NULL : c->note);
        db_bind_int_or_null(st, 10, c->staff_id, c->staff_id == 0);
        db_bind_text(st, 11, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 12, now);
        rc = db_step_id(st, &c->id, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    for (size_t i = 0; i < c->n_carers && rc == 0; i++) {
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO contact_carer (contact_id, carer_id)"
                             " VALUES (?1, ?2) ON CONFLICT (contact_id, carer_id) DO NOTHING",
                             e)))
            break;
        db_bind_int(st, 1, c->id);
        db_bind_int(st, 2, c->carer_ids[i]);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .address = who ? who->address : NULL,
                                  .action = "create",
                                  .entity = "contact",
                                  .entity_id = c->id,
                                  .pupil_id = c->pupil_id,
                                  .school_id = c->school_id,
                                  .detail = c->purpose };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

/* The contacts a filter (and an id, when not 0) picks out: ?1 to ?5, bound by
 * bind_where(). One child's contacts use the contact_pupil index
 * (CONTACT_BY_PUPIL); a condition written "(?2 = 0 OR c.pupil_id = ?2)" would
 * read every contact of the school for every pupil page. */
#define CONTACT_AND                                             \
    "   AND (CAST(?3 AS TEXT) IS NULL OR c.contact_date >= ?3)" \
    "   AND (CAST(?4 AS TEXT) IS NULL OR c.contact_date <= ?4)" \
    "   AND (?5 = 0 OR c.id = ?5)"
#define CONTACT_BY_PUPIL  " WHERE c.pupil_id = ?2 AND +c.school_id = ?1" CONTACT_AND
#define CONTACT_BY_SCHOOL " WHERE c.school_id = ?1 AND ?2 = 0" CONTACT_AND

static void bind_where(struct db_stmt *st, const struct contact_filter *f, int64_t id)
{
    db_bind_int(st, 1, f->school_id);
    db_bind_int(st, 2, f->pupil_id);
    db_bind_text(st, 3, f->from);
    db_bind_text(st, 4, f->to);
    db_bind_int(st, 5, id);
}

/* A contact's place in the list, looked up by id. */
struct contact_slot {
    int64_t id;
    size_t at;
};

static int slot_cmp(const void *x, const void *y)
{
    int64_t a = ((const struct contact_slot *)x)->id, b = ((const struct contact_slot *)y)->id;
    return (a > b) - (a < b);
}

/* The names of the carers each contact was with, joined with ", ", and
 * their ids (carer_ids, n_carers), for the
 * contacts query() found: one query for the whole list, under the same filter,
 * and the names joined here rather than by an SQL aggregate. */
static int load_carer_names(struct db *db, struct arena *a, const struct contact_filter *f,
                            int64_t id, struct contact *cs, size_t n, struct err *e)
{
    struct contact_slot *slots = arena_array(a, n, sizeof *slots);
    if (!slots)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        slots[i] = (struct contact_slot){ cs[i].id, i };
    qsort(slots, n, sizeof *slots, slot_cmp);
    struct db_stmt *st;
#define CARERS_OF                                                                                \
    "SELECT cc.contact_id, trim(coalesce(k.title || ' ', '') || coalesce(k.forename || ' ', '')" \
    " || k.surname), k.id FROM contact_carer cc JOIN carer k ON k.id = cc.carer_id"              \
    " JOIN contact c ON c.id = cc.contact_id"
    int rc =
        f->pupil_id
            ? db_prepare(db, &st, CARERS_OF CONTACT_BY_PUPIL " ORDER BY cc.contact_id, k.id", e)
            : db_prepare(db, &st, CARERS_OF CONTACT_BY_SCHOOL " ORDER BY cc.contact_id, k.id", e);
#undef CARERS_OF
    if (rc)
        return rc;
    bind_where(st, f, id);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct contact_slot key = { .id = db_col_int(st, 0) };
        const struct contact_slot *hit = bsearch(&key, slots, n, sizeof *slots, slot_cmp);
        if (!hit)
            continue; /* beyond the list's limit */
        struct contact *c = &cs[hit->at];
        const char *name = db_col_text(st, 1);
        c->carer_names = c->carer_names ? arena_sprintf(a, "%s, %s", c->carer_names, name)
                                        : arena_strdup(a, name);
        int64_t *ids = arena_array(a, c->n_carers + 1, sizeof *ids);
        if (!c->carer_names || !ids) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        if (c->n_carers)
            memcpy(ids, c->carer_ids, c->n_carers * sizeof *ids);
        ids[c->n_carers++] = db_col_int(st, 2);
        c->carer_ids = ids;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The contacts matching f (and id, when not 0), newest first; not audited. */
static int query(struct db *db, struct arena *a, const struct contact_filter *f, int64_t id,
                 struct contact **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
#define CONTACT_COLS                                                                  \
    "SELECT c.id, c.pupil_id, c.school_id, c.contact_date, c.contact_time, c.method," \
    " c.purpose, c.started_by, c.interpreter, c.note, c.staff_id, s.name, p.upn,"     \
    " coalesce(p.preferred_forename, p.legal_forename) || ' '"                        \
    " || coalesce(p.preferred_surname, p.legal_surname),"                             \
    " c.recorded_by, c.recorded_at"                                                   \
    " FROM contact c JOIN pupil p ON p.id = c.pupil_id LEFT JOIN staff s ON s.id = c.staff_id"
#define CONTACT_ORDER \
    " ORDER BY c.contact_date DESC, coalesce(c.contact_time, '') DESC, c.id DESC LIMIT ?6"
    int rc = f->pupil_id ? db_prepare(db, &st, CONTACT_COLS CONTACT_BY_PUPIL CONTACT_ORDER, e)
                         : db_prepare(db, &st, CONTACT_COLS CONTACT_BY_SCHOOL CONTACT_ORDER, e);
#undef CONTACT_COLS
#undef CONTACT_ORDER
    if (rc)
        return rc;
    bind_where(st, f, id);
    db_bind_int(st, 6, f->limit > 0 ? f->limit : INT64_MAX); /* no LIMIT -1 on PostgreSQL */
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct contact *c = arena_push(a, out, n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        c->id = db_col_int(st, 0);
        c->pupil_id = db_col_int(st, 1);
        c->school_id = db_col_int(st, 2);
        str_copy(c->date, sizeof c->date, db_col_text(st, 3));
        const char *t = db_col_text(st, 4);
        str_copy(c->time, sizeof c->time, t ? t : "");
        c->method = arena_strdup(a, db_col_text(st, 5));
        c->purpose = arena_strdup(a, db_col_text(st, 6));
        c->started_by = arena_strdup(a, db_col_text(st, 7));
        c->interpreter = db_col_int(st, 8) != 0;
        c->note = arena_strdup(a, db_col_text(st, 9));
        c->staff_id = db_col_int(st, 10);
        c->staff_name = arena_strdup(a, db_col_text(st, 11));
        str_copy(c->upn, sizeof c->upn, db_col_text(st, 12));
        c->pupil_name = arena_strdup(a, db_col_text(st, 13));
        c->carer_names = NULL; /* load_carer_names(), with carer_ids */
        c->carer_ids = NULL;
        c->n_carers = 0;
        c->recorded_by = arena_strdup(a, db_col_text(st, 14));
        c->recorded_at = arena_strdup(a, db_col_text(st, 15));
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return *n ? load_carer_names(db, a, f, id, *out, *n, e) : 0;
}

int contact_get(struct db *db, struct arena *a, int64_t school_id, int64_t id, struct contact *out,
                struct err *e)
{
    struct contact_filter f = { .school_id = school_id };
    struct contact *cs;
    size_t n;
    int rc = query(db, a, &f, id, &cs, &n, e);
    if (rc)
        return rc;
    if (n == 0)
        return err_set(e, ERR_NOTFOUND, "there is no contact %lld at this school", (long long)id);
    *out = cs[0];
    return 0;
}

int contact_list(struct db *db, struct arena *a, const struct contact_filter *f,
                 const struct audit_entry *who, struct contact **out, size_t *n, struct err *e)
{
    int rc = query(db, a, f, 0, out, n, e);
    if (rc)
        return rc;
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .address = who ? who->address : NULL,
                              .action = "list",
                              .entity = "contact",
                              .pupil_id = f->pupil_id,
                              .school_id = f->school_id,
                              .detail = arena_sprintf(a, "%zu contacts listed", *n) };
    return audit_log(db, &au, e);
}

void contact_summarise(const struct contact_brief *cs, size_t n, struct date today,
                       struct contact_summary *out)
{
    memset(out, 0, sizeof *out);
    out->positive_share = -1;
    out->days_since_last = -1;
    long t = date_to_days(today);
    unsigned methods = 0;
    int concerns_in_a_row = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        struct date d;
        if (date_parse(cs[i].date, &d) != 0)
            continue;
        long ago = t - date_to_days(d);
        if (ago < 0)
            continue; /* dated after today */
        if (seen == 0) {
            date_iso(d, out->last_contact);
            out->days_since_last = (int)ago;
        }
        if (seen < 3 && cs[i].purpose && !strcmp(cs[i].purpose, "concern"))
            concerns_in_a_row++;
        seen++;
        if (ago < 28)
            out->last_4_weeks++;
        if (ago < 84) {
            out->last_12_weeks++;
            out->positive_12_weeks += contact_is_positive(cs[i].purpose);
            int m = contact_method_index(cs[i].method);
            if (m >= 0)
                methods |= 1u << m;
        }
    }
    if (out->last_12_weeks)
        out->positive_share = (double)out->positive_12_weeks / out->last_12_weeks;
    for (int m = 0; m < CONTACT_N_METHODS; m++)
        out->methods_12_weeks += (methods >> m) & 1u;
    out->good_news = seen >= 3 && concerns_in_a_row == 3;
    out->quiet = out->days_since_last < 0 || out->days_since_last >= 42;
}

size_t contact_prompt_text(struct arena *a, const struct contact_summary *s, const char *name,
                           const char **msgs)
{
    size_t k = 0;
    if (s->good_news)
        msgs[k++] = arena_sprintf(a,
                                  "The last three contacts with %s's family were about a "
                                  "concern. Time to share some good news?",
                                  name);
    if (s->quiet && s->days_since_last < 0)
        msgs[k++] = arena_sprintf(a,
                                  "No contact with %s's family is recorded yet. A friendly call "
                                  "or a word at the gate to share something going well?",
                                  name);
    else if (s->quiet)
        msgs[k++] = arena_sprintf(a,
                                  "No contact with %s's family for %d weeks. A quick call or a "
                                  "word at the gate to share something going well?",
                                  name, s->days_since_last / 7);
    return k;
}

static int load_briefs(struct db *db, struct arena *a, int64_t pupil_id, struct date day,
                       const char *today, struct contact_brief **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT contact_date, method, purpose FROM contact"
                        " WHERE pupil_id = ?1 AND contact_date <= ?2"
                        " ORDER BY contact_date DESC, coalesce(contact_time, '') DESC, id DESC",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    db_bind_text(st, 2, today);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct contact_brief *b = arena_push(a, out, n, &cap, sizeof *b);
        if (!b) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        str_copy(b->date, sizeof b->date, db_col_text(st, 0));
        b->method = arena_strdup(a, db_col_text(st, 1));
        b->purpose = arena_strdup(a, db_col_text(st, 2));
        /* Older contacts only matter for the last three. */
        if (*n >= 3) {
            struct date d;
            if (date_parse(b->date, &d) == 0 && date_to_days(day) - date_to_days(d) >= 84)
                break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int contact_prompts(struct db *db, struct arena *a, const struct prompt_filter *f,
                    const struct audit_entry *who, struct family_prompt **out, size_t *n,
                    struct err *e)
{
    *out = NULL;
    *n = 0;
    char today[DATE_ISO_LEN];
    date_iso(f->today, today);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT p.id, p.upn, coalesce(p.preferred_forename, p.legal_forename)"
                        " || ' ' || coalesce(p.preferred_surname, p.legal_surname),"
                        " p.key_teacher_id, t.name"
                        " FROM pupil p LEFT JOIN conversation_scope s ON s.pupil_id = p.id"
                        " LEFT JOIN staff t ON t.id = p.key_teacher_id"
                        " WHERE p.school_id = ?1"
                        "   AND (p.admission_date IS NULL OR p.admission_date <= ?2)"
                        "   AND (p.leaving_date IS NULL OR p.leaving_date >= ?2)"
                        "   AND (?3 = 1 OR " SCOPE_IN_SQL ")"
                        "   AND (?4 = 0 OR p.key_teacher_id = ?4)"
                        " ORDER BY t.name IS NULL, t.name, p.legal_surname, p.legal_forename, p.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, f->school_id);
    db_bind_text(st, 2, today);
    db_bind_int(st, 3, f->whole_roll);
    db_bind_int(st, 4, f->teacher_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct family_prompt *p = arena_push(a, out, n, &cap, sizeof *p);
        if (!p) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        p->pupil_id = db_col_int(st, 0);
        str_copy(p->upn, sizeof p->upn, db_col_text(st, 1));
        p->name = arena_strdup(a, db_col_text(st, 2));
        p->key_teacher_id = db_col_int(st, 3);
        p->key_teacher = arena_strdup(a, db_col_text(st, 4));
    }
    db_finalize(st);
    size_t kept = 0;
    for (size_t i = 0; i < *n && rc >= 0; i++) {
        struct family_prompt *p = &(*out)[i];
        struct contact_brief *bs;
        size_t nb;
        if ((rc = load_briefs(db, a, p->pupil_id, f->today, today, &bs, &nb, e)))
            break;
        contact_summarise(bs, nb, f->today, &p->summary);
        p->n_messages = contact_prompt_text(a, &p->summary, p->name, p->messages);
        if (!f->with_prompts_only || p->n_messages)
            (*out)[kept++] = *p;
    }
    if (rc < 0)
        return rc;
    *n = kept;
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .address = who ? who->address : NULL,
                              .action = "list",
                              .entity = "contact_prompt",
                              .school_id = f->school_id,
                              .detail = arena_sprintf(a, "%zu families listed", kept) };
    return audit_log(db, &au, e);
}
