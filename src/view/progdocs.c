#include "view/progdocs.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/str.h"
#include "io/canvas.h"
#include "io/pdfdoc.h"
#include "stats/suppress.h"
#include "view/effectwords.h"

static const char *const months[] = { "January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December" };
static const char *const weekdays[] = { "Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday" };

const char *progdocs_long_date(struct arena *a, const char *iso)
{
    struct date d;
    if (!iso || date_parse(iso, &d) != 0)
        return iso ? iso : "";
    const char *s =
        arena_sprintf(a, "%s %d %s %d", weekdays[date_weekday(d)], d.d, months[d.m - 1], d.y);
    return s ? s : iso;
}

const char *progdocs_fill(struct arena *a, const char *text, const char *child, const char *parent,
                          const char *school, const char *programme, const char *first_date)
{
    struct buf b;
    buf_init(&b, 64 * 1024);
    const struct {
        const char *key, *value;
    } fields[] = {
        { "{child}", child },
        { "{parent}", parent },
        { "{school}", school },
        { "{programme}", programme },
        { "{first_date}", progdocs_long_date(a, first_date) },
    };
    for (const char *s = text ? text : ""; *s;) {
        bool done = false;
        for (size_t i = 0; *s == '{' && i < sizeof fields / sizeof *fields; i++) {
            size_t n = strlen(fields[i].key);
            if (!strncmp(s, fields[i].key, n)) {
                buf_adds(&b, fields[i].value ? fields[i].value : "");
                s += n;
                done = true;
                break;
            }
        }
        if (!done)
            buf_addc(&b, *s++);
    }
    const char *out = arena_strdup(a, buf_str(&b));
    buf_release(&b);
    return out ? out : "";
}

/* "15:15 to 17:45" for a session starting at hhmm lasting minutes. */
static const char *time_range(struct arena *a, const char *hhmm, int minutes)
{
    int h, m;
    if (!hhmm || sscanf(hhmm, "%d:%d", &h, &m) != 2)
        return NULL;
    int end = h * 60 + m + minutes;
    return arena_sprintf(a, "%02d:%02d to %02d:%02d", h, m, (end / 60) % 24, end % 60);
}

/* A session the letter invites to: to come (today counts), not cancelled,
 * not a follow-on meeting. */
static bool invited_to(const struct prog_session *s, const char *today)
{
    return s->kind != SESSION_FOLLOWON && s->status != SESSION_CANCELLED &&
           strcmp(s->date, today) >= 0;
}

const char *progdocs_invitation_problem(const struct provision *p, const struct prog_session *ss,
                                        size_t n_ss, const char *today)
{
    bool ahead = false;
    for (size_t i = 0; i < n_ss && !ahead; i++)
        ahead = invited_to(&ss[i], today);
    if (!ahead)
        return "Every session of this programme is already past, so there is nothing to invite a "
               "family to. Add new dates to invite families again.";
    bool time = p->session_time[0], venue = p->venue && *p->venue;
    if (!time && !venue)
        return "The programme has no time or venue for its sessions yet. Add them to the "
               "programme, so the letter tells the family when and where to come.";
    if (!time)
        return "The programme has no time for its sessions yet. Add it to the programme, so the "
               "letter tells the family when to come.";
    if (!venue)
        return "The programme has no venue for its sessions yet. Add it to the programme, so the "
               "letter tells the family where to come.";
    return NULL;
}

