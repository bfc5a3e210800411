#include "model/conversations/convstats.h"

#include <string.h>

/* The index of pupil_id among the set (pupils whose teacher matches), or -1. */
static long find(const struct cs_input *in, int64_t teacher_id, int64_t pupil_id)
{
    for (size_t i = 0; i < in->n_pupils; i++)
        if (in->pupils[i].pupil_id == pupil_id)
            return teacher_id == CONVSTATS_ALL || in->pupils[i].teacher_id == teacher_id ? (long)i
                                                                                         : -1;
    return -1;
}

void convstats_compute(const struct cs_input *in, int64_t teacher_id, struct cs_figures *out)
{
    memset(out, 0, sizeof *out);
    out->mean_fidelity = out->parent_review_share = out->positive_contact_share = -1;
    out->mean_distinct_methods = -1;
    long method_total = 0;
    for (size_t i = 0; i < in->n_pupils; i++) {
        const struct cs_pupil *p = &in->pupils[i];
        if (teacher_id != CONVSTATS_ALL && p->teacher_id != teacher_id)
            continue;
        out->pupils_in_scope++;
        int held = 0;
        for (size_t k = 0; k < in->n_conversations; k++)
            held += in->conversations[k].pupil_id == p->pupil_id;
        out->with[held > 3 ? 3 : held]++;
        unsigned methods = 0;
        for (size_t k = 0; k < in->n_contacts; k++) {
            int m = contact_method_index(in->contacts[k].method);
            if (in->contacts[k].pupil_id == p->pupil_id && m >= 0)
                methods |= 1u << m;
        }
        int distinct = 0;
        for (int m = 0; m < CONTACT_N_METHODS; m++)
            distinct += (methods >> m) & 1u;
        method_total += distinct;
    }
    if (out->pupils_in_scope)
        out->mean_distinct_methods = (double)method_total / out->pupils_in_scope;

    double fsum = 0;
    for (size_t k = 0; k < in->n_conversations; k++)
        if (find(in, teacher_id, in->conversations[k].pupil_id) >= 0) {
            out->conversations++;
            fsum += in->conversations[k].fidelity;
        }
    if (out->conversations)
        out->mean_fidelity = fsum / out->conversations;

    for (size_t k = 0; k < in->n_reviews; k++)
        if (find(in, teacher_id, in->reviews[k].pupil_id) >= 0) {
            out->target_reviews++;
            out->reviews_with_parent += in->reviews[k].parent_took_part;
        }
    if (out->target_reviews)
        out->parent_review_share = (double)out->reviews_with_parent / out->target_reviews;

    for (size_t k = 0; k < in->n_contacts; k++)
        if (find(in, teacher_id, in->contacts[k].pupil_id) >= 0) {
            out->contacts++;
            out->positive_contacts += contact_is_positive(in->contacts[k].purpose);
            int m = contact_method_index(in->contacts[k].method);
            if (m >= 0)
                out->methods_used[m]++;
        }
    if (out->contacts)
        out->positive_contact_share = (double)out->positive_contacts / out->contacts;
}
