#include "view/provmapdocs.h"

/* provmapdocs_pdf.c - the provision map's printable documents: the map as a
 * PDF and a pupil's provision record, with the words they share with the
 * pages (reach, cost, tiers, dates). The pictures they hold are drawn in
 * provmapdocs.c; both files implement view/provmapdocs.h. */

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "io/canvas.h"
#include "io/pdfdoc.h"
#include "model/provision/provision.h"
#include "model/register/pupil.h"

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---- the map as a PDF -------------------------------------------------------- */

#define PDF_PIC_W 560.0

static const char *pct(struct arena *a, double x)
{
    return arena_sprintf(a, "%.0f%%", 100 * x);
}

static const char *long_date(struct arena *a, const char *iso)
{
    static const char *const months[] = { "January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December" };
    struct date d;
    if (!iso || date_parse(iso, &d) != 0)
        return iso ? iso : "";
    const char *s = arena_sprintf(a, "%d %s %d", d.d, months[d.m - 1], d.y);
    return s ? s : iso;
}

const char *provmapdocs_long_date(struct arena *a, const char *iso)
{
    return long_date(a, iso);
}

const char *provmapdocs_reach_note(struct arena *a, const struct provmap_provision *p)
{
    if (p->whole_school)
        return "every pupil on roll";
    if (!p->followon)
        return NULL;
    const char *s =
        arena_sprintf(a, "in %s until %s: those who completed it",
                      p->in->followon_name ? p->in->followon_name : "follow-on meetings",
                      long_date(a, p->in->followon_until));
    return s ? s : "";
}

const char *provmapdocs_reach_words(struct arena *a, const struct provmap_provision *p)
{
    const char *note = provmapdocs_reach_note(a, p);
    const char *s =
        note ? arena_sprintf(a, "%d, %s", p->pupils, note) : arena_sprintf(a, "%d", p->pupils);
    return s ? s : "";
}

const char *provmapdocs_cost_words(struct arena *a, const struct provmap_provision *p)
{
    return p->followon ? "None now" : provmapdocs_money(a, p->cost);
}

const char *provmapdocs_tier_words(struct arena *a, const struct provmap_tier *t)
{
    const char *s =
        arena_sprintf(a, "%d %s reached, %d %s", t->pupils, plural(t->pupils, "pupil", "pupils"),
                      t->provisions, plural(t->provisions, "provision", "provisions"));
    return s ? s : "";
}

const char *provmapdocs_per_pupil_words(struct arena *a, const struct provmap_tier *t)
{
    const char *s = t->cost_per_pupil >= 0
                        ? arena_sprintf(a, "%s a pupil (%d reached)",
                                        provmapdocs_money(a, t->cost_per_pupil), t->pupils)
                        : "no pupils reached";
    return s ? s : "";
}

static void pdf_picture(struct pdfdoc *d, struct arena *a, const struct provmap *m,
                        enum provmapdocs_picture which, canvas_draw_fn fn)
{
    /* A short caption: the picture's figures are in the summary and tables
     * around it (its words in full are the SVG's description on the page). */
    (void)a;
    static const char *const captions[] = {
        [PROVMAPDOCS_PYRAMID] = "Each box is one provision; the table below gives its figures.",
        [PROVMAPDOCS_GRID] = "Each row is a framework component; a gap has no provision yet.",
        [PROVMAPDOCS_COST] = "The projected cost of each tier, and its cost per pupil reached.",
        [PROVMAPDOCS_ALL] = NULL,
    };
    pdfdoc_picture(d, PDF_PIC_W, provmapdocs_height(m, which, PDF_PIC_W), fn, (void *)(uintptr_t)m,
                   captions[which]);
}

