#include "cli/cmd_provmap.h"

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

/* ---- helpers ------------------------------------------------------------- */

static int nomem(struct cli_ctx *ctx)
{
    return err_set(&ctx->err, ERR_NOMEM, "out of memory");
}

/* A date option into out ("" when absent). */
/* Print problems and fail with ERR_INPUT (nothing was written). */
static int refused(struct cli_ctx *ctx, const struct problems *pr, const char *what)
{
    problems_print(pr, NULL, ctx->msg);
    return err_set(&ctx->err, ERR_INPUT, "%s", what);
}

/* Split "a, b,c" into trimmed, non-empty items (in the arena). */
static int split_list(struct cli_ctx *ctx, const char *s, const char ***out, size_t *n)
{
    char *copy = arena_strdup(&ctx->arena, s);
    if (!copy)
        return nomem(ctx);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (char *tok = copy; tok && *tok;) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        char *v = str_trim(tok);
        if (*v) {
            const char **o = arena_push(&ctx->arena, out, n, &cap, sizeof *o);
            if (!o)
                return nomem(ctx);
            *o = v;
        }
        tok = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* Pence as money ("-" when negative: not known), in ctx's arena. */
const char *cmd_provmap_money(struct cli_ctx *ctx, int64_t pence)
{
    if (pence < 0)
        return "-";
    char *out = arena_alloc(&ctx->arena, 32);
    if (!out)
        return "?";
    provision_money(pence, out, 32);
    return out;
}

static json_t *json_list(json_t *arr, const char *key, const char *urn, size_t n)
{
    if (!arr)
        return NULL;
    return json_pack("{s:s, s:i, s:o}", "school", urn, "count", (int)n, key, arr);
}

static void push(json_t *arr, json_t *v, bool *bad)
{
    if (!arr || !v || json_array_append_new(arr, v))
        *bad = true;
}

/* A provision of the school by the number in s. */
static int provision_of(struct cli_ctx *ctx, const char *s, const struct school *school,
                        struct provision *p)
{
    int64_t id;
    int rc = cli_id(ctx, s, "provision", &id);
    if (rc)
        return rc;
    struct audit_entry who = cli_who(ctx);
    rc = provision_get(ctx->db, &ctx->arena, id, school->id, &who, p, &ctx->err);
    if (rc == ERR_NOTFOUND)
        return err_set(&ctx->err, ERR_NOTFOUND,
                       "there is no provision number %s at this school (see `meso provision "
                       "list`)",
                       s);
    return rc;
}

/* ---- frameworks ---------------------------------------------------------- */

int framework_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct framework *fws;
    size_t n;
    if ((rc = framework_list(ctx->db, &ctx->arena, school.id, &fws, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        bool bad = false;
        for (size_t i = 0; i < n; i++)
            push(arr, repr_framework(&fws[i]), &bad);
        if (bad) {
            json_decref(arr);
            return nomem(ctx);
        }
        return cli_print_json(ctx, json_list(arr, "frameworks", school.urn, n));
    }
    for (size_t i = 0; i < n; i++) {
        fprintf(ctx->out, "%s%s  %s%s\n", fws[i].chosen ? "* " : "  ", fws[i].key, fws[i].name,
                fws[i].school_id ? " (the school's own)" : "");
        for (size_t j = 0; j < fws[i].n_components; j++)
            fprintf(ctx->out, "      %s/%s  %s\n", fws[i].key, fws[i].components[j].key,
                    fws[i].components[j].name);
    }
    fprintf(ctx->out, "* chosen by the school (`meso framework choose KEY...`).\n");
    return 0;
}

int framework_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct framework fw;
    if ((rc = framework_add_file(ctx->db, &ctx->arena, school.id, a->pos[0], ctx->actor, &fw,
                                 &ctx->err)))
        return rc;
    fprintf(ctx->out,
            "Added the framework %s (%s) with %zu components. Choose it with `meso "
            "framework choose`.\n",
            fw.key, fw.name, fw.n_components);
    return 0;
}

int framework_choose_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    if ((rc =
             framework_choose(ctx->db, school.id, a->pos, (size_t)a->n_pos, ctx->actor, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s now maps its provision onto:", school.name);
    for (int i = 0; i < a->n_pos; i++)
        fprintf(ctx->out, "%s %s", i ? "," : "", a->pos[i]);
    fprintf(ctx->out, ".\n");
    return 0;
}

/* ---- provisions ---------------------------------------------------------- */

int provision_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct provision p = { .school_id = school.id };
    p.name = a->pos[0];
    const char *s;
    /* Codes go to the validator as given, so a wrong one is reported with
     * the others (exit 2). */
    p.tier = cli_opt(a, "--tier");
    if (p.tier && !provision_parse_tier(p.tier, &s))
        p.tier = s;
    if ((p.evidence_rating = cli_opt(a, "--evidence")) &&
        !provision_parse_evidence(p.evidence_rating, &s))
        p.evidence_rating = s;
    p.evidence_reference = cli_opt(a, "--evidence-ref");
    p.description = cli_opt(a, "--description");
    long long v = 0;
    if ((rc = cli_opt_int(ctx, a, "--sessions", 0, 200, &v)))
        return rc;
    p.sessions = (int)v;
    v = 0;
    if ((rc = cli_opt_int(ctx, a, "--minutes", 0, 1440, &v)))
        return rc;
    p.session_minutes = (int)v;
    if ((s = cli_opt(a, "--staff-hours")) &&
        (str_to_double(s, &p.staff_hours_per_session) || p.staff_hours_per_session < 0))
        return err_set(&ctx->err, ERR_USAGE, "--staff-hours takes hours, like 2.5");
    if ((s = cli_opt(a, "--rate")) && provision_parse_money(s, &p.hourly_rate_pence))
        return err_set(&ctx->err, ERR_USAGE, "--rate takes pounds an hour, like 18.50");
    if ((s = cli_opt(a, "--outcomes")) && (rc = split_list(ctx, s, &p.outcomes, &p.n_outcomes)))
        return rc;
    if ((rc = cli_date_opt(ctx, a, "--start", p.start_date)) ||
        (rc = cli_date_opt(ctx, a, "--end", p.end_date)) ||
        (rc = cli_date_opt(ctx, a, "--review", p.review_date)))
        return rc;
    if (!p.start_date[0])
        date_iso(date_today(), p.start_date);
    struct provision_cost_item item = { .what = "Other costs" };
    if ((s = cli_opt(a, "--other-cost"))) {
        if (provision_parse_money(s, &item.pence))
            return err_set(&ctx->err, ERR_USAGE, "--other-cost takes pounds, like 250");
        p.costs = &item;
        p.n_costs = 1;
    }
    const char **comps = NULL;
    size_t n_comps = 0;
    if ((s = cli_opt(a, "--components")) && (rc = split_list(ctx, s, &comps, &n_comps)))
        return rc;
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    if ((rc = provision_validate(ctx->db, &p, &pr, &ctx->err)))
        return rc;
    /* Check the components before anything is written. */
    for (size_t i = 0; i < n_comps; i++) {
        const char *fk, *ck;
        struct err e2;
        err_clear(&e2);
        struct framework fw;
        bool found = false;
        if (framework_split_ref(&ctx->arena, comps[i], &fk, &ck, &e2) == 0 &&
            framework_by_key(ctx->db, &ctx->arena, school.id, fk, &fw, &e2) == 0)
            for (size_t j = 0; j < fw.n_components; j++)
                found |= !strcmp(fw.components[j].key, ck);
        if (!found)
            problems_add(&pr, "components",
                         "'%s' is not a framework component (see `meso framework list`)", comps[i]);
    }
    if (pr.n)
        return refused(ctx, &pr, "the provision was not added");
    struct audit_entry who = cli_who(ctx);
    if ((rc =
             framework_create_provision(ctx->db, &ctx->arena, &p, comps, n_comps, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Added provision %lld: %s, %s tier, from %s%s%s.\n", (long long)p.id, p.name,
            p.tier, p.start_date, p.end_date[0] ? " to " : "", p.end_date);
    return 0;
}

int provision_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct provision_filter f = { .school_id = school.id };
    struct provision *ps;
    size_t n;
    if ((rc = provision_list(ctx->db, &ctx->arena, &f, &ps, &n, &ctx->err)))
        return rc;
    const char ***comps = arena_array(&ctx->arena, n + 1, sizeof *comps);
    size_t *n_comps = arena_array(&ctx->arena, n + 1, sizeof *n_comps);
    if (!comps || !n_comps)
        return nomem(ctx);
    for (size_t i = 0; i < n; i++)
        if ((rc = framework_provision_components(ctx->db, &ctx->arena, ps[i].id, &comps[i],
                                                 &n_comps[i], &ctx->err)))
            return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        bool bad = false;
        for (size_t i = 0; i < n; i++) {
            json_t *o = repr_provision(&ps[i], false);
            json_t *c = json_array();
            for (size_t j = 0; j < n_comps[i]; j++)
                push(c, json_string(comps[i][j]), &bad);
            if (!o || !c || json_object_set_new(o, "components", c))
                bad = true;
            push(arr, o, &bad);
        }
        if (bad) {
            json_decref(arr);
            return nomem(ctx);
        }
        return cli_print_json(ctx, json_list(arr, "provisions", school.urn, n));
    }
    if (n == 0) {
        fprintf(ctx->out,
                "No provision yet. Add some with `meso provision add NAME --tier TIER`.\n");
        return 0;
    }
    fprintf(ctx->out, "%-4s %-32s %-10s %-10s %-23s %-8s %s\n", "ID", "PROVISION", "TIER",
            "EVIDENCE", "DATES", "ENROLLED", "COMPONENTS");
    for (size_t i = 0; i < n; i++) {
        fprintf(ctx->out, "%-4lld %-32.32s %-10s %-10s %s..%-11s %-8d", (long long)ps[i].id,
                ps[i].name, ps[i].tier, ps[i].evidence_rating ? ps[i].evidence_rating : "-",
                ps[i].start_date, ps[i].end_date, ps[i].pupils_consented);
        for (size_t j = 0; j < n_comps[i]; j++)
            fprintf(ctx->out, "%s%s", j ? ", " : " ", comps[i][j]);
        fprintf(ctx->out, "\n");
    }
    return 0;
}

int provision_map_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    int64_t id;
    if ((rc = cli_id(ctx, a->pos[0], "provision", &id)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    rc = framework_map_provision(ctx->db, &ctx->arena, school.id, id, a->pos + 1,
                                 (size_t)(a->n_pos - 1), &who, &ctx->err);
    if (rc)
        return rc;
    fprintf(ctx->out, "Mapped provision %lld onto", (long long)id);
    for (int i = 1; i < a->n_pos; i++)
        fprintf(ctx->out, "%s %s", i > 1 ? "," : "", a->pos[i]);
    fprintf(ctx->out, ".\n");
    return 0;
}

int provision_enrol_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = provision_of(ctx, a->pos[0], &school, &p)))
        return rc;
    struct pupil pu;
    struct school s2;
    if ((rc = cli_pupil(ctx, a, a->pos[1], &s2, &pu)))
        return rc;
    struct enrolment en;
    bool existing;
    if ((rc = cli_enrolment_opts(ctx, a, &p, pu.id, &en, &existing)))
        return rc;
    if (cli_opt(a, "--date") && (rc = cli_date_opt(ctx, a, "--date", en.enrolled_on)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = provision_enrol(ctx->db, &en, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "%s %s in %s: consent %s%s%s.\n", existing ? "Updated" : "Enrolled",
            pupil_display_name(&ctx->arena, &pu), p.name, consent_names[en.consent],
            en.left_on[0] ? ", left " : "", en.left_on);
    return 0;
}

/* ---- reviews ------------------------------------------------------------- */

int review_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = provision_of(ctx, a->pos[0], &school, &p)))
        return rc;
    struct pupil pu;
    struct school s2;
    if ((rc = cli_pupil(ctx, a, a->pos[1], &s2, &pu)))
        return rc;
    const char *s = cli_opt(a, "--score");
    if (!s)
        return err_set(&ctx->err, ERR_USAGE,
                       "meso review add needs --score, from -2 (much less than expected) to +2 "
                       "(much more than expected)");
    struct review r = { .provision_id = p.id, .pupil_id = pu.id, .note = cli_opt(a, "--note") };
    if (review_parse_score(s, &r.score))
        r.score = REVIEW_SCORE_MAX + 100; /* reported by the validator */
    if ((s = cli_opt(a, "--reviewer"))) {
        if ((rc = cli_staff_id(ctx, school.id, s, "--reviewer", &r.reviewer_id)))
            return rc;
    } else {
        r.reviewer = ctx->actor;
    }
    if ((rc = cli_date_opt(ctx, a, "--date", r.reviewed_on)))
        return rc;
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    struct audit_entry who = cli_who(ctx);
    rc = review_add(ctx->db, &r, NULL, &pr, &who, &ctx->err);
    if (rc == ERR_INPUT && pr.n)
        return refused(ctx, &pr, "the review was not saved");
    if (rc)
        return rc;
    fprintf(ctx->out, "Saved review %lld: %s in %s, %+d (%s) on %s.\n", (long long)r.id,
            pupil_display_name(&ctx->arena, &pu), p.name, r.score, review_score_label(r.score),
            r.reviewed_on);
    return 0;
}

