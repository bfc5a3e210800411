#include "cli/cmd_conv.h"

#include <jansson.h>
#include <string.h>

#include "view/repr.h"
#include "view/repr_conv.h"
#include "cli/cmd_school.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/carer.h"
#include "model/conversations/contact.h"
#include "model/conversations/conversation.h"
#include "model/conversations/convform.h"
#include "model/conversations/convreport.h"
#include "model/conversations/fidelity.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/conversations/scope.h"
#include "model/register/staff.h"

struct audit_entry cli_who(const struct cli_ctx *ctx)
{
    return (struct audit_entry){ .actor = ctx->actor };
}

int cli_pupil(struct cli_ctx *ctx, const struct cli_args *a, const char *upn, struct school *school,
              struct pupil *p)
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

int cli_staff_id(struct cli_ctx *ctx, int64_t school_id, const char *email, const char *option,
                 int64_t *out)
{
    struct staff s;
    int rc = staff_by_email(ctx->db, &ctx->arena, email, &s, &ctx->err);
    if (rc == ERR_NOTFOUND || (rc == 0 && s.school_id != school_id))
        return err_set(&ctx->err, ERR_INPUT,
                       "%s: no member of staff at this school has the email %s (see `meso staff "
                       "list`)",
                       option, email);
    if (rc)
        return rc;
    *out = s.id;
    return 0;
}

int cli_id(struct cli_ctx *ctx, const char *s, const char *what, int64_t *out)
{
    long long v;
    if (str_to_int(s, 1, INT64_MAX, &v) != 0)
        return err_set(&ctx->err, ERR_USAGE, "'%s' is not a %s number", s, what);
    *out = v;
    return 0;
}

int cli_ids(struct cli_ctx *ctx, const char *s, const char *option, int64_t **out, size_t *n)
{
    struct convform_field f = { .key = "carers", .value = s, .place = option };
    struct conversation c = { 0 };
    struct convform_extra x = { 0 };
    enum conv_stage order[STAGE_N];
    size_t n_order = 0;
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    int rc = convform_apply(&ctx->arena, &f, 1, &c, &x, order, &n_order, &pr);
    if (rc)
        return err_set(&ctx->err, rc, "out of memory");
    if (pr.n)
        return err_set(&ctx->err, ERR_USAGE, "%s: '%s' is not a list of numbers (like 12, 13)",
                       option, s);
    *out = x.came;
    *n = x.n_came;
    return 0;
}

int cli_date_opt(struct cli_ctx *ctx, const struct cli_args *a, const char *option, char out[11])
{
    const char *v = cli_opt(a, option);
    out[0] = '\0';
    if (!v)
        return 0;
    char why[128];
    if (pupil_parse_date(v, out, why, sizeof why) != 0 || !out[0])
        return err_set(&ctx->err, ERR_USAGE, "%s: '%s' is not a date (YYYY-MM-DD)", option, v);
    return 0;
}

int cli_date(struct cli_ctx *ctx, const struct cli_args *a, const char *option, char out[11])
{
    if (!cli_opt(a, option)) {
        date_iso(date_today(), out);
        return 0;
    }
    return cli_date_opt(ctx, a, option, out);
}

int cli_year(struct cli_ctx *ctx, const struct cli_args *a, int *year)
{
    const char *v = cli_opt(a, "--year");
    if (!v) {
        *year = schoolyear_of(date_today());
        return 0;
    }
    if (schoolyear_parse_year(v, year) != 0)
        return err_set(&ctx->err, ERR_USAGE,
                       "--year takes the year the school year starts in, like 2024 or 2024-25");
    return 0;
}

/* Options of `conversation add|update` that are fields of the form. */
static const struct {
    const char *option, *key;
} form_opts[] = {
    { "--date", "date" },
    { "--status", "status" },
    { "--way", "way" },
    { "--did-not-come", "did not come" },
    { "--family-views-note", "family views note" },
    { "--teacher", "teacher" },
    { "--carers", "carers" },
    { "--invited", "invited" },
    { "--pupil-present", "pupil present" },
    { "--others", "others" },
    { "--going-well", "going well" },
    { "--concerns", "concerns" },
    { "--hopes", "hopes" },
    { "--priorities", "priorities" },
    { "--focus", "focus" },
    { "--agreed-together", "agreed together" },
    { "--target", "target" },
    { "--summary", "summary" },
    { "--next-steps", "next steps" },
    { "--next-meeting", "next meeting" },
    { "--keep-in-touch", "keep in touch" },
    { "--pupil-views", "pupil views" },
    { "--views-not-sought", "views not sought" },
    { "--shared-on", "shared on" },
    { "--shared-how", "shared how" },
};