/* The map's summary: the school, the tiers and the headline figures. */
static void map_summary(struct pdfdoc *d, struct arena *a, const struct provmap *m,
                        const char *school, const struct provmapdocs_extra *x)
{
    pdfdoc_title(d, "Provision map");
    pdfdoc_kv(d, "School", school);
    pdfdoc_kv(d, "On", long_date(a, m->as_of));
    pdfdoc_kv(d, "Pupils on roll", arena_sprintf(a, "%d", m->pupils_on_roll));
    for (int b = 0; b < TIER_N; b++) {
        int t = provmapdocs_top_down(b);
        const struct provmap_tier *tr = &m->tiers[t];
        pdfdoc_kv(d, arena_sprintf(a, "%s tier", provmapdocs_tier_names[t]),
                  provmapdocs_tier_words(a, tr));
    }
    pdfdoc_kv(d, "Evidence",
              arena_sprintf(a,
                            "%s of provisions are evidence-informed; they reach %s of the "
                            "pupils reached by any provision (%d of %d)",
                            pct(a, m->evidence_share), pct(a, m->pupils_evidence_share),
                            m->pupils_reached_evidence, m->pupils_reached));
    pdfdoc_kv(d, "Projected cost", provmapdocs_money(a, m->cost_total));
    pdfdoc_kv(d, "Flagged needs",
              arena_sprintf(a,
                            "%d of %d children flagged take part in no provision for a need "
                            "they are flagged on",
                            m->children_unmet, m->children_flagged));
    pdfdoc_kv(d, "Several provisions",
              arena_sprintf(a, "%zu %s with several provisions for one need at one tier",
                            m->n_several, m->n_several == 1 ? "place" : "places"));
    pdfdoc_kv(d, "Framework gaps",
              arena_sprintf(a, "%zu of %zu components", m->n_gaps, m->n_components));
    pdfdoc_kv(d, "Outside services",
              arena_sprintf(a, "%d open, %d past the local timescale", m->involvements_open,
                            m->involvements_overdue));
    if (x && (x->reviews_due || x->reviews_overdue))
        pdfdoc_kv(d, "Reviews",
                  arena_sprintf(a, "%d due soon, %d past their date", x->reviews_due,
                                x->reviews_overdue));
}

/* The three tiers: the pyramid, and a table of the provisions. */
static void map_tiers(struct pdfdoc *d, struct arena *a, const struct provmap *m)
{
    pdfdoc_heading(d, 1, "The three tiers");
    pdf_picture(d, a, m, PROVMAPDOCS_PYRAMID, provmapdocs_pyramid);
    static const char *const ph[] = { "Provision", "Tier", "Pupils reached", "Evidence", "Cost" };
    pdfdoc_table(d, 5, ph, (double[]){ 4.2, 1.7, 1.9, 2.6, 1.6 });
    for (size_t i = 0; i < m->n_provisions; i++) {
        const struct provmap_provision *p = &m->provisions[i];
        const char *note = provmapdocs_reach_note(a, p);
        const char *cells[5] = {
            note ? arena_sprintf(a, "%s (%s)", p->in->name, note) : p->in->name,
            provmapdocs_tier_names[provmapdocs_tier_index(p->in->tier)],
            arena_sprintf(a, "%d", p->pupils),
            p->in->evidence_rating ? provision_evidence_label(p->in->evidence_rating)
                                   : "Not recorded",
            provmapdocs_cost_words(a, p),
        };
        pdfdoc_row(d, cells);
    }
    if (!m->n_provisions)
        pdfdoc_para(d, "No provision is running on this date.");
}

/* Framework coverage (with its gaps) and the cost of each tier. */
static void map_coverage_cost(struct pdfdoc *d, struct arena *a, const struct provmap *m)
{
    pdfdoc_heading(d, 1, "Framework coverage");
    pdf_picture(d, a, m, PROVMAPDOCS_GRID, provmapdocs_grid);
    if (m->n_gaps) {
        pdfdoc_heading(d, 2, "Gaps: components with no provision yet");
        for (size_t i = 0; i < m->n_components; i++)
            if (!m->components[i].n_provision_idx)
                pdfdoc_bullet(d, arena_sprintf(a, "%s: %s", m->components[i].in->framework_name,
                                               m->components[i].in->name));
    }

    pdfdoc_heading(d, 1, "Cost");
    pdf_picture(d, a, m, PROVMAPDOCS_COST, provmapdocs_cost);
    static const char *const th[] = { "Tier", "Pupils reached", "Projected cost",
                                      "Cost per pupil reached" };
    pdfdoc_table(d, 4, th, (double[]){ 2, 2, 2, 2.5 });
    for (int b = 0; b < TIER_N; b++) {
        const struct provmap_tier *tr = &m->tiers[provmapdocs_top_down(b)];
        const char *cells[4] = { provmapdocs_tier_names[provmapdocs_top_down(b)],
                                 arena_sprintf(a, "%d", tr->pupils), provmapdocs_money(a, tr->cost),
                                 tr->cost_per_pupil >= 0 ? provmapdocs_money(a, tr->cost_per_pupil)
                                                         : "No pupils reached" };
        pdfdoc_row(d, cells);
    }
}

