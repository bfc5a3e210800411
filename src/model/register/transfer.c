/* transfer.c - a pupil's record as a Common Transfer File (transfer.h). */
#include "model/register/transfer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/transfer_meso.h"
#include "model/register/upn.h"

static int build_one(struct db *db, struct arena *a, const struct pupil *p, struct ctf_pupil *c,
                     struct err *e)
{
    struct sen_change *sen;
    struct fsm_period *fsm;
    struct pupil_carer *pc;
    size_t ns, nf, nc;
    int rc = pupil_sen_history(db, a, p->id, &sen, &ns, e);
    if (rc || (rc = pupil_fsm_periods(db, a, p->id, &fsm, &nf, e)) ||
        (rc = carer_list_for_pupil(db, a, p->id, &pc, &nc, e)))
        return rc;
    *c = (struct ctf_pupil){ .upn = arena_strdup(a, p->upn),
                             .former_upn = p->former_upn,
                             .surname = p->legal_surname,
                             .forename = p->legal_forename,
                             .preferred_surname = p->preferred_surname,
                             .preferred_forename = p->preferred_forename,
                             .dob = arena_strdup(a, p->dob),
                             .sex = arena_strdup(a, p->sex),
                             .nc_year = p->nc_year[0] ? arena_strdup(a, p->nc_year) : NULL };
    c->sen = ns ? arena_array(a, ns, sizeof *c->sen) : NULL;
    c->fsm = nf ? arena_array(a, nf, sizeof *c->fsm) : NULL;
    c->contacts = nc ? arena_array(a, nc, sizeof *c->contacts) : NULL;
    if ((ns && !c->sen) || (nf && !c->fsm) || (nc && !c->contacts))
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ns; i++)
        c->sen[c->n_sen++] = (struct ctf_sen){
            .start_date = sen[i].effective_date,
            .provision = arena_strdup(a, sen[i].provision),
            .needs = { sen[i].need1[0] ? arena_strdup(a, sen[i].need1) : NULL,
                       sen[i].need2[0] ? arena_strdup(a, sen[i].need2) : NULL },
        };
    for (size_t i = 0; i < nf; i++)
        c->fsm[c->n_fsm++] = (struct ctf_fsm){ .start = fsm[i].start, .end = fsm[i].end };
    for (size_t i = 0; i < nc; i++) {
        const struct carer *k = &pc[i].carer;
        c->contacts[c->n_contacts++] = (struct ctf_contact){
            .order = pc[i].link.contact_priority ? pc[i].link.contact_priority : (int)i + 1,
            .title = k->title,
            .forename = k->forename,
            .surname = k->surname,
            .relationship = pc[i].link.relationship,
            .responsibility = pc[i].link.parental_responsibility == 1,
            .email = k->email,
            .phone_mobile = k->phone_mobile,
            .phone_home = k->phone_home,
            .phone_work = k->phone_work,
            .address_line1 = k->address_line1,
            .address_line2 = k->address_line2,
            .town = k->town,
            .postcode = k->postcode,
        };
    }
    return 0;
}

int transfer_build(struct db *db, struct arena *a, int64_t school_id, const char *const *upns,
                   size_t n, const char *dest_urn, const struct audit_entry *who, struct ctf *out,
                   struct err *e)
{
    struct school s;
    memset(out, 0, sizeof *out);
    int rc = school_by_id(db, a, school_id, &s, e);
    if (rc)
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    out->version = "23.0";
    out->datetime = arena_strndup(a, now, 19);
    out->supplier = "meso";
    out->academic_year = date_today().y - (date_today().m < 9 ? 1 : 0) + 1;
    out->source = (struct ctf_school){ .lea = s.la_code, .urn = s.urn, .name = s.name };
    out->dest = (struct ctf_school){ .urn = dest_urn };
    out->pupils = arena_array(a, n ? n : 1, sizeof *out->pupils);
    if (!out->pupils)
        return err_set(e, ERR_NOMEM, "out of memory");
    char detail[96];
    snprintf(detail, sizeof detail, "common transfer file to school %.12s", dest_urn);
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct pupil p;
        if ((rc = pupil_by_upn(db, a, school_id, upns[i], &p, e)))
            return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "no pupil has UPN %s", upns[i])
                                      : rc;
        if ((rc = build_one(db, a, &p, &out->pupils[out->n_pupils++], e)) == 0)
            rc = audit_as(db, who, "export", "pupil", p.id, p.id, school_id, detail, e);
    }
    return rc;
}

