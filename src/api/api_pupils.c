/* api_pupils.c - /api/v1/pupils and /api/v1/carers. */
#include "api/api.h"

#include <string.h>

#include "view/repr.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"
#include "model/register/record.h"

static int audit(struct request *req, const char *action, const char *entity, int64_t entity_id,
                 int64_t pupil_id, const char *detail)
{
    struct audit_entry au = { .actor = api_actor(req),
                              .action = action,
                              .entity = entity,
                              .entity_id = entity_id,
                              .pupil_id = pupil_id,
                              .school_id = req->who.school_id,
                              .detail = detail,
                              .address = req->client };
    return audit_log(req->db, &au, &req->err);
}

/* The API caller as the model's audit identity. */
static struct audit_entry api_who(struct request *req)
{
    return (struct audit_entry){ .actor = api_actor(req),
                                 .address = req->client,
                                 .school_id = req->who.school_id };
}

static int64_t id_param(const struct request *req)
{
    long long id;
    return str_to_int(req_param(req, 0), 1, INT64_MAX, &id) == 0 ? id : 0;
}

/* A pupil of the token's school, or ERR_NOTFOUND. */
static int load_pupil(struct request *req, struct pupil *p)
{
    int64_t id = id_param(req);
    if (!id)
        return ERR_NOTFOUND;
    int rc = access_pupil_visible(req->db, &req->who, id, &req->err);
    return rc ? rc : pupil_by_id(req->db, &req->arena, req->who.school_id, id, p, &req->err);
}

int api_pupils_list(struct request *req, struct response *res)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    int page, per_page;
    api_page(req, &page, &per_page, &pr);
    struct pupil_filter f = { .fsm = -1,
                              .limit = per_page,
                              .offset = (page - 1) * per_page,
                              .include_leavers = req_query(req, "leavers") != NULL };
    access_pupil_filter(&req->who, &f);
    char year[4], sen[2], why[160];
    const char *v;
    if ((v = req_query(req, "year")) && pupil_parse_year(v, year, why, sizeof why) == 0)
        f.nc_year = year;
    else if (v)
        problems_add(&pr, "year", "%s", why);
    if ((v = req_query(req, "sen")) && *v && pupil_parse_sen(v, sen, why, sizeof why) == 0)
        f.sen = sen;
    else if (v)
        problems_add(&pr, "sen", "use N, K or E");
    if ((v = req_query(req, "upn")))
        f.search = v;
    if (pr.n)
        return api_invalid(res, &pr);
    struct pupil *ps;
    size_t n, total;
    int rc = pupil_list(req->db, &req->arena, &f, &ps, &n, &total, &req->err);
    if (rc)
        return rc;
    if (n == 0 && page > 1) {
        /* Count without the offset, so "total" stays right past the end. */
        struct pupil *tmp;
        size_t tn;
        f.offset = 0;
        f.limit = 1;
        if ((rc = pupil_list(req->db, &req->arena, &f, &tmp, &tn, &total, &req->err)))
            return rc;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n && items; i++)
        json_array_append_new(items, repr_pupil(&ps[i]));
    if ((rc =
             audit(req, "list", "pupil", 0, 0, arena_sprintf(&req->arena, "%zu pupils listed", n))))
        return rc;
    return api_send(res, 200, api_list(req, items, page, per_page, total));
}

int api_pupils_get(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = load_pupil(req, &p);
    if (rc)
        return rc;
    struct pupil_carer *carers;
    struct sen_change *hist;
    size_t n_carers, n_hist;
    if ((rc = carer_list_for_pupil(req->db, &req->arena, p.id, &carers, &n_carers, &req->err)) ||
        (rc = pupil_sen_history(req->db, &req->arena, p.id, &hist, &n_hist, &req->err)))
        return rc;
    json_t *o = repr_pupil(&p), *jc = json_array(), *jh = json_array();
    for (size_t i = 0; i < n_carers; i++)
        json_array_append_new(jc, repr_pupil_carer(&carers[i]));
    for (size_t i = 0; i < n_hist; i++)
        json_array_append_new(jh, repr_sen_change(&hist[i]));
    json_object_set_new(o, "carers", jc);
    json_object_set_new(o, "sen_history", jh);
    if ((rc = audit(req, "view", "pupil", p.id, p.id, NULL))) {
        json_decref(o);
        return rc;
    }
    return api_send(res, 200, o);
}