/* Provisions for each need, tier by tier. */
static void map_by_need(struct pdfdoc *d, struct arena *a, const struct provmap *m)
{
    pdfdoc_heading(d, 1, "Provisions for each need, tier by tier");
    if (!m->n_by_outcome) {
        pdfdoc_para(d, "No current provision names the outcomes it targets yet.");
    } else {
        pdfdoc_para(d, m->n_several
                           ? "Where the school runs several provisions for the same need at the "
                             "same tier (marked \"several\"), check that they fit together and "
                             "that each is needed. A programme run in several cohorts counts once."
                           : "The school runs no more than one provision for each need at each "
                             "tier. A programme run in several cohorts counts once.");
        static const char *const nh[] = { "Need", "Universal", "Selected", "Indicated" };
        pdfdoc_table(d, 4, nh, (double[]){ 3, 2, 2, 2 });
        for (size_t i = 0; i < m->n_by_outcome; i++) {
            const struct provmap_outcome_row *row = &m->by_outcome[i];
            const char *cells[4] = { row->label };
            for (int t = 0; t < TIER_N; t++)
                cells[1 + t] =
                    arena_sprintf(a, "%d%s", row->provisions[t],
                                  row->provisions[t] >= PROVMAP_SEVERAL ? ", several" : "");
            pdfdoc_row(d, cells);
        }
    }
}

/* Pupils in several provisions for the same outcome. */
static void map_overload(struct pdfdoc *d, struct arena *a, const struct provmap *m)
{
    pdfdoc_heading(d, 1, "Several provisions for the same outcome");
    if (!m->n_overload) {
        pdfdoc_para(d, "No pupil is in more than one provision for the same outcome.");
    } else {
        pdfdoc_para(d, "These pupils take part in more than one provision aimed at the same "
                       "outcome at the same time. It may be right for them; it is worth a look.");
        static const char *const oh[] = { "Pupil", "Outcome", "Provisions" };
        pdfdoc_table(d, 3, oh, (double[]){ 2.5, 2, 4.5 });
        for (size_t i = 0; i < m->n_overload; i++) {
            const struct provmap_overload *o = &m->overload[i];
            struct buf b;
            buf_init(&b, 16 * 1024);
            for (size_t j = 0; j < o->n; j++)
                buf_addf(&b, "%s%s", j ? ", " : "", o->provision_names[j]);
            const char *cells[3] = { o->pupil_name,
                                     o->outcome_label ? o->outcome_label : o->outcome,
                                     arena_strdup(a, buf_str(&b)) };
            buf_release(&b);
            pdfdoc_row(d, cells);
        }
    }
}

/* Flagged needs no provision meets yet, and outside services. */
static void map_unmet(struct pdfdoc *d, struct arena *a, const struct provmap *m)
{
    pdfdoc_heading(d, 1, "Flagged needs no provision meets yet");
    if (!m->n_unmet) {
        pdfdoc_para(d, "Every child flagged by screening or a risk factor takes part in a "
                       "provision that targets that need.");
    } else {
        pdfdoc_para(d, arena_sprintf(a,
                                     "%d of the %d children flagged by screening or a risk factor "
                                     "take part in no provision that targets a need they are "
                                     "flagged on. Provision every child has does not count here. "
                                     "The lead sees the children's names on the map page.",
                                     m->children_unmet, m->children_flagged));
        static const char *const uh[] = { "Need", "Children flagged", "In no provision for it" };
        pdfdoc_table(d, 3, uh, (double[]){ 5, 2, 2 });
        for (size_t i = 0; i < m->n_unmet; i++) {
            const struct provmap_unmet *u = &m->unmet[i];
            const char *cells[3] = {
                arena_sprintf(a, "%s%s", u->label ? u->label : u->outcome,
                              u->targeted ? "" : " (no provision targets it yet)"),
                arena_sprintf(a, "%d", u->flagged), arena_sprintf(a, "%d", u->pupils)
            };
            pdfdoc_row(d, cells);
        }
    }

    pdfdoc_heading(d, 1, "Outside services");
    pdfdoc_para(d, arena_sprintf(a,
                                 "%d %s with outside services open; %d past the local "
                                 "timescale for a reply.",
                                 m->involvements_open,
                                 plural(m->involvements_open, "involvement", "involvements"),
                                 m->involvements_overdue));
}

