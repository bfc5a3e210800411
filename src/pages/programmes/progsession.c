#include "pages/programmes/progsession.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/audit.h"
#include "view/progdocs.h"
#include "model/programmes/programme.h"
#include "model/register/pupil.h"
#include "model/programmes/story.h"
#include "pages/calnote.h"
#include "pages/common.h"
#include "pages/programmes/programmes.h"

#define PDF_MAX (32u * 1024 * 1024)

static struct audit_entry who_of(struct request *req)
{
    return (struct audit_entry){ .actor = req->who.actor ? req->who.actor : "user:?",
                                 .address = req->client };
}

static const char *session_name(struct request *req, const struct prog_session *s)
{
    switch (s->kind) {
    case SESSION_COMMITMENT:
        return "First meeting";
    case SESSION_FOLLOWON:
        return arena_sprintf(&req->arena, "Follow-on meeting %d", s->seq);
    case SESSION_WEEKLY:
        break;
    }
    return arena_sprintf(&req->arena, "Session %d", s->seq);
}

/* "14/01/2025" from "2025-01-14", as people type dates into forms. */
static const char *uk_date(struct request *req, const char *iso)
{
    struct date d;
    if (date_parse(iso, &d))
        return iso;
    return arena_sprintf(&req->arena, "%02d/%02d/%04d", d.d, d.m, d.y);
}

static const struct prog_attendance *att_of(const struct prog_session *s, int64_t eid)
{
    for (size_t i = 0; i < s->n_attendance; i++)
        if (s->attendance[i].enrolment_id == eid)
            return &s->attendance[i];
    return NULL;
}

/* The hub asked for (query or form), or 0 for everyone. */
static int hub_of(struct request *req, const struct progtemplate *t)
{
    long long v;
    const char *s = req_text(req, "hub");
    return t->hub_max && *s && str_to_int(s, 1, 99, &v) == 0 ? (int)v : 0;
}

static bool in_view(const struct enrolment *en, int hub)
{
    return en->consent == CONSENT_GIVEN && (!hub || en->hub == hub);
}

static void checkbox(struct html *h, const char *name, const char *label, bool checked)
{
    html(h,
         "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"%s\" "
         "name=\"%s\" type=\"checkbox\" value=\"yes\"%s><label class=\"govuk-label "
         "govuk-checkboxes__label\" for=\"%s\">%s</label></div>\n",
         name, name, checked ? " checked" : "", name, label);
}

/* Links to each hub's view of the attendance form, when the programme runs in hubs. */
static void render_hub_links(struct html *h, const struct provision *p, const char *base, int hub)
{
    int hubs[100] = { 0 };
    for (size_t i = 0; i < p->n_enrolments; i++)
        if (p->enrolments[i].hub > 0 && p->enrolments[i].hub < 100)
            hubs[p->enrolments[i].hub] = 1;
    html_raw(h, "<nav aria-label=\"Hubs\"><ul class=\"govuk-list meso-actions\">\n");
    for (int k = 1; k < 100; k++) {
        if (!hubs[k])
            continue;
        if (k == hub)
            html(h, "<li><strong>Hub %d</strong></li>\n", k);
        else
            html(h, "<li><a class=\"govuk-link\" href=\"%s?hub=%d\">Hub %d</a></li>\n", base, k, k);
    }
    if (hub)
        html(h, "<li><a class=\"govuk-link\" href=\"%s\">Everyone</a></li>\n", base);
    else
        html_raw(h, "<li><strong>Everyone</strong></li>\n");
    html_raw(h, "</ul></nav>\n");
}

