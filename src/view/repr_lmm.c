#include "view/repr_lmm.h"

#include <math.h>
#include <stdio.h>

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static int level_json(const struct lmm_level *l, json_t *random)
{
    json_t *o = json_object(), *sd = json_object(), *corr = l->q > 1 ? json_object() : NULL;
    int bad = !o || !sd || (l->q > 1 && !corr);
    for (size_t i = 0; i < l->q; i++)
        bad |= json_object_set_new(sd, l->z_names[i], num(l->sd[i]));
    for (size_t j = 0; corr && j < l->q; j++)
        for (size_t i = j + 1; i < l->q; i++) {
            char key[512];
            snprintf(key, sizeof key, "%s:%s", l->z_names[j], l->z_names[i]);
            bad |= json_object_set_new(corr, key, num(l->corr[i * l->q + j]));
        }
    bad |= json_object_set_new(o, "sd", sd);
    if (corr)
        bad |= json_object_set_new(o, "corr", corr);
    bad |= json_object_set_new(random, l->name, o);
    return bad;
}

json_t *repr_lmm(const struct lmm_fit *fit)
{
    json_t *o = json_object(), *fixed = json_object(), *groups = json_object(),
           *random = json_object();
    int bad = !o || !fixed || !groups || !random;
    bad |= json_object_set_new(o, "n", json_integer((json_int_t)fit->n));
    bad |= json_object_set_new(o, "reml", json_boolean(fit->reml));
    bad |= json_object_set_new(o, "loglik", num(fit->loglik));
    bad |= json_object_set_new(o, "aic", num(fit->aic));
    bad |= json_object_set_new(o, "bic", num(fit->bic));
    bad |= json_object_set_new(o, "converged", json_boolean(fit->converged));
    for (size_t j = 0; j < fit->p; j++) {
        const struct lmm_coef *c = &fit->fixed[j];
        json_t *f = json_object();
        bad |= !f;
        bad |= json_object_set_new(f, "estimate", num(c->estimate));
        bad |= json_object_set_new(f, "se", num(c->se));
        bad |= json_object_set_new(f, "t", num(c->t));
        bad |= json_object_set_new(f, "p", num(c->p));
        bad |= json_object_set_new(fixed, c->name, f);
    }
    bad |= json_object_set_new(o, "fixed", fixed);
    bad |= json_object_set_new(o, "sigma", num(fit->sigma));
    for (size_t k = 0; k < fit->n_levels; k++) {
        bad |= json_object_set_new(groups, fit->levels[k].name,
                                   json_integer((json_int_t)fit->levels[k].n_groups));
        bad |= level_json(&fit->levels[k], random);
    }
    bad |= json_object_set_new(o, "groups", groups);
    bad |= json_object_set_new(o, "random", random);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}
