#include "cli/cmd_import.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "model/register/import.h"

static int run(struct cli_ctx *ctx, const struct cli_args *a, enum import_kind kind)
{
    if (cli_flag(a, "--columns")) {
        fprintf(ctx->out, "Columns meso reads from a %s file (case and spaces do not matter):\n",
                kind == IMPORT_PUPILS ? "pupils" : "carers");
        import_columns_help(kind, ctx->out);
        return 0;
    }
    if (a->n_pos != 1)
        return err_set(&ctx->err, ERR_USAGE, "give the CSV file to import");
    /* Check the file before creating a database for it. */
    if (access(a->pos[0], R_OK) != 0)
        return err_set(&ctx->err, ERR_INPUT, "%s: cannot open: %s", a->pos[0], strerror(errno));
    int rc = cli_open_db(ctx, kind == IMPORT_PUPILS);
    if (rc)
        return rc;
    struct import_options o = {
        .kind = kind,
        .file = a->pos[0],
        .school_urn = cli_opt(a, "--school"),
        .skip_invalid = cli_flag(a, "--skip-invalid"),
        .dry_run = cli_flag(a, "--dry-run"),
        .actor = ctx->actor,
    };
    struct import_summary s;
    rc = import_run(ctx->db, &ctx->arena, &o, ctx->msg, &s, &ctx->err);
    if (rc)
        return rc;
    if (s.made_placeholder_school)
        fprintf(ctx->msg,
                "meso: there was no school yet, so the rows went to a placeholder school (%s).\n"
                "meso: give it its details with `meso school add --urn URN --name NAME`.\n",
                s.school_urn);
    fprintf(ctx->out, "%s%s: %ld row%s", o.dry_run ? "Checked (nothing written) " : "", o.file,
            s.rows, s.rows == 1 ? "" : "s");
    if (kind == IMPORT_PUPILS)
        fprintf(ctx->out, ": pupils %ld added, %ld updated, %ld unchanged", s.added, s.updated,
                s.unchanged);
    if (kind == IMPORT_CARERS || s.contacts)
        fprintf(ctx->out,
                "%scarers %ld added, %ld updated, %ld unchanged; links to pupils %ld added, %ld "
                "updated, %ld unchanged",
                kind == IMPORT_CARERS ? ": " : "; ", s.carers_added, s.carers_updated,
                s.carers_unchanged, s.links_added, s.links_updated, s.links_unchanged);
    if (s.classes_added)
        fprintf(ctx->out, "; %ld new class%s", s.classes_added, s.classes_added == 1 ? "" : "es");
    if (s.key_teachers_followed)
        fprintf(ctx->out, "; %d pupil%s given their class's key teacher", s.key_teachers_followed,
                s.key_teachers_followed == 1 ? "" : "s");
    if (s.skipped)
        fprintf(ctx->out, "; %ld invalid row%s skipped", s.skipped, s.skipped == 1 ? "" : "s");
    fprintf(ctx->out, " (school %s %s)\n", s.school_urn ? s.school_urn : "-",
            s.school_name ? s.school_name : "");
    return 0;
}

int import_pupils_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return run(ctx, a, IMPORT_PUPILS);
}

int import_carers_cmd(struct cli_ctx *ctx, const struct cli_args *a)
{
    return run(ctx, a, IMPORT_CARERS);
}