/* The pupil's details as meso keeps them, with every problem at its path. */
static void check_pupil(struct arena *a, const struct ctf_pupil *c, struct pupil *p,
                        struct problems *pr)
{
    char why[160];
    bool temp = false;
    memset(p, 0, sizeof *p);
    p->eal = -1;
    if (c->upn && upn_check(c->upn, p->upn, &temp, why, sizeof why) != 0)
        problems_add(pr, arena_sprintf(a, "%s/UPN", c->path), "%s", why);
    p->upn_temporary = temp;
    p->legal_surname = c->surname;
    p->legal_forename = c->forename;
    p->preferred_surname = c->preferred_surname;
    p->preferred_forename = c->preferred_forename;
    p->former_upn = c->former_upn;
    if (c->dob && pupil_parse_date(c->dob, p->dob, why, sizeof why))
        problems_add(pr, arena_sprintf(a, "%s/DOB", c->path), "%s", why);
    if (c->sex && pupil_parse_sex(c->sex, p->sex, why, sizeof why))
        problems_add(pr, arena_sprintf(a, "%s/Sex", c->path), "%s", why);
    if (c->nc_year && pupil_parse_year(c->nc_year, p->nc_year, why, sizeof why))
        problems_add(pr, arena_sprintf(a, "%s/BasicDetails/NCyearActual", c->path), "%s", why);
    memcpy(p->sen, "N", 2);
    for (size_t i = 0; i < c->n_sen; i++) {
        char d[11], prov[2], need[5];
        const struct ctf_sen *s = &c->sen[i];
        if (s->start_date && pupil_parse_date(s->start_date, d, why, sizeof why))
            problems_add(pr, arena_sprintf(a, "%s/StartDate", s->path), "%s", why);
        if (s->provision && pupil_parse_sen(s->provision, prov, why, sizeof why))
            problems_add(pr, arena_sprintf(a, "%s/SENprovision", s->path), "%s", why);
        for (int k = 0; k < 2; k++)
            if (s->needs[k] && pupil_parse_need(s->needs[k], need, why, sizeof why))
                problems_add(pr, arena_sprintf(a, "%s/SENneeds", s->path), "%s", why);
    }
    for (size_t i = 0; i < c->n_fsm; i++) {
        char d[11];
        const struct ctf_fsm *f = &c->fsm[i];
        if (f->start && pupil_parse_date(f->start, d, why, sizeof why))
            problems_add(pr, arena_sprintf(a, "%s/FSMstartDate", f->path), "%s", why);
        if (f->end && pupil_parse_date(f->end, d, why, sizeof why))
            problems_add(pr, arena_sprintf(a, "%s/FSMendDate", f->path), "%s", why);
    }
    for (size_t i = 0; i < c->n_contacts; i++) {
        const char *rel;
        const struct ctf_contact *k = &c->contacts[i];
        if (k->relationship && carer_parse_relationship(k->relationship, &rel, why, sizeof why))
            problems_add(pr, arena_sprintf(a, "%s/Relationship", k->path), "%s", why);
    }
}

struct sen_rec {
    char d[11], prov[2], n1[5], n2[5];
};

static int by_date(const void *x, const void *y)
{
    return strcmp(((const struct sen_rec *)x)->d, ((const struct sen_rec *)y)->d);
}

/* The effective date of the pupil's latest SEN record (the last recorded,
 * as meso check reads it), or "" when they have none. */