/* Fields a client may send, with the bit each changes. */
static const struct {
    const char *name;
    unsigned field;
} pupil_fields[] = {
    { "upn", 0 },
    { "former_upn", PF_FORMER_UPN },
    { "legal_surname", PF_LEGAL_NAME },
    { "legal_forename", PF_LEGAL_NAME },
    { "preferred_surname", PF_PREF_SURNAME },
    { "preferred_forename", PF_PREF_FORENAME },
    { "dob", PF_DOB },
    { "sex", PF_SEX },
    { "nc_year", PF_YEAR },
    { "sen_provision", PF_SEN },
    { "sen_primary_need", PF_SEN },
    { "sen_secondary_need", PF_SEN },
    { "eal", PF_EAL },
    { "first_language", PF_FIRST_LANGUAGE },
    { "looked_after", PF_CLA },
    { "fsm", PF_FSM },
    { "admission_date", PF_ADMISSION },
    { "leaving_date", PF_LEAVING },
};

/* Text of a JSON value that should be a string or null ("" for null). */
static const char *jtext(json_t *o, const char *key, struct problems *pr)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return "";
    if (!json_is_string(v)) {
        problems_add(pr, key, "should be text");
        return "";
    }
    return json_string_value(v);
}

/* A boolean member: dflt when absent; -1 for null where null is allowed
 * (nullable), else a problem under field (key when NULL), as for any value
 * that is not true or false. */
static int jbool(json_t *o, const char *key, int dflt, bool nullable, struct problems *pr)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return dflt;
    if (json_is_null(v) && nullable)
        return -1;
    if (!json_is_boolean(v)) {
        problems_add(pr, key, "should be true or false");
        return dflt;
    }
    return json_is_true(v);
}

/* Read the fields present in o into p (starting from p's current values),
 * setting *fields to those given. */
static void pupil_from_json(struct request *req, json_t *o, struct pupil *p, unsigned *fields,
                            struct problems *pr)
{
    char why[256];
    const char *key;
    json_t *val;
    *fields = 0;
    json_object_foreach(o, key, val)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof pupil_fields / sizeof pupil_fields[0]; i++)
            if (!strcmp(key, pupil_fields[i].name)) {
                known = true;
                *fields |= pupil_fields[i].field;
            }
        if (!known)
            problems_add(pr, arena_strdup(&req->arena, key), "is not a pupil field");
    }
    const char *v;
    if (json_object_get(o, "upn")) {
        v = jtext(o, "upn", pr);
        if (upn_check(v, p->upn, &p->upn_temporary, why, sizeof why) != 0)
            problems_add(pr, "upn", "'%s' is not a valid UPN: %s", v, why);
    }
    if (*fields & PF_FORMER_UPN) {
        v = jtext(o, "former_upn", pr);
        char tmp[UPN_LEN + 1];
        bool t;
        if (*v && upn_check(v, tmp, &t, why, sizeof why) != 0)
            problems_add(pr, "former_upn", "'%s' is not a valid UPN: %s", v, why);
        p->former_upn = *v ? arena_strdup(&req->arena, tmp) : NULL;
    }
    if (json_object_get(o, "legal_surname"))
        p->legal_surname = jtext(o, "legal_surname", pr);
    if (json_object_get(o, "legal_forename"))
        p->legal_forename = jtext(o, "legal_forename", pr);
    if (*fields & PF_PREF_SURNAME)
        p->preferred_surname = jtext(o, "preferred_surname", pr);
    if (*fields & PF_PREF_FORENAME)
        p->preferred_forename = jtext(o, "preferred_forename", pr);
    if ((*fields & PF_DOB) && pupil_parse_date(jtext(o, "dob", pr), p->dob, why, sizeof why))
        problems_add(pr, "dob", "%s", why);
    if ((*fields & PF_SEX) && pupil_parse_sex(jtext(o, "sex", pr), p->sex, why, sizeof why))
        problems_add(pr, "sex", "%s", why);
    if (*fields & PF_YEAR) {
        v = jtext(o, "nc_year", pr);
        p->nc_year[0] = '\0';
        if (*v && pupil_parse_year(v, p->nc_year, why, sizeof why))
            problems_add(pr, "nc_year", "%s", why);
    }
    if (*fields & PF_SEN) {
        if (json_is_null(json_object_get(o, "sen_provision")))
            problems_add(pr, "sen_provision", "use N, K or E (N for none)");
        else if (json_object_get(o, "sen_provision") &&
                 pupil_parse_sen(jtext(o, "sen_provision", pr), p->sen, why, sizeof why))
            problems_add(pr, "sen_provision", "%s", why);
        if (json_object_get(o, "sen_primary_need") &&
            pupil_parse_need(jtext(o, "sen_primary_need", pr), p->need1, why, sizeof why))
            problems_add(pr, "sen_primary_need", "%s", why);
        if (json_object_get(o, "sen_secondary_need") &&
            pupil_parse_need(jtext(o, "sen_secondary_need", pr), p->need2, why, sizeof why))
            problems_add(pr, "sen_secondary_need", "%s", why);
    }
    if (*fields & PF_EAL)
        p->eal = jbool(o, "eal", p->eal, true, pr);
    if (*fields & PF_FIRST_LANGUAGE)
        p->first_language = jtext(o, "first_language", pr);
    if (*fields & PF_CLA)
        p->looked_after = jbool(o, "looked_after", p->looked_after, false, pr) == 1;
    if (*fields & PF_FSM)
        p->fsm = jbool(o, "fsm", p->fsm, false, pr) == 1;
    if (*fields & PF_ADMISSION) {
        v = jtext(o, "admission_date", pr);
        p->admission_date[0] = '\0';
        if (*v && pupil_parse_date(v, p->admission_date, why, sizeof why))
            problems_add(pr, "admission_date", "%s", why);
    }
    if (*fields & PF_LEAVING) {
        v = jtext(o, "leaving_date", pr);
        p->leaving_date[0] = '\0';
        if (*v && pupil_parse_date(v, p->leaving_date, why, sizeof why))
            problems_add(pr, "leaving_date", "%s", why);
    }
    size_t from = pr->n;
    pupil_validate(p, *fields, pr);
    /* The model names needs more briefly than the API does. */
    for (size_t i = from; i < pr->n; i++) {
        const char *f = pr->items[i].field;
        if (f && !strcmp(f, "need1"))
            pr->items[i].field = "sen_primary_need";
        else if (f && !strcmp(f, "need2"))
            pr->items[i].field = "sen_secondary_need";
        else if (f && !strcmp(f, "sen"))
            pr->items[i].field = "sen_provision";
    }
}

