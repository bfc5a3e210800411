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

int convstats_held_by_term(const struct cs_input *in, const struct cs_pupil *p)
{
    int held[3] = { 0 }, counted = 0;
    bool plan_set = p->planned[0] || p->planned[1] || p->planned[2];
    for (size_t k = 0; k < in->n_conversations; k++) {
        const struct cs_conversation *c = &in->conversations[k];
        if (c->pupil_id == p->pupil_id && c->term >= 0 && c->term < 3)
            held[c->term]++;
    }
    for (int t = 0; t < 3; t++) {
        int planned = plan_set ? p->planned[t] : 1;
        counted += held[t] < planned ? held[t] : planned;
    }
    return counted > 3 ? 3 : counted;
}

void convstats_compute(const struct cs_input *in, int64_t teacher_id, struct cs_figures *out)
{
    memset(out, 0, sizeof *out);
    out->mean_fidelity = out->parent_review_share = out->positive_contact_share = -1;
    out->mean_distinct_methods = out->progress_methods_mean = -1;
    out->share_with_2_or_more = out->reviews_with_parent_per_pupil = -1;
    long method_total = 0, progress_total = 0;
    for (size_t i = 0; i < in->n_pupils; i++) {
        const struct cs_pupil *p = &in->pupils[i];
        if (teacher_id != CONVSTATS_ALL && p->teacher_id != teacher_id)
            continue;
        out->pupils_in_scope++;
        out->with[convstats_held_by_term(in, p)]++;
        out->targets_past_review += p->targets_past_review;
        out->no_agreement_yet += !p->has_agreement;
        unsigned methods = 0, progress = 0;
        for (size_t k = 0; k < in->n_contacts; k++) {
            int m = contact_method_index(in->contacts[k].method);
            if (in->contacts[k].pupil_id != p->pupil_id || m < 0)
                continue;
            methods |= 1u << m;
            if (in->contacts[k].purpose && !strcmp(in->contacts[k].purpose, "progress"))
                progress |= 1u << m;
        }
        for (int m = 0; m < CONTACT_N_METHODS; m++) {
            method_total += (methods >> m) & 1u;
            progress_total += (progress >> m) & 1u;
        }
    }
    if (out->pupils_in_scope) {
        out->mean_distinct_methods = (double)method_total / out->pupils_in_scope;
        out->progress_methods_mean = (double)progress_total / out->pupils_in_scope;
        out->share_with_2_or_more = (double)(out->with[2] + out->with[3]) / out->pupils_in_scope;
    }
    for (size_t k = 0; k < in->n_did_not_come; k++)
        out->did_not_attend += find(in, teacher_id, in->did_not_come[k]) >= 0;

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
    if (out->pupils_in_scope)
        out->reviews_with_parent_per_pupil =
            (double)out->reviews_with_parent / out->pupils_in_scope;

    for (size_t k = 0; k < in->n_contacts; k++)
        if (find(in, teacher_id, in->contacts[k].pupil_id) >= 0) {
            out->contacts++;
            out->positive_contacts += contact_is_positive(in->contacts[k].purpose);
            out->family_started_contacts += in->contacts[k].by_family;
            int m = contact_method_index(in->contacts[k].method);
            if (m >= 0)
                out->methods_used[m]++;
        }
    if (out->contacts)
        out->positive_contact_share = (double)out->positive_contacts / out->contacts;
}
