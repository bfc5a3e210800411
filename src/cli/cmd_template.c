#include "cli/cmd_prog.h"

/* cmd_template.c - `meso template list|show|add`: the programme templates
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

/* ---- templates ----------------------------------------------------------- */

int template_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    struct progtemplate *ts;
    size_t n;
    if (rc || (rc = progtemplate_list(ctx->db, &ctx->arena, school.id, &ts, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n && arr; i++)
            if (json_array_append_new(arr, repr_progtemplate(&ts[i]))) {
                json_decref(arr);
                arr = NULL;
            }
        return cli_print_json(ctx, arr ? json_pack("{s:i, s:o}", "count", (int)n, "templates", arr)
                                       : NULL);
    }
    fprintf(ctx->out, "%-20s %-10s %-8s %s\n", "KEY", "KIND", "SESSIONS", "NAME");
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "%-20s %-10s %2d x %-3d %s%s\n", ts[i].key, pt_kind_names[ts[i].kind],
                ts[i].sessions, ts[i].session_minutes, ts[i].name,
                ts[i].school_id ? " (the school's own)" : "");
    return 0;
}

int template_show_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct progtemplate t;
    int rc = cli_school(ctx, a, &school);
    if (rc || (rc = progtemplate_by_key(ctx->db, &ctx->arena, school.id, a->pos[0], &t, &ctx->err)))
        return rc;
    if (cli_flag(a, "--definition")) {
        fputs(t.definition, ctx->out);
        return 0;
    }
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, repr_progtemplate(&t));
    fprintf(ctx->out, "%s (%s)\n", t.name, t.key);
    if (t.description)
        fprintf(ctx->out, "  %s\n", t.description);
    fprintf(ctx->out, "  %s; %d sessions of %d minutes, every %d days", pt_kind_names[t.kind],
            t.sessions, t.session_minutes, t.interval_days);
    if (t.writeup_minutes)
        fprintf(ctx->out, ", plus %d minutes' write-up", t.writeup_minutes);
    fprintf(ctx->out, "\n");
    if (t.commitment_session)
        fprintf(ctx->out, "  Starts with a first meeting to explain the programme.\n");
    fprintf(ctx->out, "  %s at %d sessions attended (%s come).\n", t.complete_word, t.complete_at,
            t.counts_when == PT_COUNTS_BOTH     ? "the child and a parent"
            : t.counts_when == PT_COUNTS_CHILD  ? "the child"
            : t.counts_when == PT_COUNTS_PARENT ? "a parent"
                                                : "the child or a parent");
    if (t.hub_max)
        fprintf(ctx->out, "  Hubs of %d to %d families.\n", t.hub_min, t.hub_max);
    if (t.kind == PT_INDIVIDUAL)
        fprintf(ctx->out, "  One pupil%s at a time.\n",
                t.counts_when == PT_COUNTS_CHILD ? "" : " and their parent");
    else if (t.max_families)
        fprintf(ctx->out, "  Up to %d %s.\n", t.max_families, progtemplate_people(&t));
    if (t.age_min >= 0)
        fprintf(ctx->out, "  For pupils aged %d to %d.\n", t.age_min, t.age_max);
    if (t.followon_months)
        fprintf(ctx->out, "  Follow-on meetings every %d month%s for up to %d months.\n",
                t.followon_months, t.followon_months == 1 ? "" : "s", t.followon_for_months);
    if (t.turn_order)
        fprintf(ctx->out, "  Turn order: %s (%d to %d rounds; anyone may pass).\n", t.turn_order,
                t.turn_rounds_min, t.turn_rounds_max);
    if (t.reading_per_week)
        fprintf(ctx->out, "  Follow-up reading: %d x %d minutes a week.\n", t.reading_per_week,
                t.reading_minutes);
    fprintf(ctx->out, "Agenda (the fidelity checklist):\n");
    for (size_t i = 0; i < t.n_agenda; i++)
        fprintf(ctx->out, "  %zu. %s (%d min)\n", i + 1, t.agenda[i].label, t.agenda[i].minutes);
    if (t.n_roles) {
        fprintf(ctx->out, "Team:\n");
        for (size_t i = 0; i < t.n_roles; i++)
            fprintf(ctx->out, "  %-24s at least %d (%s)\n", t.roles[i].code, t.roles[i].min,
                    t.roles[i].label);
    }
    return 0;
}

int template_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct progtemplate t;
    if ((rc = progtemplate_load(&ctx->arena, a->pos[0], &t, &ctx->err)))
        return rc;
    if ((rc = progtemplate_add(ctx->db, &ctx->arena, school.id, a->pos[0], t.definition,
                               strlen(t.definition), ctx->actor, &t, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Added the programme template '%s' (%s) for %s.\n", t.key, t.name,
            school.name);
    return 0;
}
