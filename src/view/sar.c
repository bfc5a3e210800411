#include "view/sar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
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
#include "model/sar/redaction.h"
#include "view/repr.h"
#include "view/repr_conv.h"
#include "view/repr_measures.h"
#include "view/repr_prog.h"
#include "view/repr_provmap.h"
#include "view/sardoc.h"

#define SAR_NOMEM(ctx) err_set((ctx)->err, ERR_NOMEM, "out of memory")

/* Set key on o to v (stolen); a NULL v or a failure is out of memory. */
static int put(const struct sar_source *ctx, json_t *o, const char *key, json_t *v)
{
    if (!v || json_object_set_new(o, key, v))
        return SAR_NOMEM(ctx);
    return 0;
}

/* The register: the pupil, SEN history, FSM periods, factors, carers. */
static int gather_register(const struct sar_source *ctx, const struct pupil *p, json_t *sar)
{
    struct pupil_carer *carers;
    struct sen_change *hist;
    struct fsm_period *fsm;
    struct factor *fx;
    size_t n_carers, n_hist, n_fsm, n_fx;
    int rc;
    if ((rc = carer_list_for_pupil(ctx->db, ctx->arena, p->id, &carers, &n_carers, ctx->err)) ||
        (rc = pupil_sen_history(ctx->db, ctx->arena, p->id, &hist, &n_hist, ctx->err)) ||
        (rc = pupil_fsm_periods(ctx->db, ctx->arena, p->id, &fsm, &n_fsm, ctx->err)) ||
        (rc = factor_list(ctx->db, ctx->arena, p->id, &fx, &n_fx, ctx->err)))
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
static int gather_conversations(const struct sar_source *ctx, const struct school *s,
                                const struct pupil *p, const struct audit_entry *who, json_t *sar,
                                struct contact **cs, size_t *n_cs)
{
    struct conv_filter cf = { .school_id = s->id, .pupil_id = p->id };
    struct conversation *cv;
    struct target *ts;
    size_t n_cv, n_ts;
    int rc;
    struct contact_filter kf = { .school_id = s->id, .pupil_id = p->id };
    if ((rc = conversation_list(ctx->db, ctx->arena, &cf, who, &cv, &n_cv, ctx->err)) ||
        (rc = target_list(ctx->db, ctx->arena, p->id, who, &ts, &n_ts, ctx->err)) ||
        (rc = contact_list(ctx->db, ctx->arena, &kf, who, cs, n_cs, ctx->err)))
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
static int gather_attendance(const struct sar_source *ctx, const struct pupilprov *pp, json_t *sar)
{
    json_t *list = json_array();
    int rc = 0;
    for (size_t i = 0; list && i < pp->n_items && rc == 0; i++) {
        const struct pupilprov_item *it = &pp->items[i];
        if (!it->has_dosage)
            continue;
        struct prog_session *ss;
        size_t n;
        if ((rc = programme_sessions(ctx->db, ctx->arena, it->provision->id, &ss, &n, ctx->err)))
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
static int gather_records(const struct sar_source *ctx, const struct school *s,
                          const struct pupil *p, const struct audit_entry *who, json_t *sar)
{
    struct assessment *as;
    struct pupil_outcomes po;
    struct outcome_codes codes;
    struct pupilprov pp;
    struct story *st;
    size_t n_as, n_st;
    int rc;
    if ((rc = assessment_list(ctx->db, ctx->arena, p->id, &as, &n_as, ctx->err)) ||
        (rc = outcome_list(ctx->db, ctx->arena, p->id, &po, ctx->err)) ||
        (rc = outcome_codes_load(ctx->db, ctx->arena, &codes, ctx->err)) ||
        (rc = pupilprov_build(ctx->db, ctx->arena, p->id, s->id, NULL, who, &pp, ctx->err)) ||
        (rc = story_list_for_pupil(ctx->db, ctx->arena, p->id, who, &st, &n_st, ctx->err)))
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
static int gather_carer(const struct sar_source *ctx, const struct pupil *p, int64_t carer_id,
                        const struct contact *cs, size_t n_cs, json_t *sar)
{
    bool theirs;
    int rc = carer_of_pupil(ctx->db, p->id, carer_id, &theirs, ctx->err);
    if (rc)
        return rc;
    if (!theirs)
        return err_set(ctx->err, ERR_INPUT, "--carer %lld is not one of %s's carers",
                       (long long)carer_id, p->upn);
    struct carer c;
    if ((rc = carer_by_id(ctx->db, ctx->arena, carer_id, &c, ctx->err)))
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

static int gather_audit(const struct sar_source *ctx, const struct pupil *p, json_t *sar)
{
    struct audit_filter f = { .pupil_id = p->id };
    struct audit_entry *es;
    size_t n;
    int rc = audit_list(ctx->db, ctx->arena, &f, &es, &n, ctx->err);
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

int sar_gather(const struct sar_source *ctx, json_t **out)
{
    const struct school *s = ctx->school;
    const struct pupil *p = ctx->pupil;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct contact *cs;
    size_t n_cs;
    json_t *sar = json_object();
    if (!sar)
        return SAR_NOMEM(ctx);
    const char *actor = ctx->who && ctx->who->actor ? ctx->who->actor : "unknown";
    int rc = put(ctx, sar, "request",
                 json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "made_at", now, "made_by", actor,
                           "school_urn", s->urn, "school_name", s->name, "upn", p->upn,
                           "pupil_name", pupil_display_name(ctx->arena, p)));
    if (rc || (rc = gather_register(ctx, p, sar)) ||
        (rc = gather_conversations(ctx, s, p, ctx->who, sar, &cs, &n_cs)) ||
        (rc = gather_records(ctx, s, p, ctx->who, sar)) ||
        (ctx->carer_id && (rc = gather_carer(ctx, p, ctx->carer_id, cs, n_cs, sar))) ||
        (rc = gather_audit(ctx, p, sar))) {
        json_decref(sar);
        return rc;
    }
    *out = sar;
    return 0;
}

/* ---- paths and redactions ------------------------------------------------ */

/* The element of list named by seg ("#12": the record with id 12; "3": the
 * fourth), or NULL. */
static json_t *list_element(json_t *list, const char *seg, size_t len)
{
    char tmp[32];
    if (len == 0 || len >= sizeof tmp)
        return NULL;
    memcpy(tmp, seg, len);
    tmp[len] = '\0';
    char *end;
    if (tmp[0] == '#') {
        long long id = strtoll(tmp + 1, &end, 10);
        if (*end || end == tmp + 1)
            return NULL;
        size_t i;
        json_t *x;
        json_array_foreach(list, i, x)
        {
            json_t *jid = json_object_get(x, "id");
            if (json_is_integer(jid) && json_integer_value(jid) == id)
                return x;
        }
        return NULL;
    }
    long long k = strtoll(tmp, &end, 10);
    if (*end || k < 0)
        return NULL;
    return json_array_get(list, (size_t)k);
}

/* The container and the slot (key or index) of path's last segment. */
static json_t *parent_of(json_t *sar, const char *path, const char **last, size_t *last_len)
{
    json_t *cur = sar;
    const char *seg = path;
    for (;;) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (!slash) {
            *last = seg;
            *last_len = len;
            return cur;
        }
        char key[128];
        if (json_is_array(cur))
            cur = list_element(cur, seg, len);
        else if (json_is_object(cur) && len < sizeof key) {
            memcpy(key, seg, len);
            key[len] = '\0';
            cur = json_object_get(cur, key);
        } else
            cur = NULL;
        if (!cur)
            return NULL;
        seg = slash + 1;
    }
}

json_t *sar_at(json_t *sar, const char *path)
{
    const char *last;
    size_t len;
    char key[128];
    json_t *parent = path && *path ? parent_of(sar, path, &last, &len) : NULL;
    if (json_is_array(parent))
        return list_element(parent, last, len);
    if (!json_is_object(parent) || len >= sizeof key)
        return NULL;
    memcpy(key, last, len);
    key[len] = '\0';
    return json_object_get(parent, key);
}

/* Put v (stolen) where path points. */
static int set_at(json_t *sar, const char *path, json_t *v)
{
    const char *last;
    size_t len;
    char key[128];
    json_t *parent = parent_of(sar, path, &last, &len);
    if (json_is_array(parent)) {
        json_t *old = list_element(parent, last, len);
        for (size_t i = 0; old && i < json_array_size(parent); i++)
            if (json_array_get(parent, i) == old)
                return json_array_set_new(parent, i, v);
    } else if (json_is_object(parent) && len < sizeof key) {
        memcpy(key, last, len);
        key[len] = '\0';
        if (json_object_get(parent, key))
            return json_object_set_new(parent, key, v);
    }
    json_decref(v);
    return -1;
}

/* s with every occurrence of passage replaced; NULL when there is none (or
 * no memory: *nomem). */
static json_t *replace_passage(const char *s, const char *passage, bool *nomem)
{
    size_t plen = strlen(passage);
    if (!strstr(s, passage))
        return NULL;
    struct buf b;
    buf_init(&b, 16u << 20);
    const char *at;
    while ((at = strstr(s, passage))) {
        buf_add(&b, s, (size_t)(at - s));
        buf_adds(&b, SAR_REDACTED);
        s = at + plen;
    }
    buf_adds(&b, s);
    json_t *v = json_string(buf_str(&b));
    buf_release(&b);
    *nomem = v == NULL;
    return v;
}

/* passage replaced in every string under v; how many strings changed, or
 * -1 for no memory. */
static int replace_everywhere(json_t *v, const char *passage)
{
    int n = 0, k;
    bool nomem = false;
    if (json_is_object(v)) {
        const char *key;
        json_t *x;
        json_object_foreach(v, key, x)
        {
            json_t *nv =
                json_is_string(x) ? replace_passage(json_string_value(x), passage, &nomem) : NULL;
            if (nomem || (nv && json_object_set_new(v, key, nv)))
                return -1;
            if (nv)
                n++;
            else if ((k = replace_everywhere(x, passage)) < 0)
                return -1;
            else
                n += k;
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *x = json_array_get(v, i);
            json_t *nv =
                json_is_string(x) ? replace_passage(json_string_value(x), passage, &nomem) : NULL;
            if (nomem || (nv && json_array_set_new(v, i, nv)))
                return -1;
            if (nv)
                n++;
            else if ((k = replace_everywhere(x, passage)) < 0)
                return -1;
            else
                n += k;
        }
    }
    return n;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int sar_apply_redactions(json_t *sar, const struct sar_redaction *rs, size_t n)
{
    json_t *list = json_array();
    if (!list || json_object_set_new(sar, "redactions", list))
        return ERR_NOMEM;
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        const struct sar_redaction *r = &rs[i];
        bool everywhere = strcmp(r->path, SAR_PATH_EVERYWHERE) == 0;
        json_t *v = everywhere ? NULL : sar_at(sar, r->path);
        bool ok = false, nomem = false;
        if (everywhere && r->passage) {
            /* Every section but the list of redactions itself. */
            const char *key;
            json_t *x;
            int k = 0, all = 0;
            json_object_foreach(sar, key, x)
            {
                if (strcmp(key, "redactions") == 0)
                    continue;
                if ((k = replace_everywhere(x, r->passage)) < 0)
                    return ERR_NOMEM;
                all += k;
            }
            ok = all > 0;
        } else if (v && !r->passage)
            ok = set_at(sar, r->path, json_string(SAR_REDACTED)) == 0;
        else if (json_is_string(v)) {
            json_t *nv = replace_passage(json_string_value(v), r->passage, &nomem);
            ok = nv && set_at(sar, r->path, nv) == 0;
        }
        if (nomem)
            return ERR_NOMEM;
        found += ok;
        char what[64];
        if (r->passage)
            snprintf(what, sizeof what, "a passage of %zu characters", utf8_chars(r->passage));
        else
            snprintf(what, sizeof what, "all of it");
        if (json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
                                                  (json_int_t)r->id, "path", r->path, "what", what,
                                                  "reason", r->reason, "by", r->created_by, "at",
                                                  r->created_at, "found", ok)))
            return ERR_NOMEM;
    }
    return found;
}

static int walk(json_t *v, const char *path, const char *key, int depth, struct arena *a,
                sar_visit_fn fn, void *ctx)
{
    int rc = fn(path, key, v, depth, ctx);
    if (rc)
        return rc;
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            const char *p = arena_sprintf(a, "%s/%s", path, k);
            if (!p)
                return ERR_NOMEM;
            if ((rc = walk(x, p, k, depth + 1, a, fn, ctx)))
                return rc;
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            json_t *jid = json_object_get(x, "id");
            const char *p = json_is_integer(jid) ? arena_sprintf(a, "%s/#%lld", path,
                                                                 (long long)json_integer_value(jid))
                                                 : arena_sprintf(a, "%s/%zu", path, i);
            if (!p)
                return ERR_NOMEM;
            if ((rc = walk(x, p, NULL, depth + 1, a, fn, ctx)))
                return rc;
        }
    }
    return 0;
}

int sar_walk(json_t *sar, struct arena *a, sar_visit_fn fn, void *ctx)
{
    const char *k;
    json_t *x;
    json_object_foreach(sar, k, x)
    {
        if (strcmp(k, "request") == 0 || strcmp(k, "audit") == 0 || strcmp(k, "redactions") == 0)
            continue;
        int rc = walk(x, k, k, 0, a, fn, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

int sar_make(const struct sar_source *s, json_t **out, struct buf *pdf, int *n_redacted)
{
    json_t *sar = NULL;
    struct sar_redaction *rs;
    size_t n_rs;
    int rc = sar_redaction_list(s->db, s->arena, s->pupil->id, false, &rs, &n_rs, s->err);
    if (rc || (rc = sar_gather(s, &sar)))
        return rc;
    int found = sar_apply_redactions(sar, rs, n_rs);
    if (found < 0) {
        rc = SAR_NOMEM(s);
        goto fail;
    }
    if (pdf && (rc = sardoc_pdf_buf(pdf, s->arena, sar, s->err)))
        goto fail;
    const char *detail = arena_sprintf(
        s->arena, "subject access request for %s%s; %d of %zu redactions applied", s->pupil->upn,
        s->carer_id
            ? arena_sprintf(s->arena, ", with carer %lld's own records", (long long)s->carer_id)
            : "",
        found, n_rs);
    if ((rc = audit_as(s->db, s->who, "export", "sar", s->pupil->id, s->pupil->id, s->school->id,
                       detail, s->err)))
        goto fail;
    *out = sar;
    if (n_redacted)
        *n_redacted = found;
    return 0;
fail:
    json_decref(sar);
    return rc;
}
