/* importrun.c - running an import: the file is read, parsed and checked on
 * the caller's thread (import.c) while a writer thread writes the rows that
 * are ready, chunk by chunk, into one transaction; a bounded queue of chunks
 * lies between them, so memory stays the same whatever the file's size.
 * Nothing is committed until every row has been checked: with any problem
 * (and no skip_invalid) the transaction is rolled back.
 */
#include "model/register/import.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/register/importer.h"
#include "model/register/pupil.h"
#include "model/register/pupilmany.h"
#include "model/register/regclass.h"
#include "model/register/school.h"

/* Chunks in all: one being filled, the rest queued or being written. */
#define N_CHUNKS 4

struct writer {
    struct importer *im;
    struct db *db;
    int64_t school_id;
    bool school_empty; /* no pupils when the import began: none to look up */
    bool write;        /* false: a dry run, or the columns are wrong */
    unsigned fields;   /* PF_* the file gives (known once the header is read) */
    const char *source;
    struct pupil_batch batch;
    struct pupilmany many;                 /* new pupils, written 16 at a time */
    struct audit_batch audit, carer_audit; /* the rows' audit entries */
    char last_class[48];                   /* the class of the row before, and its id */
    int64_t last_class_id;
    struct import_summary n; /* counts */
    /* With preview: every row, in file order (in wa). */
    struct arena wa;
    struct import_row *rows;
    size_t n_rows, cap_rows;
    int rc;
    struct err e;
    /* The queue. */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct importer_chunk *head, *tail; /* full chunks, oldest first */
    struct importer_chunk *spare;       /* written chunks, to fill again */
    bool done;                          /* the reader has handed over its last chunk */
    bool stopped;                       /* the writer has failed: stop reading */
    struct importer_chunk chunks[N_CHUNKS];
};

static void chunk_clear(struct importer_chunk *ch)
{
    arena_release(&ch->a);
    arena_init(&ch->a, 0);
    ch->prows = NULL;
    ch->crows = NULL;
    ch->n_prows = ch->cap_prows = ch->n_crows = ch->cap_crows = 0;
    ch->rows = 0;
    ch->next = NULL;
}

/* ---- writing one chunk (the writer's thread) --------------------------- */

static void list_row(struct writer *w, long line, enum import_row_what what, const char *name,
                     const char *upn, const char *changes)
{
    struct import_row *r = arena_push(&w->wa, &w->rows, &w->n_rows, &w->cap_rows, sizeof *r);
    if (r)
        *r = (struct import_row){ .line = line,
                                  .what = what,
                                  .name = arena_strdup(&w->wa, name),
                                  .upn = arena_strdup(&w->wa, upn),
                                  .changes = arena_strdup(&w->wa, changes) };
}

/* The row's class, made where missing; rows of one class are usually
 * together, so the last answer is kept. */
static int row_class(struct writer *w, struct prow *r, struct err *e)
{
    if (!(w->fields & PF_REG_GROUP) || !r->p.reg_group)
        return 0;
    if (w->last_class_id && !strcmp(w->last_class, r->p.reg_group)) {
        r->p.reg_group_id = w->last_class_id;
        return 0;
    }
    bool created = false;
    int rc = regclass_ensure(w->db, w->school_id, r->p.reg_group, &r->p.reg_group_id, &created, e);
    if (rc)
        return rc;
    w->n.classes_added += created;
    str_copy(w->last_class, sizeof w->last_class, r->p.reg_group);
    w->last_class_id = r->p.reg_group_id;
    return 0;
}