/* Who came: a checkbox per consented family (or pupil) in view. */
static void render_attendance(struct request *req, struct html *h, const struct provision *p,
                              const struct progtemplate *t, const struct prog_session *s,
                              const char *base, int hub, const char *posted_part)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"attendance\">Who came</h2>\n");
    if (t->hub_max)
        render_hub_links(h, p, base, hub);
    size_t shown = 0;
    struct buf ids;
    buf_init(&ids, 64 * 1024);
    for (size_t i = 0; i < p->n_enrolments; i++)
        if (in_view(&p->enrolments[i], hub))
            buf_addf(&ids, "%s%lld", shown++ ? "," : "", (long long)p->enrolments[i].id);
    if (!shown) {
        html(h, "<p class=\"govuk-body\">No %s with consent%s yet.</p>\n",
             t->counts_when == PT_COUNTS_CHILD ? "pupils" : "families", hub ? " in this hub" : "");
    } else if (s->status != SESSION_CANCELLED) {
        form_start(h, base, req->csrf);
        html(h,
             "<input type=\"hidden\" name=\"part\" value=\"attendance\"><input type=\"hidden\" "
             "name=\"families\" value=\"%s\"><input type=\"hidden\" name=\"hub\" value=\"%d\">\n",
             buf_str(&ids), hub);
        bool posted = posted_part && !strcmp(posted_part, "attendance");
        for (size_t i = 0; i < p->n_enrolments; i++) {
            const struct enrolment *en = &p->enrolments[i];
            if (!in_view(en, hub))
                continue;
            const struct prog_attendance *at = att_of(s, en->id);
            const char *cn = arena_sprintf(&req->arena, "child_%lld", (long long)en->id);
            const char *pn = arena_sprintf(&req->arena, "parent_%lld", (long long)en->id);
            bool child = posted ? !strcmp(req_text(req, cn), "yes") : at && at->child;
            bool parent = posted ? !strcmp(req_text(req, pn), "yes") : at && at->parent;
            html(
                h,
                "<div class=\"govuk-form-group meso-attendance\"><fieldset class=\"govuk-fieldset\">"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s%s%s</legend>"
                "<div class=\"govuk-checkboxes govuk-checkboxes--small govuk-checkboxes--inline\" "
                "data-module=\"govuk-checkboxes\">\n",
                en->pupil_name, en->carer_name ? ", with " : "",
                en->carer_name ? en->carer_name : "");
            checkbox(h, cn, arena_sprintf(&req->arena, "%s came", en->forename), child);
            if (t->counts_when != PT_COUNTS_CHILD)
                checkbox(h, pn, "Parent or carer came", parent);
            html_raw(h, "</div></fieldset></div>\n");
        }
        form_button(h, "Save who came", false);
        form_end(h);
    }
    buf_release(&ids);
}

/* The session's checklist: which agenda items happened (fidelity). */
static void render_checklist(struct request *req, struct html *h, const struct progtemplate *t,
                             const struct prog_session *s, const char *base, int hub)
{
    if (s->kind != SESSION_FOLLOWON && s->status != SESSION_CANCELLED) {
        html_raw(h,
                 "<h2 class=\"govuk-heading-m\" id=\"checklist\">The session's checklist</h2>\n");
        form_start(h, base, req->csrf);
        html(h,
             "<input type=\"hidden\" name=\"part\" value=\"checklist\"><input type=\"hidden\" "
             "name=\"hub\" value=\"%d\">\n",
             hub);
        html_raw(h, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\" "
                    "aria-describedby=\"checklist-hint\"><legend class=\"govuk-fieldset__legend "
                    "govuk-fieldset__legend--s\">What happened as planned</legend><div "
                    "id=\"checklist-hint\" class=\"govuk-hint\">Tick each part of the session that "
                    "happened. This is how closely the programme was followed.</div><div "
                    "class=\"govuk-checkboxes govuk-checkboxes--small\" "
                    "data-module=\"govuk-checkboxes\">\n");
        for (size_t k = 0; k < t->n_agenda; k++) {
            const char *name = arena_sprintf(&req->arena, "item_%zu", k + 1);
            checkbox(h, name,
                     arena_sprintf(&req->arena, "%s (%d minutes)", t->agenda[k].label,
                                   t->agenda[k].minutes),
                     s->fidelity_recorded && s->done[k]);
        }
        html_raw(h, "</div></fieldset></div>\n");
        form_button(h, "Save the checklist", true);
        form_end(h);
    }
}

