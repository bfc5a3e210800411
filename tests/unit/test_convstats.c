/* Unit tests for model/convstats: every figure of the conversations report
 * on small hand-built cases, for the whole school and per teacher. */
#include "testutil.h"

#include "model/conversations/convstats.h"

#define NEAR(a, b) assert_true((a) > (b)-1e-9 && (a) < (b) + 1e-9)

/* Four pupils in scope with 0, 1, 2 and 3 conversations held, one a term;
 * teachers 7 and 8; pupil 5 is not in scope, so what is recorded for it is
 * ignored. Pupil 1 has two targets past their review date; pupils 1 and 2
 * have an agreement; pupils 1 and 3 each had a meeting the family did not
 * come to. */
#define PLAN_DEFAULT \
    {                \
        0, 0, 0      \
    }
static const struct cs_pupil pupils[] = { { 1, 7, PLAN_DEFAULT, 2, true },
                                          { 2, 7, PLAN_DEFAULT, 0, true },
                                          { 3, 8, PLAN_DEFAULT, 0, false },
                                          { 4, 0, PLAN_DEFAULT, 0, false } };
static const struct cs_conversation convs[] = {
    { 2, 0.5, 0 }, { 3, 1.0, 0 }, { 3, 0.5, 1 }, { 4, 1.0, 0 },
    { 4, 1.0, 1 }, { 4, 0.0, 2 }, { 5, 0.0, 0 },
};
static const int64_t no_shows[] = { 1, 3, 5 };
static const struct cs_review reviews[] = {
    { 2, true }, { 2, false }, { 3, true }, { 3, true }, { 5, false },
};
static const struct cs_contact contacts[] = {
    { 1, "celebration", "phone", false },    { 1, "concern", "phone", false },
    { 1, "progress", "school_gate", false }, { 2, "information", "letter", false },
    { 3, "support", "home_visit", false },   { 3, "concern", "text", false },
    { 3, "progress", "text", false },        { 5, "celebration", "email", false },
};

static struct cs_input input(void)
{
    return (struct cs_input){ pupils, 4, convs, 7, reviews, 5, contacts, 8, no_shows, 3 };
}

static void whole_school(void **state)
{
    (void)state;
    struct cs_input in = input();
    struct cs_figures f;
    convstats_compute(&in, CONVSTATS_ALL, &f);
    assert_int_equal(f.pupils_in_scope, 4);
    assert_int_equal(f.with[0], 1);
    assert_int_equal(f.with[1], 1);
    assert_int_equal(f.with[2], 1);
    assert_int_equal(f.with[3], 1);
    assert_int_equal(f.conversations, 6);
    NEAR(f.mean_fidelity, (0.5 + 1 + 0.5 + 1 + 1 + 0) / 6);
    assert_int_equal(f.target_reviews, 4);
    assert_int_equal(f.reviews_with_parent, 3);
    NEAR(f.parent_review_share, 0.75);
    assert_int_equal(f.contacts, 7);
    assert_int_equal(f.positive_contacts, 3);
    NEAR(f.positive_contact_share, 3.0 / 7);
    /* Distinct methods: pupil 1 two (phone, gate), 2 one, 3 two (visit,
     * text), 4 none: (2 + 1 + 2 + 0) / 4. */
    NEAR(f.mean_distinct_methods, 1.25);
    assert_int_equal(f.methods_used[contact_method_index("phone")], 2);
    assert_int_equal(f.methods_used[contact_method_index("text")], 2);
    assert_int_equal(f.methods_used[contact_method_index("email")], 0);
    /* AfA's indicators. Two or more: pupils 3 and 4 of 4. Reviews with a
     * parent: 3 over 4 pupils. Progress by: pupil 1 the gate, pupil 3 text;
     * (1 + 0 + 1 + 0) / 4. */
    NEAR(f.share_with_2_or_more, 0.5);
    NEAR(f.reviews_with_parent_per_pupil, 0.75);
    NEAR(f.progress_methods_mean, 0.5);
    assert_int_equal(f.did_not_attend, 2);
    assert_int_equal(f.targets_past_review, 2);
    assert_int_equal(f.no_agreement_yet, 2);
}