static int write_pupil(struct writer *w, struct importer_chunk *ch, struct prow *r, struct err *e)
{
    const struct import_options *o = w->im->o;
    int rc = row_class(w, r, e);
    if (rc)
        return rc;
    struct pupil old_rec, *old = NULL;
    if (!w->school_empty) {
        struct err miss;
        rc = pupil_by_upn(w->db, &ch->a, w->school_id, r->p.upn, &old_rec, &miss);
        if (rc == 0)
            old = &old_rec;
        else if (rc != ERR_NOTFOUND)
            return err_set(e, rc, "%s", miss.msg);
    }
    if (old)
        importer_keep_needs(w->im, &r->p, old);
    if (old && o->preview)
        r->changed = pupil_changes(old, &r->p, w->fields);
    /* A new pupil waits for others (its id is set when they are written). */
    enum pupil_save_result res = PUPIL_ADDED;
    rc = old ? pupil_batch_save(&w->batch, &r->p, old, w->fields, &res, e)
             : pupilmany_add(&w->many, &r->p, w->fields, e);
    if (rc)
        return rc;
    if (res == PUPIL_UNCHANGED) {
        w->n.unchanged++;
        r->what = IMPORT_ROW_SAME;
        return 0;
    }
    res == PUPIL_ADDED ? w->n.added++ : w->n.updated++;
    r->what = res == PUPIL_ADDED ? IMPORT_ROW_ADD : IMPORT_ROW_CHANGE;
    return 0;
}

/* Write the chunk's pupils, then their audit entries (every id known). */
static int write_pupils(struct writer *w, struct importer_chunk *ch, bool doomed)
{
    const struct import_options *o = w->im->o;
    bool write = w->write && !doomed;
    int rc = 0;
    for (size_t i = 0; i < ch->n_prows && !rc; i++) {
        struct prow *r = &ch->prows[i];
        r->what = IMPORT_ROW_SKIP;
        if (r->valid && write && (rc = write_pupil(w, ch, r, &w->e)))
            rc = err_wrap(&w->e, "%s:%ld", w->im->name, r->line);
    }
    if (!rc && write && (rc = pupilmany_flush(&w->many, &w->e)))
        rc = err_wrap(&w->e, "%s:%ld-%ld", w->im->name, ch->prows[0].line,
                      ch->prows[ch->n_prows - 1].line);
    for (size_t i = 0; i < ch->n_prows && !rc; i++) {
        struct prow *r = &ch->prows[i];
        if (r->what == IMPORT_ROW_ADD || r->what == IMPORT_ROW_CHANGE)
            rc = audit_batch_add(&w->audit, r->what == IMPORT_ROW_ADD ? "create" : "update",
                                 r->p.id, r->p.id, &w->e);
        if (o->preview)
            list_row(w, r->line, r->what, importer_pupil_name(&ch->a, &r->p), r->p.upn,
                     r->what == IMPORT_ROW_CHANGE ? pupil_fields_words(&ch->a, r->changed) : NULL);
    }
    return rc;
}

static int write_carer(struct writer *w, struct importer_chunk *ch, struct crow *r, struct err *e)
{
    if (r->prow >= 0)
        r->link.pupil_id = ch->prows[r->prow].p.id;
    enum carer_save_result res, lres;
    int rc = carer_save_fields(w->db, w->school_id, &r->c, r->key, r->fields, &res, e);
    if (rc)
        return rc;
    /* A carer on several rows (siblings) counts once, on their first row. */
    if (r->first) {
        if (res == CARER_ADDED)
            w->n.carers_added++;
        else if (res == CARER_UPDATED)
            w->n.carers_updated++;
        else
            w->n.carers_unchanged++;
    }
    r->link.carer_id = r->c.id;
    if ((rc = carer_link(w->db, &r->link, &lres, e)))
        return rc;
    if (lres == CARER_ADDED)
        w->n.links_added++;
    else if (lres == CARER_UPDATED)
        w->n.links_updated++;
    else
        w->n.links_unchanged++;
    r->what = res == CARER_ADDED                                ? IMPORT_ROW_ADD
              : res == CARER_UPDATED || lres != CARER_UNCHANGED ? IMPORT_ROW_CHANGE
                                                                : IMPORT_ROW_SAME;
    if (res == CARER_UNCHANGED && lres == CARER_UNCHANGED)
        return 0;
    return audit_batch_add(&w->carer_audit, res == CARER_ADDED ? "create" : "update", r->c.id,
                           r->link.pupil_id, e);
}

/* Write a chunk's valid rows (pupils, then their carers), unless the
 * import will be rolled back anyway (a problem already, no skip_invalid, no
 * preview): then the rows are only checked, which the reader has done. */
