#include "pages/register/imports.h"

#include <string.h>

#include "core/problems.h"
#include "core/str.h"
#include "html/form.h"
#include "model/register/audit.h"
#include "model/register/import.h"
#include "model/register/importupload.h"
#include "pages/common.h"

/* How many rows of each kind the preview lists by name. */
#define LIST_MAX 200

static const struct option kind_opts[] = {
    { "pupils", "Pupils, with their parents and carers",
      "The pupil export from your MIS. Carers are read from its contact columns (Contact 1 "
      "Name, Contact 1 Relationship, ...) if it has them." },
    { "carers", "Parents and carers only",
      "A contacts file (UPN, Contact Surname, Relationship: one row for each carer and child), "
      "or a pupil export whose pupils are already in meso." },
};

static void upload_form(struct request *req, struct html *h, const char *kind, const char *error)
{
    html_raw(h, "<p class=\"govuk-body\">Export the pupils from your school's MIS, such as SIMS, "
                "Arbor or Bromcom, as a CSV file, and upload it here. meso shows you what it will "
                "do before anything is saved.</p>\n");
    html_raw(h,
             "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
             "<span class=\"govuk-details__summary-text\">What the file needs</span></summary>"
             "<div class=\"govuk-details__text\"><p class=\"govuk-body\">One row for each pupil, "
             "with a header row. meso needs the UPN, surname, forename, date of birth and sex. It "
             "also reads the year, the class (Reg, Registration Form), SEN status and needs, free "
             "school meals, EAL, looked after, admission and leaving dates, and each contact's "
             "name, relationship, parental responsibility, email and phones (Contact 1 ..., "
             "Contact 2 ...). Other columns are left alone.</p><p class=\"govuk-body\">Excel's "
             "\"CSV UTF-8\" is best; its ordinary \"CSV\" works too.</p></div></details>\n");
    form_start_multipart(h, "/import", req->csrf);
    struct field fk = { .name = "kind", .label = "What is in the file?", .value = kind };
    form_radios(h, &fk, kind_opts, 2, false);
    html(h,
         "<div class=\"govuk-form-group%s\"><label class=\"govuk-label govuk-label--s\" "
         "for=\"file\">The CSV file</label>",
         error ? " govuk-form-group--error" : "");
    if (error)
        html(h,
             "<p id=\"file-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">Error:</span> %s</p>",
             error);
    html(h,
         "<input class=\"govuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\" "
         "accept=\".csv,text/csv\"%s></div>\n",
         error ? " govuk-file-upload--error" : "", error ? " aria-describedby=\"file-error\"" : "");
    form_button(h, "Upload and check", false);
    form_end(h);
}

int page_import(struct request *req, struct response *res)
{
    struct html h;
    struct page pg = { .title = "Import pupils and carers",
                       .nav = "pupils",
                       .back_href = "/pupils" };
    page_begin(req, res, &h, &pg);
    upload_form(req, &h, "pupils", NULL);
    return page_finish(req, &h);
}

static enum import_kind kind_of(const char *s)
{
    return s && !strcmp(s, "carers") ? IMPORT_CARERS : IMPORT_PUPILS;
}

static int upload_problem(struct request *req, struct response *res, const char *kind,
                          const char *msg)
{
    struct html h;
    struct page pg = { .title = "Import pupils and carers",
                       .nav = "pupils",
                       .back_href = "/pupils" };
    res->status = 422;
    page_begin(req, res, &h, &pg);
    html(&h,
         "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div "
         "role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2><div "
         "class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">"
         "<li><a href=\"#file\">%s</a></li></ul></div></div></div>\n",
         msg);
    upload_form(req, &h, kind, msg);
    return page_finish(req, &h);
}

int page_import_post(struct request *req, struct response *res)
{
    const char *kind = req_text(req, "kind");
    const struct upload *up = req_file(req, "file");
    if (!up || up->len == 0)
        return upload_problem(req, res, kind, "Choose the CSV file to upload");
    int64_t id = 0;
    int rc = importupload_add(req->db, req->who.school_id, req->who.account_id, kind_of(kind),
                              up->filename, up->data, up->len, &id, &req->err);
    if (rc == ERR_INPUT) {
        /* Text in neither encoding: the reader says where. */
        struct import_options o = { .kind = kind_of(kind),
                                    .file =
                                        up->filename && *up->filename ? up->filename : "the file",
                                    .data = up->data,
                                    .len = up->len,
                                    .school_id = req->who.school_id,
                                    .dry_run = true,
                                    .actor = req->who.actor };
        struct import_summary s;
        struct err e2;
        err_clear(&e2);
        const char *why = req->err.msg;
        if (memchr(up->data, '\0', up->len) == NULL && up->len <= IMPORTUPLOAD_MAX_BYTES &&
            import_run(req->db, &req->arena, &o, NULL, &s, &e2) != 0 && e2.msg[0])
            why = e2.msg;
        return upload_problem(req, res, kind, page_sentence(req, why));
    }
    if (rc)
        return rc;
    if ((rc = page_audit(req, "upload", "import_upload", id, 0,
                         arena_sprintf(&req->arena, "%s file uploaded for checking",
                                       import_kind_name(kind_of(kind))))))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/import/%lld", (long long)id));
    return 0;
}

