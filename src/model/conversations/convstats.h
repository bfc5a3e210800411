/* convstats.h - the figures of the structured conversations report, as pure
 * functions over plain arrays, so each can be checked by hand
 * (tests/unit/test_convstats.c). model/convreport.c loads the arrays.
 *
 * For a set of pupils in scope (all, or one key teacher's) over a school
 * year, with contacts, conversations and reviews of pupils outside the set
 * ignored:
 *
 *   pupils_in_scope      pupils in the set;
 *   with_0 .. with_2     pupils with exactly 0, 1, 2 complete conversations
 *   with_3_or_more       ... and with 3 or more;
 *   conversations        complete conversations;
 *   mean_fidelity        mean fidelity (0-1) over those conversations;
 *   target_reviews       target reviews recorded in the year;
 *   targets_reviewed_with_parent_share
 *                        the share of those reviews the parent took part in;
 *   contacts             contacts with the families in the year;
 *   positive_contact_share
 *                        the share of contacts that were a celebration (or
 *                        praise) or a progress update;
 *   mean_distinct_methods
 *                        mean over the pupils in the set of the number of
 *                        different contact methods used with the family in
 *                        the year (a pupil with no contacts counts 0);
 *   methods_used         contacts by method.
 *
 * A share or mean with nothing to average is -1 ("no data"), shown as null.
 */
#ifndef MESO_CONVSTATS_H
#define MESO_CONVSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conversations/contact.h"

#define CONVSTATS_ALL INT64_MIN /* every teacher */

struct cs_pupil {
    int64_t pupil_id;
    int64_t teacher_id; /* 0 when the pupil has no key teacher yet */
};

struct cs_conversation {
    int64_t pupil_id;
    double fidelity; /* 0-1 */
};

struct cs_review {
    int64_t pupil_id;
    bool parent_took_part;
};

struct cs_contact {
    int64_t pupil_id;
    const char *purpose;
    const char *method;
};

struct cs_input {
    const struct cs_pupil *pupils;
    size_t n_pupils;
    const struct cs_conversation *conversations; /* complete ones in the year */
    size_t n_conversations;
    const struct cs_review *reviews; /* reviews in the year */
    size_t n_reviews;
    const struct cs_contact *contacts; /* contacts in the year */
    size_t n_contacts;
};

struct cs_figures {
    int pupils_in_scope;
    int with[4]; /* 0, 1, 2, 3 or more complete conversations */
    int conversations;
    double mean_fidelity;
    int target_reviews, reviews_with_parent;
    double parent_review_share;
    int contacts, positive_contacts;
    double positive_contact_share;
    double mean_distinct_methods;
    int methods_used[CONTACT_N_METHODS];
};

/* The figures for the pupils of teacher_id (CONVSTATS_ALL for everyone; 0
 * for pupils with no key teacher). */
void convstats_compute(const struct cs_input *in, int64_t teacher_id, struct cs_figures *out);

#endif
