#include "cli/cmd_prog.h"

/* cmd_progreport.c - `meso report programme`: the programme report as
 * text, JSON or PDF, with the pre/post pairs it may read from a CSV file
 * (cli/cmd_prog.h). */

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "view/repr.h"
#include "view/repr_prog.h"
#include "cli/cmd_conv.h"
#include "cli/cmd_school.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "io/csv.h"
#include "view/effectwords.h"
#include "view/progdocs.h"
#include "model/calendar/calendar.h"
#include "model/programmes/programme.h"
#include "model/programmes/progreport.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/programmes/story.h"
#include "model/register/upn.h"

#define PDF_MAX (32u * 1024 * 1024)

/* ---- the report ---------------------------------------------------------- */

struct pairs_ctx {
    struct cli_ctx *ctx;
    const struct provision *p;
    const char *file;
    int col_upn, col_pre, col_post;
    struct prog_pair *pairs;
    size_t n, cap;
};

static int pair_row(void *vctx, long line, char **fields, const size_t *lens, size_t n)
{
    (void)lens;
    struct pairs_ctx *x = vctx;
    struct cli_ctx *ctx = x->ctx;
    if (x->col_upn < 0) {
        for (size_t i = 0; i < n; i++) {
            char key[32];
            str_key(key, sizeof key, fields[i]);
            if (!strcmp(key, "upn"))
                x->col_upn = (int)i;
            else if (!strcmp(key, "pre") || !strcmp(key, "before"))
                x->col_pre = (int)i;
            else if (!strcmp(key, "post") || !strcmp(key, "after"))
                x->col_post = (int)i;
        }
        if (x->col_upn < 0 || x->col_pre < 0 || x->col_post < 0)
            return err_set(&ctx->err, ERR_INPUT,
                           "%s:%ld: the header needs the columns upn, pre "
                           "and post",
                           x->file, line);
        return 0;
    }
    int need = x->col_upn > x->col_pre ? x->col_upn : x->col_pre;
    need = need > x->col_post ? need : x->col_post;
    if ((int)n <= need)
        return err_set(&ctx->err, ERR_INPUT, "%s:%ld: the row has too few columns", x->file, line);
    const struct enrolment *en = cmd_prog_enrolment_by_upn(ctx, x->p, fields[x->col_upn], "upn");
    if (!en) {
        err_wrap(&ctx->err, "%s:%ld", x->file, line);
        return ERR_INPUT;
    }
    double pre, post;
    if (str_to_double(fields[x->col_pre], &pre) || str_to_double(fields[x->col_post], &post))
        return err_set(&ctx->err, ERR_INPUT, "%s:%ld: pre and post must be numbers", x->file, line);
    struct prog_pair *pp = arena_push(&ctx->arena, &x->pairs, &x->n, &x->cap, sizeof *pp);
    if (!pp)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    pp->pupil_id = en->pupil_id;
    pp->pre = pre;
    pp->post = post;
    return 0;
}

static void print_report(struct cli_ctx *ctx, const struct progreport *r)
{
    const struct provision *p = &r->prov;
    const char *word = r->has_template ? r->tmpl.complete_word : "completed";
    FILE *o = ctx->out;
    fprintf(o, "%s (programme %lld), %s to %s\n", p->name, (long long)p->id, p->start_date,
            p->end_date);
    fprintf(o, "Recruitment: %d invited; consent given %d, waiting %d, not asked %d, declined %d\n",
            r->invited, r->consent_given, r->awaiting, r->not_requested, r->declined);
    fprintf(o, "Retention: %d enrolled, %d came at least once, %d %s, %d stopped coming\n",
            r->families_enrolled, r->families_started, r->families_completed, word,
            r->families_left);
    if (r->retention >= 0)
        fprintf(o, "  retention %.0f%%", 100 * r->retention);
    if (r->mean_sessions_attended >= 0)
        fprintf(o, "  mean sessions attended %.1f of %d", r->mean_sessions_attended,
                r->sessions_planned);
    fprintf(o,
            "\nReach: %d children and %d parents came; of those enrolled, %d FSM, %d SEN, %d "
            "EAL\n",
            r->children_reached, r->parents_reached, r->reach_fsm, r->reach_sen, r->reach_eal);
    fprintf(o, "Attendance by session:\n");
    for (size_t i = 0; i < r->n_sessions; i++) {
        const struct progreport_session *s = &r->sessions[i];
        fprintf(o, "  %-10s %s ",
                s->kind == SESSION_COMMITMENT ? "first" : arena_sprintf(&ctx->arena, "%d", s->seq),
                s->date);
        if (s->status == SESSION_HELD) {
            fprintf(o, "%d families (%d children, %d parents)", s->families, s->children,
                    s->parents);
            if (s->fidelity >= 0)
                fprintf(o, ", checklist %.0f%%", 100 * s->fidelity);
        } else {
            char today[11];
            date_iso(date_today(), today);
            fprintf(o, "%s",
                    s->status == SESSION_CANCELLED ? "cancelled"
                    : strcmp(s->date, today) <= 0  ? "not recorded"
                                                   : "to come");
        }
        fprintf(o, "\n");
    }
    fprintf(o, "Fidelity: ");
    if (r->mean_fidelity >= 0)
        fprintf(o, "%.0f%% over %d sessions\n", 100 * r->mean_fidelity, r->fidelity_sessions);
    else
        fprintf(o, "no checklists recorded\n");
    const struct progreport_outcome *oc = &r->outcome;
    if (oc->instrument) {
        fprintf(o, "Before and after (%s, %s is better): %zu of %zu children",
                effectwords_measure(&ctx->arena, oc->instrument, oc->score),
                oc->better < 0 ? "lower" : "higher", oc->n, oc->children);
        if (oc->n)
            fprintf(o, "; mean %.1f -> %.1f (change %+.1f)", oc->mean_pre, oc->mean_post,
                    oc->mean_change);
        fprintf(o, "\n");
        if (oc->has_effect)
            fprintf(o, "  %s. %s\n", effectwords_kind(&ctx->arena, oc, false),
                    effectwords_effect(&ctx->arena, oc));
        else if (oc->effect_note)
            fprintf(o, "  %s\n", oc->effect_note);
        if (oc->has_rci)
            fprintf(o,
                    "  Reliable change: %zu improved, %zu no reliable change, %zu "
                    "deteriorated\n",
                    oc->rci.improved, oc->rci.unchanged, oc->rci.deteriorated);
        fprintf(o, "  %s\n", effectwords_reliability(&ctx->arena, oc));
        const struct progcompare *c = &oc->comparison;
        if (c->attempted && c->declined)
            fprintf(o, "Comparison group: %s\n", c->reason);
        else if (c->attempted)
            fprintf(o, "Comparison group: %s.\n  %s\n  %s\n  %s\n",
                    effectwords_kind(&ctx->arena, oc, true),
                    effectwords_comparison(&ctx->arena, oc),
                    effectwords_comparison_method(&ctx->arena, oc),
                    effectwords_comparison_reliability(&ctx->arena, oc));
    }
    if (r->has_template && r->tmpl.stories)
        fprintf(o, "Stories %d; follow-up reading %d sessions (%d minutes)\n", r->stories,
                r->reading_sessions, r->reading_minutes);
    if (r->has_template && r->tmpl.followon_months)
        fprintf(o, "Follow-on meetings %d; families at any %d\n", r->followon_meetings,
                r->followon_families);
    fprintf(o, "Costs: %s so far, %s projected\n", cmd_prog_money(ctx, r->costs.total_to_date),
            cmd_prog_money(ctx, r->costs.total_projected));
    for (size_t i = 0; i < r->n_quotes; i++)
        fprintf(o, "  \"%s\" (%s)\n", r->quotes[i].text,
                r->quotes[i].attribution ? r->quotes[i].attribution : r->quotes[i].speaker);
}

