#include "cli/cmd_pupils.h"

#include <jansson.h>
#include <string.h>

#include "view/repr.h"
#include "cli/cmd_school.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/factor.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

int pupils_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    /* The command line is run by whoever holds the database file: the whole
     * school (the web layer scopes with access_pupil_filter instead). */
    struct pupil_filter f = { .school_id = school.id, .fsm = -1, .scope.whole_school = true };
    char year[4], sen[2], why[256];
    const char *v;
    if ((v = cli_opt(a, "--year"))) {
        if (pupil_parse_year(v, year, why, sizeof why) != 0)
            return err_set(&ctx->err, ERR_USAGE, "--year: %s", why);
        f.nc_year = year;
    }
    if ((v = cli_opt(a, "--sen"))) {
        if (pupil_parse_sen(v, sen, why, sizeof why) != 0 || !*v)
            return err_set(&ctx->err, ERR_USAGE, "--sen takes N, K or E");
        f.sen = sen;
    }
    f.search = cli_opt(a, "--search");
    f.include_leavers = cli_flag(a, "--leavers");
    struct pupil *ps;
    size_t n;
    if ((rc = pupil_list(ctx->db, &ctx->arena, &f, &ps, &n, NULL, &ctx->err)))
        return rc;
    struct audit_entry au = { .actor = ctx->actor,
                              .action = "list",
                              .entity = "pupil",
                              .school_id = school.id,
                              .detail = arena_sprintf(&ctx->arena, "%zu pupils listed", n) };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (cli_wants_doc(a)) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            if (json_array_append_new(list, repr_pupil(&ps[i])))
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        return cli_emit_doc(ctx, a, "Pupils",
                            json_pack("{s:o, s:I, s:o}", "school", repr_school(&school), "count",
                                      (json_int_t)n, "pupils", list),
                            false);
    }
    fprintf(ctx->out, "%-13s  %-32s %-9s %-12s %-3s %s\n", "UPN", "Name", "Year", "SEN", "FSM",
            "EAL");
    for (size_t i = 0; i < n; i++) {
        const struct pupil *p = &ps[i];
        fprintf(ctx->out, "%-13s  %-32s %-9s %-12s %-3s %s\n", p->upn,
                pupil_display_name(&ctx->arena, p), pupil_year_label(p->nc_year),
                pupil_sen_label(p->sen), p->fsm ? "yes" : "", p->eal == 1 ? "yes" : "");
    }
    fprintf(ctx->out, "%zu pupil%s\n", n, n == 1 ? "" : "s");
    return 0;
}

static int load_pupil(struct cli_ctx *ctx, const struct cli_args *a, const char *upn,
                      struct school *school, struct pupil *p)
{
    int rc = cli_school(ctx, a, school);
    if (rc)
        return rc;
    char norm[UPN_LEN + 1], why[128];
    bool temp;
    if (upn_check(upn, norm, &temp, why, sizeof why) != 0)
        return err_set(&ctx->err, ERR_USAGE, "'%s' is not a valid UPN: %s", upn, why);
    return pupil_by_upn(ctx->db, &ctx->arena, school->id, norm, p, &ctx->err);
}

