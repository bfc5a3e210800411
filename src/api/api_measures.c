#include "api/api_measures.h"

#include <string.h>

#include "api/api.h"
#include "view/repr_measures.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/measures/assessment.h"
#include "model/register/audit.h"
#include "model/measures/measure.h"
#include "model/register/outcomes.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/calendar/schoolyear.h"
#include "model/measures/screening.h"
#include "model/register/staff.h"
#include "score/builtin.h"

static int audit(struct request *req, const char *entity, int64_t entity_id, int64_t pupil_id,
                 const char *detail)
{
    struct audit_entry au = { .actor = api_actor(req),
                              .action = "view",
                              .entity = entity,
                              .entity_id = entity_id,
                              .pupil_id = pupil_id,
                              .school_id = req->who.school_id,
                              .detail = detail,
                              .address = req->client };
    return audit_log(req->db, &au, &req->err);
}

/* The pupil in the path, if the token may see it; ERR_NOTFOUND otherwise. */
static int load_pupil(struct request *req, struct pupil *p)
{
    long long id;
    if (str_to_int(req_param(req, 0), 1, INT64_MAX, &id) != 0)
        return ERR_NOTFOUND;
    int rc = access_pupil_visible(req->db, &req->who, id, &req->err);
    return rc ? rc : pupil_by_id(req->db, &req->arena, req->who.school_id, id, p, &req->err);
}

int api_pupil_assessments(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = load_pupil(req, &p);
    if (rc)
        return rc;
    struct assessment *as;
    size_t n;
    if ((rc = assessment_list(req->db, &req->arena, p.id, &as, &n, &req->err)) ||
        (rc = audit(req, "assessment", 0, p.id,
                    arena_sprintf(&req->arena, "%zu assessments listed", n))))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n && items; i++)
        if (json_array_append_new(items, repr_assessment(&as[i]))) {
            json_decref(items);
            items = NULL;
        }
    if (!items)
        return ERR_NOMEM;
    return api_send(
        res, 200,
        json_pack("{s:I, s:s, s:o}", "pupil_id", (json_int_t)p.id, "upn", p.upn, "items", items));
}

static int assessment_of(struct request *req, const struct pupil *p, const char *param,
                         struct assessment *out, struct problems *pr)
{
    long long id;
    const char *v = req_query(req, param);
    if (!v || str_to_int(v, 1, INT64_MAX, &id) != 0) {
        problems_add(pr, param, "give the id of one of the pupil's assessments");
        return 0;
    }
    int rc = assessment_get(req->db, &req->arena, id, out, &req->err);
    if (rc == ERR_NOTFOUND || (rc == 0 && out->pupil_id != p->id)) {
        problems_add(pr, param, "this pupil has no assessment %lld", id);
        return 0;
    }
    return rc;
}

int api_pupil_change(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = load_pupil(req, &p);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct assessment x, y;
    if ((rc = assessment_of(req, &p, "from", &x, &pr)) ||
        (rc = assessment_of(req, &p, "to", &y, &pr)))
        return rc;
    if (pr.n)
        return api_invalid(res, &pr);
    struct assessment_change *c;
    size_t n;
    rc = assessment_compare(req->db, &req->arena, req->who.school_id, &x, &y, &c, &n, &req->err);
    if (rc == ERR_INPUT) {
        problems_add(&pr, "to", "%s", req->err.msg);
        return api_invalid(res, &pr);
    }
    if (rc || (rc = audit(req, "assessment", 0, p.id,
                          arena_sprintf(&req->arena, "reliable change %lld to %lld",
                                        (long long)x.id, (long long)y.id))))
        return rc;
    return api_send(res, 200, repr_change(&x, &y, c, n));
}

