#include "model/measures/assessment.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/measures/measure.h"
#include "stats/change.h"

char *assessment_codes_text(struct arena *a, const int *codes, size_t n)
{
    struct buf b;
    buf_init(&b, 4 * INSTRUMENT_MAX_ITEMS + 16);
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addc(&b, ',');
        if (codes[i] != SCORE_MISSING)
            buf_addf(&b, "%d", codes[i]);
    }
    char *s = arena_strdup(a, buf_str(&b));
    buf_release(&b);
    return s;
}

/* Parse stored codes back ("0,1,,2"); at most max values. */
static int parse_codes(struct arena *a, const char *text, int **out, size_t *n, size_t max)
{
    *out = NULL;
    *n = 0;
    if (!text)
        return 0;
    int *v = arena_array(a, max + 1, sizeof *v);
    if (!v)
        return ERR_NOMEM;
    size_t k = 0;
    const char *p = text;
    for (;;) {
        if (k >= max)
            return ERR_STORAGE;
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len == 0) {
            v[k++] = SCORE_MISSING;
        } else {
            char tmp[16];
            long long x;
            if (len >= sizeof tmp)
                return ERR_STORAGE;
            memcpy(tmp, p, len);
            tmp[len] = '\0';
            if (str_to_int(tmp, 0, INSTRUMENT_MAX_CODE, &x) != 0)
                return ERR_STORAGE;
            v[k++] = (int)x;
        }
        if (!c)
            break;
        p = c + 1;
    }
    *out = v;
    *n = k;
    return 0;
}

static int insert_results(struct db *db, int64_t id, const struct instrument *in,
                          const struct score_result *r, struct err *e)
{
    struct db_stmt *st;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->n_scores; i++) {
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO assessment_score (assessment_id, seq, score, value,"
                             " banded) VALUES (?1, ?2, ?3, ?4, ?5)",
                             e)))
            return rc;
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, (int64_t)i);
        db_bind_text(st, 3, r->names[i]);
        db_bind_int_or_null(st, 4, r->values[i], r->values[i] == SCORE_MISSING);
        db_bind_int(st, 5, r->banded[i]);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    for (size_t s = 0; rc == 0 && s < r->n_schemes; s++)
        for (size_t i = 0; rc == 0 && i < r->n_scores; i++) {
            if (!r->banded[i])
                continue;
            int level = measure_band_level(in, in->schemes[s], r->names[i], r->values[i]);
            if ((rc = db_prepare(db, &st,
                                 "INSERT INTO assessment_band (assessment_id, scheme, score, band,"
                                 " level) VALUES (?1, ?2, ?3, ?4, ?5)",
                                 e)))
                return rc;
            db_bind_int(st, 1, id);
            db_bind_text(st, 2, in->schemes[s]);
            db_bind_text(st, 3, r->names[i]);
            db_bind_text(st, 4, r->bands[s][i]);
            db_bind_int_or_null(st, 5, level, level < 0 || !r->bands[s][i]);
            rc = db_step(st, e);
            db_finalize(st);
            rc = rc < 0 ? rc : 0;
        }
    return rc;
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