/* The option a record field is given with, for messages. */
static const char *option_for(const char *field)
{
    static const struct {
        const char *field, *option;
    } map[] = {
        { "event_date", "--date" },
        { "status", "--status" },
        { "way", "--way" },
        { "family_views", "--family-views-note" },
        { "carers", "--carers" },
        { "others", "--others" },
        { "going_well", "--going-well" },
        { "concerns", "--concerns" },
        { "hopes", "--hopes" },
        { "priorities", "--priorities" },
        { "focus_area", "--focus" },
        { "target", "--target" },
        { "summary", "--summary" },
        { "next_steps", "--next-steps" },
        { "next_meeting", "--next-meeting" },
        { "keep_in_touch", "--keep-in-touch" },
        { "pupil_views", "--pupil-views" },
        { "views_not_sought", "--views-not-sought" },
        { "shared_on", "--shared-on" },
        { "shared_how", "--shared-how" },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (field && !strcmp(field, map[i].field))
            return map[i].option;
    return field;
}

static int report_problems(struct cli_ctx *ctx, const struct problems *pr)
{
    for (size_t i = 0; i < pr->n; i++) {
        const struct problem *it = &pr->items[i];
        if (it->line > 0)
            fprintf(ctx->msg, "stdin:%ld: %s: %s\n", it->line, it->field, it->msg);
        else
            fprintf(ctx->msg, "%s: %s\n", option_for(it->field), it->msg);
    }
    return err_set(&ctx->err, ERR_INPUT, "nothing was saved");
}

static int read_stdin(struct cli_ctx *ctx, char **text, size_t *len)
{
    struct buf b;
    buf_init(&b, 1 << 20);
    char chunk[4096];
    size_t got;
    int rc = 0;
    while (rc == 0 && (got = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        rc = buf_add(&b, chunk, got);
    if (rc == ERR_LIMIT) {
        buf_release(&b);
        return err_set(&ctx->err, ERR_INPUT, "stdin: the record is longer than 1 MiB");
    }
    if (rc) {
        buf_release(&b);
        return err_set(&ctx->err, rc, "out of memory");
    }
    *len = b.len;
    *text = arena_strndup(&ctx->arena, buf_str(&b), b.len);
    buf_release(&b);
    return *text ? 0 : err_set(&ctx->err, ERR_NOMEM, "out of memory");
}

/* Fill c from --stdin (first) and the options (in the order given). */
static int apply_form(struct cli_ctx *ctx, const struct cli_args *a, struct conversation *c,
                      struct convform_extra *x, enum conv_stage *order, size_t *n_order,
                      struct problems *pr)
{
    struct convform_field *fs = NULL;
    size_t n = 0;
    int rc;
    if (cli_flag(a, "--stdin")) {
        char *text;
        size_t len;
        if ((rc = read_stdin(ctx, &text, &len)))
            return rc;
        if (!str_utf8_valid(text, len))
            return err_set(&ctx->err, ERR_INPUT, "stdin: the record is not UTF-8 text");
        if ((rc = convform_parse(&ctx->arena, text, len, &fs, &n, pr)))
            return err_set(&ctx->err, rc, "out of memory");
        if ((rc = convform_apply(&ctx->arena, fs, n, c, x, order, n_order, pr)))
            return err_set(&ctx->err, rc, "out of memory");
    }
    struct convform_field *opt = arena_array(&ctx->arena, (size_t)a->n_opts + 1, sizeof *opt);
    if (!opt)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    n = 0;
    for (int i = 0; i < a->n_opts; i++)
        for (size_t k = 0; k < sizeof form_opts / sizeof form_opts[0]; k++)
            if (!strcmp(a->opt_names[i], form_opts[k].option))
                opt[n++] = (struct convform_field){ .key = form_opts[k].key,
                                                    .value = a->opt_values[i],
                                                    .place = form_opts[k].option };
    if ((rc = convform_apply(&ctx->arena, opt, n, c, x, order, n_order, pr)))
        return err_set(&ctx->err, rc, "out of memory");
    return 0;
}

/* Set the carers from what the form said: those who came (attended and
 * invited) and those invited who did not come. */
static int set_carers(struct cli_ctx *ctx, struct conversation *c, const struct convform_extra *x)
{
    size_t n = x->n_came + x->n_invited;
    c->carers = arena_array(&ctx->arena, n + 1, sizeof *c->carers);
    if (!c->carers)
        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
    c->n_carers = 0;
    /* Nobody has come to a conversation that is only planned yet. */
    bool held = strcmp(c->status, "planned") != 0;
    for (size_t i = 0; i < x->n_came; i++)
        c->carers[c->n_carers++] =
            (struct conv_carer){ .carer_id = x->came[i], .invited = true, .attended = held };
    for (size_t i = 0; i < x->n_invited; i++)
        c->carers[c->n_carers++] =
            (struct conv_carer){ .carer_id = x->invited[i], .invited = true, .attended = false };
    return 0;
}

static void print_next_steps(struct cli_ctx *ctx, const struct conversation *c)
{
    struct fidelity f;
    fidelity_check(c, &f);
    if (c->did_not_come) {
        fprintf(ctx->out, "  The family did not come. %s\n", CONV_TRY_AGAIN);
        return;
    }
    fprintf(ctx->out, "  Fidelity to the four stages: %d of %d (%.2f)\n", f.n_met, FID_N, f.score);
    if (!strcmp(c->status, "planned"))
        return;
    if (strcmp(c->status, "complete") != 0) {
        struct problems pr;
        problems_init(&pr, &ctx->arena);
        conversation_minimum(c, &pr);
        for (size_t i = 0; i < pr.n; i++)
            fprintf(ctx->out, "  Before it can be complete: %s.\n", pr.items[i].msg);
    }
    for (int i = 0; i < FID_N; i++)
        if (!f.met[i])
            fprintf(ctx->out, "  To complete the record: %s.\n", fidelity_items[i].todo);
}

int conversation_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p;
    int rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    if (rc)
        return rc;
    /* No status given: complete when the record has what a complete one
     * needs, else a draft (planned when the family did not come). */
    struct conversation c = { .pupil_id = p.id, .school_id = school.id, .status = NULL };
    date_iso(date_today(), c.event_date);
    struct convform_extra x = { 0 };
    enum conv_stage order[STAGE_N];
    size_t n_order = 0;
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    if ((rc = apply_form(ctx, a, &c, &x, order, &n_order, &pr)))
        return rc;
    if (x.teacher_email) {
        if ((rc = cli_staff_id(ctx, school.id, x.teacher_email, "--teacher", &c.staff_id)))
            return rc;
    } else if ((rc = scope_key_teacher(ctx->db, p.id, &c.staff_id, &ctx->err))) {
        return rc;
    }
    if (!x.came_given) {
        /* By default, the pupil's first contact came. */
        struct pupil_carer *pcs;
        size_t n_pcs;
        if ((rc = carer_list_for_pupil(ctx->db, &ctx->arena, p.id, &pcs, &n_pcs, &ctx->err)))
            return rc;
        if (n_pcs) {
            x.came = &pcs[0].carer.id;
            x.n_came = 1;
        }
    }
    bool chosen = c.status != NULL;
    if (c.did_not_come && !x.came_given) {
        /* Invited, and did not come. */
        x.invited = x.came;
        x.n_invited = x.n_came;
        x.came = NULL;
        x.n_came = 0;
    }
    if (!chosen)
        c.status = c.did_not_come ? "planned" : "complete";
    if ((rc = set_carers(ctx, &c, &x)))
        return rc;
    if (!chosen && !c.did_not_come) {
        struct problems short_of;
        problems_init(&short_of, &ctx->arena);
        conversation_minimum(&c, &short_of);
        if (short_of.n)
            c.status = "draft";
    }
    if ((rc = conversation_validate(ctx->db, &c, &pr, &ctx->err)))
        return rc;
    if (pr.n)
        return report_problems(ctx, &pr);
    struct audit_entry who = cli_who(ctx);
    if ((rc = conversation_create(ctx->db, &c, order, n_order, &who, &ctx->err)))
        return rc;
    struct conversation saved;
    if ((rc = conversation_get(ctx->db, &ctx->arena, c.school_id, c.id, &who, &saved, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Recorded conversation %lld with %s's family on %s (%s).\n", (long long)c.id,
            pupil_display_name(&ctx->arena, &p), c.event_date, c.status);
    cli_date_note(ctx, p.school_id, c.event_date);
    if (saved.n_views)
        fprintf(ctx->out, "  It opens with %zu set%s of views the family shared beforehand.\n",
                saved.n_views, saved.n_views == 1 ? "" : "s");
    if (!saved.n_carers)
        fprintf(ctx->out, "  No parent or carer is recorded for it yet (--carers).\n");
    print_next_steps(ctx, &saved);
    return 0;
}

/* A conversation named on the command line, read at its own school (the
 * command line is not one school's; conversation_get asks for the school). */
static int conv_at_its_school(struct cli_ctx *ctx, int64_t id, const struct audit_entry *who,
                              struct conversation *c)
{
    struct conv_ref ref;
    int rc = conversation_ref(ctx->db, id, &ref, &ctx->err);
    return rc ? rc : conversation_get(ctx->db, &ctx->arena, ref.school_id, id, who, c, &ctx->err);
}

int conversation_update_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    int64_t id = 0;
    int rc = cli_id(ctx, a->pos[0], "conversation", &id);
    if (rc)
        return rc;
    struct audit_entry who = cli_who(ctx);
    struct conversation c;
    if ((rc = conv_at_its_school(ctx, id, &who, &c)))
        return rc;
    struct convform_extra x = { 0 };
    enum conv_stage order[STAGE_N];
    size_t n_order = 0;
    struct problems pr;
    problems_init(&pr, &ctx->arena);
    if ((rc = apply_form(ctx, a, &c, &x, order, &n_order, &pr)))
        return rc;
    if (x.teacher_email &&
        (rc = cli_staff_id(ctx, c.school_id, x.teacher_email, "--teacher", &c.staff_id)))
        return rc;
    if (x.came_given || x.invited_given) {
        if (!x.came_given)
            for (size_t i = 0; i < c.n_carers; i++)
                if (c.carers[i].attended) {
                    int64_t *slot = arena_alloc(&ctx->arena, sizeof *slot * (x.n_came + 1));
                    if (!slot)
                        return err_set(&ctx->err, ERR_NOMEM, "out of memory");
                    if (x.n_came)
                        memcpy(slot, x.came, sizeof *slot * x.n_came);
                    slot[x.n_came++] = c.carers[i].carer_id;
                    x.came = slot;
                }
        if ((rc = set_carers(ctx, &c, &x)))
            return rc;
    }
    if ((rc = conversation_validate(ctx->db, &c, &pr, &ctx->err)))
        return rc;
    if (pr.n)
        return report_problems(ctx, &pr);
    if ((rc = conversation_update(ctx->db, &c, order, n_order, &who, &ctx->err)))
        return rc;
    struct conversation saved;
    if ((rc = conversation_get(ctx->db, &ctx->arena, c.school_id, c.id, &who, &saved, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Saved conversation %lld (%s).\n", (long long)c.id, saved.status);
    print_next_steps(ctx, &saved);
    return 0;
}

static json_t *conv_json(struct cli_ctx *ctx, const struct conversation *c)
{
    json_t *o = repr_conversation(c);
    struct pupil p;
    struct err e;
    if (o && pupil_by_id(ctx->db, &ctx->arena, c->school_id, c->pupil_id, &p, &e) == 0) {
        json_object_set_new(o, "upn", json_string(p.upn));
        json_object_set_new(o, "pupil", json_string(pupil_display_name(&ctx->arena, &p)));
    }
    return o;
}

int conversation_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct pupil p = { 0 };
    int rc;
    if (a->n_pos)
        rc = cli_pupil(ctx, a, a->pos[0], &school, &p);
    else
        rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct conv_filter f = { .school_id = school.id, .pupil_id = p.id };
    const char *v;
    if ((v = cli_opt(a, "--teacher")) &&
        (rc = cli_staff_id(ctx, school.id, v, "--teacher", &f.staff_id)))
        return rc;
    if (cli_opt(a, "--year") && (rc = cli_year(ctx, a, &f.year)))
        return rc;
    if ((v = cli_opt(a, "--status")) && conversation_parse_status(v, &f.status) != 0)
        return err_set(&ctx->err, ERR_USAGE, "--status takes planned, draft or complete");
    struct conversation *cs;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = conversation_list(ctx->db, &ctx->arena, &f, &who, &cs, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < n && list; i++)
            if (json_array_append_new(list, conv_json(ctx, &cs[i]))) {
                json_decref(list);
                return err_set(&ctx->err, ERR_NOMEM, "out of memory");
            }
        return cli_print_json(ctx, json_pack("{s:s, s:I, s:o}", "school", school.urn, "count",
                                             (json_int_t)n, "conversations", list));
    }
    fprintf(ctx->out, "%-5s %-10s %-9s %-26s %-22s %-8s %s\n", "ID", "Date", "Status", "Pupil",
            "Key teacher", "Shared", "Fidelity");
    for (size_t i = 0; i < n; i++) {
        struct pupil q;
        const char *name = "";
        if (pupil_by_id(ctx->db, &ctx->arena, cs[i].school_id, cs[i].pupil_id, &q, &ctx->err) == 0)
            name = pupil_display_name(&ctx->arena, &q);
        struct fidelity fi;
        fidelity_check(&cs[i], &fi);
        fprintf(ctx->out, "%-5lld %-10s %-9s %-26.26s %-22.22s %-8s %d of %d\n",
                (long long)cs[i].id, cs[i].event_date, cs[i].status, name,
                cs[i].staff_name ? cs[i].staff_name : "-",
                cs[i].shared_on[0] ? cs[i].shared_on : "not yet", fi.n_met, FID_N);
    }
    fprintf(ctx->out, "%zu conversation%s\n", n, n == 1 ? "" : "s");
    return 0;
}

void cli_text_field(FILE *out, const char *label, const char *v)
{
    if (str_blank(v))
        return;
    fprintf(out, "  %-16s ", label);
    for (const char *s = v; *s; s++) {
        fputc(*s, out);
        if (*s == '\n')
            fprintf(out, "  %-16s ", "");
    }
    fputc('\n', out);
}

static void stage_heading(FILE *out, const struct conversation *c, enum conv_stage s,
                          const char *title)
{
    fprintf(out, "\n%s", title);
    if (c->stage_seq[s])
        fprintf(out, " (recorded %d%s, %s)", c->stage_seq[s],
                c->stage_seq[s] == 1   ? "st"
                : c->stage_seq[s] == 2 ? "nd"
                : c->stage_seq[s] == 3 ? "rd"
                                       : "th",
                c->stage_saved_at[s] ? c->stage_saved_at[s] : "");
    else if (!conversation_stage_recorded(c, s))
        fprintf(out, " (not recorded yet)");
    fputc('\n', out);
}

int conversation_show_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    int64_t id = 0;
    int rc = cli_id(ctx, a->pos[0], "conversation", &id);
    if (rc)
        return rc;
    struct audit_entry who = cli_who(ctx);
    struct conversation c;
    if ((rc = conv_at_its_school(ctx, id, &who, &c)))
        return rc;
    if (cli_flag(a, "--json"))
        return cli_print_json(ctx, conv_json(ctx, &c));
    struct pupil p;
    if ((rc = pupil_by_id(ctx->db, &ctx->arena, c.school_id, c.pupil_id, &p, &ctx->err)))
        return rc;
    FILE *out = ctx->out;
    fprintf(out, "Conversation %lld with %s's family, %s (%s)\n", (long long)c.id,
            pupil_display_name(&ctx->arena, &p), c.event_date, c.status);
    fprintf(out, "  Key teacher      %s\n", c.staff_name ? c.staff_name : "not recorded");
    if (c.did_not_come)
        fprintf(out, "  %-16s %s\n", "Held", "no: the family did not come");
    else
        fprintf(out, "  %-16s %s%s%s\n", "Held",
                conversation_held(&c) ? "yes" : "not yet (complete, with a carer who took part)",
                c.way ? ", " : "", c.way ? c.way : "");
    for (size_t i = 0; i < c.n_carers; i++)
        fprintf(out, "  %-16s %s (%s, carer %lld)\n", c.carers[i].attended ? "Came" : "Invited",
                c.carers[i].name ? c.carers[i].name : "",
                c.carers[i].relationship ? c.carers[i].relationship : "carer",
                (long long)c.carers[i].carer_id);
    fprintf(out, "  %-16s %s\n", "The pupil", c.pupil_present ? "took part" : "was not there");
    cli_text_field(out, "Also there", c.others);
    if (c.n_views) {
        fprintf(out, "\nThe family's views beforehand\n");
        for (size_t i = 0; i < c.n_views; i++) {
            fprintf(out, "  From %s, %s\n", c.views[i].carer_name ? c.views[i].carer_name : "",
                    c.views[i].given_on);
            cli_text_field(out, "Going well", c.views[i].going_well);
            cli_text_field(out, "Worries", c.views[i].worries);
            cli_text_field(out, "To talk about", c.views[i].to_talk_about);
        }
    }
    stage_heading(out, &c, STAGE_EXPLORE, "Explore: the parent's account");
    cli_text_field(out, "Going well", c.going_well);
    cli_text_field(out, "Concerns", c.concerns);
    cli_text_field(out, "Hopes", c.hopes);
    cli_text_field(out, "Views not here", c.family_views_note);
    stage_heading(out, &c, STAGE_FOCUS, "Focus");
    cli_text_field(out, "Priorities", c.priorities);
    cli_text_field(out, "Area of focus", c.focus_area);
    if (!str_blank(c.focus_area))
        fprintf(out, "  %-16s %s\n", "Agreed together", c.agreed_together ? "yes" : "not yet");
    stage_heading(out, &c, STAGE_PLAN, "Plan: targets");
    for (size_t i = 0; i < c.n_targets; i++) {
        const struct target *t = &c.targets[i];
        fprintf(out, "  %lld. %s\n     who: %s; how we will know: %s; review by %s; now %s\n",
                (long long)t->id, t->what, t->owner, t->how_we_know ? t->how_we_know : "-",
                t->review_date[0] ? t->review_date : "-", t->status);
    }
    stage_heading(out, &c, STAGE_REVIEW, "Review");
    cli_text_field(out, "Summary", c.summary);
    cli_text_field(out, "Next steps", c.next_steps);
    cli_text_field(out, "Next meeting", c.next_meeting);
    cli_text_field(out, "Keeping in touch", c.keep_in_touch);
    fprintf(out, "\nThe pupil's views\n");
    if (!str_blank(c.pupil_views))
        cli_text_field(out, "Views", c.pupil_views);
    else if (!str_blank(c.views_not_sought))
        cli_text_field(out, "Not sought", c.views_not_sought);
    else
        fprintf(out, "  not recorded yet\n");
    fprintf(out, "\nShared with the family: %s%s%s%s\n", c.shared_on[0] ? c.shared_on : "not yet",
            c.shared_how ? " (" : "", c.shared_how ? c.shared_how : "", c.shared_how ? ")" : "");
    struct fidelity f;
    fidelity_check(&c, &f);
    fprintf(out, "\nFidelity: %d of %d (%.2f)\n", f.n_met, FID_N, f.score);
    for (int i = 0; i < FID_N; i++)
        fprintf(out, "  [%c] %s\n", f.met[i] ? 'x' : ' ', fidelity_items[i].label);
    return 0;
}

int conversation_share_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    int64_t id = 0;
    char on[11];
    int rc = cli_id(ctx, a->pos[0], "conversation", &id);
    if (rc || (rc = cli_date(ctx, a, "--date", on)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = conversation_share(ctx->db, id, on, cli_opt(a, "--how"), &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Conversation %lld: the record was shared with the family on %s.\n",
            (long long)id, on);
    return 0;
}

static void print_prompts(struct cli_ctx *ctx, const struct family_prompt *ps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < ps[i].n_messages; k++)
            fprintf(ctx->out, "  %s\n", ps[i].messages[k]);
}

int conversation_due_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    int rc = cli_school(ctx, a, &school);
    if (rc)
        return rc;
    struct audit_entry who = cli_who(ctx);
    struct date today = date_today();
    const char *email = cli_opt(a, "--teacher");
    bool json = cli_flag(a, "--json");
    if (!email) {
        struct lead_dashboard d;
        if ((rc = convreport_lead(ctx->db, &ctx->arena, school.id, today, &who, &d, &ctx->err)))
            return rc;
        if (json) {
            json_t *prompts = json_array();
            for (size_t i = 0; i < d.n_prompts && prompts; i++)
                json_array_append_new(prompts, repr_family_prompt(&d.prompts[i]));
            return cli_print_json(ctx, json_pack("{s:i, s:i, s:i, s:o, s:o}", "due_this_term",
                                                 d.due_this_term, "overdue", d.overdue,
                                                 "not_shared", d.not_shared, "figures",
                                                 repr_figures(&d.report.all), "prompts", prompts));
        }
        fprintf(ctx->out,
                "Across the school: %d conversation%s due this term, %d overdue, %d record%s "
                "not yet shared with the family.\n",
                d.due_this_term, d.due_this_term == 1 ? "" : "s", d.overdue, d.not_shared,
                d.not_shared == 1 ? "" : "s");
        print_prompts(ctx, d.prompts, d.n_prompts);
        return 0;
    }
    int64_t staff_id;
    if ((rc = cli_staff_id(ctx, school.id, email, "--teacher", &staff_id)))
        return rc;
    struct teacher_dashboard d;
    if ((rc = convreport_teacher(ctx->db, &ctx->arena, school.id, staff_id, today, &who, &d,
                                 &ctx->err)))
        return rc;
    if (json) {
        json_t *pupils = json_array(), *ns = json_array(), *dr = json_array(),
               *prompts = json_array();
        for (size_t i = 0; i < d.n_pupils && pupils; i++)
            json_array_append_new(pupils, repr_scope_entry(&d.pupils[i]));
        for (size_t i = 0; i < d.n_not_shared && ns; i++)
            json_array_append_new(ns, json_integer(d.not_shared[i].id));
        for (size_t i = 0; i < d.n_drafts && dr; i++)
            json_array_append_new(dr, json_integer(d.drafts[i].id));
        for (size_t i = 0; i < d.n_prompts && prompts; i++)
            json_array_append_new(prompts, repr_family_prompt(&d.prompts[i]));
        return cli_print_json(
            ctx, json_pack("{s:i, s:o, s:i, s:i, s:o, s:o, s:o, s:o, s:o}", "year", d.year, "term",
                           repr_term(&d.term), "due_this_term", d.due_this_term, "overdue",
                           d.overdue, "not_shared", ns, "drafts", dr, "pupils", pupils, "prompts",
                           prompts, "figures", repr_figures(&d.figures)));
    }
    fprintf(ctx->out,
            "%s term: %d conversation%s due, %d overdue; %zu record%s not yet shared, "
            "%zu draft%s.\n",
            term_names[d.term.name], d.due_this_term, d.due_this_term == 1 ? "" : "s", d.overdue,
            d.n_not_shared, d.n_not_shared == 1 ? "" : "s", d.n_drafts, d.n_drafts == 1 ? "" : "s");
    for (size_t i = 0; i < d.n_pupils; i++) {
        const struct scope_entry *s = &d.pupils[i];
        if (!s->due && !s->overdue)
            continue;
        fprintf(ctx->out, "  %-13s %-26s %d of %zu held%s%s%s%s\n", s->upn, s->name, s->held,
                s->n_slots, s->overdue ? "; overdue" : "; due this term",
                s->next_date[0] ? "; arranged for " : "", s->next_date, "");
    }
    for (size_t i = 0; i < d.n_not_shared; i++)
        fprintf(ctx->out, "  Share the record of conversation %lld (%s) with the family.\n",
                (long long)d.not_shared[i].id, d.not_shared[i].event_date);
    print_prompts(ctx, d.prompts, d.n_prompts);
    return 0;
}
