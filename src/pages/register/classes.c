#include "pages/register/classes.h"

#include <string.h>

#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/audit.h"
#include "model/register/pupil.h"
#include "model/register/regclass.h"
#include "model/register/staff.h"
#include "pages/common.h"

int page_classes(struct request *req, struct response *res)
{
    struct reg_group *g;
    size_t n;
    int rc = regclass_list(req->db, &req->arena, req->who.school_id, &g, &n, &req->err);
    if (rc)
        return rc;
    struct html h;
    struct page pg = { .title = "Classes and key teachers",
                       .nav = "pupils",
                       .back_href = "/pupils" };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">A key teacher holds the structured conversations with "
                 "the families of pupils in conversation scope (SEN support, an EHC plan, or added "
                 "by a lead). Choose one for a whole class; pupils who join the class later get "
                 "them too.</p>\n");
    if (n == 0) {
        html_raw(&h, "<p class=\"govuk-body\">No classes yet. They come from the class column "
                     "(Reg, Registration Form) of the pupil export: <a class=\"govuk-link\" "
                     "href=\"/import\">import pupils</a>.</p>\n");
        return page_finish(req, &h);
    }
    html_raw(&h,
             "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Classes\" tabindex=\"0\">"
             "<table class=\"govuk-table meso-table\"><caption class=\"govuk-visually-hidden\">"
             "Classes</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
             "<th scope=\"col\" class=\"govuk-table__header\">Class</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">In scope</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Key teacher</th>"
             "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        html(
            &h,
            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
            "href=\"/classes/%lld\">%s</a></td><td class=\"govuk-table__cell\">%d of %d pupil%s"
            "</td><td class=\"govuk-table__cell\">%s%s</td></tr>\n",
            (long long)g[i].id, g[i].name, g[i].in_scope, g[i].pupils, g[i].pupils == 1 ? "" : "s",
            g[i].key_teacher ? g[i].key_teacher : "Not chosen yet",
            g[i].key_teacher && g[i].without_teacher ? " (some pupils have none)" : "");
    }
    html_raw(&h, "</tbody></table></div>\n");
    return page_finish(req, &h);
}

static int teacher_options(struct request *req, struct option **out, size_t *n)
{
    struct staff *st;
    size_t n_st;
    int rc = staff_list(req->db, &req->arena, req->who.school_id, &st, &n_st, &req->err);
    if (rc)
        return rc;
    struct option *o = arena_array(&req->arena, n_st + 1, sizeof *o);
    if (!o)
        return ERR_NOMEM;
    size_t k = 0;
    o[k++] = (struct option){ "", "No key teacher for the class", NULL };
    for (size_t i = 0; i < n_st; i++)
        if (st[i].active && (!strcmp(st[i].role, "teacher") || !strcmp(st[i].role, "lead")))
            o[k++] = (struct option){ arena_sprintf(&req->arena, "%lld", (long long)st[i].id),
                                      st[i].name, NULL };
    *out = o;
    *n = k;
    return 0;
}