/* Notes, date and status, in one form. */
static void render_details(struct request *req, struct html *h, const struct prog_session *s,
                           const struct problems *pr, const char *base, int hub,
                           const char *posted_part)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"details\">Notes and date</h2>\n");
    form_start(h, base, req->csrf);
    html(h,
         "<input type=\"hidden\" name=\"part\" value=\"details\"><input type=\"hidden\" "
         "name=\"hub\" value=\"%d\">\n",
         hub);
    bool posted = posted_part && !strcmp(posted_part, "details");
    struct field fn = { .name = "notes",
                        .label = "Notes",
                        .value = posted ? req_text(req, "notes") : s->notes,
                        .error = problems_for(pr, "notes") };
    form_textarea(h, &fn, 3);
    struct field fd = { .name = "date",
                        .label = "Date",
                        .hint = "Change it to move the session. For example, 14/01/2025",
                        .value = posted ? req_text(req, "date") : uk_date(req, s->date),
                        .error = problems_for(pr, "date"),
                        .width = "10" };
    form_input(h, &fd);
    static const struct option status_opts[] = {
        { "planned", "Still to come, or not recorded yet", NULL },
        { "held", "Held", NULL },
        { "cancelled", "Cancelled", NULL },
    };
    struct field fs = { .name = "status",
                        .label = "This session is",
                        .value = posted ? req_text(req, "status") : session_status_names[s->status],
                        .error = problems_for(pr, "status") };
    form_radios(h, &fs, status_opts, 3, false);
    form_button(h, "Save", true);
    form_end(h);
}

/* Story Links: one enrolment's story form, filled from its story for this session. */
static int render_story_form(struct request *req, struct html *h, const struct provision *p,
                             const struct progtemplate *t, const struct prog_session *s,
                             const struct enrolment *en, const struct problems *pr,
                             const char *base, bool posted_story)
{
    struct story *st;
    size_t n_st;
    struct audit_entry who = who_of(req);
    int rc = story_list_for_enrolment(req->db, &req->arena, en->id, &who, &st, &n_st, &req->err);
    if (rc)
        return rc;
    const struct story *mine = NULL;
    for (size_t k = 0; k < n_st; k++)
        if (st[k].session_id == s->id)
            mine = &st[k];
    if (p->n_enrolments > 1)
        html(h, "<h3 class=\"govuk-heading-s\">%s</h3>\n", en->pupil_name);
    form_start_multipart(h, arena_sprintf(&req->arena, "%s/story", base), req->csrf);
    html(h, "<input type=\"hidden\" name=\"enrolment\" value=\"%lld\">\n", (long long)en->id);
    struct field ff[] = {
        { .name = "title",
          .label = "Title",
          .value = posted_story ? req_text(req, "title")
                   : mine       ? mine->title
                                : NULL,
          .error = problems_for(pr, "title"),
          .width = "30" },
        { .name = "coauthors",
          .label = "Written by",
          .hint =
              t->turn_order
                  ? arena_sprintf(&req->arena, "Turns go %s, for %d to %d rounds. Anyone may pass.",
                                  t->turn_order, t->turn_rounds_min, t->turn_rounds_max)
                  : NULL,
          .value = posted_story ? req_text(req, "coauthors")
                   : mine       ? mine->coauthors
                                : NULL,
          .error = problems_for(pr, "coauthors"),
          .width = "30" },
    };
    form_input(h, &ff[0]);
    form_input(h, &ff[1]);
    struct field fb = { .name = "body",
                        .label = "The story",
                        .hint = "About two A4 pages, at the child's reading level. Leave "
                                "a blank line between paragraphs.",
                        .value = posted_story ? req_text(req, "body")
                                 : mine       ? mine->body
                                              : NULL,
                        .error = problems_for(pr, "body") };
    form_textarea(h, &fb, 12);
    html(h,
         "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" "
         "for=\"story_file\">Or upload it as a text file (.txt)</label>",
         problems_for(pr, "story_file") ? " govuk-form-group--error" : "");
    if (problems_for(pr, "story_file"))
        html(h,
             "<p id=\"story_file-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>",
             problems_for(pr, "story_file"));
    html_raw(h, "<input class=\"govuk-file-upload\" id=\"story_file\" name=\"story_file\" "
                "type=\"file\" accept=\".txt,text/plain\"></div>\n");
    struct field fr = { .name = "reading_level",
                        .label = "Notes on the reading level (optional)",
                        .value = posted_story ? req_text(req, "reading_level")
                                 : mine       ? mine->reading_level
                                              : NULL,
                        .error = problems_for(pr, "reading_level") };
    form_textarea(h, &fr, 2);
    form_button(h, mine ? "Save changes to the story" : "Save the story", false);
    form_end(h);
    return 0;
}