static int write_chunk(struct writer *w, struct importer_chunk *ch, bool doomed)
{
    const struct import_options *o = w->im->o;
    int rc = 0;
    w->fields = importer_pupil_fields(w->im); /* the header came before any row */
    if (ch->n_prows)
        rc = write_pupils(w, ch, doomed);
    for (size_t i = 0; i < ch->n_crows && !rc; i++) {
        struct crow *r = &ch->crows[i];
        r->what = IMPORT_ROW_SKIP;
        if (r->valid && w->write && !doomed)
            rc = write_carer(w, ch, r, &w->e);
        if (rc)
            rc = err_wrap(&w->e, "%s:%ld", w->im->name, r->line);
        if (o->preview && o->kind == IMPORT_CARERS)
            list_row(w, r->line, r->what, carer_display_name(&ch->a, &r->c), r->upn, NULL);
    }
    return rc;
}

/* Chunks carry whether the reader had found a problem when it handed them
 * over (doomed: nothing will be committed). */
static void *writer_main(void *arg)
{
    struct writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->done)
            pthread_cond_wait(&w->cv, &w->mu);
        struct importer_chunk *ch = w->head;
        if (!ch)
            break;
        w->head = ch->next;
        if (!w->head)
            w->tail = NULL;
        pthread_mutex_unlock(&w->mu);
        int rc = w->rc ? w->rc : write_chunk(w, ch, ch->doomed);
        chunk_clear(ch);
        pthread_mutex_lock(&w->mu);
        if (rc && !w->rc) {
            w->rc = rc;
            w->stopped = true;
        }
        ch->next = w->spare;
        w->spare = ch;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    if (!w->rc && w->write)
        w->rc = audit_batch_flush(&w->audit, &w->e);
    if (!w->rc && w->write)
        w->rc = audit_batch_flush(&w->carer_audit, &w->e);
    return NULL;
}

/* ---- the reader's side of the queue ------------------------------------ */

static struct writer *writer_of(struct importer *im)
{
    return (struct writer *)im->flush_ctx;
}

/* Queue the chunk being filled and take an empty one (waiting while the
 * writer is behind). Returns ERR_STORAGE when the writer has failed. */
static int hand_over(struct importer *im)
{
    struct writer *w = writer_of(im);
    struct importer_chunk *ch = im->chunk;
    ch->doomed = im->pr.n > 0 && !im->o->skip_invalid && !im->o->preview;
    pthread_mutex_lock(&w->mu);
    if (w->tail)
        w->tail->next = ch;
    else
        w->head = ch;
    w->tail = ch;
    pthread_cond_broadcast(&w->cv);
    while (!w->spare && !w->stopped)
        pthread_cond_wait(&w->cv, &w->mu);
    bool stopped = w->stopped;
    if (!stopped) {
        im->chunk = w->spare;
        w->spare = w->spare->next;
        im->chunk->next = NULL;
        im->ra = &im->chunk->a;
    }
    pthread_mutex_unlock(&w->mu);
    return stopped ? ERR_STORAGE : 0;
}

/* A dry run writes nothing: the chunk is emptied where it is. */
static int recycle(struct importer *im)
{
    chunk_clear(im->chunk);
    return 0;
}
static void describe_columns(struct importer *im, struct import_summary *sum)
{
    size_t n = im->t.n_header;
    sum->columns = arena_array(im->a, n + 1, sizeof *sum->columns);
    if (!sum->columns)
        return;
    sum->n_columns = n;
    for (size_t i = 0; i < n; i++) {
        struct import_column *c = &sum->columns[i];
        const struct csvtable_use_of *u = &im->t.use_of[i];
        c->header = im->t.headers[i];
        c->example = im->examples && im->examples[i] ? im->examples[i] : "";
        c->chosen = u->chosen;
        c->skipped = u->use == CSVTABLE_SKIPPED;
        if (u->use == CSVTABLE_SPEC || u->use == CSVTABLE_REPEATED) {
            c->column = im->t.spec[u->spec].key;
            c->reads_as = im->t.spec[u->spec].names[0];
            if (u->use == CSVTABLE_REPEATED)
                c->reads_as = arena_sprintf(im->a, "%s (again: a problem)", c->reads_as);
        } else if (u->use == CSVTABLE_EXTRA) {
            for (int k = 1; k <= im->n_contacts; k++)
                for (int f = 0; f < K_N; f++)
                    if (im->contacts[k].col[f] == (int)i)
                        c->reads_as = arena_sprintf(im->a, "Contact %d: %s", k,
                                                    importcols_contact_field_name(f));
            if (im->o->kind == IMPORT_CARERS && !im->from_contacts)
                c->reads_as = NULL;
        }
    }
}

