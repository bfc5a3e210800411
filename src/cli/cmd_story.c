#include "cli/cmd_prog.h"

/* cmd_story.c - `meso story add|list|booklet` and `meso reading add`:
 * Story Links stories and follow-up reading (cli/cmd_prog.h). */

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

/* ---- stories and reading ------------------------------------------------- */

static int read_text_file(struct cli_ctx *ctx, const char *path, const char **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(&ctx->err, ERR_INPUT, "--file: cannot read %s: %s", path, strerror(errno));
    struct buf b;
    buf_init(&b, STORY_UPLOAD_MAX + 1);
    char chunk[4096];
    size_t got;
    int rc = 0;
    while (rc == 0 && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_add(&b, chunk, got);
    fclose(f);
    if (rc == ERR_LIMIT)
        rc = err_set(&ctx->err, ERR_INPUT, "--file: %s is larger than %d KiB", path,
                     STORY_UPLOAD_MAX / 1024);
    else if (rc)
        rc = err_set(&ctx->err, ERR_NOMEM, "out of memory");
    else if ((rc =
                  story_text_from_upload(&ctx->arena, b.data ? b.data : "", b.len, out, &ctx->err)))
        err_wrap(&ctx->err, "--file %s", path);
    buf_release(&b);
    return rc;
}

int story_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    const struct enrolment *en = cmd_prog_the_enrolment(ctx, a, &p);
    if (!en)
        return ctx->err.code;
    enum session_kind kind;
    int seq;
    struct prog_session s;
    if ((rc = cmd_prog_parse_session(ctx, a->pos[1], &kind, &seq)) ||
        (rc = programme_session_find(ctx->db, &ctx->arena, p.id, kind, seq, &s, &ctx->err)))
        return rc;
    struct story st = { .session_id = s.id,
                        .enrolment_id = en->id,
                        .title = cli_opt(a, "--title"),
                        .coauthors = cli_opt(a, "--coauthors"),
                        .body = cli_opt(a, "--text"),
                        .reading_level = cli_opt(a, "--reading-level") };
    const char *file = cli_opt(a, "--file");
    if (!st.title || (!st.body && !file) || (st.body && file))
        return err_set(&ctx->err, ERR_USAGE,
                       "meso story add needs --title and either --text or --file");
    if (file) {
        if ((rc = read_text_file(ctx, file, &st.body)))
            return rc;
        st.uploaded = true;
        const char *slash = strrchr(file, '/');
        st.filename = slash ? slash + 1 : file;
    }
    struct audit_entry who = cli_who(ctx);
    if ((rc = story_save(ctx->db, &st, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Saved \"%s\", %s's story from session %s.\n", st.title, en->forename,
            cmd_prog_session_label(ctx, &s));
    return 0;
}

int story_list_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    const struct enrolment *en = cmd_prog_the_enrolment(ctx, a, &p);
    if (!en)
        return ctx->err.code;
    struct story *ss;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = story_list_for_enrolment(ctx->db, &ctx->arena, en->id, &who, &ss, &n, &ctx->err)))
        return rc;
    if (cli_flag(a, "--json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n && arr; i++)
            if (json_array_append_new(arr, repr_story(&ss[i]))) {
                json_decref(arr);
                arr = NULL;
            }
        return cli_print_json(
            ctx, arr ? json_pack("{s:s, s:i, s:o}", "upn", en->upn, "count", (int)n, "stories", arr)
                     : NULL);
    }
    fprintf(ctx->out, "%s's stories (%zu):\n", en->forename, n);
    for (size_t i = 0; i < n; i++)
        fprintf(ctx->out, "  session %d, %s: %s%s%s\n", ss[i].session_seq, ss[i].session_date,
                ss[i].title, ss[i].coauthors ? ", by " : "",
                ss[i].coauthors ? ss[i].coauthors : "");
    return 0;
}

int story_booklet_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    const char *out = cli_opt(a, "--out");
    if (!out)
        return err_set(&ctx->err, ERR_USAGE, "meso story booklet needs --out FILE.pdf");
    const struct enrolment *en = cmd_prog_the_enrolment(ctx, a, &p);
    if (!en)
        return ctx->err.code;
    struct story *ss;
    size_t n;
    struct audit_entry who = cli_who(ctx);
    if ((rc = story_list_for_enrolment(ctx->db, &ctx->arena, en->id, &who, &ss, &n, &ctx->err)))
        return rc;
    struct buf b;
    buf_init(&b, PDF_MAX);
    rc = progdocs_booklet(&b, &ctx->arena, NULL, school.name, en->forename, ss, n, &ctx->err);
    if (rc == 0)
        rc = cmd_prog_write_out(ctx, out, &b);
    buf_release(&b);
    if (rc == 0 && strcmp(out, "-"))
        fprintf(ctx->msg, "Wrote %s's booklet of %zu %s to %s.\n", en->forename, n,
                n == 1 ? "story" : "stories", out);
    return rc;
}

int reading_add_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    struct school school;
    struct provision p;
    int rc = cmd_prog_cohort(ctx, a, &school, &p);
    if (rc)
        return rc;
    const struct enrolment *en = cmd_prog_the_enrolment(ctx, a, &p);
    if (!en)
        return ctx->err.code;
    struct reading_session r = { .enrolment_id = en->id,
                                 .minutes = 20,
                                 .notes = cli_opt(a, "--notes") };
    long long minutes = 20;
    if ((rc = cli_date(ctx, a, "--date", r.read_on)) ||
        (rc = cli_opt_int(ctx, a, "--minutes", 1, 240, &minutes)))
        return rc;
    r.minutes = (int)minutes;
    const char *email = cli_opt(a, "--staff");
    if (email && (rc = cli_staff_id(ctx, school.id, email, "--staff", &r.staff_id)))
        return rc;
    struct audit_entry who = cli_who(ctx);
    if ((rc = reading_add(ctx->db, &r, &who, &ctx->err)))
        return rc;
    fprintf(ctx->out, "Logged %d minutes' reading with %s on %s.\n", r.minutes, en->forename,
            r.read_on);
    cli_date_note(ctx, school.id, r.read_on);
    return 0;
}
