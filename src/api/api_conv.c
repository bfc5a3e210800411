/* api_conv.c - /api/v1/conversations, /api/v1/contacts and
 * /api/v1/reports/conversations: the records of structured conversations,
 * the contact log, and the conversations report with the same keys as
 * `meso report conversations --json`. The model writes the audit trail as
 * the token ("token:NAME"). */
#include "api/api.h"

#include <string.h>

#include "view/repr.h"
#include "view/repr_conv.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/register/audit.h"
#include "model/conversations/contact.h"
#include "model/conversations/conversation.h"
#include "model/conversations/convreport.h"
#include "model/register/pupil.h"
#include "model/register/staff.h"
#include "model/register/school.h"
#include "model/calendar/schoolyear.h"

static struct audit_entry who(struct request *req)
{
    return (struct audit_entry){ .actor = api_actor(req), .address = req->client };
}

/* ?pupil_id=N: a pupil the token may see (0 when not given). A pupil that
 * is not there, or not visible, is a 404 like any other. */
static int pupil_param(struct request *req, int64_t *out, struct problems *pr)
{
    *out = 0;
    const char *v = req_query(req, "pupil_id");
    if (!v)
        return 0;
    long long id;
    if (str_to_int(v, 1, INT64_MAX, &id) != 0) {
        problems_add(pr, "pupil_id", "should be a pupil's id");
        return 0;
    }
    *out = id;
    return access_pupil_visible(req->db, &req->who, id, &req->err);
}

/* Keep the first problem for each field. */
static void api_dedupe(struct problems *pr)
{
    size_t k = 0;
    for (size_t i = 0; i < pr->n; i++) {
        bool seen = false;
        for (size_t j = 0; j < k; j++)
            seen |= pr->items[j].field && pr->items[i].field &&
                    !strcmp(pr->items[j].field, pr->items[i].field);
        if (!seen)
            pr->items[k++] = pr->items[i];
    }
    pr->n = k;
}

static void slice(size_t n, int page, int per_page, size_t *from, size_t *to)
{
    size_t f = (size_t)(page - 1) * (size_t)per_page;
    *from = f < n ? f : n;
    *to = *from + (size_t)per_page < n ? *from + (size_t)per_page : n;
}

int api_conversations_list(struct request *req, struct response *res)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    int page, per_page;
    api_page(req, &page, &per_page, &pr);
    struct conv_filter f = { .school_id = req->who.school_id };
    int rc = pupil_param(req, &f.pupil_id, &pr);
    if (rc)
        return rc;
    const char *v;
    if ((v = req_query(req, "year")) && schoolyear_parse_year(v, &f.year) != 0)
        problems_add(&pr, "year", "should be a school year, like 2024 or 2024-25");
    if ((v = req_query(req, "status")) && conversation_parse_status(v, &f.status) != 0)
        problems_add(&pr, "status", "use planned, draft or complete");
    if (pr.n)
        return api_invalid(res, &pr);
    struct conversation *cs;
    size_t n;
    struct audit_entry w = who(req);
    if ((rc = conversation_list(req->db, &req->arena, &f, &w, &cs, &n, &req->err)))
        return rc;
    size_t from, to;
    slice(n, page, per_page, &from, &to);
    json_t *items = json_array();
    for (size_t i = from; i < to && items; i++)
        json_array_append_new(items, repr_conversation(&cs[i]));
    return api_send(res, 200, api_list(req, items, page, per_page, n));
}

int api_conversations_get(struct request *req, struct response *res)
{
    long long id;
    struct conv_ref ref;
    if (str_to_int(req_param(req, 0), 1, INT64_MAX, &id) != 0)
        return ERR_NOTFOUND;
    int rc = conversation_ref(req->db, id, &ref, &req->err);
    if (rc == 0 && ref.school_id != req->who.school_id)
        rc = ERR_NOTFOUND;
    if (rc == 0)
        rc = access_pupil_visible(req->db, &req->who, ref.pupil_id, &req->err);
    if (rc)
        return rc;
    struct conversation c;
    struct audit_entry w = who(req);
    if ((rc = conversation_get(req->db, &req->arena, req->who.school_id, id, &w, &c, &req->err)))
        return rc;
    return api_send(res, 200, repr_conversation(&c));
}

static json_t *contact_json(const struct contact *c)
{
    json_t *o = repr_contact(c);
    if (o && json_object_set_new(o, "pupil_id", json_integer(c->pupil_id))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int api_contacts_list(struct request *req, struct response *res)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    int page, per_page;
    api_page(req, &page, &per_page, &pr);
    struct contact_filter f = { .school_id = req->who.school_id };
    int rc = pupil_param(req, &f.pupil_id, &pr);
    if (rc)
        return rc;
    char from_s[11], to_s[11], why[160];
    const char *v;
    if ((v = req_query(req, "from"))) {
        if (pupil_parse_date(v, from_s, why, sizeof why) == 0)
            f.from = from_s;
        else
            problems_add(&pr, "from", "should be a date (YYYY-MM-DD)");
    }
    if ((v = req_query(req, "to"))) {
        if (pupil_parse_date(v, to_s, why, sizeof why) == 0)
            f.to = to_s;
        else
            problems_add(&pr, "to", "should be a date (YYYY-MM-DD)");
    }
    if (pr.n)
        return api_invalid(res, &pr);
    struct contact *cs;
    size_t n;
    struct audit_entry w = who(req);
    if ((rc = contact_list(req->db, &req->arena, &f, &w, &cs, &n, &req->err)))
        return rc;
    size_t a, b;
    slice(n, page, per_page, &a, &b);
    json_t *items = json_array();
    for (size_t i = a; i < b && items; i++)
        json_array_append_new(items, contact_json(&cs[i]));
    return api_send(res, 200, api_list(req, items, page, per_page, n));
}

/* Text of an optional string member, NULL when absent or null. */
static const char *jstr(json_t *o, const char *key, struct problems *pr)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        problems_add(pr, key, "should be text");
        return NULL;
    }
    return json_string_value(v);
}

