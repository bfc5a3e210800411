/* repr_lmm.h - the JSON of a fitted mixed model (`meso evaluate fit --json`;
 * docs/evaluation.md maps each key to lme4's output). Exactly these keys:
 *
 *   {"n", "reml", "loglik", "aic", "bic", "converged",
 *    "fixed": {NAME: {"estimate", "se", "t", "p"}, ...},
 *    "sigma",
 *    "groups": {LEVEL: number of groups, ...},
 *    "random": {LEVEL: {"sd": {NAME: sd, ...}, "corr": {"A:B": r, ...}}, ...}}
 *
 * "corr" is left out for a level with one random effect; a correlation that
 * is undefined (an SD of 0) is null. Returns a new reference or NULL when
 * memory runs out. */
#ifndef MESO_REPR_LMM_H
#define MESO_REPR_LMM_H

#include <jansson.h>

#include "stats/lmm.h"

json_t *repr_lmm(const struct lmm_fit *fit);

#endif
