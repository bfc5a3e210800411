#include "cli/cmd_sar.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd_conv.h"
#include "core/date.h"
#include "model/conversations/contact.h"
#include "model/conversations/conversation.h"
#include "model/measures/assessment.h"
#include "model/programmes/programme.h"
#include "model/programmes/pupilprov.h"
#include "model/programmes/story.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/factor.h"
#include "model/register/outcomes.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "view/repr.h"
#include "view/repr_conv.h"
#include "view/repr_measures.h"
#include "view/repr_prog.h"
#include "view/repr_provmap.h"
#include "view/sardoc.h"

#define SAR_NOMEM(ctx) err_set(&(ctx)->err, ERR_NOMEM, "out of memory")

/* Set key on o to v (stolen); a NULL v or a failure is out of memory. */
static int put(struct cli_ctx *ctx, json_t *o, const char *key, json_t *v)
{
    if (!v || json_object_set_new(o, key, v))
        return SAR_NOMEM(ctx);
    return 0;
}

/* The register: the pupil, SEN history, FSM periods, factors, carers. */
static int gather_register(struct cli_ctx *ctx, const struct pupil *p, json_t *sar)
{
    struct pupil_carer *carers;
    struct sen_change *hist;
    struct fsm_period *fsm;
    struct factor *fx;
    size_t n_carers, n_hist, n_fsm, n_fx;
    int rc;
    if ((rc = carer_list_for_pupil(ctx->db, &ctx->arena, p->id, &carers, &n_carers, &ctx->err)) ||
        (rc = pupil_sen_history(ctx->db, &ctx->arena, p->id, &hist, &n_hist, &ctx->err)) ||
        (rc = pupil_fsm_periods(ctx->db, &ctx->arena, p->id, &fsm, &n_fsm, &ctx->err)) ||
        (rc = factor_list(ctx->db, &ctx->arena, p->id, &fx, &n_fx, &ctx->err)))
        return rc;
    json_t *o = repr_pupil(p), *jc = json_array(), *jh = json_array(), *jf = json_array(),
           *jx = json_array();
    for (size_t i = 0; jc && i < n_carers; i++)
        json_array_append_new(jc, repr_pupil_carer(&carers[i]));
    for (size_t i = 0; jh && i < n_hist; i++)
        json_array_append_new(jh, repr_sen_change(&hist[i]));
    for (size_t i = 0; jf && i < n_fsm; i++)
        json_array_append_new(
            jf, json_pack("{s:s, s:o}", "start", fsm[i].start, "end", repr_str(fsm[i].end)));
    for (size_t i = 0; jx && i < n_fx; i++)
        json_array_append_new(
            jx, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "type", fx[i].type, "kind",
                          fx[i].kind, "label", fx[i].label, "source", fx[i].source, "identified_on",
                          fx[i].identified_on, "ended_on", repr_str(fx[i].ended_on), "note",
                          repr_str(fx[i].note)));
    if (!o) {
        json_decref(jc), json_decref(jh), json_decref(jf), json_decref(jx);
        return SAR_NOMEM(ctx);
    }
    if ((rc = put(ctx, o, "carers", jc)) || (rc = put(ctx, o, "sen_history", jh)) ||
        (rc = put(ctx, o, "fsm_periods", jf)) || (rc = put(ctx, o, "factors", jx)))
        return json_decref(o), rc;
    return put(ctx, sar, "pupil", o);
}

/* Conversations (shared or not, each with its targets), targets, contacts. */
static int gather_conversations(struct cli_ctx *ctx, const struct school *s, const struct pupil *p,
                                const struct audit_entry *who, json_t *sar, struct contact **cs,
                                size_t *n_cs)
{
    struct conv_filter cf = { .school_id = s->id, .pupil_id = p->id };
    struct conversation *cv;
    struct target *ts;
    size_t n_cv, n_ts;
    int rc;
    struct contact_filter kf = { .school_id = s->id, .pupil_id = p->id };
    if ((rc = conversation_list(ctx->db, &ctx->arena, &cf, who, &cv, &n_cv, &ctx->err)) ||
        (rc = target_list(ctx->db, &ctx->arena, p->id, who, &ts, &n_ts, &ctx->err)) ||
        (rc = contact_list(ctx->db, &ctx->arena, &kf, who, cs, n_cs, &ctx->err)))
        return rc;
    json_t *jv = json_array(), *jt = json_array(), *jk = json_array();
    for (size_t i = 0; jv && i < n_cv; i++)
        json_array_append_new(jv, repr_conversation(&cv[i]));
    for (size_t i = 0; jt && i < n_ts; i++)
        json_array_append_new(jt, repr_target(&ts[i]));
    for (size_t i = 0; jk && i < *n_cs; i++)
        json_array_append_new(jk, repr_contact(&(*cs)[i]));
    if ((rc = put(ctx, sar, "conversations", jv)))
        return json_decref(jt), json_decref(jk), rc;
    if ((rc = put(ctx, sar, "targets", jt)))
        return json_decref(jk), rc;
    return put(ctx, sar, "contacts", jk);
}