static int latest_sen(struct db *db, int64_t id, char out[11], struct err *e)
{
    struct db_stmt *st;
    out[0] = '\0';
    int rc = db_prepare(db, &st,
                        "SELECT effective_date FROM sen_history WHERE pupil_id = ?1"
                        " ORDER BY id DESC LIMIT 1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st, e)) == DB_ROW)
        snprintf(out, 11, "%s", db_col_text(st, 0));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Add the SEN records received that are newer than the latest held, in date
 * order (so the last recorded is the latest, as meso check expects), then
 * make the latest the pupil's current SEN. Older records than those held are
 * left: the school's own history already covers that time. */
static int merge_sen(struct db *db, struct arena *a, int64_t id, const struct ctf_pupil *c,
                     const char *source, struct err *e)
{
    if (!c->n_sen)
        return 0;
    struct sen_rec *v = arena_array(a, c->n_sen, sizeof *v);
    char held[11], why[160];
    if (!v)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < c->n_sen; i++) {
        const struct ctf_sen *s = &c->sen[i];
        pupil_parse_date(s->start_date, v[i].d, why, sizeof why);
        pupil_parse_sen(s->provision, v[i].prov, why, sizeof why);
        if (!s->needs[0] || pupil_parse_need(s->needs[0], v[i].n1, why, sizeof why))
            v[i].n1[0] = '\0';
        if (!s->needs[1] || pupil_parse_need(s->needs[1], v[i].n2, why, sizeof why))
            v[i].n2[0] = '\0';
    }
    qsort(v, c->n_sen, sizeof *v, by_date);
    struct db_stmt *st;
    int rc = latest_sen(db, id, held, e);
    for (size_t i = 0; i < c->n_sen && rc == 0; i++) {
        if (held[0] && strcmp(v[i].d, held) <= 0)
            continue;
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO sen_history (pupil_id, provision, primary_need,"
                             " secondary_need, effective_date, source)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             e)))
            break;
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, v[i].prov);
        db_bind_text(st, 3, v[i].n1[0] ? v[i].n1 : NULL);
        db_bind_text(st, 4, v[i].n2[0] ? v[i].n2 : NULL);
        db_bind_text(st, 5, v[i].d);
        db_bind_text(st, 6, source);
        rc = db_step(st, e);
        db_finalize(st);
    }
    if (rc == 0)
        rc = db_prepare(db, &st,
                        "UPDATE pupil SET sen_provision = h.provision, sen_primary_need ="
                        " h.primary_need, sen_secondary_need = h.secondary_need FROM (SELECT"
                        " provision, primary_need, secondary_need FROM sen_history WHERE"
                        " pupil_id = ?1 ORDER BY id DESC LIMIT 1) AS h WHERE pupil.id = ?1",
                        e);
    if (rc == 0) {
        db_bind_int(st, 1, id);
        rc = db_step(st, e);
        db_finalize(st);
    }
    return rc;
}

/* Add the FSM periods that overlap none the pupil has. */
static int merge_fsm(struct db *db, int64_t id, const struct ctf_pupil *c, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; i < c->n_fsm && rc == 0; i++) {
        struct db_stmt *st;
        rc = db_prepare(db, &st,
                        "INSERT INTO fsm_period (pupil_id, start_date, end_date)"
                        " SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM fsm_period"
                        " WHERE pupil_id = ?1 AND start_date <= coalesce(CAST(?3 AS TEXT),"
                        " '9999-12-31') AND coalesce(end_date, '9999-12-31') >= ?2)",
                        e);
        if (rc)
            break;
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, c->fsm[i].start);
        db_bind_text(st, 3, c->fsm[i].end);
        rc = db_step(st, e);
        db_finalize(st);
    }
    return rc;
}

static int merge_carers(struct db *db, struct arena *a, int64_t school_id, int64_t id,
                        const struct ctf_pupil *c, int *added, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; i < c->n_contacts && rc == 0; i++) {
        const struct ctf_contact *k = &c->contacts[i];
        char why[160];
        const char *rel = NULL;
        if (k->relationship)
            carer_parse_relationship(k->relationship, &rel, why, sizeof why);
        struct carer cr = { .title = k->title,
                            .forename = k->forename,
                            .surname = k->surname,
                            .email = k->email,
                            .phone_mobile = k->phone_mobile,
                            .phone_home = k->phone_home,
                            .phone_work = k->phone_work,
                            .address_line1 = k->address_line1,
                            .address_line2 = k->address_line2,
                            .town = k->town,
                            .postcode = k->postcode };
        enum carer_save_result res;
        const char *key = carer_match_key(a, &cr, arena_sprintf(a, "%s-%d", k->surname, k->order));
        if ((rc = carer_save(db, school_id, &cr, key, &res, e)))
            break;
        *added += res == CARER_ADDED;
        struct carer_link l = { .pupil_id = id,
                                .carer_id = cr.id,
                                .relationship = rel,
                                .parental_responsibility = k->responsibility ? 1 : 0,
                                .contact_priority = k->order > 0 ? k->order : (int)i + 1 };
        rc = carer_link(db, &l, &res, e);
    }
    return rc;
}

/* A pupil's CTF attendance as the JSON of a history record (numbers only,
 * so written here without a JSON library), or NULL when there is none. */