/* ---- running ------------------------------------------------------------ */

static int writer_init(struct writer *w, struct importer *im, struct db *db, int64_t school_id,
                       struct err *e)
{
    const struct import_options *o = im->o;
    w->im = im;
    w->db = db;
    w->school_id = school_id;
    w->write = true;
    w->source = arena_sprintf(im->a, "import %s", importer_base_name(im->name));
    arena_init(&w->wa, 0);
    pupil_batch_init(&w->batch, db, school_id, w->source);
    pupilmany_init(&w->many, &w->batch);
    struct audit_entry au = { .actor = o->actor,
                              .entity = "pupil",
                              .school_id = school_id,
                              .detail = w->source,
                              .address = o->address,
                              .at = w->batch.now };
    audit_batch_init(&w->audit, db, &au);
    au.entity = "carer";
    audit_batch_init(&w->carer_audit, db, &au);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT CASE WHEN EXISTS (SELECT 1 FROM pupil WHERE school_id = ?1)"
                        " THEN 1 ELSE 0 END",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    rc = db_step(st, e);
    w->school_empty = rc == DB_ROW && db_col_int(st, 0) == 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Read the whole file, the writer (when there is one) writing as it goes. */
static int read_rows(struct importer *im, struct writer *w, struct import_summary *sum,
                     struct err *e)
{
    const struct import_options *o = im->o;
    for (int i = 0; i < N_CHUNKS; i++)
        arena_init(&w->chunks[i].a, 0);
    for (int i = 1; i < N_CHUNKS; i++) {
        w->chunks[i].next = w->spare;
        w->spare = &w->chunks[i];
    }
    im->chunk = &w->chunks[0];
    im->ra = &im->chunk->a;
    im->flush_ctx = w;
    pthread_t th;
    bool threaded = w->db != NULL;
    im->flush = threaded ? hand_over : recycle;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (threaded && pthread_create(&th, NULL, writer_main, w) != 0) {
        threaded = false;
        w->rc = err_set(&w->e, ERR_NOMEM, "cannot start the import's writer");
        w->stopped = true;
    }
    int rc = o->data ? csv_read_mem_enc(im->name, o->data, o->len, importer_on_record, im,
                                        &sum->encoding, e)
                     : csv_read_file_enc(o->file, importer_on_record, im, &sum->encoding, e);
    if (threaded) {
        /* The last chunk, then the end. */
        pthread_mutex_lock(&w->mu);
        if (!w->stopped && im->chunk->rows) {
            im->chunk->doomed = im->pr.n > 0 && !o->skip_invalid && !o->preview;
            if (w->tail)
                w->tail->next = im->chunk;
            else
                w->head = im->chunk;
            w->tail = im->chunk;
        }
        w->done = true;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(th, NULL);
    }
    for (int i = 0; i < N_CHUNKS; i++)
        arena_release(&w->chunks[i].a);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    if (w->rc) {
        *e = w->e;
        return w->rc;
    }
    return rc;
}

/* The import_run row, and one audit entry for the run: who imported which
 * file and what it did (each pupil or carer added or changed has its own
 * entry too). In the import's transaction. */
static int log_run(struct importer *im, struct db *db, int64_t school_id,
                   const struct import_summary *sum, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "INSERT INTO import_run (school_id, kind, file, actor, rows, added,"
                        " updated, unchanged, skipped) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                        " RETURNING id",
                        e);
    if (rc)
        return rc;
    bool pupils = im->o->kind == IMPORT_PUPILS;
    long added = pupils ? sum->added : sum->carers_added;
    long updated = pupils ? sum->updated : sum->carers_updated;
    long unchanged = pupils ? sum->unchanged : sum->carers_unchanged;
    const char *file = importer_base_name(im->name);
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, import_kind_name(im->o->kind));
    db_bind_text(st, 3, file);
    db_bind_text(st, 4, im->o->actor);
    db_bind_int(st, 5, sum->rows);
    db_bind_int(st, 6, added);
    db_bind_int(st, 7, updated);
    db_bind_int(st, 8, unchanged);
    db_bind_int(st, 9, sum->skipped);
    int64_t id = 0;
    rc = db_step_id(st, &id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    char detail[400];
    snprintf(detail, sizeof detail,
             "%s file %s imported: %ld row%s, %ld added, %ld changed, %ld up to date, %ld left out",
             import_kind_name(im->o->kind), file, sum->rows, sum->rows == 1 ? "" : "s", added,
             updated, unchanged, sum->skipped);
    struct audit_entry au = { .actor = im->o->actor,
                              .action = "import",
                              .entity = "import_run",
                              .entity_id = id,
                              .school_id = school_id,
                              .detail = detail,
                              .address = im->o->address };
    return audit_write(db, &au, e);
}