int progdocs_invitation(struct buf *out, struct arena *a, const char *school,
                        const struct progtemplate *t, const struct provision *p,
                        const struct enrolment *en, const struct prog_session *ss, size_t n_ss,
                        const char *signed_by, struct err *e)
{
    char today[11];
    date_iso(date_today(), today);
    const char *why = progdocs_invitation_problem(p, ss, n_ss, today);
    if (why)
        return err_set(e, ERR_INPUT, "%s", why);
    const char *first = p->start_date;
    for (size_t i = 0; i < n_ss; i++)
        if (invited_to(&ss[i], today)) {
            first = ss[i].date;
            break;
        }
    const char *child = en->forename && *en->forename ? en->forename : en->pupil_name;
    const char *parent = en->carer_salutation ? en->carer_salutation : "parent or carer";
#define FILL(text) progdocs_fill(a, (text), child, parent, school, p->name, first)
    struct pdfdoc *d;
    int rc = pdfdoc_new(&d,
                        &(struct pdfdoc_opts){ .title = FILL(t->invite_title),
                                               .author = school,
                                               .header = school,
                                               .footer = "Private: for the family",
                                               .numbering = PDFDOC_PAGE_N_OF_M },
                        e);
    if (rc)
        return rc;
    pdfdoc_title(d, FILL(t->invite_title));
    pdfdoc_para(d, progdocs_long_date(a, today));
    pdfdoc_space(d, 6);
    pdfdoc_para(d, arena_sprintf(a, "Dear %s,", parent));
    for (size_t i = 0; i < t->n_invite; i++)
        pdfdoc_para(d, FILL(t->invite[i]));
    pdfdoc_heading(d, 2, "The dates");
    const char *when =
        time_range(a, p->session_time[0] ? p->session_time : NULL, p->session_minutes);
    for (size_t i = 0; i < n_ss; i++) {
        const struct prog_session *s = &ss[i];
        if (!invited_to(s, today))
            continue;
        const char *line = progdocs_long_date(a, s->date);
        if (s->kind == SESSION_COMMITMENT)
            line = arena_sprintf(a, "%s: our first meeting, to tell you more", line);
        if (when)
            line = arena_sprintf(a, "%s, %s", line, when);
        pdfdoc_bullet(d, line);
    }
    if (p->venue && *p->venue)
        pdfdoc_para(d, arena_sprintf(a, "We meet in %s.", p->venue));
    pdfdoc_heading(d, 2, "Letting us know");
    pdfdoc_para(d, "Please let us know if you can come, by calling or popping into the school "
                   "office, or by telling us at the school gate. If the dates or times are hard "
                   "for you, please tell us: we will do what we can to help. We are looking "
                   "forward to seeing you.");
    pdfdoc_para(d,
                arena_sprintf(a, "With best wishes,\n%s",
                              signed_by && *signed_by ? signed_by
                                                      : arena_sprintf(a, "The %s team", p->name)));
#undef FILL
    rc = pdfdoc_write_buf(d, out, e);
    pdfdoc_free(d);
    return rc;
}

/* Paragraphs of a story: split at blank lines; single line breaks stay. */
static void story_paras(struct pdfdoc *d, struct arena *a, const char *body)
{
    const char *s = body ? body : "";
    while (*s) {
        const char *end = strstr(s, "\n\n");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        char *para = arena_strndup(a, s, n);
        if (para && !str_blank(para))
            pdfdoc_para(d, str_trim(para));
        s += n;
        while (*s == '\n')
            s++;
    }
}

int progdocs_booklet(struct buf *out, struct arena *a, const struct tr *tr, const char *school,
                     const char *child, const struct story *stories, size_t n, struct err *e)
{
    struct pdfdoc *d;
    const char *title = child ? _f(a, tr, "%s's stories", child) : _(tr, "My stories");
    char count[24];
    snprintf(count, sizeof count, "%zu", n);
    int rc = pdfdoc_new(&d,
                        &(struct pdfdoc_opts){ .title = title,
                                               .author = school,
                                               .header = school,
                                               .footer = title,
                                               .numbering = PDFDOC_PAGE_N,
                                               .body_size = 16,
                                               .lang = tr && tr->lang ? tr->lang->code : NULL,
                                               .page_n = _(tr, "Page %1$s") },
                        e);
    if (rc)
        return rc;
    pdfdoc_title(d, title);
    if (n == 0)
        pdfdoc_para(d, _(tr, "There are no stories here yet."));
    else
        pdfdoc_para(d, _nf(a, tr, "%1$s story written together at %2$s.",
                           "%1$s stories written together at %2$s.", n, count,
                           school ? school : _(tr, "school")));
    for (size_t i = 0; i < n; i++) {
        const struct story *s = &stories[i];
        pdfdoc_page_break(d);
        pdfdoc_heading(d, 1, s->title);
        if (s->coauthors && *s->coauthors)
            pdfdoc_para(d, _f(a, tr, "By %s", s->coauthors));
        story_paras(d, a, s->body);
    }
    rc = pdfdoc_write_buf(d, out, e);
    pdfdoc_free(d);
    return rc;
}

