#include "pages/register/exports.h"

#include <string.h>

#include "core/date.h"
#include "core/mem.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/calendar/schoolyear.h"
#include "model/conversations/convreport.h"
#include "model/measures/screening.h"
#include "model/programmes/programme.h"
#include "model/provision/provision.h"
#include "model/provision/provmap.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "pages/common.h"
#include "pages/measures/screening_page.h"
#include "pages/register/pupils.h"
#include "view/repr.h"
#include "view/repr_conv.h"
#include "view/repr_measures.h"
#include "view/repr_prog.h"
#include "view/repr_provmap.h"
#include "view/xlsx_report.h"

/* Send doc as a download called name.xlsx; doc is freed. */
static int send(struct request *req, struct response *res, const char *title, const char *name,
                json_t *doc, bool attendance)
{
    if (!doc)
        return ERR_NOMEM;
    char *data;
    size_t len;
    int rc = xlsx_report_bytes(&data, &len, title, doc, attendance, &req->err);
    json_decref(doc);
    if (rc)
        return rc;
    res->status = 200;
    res->content_type = XLSX_CONTENT_TYPE;
    buf_reset(&res->body);
    rc = buf_add(&res->body, data, len);
    mem_free(data);
    if (rc)
        return rc;
    char today[DATE_ISO_LEN];
    date_iso(date_today(), today);
    return resp_header(
        res, "Content-Disposition",
        arena_sprintf(&req->arena, "attachment; filename=\"%s-%s.xlsx\"", name, today));
}

static int school_of(struct request *req, struct school *sc)
{
    return school_by_id(req->db, &req->arena, req->who.school_id, sc, &req->err);
}

int page_pupils_xlsx(struct request *req, struct response *res)
{
    struct pupil_filter f = { .fsm = -1 };
    pupils_filter_from(req, &f);
    struct pupil *ps;
    size_t n, total;
    struct school sc;
    int rc = school_of(req, &sc);
    if (rc || (rc = pupil_list(req->db, &req->arena, &f, &ps, &n, &total, &req->err)))
        return rc;
    if ((rc = page_audit(req, "download", "pupil", 0, 0,
                         arena_sprintf(&req->arena, "%zu pupils in a spreadsheet", n))))
        return rc;
    json_t *list = json_array();
    for (size_t i = 0; i < n && list; i++)
        if (json_array_append_new(list, repr_pupil(&ps[i]))) {
            json_decref(list);
            list = NULL;
        }
    return send(req, res, "Pupils", "pupils",
                list ? json_pack("{s:s, s:I, s:o}", "school", sc.urn, "count", (json_int_t)n,
                                 "pupils", list)
                     : NULL,
                false);
}

int page_conversations_xlsx(struct request *req, struct response *res)
{
    int year = schoolyear_of(date_today());
    const char *v = req_query(req, "year");
    if (v && *v && schoolyear_parse_year(v, &year) != 0)
        return ERR_INPUT;
    struct school sc;
    struct convreport r;
    struct audit_entry who = { .actor = req->who.actor, .address = req->client };
    int rc = school_of(req, &sc);
    if (rc || (rc = convreport_build(req->db, &req->arena, sc.id, year, &who, &r, &req->err)))
        return rc;
    return send(req, res, "Conversations", "conversations-report", repr_report(&r, sc.urn), false);
}

int page_screening_xlsx(struct request *req, struct response *res)
{
    char yg[4];
    struct screening_query q;
    measures_screening_query(req, &q, yg);
    if (!yg[0])
        return ERR_INPUT; /* the page asks for a year group first */
    struct pupil_filter scope = { .fsm = -1 };
    access_pupil_filter(&req->who, &scope);
    struct school sc;
    struct screening_summary s;
    struct screening_row *rows;
    size_t n_rows;
    int rc = school_of(req, &sc);
    if (rc ||
        (rc = screening_build(req->db, &req->arena, &scope, &q, &s, &rows, &n_rows, &req->err)))
        return rc;
    if ((rc = page_audit(req, "download", "screening", 0, 0,
                         arena_sprintf(&req->arena, "%s, %s: %ld assessed, in a spreadsheet",
                                       q.in->key, pupil_year_label(yg), s.assessed))))
        return rc;
    struct screening_meta m = { .school_urn = sc.urn,
                                .year_group = yg,
                                .class_staff_id = q.class_staff_id,
                                .school_year = q.school_year };
    return send(req, res, "Screening", "screening", repr_screening(&m, &s, rows, n_rows), false);
}

int page_provmap_xlsx(struct request *req, struct response *res)
{
    struct school sc;
    struct provmap m;
    struct audit_entry who = { .actor = req->who.actor, .address = req->client };
    int rc = school_of(req, &sc);
    if (rc || (rc = provmap_build(req->db, &req->arena, sc.id, NULL, &who, &m, &req->err)))
        return rc;
    return send(req, res, "Provision map", "provision-map", repr_provmap(&m, sc.urn), false);
}

int page_programme_xlsx(struct request *req, struct response *res)
{
    int64_t id = page_id(req, 0);
    struct provision p;
    struct audit_entry who = { .actor = req->who.actor, .address = req->client };
    int rc = id ? provision_get(req->db, &req->arena, id, req->who.school_id, &who, &p, &req->err)
                : ERR_NOTFOUND;
    if (rc)
        return rc;
    if (!p.template_id)
        return ERR_NOTFOUND; /* a plain provision has no sessions */
    struct prog_session *ss;
    size_t n;
    if ((rc = programme_sessions(req->db, &req->arena, p.id, &ss, &n, &req->err)))
        return rc;
    json_t *o = repr_provision(&p, true), *jss = json_array();
    for (size_t i = 0; i < n && jss; i++)
        if (json_array_append_new(jss, repr_prog_session(&ss[i], 0))) {
            json_decref(jss);
            jss = NULL;
        }
    if (!o || !jss || json_object_set_new(o, "sessions", jss)) {
        json_decref(o);
        return ERR_NOMEM;
    }
    return send(req, res, "Programme", "programme-attendance", o, true);
}
