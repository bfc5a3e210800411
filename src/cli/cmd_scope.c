#include "cli/cmd_scope.h"

#include <jansson.h>
#include <string.h>

#include "view/repr.h"
#include "view/repr_conv.h"
#include "cli/cmd_conv.h"
#include "cli/cmd_school.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/conversations/agreement.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/conversations/convreport.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/schoolcal.h"
#include "model/calendar/calendar.h"
#include "model/conversations/scope.h"

static int scope_change(struct cli_ctx *ctx, const struct cli_args *a, bool add)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    const char *reason = cli_opt(a, "--reason");
    if (str_blank(reason))
        return err_set(&ctx->err, ERR_USAGE,
                       "meso scope %s needs --reason: say why, in a few "
                       "words",
                       add ? "add" : "remove");
    struct audit_entry who = cli_who(ctx);
    rc = add ? scope_add(ctx->db, p.id, reason, &who, &ctx->err)
             : scope_remove(ctx->db, p.id, reason, &who, &ctx->err);
    if (rc)
        return rc;
    fprintf(ctx->out,
            add ? "%s is now in scope for structured conversations.\n"
                : "%s is no longer in scope for structured conversations.\n",
            pupil_display_name(&ctx->arena, &p));
    return 0;
}

int scope_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return scope_change(ctx, a, true);
}

int scope_remove_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return scope_change(ctx, a, false);
}

int scope_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct scope_filter f = { .school_id = school.id, .today = date_today() };
    if ((rc = cli_year(ctx, a, &f.year)))
        return rc;
    const char *email = cli_opt(a, "--teacher");
    if (email && (rc = cli_staff_id(ctx, school.id, email, "--teacher", &f.teacher_id)))
        return rc;
    struct scope_entry *es;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = scope_list(ctx->db, &ctx->arena, &f, &who, &es, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(list, repr_scope_entry(&es[i]));
        return cli_print_json(ctx, json_pack("{s:s, s:i, s:I, s:o}", "school", school.urn, "year",
                                             f.year, "count", (json_int_t)n, "pupils", list));
    }
    fprintf(ctx->out, "%-13s  %-26s %-4s %-3s %-22s %-5s %s\n", "UPN", "Pupil", "Year", "SEN",
            "Key teacher", "Held", "Plan");
    for (size_t i = 0; i < n; i++) {
        const struct scope_entry *s = &es[i];
        char plan[128] = "";
        size_t len = 0;
        for (size_t k = 0; k < s->n_slots && len < sizeof plan; k++)
            len +=
                (size_t)snprintf(plan + len, sizeof plan - len, "%s%s %s", k ? ", " : "",
                                 term_names[s->slots[k].term], slot_state_names[s->slots[k].state]);
        fprintf(ctx->out, "%-13s  %-26.26s %-4s %-3s %-22.22s %d/%-3zu %s%s\n", s->upn, s->name,
                s->nc_year, s->added ? "+" : s->sen, s->key_teacher ? s->key_teacher : "-", s->held,
                s->n_slots, plan, s->added ? " (added by a lead)" : "");
    }
    fprintf(ctx->out, "%zu pupil%s in scope\n", n, n == 1 ? "" : "s");
    return 0;
}

int scope_plan_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    int year;
    long long n = 0;
    if ((rc = cli_year(ctx, a, &year)) ||
        (rc = cli_opt_int(ctx, a, "--conversations", 1, SCOPE_MAX_PLANNED, &n)))
        return rc;
    enum term_name terms[SCOPE_MAX_PLANNED];
    const char *list = cli_opt(a, "--terms");
    int n_terms = 0;
    if (list) {
        char *copy = arena_strdup(&ctx->arena, list);
        for (char *s = copy; s && *s && n_terms <= SCOPE_MAX_PLANNED;) {
            char *comma = strchr(s, ',');
            if (comma)
                *comma = '\0';
            if (n_terms == SCOPE_MAX_PLANNED ||
                schoolyear_parse_term(str_trim(s), &terms[n_terms]) != 0)
                return err_set(&ctx->err, ERR_USAGE,
                               "--terms takes up to %d of autumn, spring, summer, separated by "
                               "commas",
                               SCOPE_MAX_PLANNED);
            n_terms++;
            s = comma ? comma + 1 : NULL;
        }
        if (n && n != n_terms)
            return err_set(&ctx->err, ERR_USAGE, "--conversations is %lld but --terms lists %d", n,
                           n_terms);
        n = n_terms;
    }
    if (!n)
        return err_set(&ctx->err, ERR_USAGE, "meso scope plan needs --conversations N or --terms");
    struct audit_entry who = cli_who(ctx);
    if ((rc = scope_set_plan(ctx->db, p.id, year, (int)n, list ? terms : NULL, &who, &ctx->err)))
        return rc;
    enum term_name got[SCOPE_MAX_PLANNED];
    size_t k;
    bool set;
    if ((rc = scope_plan(ctx->db, p.id, year, got, &k, &set, &ctx->err)))
        return rc;
    char label[8];
    schoolyear_label(year, label, sizeof label);
    fprintf(ctx->out, "%s: %zu conversation%s planned in %s:", pupil_display_name(&ctx->arena, &p),
            k, k == 1 ? "" : "s", label);
    for (size_t i = 0; i < k; i++)
        fprintf(ctx->out, "%s %s", i ? "," : "", term_names[got[i]]);
    fputc('\n', ctx->out);
    return 0;
}

