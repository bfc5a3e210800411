/* repr_prog.h - the JSON shape of programme templates, provisions and
 * cohorts, sessions, stories and the programme report, shared by `--json`
 * and (later) the JSON API. Each function returns a new reference, or NULL
 * when memory runs out. Shares and means of -1 ("no data") are null; money
 * is in whole pence (keys ending _pence). docs/programmes.md lists every
 * key of the report. */
#ifndef MESO_REPR_PROG_H
#define MESO_REPR_PROG_H

#include <jansson.h>

#include "model/programmes/programme.h"
#include "model/programmes/progreport.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/programmes/story.h"

json_t *repr_progtemplate(const struct progtemplate *t);
/* A provision's own record: tier, outcomes, evidence, sessions, costs
 * (items and totals), dates, team; enrolments when with_enrolments. */
json_t *repr_provision(const struct provision *p, bool with_enrolments);
json_t *repr_enrolment(const struct enrolment *en);
json_t *repr_prog_session(const struct prog_session *s, size_t n_agenda);
json_t *repr_story(const struct story *s);
json_t *repr_costs(const struct provision_costs *c);
/* The report: the keys of docs/programmes.md, `outcome` among them. */
json_t *repr_progreport(const struct progreport *r, const char *school_urn);

#endif