static void per_teacher(void **state)
{
    (void)state;
    struct cs_input in = input();
    struct cs_figures f;
    convstats_compute(&in, 7, &f);
    assert_int_equal(f.pupils_in_scope, 2);
    assert_int_equal(f.with[0], 1);
    assert_int_equal(f.with[1], 1);
    assert_int_equal(f.with[2], 0);
    assert_int_equal(f.conversations, 1);
    NEAR(f.mean_fidelity, 0.5);
    NEAR(f.parent_review_share, 0.5);
    assert_int_equal(f.contacts, 4);
    NEAR(f.positive_contact_share, 0.5);
    NEAR(f.mean_distinct_methods, 1.5);

    convstats_compute(&in, 8, &f);
    assert_int_equal(f.pupils_in_scope, 1);
    assert_int_equal(f.with[2], 1);
    NEAR(f.mean_fidelity, 0.75);
    NEAR(f.parent_review_share, 1.0);
    NEAR(f.positive_contact_share, 1.0 / 3);
    NEAR(f.mean_distinct_methods, 2.0);

    /* Teacher 0: pupils with no key teacher yet (pupil 4). */
    convstats_compute(&in, 0, &f);
    assert_int_equal(f.pupils_in_scope, 1);
    assert_int_equal(f.with[3], 1);
    NEAR(f.mean_fidelity, 2.0 / 3);
    assert_int_equal(f.target_reviews, 0);
    assert_true(f.parent_review_share == -1);
    assert_int_equal(f.contacts, 0);
    assert_true(f.positive_contact_share == -1);
    NEAR(f.mean_distinct_methods, 0.0);
}

static void nothing_to_average(void **state)
{
    (void)state;
    struct cs_input in = { 0 };
    struct cs_figures f;
    convstats_compute(&in, CONVSTATS_ALL, &f);
    assert_int_equal(f.pupils_in_scope, 0);
    assert_true(f.mean_fidelity == -1);
    assert_true(f.parent_review_share == -1);
    assert_true(f.positive_contact_share == -1);
    assert_true(f.mean_distinct_methods == -1);
    assert_true(f.share_with_2_or_more == -1);
    assert_true(f.reviews_with_parent_per_pupil == -1);
    assert_true(f.progress_methods_mean == -1);
    /* A teacher with no pupils. */
    in = input();
    convstats_compute(&in, 99, &f);
    assert_int_equal(f.pupils_in_scope, 0);
    assert_int_equal(f.conversations, 0);
    assert_int_equal(f.contacts, 0);
}

static void many_conversations_count_as_three_or_more(void **state)
{
    (void)state;
    static const struct cs_pupil one[] = { { 1, 7, PLAN_DEFAULT, 0, false } };
    static const struct cs_conversation five[] = {
        { 1, 1, 0 }, { 1, 1, 1 }, { 1, 1, 2 }, { 1, 1, 2 }, { 1, 0, 1 },
    };
    struct cs_input in = { one, 1, five, 5, NULL, 0, NULL, 0, NULL, 0 };
    struct cs_figures f;
    convstats_compute(&in, CONVSTATS_ALL, &f);
    assert_int_equal(f.with[3], 1);
    assert_int_equal(f.with[0] + f.with[1] + f.with[2], 0);
    assert_int_equal(f.conversations, 5);
    NEAR(f.mean_fidelity, 0.8);
}

/* Three a year means one a term: three held in one term count once on the
 * default plan, and twice on a plan of two that term. */
static void three_in_one_term_are_not_three_a_year(void **state)
{
    (void)state;
    static const struct cs_pupil ps[] = { { 1, 7, PLAN_DEFAULT, 0, true },
                                          { 2, 7, { 2, 1, 0 }, 0, true } };
    static const struct cs_conversation autumn[] = {
        { 1, 1, 0 }, { 1, 1, 0 }, { 1, 1, 0 }, { 2, 1, 0 }, { 2, 1, 0 }, { 2, 1, 0 },
    };
    struct cs_input in = { ps, 2, autumn, 6, NULL, 0, NULL, 0, NULL, 0 };
    assert_int_equal(convstats_held_by_term(&in, &ps[0]), 1);
    assert_int_equal(convstats_held_by_term(&in, &ps[1]), 2);
    struct cs_figures f;
    convstats_compute(&in, CONVSTATS_ALL, &f);
    assert_int_equal(f.with[1], 1);
    assert_int_equal(f.with[2], 1);
    assert_int_equal(f.with[3], 0);
    assert_int_equal(f.conversations, 6); /* every one held is still counted */
    NEAR(f.share_with_2_or_more, 0.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_school),
        cmocka_unit_test(per_teacher),
        cmocka_unit_test(nothing_to_average),
        cmocka_unit_test(many_conversations_count_as_three_or_more),
        cmocka_unit_test(three_in_one_term_are_not_three_a_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
