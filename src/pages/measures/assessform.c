#include "pages/measures/assessform.h"

#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "io/canvas_svg.h"
#include "view/chart_score.h"
#include "model/access/access.h"
#include "model/access/account.h"
#include "model/measures/assessment.h"
#include "model/register/audit.h"
#include "model/measures/measure.h"
#include "model/register/outcomes.h"
#include "model/register/pupil.h"
#include "model/calendar/schoolyear.h"
#include "model/measures/screening.h"
#include "model/register/staff.h"
#include "pages/common.h"
#include "score/builtin.h"
#include "pages/measures/measures.h"

/* ---- the questionnaire form ------------------------------------------------ */

struct form_choice {
    const char *form;      /* the form= value */
    const char *measure;   /* for measure_resolve */
    const char *informant; /* NULL: the definition's */
    const char *template;  /* the built-in whose items the page shows */
    const char *label, *hint;
};

static const struct form_choice choices[] = {
    { "sdq-teacher", "sdq", "teacher", "sdq-teacher-4-17", "SDQ: teacher",
      "The teacher's form, for ages 2 to 17" },
    { "sdq-parent", "sdq", "parent", "sdq-parent-4-17", "SDQ: parent or carer",
      "The parent's form, for ages 2 to 17" },
    { "sdq-self", "sdq", "self", "sdq-self-11-17", "SDQ: the child's own",
      "The self-report form, for ages 11 to 17" },
    { "mmf", "mmf", NULL, "mmf", "Me and My Feelings", "The child's own, for ages 8 and over" },
};
#define N_CHOICES (sizeof choices / sizeof choices[0])

/* What the numbers mean, read to screen readers after each code. */
static const char *const sdq_codes[] = { "not true", "somewhat true", "certainly true" };
static const char *const mmf_codes[] = { "never", "sometimes", "always" };
static const char *const sdq_gate_codes[] = { "no", "yes, minor difficulties",
                                              "yes, definite difficulties",
                                              "yes, severe difficulties" };
static const char *const sdq_impact_codes[] = { "not at all", "only a little", "quite a lot",
                                                "a great deal" };
static const char *const impact_parent[] = {
    "Difficulties overall", "Upset or distressed", "Home life",
    "Friendships",          "Classroom learning",  "Leisure activities"
};
static const char *const impact_teacher[] = { "Difficulties overall", "Upset or distressed",
                                              "Getting on with other children",
                                              "Classroom learning" };

struct form_spec {
    const struct form_choice *choice; /* NULL for a school's own measure */
    const char *form;
    const char *measure, *informant;
    const struct instrument *in; /* the items and impact the page shows */
    const char *title;
};

static bool form_spec(struct request *req, const char *form, struct form_spec *out)
{
    memset(out, 0, sizeof *out);
    out->form = form;
    for (size_t i = 0; i < N_CHOICES; i++)
        if (!strcmp(choices[i].form, form)) {
            out->choice = &choices[i];
            out->measure = choices[i].measure;
            out->in = instrument_builtin(choices[i].template);
            if (!out->in)
                return false;
            out->informant = choices[i].informant ? choices[i].informant : out->in->informant;
            out->title = choices[i].label;
            return true;
        }
    if (!instrument_valid_name(form) || instrument_builtin(form))
        return false;
    out->in = measures_find(req, form);
    if (!out->in)
        return false;
    out->measure = form;
    out->informant = strcmp(out->in->informant, "any") ? out->in->informant : NULL;
    out->title = out->in->title;
    return true;
}

static bool is_sdq(const struct form_spec *fs)
{
    return fs->choice && !strcmp(fs->choice->measure, "sdq");
}

static void code_radios(struct html *h, const char *name, const char *legend, int lo, int hi,
                        const char *const *meanings, size_t n_meanings, const char *value,
                        const char *error)
{
    html(h,
         "<div class=\"govuk-form-group meso-item%s\"><fieldset class=\"govuk-fieldset\" id=\"%s\"",
         error ? " govuk-form-group--error" : "", name);
    if (error)
        html(h, " aria-describedby=\"%s-error\"", name);
    html(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>\n",
         legend);
    if (error)
        html(h,
             "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
             name, error);
    html_raw(h, "<div class=\"govuk-radios govuk-radios--small govuk-radios--inline\" "
                "data-module=\"govuk-radios\">\n");
    for (int c = lo; c <= hi; c++) {
        long long x;
        bool sel = value && *value && str_to_int(value, c, c, &x) == 0;
        const char *m = (size_t)(c - lo) < n_meanings ? meanings[c - lo] : NULL;
        html(h,
             "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
             "id=\"%s-%d\" name=\"%s\" type=\"radio\" value=\"%d\"%s><label class=\"govuk-label "
             "govuk-radios__label\" for=\"%s-%d\">%d",
             name, c, name, c, sel ? " checked" : "", name, c, c);
        /* What the number means, for screen readers. */
        if (m)
            html(h, "<span class=\"govuk-visually-hidden\"> (%s)</span>", m);
        html_raw(h, "</label></div>\n");
    }
    html(h,
         "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%s-none\" "
         "name=\"%s\" type=\"radio\" value=\"\"><label class=\"govuk-label govuk-radios__label\" "
         "for=\"%s-none\">No answer</label></div>\n</div></fieldset></div>\n",
         name, name, name);
}

