#include "api/api_provmap.h"

#include <string.h>

#include "api/api.h"
#include "view/repr_provmap.h"
#include "core/date.h"
#include "core/problems.h"
#include "model/register/audit.h"
#include "model/provision/provmap.h"
#include "model/register/school.h"

int api_report_provision(struct request *req, struct response *res)
{
    const char *as_of = req_query(req, "as_of");
    struct date d;
    if (as_of && (strlen(as_of) != 10 || date_parse(as_of, &d) != 0)) {
        struct problems pr;
        problems_init(&pr, &req->arena);
        problems_add(&pr, "as_of", "should be a date, like 2026-03-01");
        return api_invalid(res, &pr);
    }
    struct school sc;
    int rc = school_by_id(req->db, &req->arena, req->who.school_id, &sc, &req->err);
    if (rc)
        return rc;
    struct audit_entry w = { .actor = api_actor(req), .address = req->client };
    struct provmap m;
    if ((rc = provmap_build(req->db, &req->arena, sc.id, as_of, &w, &m, &req->err)))
        return rc;
    return api_send(res, 200, repr_provmap(&m, sc.urn));
}
