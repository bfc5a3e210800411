#include "cli/cmd_prog.h"

/* cmd_progsession.c - `meso programme session` (who came, the checklist,
 * notes, moving or cancelling a session) and `meso programme followon`
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

/* ---- sessions and follow-on meetings --------------------------------------- */

/* Parse a list of UPNs into enrolment ids of p. */
static int upn_set(struct cli_ctx *ctx, const struct provision *p, const char *list,
                   const char *option, int64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!list)
        return 0;
    char *copy = arena_strdup(&ctx->arena, list);
    size_t cap = 0;
    for (char *tok = copy; tok && *tok;) {
        char *comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        char *v = str_trim(tok);
        if (*v) {
            const struct enrolment *en = cmd_prog_enrolment_by_upn(ctx, p, v, option);
            if (!en)
                return ctx->err.code;
            int64_t *id = arena_push(&ctx->arena, out, n, &cap, sizeof *id);
            if (!id)
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
            *id = en->id;
        }
        tok = comma ? comma + 1 : NULL;
    }
    return 0;
}

static bool in_set(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

int programme_session_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    struct progtemplate t;
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc || (rc = cmd_prog_cohort_template(ctx, &p, &t)))
        return rc;
    enum session_kind kind;
    int seq;
    struct prog_session s;
    if ((rc = cmd_prog_parse_session(ctx, a->pos[1], &kind, &seq)) ||
        (rc = programme_session_find(ctx->db, &ctx->arena, p.id, kind, seq, &s, &ctx->err)))
        return rc;
    struct prog_session_record r = { .notes = cli_opt(a, "--notes") };
    char date[11];
    if ((rc = cli_date_opt(ctx, a, "--date", date)))
        return rc;
    if (date[0])
        r.date = date;
    const char *st = cli_opt(a, "--status");
    enum session_status status;
    if (st) {
        if (!strcmp(st, "held"))
            status = SESSION_HELD;
        else if (!strcmp(st, "cancelled"))
            status = SESSION_CANCELLED;
        else if (!strcmp(st, "planned"))
            status = SESSION_PLANNED;
        else
            return err_set(&ctx->err, ERR_USAGE, "--status takes held, cancelled or planned");
        r.status = &status;
    }
    /* Attendance: everyone listed; the other consented families (in --hub,
     * when given) did not come. */
    const char *both = cli_opt(a, "--attended"), *child = cli_opt(a, "--child-only"),
               *parent = cli_opt(a, "--parent-only");
    long long hub = 0;
    if ((rc = cli_opt_int(ctx, a, "--hub", 1, 99, &hub)))
        return rc;
    if (both || child || parent || cli_flag(a, "--nobody")) {
        int64_t *b, *c, *pa;
        size_t nb, nc, np;
        if ((rc = upn_set(ctx, &p, both, "--attended", &b, &nb)) ||
            (rc = upn_set(ctx, &p, child, "--child-only", &c, &nc)) ||
            (rc = upn_set(ctx, &p, parent, "--parent-only", &pa, &np)))
            return rc;
        struct prog_attendance *att =
            arena_array(&ctx->arena, p.n_enrolments ? p.n_enrolments : 1, sizeof *att);
        if (!att)
            return err_set(&ctx->err, ERR_NOMEM, "out of memory");
        size_t n = 0;
        for (size_t i = 0; i < p.n_enrolments; i++) {
            const struct enrolment *en = &p.enrolments[i];
            bool listed = in_set(b, nb, en->id) || in_set(c, nc, en->id) || in_set(pa, np, en->id);
            if (!listed && (en->consent != CONSENT_GIVEN || (hub && en->hub != hub)))
                continue;
            att[n++] = (struct prog_attendance){
                .enrolment_id = en->id,
                .child = in_set(b, nb, en->id) || in_set(c, nc, en->id),
                .parent = in_set(b, nb, en->id) || in_set(pa, np, en->id),
            };
        }
        r.attendance = att;
        r.n_attendance = n;
    }
    const char *list = cli_opt(a, "--checklist");
    bool done[PT_MAX_AGENDA] = { false };
    if (list) {
        if (!strcmp(list, "all")) {
            for (size_t i = 0; i < t.n_agenda; i++)
                done[i] = true;
        } else if (strcmp(list, "none") != 0) {
            char *copy = arena_strdup(&ctx->arena, list);
            for (char *tok = copy; tok && *tok;) {
                char *comma = strchr(tok, ',');
                if (comma)
                    *comma = '\0';
                long long v;
                if (str_to_int(tok, 1, (long long)t.n_agenda, &v) != 0)
                    return err_set(&ctx->err, ERR_USAGE,
                                   "--checklist takes the numbers of the items done (1 to %zu), "
                                   "all or none (see `meso template show %s`)",
                                   t.n_agenda, t.key);
                done[v - 1] = true;
                tok = comma ? comma + 1 : NULL;
            }
        }
        r.done = done;
        r.n_done = t.n_agenda;
    }
    struct audit_entry who = cli_who(ctx);
    if ((rc = programme_session_record(ctx->db, &ctx->arena, p.id, s.id, &r, &who, &ctx->err)))
        return rc;
    if ((rc = programme_session_get(ctx->db, &ctx->arena, p.id, s.id, &s, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Session %s of %s on %s: %s", cmd_prog_session_label(ctx, &s), p.name, s.date,
            session_status_names[s.status]);
    if (s.status == SESSION_HELD) {
        int came = 0;
        for (size_t k = 0; k < s.n_attendance; k++)
            came += programme_counts(t.counts_when, s.attendance[k].child, s.attendance[k].parent);
        fprintf(ctx->out, "; %d of %d %s came", came, p.pupils_consented, progtemplate_people(&t));
        double fid = programme_session_fidelity(&s, t.n_agenda);
        if (fid >= 0)
            fprintf(ctx->out, "; checklist %.0f%%", 100 * fid);
    }
    fprintf(ctx->out, ".\n");
    return 0;
}

int programme_followon_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    char date[11];
    if (rc || (rc = cli_date(ctx, a, "--date", date)))
        return rc;
    int64_t sid;
    struct audit_entry who = cli_who(ctx);
    if ((rc = programme_followon_add(ctx->db, p.id, date, cli_opt(a, "--notes"), &who, &sid,
                                     &ctx->err)))
        return rc;
    struct prog_session s;
    if ((rc = programme_session_get(ctx->db, &ctx->arena, p.id, sid, &s, &ctx->err)))
        return rc;
    fprintf(ctx->out,
            "Logged follow-on meeting %d on %s. Record who came with `meso programme session "
            "%lld followon-%d --attended UPNS`.\n",
            s.seq, s.date, (long long)p.id, s.seq);
    cli_date_note(ctx, school.id, s.date);
    return 0;
}