/* ---- the report ---------------------------------------------------------- */

static const char *share(struct arena *a, double x)
{
    return x < 0 ? "-" : arena_sprintf(a, "%.0f%%", 100 * x);
}

static const char *num1(struct arena *a, double x)
{
    return x < 0 ? "-" : arena_sprintf(a, "%.1f", x);
}

static const char *session_name(struct arena *a, const struct progreport_session *s)
{
    return s->kind == SESSION_COMMITMENT ? "First meeting" : arena_sprintf(a, "Session %d", s->seq);
}

/* Bars of families attending each session held. */
int progdocs_attendance_chart(struct canvas *c, void *ctx)
{
    const struct progreport *r = ctx;
    double w = canvas_width(c), h = canvas_height(c);
    double left = 40, right = 10, top = 20, bottom = 34;
    int max = r->families_enrolled > 0 ? r->families_enrolled : 1;
    size_t n = r->n_sessions ? r->n_sessions : 1;
    double slot = (w - left - right) / (double)n;
    double plot_h = h - top - bottom;
    struct canvas_font small = { .size = 11, .anchor = CANVAS_END, .valign = CANVAS_CAP_MIDDLE };
    canvas_line(c, left, top, left, top + plot_h,
                &(struct canvas_style){ .stroke = CANVAS_GREY_DARK });
    canvas_line(c, left, top + plot_h, w - right, top + plot_h,
                &(struct canvas_style){ .stroke = CANVAS_GREY_DARK });
    char label[32];
    int steps = max < 2 ? max : 2;
    for (int tick = 0; tick <= steps; tick++) {
        int v = max * tick / steps;
        double y = top + plot_h - plot_h * v / max;
        snprintf(label, sizeof label, "%d", v);
        canvas_text(c, left - 6, y, label, &small);
        if (tick)
            canvas_line(c, left, y, w - right, y,
                        &(struct canvas_style){ .stroke = CANVAS_GREY_LIGHT });
    }
    for (size_t i = 0; i < r->n_sessions; i++) {
        const struct progreport_session *s = &r->sessions[i];
        char title[128], day[DATE_WORDS_LEN];
        date_words_into(day, sizeof day, s->date); /* dates shown to people are in words */
        if (s->status == SESSION_HELD && s->kind == SESSION_COMMITMENT)
            snprintf(title, sizeof title, "First meeting, %s: %d of %d", day, s->families,
                     r->families_enrolled);
        else if (s->status == SESSION_HELD)
            snprintf(title, sizeof title, "Session %d, %s: %d of %d", s->seq, day, s->families,
                     r->families_enrolled);
        else
            snprintf(title, sizeof title, "Session %d, %s: %s", s->seq, day,
                     s->status == SESSION_CANCELLED ? "cancelled" : "not yet held");
        canvas_group_begin(c, title, NULL);
        double x = left + slot * (double)i + slot * 0.2, bw = slot * 0.6;
        if (s->status == SESSION_HELD && s->families > 0) {
            double bh = plot_h * s->families / max;
            canvas_rect(c, x, top + plot_h - bh, bw, bh,
                        &(struct canvas_style){ .fill = CANVAS_TINT_BLUE,
                                                .stroke = CANVAS_BLUE,
                                                .hatch = CANVAS_HATCH_DIAG,
                                                .hatch_color = CANVAS_BLUE });
        }
        if (s->status == SESSION_HELD) {
            snprintf(label, sizeof label, "%d", s->families);
            canvas_text(
                c, x + bw / 2, top + plot_h - plot_h * s->families / max - 5, label,
                &(struct canvas_font){ .size = 11, .anchor = CANVAS_MIDDLE, .halo = CANVAS_WHITE });
        }
        snprintf(label, sizeof label, "%s", s->kind == SESSION_COMMITMENT ? "1st" : "");
        if (s->kind != SESSION_COMMITMENT)
            snprintf(label, sizeof label, "%d", s->seq);
        canvas_text(c, x + bw / 2, top + plot_h + 16, label,
                    &(struct canvas_font){ .size = 11, .anchor = CANVAS_MIDDLE });
        canvas_group_end(c);
    }
    return 0;
}