int review_due_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    char today[11];
    if ((rc = cli_date(ctx, a, "--as-of", today)))
        return rc;
    struct review_due_item *d;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = review_due_list(ctx->db, &ctx->arena, school.id, today, &who, &d, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        bool bad = false;
        for (size_t i = 0; i < n; i++)
            push(arr, repr_review_due(&d[i]), &bad);
        if (bad) {
            json_decref(arr);
            return nomem(ctx);
        }
        json_t *doc = json_list(arr, "reviews", school.urn, n);
        if (doc && json_object_set_new(doc, "as_of", json_string(today)))
            doc = (json_decref(doc), NULL);
        return cli_print_json(ctx, doc);
    }
    if (n == 0) {
        fprintf(ctx->out, "No reviews are due in the next %d days.\n", REVIEW_DUE_AHEAD);
        return 0;
    }
    fprintf(ctx->out, "%-8s %-11s %-28s %-24s %s\n", "STATE", "DUE", "PROVISION", "PUPIL", "UPN");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-8s %-11s %-28.28s %-24.24s %s\n", review_state_names[d[i].state],
                d[i].due_on, d[i].provision_name, d[i].pupil_name, d[i].upn);
    return 0;
}

int report_reviews_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    char today[11];
    if ((rc = cli_date(ctx, a, "--as-of", today)))
        return rc;
    struct review_summary *s;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = review_report(ctx->db, &ctx->arena, school.id, today, &who, &s, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        bool bad = false;
        for (size_t i = 0; i < n; i++)
            push(arr, repr_review_summary(&s[i]), &bad);
        if (bad) {
            json_decref(arr);
            return nomem(ctx);
        }
        json_t *doc = json_list(arr, "provisions", school.urn, n);
        if (doc && json_object_set_new(doc, "as_of", json_string(today)))
            doc = (json_decref(doc), NULL);
        return cli_print_json(ctx, doc);
    }
    if (n == 0) {
        fprintf(ctx->out, "No pupil is enrolled with consent in any provision yet.\n");
        return 0;
    }
    fprintf(ctx->out, "Review outcomes per provision (latest review of each pupil), %s\n\n",
            school.name);
    fprintf(ctx->out, "%-28s %-10s %8s  %3s %3s %3s %3s %3s  %5s  %s\n", "PROVISION", "TIER",
            "REVIEWED", "-2", "-1", "0", "+1", "+2", "MEAN", "AS EXPECTED OR BETTER");
    for (size_t i = 0; i < n; i++) {
        fprintf(ctx->out, "%-28.28s %-10s %3d of %-2d  %3d %3d %3d %3d %3d  ", s[i].name, s[i].tier,
                s[i].reviewed, s[i].pupils, s[i].counts[0], s[i].counts[1], s[i].counts[2],
                s[i].counts[3], s[i].counts[4]);
        if (s[i].reviewed)
            fprintf(ctx->out, "%+5.2f  %.0f%%", s[i].mean, 100 * s[i].share_expected);
        else
            fprintf(ctx->out, "%5s  -", "-");
        if (s[i].overdue || s[i].due)
            fprintf(ctx->out, "  (%d overdue, %d due)", s[i].overdue, s[i].due);
        fprintf(ctx->out, "\n");
    }
    return 0;
}

