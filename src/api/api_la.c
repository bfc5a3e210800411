#include "api/api_la.h"

#include "api/api.h"
#include "core/date.h"
#include "core/problems.h"
#include "model/calendar/schoolyear.h"
#include "http/app.h"
#include "model/la/lacache.h"
#include "model/la/lafigures.h"
#include "view/repr_la.h"

int api_la(struct request *req, struct response *res)
{
    int now = schoolyear_of(date_today()), year = now;
    const char *v = req_query(req, "year");
    if (v && (schoolyear_parse_year(v, &year) != 0 || year > now || year < now - 10)) {
        struct problems pr;
        problems_init(&pr, &req->arena);
        problems_add(&pr, "year", "should be a school year from %d to %d, like %d", now - 10, now,
                     now);
        return api_invalid(res, &pr);
    }
    struct la_figures f;
    bool cached;
    int rc = la_figures_get(req->db, &req->arena, req->app ? req->app->la_cache : NULL, &req->who,
                            year, req->client, &f, &cached, NULL, &req->err);
    if (rc)
        return rc;
    return api_send_flags(res, 200, repr_la(&f), REPR_LA_JSON_PRECISION);
}