/* A quote's speaker as a role, never a name. */
static const char *quote_role(const char *speaker)
{
    return !speaker                      ? "someone who took part"
           : !strcmp(speaker, "parent")  ? "a parent"
           : !strcmp(speaker, "child")   ? "a child"
           : !strcmp(speaker, "staff")   ? "a member of staff"
           : !strcmp(speaker, "partner") ? "a partner"
                                         : "someone who took part";
}

/* The comparison group (model/programmes/progcompare.h), in the words the
 * page uses. */
static void comparison_section(struct pdfdoc *d, struct arena *a,
                               const struct progreport_outcome *o)
{
    const struct progcompare *c = &o->comparison;
    if (!c->attempted)
        return;
    pdfdoc_heading(d, 2, "Compared with pupils who were not in the programme");
    if (c->declined) {
        pdfdoc_para(d, c->reason);
        return;
    }
    pdfdoc_kv(d, "Kind", effectwords_kind(a, o, true));
    pdfdoc_kv(
        d, "Difference after",
        arena_sprintf(a, "%s points (95%% CI %s to %s)", effectwords_number(a, c->estimate, 1),
                      effectwords_number(a, c->ci_low, 1), effectwords_number(a, c->ci_high, 1)));
    pdfdoc_kv(d, "Effect size",
              arena_sprintf(a, "Hedges' g %s (95%% CI %s to %s)", effectwords_number(a, c->g, 2),
                            effectwords_number(a, c->g_low, 2),
                            effectwords_number(a, c->g_high, 2)));
    pdfdoc_para(d, effectwords_comparison(a, o));
    pdfdoc_para(d, effectwords_comparison_method(a, o));
    pdfdoc_para(d, effectwords_comparison_reliability(a, o));
}

/* Before and after: the measure as people say it, the figures, and what the
 * effect size is in words (view/effectwords.h). */
static void outcome_section(struct pdfdoc *d, struct arena *a, const struct progreport_outcome *o)
{
    pdfdoc_heading(d, 1, "Before and after");
    if (!o->instrument) {
        pdfdoc_para(d, o->effect_note ? o->effect_note : "No measure.");
        return;
    }
    pdfdoc_kv(d, "Measure",
              arena_sprintf(a, "%s (%s scores are better)",
                            effectwords_measure(a, o->instrument, o->score),
                            o->better < 0 ? "lower" : "higher"));
    pdfdoc_kv(d, "Children with both", arena_sprintf(a, "%zu of %zu enrolled", o->n, o->children));
    if (o->n) {
        pdfdoc_kv(d, "Mean before", arena_sprintf(a, "%.1f", o->mean_pre));
        pdfdoc_kv(d, "Mean after", arena_sprintf(a, "%.1f", o->mean_post));
        pdfdoc_kv(d, "Mean change", arena_sprintf(a, "%+.1f", o->mean_change));
    }
    pdfdoc_heading(d, 2, "What the effect size means");
    if (o->has_effect)
        pdfdoc_kv(d, "Kind", effectwords_kind(a, o, false));
    pdfdoc_para(d, o->has_effect ? effectwords_effect(a, o) : o->effect_note);
    if (o->has_rci)
        pdfdoc_kv(d, "Reliable change",
                  arena_sprintf(a, "%zu improved, %zu no reliable change, %zu deteriorated",
                                o->rci.improved, o->rci.unchanged, o->rci.deteriorated));
    pdfdoc_para(d, effectwords_reliability(a, o));
    comparison_section(d, a, o);
}