static int render_class(struct request *req, struct response *res, const struct reg_group *g,
                        const struct problems *pr)
{
    struct audit_entry who = { .actor = req->who.actor, .address = req->client };
    struct regclass_pupil *ps;
    size_t n;
    int rc = regclass_pupils(req->db, &req->arena, g->id, &who, &ps, &n, &req->err);
    struct option *opts;
    size_t n_opts;
    if (rc || (rc = teacher_options(req, &opts, &n_opts)))
        return rc;
    struct html h;
    struct page pg = { .title = arena_sprintf(&req->arena, "Class %s", g->name),
                       .caption = "Key teacher",
                       .nav = "pupils",
                       .back_href = "/classes" };
    page_begin(req, res, &h, &pg);
    const char *saved = req_query(req, "saved");
    if (saved)
        layout_banner(&h, true, "Saved",
                      arena_sprintf(&req->arena,
                                    "The class's key teacher is saved; %s pupil%s "
                                    "changed.",
                                    saved, strcmp(saved, "1") ? "s" : ""));
    form_error_summary(&h, pr);
    html(&h,
         "<p class=\"govuk-body\">%d pupil%s of this class %s in conversation scope. The key "
         "teacher you choose holds the conversations with their families. Pupils who join the "
         "class later, or come into scope, get the class's key teacher too. A key teacher you "
         "chose for one pupil on their own page stays, unless you ask below.</p>\n",
         g->in_scope, g->in_scope == 1 ? "" : "s", g->in_scope == 1 ? "is" : "are");
    form_start(&h, arena_sprintf(&req->arena, "/classes/%lld", (long long)g->id), req->csrf);
    struct field f = { .name = "key_teacher",
                       .label = "Key teacher of the class",
                       .value = g->key_teacher_id ? arena_sprintf(&req->arena, "%lld",
                                                                  (long long)g->key_teacher_id)
                                                  : "",
                       .error = problems_for(pr, "key_teacher") };
    form_select(&h, &f, opts, n_opts);
    if (g->chosen_other)
        form_checkbox(&h, "replace",
                      arena_sprintf(&req->arena,
                                    "Also give them the %d pupil%s whose key teacher was chosen "
                                    "for them alone",
                                    g->chosen_other, g->chosen_other == 1 ? "" : "s"),
                      false);
    form_button(&h, "Save", false);
    form_end(&h);
    html_raw(&h, "<h2 class=\"govuk-heading-m\">Pupils in conversation scope</h2>\n");
    if (n == 0) {
        html_raw(&h, "<p class=\"govuk-body\">None at the moment.</p>\n");
        return page_finish(req, &h);
    }
    html_raw(
        &h,
        "<div class=\"meso-table-wrap\" role=\"region\" aria-label=\"Pupils in "
        "conversation scope\" tabindex=\"0\"><table class=\"govuk-table meso-table\">"
        "<caption class=\"govuk-visually-hidden\">Pupils in conversation scope</caption><thead class=\"govuk-table__head\">"
        "<tr class=\"govuk-table__row\">"
        "<th scope=\"col\" class=\"govuk-table__header\">Pupil</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">SEN</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Key teacher</th>"
        "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < n; i++)
        html(
            &h,
            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
            "href=\"/pupils/%lld\">%s</a></td><td class=\"govuk-table__cell\">%s</td>"
            "<td class=\"govuk-table__cell\">%s%s</td></tr>\n",
            (long long)ps[i].id, ps[i].name, pupil_sen_label(ps[i].sen),
            ps[i].key_teacher ? ps[i].key_teacher : "None yet",
            ps[i].key_teacher && !ps[i].by_class ? " (chosen for them)" : "");
    html_raw(&h, "</tbody></table></div>\n");
    return page_finish(req, &h);
}

int page_class(struct request *req, struct response *res)
{
    struct reg_group g;
    int rc = regclass_get(req->db, &req->arena, req->who.school_id, page_id(req, 0), &g, &req->err);
    return rc ? rc : render_class(req, res, &g, NULL);
}

int page_class_post(struct request *req, struct response *res)
{
    struct reg_group g;
    int rc = regclass_get(req->db, &req->arena, req->who.school_id, page_id(req, 0), &g, &req->err);
    if (rc)
        return rc;
    const char *v = req_text(req, "key_teacher");
    long long staff = 0;
    struct problems pr;
    problems_init(&pr, &req->arena);
    if (*v && str_to_int(v, 1, INT64_MAX, &staff))
        problems_add(&pr, "key_teacher", "Choose a teacher from the list");
    int changed = 0;
    struct audit_entry who = { .actor = req->who.actor, .address = req->client };
    if (!pr.n) {
        rc =
            regclass_set_key_teacher(req->db, &who, g.id, staff,
                                     !strcmp(req_text(req, "replace"), "yes"), &changed, &req->err);
        if (rc == ERR_INPUT)
            problems_add(&pr, "key_teacher", "Choose a teacher or lead of this school");
        else if (rc)
            return rc;
    }
    if (pr.n) {
        res->status = 422;
        return render_class(req, res, &g, &pr);
    }
    resp_redirect(res,
                  arena_sprintf(&req->arena, "/classes/%lld?saved=%d", (long long)g.id, changed));
    return 0;
}
