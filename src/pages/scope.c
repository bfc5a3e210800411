#include "pages/scope.h"

#include "http/router.h"
#include "model/carer.h"
#include "model/pupil.h"

/* Interim rules until model/access arrives: leads see their own school;
 * everyone else sees nothing. */
bool scope_pupil_visible(struct request *req, const struct pupil *p)
{
    return !req->who.parent && (req->who.roles & R_LEAD) && p->school_id == req->who.school_id;
}

bool scope_carer_visible(struct request *req, const struct carer *c)
{
    return !req->who.parent && (req->who.roles & R_LEAD) && c->school_id == req->who.school_id;
}

void scope_pupil_filter(const struct request *req, struct pupil_filter *f)
{
    f->school_id = req->who.school_id;
    if (!(req->who.roles & R_LEAD))
        f->school_id = -1; /* nothing */
}