int agreement_set_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct agreement ag = { .pupil_id = p.id,
                            .purpose = cli_opt(a, "--purpose"),
                            .expected_outcomes = cli_opt(a, "--outcomes"),
                            .review_note = cli_opt(a, "--note") };
    if ((rc = cli_date(ctx, a, "--date", ag.agreed_on)))
        return rc;
    /* A review may keep the words agreed before. */
    struct audit_entry who = cli_who(ctx);
    struct agreement cur;
    bool found;
    if ((rc = agreement_current(ctx->db, &ctx->arena, p.id, &who, &cur, &found, &ctx->err)))
        return rc;
    if (found && !ag.purpose)
        ag.purpose = cur.purpose;
    if (found && !ag.expected_outcomes)
        ag.expected_outcomes = cur.expected_outcomes;
    const char *v;
    if ((v = cli_opt(a, "--carers"))) {
        if ((rc = cli_ids(ctx, v, "--carers", &ag.carer_ids, &ag.n_carers)))
            return rc;
    } else if (found) {
        ag.carer_ids = cur.carer_ids;
        ag.n_carers = cur.n_carers;
    } else {
        struct pupil_carer *pcs;
        size_t n;
        if ((rc = carer_list_for_pupil(ctx->db, &ctx->arena, p.id, &pcs, &n, &ctx->err)))
            return rc;
        if (n) {
            ag.carer_ids = &pcs[0].carer.id;
            ag.n_carers = 1;
        }
    }
    if ((v = cli_opt(a, "--staff"))) {
        char *copy = arena_strdup(&ctx->arena, v);
        ag.staff_ids = arena_array(&ctx->arena, strlen(v) + 1, sizeof *ag.staff_ids);
        if (!copy || !ag.staff_ids)
            return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        for (char *s = copy; s && *s;) {
            char *comma = strchr(s, ',');
            if (comma)
                *comma = '\0';
            if (!str_blank(s) && (rc = cli_staff_id(ctx, school.id, str_trim(s), "--staff",
                                                    &ag.staff_ids[ag.n_staff++])))
                return rc;
            s = comma ? comma + 1 : NULL;
        }
    } else {
        int64_t kt;
        if ((rc = scope_key_teacher(ctx->db, p.id, &kt, &ctx->err)))
            return rc;
        if (kt) {
            ag.staff_ids = arena_alloc(&ctx->arena, sizeof *ag.staff_ids);
            if (!ag.staff_ids)
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
            ag.staff_ids[0] = kt;
            ag.n_staff = 1;
        }
    }
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    if ((rc = agreement_validate(ctx->db, &ag, &pr, &ctx->err)))
        return rc;
    if (pr.n) {
        for (size_t i = 0; i < pr.n; i++)
            fprintf(ctx->msg, "--%s: %s\n", pr.items[i].field, pr.items[i].msg);
        return err_set(&ctx->err, ERR_INPUT, "nothing was saved");
    }
    if ((rc = agreement_save(ctx->db, &ag, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out,
            ag.version == 1 ? "Recorded the agreement with %s's family (version %d).\n"
                            : "Recorded the review of the agreement with %s's family "
                              "(version %d).\n",
            pupil_display_name(&ctx->arena, &p), ag.version);
    return 0;
}

int agreement_show_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct agreement *all;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = agreement_history(ctx->db, &ctx->arena, p.id, &who, &all, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(list, repr_agreement(&all[i]));
        return cli_print_json(ctx, json_pack("{s:s, s:o, s:o}", "upn", p.upn, "current",
                                             n ? repr_agreement(&all[0]) : json_null(), "history",
                                             list));
    }
    if (!n) {
        fprintf(ctx->out,
                "No agreement with %s's family yet. Make one at the first conversation with "
                "`meso agreement set`.\n",
                pupil_display_name(&ctx->arena, &p));
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const struct agreement *ag = &all[i];
        fprintf(ctx->out, "%s %d, agreed %s\n", i == 0 ? "Current agreement, version" : "Version",
                ag->version, ag->agreed_on);
        fprintf(ctx->out, "  Purpose    %s\n  Outcomes   %s\n", ag->purpose, ag->expected_outcomes);
        if (ag->review_note)
            fprintf(ctx->out, "  Review     %s\n", ag->review_note);
        fprintf(ctx->out, "  Agreed by  ");
        for (size_t k = 0; k < ag->n_carers; k++)
            fprintf(ctx->out, "%s%s", k ? ", " : "", ag->carer_names[k]);
        for (size_t k = 0; k < ag->n_staff; k++)
            fprintf(ctx->out, "%s%s", k || ag->n_carers ? ", " : "", ag->staff_names[k]);
        fprintf(ctx->out, "\n");
    }
    return 0;
}