static int save(struct request *req, struct response *res, struct pupil *p, const struct pupil *old,
                unsigned fields)
{
    struct audit_entry who = api_who(req);
    enum pupil_save_result result;
    int rc =
        record_pupil_save(req->db, req->who.school_id, p, old, fields,
                          arena_sprintf(&req->arena, "api %s", req->who.name ? req->who.name : ""),
                          &who, "by the API", &result, &req->err);
    if (rc)
        return rc;
    struct pupil fresh;
    if ((rc = pupil_by_id(req->db, &req->arena, req->who.school_id, p->id, &fresh, &req->err)))
        return rc;
    if (!old) {
        char *loc = arena_sprintf(&req->arena, "/api/v1/pupils/%lld", (long long)p->id);
        resp_header(res, "Location", loc ? loc : "/api/v1/pupils");
    }
    return api_send(res, old ? 200 : 201, repr_pupil(&fresh));
}

int api_pupils_create(struct request *req, struct response *res)
{
    json_t *o = api_body(req, res);
    if (!o)
        return 0;
    struct pupil p = { .eal = -1, .sen = "N" };
    unsigned fields;
    struct problems pr;
    problems_init(&pr, &req->arena);
    pupil_from_json(req, o, &p, &fields, &pr);
    static const char *const required[] = { "upn", "legal_surname", "legal_forename", "dob",
                                            "sex" };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!json_object_get(o, required[i]))
            problems_add(&pr, required[i], "is required");
    int rc;
    if (pr.n) {
        rc = api_invalid(res, &pr);
    } else {
        struct pupil existing;
        if (pupil_by_upn(req->db, &req->arena, req->who.school_id, p.upn, &existing, &req->err) ==
            0) {
            api_error(res, 409, "conflict", "A pupil with this UPN already exists at this school.");
            rc = 0;
        } else {
            rc = save(req, res, &p, NULL, PF_ALL);
        }
    }
    json_decref(o);
    return rc;
}