int assessment_save(struct db *db, const struct audit_entry *who, const struct assessment_input *in,
                    const char *source, enum assessment_save_result *result, int64_t *id,
                    struct err *e)
{
    const struct instrument *ins = in->in;
    struct date d;
    if (!ins || !in->pupil_id)
        return err_set(e, ERR_INPUT, "the measure and the pupil are needed");
    if (!in->informant || !*in->informant || strlen(in->informant) > 40)
        return err_set(e, ERR_INPUT, "say who answered (parent, teacher or self)");
    if (in->completed_by && strlen(in->completed_by) > ASSESSMENT_NAME_MAX)
        return err_set(e, ERR_INPUT, "the name of who completed it is longer than %d characters",
                       ASSESSMENT_NAME_MAX);
    if (date_parse(in->assessed_on, &d) != 0)
        return err_set(e, ERR_INPUT, "'%s' is not a date", in->assessed_on);
    struct score_result r;
    int rc = instrument_score(ins, in->responses, in->n_responses, in->n_impact ? in->impact : NULL,
                              in->n_impact, in->age_years, &r, e);
    if (rc)
        return rc;
    struct arena a;
    arena_init(&a, 0);
    const char *resp = assessment_codes_text(&a, in->responses, in->n_responses);
    const char *imp = in->n_impact ? assessment_codes_text(&a, in->impact, in->n_impact) : NULL;
    const char *by = in->completed_by ? in->completed_by : "";
    char now[DATE_TS_LEN], day[11];
    date_timestamp(now);
    date_iso(d, day);
    if (!resp || (in->n_impact && !imp)) {
        rc = err_set(e, ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = db_begin(db, e)))
        goto out;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT id, version, responses, impact, age_years FROM assessment"
                         " WHERE pupil_id = ?1 AND instrument = ?2 AND informant = ?3"
                         " AND completed_by = ?4 AND assessed_on = ?5",
                         e)))
        goto fail;
    db_bind_int(st, 1, in->pupil_id);
    db_bind_text(st, 2, ins->key);
    db_bind_text(st, 3, in->informant);
    db_bind_text(st, 4, by);
    db_bind_text(st, 5, day);
    rc = db_step(st, e);
    int64_t old = 0;
    bool same = false;
    if (rc == DB_ROW) {
        old = db_col_int(st, 0);
        same = !strcmp(db_col_text(st, 1), ins->version) && !strcmp(db_col_text(st, 2), resp) &&
               same_text(db_col_text(st, 3), imp) && db_col_int(st, 4) == in->age_years;
    }
    db_finalize(st);
    if (rc < 0)
        goto fail;
    rc = 0;
    if (old && same) {
        *result = ASSESSMENT_UNCHANGED;
        *id = old;
        db_rollback(db);
        goto out;
    }
    if (old) {
        rc = db_prepare(db, &st,
                        "UPDATE assessment SET version = ?2, age_years = ?3, responses = ?4,"
                        " impact = ?5, source = ?6, recorded_by = ?7, recorded_at = ?8"
                        " WHERE id = ?1",
                        e);
        if (rc == 0) {
            db_bind_int(st, 1, old);
            db_bind_text(st, 2, ins->version);
            db_bind_int(st, 3, in->age_years);
            db_bind_text(st, 4, resp);
            db_bind_text(st, 5, imp);
            db_bind_text(st, 6, source);
            db_bind_text(st, 7, who && who->actor ? who->actor : "unknown");
            db_bind_text(st, 8, now);
            rc = db_step(st, e);
            db_finalize(st);
            rc = rc < 0 ? rc : 0;
        }
        if (rc == 0)
            rc = db_prepare(db, &st, "DELETE FROM assessment_score WHERE assessment_id = ?1", e);
        if (rc == 0) {
            db_bind_int(st, 1, old);
            rc = db_step(st, e);
            db_finalize(st);
            rc = rc < 0 ? rc : 0;
        }
        if (rc == 0)
            rc = db_prepare(db, &st, "DELETE FROM assessment_band WHERE assessment_id = ?1", e);
        if (rc == 0) {
            db_bind_int(st, 1, old);
            rc = db_step(st, e);
            db_finalize(st);
            rc = rc < 0 ? rc : 0;
        }
        *id = old;
    } else {
        rc = db_prepare(db, &st,
                        "INSERT INTO assessment (pupil_id, instrument, version, informant,"
                        " completed_by, assessed_on, age_years, responses, impact, source,"
                        " recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                        " ?10, ?11, ?12) RETURNING id",
                        e);
        if (rc == 0) {
            db_bind_int(st, 1, in->pupil_id);
            db_bind_text(st, 2, ins->key);
            db_bind_text(st, 3, ins->version);
            db_bind_text(st, 4, in->informant);
            db_bind_text(st, 5, by);
            db_bind_text(st, 6, day);
            db_bind_int(st, 7, in->age_years);
            db_bind_text(st, 8, resp);
            db_bind_text(st, 9, imp);
            db_bind_text(st, 10, source);
            db_bind_text(st, 11, who && who->actor ? who->actor : "unknown");
            db_bind_text(st, 12, now);
            rc = db_step_id(st, id, e);
            db_finalize(st);
            rc = rc < 0 ? rc : 0;
        }
    }
    if (rc)
        goto fail;
    if ((rc = insert_results(db, *id, ins, &r, e)))
        goto fail;
    struct audit_entry au = {
        .actor = who && who->actor ? who->actor : "unknown",
        .address = who ? who->address : NULL,
        .action = old ? "update" : "create",
        .entity = "assessment",
        .entity_id = *id,
        .pupil_id = in->pupil_id,
        .school_id = in->school_id,
        .detail =
            arena_sprintf(&a, "%s version %s, %s, %s", ins->key, ins->version, in->informant, day),
    };
    if ((rc = audit_log(db, &au, e)))
        goto fail;
    if ((rc = db_commit(db, e)))
        goto out;
    *result = old ? ASSESSMENT_UPDATED : ASSESSMENT_ADDED;
    goto out;