int term_set_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    int year;
    if (!cli_opt(a, "--year"))
        return err_set(&ctx->err, ERR_USAGE,
                       "meso term set needs --year (the year the school year starts in)");
    if ((rc = cli_year(ctx, a, &year)))
        return rc;
    struct term terms[TERM_N];
    if ((rc = schoolyear_terms(ctx->db, school.id, year, terms, &ctx->err)))
        return rc;
    static const char *const opts[] = { "--autumn", "--spring", "--summer" };
    bool any[TERM_N] = { false };
    for (int i = 0; i < TERM_N; i++) {
        const char *v = cli_opt(a, opts[i]);
        if (!v)
            continue;
        if (schoolyear_parse_range(v, &terms[i].start, &terms[i].end) != 0)
            return err_set(&ctx->err, ERR_USAGE, "%s takes START..END, like 2024-09-04..2024-12-20",
                           opts[i]);
        any[i] = true;
    }
    if (!any[0] && !any[1] && !any[2])
        return err_set(&ctx->err, ERR_USAGE,
                       "meso term set needs at least one of --autumn, --spring, --summer");
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    schoolyear_validate(terms, &pr);
    if (pr.n) {
        for (size_t i = 0; i < pr.n; i++)
            fprintf(ctx->msg, "--%s: %s\n", pr.items[i].field, pr.items[i].msg);
        return err_set(&ctx->err, ERR_INPUT, "nothing was saved");
    }
    struct audit_who who = { .actor = ctx->actor };
    if ((rc = schoolcal_set_terms(ctx->db, school.id, terms, any, &who, &ctx->err)))
        return rc;
    char label[8];
    schoolyear_label(year, label, sizeof label);
    fprintf(ctx->out, "Term dates for %s:\n", label);
    for (int i = 0; i < TERM_N; i++) {
        char s[DATE_ISO_LEN], e[DATE_ISO_LEN];
        date_iso(terms[i].start, s);
        date_iso(terms[i].end, e);
        fprintf(ctx->out, "  %-7s %s to %s%s\n", term_names[i], s, e,
                any[i] || terms[i].set ? "" : " (default)");
    }
    return 0;
}

int term_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    int year;
    if (rc || (rc = cli_year(ctx, a, &year)))
        return rc;
    struct calendar_year cy;
    if ((rc = calendar_year_get(ctx->db, &ctx->arena, school.id, year, &cy, &ctx->err)))
        return rc;
    const struct term *terms = cy.terms;
    const struct holiday *hs = cy.holidays;
    size_t n = cy.n_holidays;
    struct date today = date_today();
    int current = schoolyear_of(today) == year ? schoolyear_term_containing(terms, today) : -1;
    char label[8];
    schoolyear_label(year, label, sizeof label);
    if (cli_flag(a, "--json")) {
        json_t *jt = json_array(), *jh = json_array();
        for (int i = 0; i < TERM_N && jt; i++)
            json_array_append_new(jt, repr_term(&terms[i]));
        for (size_t i = 0; i < n && jh; i++) {
            char s[DATE_ISO_LEN], e[DATE_ISO_LEN];
            date_iso(hs[i].start, s);
            date_iso(hs[i].end, e);
            json_array_append_new(
                jh, json_pack("{s:s, s:s, s:s}", "name", hs[i].name, "start", s, "end", e));
        }
        return cli_print_json(
            ctx,
            json_pack("{s:i, s:s, s:o, s:o, s:o, s:b}", "year", year, "label", label,
                      "current_term", current < 0 ? json_null() : json_string(term_names[current]),
                      "terms", jt, "holidays", jh, "holidays_set", cy.own_holidays));
    }
    fprintf(ctx->out, "School year %s\n", label);
    for (int i = 0; i < TERM_N; i++) {
        char s[DATE_ISO_LEN], e[DATE_ISO_LEN];
        date_iso(terms[i].start, s);
        date_iso(terms[i].end, e);
        fprintf(ctx->out, "  %-7s %s to %s%s%s\n", term_names[i], s, e,
                terms[i].set ? "" : " (default)", i == current ? "  <- now" : "");
    }
    for (size_t i = 0; i < n; i++) {
        char s[DATE_ISO_LEN], e[DATE_ISO_LEN];
        date_iso(hs[i].start, s);
        date_iso(hs[i].end, e);
        fprintf(ctx->out, "  holiday %s to %s: %s%s\n", s, e, hs[i].name,
                cy.own_holidays ? "" : " (default)");
    }
    return 0;
}