/* The report's recruitment, retention and reach. */
/* "n of all enrolled children", n as "fewer than 5" when it is 1 to 4: the
 * report leaves the school, and a small count of children with a
 * characteristic could point to them (stats/suppress.h). */
static const char *of_enrolled(struct arena *a, int n, int all)
{
    if (suppress_small(n))
        return arena_sprintf(a, "%s of %d enrolled children", SUPPRESS_WORDS, all);
    return arena_sprintf(a, "%d of %d enrolled children", n, all);
}

static void report_recruitment(struct pdfdoc *d, struct arena *a, const struct progreport *r,
                               const struct progtemplate *t, const char *done_word)
{
    pdfdoc_heading(d, 1, "Recruitment and retention");
    const char *people = t ? progtemplate_people(t) : "pupils";
    pdfdoc_kv(d, "Invited",
              arena_sprintf(a, "%d %s", r->invited,
                            r->invited != 1                          ? people
                            : t && t->counts_when != PT_COUNTS_CHILD ? "family"
                                                                     : "pupil"));
    pdfdoc_kv(d, "Consent given", arena_sprintf(a, "%d", r->consent_given));
    pdfdoc_kv(d, "Waiting for a reply", arena_sprintf(a, "%d", r->awaiting));
    pdfdoc_kv(d, "Not asked yet", arena_sprintf(a, "%d", r->not_requested));
    pdfdoc_kv(d, "Declined", arena_sprintf(a, "%d", r->declined));
    pdfdoc_kv(d, "Came at least once",
              arena_sprintf(a, "%d of %d enrolled", r->families_started, r->families_enrolled));
    pdfdoc_kv(d, "Stopped coming", arena_sprintf(a, "%d", r->families_left));
    pdfdoc_kv(d, "Retention",
              arena_sprintf(a, "%s (%s of those who came at least once)", share(a, r->retention),
                            done_word));

    pdfdoc_heading(d, 1, "Reach");
    pdfdoc_kv(d, "Children who came", arena_sprintf(a, "%d", r->children_reached));
    pdfdoc_kv(d, "Parents who came", arena_sprintf(a, "%d", r->parents_reached));
    pdfdoc_kv(d, "Free school meals", of_enrolled(a, r->reach_fsm, r->families_enrolled));
    pdfdoc_kv(d, "SEN", of_enrolled(a, r->reach_sen, r->families_enrolled));
    pdfdoc_kv(d, "English as an additional language",
              of_enrolled(a, r->reach_eal, r->families_enrolled));
}

/* The report's costs, and how the families enrolled are doing (by count: it names no child). */
static void report_costs_families(struct pdfdoc *d, struct arena *a, const struct progreport *r,
                                  const char *done_word)
{
    pdfdoc_heading(d, 1, "Costs");
    char m1[32], m2[32], m3[32], m4[32];
    provision_money(r->costs.total_to_date, m1, sizeof m1);
    provision_money(r->costs.total_projected, m2, sizeof m2);
    pdfdoc_kv(d, "Total", arena_sprintf(a, "%s so far; %s for the whole programme", m1, m2));
    if (r->costs.per_pupil_to_date >= 0) {
        provision_money(r->costs.per_pupil_to_date, m3, sizeof m3);
        provision_money(r->costs.per_pupil_projected, m4, sizeof m4);
        pdfdoc_kv(d, "Per pupil", arena_sprintf(a, "%s so far; %s projected", m3, m4));
    }

    pdfdoc_heading(d, 1, "Families");
    int statuses[3] = { 0 };
    for (size_t i = 0; i < r->n_families; i++)
        statuses[r->families[i].dosage.status == PROG_COMPLETED  ? 0
                 : r->families[i].dosage.status == PROG_ON_TRACK ? 1
                                                                 : 2]++;
    pdfdoc_para(d, arena_sprintf(a,
                                 "Of %zu families enrolled: %d %s, %d on track, %d not "
                                 "completing. This report names no child; staff can print each "
                                 "family's attendance as a separate document.",
                                 r->n_families, statuses[0], done_word, statuses[1], statuses[2]));
}

