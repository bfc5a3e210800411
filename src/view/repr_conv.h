/* repr_conv.h - the JSON shape of structured conversations, targets,
 * parents' views, agreements, contacts, scope entries, terms and the
 * conversations report, shared by `--json` and the JSON API. Each function
 * returns a new reference, or NULL when memory runs out. A share or mean
 * of -1 ("no data") is written as null. */
#ifndef MESO_REPR_CONV_H
#define MESO_REPR_CONV_H

#include <jansson.h>

#include "model/conversations/agreement.h"
#include "model/conversations/contact.h"
#include "model/conversations/conversation.h"
#include "model/conversations/convreport.h"
#include "model/conversations/convstats.h"
#include "model/conversations/fidelity.h"
#include "model/calendar/schoolyear.h"
#include "model/conversations/scope.h"

json_t *repr_target(const struct target *t);
json_t *repr_parent_view(const struct parent_view *v);
/* The record with its four stages, targets, views and fidelity checklist. */
json_t *repr_conversation(const struct conversation *c);
json_t *repr_fidelity(const struct fidelity *f);
json_t *repr_agreement(const struct agreement *ag);
json_t *repr_contact(const struct contact *c);
json_t *repr_contact_summary(const struct contact_summary *s);
json_t *repr_family_prompt(const struct family_prompt *p);
json_t *repr_scope_entry(const struct scope_entry *s);
json_t *repr_term(const struct term *t);
/* The report's figures: pupils_in_scope, with_0 .. with_3_or_more,
 * conversations, mean_fidelity, target_reviews,
 * targets_reviewed_with_parent_share, contacts, positive_contact_share,
 * mean_distinct_methods, methods_used. */
json_t *repr_figures(const struct cs_figures *f);
/* The whole report as `meso report conversations --json` prints it (and the
 * API returns it): the figures above for the whole school, plus school
 * (the URN), year, year_label, from, to and per_teacher (the figures for
 * each key teacher with key_teacher and staff_id). */
json_t *repr_report(const struct convreport *r, const char *school_urn);
/* A number, or null for -1 ("no data"). */
json_t *repr_share(double x);

#endif