int report_programme_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int64_t id;
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = cli_id(ctx, a->pos[0], "programme", &id)))
        return rc;
    struct progreport_opts o = { .instrument = cli_opt(a, "--instrument"),
                                 .score = cli_opt(a, "--score") };
    if (!o.instrument != !o.score)
        return err_set(&ctx->err, ERR_USAGE, "give --instrument and --score together");
    const char *sd = cli_opt(a, "--rci-sd"), *r = cli_opt(a, "--rci-r");
    if (!sd != !r)
        return err_set(&ctx->err, ERR_USAGE, "give --rci-sd and --rci-r together");
    if (sd) {
        if (str_to_double(sd, &o.rci_sd) || !(o.rci_sd > 0) || str_to_double(r, &o.rci_r) ||
            !(o.rci_r >= 0 && o.rci_r < 1))
            return err_set(&ctx->err, ERR_USAGE,
                           "--rci-sd takes an SD above 0 and --rci-r a test-retest r from 0 to "
                           "below 1");
        o.has_rci = true;
    }
    const char *file = cli_opt(a, "--outcomes");
    struct audit_entry who = cli_who(ctx);
    struct progreport rep;
    if (file) {
        struct provision p;
        if ((rc = provision_get(ctx->db, &ctx->arena, id, school.id, &who, &p, &ctx->err)))
            return rc;
        struct pairs_ctx x = {
            .ctx = ctx, .p = &p, .file = file, .col_upn = -1, .col_pre = -1, .col_post = -1
        };
        if ((rc = csv_read_file(file, pair_row, &x, &ctx->err)))
            return rc == ERR_STORAGE ? err_set(&ctx->err, ERR_INPUT, "%s", ctx->err.msg) : rc;
        o.pairs_given = true;
        o.pairs = x.pairs;
        o.n_pairs = x.n;
    }
    rc = progreport_build(ctx->db, &ctx->arena, id, school.id, &o, &who, &rep, &ctx->err);
    if (rc == ERR_NOTFOUND)
        return err_set(&ctx->err, ERR_NOTFOUND,
                       "there is no programme number %s at this school (see `meso programme "
                       "list`)",
                       a->pos[0]);
    if (rc)
        return rc;
    const char *named = cli_opt(a, "--families-pdf");
    if (named) {
        struct buf b;
        buf_init(&b, PDF_MAX);
        rc = progdocs_families(&b, &ctx->arena, school.name, &rep, &ctx->err);
        if (rc == 0)
            rc = cmd_prog_write_out(ctx, named, &b);
        buf_release(&b);
        if (rc)
            return rc;
        if (strcmp(named, "-"))
            fprintf(ctx->msg, "Wrote each family's attendance (for staff only) to %s.\n", named);
    }
    const char *pdf = cli_opt(a, "--pdf");
    if (pdf) {
        struct buf b;
        buf_init(&b, PDF_MAX);
        rc = progdocs_report(&b, &ctx->arena, school.name, &rep, &ctx->err);
        if (rc == 0)
            rc = cmd_prog_write_out(ctx, pdf, &b);
        buf_release(&b);
        if (rc)
            return rc;
        if (strcmp(pdf, "-"))
            fprintf(ctx->msg, "Wrote the report to %s.\n", pdf);
        if (!cli_flag(a, "--json"))
            return 0;
    }
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_progreport(&rep, school.urn));
    print_report(ctx, &rep);
    return 0;
}