int api_pupils_update(struct request *req, struct response *res)
{
    struct pupil old;
    int rc = load_pupil(req, &old);
    if (rc)
        return rc;
    json_t *o = api_body(req, res);
    if (!o)
        return 0;
    struct pupil p = old;
    unsigned fields;
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (json_object_get(o, "upn") && strcmp(jtext(o, "upn", &pr), old.upn) != 0)
        problems_add(&pr, "upn",
                     "cannot be changed through the API (use former_upn on a new record)");
    pupil_from_json(req, o, &p, &fields, &pr);
    rc = pr.n ? api_invalid(res, &pr) : save(req, res, &p, &old, fields);
    json_decref(o);
    return rc;
}

/* ---- carers ------------------------------------------------------------- */

static int load_carer(struct request *req, struct carer *c)
{
    int64_t id = id_param(req);
    if (!id)
        return ERR_NOTFOUND;
    int rc = access_carer_visible(req->db, &req->who, id, &req->err);
    return rc ? rc : carer_by_id(req->db, &req->arena, req->who.school_id, id, c, &req->err);
}

/* A carer as the API gives it: the carer's details and "pupils", the pupils
 * they are linked to as [{pupil_id, upn, relationship, ...}]. *out is NULL
 * on failure (a database error in req->err, or ERR_NOMEM). */
/* A carer as JSON, with their links to the n children in kids. */
static int carer_json_with(const struct carer *c, const struct carer_child *kids, size_t n,
                           json_t **out)
{
    *out = NULL;
    json_t *o = repr_carer(c), *links = json_array();
    bool bad = !o || !links;
    for (size_t i = 0; i < n && !bad; i++)
        bad = json_array_append_new(
                  links, json_pack("{s:I, s:s, s:s, s:o, s:b, s:I}", "pupil_id",
                                   (json_int_t)kids[i].pupil_id, "upn", kids[i].upn, "relationship",
                                   kids[i].relationship, "parental_responsibility",
                                   kids[i].parental_responsibility == CARER_PR_NOT_RECORDED
                                       ? json_null()
                                       : json_boolean(kids[i].parental_responsibility),
                                   "lives_with", (int)kids[i].lives_with, "contact_priority",
                                   (json_int_t)kids[i].contact_priority)) != 0;
    if (bad || json_object_set_new(o, "pupils", links)) {
        if (bad)
            json_decref(links);
        json_decref(o);
        return ERR_NOMEM;
    }
    *out = o;
    return 0;
}

static int carer_json(struct request *req, const struct carer *c, json_t **out)
{
    struct carer_child *kids;
    size_t n;
    *out = NULL;
    int rc = record_carer_children(req->db, &req->arena, c->id, false, &kids, &n, &req->err);
    return rc ? rc : carer_json_with(c, kids, n, out);
}

int api_carers_list(struct request *req, struct response *res)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    int page, per_page;
    api_page(req, &page, &per_page, &pr);
    if (pr.n)
        return api_invalid(res, &pr);
    struct carer *cs;
    size_t n, total;
    int rc = carer_list(req->db, &req->arena, req->who.school_id, per_page, (page - 1) * per_page,
                        &cs, &n, &total, &req->err);
    /* Their children in one query (by carer id); a carer it missed, having
     * moved on the list between the two reads, is looked up alone. */
    struct carer_child *kids;
    size_t n_kids;
    if (rc == 0)
        rc = record_carer_children_page(req->db, &req->arena, req->who.school_id, per_page,
                                        (page - 1) * per_page, &kids, &n_kids, &req->err);
    if (rc)
        return rc;
    json_t *items = json_array();
    if (!items)
        return ERR_NOMEM;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t from = 0, k;
        while (from < n_kids && kids[from].carer_id != cs[i].id)
            from++;
        for (k = from; k < n_kids && kids[k].carer_id == cs[i].id;)
            k++;
        json_t *o;
        rc = k > from ? carer_json_with(&cs[i], kids + from, k - from, &o)
                      : carer_json(req, &cs[i], &o);
        if (rc == 0 && json_array_append_new(items, o))
            rc = ERR_NOMEM;
    }
    if (rc == 0)
        rc = audit(req, "list", "carer", 0, 0, arena_sprintf(&req->arena, "%zu carers listed", n));
    if (rc) {
        json_decref(items);
        return rc;
    }
    return api_send(res, 200, api_list(req, items, page, per_page, total));
}