static const char *const contact_keys[] = { "pupil_id",  "date",       "time",        "method",
                                            "purpose",   "started_by", "interpreter", "note",
                                            "carer_ids", "staff_id",   NULL };

int api_contacts_create(struct request *req, struct response *res)
{
    json_t *o = api_body(req, res);
    if (!o)
        return 0;
    struct problems pr;
    problems_init(&pr, &req->arena);
    const char *key;
    json_t *val;
    json_object_foreach(o, key, val)
    {
        bool known = false;
        for (const char *const *k = contact_keys; *k; k++)
            known |= !strcmp(*k, key);
        if (!known)
            problems_add(&pr, arena_strdup(&req->arena, key), "is not a contact field");
    }
    struct contact c = { .school_id = req->who.school_id };
    int rc = 0;
    json_t *pid = json_object_get(o, "pupil_id");
    if (!json_is_integer(pid) || json_integer_value(pid) <= 0)
        problems_add(&pr, "pupil_id", "is required: the pupil's id");
    else if (access_pupil_visible(req->db, &req->who, json_integer_value(pid), &req->err) != 0)
        problems_add(&pr, "pupil_id", "there is no such pupil at this school");
    else
        c.pupil_id = json_integer_value(pid);
    const char *method = jstr(o, "method", &pr), *purpose = jstr(o, "purpose", &pr);
    /* Missing or unknown, contact_validate says which are allowed. */
    if (contact_parse_method(method, &c.method) != 0)
        c.method = method ? method : "";
    if (contact_parse_purpose(purpose, &c.purpose) != 0)
        c.purpose = purpose ? purpose : "";
    const char *d = jstr(o, "date", &pr), *t = jstr(o, "time", &pr);
    if (d)
        str_copy(c.date, sizeof c.date, strlen(d) < sizeof c.date ? d : "bad");
    else
        date_iso(date_today(), c.date);
    if (t)
        str_copy(c.time, sizeof c.time, strlen(t) < sizeof c.time ? t : "bad");
    c.started_by = jstr(o, "started_by", &pr);
    c.note = jstr(o, "note", &pr);
    json_t *in = json_object_get(o, "interpreter");
    if (in && !json_is_boolean(in))
        problems_add(&pr, "interpreter", "should be true or false");
    c.interpreter = json_is_true(in);
    json_t *sid = json_object_get(o, "staff_id");
    if (sid && !json_is_null(sid)) {
        const char *name;
        if (!json_is_integer(sid))
            problems_add(&pr, "staff_id", "should be a staff member's id");
        else if ((rc = staff_name(req->db, &req->arena, req->who.school_id, json_integer_value(sid),
                                  &name, &req->err)) == 0) {
            if (!name)
                problems_add(&pr, "staff_id", "there is no such staff member at this school");
            c.staff_id = json_integer_value(sid);
        }
    }
    json_t *cids = json_object_get(o, "carer_ids");
    if (cids && !json_is_null(cids)) {
        if (!json_is_array(cids) || json_array_size(cids) > 16) {
            problems_add(&pr, "carer_ids", "should be a list of carer ids");
        } else {
            c.carer_ids = arena_array(&req->arena, json_array_size(cids) + 1, sizeof *c.carer_ids);
            size_t i;
            json_t *x;
            json_array_foreach(cids, i, x)
            {
                if (!json_is_integer(x)) {
                    problems_add(&pr, "carer_ids", "should be a list of carer ids");
                    break;
                }
                if (c.carer_ids)
                    c.carer_ids[c.n_carers++] = json_integer_value(x);
            }
        }
    }
    /* The model's checks too, so every problem is reported at once (the
     * first message for each field). */
    size_t from = pr.n;
    if (rc == 0)
        rc = contact_validate(req->db, &c, &pr, &req->err);
    /* The model calls the carers "carers"; the request calls them carer_ids. */
    for (size_t i = from; i < pr.n; i++)
        if (pr.items[i].field && !strcmp(pr.items[i].field, "carers"))
            pr.items[i].field = "carer_ids";
    if (rc == 0)
        api_dedupe(&pr);
    if (rc == 0 && pr.n) {
        json_decref(o);
        return api_invalid(res, &pr);
    }
    if (rc == 0) {
        struct audit_entry w = who(req);
        rc = contact_add(req->db, &c, &w, &req->err);
    }
    json_decref(o);
    if (rc)
        return rc;
    /* Read it back as stored, names and all: the new row by the id its
     * INSERT returned (its creation is the audit row). */
    struct contact saved;
    if ((rc = contact_get(req->db, &req->arena, c.school_id, c.id, &saved, &req->err)))
        return rc;
    return api_send(res, 201, contact_json(&saved));
}

int api_report_conversations(struct request *req, struct response *res)
{
    int year = schoolyear_of(date_today());
    const char *v = req_query(req, "year");
    if (v && schoolyear_parse_year(v, &year) != 0) {
        struct problems pr;
        problems_init(&pr, &req->arena);
        problems_add(&pr, "year", "should be a school year, like 2024 or 2024-25");
        return api_invalid(res, &pr);
    }
    struct school sc;
    int rc = school_by_id(req->db, &req->arena, req->who.school_id, &sc, &req->err);
    if (rc)
        return rc;
    struct convreport r;
    struct audit_entry w = who(req);
    if ((rc = convreport_build(req->db, &req->arena, sc.id, year, &w, &r, &req->err)))
        return rc;
    return api_send(res, 200, repr_report(&r, sc.urn));
}