int holiday_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct holiday h = { .name = cli_opt(a, "--name") };
    const char *s = cli_opt(a, "--start"), *e = cli_opt(a, "--end");
    if (!s || !h.name)
        return err_set(&ctx->err, ERR_USAGE, "meso holiday add needs --start and --name");
    if (date_parse(s, &h.start) != 0 || date_parse(e ? e : s, &h.end) != 0)
        return err_set(&ctx->err, ERR_USAGE, "--start and --end take dates (YYYY-MM-DD)");
    struct audit_who who = { .actor = ctx->actor };
    if ((rc = schoolcal_add_holiday(ctx->db, school.id, &h, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Added the holiday '%s'.\n", h.name);
    return 0;
}

static void print_figures(FILE *out, const struct cs_figures *f, const char *indent)
{
    fprintf(out,
            "%sPupils in scope %d: with no conversation %d, one %d, two %d, three or more %d\n",
            indent, f->pupils_in_scope, f->with[0], f->with[1], f->with[2], f->with[3]);
    fprintf(out, "%sConversations %d; mean fidelity ", indent, f->conversations);
    if (f->mean_fidelity < 0)
        fprintf(out, "-\n");
    else
        fprintf(out, "%.2f\n", f->mean_fidelity);
    fprintf(out, "%sTarget reviews %d; with the parent taking part ", indent, f->target_reviews);
    if (f->parent_review_share < 0)
        fprintf(out, "-\n");
    else
        fprintf(out, "%.0f%%\n", 100 * f->parent_review_share);
    fprintf(out, "%sContacts %d; positive ", indent, f->contacts);
    if (f->positive_contact_share < 0)
        fprintf(out, "-");
    else
        fprintf(out, "%.0f%%", 100 * f->positive_contact_share);
    fprintf(out, "; mean different methods per family ");
    if (f->mean_distinct_methods < 0)
        fprintf(out, "-\n");
    else
        fprintf(out, "%.1f\n", f->mean_distinct_methods);
    fprintf(out, "%sAchievement for All's indicators:", indent);
    if (f->share_with_2_or_more < 0)
        fprintf(out, " no pupils in scope\n");
    else
        fprintf(out,
                " pupils with 2 or more conversations (one a term) %.0f%%; target reviews with "
                "a parent per pupil %.2f; ways of telling families about progress per family "
                "%.1f\n",
                100 * f->share_with_2_or_more, f->reviews_with_parent_per_pupil,
                f->progress_methods_mean);
    fprintf(out,
            "%sMeetings the family could not come to %d; targets past their review date %d; "
            "families with no agreement yet %d\n",
            indent, f->did_not_attend, f->targets_past_review, f->no_agreement_yet);
}

int report_conversations_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    int year;
    if (rc || (rc = cli_year(ctx, a, &year)))
        return rc;
    struct convreport r;
    struct audit_entry who = cli_who(ctx);
    if ((rc = convreport_build(ctx->db, &ctx->arena, school.id, year, &who, &r, &ctx->err)))
        return rc;
    char label[8];
    schoolyear_label(year, label, sizeof label);
    if (cli_wants_doc(a)) {
        json_t *o = repr_report(&r, school.urn);
        if (!o)
            return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        return cli_emit_doc(ctx, a, "Conversations", o, false);
    }
    fprintf(ctx->out, "Structured conversations with parents, %s, %s\n", school.name, label);
    print_figures(ctx->out, &r.all, "  ");
    fprintf(ctx->out, "  Methods used:");
    bool any = false;
    for (int i = 0; i < CONTACT_N_METHODS; i++)
        if (r.all.methods_used[i]) {
            fprintf(ctx->out, "%s %s %d", any ? "," : "", contact_method_labels[i],
                    r.all.methods_used[i]);
            any = true;
        }
    fprintf(ctx->out, "%s\n", any ? "" : " none recorded");
    for (size_t i = 0; i < r.n_teachers; i++) {
        fprintf(ctx->out, "\n%s\n",
                r.teachers[i].name ? r.teachers[i].name : "Pupils with no key teacher yet");
        print_figures(ctx->out, &r.teachers[i].figures, "  ");
    }
    return 0;
}