int progdocs_report(struct buf *out, struct arena *a, const char *school,
                    const struct progreport *r, struct err *e)
{
    const struct provision *p = &r->prov;
    const struct progtemplate *t = r->has_template ? &r->tmpl : NULL;
    const char *done_word = t ? t->complete_word : "completed";
    char today[11];
    date_iso(date_today(), today);
    struct pdfdoc *d;
    int rc = pdfdoc_new(&d,
                        &(struct pdfdoc_opts){ .title = arena_sprintf(a, "%s: report", p->name),
                                               .author = school,
                                               .header = school,
                                               .footer = "Names no child: for governors and "
                                                         "partners" },
                        e);
    if (rc)
        return rc;
    pdfdoc_title(d, arena_sprintf(a, "%s: programme report", p->name));
    if (t)
        pdfdoc_kv(d, "Programme", t->name);
    pdfdoc_kv(d, "Tier", provision_tier_label(p->tier));
    pdfdoc_kv(d, "Dates",
              arena_sprintf(a, "%s to %s", progdocs_long_date(a, p->start_date),
                            p->end_date[0] ? progdocs_long_date(a, p->end_date) : "(open)"));
    pdfdoc_kv(d, "Sessions",
              arena_sprintf(a, "%d planned, %d held, %d cancelled; %d minutes each",
                            r->sessions_planned, r->sessions_held, r->sessions_cancelled,
                            p->session_minutes));
    pdfdoc_kv(d, "Evidence",
              p->evidence_rating
                  ? arena_sprintf(a, "%s%s%s", provision_evidence_label(p->evidence_rating),
                                  p->evidence_reference ? ". " : "",
                                  p->evidence_reference ? p->evidence_reference : "")
                  : "Not recorded");

    report_recruitment(d, a, r, t, done_word);
    const char *people = t ? progtemplate_people(t) : "pupils";

    pdfdoc_heading(d, 1, "Attendance by session");
    struct progreport chart = *r; /* the picture's context is not const */
    if (r->n_sessions)
        pdfdoc_picture(d, 450, 200, progdocs_attendance_chart, &chart,
                       arena_sprintf(a, "Families attending each session held, of %d enrolled.",
                                     r->families_enrolled));
    static const char *const sh[] = { "Session",  "Date",    "Families",
                                      "Children", "Parents", "Fidelity" };
    pdfdoc_table(d, 6, sh, (double[]){ 2.4, 2.4, 1.9, 1.9, 1.9, 1.9 });
    for (size_t i = 0; i < r->n_sessions; i++) {
        const struct progreport_session *s = &r->sessions[i];
        bool held = s->status == SESSION_HELD;
        const char *cells[6] = {
            session_name(a, s),
            progdocs_long_date(a, s->date),
            held                             ? arena_sprintf(a, "%d", s->families)
            : s->status == SESSION_CANCELLED ? "cancelled"
            : strcmp(s->date, today) <= 0    ? "not recorded"
                                             : "to come",
            held ? arena_sprintf(a, "%d", s->children) : "",
            held ? arena_sprintf(a, "%d", s->parents) : "",
            held ? share(a, s->fidelity) : "",
        };
        pdfdoc_row(d, cells);
    }
    pdfdoc_para(d, arena_sprintf(a, "Mean sessions attended: %s of %d, about %s hours.",
                                 num1(a, r->mean_sessions_attended), r->sessions_planned,
                                 num1(a, r->mean_hours)));

    pdfdoc_heading(d, 1,
                   done_word && !strcmp(done_word, "graduated") ? "Graduation" : "Completion");
    pdfdoc_para(d, arena_sprintf(a, "%d of %d enrolled %s %s (at least %d sessions): %s.",
                                 r->families_completed, r->families_enrolled, people, done_word,
                                 p->complete_at, share(a, r->completion_rate)));
    if (t && t->followon_months)
        pdfdoc_para(d, arena_sprintf(a, "Follow-on meetings held: %d; %s who came to any: %d.",
                                     r->followon_meetings, people, r->followon_families));

    pdfdoc_heading(d, 1, "Fidelity");
    pdfdoc_para(d, arena_sprintf(a, "Mean fidelity over %d sessions with a checklist: %s.",
                                 r->fidelity_sessions, share(a, r->mean_fidelity)));
    if (t && r->fidelity_sessions) {
        static const char *const fh[] = { "Part of the session", "Done in" };
        pdfdoc_table(d, 2, fh, (double[]){ 5, 2 });
        for (size_t k = 0; k < t->n_agenda; k++) {
            const char *cells[2] = { t->agenda[k].label,
                                     arena_sprintf(a, "%d of %d", r->item_done[k],
                                                   r->fidelity_sessions) };
            pdfdoc_row(d, cells);
        }
    }

    outcome_section(d, a, &r->outcome);

    if (t && t->stories) {
        pdfdoc_heading(d, 1, "Stories and reading");
        pdfdoc_para(d, arena_sprintf(a,
                                     "%d stories written; %d follow-up reading sessions (%d "
                                     "minutes), %s a week for each child (the aim is %d).",
                                     r->stories, r->reading_sessions, r->reading_minutes,
                                     num1(a, r->reading_per_week), t->reading_per_week));
    }

    pdfdoc_heading(d, 1, "In their own words");
    if (r->n_quotes == 0)
        pdfdoc_para(d, "No quotes have been recorded yet.");
    /* By role only: an attribution may name a child ("John's mum"). */
    for (size_t i = 0; i < r->n_quotes; i++)
        pdfdoc_bullet(d, arena_sprintf(a, "\"%s\" (%s)", r->quotes[i].text,
                                       quote_role(r->quotes[i].speaker)));

    report_costs_families(d, a, r, done_word);
    rc = pdfdoc_write_buf(d, out, e);
    pdfdoc_free(d);
    return rc;
}