fail:
    db_rollback(db);
out:
    arena_release(&a);
    return rc;
}

/* ---- reading ------------------------------------------------------------- */

#define ASSESSMENT_COLS                                                                   \
    "id, pupil_id, instrument, version, informant, completed_by, assessed_on, age_years," \
    " responses, impact, source, recorded_by, recorded_at"

static int read_row(struct db *db, struct arena *a, struct db_stmt *st, struct assessment *as,
                    struct err *e)
{
    memset(as, 0, sizeof *as);
    as->id = db_col_int(st, 0);
    as->pupil_id = db_col_int(st, 1);
    as->instrument = arena_strdup(a, db_col_text(st, 2));
    as->version = arena_strdup(a, db_col_text(st, 3));
    as->informant = arena_strdup(a, db_col_text(st, 4));
    as->completed_by = arena_strdup(a, db_col_text(st, 5));
    str_copy(as->assessed_on, sizeof as->assessed_on, db_col_text(st, 6));
    as->age_years = (int)db_col_int(st, 7);
    int rc =
        parse_codes(a, db_col_text(st, 8), &as->responses, &as->n_responses, INSTRUMENT_MAX_ITEMS);
    if (rc == 0)
        rc = parse_codes(a, db_col_text(st, 9), &as->impact, &as->n_impact,
                         INSTRUMENT_MAX_IMPACT_ITEMS);
    as->source = arena_strdup(a, db_col_text(st, 10));
    as->recorded_by = arena_strdup(a, db_col_text(st, 11));
    as->recorded_at = arena_strdup(a, db_col_text(st, 12));
    if (rc == ERR_NOMEM || !as->recorded_at)
        return err_set(e, ERR_NOMEM, "out of memory");
    if (rc)
        return err_set(e, ERR_STORAGE, "assessment %lld has malformed responses",
                       (long long)as->id);
    (void)db;
    return 0;
}

