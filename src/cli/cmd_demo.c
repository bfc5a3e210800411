#include "cli/cmd_demo.h"

#include <string.h>

#include "core/date.h"
#include "model/calendar/schoolyear.h"
#include "model/demo/demo.h"

static int demo_la_cmd(struct cli_ctx *ctx, unsigned long seed, int n, const char *la)
{
    struct demo_options o = { .seed = seed, .actor = ctx->actor };
    struct demo_la_summary s;
    int rc = demo_la(ctx->db, &o, n, la, &s, &ctx->err);
    if (rc)
        return rc;
    fprintf(ctx->out,
            "Demo local authority %s (seed %lu): %d schools, %ld pupils, %ld structured "
            "conversations, %ld family programmes, %ld sign-in accounts.\n"
            "Each school's staff sign in as at the demo school, at the school's own address "
            "(helen.price@meadowbank.example.org, helen.price@ashfordlane.example.org, ...); "
            "four schools in five share their figures with the LA, whose officer signs in as "
            "%s and sees them at /la. DEMO ONLY: every demo account's password is %s.\n",
            la, seed, s.schools, s.pupils, s.conversations, s.programmes, s.accounts, s.la_email,
            DEMO_PASSWORD);
    return 0;
}

int demo_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    long long seed = 1, pupils = 420;
    int rc = cli_opt_int(ctx, a, "--seed", 0, 4294967295LL, &seed);
    long long schools = 0;
    if (rc == 0)
        rc = cli_opt_int(ctx, a, "--pupils", 1, 100000, &pupils);
    if (rc == 0)
        rc = cli_opt_int(ctx, a, "--schools", 1, 1000, &schools);
    const char *la = cli_opt(a, "--la");
    if (rc == 0 && la && !schools)
        rc = err_set(&ctx->err, ERR_USAGE, "--la goes with --schools");
    if (rc == 0 && la && (strlen(la) != 3 || strspn(la, "0123456789") != 3))
        rc = err_set(&ctx->err, ERR_USAGE, "--la: a local authority's code is three digits");
    if (rc || (rc = cli_open_db(ctx, true)))
        return rc;
    if (schools)
        return demo_la_cmd(ctx, (unsigned long)seed, (int)schools, la ? la : "999");
    struct demo_options o = { .seed = (unsigned long)seed,
                              .pupils = (int)pupils,
                              .actor = ctx->actor };
    struct demo_summary s;
    if ((rc = demo_run(ctx->db, &o, &s, &ctx->err)))
        return rc;
    double n = s.pupils ? (double)s.pupils : 1;
    fprintf(ctx->out,
            "Demo school %s %s (seed %lld): %ld pupils, %ld carers, %ld staff.\n"
            "  SEN support %ld (%.1f%%), EHC plans %ld (%.1f%%), FSM %ld (%.1f%%), "
            "EAL %ld (%.1f%%), looked after %ld; %ld risk and protective factors.\n"
            "  %ld structured conversations with %ld targets (%ld reviews); %ld contacts with "
            "families.\n",
            s.school_urn, s.school_name, seed, s.pupils, s.carers, s.staff, s.sen_k,
            100.0 * (double)s.sen_k / n, s.sen_e, 100.0 * (double)s.sen_e / n, s.fsm,
            100.0 * (double)s.fsm / n, s.eal, 100.0 * (double)s.eal / n, s.cla, s.factors,
            s.conversations, s.targets, s.target_reviews, s.contacts);
    char from[DATE_ISO_LEN];
    date_iso(schoolyear_start(schoolyear_of(date_today()) - 1), from);
    fprintf(ctx->out,
            "  From %s (the last full school year) to today, on school days only (%ld holidays in "
            "the calendar); %ld meetings a family could not come to, followed up another way.\n",
            from, s.holidays, s.missed);
    fprintf(ctx->out,
            "  %ld wellbeing questionnaires (%ld children screened high or very high); %ld "
            "attainment, attendance and other outcome records.\n",
            s.assessments, s.screened_follow_up, s.outcome_records);
    fprintf(ctx->out,
            "  %ld family programmes (FAST and Story Links): %ld families, %ld sessions held, %ld "
            "stories.\n",
            s.programmes, s.programme_families, s.programme_sessions, s.stories);
    fprintf(ctx->out,
            "  The provision map: %ld other provisions at each tier, mapped onto Achievement for "
            "All and TaMHS; %ld reviews; %ld external involvements.\n",
            s.provisions, s.provision_reviews, s.involvements);
    fprintf(ctx->out,
            "  %ld sign-in accounts; %ld pupils have a key teacher, %ld a family worker.\n"
            "Sign in with any of these (DEMO ONLY: every demo account's password is %s, and "
            "two-factor sign-in is not asked for):\n",
            s.accounts, s.key_teacher_pupils, s.family_worker_pupils, DEMO_PASSWORD);
    for (int i = 0; i < DEMO_LOGINS; i++)
        if (s.logins[i].email[0])
            fprintf(ctx->out, "  %-40s %s\n", s.logins[i].email, s.logins[i].what);
    return 0;
}