int progdocs_families(struct buf *out, struct arena *a, const char *school,
                      const struct progreport *r, struct err *e)
{
    const struct provision *p = &r->prov;
    const struct progtemplate *t = r->has_template ? &r->tmpl : NULL;
    const char *done_word = t ? t->complete_word : "completed";
    struct pdfdoc *d;
    int rc = pdfdoc_new(
        &d,
        &(struct pdfdoc_opts){ .title = arena_sprintf(a, "%s: each family", p->name),
                               .author = school,
                               .header = school,
                               .footer = "Names children: for staff only, keep it safe" },
        e);
    if (rc)
        return rc;
    pdfdoc_title(d, arena_sprintf(a, "%s: each family", p->name));
    pdfdoc_para(d, "For staff only. This document names children, so it stays in school. The "
                   "programme report for governors and partners names no child.");
    static const char *const fh[] = { "Pupil", "Sessions", "Hours", "Status" };
    pdfdoc_table(d, 4, fh, (double[]){ 4, 1.5, 1.5, 2.5 });
    for (size_t i = 0; i < r->n_families; i++) {
        const struct progreport_family *f = &r->families[i];
        const char *status = f->dosage.status == PROG_COMPLETED  ? done_word
                             : f->dosage.status == PROG_ON_TRACK ? "on track"
                                                                 : "not completing";
        const char *cells[4] = { f->en->pupil_name,
                                 arena_sprintf(a, "%d of %d", f->dosage.attended, f->dosage.held),
                                 arena_sprintf(a, "%.1f", f->dosage.hours), status };
        pdfdoc_row(d, cells);
    }
    if (r->n_quotes) {
        pdfdoc_heading(d, 1, "In their own words, as they agreed to be named");
        for (size_t i = 0; i < r->n_quotes; i++)
            pdfdoc_bullet(d, arena_sprintf(a, "\"%s\" (%s)", r->quotes[i].text,
                                           r->quotes[i].attribution
                                               ? r->quotes[i].attribution
                                               : quote_role(r->quotes[i].speaker)));
    }
    rc = pdfdoc_write_buf(d, out, e);
    pdfdoc_free(d);
    return rc;
}