int api_carers_get(struct request *req, struct response *res)
{
    struct carer c;
    int rc = load_carer(req, &c);
    if (rc)
        return rc;
    json_t *o;
    if ((rc = carer_json(req, &c, &o)))
        return rc;
    json_t *links = json_object_get(o, "pupils");
    /* A family's record: audit against each child it belongs to. */
    size_t i;
    json_t *l;
    json_array_foreach(links, i, l)
    {
        if ((rc = audit(req, "view", "carer", c.id,
                        (int64_t)json_integer_value(json_object_get(l, "pupil_id")), NULL)))
            break;
    }
    if (rc) {
        json_decref(o);
        return rc;
    }
    return api_send(res, 200, o);
}

static const char *const carer_text_fields[] = {
    "mis_id",
    "title",
    "forename",
    "surname",
    "phone_mobile",
    "phone_home",
    "phone_work",
    "email",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "preferred_language",
    "access_needs",
};

static const char **carer_slot(struct carer *c, size_t i)
{
    const char **slots[] = { &c->mis_id,
                             &c->title,
                             &c->forename,
                             &c->surname,
                             &c->phone_mobile,
                             &c->phone_home,
                             &c->phone_work,
                             &c->email,
                             &c->address_line1,
                             &c->address_line2,
                             &c->town,
                             &c->postcode,
                             &c->preferred_language,
                             &c->access_needs };
    return slots[i];
}

static void carer_from_json(struct request *req, json_t *o, struct carer *c, struct problems *pr)
{
    const char *key;
    json_t *val;
    json_object_foreach(o, key, val)
    {
        bool known = !strcmp(key, "preferred_contact") || !strcmp(key, "interpreter_needed") ||
                     !strcmp(key, "pupils");
        for (size_t i = 0; i < sizeof carer_text_fields / sizeof carer_text_fields[0]; i++)
            known |= !strcmp(key, carer_text_fields[i]);
        if (!known)
            problems_add(pr, arena_strdup(&req->arena, key), "is not a carer field");
    }
    for (size_t i = 0; i < sizeof carer_text_fields / sizeof carer_text_fields[0]; i++)
        if (json_object_get(o, carer_text_fields[i])) {
            const char *v = jtext(o, carer_text_fields[i], pr);
            *carer_slot(c, i) = *v ? v : NULL;
        }
    char why[200];
    if (json_object_get(o, "preferred_contact") &&
        carer_parse_contact_method(jtext(o, "preferred_contact", pr), &c->preferred_contact, why,
                                   sizeof why))
        problems_add(pr, "preferred_contact", "%s", why);
    if (json_object_get(o, "interpreter_needed"))
        c->interpreter_needed = jbool(o, "interpreter_needed", 0, false, pr) == 1;
    carer_validate(c, pr);
}

static bool link_problem(struct problems *pr, size_t n, const char *msg)
{
    problems_add(pr, "pupils", "link %zu: %s", n, msg);
    return false;
}

/* One link's members beyond pupil_id and relationship, checked as
 * docs/openapi.yaml (CarerLinkInput) says; problems go under "pupils", the
 * request's name for the list, as "link N: ...". */
static bool link_members(json_t *l, size_t n, struct carer_link *out, struct problems *pr)
{
    static const char *const known[] = { "pupil_id", "relationship", "parental_responsibility",
                                         "lives_with", "contact_priority" };
    const char *key;
    json_t *v;
    bool ok = true;
    json_object_foreach(l, key, v)
    {
        bool k = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            k |= !strcmp(key, known[i]);
        if (!k) {
            problems_add(pr, "pupils", "link %zu: %s is not a link field", n, key);
            ok = false;
        }
    }
    out->parental_responsibility = CARER_PR_NOT_RECORDED; /* absent or null */
    if ((v = json_object_get(l, "parental_responsibility")) && !json_is_null(v)) {
        if (json_is_boolean(v))
            out->parental_responsibility = json_is_true(v);
        else
            ok = link_problem(pr, n, "parental_responsibility should be true, false or null");
    }
    if ((v = json_object_get(l, "lives_with"))) {
        if (json_is_boolean(v))
            out->lives_with = json_is_true(v);
        else
            ok = link_problem(pr, n, "lives_with should be true or false");
    }
    out->contact_priority = 1;
    if ((v = json_object_get(l, "contact_priority"))) {
        json_int_t prio = json_integer_value(v);
        if (json_is_integer(v) && prio >= 1 && prio <= 99)
            out->contact_priority = (int)prio;
        else
            ok = link_problem(pr, n, "contact_priority should be a whole number from 1 to 99");
    }
    return ok;
}

