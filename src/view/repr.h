/* repr.h - the JSON shape of each record, shared by `--json` on the command
 * line and the JSON API, so both always agree. Each function returns a new
 * reference (json_decref it), or NULL when memory runs out. */
#ifndef MESO_REPR_H
#define MESO_REPR_H

#include <jansson.h>
#include <stdbool.h>

#include "model/access/account.h"
#include "model/access/api_token.h"
#include "model/register/carer.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

json_t *repr_school(const struct school *s);
json_t *repr_pupil(const struct pupil *p);
json_t *repr_carer(const struct carer *c);
/* A carer as seen from one pupil: the carer plus the link's fields. */
json_t *repr_pupil_carer(const struct pupil_carer *pc);
json_t *repr_sen_change(const struct sen_change *c);

/* An account, without any secret: email, name, kind, roles, school (its
 * URN, given by the caller), two-factor state, disabled, dates. */
json_t *repr_account(const struct account *acc, const char *school_urn);
/* An API token's record (never the token, which is not kept). */
json_t *repr_api_token(const struct api_token *t, const char *school_urn);

/* A string or JSON null for NULL/"". */
json_t *repr_str(const char *s);

/* Build an object key by key: repr_set() takes v (NULL counts as failure);
 * the first failure sticks, and repr_done() then drops the object and
 * returns NULL. Start with { .o = json_object() }. */
struct repr_obj {
    json_t *o;
    bool bad;
};
void repr_set(struct repr_obj *b, const char *key, json_t *v);
json_t *repr_done(struct repr_obj *b);

#endif