/* ---- the preview ------------------------------------------------------ */

static int load(struct request *req, struct import_upload *u)
{
    return importupload_get(req->db, &req->arena, req->who.school_id, page_id(req, 0), u,
                            &req->err);
}

/* Run the import of an upload: a preview (written, then rolled back) or
 * for real. */
static int run_upload(struct request *req, const struct import_upload *u, bool preview,
                      struct import_summary *s, struct err *e)
{
    struct csvtable_choice *ch;
    size_t n_ch;
    int rc = importupload_choices(req->db, &req->arena, req->who.school_id, u->kind, &ch, &n_ch,
                                  &req->err);
    if (rc)
        return rc;
    struct import_options o = { .kind = u->kind,
                                .file = u->filename,
                                .data = u->content,
                                .len = u->len,
                                .school_id = req->who.school_id,
                                .preview = preview,
                                .choices = ch,
                                .n_choices = n_ch,
                                .actor = req->who.actor,
                                .address = req->client };
    err_clear(e);
    return import_run(req->db, &req->arena, &o, NULL, s, e);
}

static long count_rows(const struct import_summary *s, enum import_row_what w)
{
    long n = 0;
    for (size_t i = 0; i < s->n_row_list; i++)
        n += s->row_list[i].what == w;
    return n;
}

static void problems_box(struct request *req, struct html *h, const struct import_summary *s)
{
    html(h,
         "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\" id=\"problems\">"
         "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">%zu problem%s to put "
         "right</h2><div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">Nothing has "
         "been saved. %s</p><ul class=\"govuk-list meso-import-problems\">\n",
         s->n_problems, s->n_problems == 1 ? "" : "s",
         s->columns_wrong ? "First say which column is which below (or correct the export and "
                            "upload it again); then meso checks the rows."
                          : "Correct them in your MIS or the file, then upload it again.");
    for (size_t i = 0; i < s->n_problems; i++) {
        const struct problem *p = &s->problems[i];
        if (p->line <= 1)
            html(h, "<li>Columns: <strong>%s</strong>: %s</li>\n", p->field ? p->field : "",
                 page_sentence(req, p->msg));
        else
            html(h, "<li>Line %ld%s<strong>%s</strong>: %s</li>\n", p->line, p->field ? ", " : "",
                 p->field ? p->field : "", page_sentence(req, p->msg));
    }
    html_raw(h, "</ul></div></div></div>\n");
}

static void columns_section(struct request *req, struct html *h, const struct import_upload *u,
                            const struct import_summary *s)
{
    html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"columns\">How each column will be read</h2>\n"
                "<dl class=\"govuk-summary-list meso-import-columns\">\n");
    for (size_t i = 0; i < s->n_columns; i++) {
        const struct import_column *c = &s->columns[i];
        html(h,
             "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
             "<dd class=\"govuk-summary-list__value\">%s%s</dd></div>\n",
             *c->header ? c->header : "(no header)",
             c->reads_as  ? c->reads_as
             : c->skipped ? "Not used"
                          : "Not used by meso",
             c->chosen || c->skipped ? " (your school's choice)" : "");
    }
    html_raw(h, "</dl>\n");

    /* Say which column is which: one choice per column of the file. */
    size_t n_spec;
    const struct csvtable_col *spec = import_spec(u->kind, &n_spec);
    struct option *opts = arena_array(&req->arena, n_spec + 2, sizeof *opts);
    if (!opts)
        return;
    opts[0] = (struct option){ "auto", "As meso reads it by its name", NULL };
    opts[1] = (struct option){ "none", "Not used", NULL };
    for (size_t k = 0; k < n_spec; k++)
        opts[k + 2] = (struct option){ spec[k].key, spec[k].names[0], NULL };
    html_raw(
        h, "<details class=\"govuk-details\" id=\"choose-columns\"><summary "
           "class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">Say which "
           "column is which</span></summary><div class=\"govuk-details__text\">\n"
           "<p class=\"govuk-body\">meso remembers your choices for this school's next "
           "upload.</p>\n");
    form_start(h, arena_sprintf(&req->arena, "/import/%lld/columns", (long long)u->id), req->csrf);
    for (size_t i = 0; i < s->n_columns; i++) {
        const struct import_column *c = &s->columns[i];
        if (!*c->header)
            continue;
        const char *value = c->skipped ? "none" : c->chosen && c->column ? c->column : "auto";
        struct field f = {
            .name = arena_sprintf(&req->arena, "col-%zu", i),
            .label = arena_sprintf(&req->arena, "%s", c->header),
            .hint = *c->example ? arena_sprintf(&req->arena, "First row: %.60s", c->example)
                                : "Empty in the first row",
            .value = value,
        };
        form_select(h, &f, opts, n_spec + 2);
    }
    form_button(h, "Use these columns", true);
    form_end(h);
    html_raw(h, "</div></details>\n");
}

