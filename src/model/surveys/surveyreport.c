#include "model/surveys/surveyreport.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "stats/suppress.h"

void surveyreport_compute(const struct survey_round *round, const struct survey_answers *rs,
                          size_t n, struct survey_result *out)
{
    memset(out, 0, sizeof *out);
    if (round)
        out->round = *round;
    out->responses = (int)n;
    out->mean_score = -1;
    for (int i = 0; i < SURVEY_N_ITEMS; i++)
        out->agree_share[i] = -1;
    out->suppressed = suppress_small((long)n);
    if (out->suppressed) {
        for (int i = 0; i < SURVEY_N_ITEMS; i++)
            for (int k = 0; k < SURVEY_N_ANSWERS; k++)
                out->hidden[i][k] = true;
        return;
    }
    double sum = 0;
    int scored = 0;
    for (size_t r = 0; r < n; r++) {
        for (int i = 0; i < SURVEY_N_ITEMS; i++)
            if (rs[r].a[i] >= 1 && rs[r].a[i] <= SURVEY_N_ANSWERS) {
                out->counts[i][rs[r].a[i] - 1]++;
                out->answered[i]++;
            }
        if (rs[r].score >= 0) {
            sum += rs[r].score;
            scored++;
        }
    }
    if (scored >= SUPPRESS_BELOW)
        out->mean_score = sum / scored;
    suppress_table(&out->counts[0][0], SURVEY_N_ITEMS, SURVEY_N_ANSWERS, true, false,
                   &out->hidden[0][0]);
    for (int i = 0; i < SURVEY_N_ITEMS; i++)
        if (out->answered[i] >= SUPPRESS_BELOW)
            out->agree_share[i] =
                (double)(out->counts[i][2] + out->counts[i][3]) / (double)out->answered[i];
}

int surveyreport_load(struct db *db, struct arena *a, int64_t round_id, struct survey_answers **out,
                      size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT a1, a2, a3, a4, a5, score, CASE WHEN score IS NULL THEN 1 ELSE 0"
                        " END FROM survey_response WHERE round_id = ?1 ORDER BY id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, round_id);
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct survey_answers *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory reading survey answers");
            break;
        }
        for (int i = 0; i < SURVEY_N_ITEMS; i++)
            r->a[i] = (int)db_col_int(st, i);
        r->score = db_col_int(st, 6) ? -1 : db_col_double(st, 5);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int surveyreport_build(struct db *db, struct arena *a, int64_t school_id,
                       const struct audit_entry *who, struct survey_result **out, size_t *n,
                       struct err *e)
{
    *out = NULL;
    *n = 0;
    struct survey_round *rounds;
    size_t n_rounds;
    int rc = survey_rounds(db, a, school_id, &rounds, &n_rounds, e);
    if (rc)
        return rc;
    struct survey_result *res = n_rounds ? arena_array(a, n_rounds, sizeof *res) : NULL;
    if (n_rounds && !res)
        return err_set(e, ERR_NOMEM, "out of memory");
    /* survey_rounds() gives the newest first; the report reads oldest first. */
    for (size_t i = 0; i < n_rounds; i++) {
        const struct survey_round *r = &rounds[n_rounds - 1 - i];
        struct survey_answers *as;
        size_t n_as;
        if ((rc = surveyreport_load(db, a, r->id, &as, &n_as, e)))
            return rc;
        surveyreport_compute(r, as, n_as, &res[i]);
    }
    *out = res;
    *n = n_rounds;
    return audit_as(db, who, "report", "survey", 0, 0, school_id, "parents' survey results", e);
}