/* ---- involvements -------------------------------------------------------- */

int involvement_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil pu;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &pu);
    if (rc)
        return rc;
    const char *svc = cli_opt(a, "--service");
    if (!svc || !cli_opt(a, "--referred") || !cli_opt(a, "--asked"))
        return err_set(&ctx->err, ERR_USAGE,
                       "meso involvement add needs --service, --referred and --asked");
    struct involvement iv = { .pupil_id = pu.id,
                              .service = svc,
                              .service_name = cli_opt(a, "--team"),
                              .asked = cli_opt(a, "--asked") };
    const char *code;
    if (!involvement_parse_service(svc, &code))
        iv.service = code;
    if ((rc = cli_date_opt(ctx, a, "--referred", iv.referred_on)))
        return rc;
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    struct audit_entry who = cli_who(ctx);
    rc = involvement_add(ctx->db, &iv, NULL, &pr, &who, &ctx->err);
    if (rc == ERR_INPUT && pr.n)
        return refused(ctx, &pr, "the involvement was not saved");
    if (rc)
        return rc;
    fprintf(ctx->out, "Recorded involvement %lld: %s referred to %s on %s.\n", (long long)iv.id,
            pupil_display_name(&ctx->arena, &pu), iv.service, iv.referred_on);
    return 0;
}