/* Story Links: the story, for each consented enrolment. */
static int render_stories(struct request *req, struct html *h, const struct provision *p,
                          const struct progtemplate *t, const struct prog_session *s,
                          const struct problems *pr, const char *base, const char *posted_part)
{
    if (t->stories && s->kind != SESSION_FOLLOWON) {
        html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"story\">The story</h2>\n");
        bool posted_story = posted_part && !strcmp(posted_part, "story");
        for (size_t i = 0; i < p->n_enrolments; i++) {
            const struct enrolment *en = &p->enrolments[i];
            if (en->consent != CONSENT_GIVEN)
                continue;
            int rc = render_story_form(req, h, p, t, s, en, pr, base, posted_story);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int render(struct request *req, struct response *res, const struct provision *p,
                  const struct progtemplate *t, const struct prog_session *s,
                  const struct problems *pr, const char *posted_part)
{
    int hub = hub_of(req, t);
    const char *base = arena_sprintf(&req->arena, "/programmes/%lld/sessions/%lld",
                                     (long long)p->id, (long long)s->id);
    struct html h;
    struct page pg = {
        .title = arena_sprintf(&req->arena, "%s: %s", session_name(req, s),
                               progdocs_long_date(&req->arena, s->date)),
        .caption = p->name,
        .nav = "programmes",
        .back_href = arena_sprintf(&req->arena, "/programmes/%lld#sessions", (long long)p->id),
    };
    page_begin(req, res, &h, &pg);
    if (req_query(req, "saved"))
        layout_banner(&h, true, "Success", "Saved.");
    form_error_summary(&h, pr);
    int rc = page_date_note(req, &h, s->date,
                            "If the session is meant to be that day, there is nothing to change.");
    if (rc)
        return rc;
    char today[11];
    date_iso(date_today(), today);
    bool future = strcmp(s->date, today) > 0;
    html(&h, "<p class=\"govuk-body\">%s</p>\n",
         s->status == SESSION_HELD        ? "This session was held."
         : s->status == SESSION_CANCELLED ? "This session was cancelled."
         : future                         ? "This session is still to come."
                                          : "Nothing is recorded for this session yet.");
    if (future)
        html(&h, "<div class=\"govuk-inset-text\">You can record who came on or after %s.</div>\n",
             page_date(req, s->date));

    render_attendance(req, &h, p, t, s, base, hub, posted_part);
    render_checklist(req, &h, t, s, base, hub);
    render_details(req, &h, s, pr, base, hub, posted_part);
    rc = render_stories(req, &h, p, t, s, pr, base, posted_part);
    if (rc)
        return rc;
    return page_finish(req, &h);
}

static int load(struct request *req, struct provision *p, struct progtemplate *t,
                struct prog_session *s)
{
    bool manage;
    int rc = progpage_load(req, p, t, &manage);
    if (rc)
        return rc;
    return programme_session_get(req->db, &req->arena, p->id, page_id(req, 1), s, &req->err);
}

int page_session(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    struct prog_session s;
    int rc = load(req, &p, &t, &s);
    if (rc)
        return rc;
    return render(req, res, &p, &t, &s, NULL, NULL);
}

/* A model error "field: message" onto a form field. */
static void problem(struct request *req, struct problems *pr, const char *field)
{
    const char *msg = req->err.msg, *colon = strstr(msg, ": ");
    if (colon && colon - msg < 20 && !memchr(msg, ' ', (size_t)(colon - msg)))
        msg = colon + 2;
    problems_add(pr, field, "%s", page_sentence(req, msg));
}

static int done(struct request *req, struct response *res, const struct provision *p,
                const struct progtemplate *t, const struct prog_session *s, struct problems *pr,
                const char *part, const char *anchor)
{
    if (pr->n) {
        res->status = 422;
        return render(req, res, p, t, s, pr, part);
    }
    int hub = hub_of(req, t);
    resp_redirect(res,
                  arena_sprintf(&req->arena, "/programmes/%lld/sessions/%lld?saved=1%s#%s",
                                (long long)p->id, (long long)s->id,
                                hub ? arena_sprintf(&req->arena, "&hub=%d", hub) : "", anchor));
    return 0;
}

int page_session_post(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    struct prog_session s;
    int rc = load(req, &p, &t, &s);
    if (rc)
        return rc;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct prog_session_record r = { 0 };
    const char *part = req_text(req, "part");
    const char *field = "form", *anchor = "attendance";
    bool done_items[PT_MAX_AGENDA] = { false };
    enum session_status status;
    char date[11];
    if (!strcmp(part, "attendance")) {
        struct prog_attendance *att =
            arena_array(&req->arena, p.n_enrolments ? p.n_enrolments : 1, sizeof *att);
        if (!att)
            return ERR_NOMEM;
        size_t n = 0;
        char *list = arena_strdup(&req->arena, req_text(req, "families"));
        for (char *tok = list; tok && *tok;) {
            char *comma = strchr(tok, ',');
            if (comma)
                *comma = '\0';
            long long eid;
            if (str_to_int(tok, 1, INT64_MAX, &eid) == 0)
                for (size_t i = 0; i < p.n_enrolments && n < p.n_enrolments; i++)
                    if (p.enrolments[i].id == eid) {
                        att[n++] = (struct prog_attendance){
                            .enrolment_id = eid,
                            .child = !strcmp(
                                req_text(req, arena_sprintf(&req->arena, "child_%lld", eid)),
                                "yes"),
                            .parent = !strcmp(
                                req_text(req, arena_sprintf(&req->arena, "parent_%lld", eid)),
                                "yes"),
                        };
                    }
            tok = comma ? comma + 1 : NULL;
        }
        r.attendance = att;
        r.n_attendance = n;
        field = "attendance";
    } else if (!strcmp(part, "checklist")) {
        for (size_t k = 0; k < t.n_agenda; k++)
            done_items[k] =
                !strcmp(req_text(req, arena_sprintf(&req->arena, "item_%zu", k + 1)), "yes");
        r.done = done_items;
        r.n_done = t.n_agenda;
        field = anchor = "checklist";
    } else if (!strcmp(part, "details")) {
        r.notes = req_text(req, "notes");
        const char *d = req_text(req, "date");
        char why[128];
        if (*d && (pupil_parse_date(d, date, why, sizeof why) || !date[0]))
            problems_add(&pr, "date", "Enter the date as a real date, like 14/01/2025");
        else if (*d)
            r.date = date;
        const char *st = req_text(req, "status");
        if (!strcmp(st, "held"))
            status = SESSION_HELD;
        else if (!strcmp(st, "cancelled"))
            status = SESSION_CANCELLED;
        else
            status = SESSION_PLANNED;
        r.status = &status;
        field = "status";
        anchor = "details";
    } else {
        return ERR_NOTFOUND;
    }
    if (!pr.n) {
        struct audit_entry who = who_of(req);
        rc = programme_session_record(req->db, &req->arena, p.id, s.id, &r, &who, &req->err);
        if (rc == ERR_INPUT)
            problem(req, &pr,
                    !strncmp(req->err.msg, "notes:", 6)  ? "notes"
                    : !strncmp(req->err.msg, "date:", 5) ? "date"
                                                         : field);
        else if (rc)
            return rc;
    }
    return done(req, res, &p, &t, &s, &pr, part, anchor);
}

int page_story_post(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    struct prog_session s;
    int rc = load(req, &p, &t, &s);
    if (rc)
        return rc;
    if (!t.stories)
        return ERR_NOTFOUND;
    long long eid;
    const struct enrolment *en = NULL;
    if (str_to_int(req_text(req, "enrolment"), 1, INT64_MAX, &eid) == 0)
        for (size_t i = 0; i < p.n_enrolments; i++)
            if (p.enrolments[i].id == eid)
                en = &p.enrolments[i];
    if (!en)
        return ERR_NOTFOUND;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct story st = { .session_id = s.id, .enrolment_id = en->id };
    const char *v;
    st.title = req_text(req, "title");
    v = req_text(req, "coauthors");
    st.coauthors = *v ? v : NULL;
    v = req_text(req, "reading_level");
    st.reading_level = *v ? v : NULL;
    /* A browser sends a textarea's line breaks as CR LF: keep LF, as an
     * uploaded file's, so that paragraphs split at blank lines. */
    char *body = arena_strdup(&req->arena, req_form(req, "body") ? req_form(req, "body") : "");
    if (!body)
        return ERR_NOMEM;
    size_t j = 0;
    for (size_t i = 0; body[i]; i++)
        if (!(body[i] == '\r' && body[i + 1] == '\n'))
            body[j++] = body[i] == '\r' ? '\n' : body[i];
    body[j] = '\0';
    st.body = body;
    const struct upload *up = req_file(req, "story_file");
    if (up && up->len > 0) {
        const char *text;
        if (story_text_from_upload(&req->arena, up->data, up->len, &text, &req->err))
            problem(req, &pr, "story_file");
        else {
            st.body = text;
            st.uploaded = true;
            st.filename = up->filename;
        }
    }
    if (!pr.n) {
        size_t before = pr.n;
        story_validate(&st, &pr);
        page_sentences(req, &pr, before);
    }
    if (!pr.n) {
        struct audit_entry who = who_of(req);
        rc = story_save(req->db, &st, &who, &req->err);
        if (rc == ERR_INPUT)
            problem(req, &pr, "body");
        else if (rc)
            return rc;
    }
    return done(req, res, &p, &t, &s, &pr, "story", "story");
}

int page_booklet_pdf(struct request *req, struct response *res)
{
    struct provision p;
    struct progtemplate t;
    bool manage;
    int rc = progpage_load(req, &p, &t, &manage);
    if (rc)
        return rc;
    const struct enrolment *en = NULL;
    for (size_t i = 0; i < p.n_enrolments; i++)
        if (p.enrolments[i].id == page_id(req, 1))
            en = &p.enrolments[i];
    if (!en || !t.stories)
        return ERR_NOTFOUND;
    struct story *st;
    size_t n;
    struct audit_entry who = who_of(req);
    if ((rc = story_list_for_enrolment(req->db, &req->arena, en->id, &who, &st, &n, &req->err)))
        return rc;
    struct buf b;
    buf_init(&b, PDF_MAX);
    if ((rc = progdocs_booklet(&b, &req->arena, page_doc_tr(req, en->carer_id),
                               progpage_school(req), en->forename, st, n, &req->err)) ||
        (rc = page_audit(req, "download", "story", 0, en->pupil_id, "booklet PDF"))) {
        buf_release(&b);
        return rc;
    }
    return progpage_send_pdf(req, res, &b, "stories.pdf");
}