/* For each required column the file lacks, ask which of its columns holds
 * it (the quickest fix for an export that names a column its own way). */
static void missing_columns(struct request *req, struct html *h, const struct import_upload *u,
                            const struct import_summary *s)
{
    size_t n_spec;
    const struct csvtable_col *spec = import_spec(u->kind, &n_spec);
    struct option *opts = arena_array(&req->arena, s->n_columns + 1, sizeof *opts);
    if (!opts)
        return;
    size_t k = 0;
    opts[k++] = (struct option){ "", "Choose a column", NULL };
    for (size_t i = 0; i < s->n_columns; i++)
        if (!s->columns[i].reads_as && *s->columns[i].header)
            opts[k++] =
                (struct option){ arena_sprintf(&req->arena, "%zu", i),
                                 *s->columns[i].example
                                     ? arena_sprintf(&req->arena, "%s (first row: %.30s)",
                                                     s->columns[i].header, s->columns[i].example)
                                     : s->columns[i].header,
                                 NULL };
    bool any = false;
    for (size_t c = 0; c < n_spec; c++) {
        if (!spec[c].required)
            continue;
        bool present = false;
        for (size_t i = 0; i < s->n_columns; i++)
            present |= s->columns[i].column && !strcmp(s->columns[i].column, spec[c].key);
        if (present || k < 2)
            continue;
        if (!any)
            form_start(h, arena_sprintf(&req->arena, "/import/%lld/columns", (long long)u->id),
                       req->csrf);
        any = true;
        struct field f = {
            .name = arena_sprintf(&req->arena, "pick-%s", spec[c].key),
            .label = arena_sprintf(&req->arena, "Which column holds the %s?", spec[c].names[0]),
            .hint = "meso remembers your choice for this school's next upload",
        };
        form_select(h, &f, opts, k);
    }
    if (any) {
        form_button(h, "Use this column", false);
        form_end(h);
    }
}

static void row_list(struct html *h, const struct import_summary *s, enum import_row_what w,
                     const char *title, bool pupils)
{
    long n = count_rows(s, w);
    if (!n)
        return;
    html(h,
         "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
         "class=\"govuk-details__summary-text\">%s (%ld)</span></summary><div "
         "class=\"govuk-details__text\"><ul class=\"govuk-list\">\n",
         title, n);
    long shown = 0;
    for (size_t i = 0; i < s->n_row_list && shown < LIST_MAX; i++) {
        const struct import_row *r = &s->row_list[i];
        if (r->what != w)
            continue;
        shown++;
        if (pupils)
            html(h, "<li>Line %ld: %s%s%s</li>\n", r->line, r->name, r->changes ? ": " : "",
                 r->changes ? r->changes : "");
        else
            html(h, "<li>Line %ld: %s (pupil %s)</li>\n", r->line, r->name, r->upn ? r->upn : "");
    }
    if (n > shown)
        html(h, "<li>and %ld more</li>\n", n - shown);
    html_raw(h, "</ul></div></details>\n");
}