/* The child's own row of each session of each programme they were in
 * (whether they and their parent came); not the session's notes, which are
 * about the whole group. */
static int gather_attendance(struct cli_ctx *ctx, const struct pupilprov *pp, json_t *sar)
{
    json_t *list = json_array();
    int rc = 0;
    for (size_t i = 0; list && i < pp->n_items && rc == 0; i++) {
        const struct pupilprov_item *it = &pp->items[i];
        if (!it->has_dosage)
            continue;
        struct prog_session *ss;
        size_t n;
        if ((rc = programme_sessions(ctx->db, &ctx->arena, it->provision->id, &ss, &n, &ctx->err)))
            break;
        for (size_t k = 0; k < n; k++)
            for (size_t j = 0; j < ss[k].n_attendance; j++)
                if (ss[k].attendance[j].enrolment_id == it->enrolment->id)
                    json_array_append_new(
                        list, json_pack("{s:s, s:s, s:i, s:s, s:s, s:b, s:b}", "programme",
                                        it->provision->name, "session",
                                        session_kind_names[ss[k].kind], "number", ss[k].seq, "date",
                                        ss[k].date, "status", session_status_names[ss[k].status],
                                        "child_came", ss[k].attendance[j].child, "parent_came",
                                        ss[k].attendance[j].parent));
    }
    if (rc)
        return json_decref(list), rc;
    return put(ctx, sar, "attendance", list);
}

/* Measures, outcomes, provision (reviews, involvements, attendance) and
 * stories. */
static int gather_records(struct cli_ctx *ctx, const struct school *s, const struct pupil *p,
                          const struct audit_entry *who, json_t *sar)
{
    struct assessment *as;
    struct pupil_outcomes po;
    struct outcome_codes codes;
    struct pupilprov pp;
    struct story *st;
    size_t n_as, n_st;
    int rc;
    if ((rc = assessment_list(ctx->db, &ctx->arena, p->id, &as, &n_as, &ctx->err)) ||
        (rc = outcome_list(ctx->db, &ctx->arena, p->id, &po, &ctx->err)) ||
        (rc = outcome_codes_load(ctx->db, &ctx->arena, &codes, &ctx->err)) ||
        (rc = pupilprov_build(ctx->db, &ctx->arena, p->id, s->id, NULL, who, &pp, &ctx->err)) ||
        (rc = story_list_for_pupil(ctx->db, &ctx->arena, p->id, who, &st, &n_st, &ctx->err)))
        return rc;
    json_t *ja = json_array(), *js = json_array();
    for (size_t i = 0; ja && i < n_as; i++)
        json_array_append_new(ja, repr_assessment(&as[i]));
    for (size_t i = 0; js && i < n_st; i++)
        json_array_append_new(js, repr_story(&st[i]));
    if ((rc = put(ctx, sar, "assessments", ja)))
        return json_decref(js), rc;
    if ((rc = put(ctx, sar, "stories", js)) ||
        (rc = put(ctx, sar, "outcomes", repr_outcomes(&po, &codes))))
        return rc;
    if ((rc = put(ctx, sar, "provision", repr_pupilprov(&pp))))
        return rc;
    return gather_attendance(ctx, &pp, sar);
}

/* The carer who asked: their details and the contacts they took part in. */
static int gather_carer(struct cli_ctx *ctx, const struct pupil *p, int64_t carer_id,
                        const struct contact *cs, size_t n_cs, json_t *sar)
{
    bool theirs;
    int rc = carer_of_pupil(ctx->db, p->id, carer_id, &theirs, &ctx->err);
    if (rc)
        return rc;
    if (!theirs)
        return err_set(&ctx->err, ERR_INPUT, "--carer %lld is not one of %s's carers",
                       (long long)carer_id, p->upn);
    struct carer c;
    if ((rc = carer_by_id(ctx->db, &ctx->arena, p->school_id, carer_id, &c, &ctx->err)))
        return rc;
    json_t *o = repr_carer(&c), *jk = json_array();
    for (size_t i = 0; jk && i < n_cs; i++)
        for (size_t j = 0; j < cs[i].n_carers; j++)
            if (cs[i].carer_ids[j] == carer_id) {
                json_array_append_new(jk, repr_contact(&cs[i]));
                break;
            }
    if (!o)
        return json_decref(jk), SAR_NOMEM(ctx);
    if ((rc = put(ctx, o, "contacts", jk)))
        return json_decref(o), rc;
    return put(ctx, sar, "carer", o);
}