/* The review outcomes of each provision. */
static void map_reviews(struct pdfdoc *d, struct arena *a, const struct provmapdocs_extra *x)
{
    if (x && x->n_reviews) {
        pdfdoc_heading(d, 1, "Review outcomes");
        pdfdoc_para(d, "Each pupil's outcome in a provision is scored from -2 (much less than "
                       "expected) to +2 (much more than expected). The latest review of each "
                       "pupil counts.");
        static const char *const rh[] = { "Provision", "Reviewed", "Mean", "-2",
                                          "-1",        "0",        "+1",   "+2" };
        pdfdoc_table(d, 8, rh, (double[]){ 4, 2, 1.4, 1, 1, 1, 1, 1 });
        for (size_t i = 0; i < x->n_reviews; i++) {
            const struct review_summary *r = &x->reviews[i];
            const char *cells[8] = {
                r->name,
                arena_sprintf(a, "%d of %d", r->reviewed, r->pupils),
                r->reviewed ? arena_sprintf(a, "%+.1f", r->mean) : "-",
                arena_sprintf(a, "%d", r->counts[0]),
                arena_sprintf(a, "%d", r->counts[1]),
                arena_sprintf(a, "%d", r->counts[2]),
                arena_sprintf(a, "%d", r->counts[3]),
                arena_sprintf(a, "%d", r->counts[4]),
            };
            pdfdoc_row(d, cells);
        }
    }
}

int provmapdocs_map_pdf(struct buf *out, struct arena *a, const struct provmap *m,
                        const struct provmapdocs_extra *x, struct err *e)
{
    const char *school = m->school_name ? m->school_name : "School";
    struct pdfdoc *d;
    int rc = pdfdoc_new(&d,
                        &(struct pdfdoc_opts){ .title = "Provision map",
                                               .author = school,
                                               .subject = "The school's provision map",
                                               .header = school,
                                               .footer = "About children: keep it safe" },
                        e);
    if (rc)
        return rc;
    map_summary(d, a, m, school, x);
    map_tiers(d, a, m);
    map_coverage_cost(d, a, m);
    map_by_need(d, a, m);
    map_overload(d, a, m);
    map_unmet(d, a, m);
    map_reviews(d, a, x);
    rc = pdfdoc_write_buf(d, out, e);
    pdfdoc_free(d);
    return rc;
}

/* ---- a pupil's provision record ------------------------------------------- */

static const char *dosage_text(struct arena *a, const struct pupilprov_item *it)
{
    if (it->has_dosage) {
        const char *status = NULL;
        if (it->dosage_status && !strcmp(it->dosage_status, "completed"))
            status = it->complete_word ? it->complete_word : "completed";
        else if (it->dosage_status && !strcmp(it->dosage_status, "on_track"))
            status = "on track";
        else if (it->dosage_status && !strcmp(it->dosage_status, "not_completing"))
            status = "not completing";
        return arena_sprintf(a, "%d of %d sessions held (%d planned), about %.1f hours%s%s",
                             it->attended, it->held, it->planned, it->hours, status ? "; " : "",
                             status ? status : "");
    }
    if (it->sessions > 0)
        return arena_sprintf(a, "%d %s of %d minutes planned (attendance is not recorded)",
                             it->sessions, plural(it->sessions, "session", "sessions"),
                             it->session_minutes);
    return "Not recorded";
}

static const char *score_text(struct arena *a, int score)
{
    return arena_sprintf(a, "%+d: %s", score, provmapdocs_score_label(score));
}

int provmapdocs_pupil_pdf(struct buf *out, struct arena *a, const struct pupilprov *pp,
                          struct err *e)
{
    const char *school = pp->school_name ? pp->school_name : "School";
    const char *name = pp->pupil_name ? pp->pupil_name : "";
    struct pdfdoc *d;
    int rc =
        pdfdoc_new(&d,
                   &(struct pdfdoc_opts){ .title = arena_sprintf(a, "Provision record: %s", name),
                                          .author = school,
                                          .subject = "Provision over time",
                                          .header = school,
                                          .footer = "About a child: keep it safe" },
                   e);
    if (rc)
        return rc;
    pdfdoc_title(d, arena_sprintf(a, "Provision record: %s", name));
    if (pp->legal_name && strcmp(pp->legal_name, name))
        pdfdoc_kv(d, "Legal name", pp->legal_name);
    pdfdoc_kv(d, "Name", name);
    pdfdoc_kv(d, "UPN", pp->upn);
    pdfdoc_kv(d, "Date of birth", long_date(a, pp->dob));
    pdfdoc_kv(d, "Year group", pupil_year_label(pp->nc_year));
    pdfdoc_kv(d, "School", school);
    pdfdoc_kv(d, "Record made on", long_date(a, pp->as_of));
    pdfdoc_para(d, arena_sprintf(a,
                                 "Every provision %s has had at %s, with its dates, tier, "
                                 "attendance and reviews, and the advice of services outside "
                                 "the school. Reviews score the outcome from -2 (much less than "
                                 "expected) to +2 (much more than expected).",
                                 name, school));

