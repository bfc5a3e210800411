#include "api/api_laeval.h"

#include "api/api.h"
#include "core/date.h"
#include "core/problems.h"
#include "model/calendar/schoolyear.h"
#include "model/la/laextract.h"
#include "view/repr_laeval.h"

int api_la_evaluation(struct request *req, struct response *res)
{
    int now = schoolyear_of(date_today()), year = now - 1;
    const char *v = req_query(req, "year"), *name = req_query(req, "outcome");
    const struct evaldata_outcome *o = evaldata_outcome(name ? name : "sdq-teacher");
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (v && (schoolyear_parse_year(v, &year) != 0 || year > now || year < now - 10))
        problems_add(&pr, "year", "should be a school year from %d to %d, like %d", now - 10, now,
                     now - 1);
    if (!o)
        problems_add(&pr, "outcome",
                     "should be sdq-teacher, sdq-parent, attendance, reading, writing, maths, "
                     "relationships or bullying");
    if (pr.n)
        return api_invalid(res, &pr);
    struct la_eval_data d;
    struct la_eval_result r;
    int rc = la_extract_load(req->db, &req->arena, &req->who, year, o, req->client, false, &d,
                             &req->err);
    if (!rc)
        rc = la_eval_run(&d, &req->arena, &r, &req->err);
    if (rc)
        return rc;
    return api_send(res, 200, repr_laeval(&r));
}