static void counts(struct html *h, const struct import_upload *u, const struct import_summary *s)
{
    bool pupils = u->kind == IMPORT_PUPILS;
    html_raw(h, "<ul class=\"govuk-list govuk-list--bullet\" id=\"counts\">\n");
    if (pupils)
        html(h, "<li>%ld pupil%s to add, %ld to change, %ld already up to date</li>\n", s->added,
             s->added == 1 ? "" : "s", s->updated, s->unchanged);
    if (!pupils || s->contacts)
        html(h,
             "<li>%ld parent%s or carer%s to add, %ld to change, %ld already up to date; %ld "
             "link%s to pupils to add</li>\n",
             s->carers_added, s->carers_added == 1 ? "" : "s", s->carers_added == 1 ? "" : "s",
             s->carers_updated, s->carers_unchanged, s->links_added,
             s->links_added == 1 ? "" : "s");
    if (s->classes_added)
        html(h, "<li>%ld new class%s</li>\n", s->classes_added, s->classes_added == 1 ? "" : "es");
    if (s->key_teachers_followed)
        html(h, "<li>%d pupil%s given their class's key teacher</li>\n", s->key_teachers_followed,
             s->key_teachers_followed == 1 ? "" : "s");
    if (s->skipped)
        html(h, "<li>%ld row%s with a problem</li>\n", s->skipped, s->skipped == 1 ? "" : "s");
    html_raw(h, "</ul>\n");
}

static int render_preview(struct request *req, struct response *res, const struct import_upload *u,
                          const struct import_summary *s)
{
    struct html h;
    struct page pg = { .title = "Check the file before importing",
                       .caption = u->filename,
                       .nav = "pupils",
                       .back_href = "/import" };
    page_begin(req, res, &h, &pg);
    if (s->n_problems)
        problems_box(req, &h, s);
    if (s->columns_wrong && s->n_columns)
        missing_columns(req, &h, u, s);
    for (size_t i = 0; i < s->n_notes; i++)
        html(&h, "<div class=\"govuk-inset-text\">%s</div>\n", page_sentence(req, s->notes[i]));
    html(&h, "<p class=\"govuk-body\">%ld row%s read.%s</p>\n", s->rows, s->rows == 1 ? "" : "s",
         s->columns_wrong ? ""
         : s->n_problems  ? " Once the problems are put right, importing will make these changes:"
                          : " Importing will make these changes:");
    if (!s->columns_wrong)
        counts(&h, u, s);
    if (!s->n_problems && s->rows) {
        form_start(&h, arena_sprintf(&req->arena, "/import/%lld/confirm", (long long)u->id),
                   req->csrf);
        form_button(&h, "Import now", false);
        form_end(&h);
    } else {
        html_raw(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/import\">Upload a "
                     "corrected file</a></p>\n");
    }
    bool pupils = u->kind == IMPORT_PUPILS;
    if (!s->columns_wrong) {
        html_raw(&h, "<h2 class=\"govuk-heading-m\">The rows</h2>\n");
        row_list(&h, s, IMPORT_ROW_ADD, pupils ? "Pupils to add" : "Carers to add", pupils);
        row_list(&h, s, IMPORT_ROW_CHANGE,
                 pupils ? "Pupils to change" : "Carers or links to change", pupils);
        row_list(&h, s, IMPORT_ROW_SAME, "Already up to date (left alone)", pupils);
        row_list(&h, s, IMPORT_ROW_SKIP, "Rows with a problem", pupils);
    }
    columns_section(req, &h, u, s);
    return page_finish(req, &h);
}

static int render_done(struct request *req, struct response *res, const struct import_upload *u)
{
    struct html h;
    struct page pg = { .title = "Imported", .caption = u->filename, .nav = "pupils" };
    page_begin(req, res, &h, &pg);
    html(&h,
         "<div class=\"govuk-panel govuk-panel--confirmation\"><div class=\"govuk-panel__body\">"
         "%s</div></div>\n",
         u->summary ? u->summary : "The file was imported.");
    html_raw(&h, "<h2 class=\"govuk-heading-m\">What next</h2><ul class=\"govuk-list\">"
                 "<li><a class=\"govuk-link\" href=\"/pupils\">See the pupils</a></li>"
                 "<li><a class=\"govuk-link\" href=\"/classes\">Choose key teachers for whole "
                 "classes</a></li>"
                 "<li><a class=\"govuk-link\" href=\"/import\">Import another file</a></li>"
                 "</ul>\n");
    return page_finish(req, &h);
}