static int gather_audit(struct cli_ctx *ctx, const struct pupil *p, json_t *sar)
{
    struct audit_filter f = { .pupil_id = p->id };
    struct audit_entry *es;
    size_t n;
    int rc = audit_list(ctx->db, &ctx->arena, &f, &es, &n, &ctx->err);
    if (rc)
        return rc;
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)es[i].id,
                            "at", es[i].at, "actor", es[i].actor, "action", es[i].action, "entity",
                            es[i].entity, "entity_id",
                            es[i].entity_id ? json_integer(es[i].entity_id) : json_null(), "detail",
                            repr_str(es[i].detail), "address", repr_str(es[i].address)));
    return put(ctx, sar, "audit", list);
}

/* DIR made if missing; DIR/sar.json and DIR/sar.pdf must not exist. */
static int prepare_dir(struct cli_ctx *ctx, const char *dir, const char **json_path,
                       const char **pdf_path)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return err_set(&ctx->err, ERR_STORAGE, "--out %s: cannot make the folder: %s", dir,
                       strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return err_set(&ctx->err, ERR_CONFLICT, "--out %s: not a folder", dir);
    *json_path = arena_sprintf(&ctx->arena, "%s/sar.json", dir);
    *pdf_path = arena_sprintf(&ctx->arena, "%s/sar.pdf", dir);
    if (!*json_path || !*pdf_path)
        return SAR_NOMEM(ctx);
    if (access(*json_path, F_OK) == 0 || access(*pdf_path, F_OK) == 0)
        return err_set(&ctx->err, ERR_CONFLICT,
                       "--out %s already holds a sar.json or sar.pdf; choose an empty folder", dir);
    return 0;
}

static int gather(struct cli_ctx *ctx, const struct school *s, const struct pupil *p,
                  int64_t carer_id, json_t *sar)
{
    struct audit_entry who = cli_who(ctx);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct contact *cs;
    size_t n_cs;
    int rc = put(ctx, sar, "request",
                 json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "made_at", now, "made_by", ctx->actor,
                           "school_urn", s->urn, "school_name", s->name, "upn", p->upn,
                           "pupil_name", pupil_display_name(&ctx->arena, p)));
    if (rc || (rc = gather_register(ctx, p, sar)) ||
        (rc = gather_conversations(ctx, s, p, &who, sar, &cs, &n_cs)) ||
        (rc = gather_records(ctx, s, p, &who, sar)))
        return rc;
    if (carer_id && (rc = gather_carer(ctx, p, carer_id, cs, n_cs, sar)))
        return rc;
    return gather_audit(ctx, p, sar);
}

int sar_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    const char *dir = cli_opt(a, "--out");
    if (!dir || !*dir)
        return err_set(&ctx->err, ERR_USAGE, "meso sar needs --out DIR, the folder to write to");
    long long carer_id = 0;
    int rc = cli_opt_int(ctx, a, "--carer", 1, INT64_MAX, &carer_id);
    if (rc)
        return rc;
    struct school school;
    struct pupil p;
    if ((rc = cli_pupil(ctx, a, a->pos[0], &school, &p))) {
        if (rc == ERR_NOTFOUND)
            return err_set(&ctx->err, ERR_NOTFOUND, "no pupil with UPN %s at %s", a->pos[0],
                           school.name);
        return rc;
    }
    const char *json_path = NULL, *pdf_path = NULL;
    if ((rc = prepare_dir(ctx, dir, &json_path, &pdf_path)))
        return rc;
    json_t *sar = json_object();
    if (!sar)
        return SAR_NOMEM(ctx);
    if ((rc = gather(ctx, &school, &p, (int64_t)carer_id, sar)))
        goto done;
    if (json_dump_file(sar, json_path, JSON_INDENT(2)) != 0) {
        rc = err_set(&ctx->err, ERR_STORAGE, "%s: could not be written", json_path);
        goto done;
    }
    chmod(json_path, 0600);
    if ((rc = sardoc_pdf_file(pdf_path, &ctx->arena, sar, &ctx->err))) {
        unlink(json_path); /* no half an export: the folder can be used again */
        goto done;
    }
    struct audit_entry au = {
        .actor = ctx->actor,
        .action = "export",
        .entity = "sar",
        .entity_id = p.id,
        .pupil_id = p.id,
        .school_id = school.id,
        .detail = arena_sprintf(
            &ctx->arena, "subject access request for %s%s", p.upn,
            carer_id ? arena_sprintf(&ctx->arena, ", with carer %lld's own records", carer_id)
                     : ""),
    };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        goto done;
    fprintf(ctx->out, "Wrote %s and %s: everything held about %s.\n", json_path, pdf_path,
            pupil_display_name(&ctx->arena, &p));
done:
    json_decref(sar);
    return rc;
}