int pupils_show_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = load_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct pupil_carer *carers;
    struct sen_change *hist;
    struct fsm_period *fsm;
    struct factor *factors;
    size_t n_carers, n_hist, n_fsm, n_factors;
    if ((rc = carer_list_for_pupil(ctx->db, &ctx->arena, p.id, &carers, &n_carers, &ctx->err)) ||
        (rc = pupil_sen_history(ctx->db, &ctx->arena, p.id, &hist, &n_hist, &ctx->err)) ||
        (rc = pupil_fsm_periods(ctx->db, &ctx->arena, p.id, &fsm, &n_fsm, &ctx->err)) ||
        (rc = factor_list(ctx->db, &ctx->arena, p.id, &factors, &n_factors, &ctx->err)))
        return rc;
    struct audit_entry au = { .actor = ctx->actor,
                              .action = "view",
                              .entity = "pupil",
                              .entity_id = p.id,
                              .pupil_id = p.id,
                              .school_id = school.id };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *o = repr_pupil(&p), *jc = json_array(), *jh = json_array(), *jf = json_array(),
               *jx = json_array();
        for (size_t i = 0; i < n_carers; i++)
            json_array_append_new(jc, repr_pupil_carer(&carers[i]));
        for (size_t i = 0; i < n_hist; i++)
            json_array_append_new(jh, repr_sen_change(&hist[i]));
        for (size_t i = 0; i < n_fsm; i++)
            json_array_append_new(
                jf, json_pack("{s:s, s:o}", "start", fsm[i].start, "end", repr_str(fsm[i].end)));
        for (size_t i = 0; i < n_factors; i++)
            json_array_append_new(jx, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "type",
                                                factors[i].type, "kind", factors[i].kind, "label",
                                                factors[i].label, "source", factors[i].source,
                                                "identified_on", factors[i].identified_on,
                                                "ended_on", repr_str(factors[i].ended_on), "note",
                                                repr_str(factors[i].note)));
        if (!o || json_object_set_new(o, "school", json_string(school.urn)) ||
            json_object_set_new(o, "carers", jc) || json_object_set_new(o, "sen_history", jh) ||
            json_object_set_new(o, "fsm_periods", jf) || json_object_set_new(o, "factors", jx)) {
            json_decref(o);
            return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        }
        return cli_print_json(ctx, o);
    }
    FILE *out = ctx->out;
    fprintf(out, "%s", pupil_display_name(&ctx->arena, &p));
    if (p.preferred_forename && *p.preferred_forename)
        fprintf(out, " (legal name %s %s)", p.legal_forename, p.legal_surname);
    fprintf(out, "\n  UPN            %s%s\n", p.upn, p.upn_temporary ? " (temporary)" : "");
    if (p.former_upn)
        fprintf(out, "  Former UPN     %s\n", p.former_upn);
    fprintf(out, "  Date of birth  %s\n  Sex            %s\n  Year           %s\n", p.dob, p.sex,
            pupil_year_label(p.nc_year));
    bool needs = p.need1[0] || p.need2[0];
    fprintf(out, "  SEN            %s%s%s%s%s%s\n", pupil_sen_label(p.sen), needs ? " (" : "",
            p.need1, p.need1[0] && p.need2[0] ? ", " : "", p.need2, needs ? ")" : "");
    fprintf(out, "  FSM            %s\n", p.fsm ? "eligible" : "not eligible");
    fprintf(out, "  EAL            %s%s%s\n",
            p.eal == 1   ? "yes"
            : p.eal == 0 ? "no"
                         : "not known",
            p.first_language ? "; first language " : "", p.first_language ? p.first_language : "");
    fprintf(out, "  Looked after   %s\n", p.looked_after ? "yes" : "no");
    if (p.admission_date[0])
        fprintf(out, "  Admitted       %s\n", p.admission_date);
    if (p.leaving_date[0])
        fprintf(out, "  Left           %s\n", p.leaving_date);
    fprintf(out, "\nCarers (%zu)\n", n_carers);
    for (size_t i = 0; i < n_carers; i++) {
        const struct pupil_carer *pc = &carers[i];
        fprintf(out, "  %d. %s, %s%s%s\n", pc->link.contact_priority,
                carer_display_name(&ctx->arena, &pc->carer), pc->link.relationship,
                pc->link.parental_responsibility == 1   ? ", parental responsibility"
                : pc->link.parental_responsibility == 0 ? ""
                                                        : ", parental responsibility not recorded",
                pc->link.lives_with ? ", lives with pupil" : "");
        if (pc->carer.phone_mobile)
            fprintf(out, "     mobile %s\n", pc->carer.phone_mobile);
        if (pc->carer.email)
            fprintf(out, "     email %s\n", pc->carer.email);
        if (pc->carer.preferred_contact || pc->carer.preferred_language ||
            pc->carer.interpreter_needed)
            fprintf(out, "     prefers %s%s%s%s\n",
                    pc->carer.preferred_contact ? pc->carer.preferred_contact : "any contact",
                    pc->carer.preferred_language ? ", in " : "",
                    pc->carer.preferred_language ? pc->carer.preferred_language : "",
                    pc->carer.interpreter_needed ? "; an interpreter is needed" : "");
    }
    fprintf(out, "\nSEN history (%zu)\n", n_hist);
    for (size_t i = 0; i < n_hist; i++)
        fprintf(out, "  %s  %s %s %s  (%s)\n", hist[i].effective_date,
                pupil_sen_label(hist[i].provision), hist[i].need1, hist[i].need2, hist[i].source);
    if (n_fsm) {
        fprintf(out, "\nFree school meals\n");
        for (size_t i = 0; i < n_fsm; i++)
            fprintf(out, "  %s to %s\n", fsm[i].start, fsm[i].end ? fsm[i].end : "now");
    }
    if (n_factors) {
        fprintf(out, "\nRisk and protective factors\n");
        for (size_t i = 0; i < n_factors; i++)
            fprintf(out, "  %-10s %s (%s), from %s%s%s\n", factors[i].kind, factors[i].label,
                    factors[i].source, factors[i].identified_on,
                    factors[i].ended_on[0] ? " to " : "", factors[i].ended_on);
    }
    return 0;
}