int page_import_preview(struct request *req, struct response *res)
{
    struct import_upload u;
    int rc = load(req, &u);
    if (rc)
        return rc;
    if (u.imported_at)
        return render_done(req, res, &u);
    struct import_summary s;
    struct err e;
    rc = run_upload(req, &u, true, &s, &e);
    if (rc && rc != ERR_INPUT) {
        req->err = e;
        return rc;
    }
    if (rc == ERR_INPUT && !s.n_problems) {
        /* The file itself could not be read (its text, an unclosed quote). */
        struct problem *p = arena_alloc(&req->arena, sizeof *p);
        if (!p)
            return ERR_NOMEM;
        p->msg = e.msg;
        s.problems = p;
        s.n_problems = 1;
        s.columns_wrong = true;
    }
    if ((rc = page_audit(req, "preview", "import_upload", u.id, 0,
                         arena_sprintf(&req->arena, "%s: %ld rows checked", u.filename, s.rows))))
        return rc;
    return render_preview(req, res, &u, &s);
}

int page_import_columns(struct request *req, struct response *res)
{
    struct import_upload u;
    int rc = load(req, &u);
    if (rc)
        return rc;
    if (u.imported_at) {
        resp_redirect(res, arena_sprintf(&req->arena, "/import/%lld", (long long)u.id));
        return 0;
    }
    struct import_summary s;
    struct err e;
    rc = run_upload(req, &u, true, &s, &e);
    if (rc && rc != ERR_INPUT) {
        req->err = e;
        return rc;
    }
    /* "Which column holds the UPN?": pick-upn = the column's number; and each
     * column's choice (col-N) where it differs from how it is read now. */
    size_t n_spec;
    const struct csvtable_col *spec = import_spec(u.kind, &n_spec);
    struct csvtable_choice *ch = arena_array(&req->arena, n_spec + s.n_columns + 1, sizeof *ch);
    size_t n_ch = 0;
    if (!ch)
        return ERR_NOMEM;
    for (size_t k = 0; k < n_spec; k++) {
        const char *v = req_form(req, arena_sprintf(&req->arena, "pick-%s", spec[k].key));
        long long col;
        if (!v || !*v || str_to_int(v, 0, (long long)s.n_columns - 1, &col))
            continue;
        char key[64];
        str_key(key, sizeof key, s.columns[col].header);
        ch[n_ch++] = (struct csvtable_choice){ arena_strdup(&req->arena, key), spec[k].key };
    }
    for (size_t i = 0; i < s.n_columns; i++) {
        const struct import_column *c = &s.columns[i];
        const char *v = req_form(req, arena_sprintf(&req->arena, "col-%zu", i));
        if (!v || !*c->header)
            continue;
        char key[64];
        str_key(key, sizeof key, c->header);
        const char *now = c->skipped ? "none" : c->chosen && c->column ? c->column : "auto";
        if (!strcmp(v, now))
            continue;
        ch[n_ch++] =
            (struct csvtable_choice){ arena_strdup(&req->arena, key), !strcmp(v, "auto")   ? NULL
                                                                      : !strcmp(v, "none") ? ""
                                                                                           : v };
    }
    if ((rc = importupload_choose_all(req->db, req->who.school_id, u.kind, ch, n_ch, req->who.actor,
                                      &req->err)))
        return rc;
    resp_redirect(res, arena_sprintf(&req->arena, "/import/%lld#columns", (long long)u.id));
    return 0;
}

int page_import_confirm(struct request *req, struct response *res)
{
    struct import_upload u;
    int rc = load(req, &u);
    if (rc)
        return rc;
    const char *done = arena_sprintf(&req->arena, "/import/%lld", (long long)u.id);
    if (u.imported_at) { /* confirmed already: nothing more to do */
        resp_redirect(res, done);
        return 0;
    }
    struct csvtable_choice *ch;
    size_t n_ch;
    if ((rc = importupload_choices(req->db, &req->arena, req->who.school_id, u.kind, &ch, &n_ch,
                                   &req->err)))
        return rc;
    struct import_options o = { .kind = u.kind,
                                .file = u.filename,
                                .data = u.content,
                                .len = u.len,
                                .school_id = req->who.school_id,
                                .choices = ch,
                                .n_choices = n_ch,
                                .actor = req->who.actor,
                                .address = req->client };
    struct audit_entry who = { .actor = req->who.actor, .address = req->client };
    struct import_summary s;
    struct err e;
    err_clear(&e);
    rc = importupload_import(req->db, &req->arena, &u, &o, &who, &s, &e);
    if (rc == ERR_INPUT) {
        /* The rows changed under it (another import): show the preview again. */
        res->status = 422;
        rc = run_upload(req, &u, true, &s, &e);
        return rc && rc != ERR_INPUT ? rc : render_preview(req, res, &u, &s);
    }
    if (rc) {
        req->err = e;
        return rc;
    }
    resp_redirect(res, done);
    return 0;
}