int involvement_update_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    int64_t id;
    if ((rc = cli_id(ctx, a->pos[0], "involvement", &id)))
        return rc;
    struct inv_update u = { 0 };
    enum inv_status st;
    const char *s;
    if ((s = cli_opt(a, "--status"))) {
        if (involvement_parse_status(s, &st))
            return err_set(&ctx->err, ERR_USAGE,
                           "--status takes referred, accepted, seen, advice-received, closed or "
                           "declined");
        u.status = &st;
    }
    char status_on[11], advice_on[11];
    if ((rc = cli_date_opt(ctx, a, "--date", status_on)) ||
        (rc = cli_date_opt(ctx, a, "--advice-date", advice_on)))
        return rc;
    u.status_on = status_on[0] ? status_on : NULL;
    u.advice_on = advice_on[0] ? advice_on : NULL;
    u.advice = cli_opt(a, "--advice");
    if (!u.status && !u.advice && !u.advice_on)
        return err_set(&ctx->err, ERR_USAGE,
                       "say what changed: --status, --advice or --advice-date");
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    struct audit_entry who = cli_who(ctx);
    rc = involvement_update(ctx->db, id, school.id, &u, NULL, &pr, &who, &ctx->err);
    if (rc == ERR_INPUT && pr.n)
        return refused(ctx, &pr, "the involvement was not changed");
    if (rc)
        return rc;
    struct involvement iv;
    if ((rc = involvement_get(ctx->db, &ctx->arena, id, school.id, NULL, &who, &iv, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Involvement %lld (%s, %s): %s since %s; %d days since the referral%s.\n",
            (long long)id, iv.pupil_name, iv.service_label, inv_status_labels[iv.status],
            iv.status_on, iv.days_taken, iv.past_timescale ? ", past the local timescale" : "");
    return 0;
}

int involvement_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int64_t pupil_id = 0;
    int rc;
    if (a->n_pos > 0) {
        struct pupil pu;
        if ((rc = cli_pupil(ctx, a, a->pos[0], &school, &pu)))
            return rc;
        pupil_id = pu.id;
    } else if ((rc = cli_school(ctx, a, &school))) {
        return rc;
    }
    char today[11];
    if ((rc = cli_date(ctx, a, "--as-of", today)))
        return rc;
    struct involvement *ivs;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = involvement_list(ctx->db, &ctx->arena, school.id, pupil_id, today, &who, &ivs, &n,
                               &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        bool bad = false;
        for (size_t i = 0; i < n; i++)
            push(arr, repr_involvement(&ivs[i]), &bad);
        if (bad) {
            json_decref(arr);
            return nomem(ctx);
        }
        json_t *doc = json_list(arr, "involvements", school.urn, n);
        if (doc && json_object_set_new(doc, "as_of", json_string(today)))
            doc = (json_decref(doc), NULL);
        return cli_print_json(ctx, doc);
    }
    if (n == 0) {
        fprintf(ctx->out, "No involvements recorded.\n");
        return 0;
    }
    fprintf(ctx->out, "%-4s %-22s %-24s %-11s %-16s %s\n", "ID", "PUPIL", "SERVICE", "REFERRED",
            "STATUS", "DAYS (TIMESCALE)");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-4lld %-22.22s %-24.24s %-11s %-16s %d (%d)%s\n", (long long)ivs[i].id,
                ivs[i].pupil_name, ivs[i].service, ivs[i].referred_on,
                inv_status_names[ivs[i].status], ivs[i].days_taken, ivs[i].timescale_days,
                ivs[i].past_timescale ? "  past the timescale" : "");
    return 0;
}

int involvement_timescale_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    if (a->n_pos == 2) {
        const char *code;
        if (involvement_parse_service(a->pos[0], &code))
            return err_set(&ctx->err, ERR_INPUT,
                           "'%s' is not a service: educational_psychology, camhs, social_care, "
                           "speech_language_therapy, early_help or other",
                           a->pos[0]);
        long long days;
        if (str_to_int(a->pos[1], 1, INVOLVEMENT_DAYS_MAX, &days))
            return err_set(&ctx->err, ERR_INPUT, "give the timescale in days, from 1 to %d",
                           INVOLVEMENT_DAYS_MAX);
        if ((rc = involvement_timescale_set(ctx->db, school.id, code, (int)days, ctx->actor,
                                            &ctx->err)))
            return rc;
    } else if (a->n_pos == 1) {
        return err_set(&ctx->err, ERR_USAGE, "give the service and the number of days");
    }
    struct inv_timescale *ts;
    size_t n;
    if ((rc = involvement_timescales(ctx->db, &ctx->arena, school.id, &ts, &n, &ctx->err)))
        return rc;
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-24s %4d days%s\n", ts[i].service, ts[i].days,
                ts[i].local ? "" : "  (meso's starting point: set your local timescale)");
    return 0;
}