static void render_chooser(struct request *req, struct response *res, const struct pupil *p)
{
    struct html h;
    const char *back = arena_sprintf(&req->arena, "/pupils/%lld#wellbeing", (long long)p->id);
    struct page pg = { .title = "Record a questionnaire",
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "pupils",
                       .back_href = back };
    page_begin(req, res, &h, &pg);
    html_raw(&h, "<p class=\"govuk-body\">Have the completed paper form in front of you. You will "
                 "enter the box ticked for each item, by the item's number. meso never shows the "
                 "questions themselves.</p>\n");
    html(&h, "<form method=\"get\" action=\"/pupils/%lld/assessments/new\" novalidate>\n",
         (long long)p->id);
    struct option opts[N_CHOICES + 16];
    size_t n = 0;
    for (size_t i = 0; i < N_CHOICES; i++)
        opts[n++] = (struct option){ choices[i].form, choices[i].label, choices[i].hint };
    struct measure_definition_row *defs;
    size_t n_defs = 0;
    if (measure_list_definitions(req->db, &req->arena, req->who.school_id, &defs, &n_defs,
                                 &req->err) == 0)
        for (size_t i = 0; i < n_defs && n < sizeof opts / sizeof opts[0]; i++)
            if (i == 0 || strcmp(defs[i].key, defs[i - 1].key))
                opts[n++] =
                    (struct option){ defs[i].key, defs[i].title, "The school's own measure" };
    struct field f = { .name = "form", .label = "Which questionnaire?", .value = "sdq-teacher" };
    form_radios(&h, &f, opts, n, false);
    form_button(&h, "Continue", false);
    html_raw(&h, "</form>\n");
    page_finish(req, &h);
}

struct form_values {
    const char *assessed_on, *completed_by;
    const char *informant; /* a school's own measure answered by anyone */
    const char *items[INSTRUMENT_MAX_ITEMS + 1];
    const char *impact[INSTRUMENT_MAX_IMPACT_ITEMS + 1];
};

