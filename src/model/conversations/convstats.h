/* convstats.h - the figures of the structured conversations report, as pure
 * functions over plain arrays, so each can be checked by hand
 * (tests/unit/test_convstats.c). model/convreport.c loads the arrays.
 *
 * For a set of pupils in scope (all, or one key teacher's) over a school
 * year, with contacts, conversations and reviews of pupils outside the set
 * ignored:
 *
 *   pupils_in_scope      pupils in the set;
 *   with_0 .. with_2     pupils with exactly 0, 1, 2 planned conversations
 *   with_3_or_more       held ... and with 3 or more, each counted in its
 *                        own term: a pupil's count is the sum over the
 *                        three terms of min(held in the term, planned in
 *                        the term), so three in one term count once on
 *                        the default plan (one a term);
 *   share_with_2_or_more (with_2 + with_3_or_more) / pupils_in_scope: AfA's
 *                        share of pupils with two or three conversations;
 *   conversations        conversations held (complete, with a parent or
 *                        carer taking part), every one;
 *   did_not_attend       conversations arranged that the family did not
 *                        come to (never counted as held);
 *   mean_fidelity        mean fidelity (0-1) over the conversations held;
 *   target_reviews       target reviews recorded in the year;
 *   targets_reviewed_with_parent_share
 *                        the share of those reviews the parent took part in;
 *   target_reviews_with_parent_per_pupil
 *                        reviews the parent took part in, per pupil in the
 *                        set: AfA's "how often parents reviewed targets";
 *   contacts             contacts with the families in the year;
 *   positive_contact_share
 *                        the share of contacts that were a celebration (or
 *                        praise) or a progress update;
 *   mean_distinct_methods
 *                        mean over the pupils in the set of the number of
 *                        different contact methods used with the family in
 *                        the year (a pupil with no contacts counts 0);
 *   progress_methods_mean
 *                        the same, counting only contacts whose purpose was
 *                        a progress update: AfA's "range of methods used to
 *                        tell parents about progress";
 *   methods_used         contacts by method;
 *   family_started_contacts
 *                        contacts started by the family (a parent's reply
 *                        to a shared record is one: model/conversations/
 *                        reply.h);
 * and two prompts (as of today, or a past year's last day):
 *   targets_past_review  open targets past their review date with no review
 *                        since;
 *   no_agreement_yet     pupils in the set whose family has no agreement
 *                        yet.
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
    /* Conversations planned in each term; all 0 means the default plan,
     * one each term. */
    int planned[3];
    int targets_past_review; /* open targets past their review date, not reviewed since */
    bool has_agreement;      /* an agreement with the family has been made */
};

struct cs_conversation { /* a conversation held */
    int64_t pupil_id;
    double fidelity; /* 0-1 */
    int term;        /* 0 autumn, 1 spring, 2 summer (schoolyear_term_for) */
};

struct cs_review {
    int64_t pupil_id;
    bool parent_took_part;
};

struct cs_contact {
    int64_t pupil_id;
    const char *purpose;
    const char *method;
    bool by_family; /* started by the family (a parent's reply is one) */
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
    const int64_t *did_not_come; /* a pupil id per meeting the family did not come to */
    size_t n_did_not_come;
};

struct cs_figures {
    int pupils_in_scope;
    int with[4]; /* 0, 1, 2, 3 or more planned conversations held */
    double share_with_2_or_more;
    int conversations; /* held */
    int did_not_attend;
    double mean_fidelity;
    int target_reviews, reviews_with_parent;
    double parent_review_share;
    double reviews_with_parent_per_pupil;
    int contacts, positive_contacts;
    int family_started_contacts; /* contacts the family started */
    double positive_contact_share;
    double mean_distinct_methods;
    double progress_methods_mean;
    int targets_past_review; /* prompts: targets past their review date */
    int no_agreement_yet;    /* prompts: families in scope with no agreement yet */
    int methods_used[CONTACT_N_METHODS];
};

/* How many of a pupil's planned conversations were held, each counted in
 * its own term (see with_0 above), capped at 3. */
int convstats_held_by_term(const struct cs_input *in, const struct cs_pupil *p);

/* The figures for the pupils of teacher_id (CONVSTATS_ALL for everyone; 0
 * for pupils with no key teacher). */
void convstats_compute(const struct cs_input *in, int64_t teacher_id, struct cs_figures *out);

#endif
