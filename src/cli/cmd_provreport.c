#include "cli/cmd_provmap.h"

/* cmd_provreport.c - `meso report provision` (the map as text, JSON, a PDF
 * or a PNG) and `meso pupils provision` (a pupil's provision record)
 * (cli/cmd_provmap.h). */

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <unistd.h>
#include <string.h>

#include "view/repr_prog.h"
#include "view/repr_provmap.h"
#include "cli/cmd_conv.h"
#include "cli/cmd_prog.h"
#include "cli/cmd_school.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/provision/framework.h"
#include "model/provision/involvement.h"
#include "model/provision/provision.h"
#include "model/provision/provmap.h"
#include "view/provmapdocs.h"
#include "model/register/pupil.h"
#include "model/programmes/pupilprov.h"
#include "model/provision/review.h"
#include "model/register/school.h"

/* ---- the map ------------------------------------------------------------- */

static void print_provmap(struct cli_ctx *ctx, const struct provmap *m)
{
    FILE *o = ctx->out;
    struct arena *ar = &ctx->arena;
    fprintf(o, "Provision map: %s, on %s\n", m->school_name ? m->school_name : "", m->as_of);
    fprintf(o, "%d pupils on roll; %d reached by a provision.\n\n", m->pupils_on_roll,
            m->pupils_reached);
    for (int t = TIER_N - 1; t >= 0; t--) {
        const struct provmap_tier *tr = &m->tiers[t];
        fprintf(o, "%s\n", provision_tier_labels[t]);
        fprintf(o, "  %s; cost %s, %s\n", provmapdocs_tier_words(ar, tr),
                cmd_provmap_money(ctx, tr->cost), provmapdocs_per_pupil_words(ar, tr));
        for (size_t k = 0; k < tr->n_provision_idx; k++) {
            const struct provmap_provision *p = &m->provisions[tr->provision_idx[k]];
            fprintf(o, "  - %s (pupils: %s; cost: %s; evidence: %s)\n", p->in->name,
                    provmapdocs_reach_words(ar, p), provmapdocs_cost_words(ar, p),
                    p->in->evidence_rating ? p->in->evidence_rating : "not recorded");
        }
        if (!tr->n_provision_idx)
            fprintf(o, "  (no current provision)\n");
    }
    fprintf(o,
            "\nEvidence: %.0f%% of current provisions are evidence-informed; %.0f%% of pupils "
            "reached are reached by one.\n",
            100 * m->evidence_share, 100 * m->pupils_evidence_share);
    fprintf(o, "Total cost (projected): %s\n", cmd_provmap_money(ctx, m->cost_total));
    if (m->n_components) {
        fprintf(o, "\nFramework components (%zu gap%s):\n", m->n_gaps, m->n_gaps == 1 ? "" : "s");
        for (size_t c = 0; c < m->n_components; c++) {
            const struct provmap_component *pc = &m->components[c];
            fprintf(o, "  %s/%s %s: ", pc->in->framework_key, pc->in->key, pc->in->name);
            if (!pc->n_provision_idx)
                fprintf(o, "GAP (no current provision)");
            for (size_t k = 0; k < pc->n_provision_idx; k++)
                fprintf(o, "%s%s", k ? ", " : "", m->provisions[pc->provision_idx[k]].in->name);
            fprintf(o, "\n");
        }
    } else {
        fprintf(o, "\nNo framework chosen yet (`meso framework choose afa`).\n");
    }
    fprintf(o, "\nProvisions for each outcome, by tier (%zu with several at one tier):\n",
            m->n_several);
    for (size_t i = 0; i < m->n_by_outcome; i++) {
        const struct provmap_outcome_row *row = &m->by_outcome[i];
        fprintf(o, "  %s:", row->label);
        for (int t = 0; t < TIER_N; t++)
            fprintf(o, " %s %d%s", provision_tiers[t], row->provisions[t],
                    row->provisions[t] >= PROVMAP_SEVERAL ? " (several)" : "");
        fprintf(o, "\n");
    }
    fprintf(o, "\nSeveral provisions at once for the same outcome (%zu):\n", m->n_overload);
    for (size_t i = 0; i < m->n_overload; i++) {
        fprintf(o, "  %s, %s: ", m->overload[i].pupil_name, m->overload[i].outcome_label);
        for (size_t k = 0; k < m->overload[i].n; k++)
            fprintf(o, "%s%s", k ? ", " : "", m->overload[i].provision_names[k]);
        fprintf(o, "\n");
    }
    fprintf(o,
            "\nFlagged needs no provision meets yet: %d of %d children flagged, by outcome "
            "(%zu):\n",
            m->children_unmet, m->children_flagged, m->n_unmet);
    for (size_t i = 0; i < m->n_unmet; i++) {
        const struct provmap_unmet *u = &m->unmet[i];
        fprintf(o, "  %s: %d of %d flagged%s\n", u->label, u->pupils, u->flagged,
                u->targeted ? "" : " (no provision targets it yet)");
        for (int k = 0; k < u->pupils; k++)
            fprintf(o, "    %s (%s)\n", u->list[k].name, u->list[k].reasons);
    }
    fprintf(o, "\nExternal involvements: %d open, %d past the local timescale.\n",
            m->involvements_open, m->involvements_overdue);
}