static int read_results(struct db *db, struct arena *a, struct assessment *as, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT score, value, banded FROM assessment_score WHERE assessment_id = ?1"
                        " ORDER BY seq",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, as->id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct assessment_score *s = arena_push(a, &as->scores, &as->n_scores, &cap, sizeof *s);
        if (!s) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        s->score = arena_strdup(a, db_col_text(st, 0));
        s->value = db_col_is_null(st, 1) ? SCORE_MISSING : (int)db_col_int(st, 1);
        s->banded = db_col_int(st, 2) != 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* Bands scheme by scheme (by name), each in the order of the scores. */
    if ((rc = db_prepare(db, &st,
                         "SELECT b.scheme, b.score, b.band, b.level FROM assessment_band b"
                         " JOIN assessment_score s ON s.assessment_id = b.assessment_id"
                         " AND s.score = b.score WHERE b.assessment_id = ?1"
                         " ORDER BY b.scheme, s.seq",
                         e)))
        return rc;
    db_bind_int(st, 1, as->id);
    cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct assessment_band *b = arena_push(a, &as->bands, &as->n_bands, &cap, sizeof *b);
        if (!b) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        b->scheme = arena_strdup(a, db_col_text(st, 0));
        b->score = arena_strdup(a, db_col_text(st, 1));
        b->band = db_col_is_null(st, 2) ? NULL : arena_strdup(a, db_col_text(st, 2));
        b->level = db_col_is_null(st, 3) ? -1 : (int)db_col_int(st, 3);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_list(struct db *db, struct arena *a, int64_t pupil_id, struct assessment **out,
                    size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " ASSESSMENT_COLS " FROM assessment WHERE pupil_id = ?1"
                        " ORDER BY assessed_on, id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct assessment *as = arena_push(a, out, n, &cap, sizeof *as);
        if (!as) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        if ((rc = read_row(db, a, st, as, e)))
            break;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if ((rc = read_results(db, a, &(*out)[i], e)))
            return rc;
    return 0;
}

int assessment_get(struct db *db, struct arena *a, int64_t id, struct assessment *out,
                   struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT " ASSESSMENT_COLS " FROM assessment WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        rc = read_row(db, a, st, out, e);
    else if (rc == DB_DONE)
        rc = err_set(e, ERR_NOTFOUND, "no such assessment");
    db_finalize(st);
    if (rc)
        return rc;
    return read_results(db, a, out, e);
}

const struct assessment_score *assessment_score_of(const struct assessment *as, const char *score)
{
    for (size_t i = 0; score && i < as->n_scores; i++)
        if (!strcmp(as->scores[i].score, score))
            return &as->scores[i];
    return NULL;
}

const struct assessment_band *assessment_band_of(const struct assessment *as, const char *scheme,
                                                 const char *score)
{
    for (size_t i = 0; scheme && score && i < as->n_bands; i++)
        if (!strcmp(as->bands[i].scheme, scheme) && !strcmp(as->bands[i].score, score))
            return &as->bands[i];
    return NULL;
}

/* ---- reliable change ----------------------------------------------------- */

const char *assessment_verdict_text(enum change_verdict v)
{
    switch (v) {
    case CHANGE_NONE:
        return "no reliable change";
    case CHANGE_IMPROVED:
        return "reliable improvement";
    case CHANGE_DETERIORATED:
        return "reliable deterioration";
    case CHANGE_INCREASED:
        return "reliable increase";
    case CHANGE_DECREASED:
        return "reliable decrease";
    case CHANGE_NOT_COMPUTED:
        break;
    }
    return "not computed";
}

int assessment_compare(struct db *db, struct arena *a, int64_t school_id,
                       const struct assessment *x, const struct assessment *y,
                       struct assessment_change **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (x->id == y->id)
        return err_set(e, ERR_INPUT, "choose two different assessments to compare");
    if (strcmp(x->instrument, y->instrument) || strcmp(x->informant, y->informant))
        return err_set(e, ERR_INPUT,
                       "reliable change compares the same measure from the same kind of "
                       "informant (these are %s by %s and %s by %s)",
                       x->instrument, x->informant, y->instrument, y->informant);
    if (strcmp(x->assessed_on, y->assessed_on) > 0 ||
        (!strcmp(x->assessed_on, y->assessed_on) && x->id > y->id)) {
        const struct assessment *t = x;
        x = y;
        y = t;
    }
    const struct instrument *in;
    int rc = measure_find(db, a, school_id, x->instrument, &in, e);
    if (rc)
        return rc;
    struct assessment_change *c = arena_array(a, x->n_scores + 1, sizeof *c);
    if (!c)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < x->n_scores; i++) {
        const struct assessment_score *s2 = assessment_score_of(y, x->scores[i].score);
        if (!s2)
            continue;
        struct assessment_change *ch = &c[k++];
        memset(ch, 0, sizeof *ch);
        ch->score = x->scores[i].score;
        ch->from = x->scores[i].value;
        ch->to = s2->value;
        struct measure_reliability rel;
        bool found;
        if ((rc = measure_reliability_get(db, a, school_id, in, ch->score, &rel, &found, e)))
            return rc;
        ch->have_figures = found;
        if (found) {
            ch->retest_r = rel.retest_r;
            ch->sd = rel.sd;
            ch->source = rel.source;
        }
        if (!found || ch->from == SCORE_MISSING || ch->to == SCORE_MISSING)
            continue;
        struct err ignored;
        if (stats_rci(ch->from, ch->to, rel.sd, rel.retest_r, &ch->rci, &ignored) != 0)
            continue;
        enum measure_better better = measure_better_for(in, ch->score);
        if (!(fabs(ch->rci) > STATS_RCI_CRITICAL))
            ch->verdict = CHANGE_NONE;
        else if (better == MEASURE_UNKNOWN)
            ch->verdict = ch->rci > 0 ? CHANGE_INCREASED : CHANGE_DECREASED;
        else
            ch->verdict = stats_rci_classify(ch->rci, better == MEASURE_HIGHER_BETTER
                                                          ? STATS_HIGHER_BETTER
                                                          : STATS_LOWER_BETTER) == STATS_IMPROVED
                              ? CHANGE_IMPROVED
                              : CHANGE_DETERIORATED;
    }
    *out = c;
    *n = k;
    return 0;
}