/* Copy the writer's counts and (with preview) its row list. */
static void take_counts(struct importer *im, struct writer *w, struct import_summary *sum)
{
    sum->added = w->n.added;
    sum->updated = w->n.updated;
    sum->unchanged = w->n.unchanged;
    sum->carers_added = w->n.carers_added;
    sum->carers_updated = w->n.carers_updated;
    sum->carers_unchanged = w->n.carers_unchanged;
    sum->links_added = w->n.links_added;
    sum->links_updated = w->n.links_updated;
    sum->links_unchanged = w->n.links_unchanged;
    sum->classes_added = w->n.classes_added;
    if (im->o->preview && w->n_rows) {
        sum->row_list = arena_array(im->a, w->n_rows, sizeof *sum->row_list);
        for (size_t i = 0; sum->row_list && i < w->n_rows; i++) {
            struct import_row r = w->rows[i];
            r.name = arena_strdup(im->a, r.name);
            r.upn = arena_strdup(im->a, r.upn);
            r.changes = arena_strdup(im->a, r.changes);
            sum->row_list[i] = r;
        }
        sum->n_row_list = sum->row_list ? w->n_rows : 0;
    }
    arena_release(&w->wa);
}

/* Report every problem in line order, count the rows left out, and decide:
 * ERR_INPUT when nothing may be committed. */
static int judge(struct importer *im, FILE *msg, struct import_summary *sum, struct err *e)
{
    const struct import_options *o = im->o;
    problems_sort(&im->pr);
    for (size_t i = 0; msg && i < im->n_notes; i++)
        fprintf(msg, "%s: note: %s\n", im->name, im->notes[i]);
    if (msg)
        problems_print(&im->pr, im->name, msg);
    sum->rows = im->rows;
    /* Rows left out: every row when the columns are wrong, else the rows
     * with a problem. */
    if (im->columns_wrong) {
        sum->skipped = im->rows;
    } else {
        for (size_t i = 0; i < im->pr.n; i++)
            if (im->pr.items[i].line > 1 &&
                (i == 0 || im->pr.items[i - 1].line != im->pr.items[i].line))
                sum->skipped++;
    }
    sum->contacts = im->n_contacts;
    sum->columns_wrong = im->columns_wrong;
    sum->skipped += im->unlisted_rows;
    long total = (long)im->pr.n + im->unlisted;
    if (im->unlisted && msg)
        fprintf(msg, "%s: %ld more problem%s on %ld more row%s (only the first %d are listed)\n",
                im->name, im->unlisted, im->unlisted == 1 ? "" : "s", im->unlisted_rows,
                im->unlisted_rows == 1 ? "" : "s", IMPORTER_MAX_LISTED);
    if (total > 0 && (!o->skip_invalid || im->columns_wrong))
        return err_set(e, ERR_INPUT, "%s: %ld problem%s found; nothing was imported%s", im->name,
                       total, total == 1 ? "" : "s",
                       im->columns_wrong ? "" : " (use --skip-invalid to import the valid rows)");
    return 0;
}

/* The school: by id (web), by URN, the only one, or (when there is none) a
 * placeholder made in the import's transaction. */