#define DOC_MAX (64u * 1024 * 1024)

/* Write b to path (mode 0600), or to standard output for "-". */
static int write_doc(struct cli_ctx *ctx, const char *path, const struct buf *b)
{
    if (!strcmp(path, "-")) {
        if (fwrite(b->data, 1, b->len, ctx->out) != b->len)
            return err_set(&ctx->err, ERR_STORAGE, "cannot write to standard output");
        return 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return err_set(&ctx->err, ERR_STORAGE, "cannot write %s: %s", path, strerror(errno));
    for (size_t off = 0; off < b->len;) {
        ssize_t n = write(fd, b->data + off, b->len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int saved = errno;
            close(fd);
            return err_set(&ctx->err, ERR_STORAGE, "cannot write %s: %s", path, strerror(saved));
        }
        off += (size_t)n;
    }
    if (close(fd) != 0)
        return err_set(&ctx->err, ERR_STORAGE, "cannot write %s: %s", path, strerror(errno));
    if (strcmp(path, "-"))
        fprintf(ctx->msg, "Wrote %s.\n", path);
    return 0;
}

/* --pdf FILE and --png FILE of `report provision` (the review outcomes go
 * in the PDF too). */
static int provmap_files(struct cli_ctx *ctx, const struct cli_args *a, const struct provmap *m,
                         int64_t school_id, const char *as_of, const struct audit_entry *who)
{
    const char *pdf = cli_opt(a, "--pdf"), *png = cli_opt(a, "--png");
    int rc = 0;
    struct buf b;
    if (pdf) {
        struct review_summary *rs;
        size_t n;
        if ((rc = review_report(ctx->db, &ctx->arena, school_id, as_of, who, &rs, &n, &ctx->err)))
            return rc;
        struct provmapdocs_extra x = { .reviews = rs, .n_reviews = n };
        for (size_t i = 0; i < n; i++) {
            x.reviews_due += rs[i].due;
            x.reviews_overdue += rs[i].overdue;
        }
        buf_init(&b, DOC_MAX);
        rc = provmapdocs_map_pdf(&b, &ctx->arena, m, &x, &ctx->err);
        if (rc == 0)
            rc = write_doc(ctx, pdf, &b);
        buf_release(&b);
    }
    if (rc == 0 && png) {
        buf_init(&b, DOC_MAX);
        rc = provmapdocs_map_png(&b, m, &ctx->err);
        if (rc == 0)
            rc = write_doc(ctx, png, &b);
        buf_release(&b);
    }
    return rc;
}

int report_provision_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    char as_of[11];
    if ((rc = cli_date(ctx, a, "--as-of", as_of)))
        return rc;
    struct provmap m;
    struct audit_entry who = cli_who(ctx);
    if ((rc = provmap_build(ctx->db, &ctx->arena, school.id, as_of, &who, &m, &ctx->err)))
        return rc;
    if ((cli_opt(a, "--pdf") || cli_opt(a, "--png")) &&
        ((rc = provmap_files(ctx, a, &m, school.id, as_of, &who)) || !cli_wants_doc(a)))
        return rc;
    if (cli_wants_doc(a))
        return cli_emit_doc(ctx, a, "Provision map", repr_provmap(&m, school.urn), false);
    print_provmap(ctx, &m);
    return 0;
}

