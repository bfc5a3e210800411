#include "pages/programmes/stories.h"

#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/register/audit.h"
#include "view/progdocs.h"
#include "model/register/pupil.h"
#include "model/programmes/story.h"
#include "pages/common.h"
#include "pages/programmes/programmes.h"

#define PDF_MAX (32u * 1024 * 1024)

static struct audit_entry who_of(struct request *req)
{
    return (struct audit_entry){ .actor = req->who.actor ? req->who.actor : "user:?",
                                 .address = req->client };
}

/* The signed-in parent's children (or, for staff, none: this page is the
 * family's). */
static int children(struct request *req, struct pupil **out, size_t *n)
{
    struct pupil_filter f = { .fsm = -1 };
    access_pupil_filter(&req->who, &f);
    return pupil_list(req->db, &req->arena, &f, out, n, NULL, &req->err);
}

/* Paragraphs split at blank lines; a single line break stays a break. */
static void paragraphs(struct request *req, struct html *h, const char *body)
{
    const char *s = body ? body : "";
    while (*s) {
        const char *end = strstr(s, "\n\n");
        size_t len = end ? (size_t)(end - s) : strlen(s);
        char *para = arena_strndup(&req->arena, s, len);
        if (para && !str_blank(para)) {
            html_raw(h, "<p class=\"govuk-body\">");
            for (char *line = str_trim(para); line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                    *nl = '\0';
                html(h, "%s", line);
                if (nl)
                    html_raw(h, "<br>");
                line = nl ? nl + 1 : NULL;
            }
            html_raw(h, "</p>\n");
        }
        s += len;
        while (*s == '\n')
            s++;
    }
}

int page_family_stories(struct request *req, struct response *res)
{
    struct pupil *kids;
    size_t n_kids;
    int rc = children(req, &kids, &n_kids);
    if (rc)
        return rc;
    const struct tr *tr = req->tr;
    struct arena *a = &req->arena;
    struct html h;
    struct page pg = { .title = _(tr, "Your child's stories"), .nav = "stories" };
    page_begin(req, res, &h, &pg);
    bool any = false;
    struct audit_entry who = who_of(req);
    for (size_t i = 0; i < n_kids; i++) {
        struct story *st;
        size_t n;
        if ((rc = story_list_for_pupil(req->db, &req->arena, kids[i].id, &who, &st, &n, &req->err)))
            return rc;
        if (!n)
            continue;
        any = true;
        const char *name = pupil_display_name(&req->arena, &kids[i]);
        const char *fore = kids[i].preferred_forename && *kids[i].preferred_forename
                               ? kids[i].preferred_forename
                               : kids[i].legal_forename;
        html(&h, "<h2 class=\"govuk-heading-l\">%s</h2>\n", name);
        html(&h,
             "<p class=\"govuk-body\">%s</p>\n<p class=\"govuk-body\"><a class=\"govuk-link\" "
             "href=\"/stories/%lld/booklet.pdf\">%s</a></p>\n",
             _f(a, tr,
                "These are the stories you wrote together at school. Read them with %1$s at "
                "home: %1$s knows them well, so it is a great way to practise reading.",
                fore),
             (long long)kids[i].id, _f(a, tr, "Print %s's stories as a booklet (PDF)", fore));
        for (size_t k = 0; k < n; k++) {
            html(&h, "<article class=\"meso-story\"><h3 class=\"govuk-heading-m\">%s</h3>\n",
                 st[k].title);
            if (st[k].coauthors)
                html(&h, "<p class=\"govuk-body-s\">%s</p>\n",
                     _f(a, tr, "By %1$s, %2$s", st[k].coauthors,
                        page_date(req, st[k].session_date)));
            paragraphs(req, &h, st[k].body);
            html_raw(&h, "</article>\n");
        }
    }
    if (!any)
        html(&h, "<p class=\"govuk-body\">%s</p>\n",
             _(tr, "There are no stories here yet. When your child writes a story with the "
                   "school, you can read it here."));
    return page_finish(req, &h);
}

int page_family_booklet(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = page_pupil(req, page_id(req, 0), &p);
    if (rc)
        return rc;
    struct story *st;
    size_t n;
    struct audit_entry who = who_of(req);
    if ((rc = story_list_for_pupil(req->db, &req->arena, p.id, &who, &st, &n, &req->err)))
        return rc;
    if (!n)
        return ERR_NOTFOUND;
    const char *fore =
        p.preferred_forename && *p.preferred_forename ? p.preferred_forename : p.legal_forename;
    struct buf b;
    buf_init(&b, PDF_MAX);
    if ((rc = progdocs_booklet(&b, &req->arena, page_doc_tr(req, 0), progpage_school(req), fore, st,
                               n, &req->err)) ||
        (rc = page_audit(req, "download", "story", 0, p.id, "booklet PDF"))) {
        buf_release(&b);
        return rc;
    }
    return progpage_send_pdf(req, res, &b, "stories.pdf");
}

int stories_home_link(struct request *req, struct html *h)
{
    if (req->who.kind != PRINCIPAL_PARENT || !req->who.carer_id)
        return 0;
    /* The same children as /stories, so the link never leads to an empty
     * page. */
    struct pupil *kids;
    size_t n_kids;
    int rc = children(req, &kids, &n_kids);
    long n = 0;
    for (size_t i = 0; rc == 0 && i < n_kids && n == 0; i++)
        rc = story_count_for_pupil(req->db, kids[i].id, &n, &req->err);
    if (rc)
        return rc;
    if (n)
        html(h,
             "<h2 class=\"govuk-heading-m\">%s</h2>\n<p class=\"govuk-body\">"
             "<a class=\"govuk-link\" href=\"/stories\">%s</a></p>\n",
             _(req->tr, "Stories"), _(req->tr, "Read the stories you wrote together"));
    return 0;
}
