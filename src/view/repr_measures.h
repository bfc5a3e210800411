/* repr_measures.h - the JSON shape of assessments, reliable change, the
 * screening summary, the other outcomes and reliability figures, shared by
 * `--json` on the command line and the JSON API (docs/measures.md lists the
 * keys). Each function returns a new reference, or NULL when memory runs
 * out. */
#ifndef MESO_REPR_MEASURES_H
#define MESO_REPR_MEASURES_H

#include <jansson.h>
#include <stdint.h>

#include "model/measures/assessment.h"
#include "model/measures/measure.h"
#include "model/register/outcomes.h"
#include "model/measures/screening.h"

/* {id, pupil_id, measure, version, informant, completed_by, assessed_on,
 * age_years, responses: [code|null], impact: [code|null]|null, source,
 * recorded_by, recorded_at, scores: {score: int|null}, bands: {scheme:
 * {score: label|null}}, levels: {scheme: {score: int|null}}} */
json_t *repr_assessment(const struct assessment *as);

/* {measure, informant, from: {id, assessed_on}, to: {...}, scores: [{score,
 * from, to, change, retest_r, sd, source, rci, result}]} */
json_t *repr_change(const struct assessment *from, const struct assessment *to,
                    const struct assessment_change *c, size_t n);

/* What the screening summary was asked for. */
struct screening_meta {
    const char *school_urn;
    const char *year_group;
    int64_t class_staff_id; /* 0: the whole year group */
    const char *class_name;
    int school_year;
};

/* The screening report (docs/measures.md, "meso report screening"). */
json_t *repr_screening(const struct screening_meta *m, const struct screening_summary *s,
                       const struct screening_row *rows, size_t n_rows);

/* {attainment: [...], attendance: [...], exclusions: [...], bullying:
 * [...], relationships: [...]} */
json_t *repr_outcomes(const struct pupil_outcomes *o, const struct outcome_codes *codes);

json_t *repr_reliability(const struct measure_reliability *r);

#endif