static void render_form(struct request *req, struct response *res, const struct pupil *p,
                        const struct form_spec *fs, const struct form_values *v,
                        const struct problems *pr)
{
    struct html h;
    const char *action = arena_sprintf(&req->arena, "/pupils/%lld/assessments/new?form=%s",
                                       (long long)p->id, fs->form);
    struct page pg = { .title = fs->title,
                       .caption = pupil_display_name(&req->arena, p),
                       .nav = "pupils",
                       .back_href = arena_sprintf(&req->arena, "/pupils/%lld/assessments/new",
                                                  (long long)p->id) };
    page_begin(req, res, &h, &pg);
    form_error_summary(&h, pr);
    const struct instrument *in = fs->in;
    bool sdq = is_sdq(fs), mmf = fs->choice && !strcmp(fs->choice->form, "mmf");
    if (sdq)
        html_raw(&h, "<div class=\"govuk-inset-text\">For each item, choose the number of the "
                     "box ticked on the paper form: 0 for not true, 1 for somewhat true, 2 for "
                     "certainly true. Do this for every item, even those that count the other "
                     "way round: meso turns them round when it scores. Leave an item with no "
                     "answer if it was not answered.</div>\n");
    else if (mmf)
        html_raw(&h, "<div class=\"govuk-inset-text\">For each item, choose the number of the "
                     "box ticked: 0 for never, 1 for sometimes, 2 for always. meso turns item 15 "
                     "round when it scores.</div>\n");
    else
        html(&h,
             "<div class=\"govuk-inset-text\">For each item, choose the code that was given, "
             "from %d to %d.</div>\n",
             in->code_min, in->code_max);
    /* The form posts to the same address; form= travels in the query. */
    form_start(&h, action, req->csrf);
#define ERR(f) problems_for(pr, f)
    struct field fd = { .name = "assessed_on",
                        .label = "Date the form was completed",
                        .hint = "For example, 14/03/2025",
                        .value = v->assessed_on,
                        .error = ERR("assessed_on"),
                        .width = "10" };
    form_input(&h, &fd);
    struct field fb = { .name = "completed_by",
                        .label = "Who completed it (optional)",
                        .hint = sdq && !strcmp(fs->informant, "parent")
                                    ? "For example, mother, or grandfather"
                                    : "For example, the class teacher's name",
                        .value = v->completed_by,
                        .error = ERR("completed_by"),
                        .width = "20" };
    form_input(&h, &fb);
    if (!fs->informant) {
        static const struct option who[] = { { "teacher", "A teacher", NULL },
                                             { "parent", "A parent or carer", NULL },
                                             { "self", "The child", NULL } };
        struct field fw = { .name = "informant",
                            .label = "Who answered",
                            .value = v->informant,
                            .error = ERR("informant") };
        form_radios(&h, &fw, who, 3, true);
    }
    html(&h, "<h2 class=\"govuk-heading-m\">Items 1 to %zu</h2>\n", in->n_items);
    for (size_t i = 1; i <= in->n_items; i++) {
        char name[16], legend[24];
        snprintf(name, sizeof name, "item%zu", i);
        snprintf(legend, sizeof legend, "Item %zu", i);
        code_radios(&h, name, legend, in->code_min, in->code_max,
                    sdq   ? sdq_codes
                    : mmf ? mmf_codes
                          : NULL,
                    sdq || mmf ? 3 : 0, v->items[i], ERR(name));
    }
    if (in->impact) {
        const struct instrument_impact *imp = in->impact;
        html_raw(&h, "<h2 class=\"govuk-heading-m\">Impact</h2>\n");
        if (sdq)
            html_raw(&h, "<p class=\"govuk-body\">The questions on the back of the form. Leave "
                         "them all with no answer if that part was not filled in.</p>\n");
        for (size_t i = 1; i <= imp->n_items; i++) {
            char name[16], legend[96];
            snprintf(name, sizeof name, "impact%zu", i);
            const char *area = NULL;
            if (sdq)
                area = !strcmp(fs->informant, "teacher") ? (i <= 4 ? impact_teacher[i - 1] : NULL)
                                                         : (i <= 6 ? impact_parent[i - 1] : NULL);
            snprintf(legend, sizeof legend, "Impact %zu%s%s", i, area ? ": " : "",
                     area ? area : "");
            code_radios(&h, name, legend, 0, imp->code_max,
                        sdq ? (i == 1 ? sdq_gate_codes : sdq_impact_codes) : NULL, sdq ? 4 : 0,
                        v->impact[i], ERR(name));
        }
    }
#undef ERR
    form_button(&h, "Save and score", false);
    form_end(&h);
    page_finish(req, &h);
}

static int editable_pupil(struct request *req, struct pupil *p)
{
    int rc = page_pupil(req, page_id(req, 0), p);
    if (rc)
        return rc;
    return page_can_edit(req) ? 0 : ERR_DENIED;
}

int page_assessment_new(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = editable_pupil(req, &p);
    /* The chooser and the form name the child: a view. */
    if (rc || (rc = page_audit(req, "view", "pupil", p.id, p.id, "questionnaire form")))
        return rc;
    const char *form = req_text(req, "form");
    struct form_spec fs;
    if (!*form || !form_spec(req, form, &fs)) {
        render_chooser(req, res, &p);
        return 0;
    }
    struct date today = date_today();
    struct form_values v = {
        .assessed_on = arena_sprintf(&req->arena, "%02d/%02d/%d", today.d, today.m, today.y),
    };
    render_form(req, res, &p, &fs, &v, NULL);
    return 0;
}

/* An item's value from the form: SCORE_MISSING for no answer. */
static int read_code(struct request *req, const char *name, int lo, int hi, const char **raw,
                     struct problems *pr, const char *what)
{
    const char *v = req_form(req, name);
    *raw = v;
    long long x;
    if (!v || !*v)
        return SCORE_MISSING;
    if (str_to_int(v, lo, hi, &x) != 0) {
        problems_add(pr, arena_strdup(&req->arena, name), "Choose %d to %d for %s, or no answer",
                     lo, hi, what);
        return SCORE_MISSING;
    }
    return (int)x;
}