int api_pupil_outcomes(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = load_pupil(req, &p);
    if (rc)
        return rc;
    struct pupil_outcomes o;
    struct outcome_codes codes;
    if ((rc = outcome_list(req->db, &req->arena, p.id, &o, &req->err)) ||
        (rc = outcome_codes_load(req->db, &req->arena, &codes, &req->err)) ||
        (rc = audit(req, "outcomes", 0, p.id, NULL)))
        return rc;
    json_t *j = repr_outcomes(&o, &codes);
    if (j && (json_object_set_new(j, "pupil_id", json_integer(p.id)) ||
              json_object_set_new(j, "upn", json_string(p.upn)))) {
        json_decref(j);
        j = NULL;
    }
    return api_send(res, 200, j);
}

int api_screening(struct request *req, struct response *res)
{
    struct problems pr;
    problems_init(&pr, &req->arena);
    char year[4] = "", why[300];
    const char *v = req_query(req, "year_group");
    if (!v || !*v)
        problems_add(&pr, "year_group", "is required (R, 1-14, N1, N2)");
    else if (pupil_parse_year(v, year, why, sizeof why) != 0 || !year[0])
        problems_add(&pr, "year_group", "%s", why);
    struct screening_query q = { .nc_year = year, .scheme = req_query(req, "scheme") };
    const char *measure = req_query(req, "measure"), *inf = req_query(req, "informant");
    struct err e;
    err_clear(&e);
    if (measure && inf) {
        problems_add(&pr, "measure", "give measure or informant, not both");
    } else if (measure) {
        if (measure_find(req->db, &req->arena, req->who.school_id, measure, &q.in, &e) != 0)
            problems_add(&pr, "measure", "there is no measure called '%s'", measure);
    } else {
        const char *informant = "teacher";
        if (inf && measure_parse_informant(inf, &informant, why, sizeof why) != 0)
            problems_add(&pr, "informant", "%s", why);
        q.in = instrument_builtin(!strcmp(informant, "self")     ? "sdq-self-11-17"
                                  : !strcmp(informant, "parent") ? "sdq-parent-4-17"
                                                                 : "sdq-teacher-4-17");
    }
    q.school_year = schoolyear_of(date_today());
    if ((v = req_query(req, "school_year")) && schoolyear_parse_year(v, &q.school_year) != 0)
        problems_add(&pr, "school_year", "use the year it starts in, like 2024 or 2024-25");
    struct screening_meta m = { .year_group = year };
    long long cid;
    if ((v = req_query(req, "class"))) {
        struct staff st;
        if (str_to_int(v, 1, INT64_MAX, &cid) == 0)
            q.class_staff_id = cid;
        else if (staff_by_email(req->db, &req->arena, v, &st, &e) == 0 &&
                 st.school_id == req->who.school_id)
            q.class_staff_id = st.id;
        else
            problems_add(&pr, "class", "give the key teacher's staff id or email");
    }
    if (pr.n)
        return api_invalid(res, &pr);
    if (q.class_staff_id) {
        int rc = staff_name(req->db, &req->arena, req->who.school_id, q.class_staff_id,
                            &m.class_name, &req->err);
        if (rc)
            return rc;
        if (!m.class_name) {
            problems_add(&pr, "class", "no member of staff at this school has that id");
            return api_invalid(res, &pr);
        }
        m.class_staff_id = q.class_staff_id;
    }
    struct school school;
    int rc = school_by_id(req->db, &req->arena, req->who.school_id, &school, &req->err);
    if (rc)
        return rc;
    m.school_urn = school.urn;
    m.school_year = q.school_year;
    struct pupil_filter f = { .fsm = -1 };
    access_pupil_filter(&req->who, &f);
    struct screening_summary s;
    struct screening_row *rows;
    size_t n_rows;
    rc = screening_build(req->db, &req->arena, &f, &q, &s, &rows, &n_rows, &req->err);
    if (rc == ERR_INPUT) {
        problems_add(&pr, "scheme", "%s", req->err.msg);
        return api_invalid(res, &pr);
    }
    if (rc || (rc = audit(req, "screening", 0, 0,
                          arena_sprintf(&req->arena, "%s, year %s: %ld assessed, %zu for follow-up",
                                        q.in->key, year, s.assessed, s.n_follow_up))))
        return rc;
    return api_send(res, 200, repr_screening(&m, &s, rows, n_rows));
}