static const char *attendance_json(struct arena *a, const struct ctf_pupil *p)
{
    if (p->n_attendance == 0)
        return NULL;
    struct buf b;
    buf_init(&b, 64 * 1024);
    buf_adds(&b, "{\"format\": \"ctf-attendance 1\", \"ctf_attendance\": [");
    for (size_t i = 0; i < p->n_attendance; i++) {
        const struct ctf_attendance *t = &p->attendance[i];
        buf_addf(&b, "%s{\"year\": %d, \"sessions_possible\": %d", i ? ", " : "", t->year,
                 t->possible);
        if (t->authorised >= 0)
            buf_addf(&b, ", \"authorised_absences\": %d", t->authorised);
        if (t->unauthorised >= 0)
            buf_addf(&b, ", \"unauthorised_absences\": %d", t->unauthorised);
        int absent = t->authorised + t->unauthorised;
        if (t->authorised >= 0 && t->unauthorised >= 0 && t->possible > 0 && absent <= t->possible)
            buf_addf(&b, ", \"attendance_percent\": %.1f",
                     100.0 * (t->possible - absent) / t->possible);
        buf_adds(&b, "}");
    }
    buf_adds(&b, "]}");
    const char *out = arena_strdup(a, buf_str(&b));
    buf_release(&b);
    return out;
}

int transfer_import(struct db *db, struct arena *a, int64_t school_id, const struct ctf *c,
                    const char *source, const struct audit_entry *who, struct problems *pr,
                    struct transfer_result *r, struct err *e)
{
    *r = (struct transfer_result){ 0 };
    struct pupil *ps = c->n_pupils ? arena_array(a, c->n_pupils, sizeof *ps) : NULL;
    if (c->n_pupils && !ps)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < c->n_pupils; i++)
        check_pupil(a, &c->pupils[i], &ps[i], pr);
    /* meso's records: each for a pupil of this file. */
    size_t *owner = c->n_meso ? arena_array(a, c->n_meso, sizeof *owner) : NULL;
    if (c->n_meso && !owner)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t m = 0; m < c->n_meso; m++) {
        owner[m] = c->n_pupils;
        for (size_t i = 0; i < c->n_pupils && c->meso[m].upn; i++)
            if (c->pupils[i].upn && strcmp(c->pupils[i].upn, c->meso[m].upn) == 0)
                owner[m] = i;
        if (owner[m] == c->n_pupils && c->meso[m].upn)
            problems_add(pr, arena_sprintf(a, "%s/@upn", c->meso[m].path),
                         "no pupil with UPN %s in this file", c->meso[m].upn);
    }
    if (pr->n > 0) /* reading's problems too */
        return err_set(e, ERR_INPUT, "nothing was imported");
    char detail[96];
    snprintf(detail, sizeof detail, "common transfer file from school %.12s",
             c->source.urn ? c->source.urn : "(not given)");
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < c->n_pupils && rc == 0; i++) {
        enum pupil_save_result res;
        unsigned fields = PF_LEGAL_NAME | PF_PREF_SURNAME | PF_PREF_FORENAME | PF_DOB | PF_SEX |
                          PF_FORMER_UPN | (ps[i].nc_year[0] ? PF_YEAR : 0);
        rc = pupil_save(db, school_id, &ps[i], fields, source, &res, e);
        if (rc == 0) {
            r->added += res == PUPIL_ADDED;
            r->updated += res != PUPIL_ADDED;
            rc = merge_sen(db, a, ps[i].id, &c->pupils[i], source, e);
        }
        if (rc == 0)
            rc = merge_fsm(db, ps[i].id, &c->pupils[i], e);
        if (rc == 0)
            rc = merge_carers(db, a, school_id, ps[i].id, &c->pupils[i], &r->carers, e);
        if (rc == 0)
            rc = audit_as(db, who, "import", "pupil", ps[i].id, ps[i].id, school_id, detail, e);
        if (rc)
            err_wrap(e, "%s", c->pupils[i].path);
    }
    /* The CTF's own attendance, kept as history too (docs/ctf.md). */
    for (size_t i = 0; i < c->n_pupils && rc == 0; i++) {
        const char *json = attendance_json(a, &c->pupils[i]);
        if (!json)
            continue;
        struct transfer_history h = { .from_urn = c->source.urn,
                                      .from_name = c->source.name,
                                      .sent_at = c->datetime,
                                      .consent = "Sent in the Common Transfer File, as schools "
                                                 "must when a child moves school",
                                      .record = json };
        rc = transfer_history_add(db, who, school_id, ps[i].id, &h, e);
        r->attendance += rc == 0;
        if (rc)
            err_wrap(e, "%s", c->pupils[i].path);
    }
    for (size_t m = 0; m < c->n_meso && rc == 0; m++) {
        struct transfer_history h = { .from_urn = c->source.urn,
                                      .from_name = c->source.name,
                                      .sent_at = c->datetime,
                                      .consent = c->meso[m].consent,
                                      .record = c->meso[m].record };
        rc = transfer_history_add(db, who, school_id, ps[owner[m]].id, &h, e);
        r->histories += rc == 0;
        if (rc)
            err_wrap(e, "%s", c->meso[m].path);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
