/* repr_provmap.h - the JSON shape of the provision map, frameworks, provision
 * reviews, external involvements and each pupil's provision, shared by
 * `--json` on the command line and the JSON API
 * (GET /api/v1/reports/provision). Each function returns a new reference,
 * or NULL when memory runs out.
 *
 * Money is in whole pence, as an integer (the map's `cost`, `cost_per_pupil`
 * and `cost_total`, like repr_prog's `_pence` keys); a cost per pupil with
 * no pupils is null. Shares are numbers from 0 to 1. docs/provision-map.md
 * lists every key. */
#ifndef MESO_REPR_PROVMAP_H
#define MESO_REPR_PROVMAP_H

#include <jansson.h>

#include "model/provision/framework.h"
#include "model/provision/involvement.h"
#include "model/provision/provmap.h"
#include "model/programmes/pupilprov.h"
#include "model/provision/review.h"

/* The map: school (urn and name), as_of, pupils_on_roll, tiers, components,
 * gaps, evidence_share, pupils_evidence_share, pupils_reached,
 * pupils_reached_evidence, cost_total, overload, unmet, involvements. */
json_t *repr_provmap(const struct provmap *m, const char *school_urn);

json_t *repr_framework(const struct framework *fw);
json_t *repr_review(const struct review *r);
json_t *repr_review_due(const struct review_due_item *d);
json_t *repr_review_summary(const struct review_summary *s);
json_t *repr_involvement(const struct involvement *iv);
/* Each pupil's provision: the pupil, every provision with dates, tier,
 * dosage and reviews, and the involvements. */
json_t *repr_pupilprov(const struct pupilprov *pp);

#endif