/* Read "pupils": [{pupil_id, relationship, ...}] into links. */
static size_t links_from_json(struct request *req, json_t *o, struct carer_link *links, size_t max,
                              struct problems *pr)
{
    json_t *arr = json_object_get(o, "pupils");
    if (!arr)
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > max) {
        problems_add(pr, "pupils", "should be a list of at most %zu links", max);
        return 0;
    }
    size_t n = 0, i;
    json_t *l;
    json_array_foreach(arr, i, l)
    {
        json_t *jid = json_object_get(l, "pupil_id");
        json_int_t pid = json_is_integer(jid) ? json_integer_value(jid) : 0;
        struct pupil p;
        if (!json_is_object(l) || pid <= 0 ||
            pupil_by_id(req->db, &req->arena, req->who.school_id, pid, &p, &req->err) != 0 ||
            p.school_id != req->who.school_id) {
            problems_add(pr, "pupils", "link %zu: no such pupil at this school", i + 1);
            continue;
        }
        json_t *jrel = json_object_get(l, "relationship");
        const char *rel = NULL, *given = json_is_string(jrel) ? json_string_value(jrel) : "";
        char why[200];
        if (carer_parse_relationship(given, &rel, why, sizeof why)) {
            problems_add(pr, "pupils", "link %zu: %s", i + 1, why);
            continue;
        }
        struct carer_link link = { .pupil_id = pid, .relationship = rel ? rel : given };
        if (link_members(l, i + 1, &link, pr))
            links[n++] = link;
    }
    return n;
}

static int save_carer(struct request *req, struct response *res, struct carer *c, bool is_new,
                      const struct carer_link *links, size_t n_links)
{
    struct audit_entry who = api_who(req);
    int rc = record_carer_save_links(req->db, &req->arena, req->who.school_id, c, is_new, links,
                                     n_links, &who, "by the API", &req->err);
    if (rc == ERR_CONFLICT) {
        api_error(res, 409, "conflict",
                  "A carer with this name and contact details already exists.");
        return 0;
    }
    if (rc)
        return rc;
    struct carer fresh;
    if ((rc = carer_by_id(req->db, &req->arena, req->who.school_id, c->id, &fresh, &req->err)))
        return rc;
    json_t *o;
    if ((rc = carer_json(req, &fresh, &o)))
        return rc;
    if (is_new) {
        char *loc = arena_sprintf(&req->arena, "/api/v1/carers/%lld", (long long)c->id);
        resp_header(res, "Location", loc ? loc : "/api/v1/carers");
    }
    return api_send(res, is_new ? 201 : 200, o);
}

int api_carers_create(struct request *req, struct response *res)
{
    json_t *o = api_body(req, res);
    if (!o)
        return 0;
    struct carer c = { 0 };
    struct problems pr;
    problems_init(&pr, &req->arena);
    carer_from_json(req, o, &c, &pr);
    struct carer_link links[16];
    size_t n = links_from_json(req, o, links, 16, &pr);
    if (!json_object_get(o, "pupils") || (n == 0 && !pr.n))
        problems_add(&pr, "pupils", "link the carer to at least one pupil");
    int rc = pr.n ? api_invalid(res, &pr) : save_carer(req, res, &c, true, links, n);
    json_decref(o);
    return rc;
}

int api_carers_update(struct request *req, struct response *res)
{
    struct carer c;
    int rc = load_carer(req, &c);
    if (rc)
        return rc;
    json_t *o = api_body(req, res);
    if (!o)
        return 0;
    struct problems pr;
    problems_init(&pr, &req->arena);
    carer_from_json(req, o, &c, &pr);
    struct carer_link links[16];
    size_t n = links_from_json(req, o, links, 16, &pr);
    rc = pr.n ? api_invalid(res, &pr) : save_carer(req, res, &c, false, links, n);
    json_decref(o);
    return rc;
}