int page_assessment_create(struct request *req, struct response *res)
{
    struct pupil p;
    int rc = editable_pupil(req, &p);
    if (rc)
        return rc;
    struct form_spec fs;
    if (!form_spec(req, req_text(req, "form"), &fs))
        return ERR_NOTFOUND;
    struct problems pr;
    problems_init(&pr, &req->arena);
    struct form_values v = { .assessed_on = req_text(req, "assessed_on"),
                             .completed_by = req_text(req, "completed_by") };
    struct assessment_input *in = arena_alloc(&req->arena, sizeof *in);
    if (!in)
        return ERR_NOMEM;
    in->pupil_id = p.id;
    in->school_id = req->who.school_id;
    in->completed_by = v.completed_by;
    const char *informant = fs.informant;
    if (!informant) {
        v.informant = req_text(req, "informant");
        char whywho[200];
        if (!*v.informant)
            problems_add(&pr, "informant", "Choose who answered");
        else if (measure_parse_informant(v.informant, &informant, whywho, sizeof whywho) != 0)
            problems_add(&pr, "informant", "Choose a teacher, a parent or carer, or the child");
    }
    char why[300];
    bool dated = false;
    if (!*v.assessed_on)
        problems_add(&pr, "assessed_on", "Enter the date the form was completed");
    else if (pupil_parse_date(v.assessed_on, in->assessed_on, why, sizeof why) != 0)
        problems_add(&pr, "assessed_on", "Enter the date as a real date, like 14/03/2025");
    else if (strcmp(in->assessed_on, p.dob) < 0)
        problems_add(&pr, "assessed_on", "The date is before the child was born");
    else {
        struct date d;
        date_parse(in->assessed_on, &d);
        if (date_cmp(d, date_today()) > 0)
            problems_add(&pr, "assessed_on", "The date cannot be in the future");
        else
            dated = true;
    }
    if (strlen(v.completed_by) > ASSESSMENT_NAME_MAX)
        problems_add(&pr, "completed_by", "Who completed it must be %d characters or fewer",
                     ASSESSMENT_NAME_MAX);
    const struct instrument *tpl = fs.in;
    bool any = false;
    for (size_t i = 1; i <= tpl->n_items; i++) {
        char name[16], what[24];
        snprintf(name, sizeof name, "item%zu", i);
        snprintf(what, sizeof what, "item %zu", i);
        in->responses[i - 1] =
            read_code(req, name, tpl->code_min, tpl->code_max, &v.items[i], &pr, what);
        any |= in->responses[i - 1] != SCORE_MISSING;
    }
    in->n_responses = tpl->n_items;
    if (!any && !problems_for(&pr, "item1"))
        problems_add(&pr, "item1", "Choose an answer for at least one item");
    bool impact = false;
    for (size_t i = 1; tpl->impact && i <= tpl->impact->n_items; i++) {
        char name[16], what[24];
        snprintf(name, sizeof name, "impact%zu", i);
        snprintf(what, sizeof what, "impact %zu", i);
        in->impact[i - 1] = read_code(req, name, 0, tpl->impact->code_max, &v.impact[i], &pr, what);
        impact |= in->impact[i - 1] != SCORE_MISSING;
    }
    in->n_impact = impact ? tpl->impact->n_items : 0;
    /* The form for the child's age on that day (the SDQ's 2-4 or 4-17). */
    if (dated) {
        struct date dob, on;
        date_parse(p.dob, &dob);
        date_parse(in->assessed_on, &on);
        in->age_years = date_age_years(dob, on);
        const struct instrument *ins;
        if (measure_resolve(req->db, &req->arena, req->who.school_id, fs.measure, informant,
                            in->age_years, &ins, why, sizeof why) != 0) {
            why[0] = (char)(why[0] >= 'a' && why[0] <= 'z' ? why[0] - 32 : why[0]);
            problems_add(&pr, "assessed_on", "%s", why);
        } else {
            in->in = ins;
            in->informant = informant ? informant : ins->informant;
        }
    }
    /* One questionnaire per measure, informant, name and date. */
    if (in->in && !pr.n) {
        struct assessment *list;
        size_t n;
        if ((rc = assessment_list(req->db, &req->arena, p.id, &list, &n, &req->err)))
            return rc;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(list[i].instrument, in->in->key) &&
                !strcmp(list[i].informant, in->informant) &&
                !strcmp(list[i].completed_by, in->completed_by) &&
                !strcmp(list[i].assessed_on, in->assessed_on))
                problems_add(&pr, "assessed_on",
                             "This questionnaire is already recorded for that date. Check the "
                             "date, or say who completed it");
    }
    if (pr.n) {
        res->status = 422;
        render_form(req, res, &p, &fs, &v, &pr);
        return 0;
    }
    struct audit_entry who = { .actor = req->who.actor, .address = req->client };
    enum assessment_save_result result;
    int64_t id;
    rc = assessment_save(req->db, &who, in, "web", &result, &id, &req->err);
    if (rc == ERR_INPUT) {
        problems_add(&pr, NULL, "%s", req->err.msg);
        res->status = 422;
        render_form(req, res, &p, &fs, &v, &pr);
        return 0;
    }
    if (rc)
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/pupils/%lld?recorded=%lld#wellbeing",
                                     (long long)p.id, (long long)id));
    return 0;
}