static void print_pupilprov(struct cli_ctx *ctx, const struct pupilprov *pp)
{
    FILE *o = ctx->out;
    fprintf(o, "Provision record: %s (UPN %s), born %s, %s\n", pp->pupil_name, pp->upn, pp->dob,
            pp->school_name ? pp->school_name : "");
    if (!pp->n_items)
        fprintf(o, "\nNo provision recorded.\n");
    for (size_t i = 0; i < pp->n_items; i++) {
        const struct pupilprov_item *it = &pp->items[i];
        const struct provision *p = it->provision;
        fprintf(o, "\n%s (%s tier%s)%s\n", p->name, p->tier,
                p->evidence_rating ? arena_sprintf(&ctx->arena, "; evidence %s", p->evidence_rating)
                                   : "",
                it->current ? "  current" : "");
        fprintf(o, "  Enrolled %s%s%s; consent %s; provision %s to %s\n",
                it->enrolment->enrolled_on, it->enrolment->left_on[0] ? ", left " : "",
                it->enrolment->left_on, consent_names[it->enrolment->consent], p->start_date,
                p->end_date[0] ? p->end_date : "ongoing");
        if (it->has_dosage)
            fprintf(o, "  Attended %d of %d sessions held (%d planned), %.1f hours; %s\n",
                    it->attended, it->held, it->planned, it->hours, it->dosage_status);
        else if (it->sessions)
            fprintf(o, "  Planned: %d sessions of %d minutes\n", it->sessions, it->session_minutes);
        for (size_t r = 0; r < it->n_reviews; r++)
            fprintf(o, "  Review %s by %s: %+d (%s)%s%s\n", it->reviews[r].reviewed_on,
                    it->reviews[r].reviewer, it->reviews[r].score,
                    review_score_label(it->reviews[r].score), it->reviews[r].note ? "\n    " : "",
                    it->reviews[r].note ? it->reviews[r].note : "");
    }
    if (pp->n_involvements) {
        fprintf(o, "\nExternal involvements\n");
        for (size_t i = 0; i < pp->n_involvements; i++) {
            const struct involvement *iv = &pp->involvements[i];
            fprintf(o, "  %s, referred %s\n    Asked: %s\n", iv->service_label, iv->referred_on,
                    iv->asked);
            fprintf(o, "    Status: %s (since %s); %d days since the referral%s\n",
                    inv_status_labels[iv->status], iv->status_on, iv->days_taken,
                    iv->past_timescale
                        ? arena_sprintf(&ctx->arena, ", past the local timescale of %d days",
                                        iv->timescale_days)
                        : "");
            if (iv->advice)
                fprintf(o, "    Advice (%s): %s\n", iv->advice_on, iv->advice);
        }
    }
}

int pupils_provision_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil pu;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &pu);
    if (rc)
        return rc;
    char as_of[11];
    if ((rc = cli_date(ctx, a, "--as-of", as_of)))
        return rc;
    struct pupilprov pp;
    struct audit_entry who = cli_who(ctx);
    if ((rc = pupilprov_build(ctx->db, &ctx->arena, pu.id, school.id, as_of, &who, &pp, &ctx->err)))
        return rc;
    const char *pdf = cli_opt(a, "--pdf");
    if (pdf) {
        struct buf b;
        buf_init(&b, DOC_MAX);
        rc = provmapdocs_pupil_pdf(&b, &ctx->arena, &pp, &ctx->err);
        if (rc == 0)
            rc = write_doc(ctx, pdf, &b);
        buf_release(&b);
        if (rc || !cli_flag(a, "--json"))
            return rc;
    }
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_pupilprov(&pp));
    print_pupilprov(ctx, &pp);
    return 0;
}