    pdfdoc_heading(d, 1, "Provision");
    if (!pp->n_items)
        pdfdoc_para(d, "No provision is recorded for this pupil.");
    for (size_t i = 0; i < pp->n_items; i++) {
        const struct pupilprov_item *it = &pp->items[i];
        const struct provision *p = it->provision;
        const struct enrolment *en = it->enrolment;
        pdfdoc_heading(d, 2, p->name);
        pdfdoc_kv(d, "Tier", provision_tier_label(p->tier));
        pdfdoc_kv(d, "Taking part",
                  arena_sprintf(a, "From %s %s", long_date(a, en->enrolled_on),
                                en->left_on[0]
                                    ? arena_sprintf(a, "to %s", long_date(a, en->left_on))
                                : it->current ? "(still taking part)"
                                              : ""));
        pdfdoc_kv(d, "The provision ran",
                  arena_sprintf(a, "%s to %s", long_date(a, p->start_date),
                                p->end_date[0] ? long_date(a, p->end_date) : "no end date set"));
        if (en->consent != CONSENT_GIVEN)
            pdfdoc_kv(d, "Consent", consent_labels[en->consent]);
        pdfdoc_kv(d, "Attendance", dosage_text(a, it));
        pdfdoc_kv(d, "Evidence",
                  p->evidence_rating
                      ? arena_sprintf(a, "%s%s%s", provision_evidence_label(p->evidence_rating),
                                      p->evidence_reference ? ". " : "",
                                      p->evidence_reference ? p->evidence_reference : "")
                      : "Not recorded");
        if (it->n_reviews == 0) {
            pdfdoc_para(d, "Not reviewed yet.");
            continue;
        }
        /* Reviews as paragraphs, not a table: a note may be long, and a
         * paragraph flows onto the next page where a table row cannot. */
        for (size_t j = 0; j < it->n_reviews; j++) {
            const struct review *r = &it->reviews[j];
            pdfdoc_para_markup(d, "<b>Review on %s:</b> %s. Reviewed by %s.",
                               long_date(a, r->reviewed_on), score_text(a, r->score),
                               r->reviewer ? r->reviewer : "");
            if (r->note && *r->note)
                pdfdoc_para(d, r->note);
        }
    }

    pdfdoc_heading(d, 1, "Services outside the school");
    if (!pp->n_involvements)
        pdfdoc_para(d, "No involvement of outside services is recorded.");
    for (size_t i = 0; i < pp->n_involvements; i++) {
        const struct involvement *iv = &pp->involvements[i];
        const char *label = iv->service_label ? iv->service_label : iv->service;
        pdfdoc_heading(
            d, 2, iv->service_name ? arena_sprintf(a, "%s: %s", label, iv->service_name) : label);
        pdfdoc_kv(d, "Referred on", long_date(a, iv->referred_on));
        pdfdoc_kv(
            d, "Status",
            arena_sprintf(a, "%s since %s",
                          (unsigned)iv->status < INV_STATUS_N ? inv_status_labels[iv->status] : "",
                          long_date(a, iv->status_on)));
        pdfdoc_kv(d, "Time taken",
                  arena_sprintf(a, "%d days%s (local timescale %d days)%s", iv->days_taken,
                                iv->waiting ? " so far" : "", iv->timescale_days,
                                iv->past_timescale ? "; past the timescale" : ""));
        pdfdoc_para_markup(d, "<b>What we asked</b>");
        pdfdoc_para(d, iv->asked);
        if (iv->advice) {
            pdfdoc_para_markup(d, "<b>Advice received on %s</b>", long_date(a, iv->advice_on));
            pdfdoc_para(d, iv->advice);
        } else {
            pdfdoc_para(d, "Advice: not received yet.");
        }
    }
    rc = pdfdoc_write_buf(d, out, e);
    pdfdoc_free(d);
    return rc;
}