static int find_school(struct db *db, struct arena *a, const struct import_options *o,
                       struct school *school, bool *none, struct err *e)
{
    *none = false;
    if (o->school_id) {
        school->id = o->school_id;
        return school_by_id(db, a, o->school_id, school, e);
    }
    int rc = school_resolve(db, a, o->school_urn, false, school, NULL, e);
    if (rc == ERR_NOTFOUND && !o->school_urn) {
        *none = true;
        rc = 0;
    }
    return rc;
}

int import_run(struct db *db, struct arena *a, const struct import_options *o, FILE *msg,
               struct import_summary *sum, struct err *e)
{
    memset(sum, 0, sizeof *sum);
    struct importer im = { .o = o, .a = a, .name = o->file ? o->file : "upload.csv" };
    problems_init(&im.pr, a);
    arena_init(&im.spill, 0);
    size_t n_spec;
    const struct csvtable_col *spec = import_spec(o->kind, &n_spec);
    csvtable_init(&im.t, spec, n_spec);
    csvtable_choose(&im.t, o->choices, o->n_choices);
    importseen_init(&im.seen_upns, false);
    importseen_init(&im.seen_carers, true);
    importseen_init(&im.seen_links, false);
    for (int k = 0; k <= IMPORTCOLS_MAX_CONTACTS; k++)
        for (int f = 0; f < K_N; f++)
            im.contacts[k].col[f] = -1;
    struct writer *w = calloc(1, sizeof *w);
    struct school school = { 0 };
    bool no_school = false, tx = false;
    int rc = w ? 0 : err_set(e, ERR_NOMEM, "out of memory");
    /* Which school: decided before reading, so a carer's pupil can be found. */
    if (rc || (rc = find_school(db, a, o, &school, &no_school, e)) ||
        (rc = misnames_load(db, a, &im.names, e)))
        goto out;
    if (o->kind == IMPORT_CARERS && !no_school && (rc = importer_load_upns(&im, db, school.id, e)))
        goto out;
    if (!o->dry_run) {
        if ((rc = db_begin(db, e)))
            goto out;
        tx = true;
        if (no_school &&
            (rc = school_resolve(db, a, NULL, true, &school, &sum->made_placeholder_school, e)))
            goto out;
        if ((rc = writer_init(w, &im, db, school.id, e)))
            goto out;
    }
    if ((rc = read_rows(&im, w, sum, e)))
        goto out;
    if (!im.t.have_header) {
        rc = err_set(e, ERR_INPUT, "%s: the file is empty (it needs a header row)", im.name);
        goto out;
    }
    importer_read_notes(&im, sum->encoding);
    rc = judge(&im, msg, sum, e);
    take_counts(&im, w, sum);
    if (!tx || (rc && !o->preview) || im.columns_wrong)
        goto out;
    struct audit_entry who = { .actor = o->actor, .address = o->address };
    int wrc = 0;
    if (o->kind == IMPORT_PUPILS)
        wrc = regclass_follow(db, &who, school.id, &sum->key_teachers_followed, e);
    if (wrc == 0)
        wrc = log_run(&im, db, school.id, sum, e);
    if (wrc == 0 && !o->preview && !rc) {
        rc = db_commit(db, e);
        tx = false;
    } else if (wrc) {
        rc = wrc;
    }
out:
    if (tx) {
        db_rollback(db);
        if (!o->preview)
            sum->made_placeholder_school = false;
    }
    if (o->kind == IMPORT_CARERS) {
        sum->added = sum->carers_added;
        sum->updated = sum->carers_updated;
        sum->unchanged = sum->carers_unchanged;
    }
    if (o->preview && im.t.have_header)
        describe_columns(&im, sum);
    if (w)
        arena_release(&w->wa);
    free(w);
    sum->rows = im.rows;
    sum->problems = im.pr.items;
    sum->n_problems = im.pr.n;
    sum->notes = im.notes;
    sum->n_notes = im.n_notes;
    sum->school_urn = school.urn;
    sum->school_name = school.name;
    importseen_release(&im.seen_upns);
    importseen_release(&im.seen_carers);
    importseen_release(&im.seen_links);
    csvtable_release(&im.t);
    arena_release(&im.spill);
    return rc;
}