int factor_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = load_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct factor f = { .pupil_id = p.id,
                        .type = cli_opt(a, "--type"),
                        .source = cli_opt(a, "--source"),
                        .note = cli_opt(a, "--note"),
                        .recorded_by = ctx->actor };
    if (!f.type)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso factor add needs --type (see `meso factor types`)");
    const char *d = cli_opt(a, "--date");
    char why[256];
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    if (d) {
        if (pupil_parse_date(d, f.identified_on, why, sizeof why) != 0)
            problems_add(&pr, "--date", "%s", why);
    } else {
        date_iso(date_today(), f.identified_on);
    }
    if ((d = cli_opt(a, "--ended")) && pupil_parse_date(d, f.ended_on, why, sizeof why) != 0)
        problems_add(&pr, "--ended", "%s", why);
    if ((rc = factor_validate(ctx->db, &ctx->arena, &f, &pr, &ctx->err)))
        return rc;
    if (pr.n) {
        problems_print(&pr, NULL, ctx->msg);
        return err_set(&ctx->err, ERR_INPUT, "nothing was saved");
    }
    struct audit_entry who = { .actor = ctx->actor };
    if ((rc = factor_record(ctx->db, &f, school.id, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Recorded %s factor for %s: %s (%s)\n", f.kind,
            pupil_display_name(&ctx->arena, &p), f.label, f.source);
    return 0;
}

int factor_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = load_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    struct factor *fs;
    size_t n;
    if ((rc = factor_list(ctx->db, &ctx->arena, p.id, &fs, &n, &ctx->err)))
        return rc;
    struct audit_entry au = { .actor = ctx->actor,
                              .action = "view",
                              .entity = "factor",
                              .pupil_id = p.id,
                              .school_id = school.id };
    if ((rc = audit_log(ctx->db, &au, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(
                list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "type", fs[i].type, "kind",
                                fs[i].kind, "label", fs[i].label, "source", fs[i].source,
                                "identified_on", fs[i].identified_on, "ended_on",
                                repr_str(fs[i].ended_on), "note", repr_str(fs[i].note)));
        return cli_print_json(ctx, json_pack("{s:s, s:o}", "upn", p.upn, "factors", list));
    }
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-10s %-45s %-10s %s%s%s\n", fs[i].kind, fs[i].label, fs[i].source,
                fs[i].identified_on, fs[i].ended_on[0] ? " to " : "", fs[i].ended_on);
    if (!n)
        fprintf(ctx->out, "No risk or protective factors recorded for %s.\n",
                pupil_display_name(&ctx->arena, &p));
    return 0;
}

int factor_types_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct factor_type *ts;
    size_t n;
    int rc = factor_types(ctx->db, &ctx->arena, &ts, &n, &ctx->err);
    if (rc)
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            json_array_append_new(list,
                                  json_pack("{s:s, s:s, s:s, s:s, s:o}", "code", ts[i].code, "kind",
                                            ts[i].kind, "source", ts[i].source, "label",
                                            ts[i].label, "outcome", repr_str(ts[i].outcome)));
        return cli_print_json(ctx, json_pack("{s:o}", "factor_types", list));
    }
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-20s %-10s %-10s %s\n", ts[i].code, ts[i].kind, ts[i].source,
                ts[i].label);
    return 0;
}
