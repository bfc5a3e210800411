#include "pages/common.h"

#include <string.h>

#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"
#include "model/access/access.h"
#include "model/access/account.h"
#include "model/i18n/transfix.h"

struct layout_who page_who(const struct request *req)
{
    unsigned held = req_held(req);
    const struct principal *w = &req->who;
    return (struct layout_who){
        .signed_in =
            w->kind == PRINCIPAL_STAFF || w->kind == PRINCIPAL_PARENT || w->kind == PRINCIPAL_LA,
        .name = w->name,
        .csrf = req->csrf,
        .roles = (held & R_ADMIN ? LAYOUT_ADMIN : 0u) | (held & R_LEAD ? LAYOUT_LEAD : 0u) |
                 (held & R_TEACHER ? LAYOUT_TEACHER : 0u) |
                 (held & R_PRACTITIONER ? LAYOUT_PRACTITIONER : 0u) |
                 (held & R_PARENT ? LAYOUT_PARENT : 0u) | (held & R_LA ? LAYOUT_LA : 0u),
        .tr = req->tr,
    };
}

void page_begin(struct request *req, struct response *res, struct html *h, const struct page *p)
{
    html_init(h, &res->body);
    h->tr = req->tr;
    struct layout_who who = page_who(req);
    layout_start(h, &who, p);
}

int page_finish(struct request *req, struct html *h)
{
    layout_end(h, req->tr);
    return h->err;
}

int64_t page_id(const struct request *req, size_t n)
{
    long long id;
    const char *s = req_param(req, n);
    return s && str_to_int(s, 1, INT64_MAX, &id) == 0 ? id : 0;
}

int page_pupil(struct request *req, int64_t id, struct pupil *out)
{
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = access_pupil_visible(req->db, &req->who, id, &req->err);
    return rc ? rc : pupil_by_id(req->db, &req->arena, req->who.school_id, id, out, &req->err);
}

int page_carer(struct request *req, int64_t id, struct carer *out)
{
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = access_carer_visible(req->db, &req->who, id, &req->err);
    return rc ? rc : carer_by_id(req->db, &req->arena, req->who.school_id, id, out, &req->err);
}

struct audit_entry page_actor(const struct request *req)
{
    return (struct audit_entry){ .actor = req->who.actor ? req->who.actor : "user:?",
                                 .address = req->client,
                                 .school_id = req->who.school_id };
}

int page_audit(struct request *req, const char *action, const char *entity, int64_t entity_id,
               int64_t pupil_id, const char *detail)
{
    struct audit_entry au = { .actor = req->who.actor ? req->who.actor : "user:?",
                              .action = action,
                              .entity = entity,
                              .entity_id = entity_id,
                              .pupil_id = pupil_id,
                              .school_id = req->who.school_id,
                              .detail = detail,
                              .address = req->client };
    return audit_log(req->db, &au, &req->err);
}

const char *page_sentence(struct request *req, const char *msg)
{
    char *m = arena_strdup(&req->arena, msg);
    if (m && m[0] >= 'a' && m[0] <= 'z')
        m[0] = (char)(m[0] - 32);
    return m ? m : msg;
}

void page_sentences(struct request *req, struct problems *pr, size_t from)
{
    for (size_t i = from; i < pr->n; i++)
        pr->items[i].msg = page_sentence(req, pr->items[i].msg);
}

int page_send_document(struct request *req, struct response *res, struct buf *b, const char *type,
                       bool attachment, const char *filename)
{
    res->status = 200;
    res->content_type = type;
    buf_reset(&res->body);
    int rc = buf_add(&res->body, b->data ? b->data : "", b->len);
    buf_release(b);
    if (rc)
        return rc;
    return resp_header(res, "Content-Disposition",
                       arena_sprintf(&req->arena, "%s; filename=\"%s\"",
                                     attachment ? "attachment" : "inline", filename));
}

const struct tr *page_doc_tr(struct request *req, int64_t carer_id)
{
    const struct lang *l = i18n_lang(req_query(req, "lang"));
    if (!l && req->who.kind == PRINCIPAL_PARENT)
        return req->tr;
    struct carer c;
    if (!l && carer_id > 0 &&
        carer_by_id(req->db, &req->arena, req->who.school_id, carer_id, &c, &req->err) == 0)
        l = i18n_lang_recorded(c.preferred_language);
    struct tr *t = arena_alloc(&req->arena, sizeof *t);
    if (!t)
        return NULL;
    tr_init(t, l);
    struct tr_fix *fixes;
    size_t n;
    if (t->has_cat && transfix_list(req->db, &req->arena, req->who.school_id, t->lang->code, &fixes,
                                    &n, &req->err) == 0) {
        t->fixes = fixes;
        t->n_fixes = n;
    }
    return t;
}

const char *page_date(struct request *req, const char *iso)
{
    return i18n_date(&req->arena, req->tr, iso);
}

bool page_is_lead(const struct request *req)
{
    return req->who.kind == PRINCIPAL_STAFF && access_has_role(&req->who, ACCOUNT_LEAD);
}

bool page_can_edit(const struct request *req)
{
    return req->who.kind == PRINCIPAL_STAFF &&
           (req->who.roles & (ACCOUNT_LEAD | ACCOUNT_TEACHER | ACCOUNT_PRACTITIONER));
}
