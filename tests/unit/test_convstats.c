/* Unit tests for model/convstats: every figure of the conversations report
 * on small hand-built cases, for the whole school and per teacher. */
#include "testutil.h"

#include "model/conversations/convstats.h"

#define NEAR(a, b) assert_true((a) > (b)-1e-9 && (a) < (b) + 1e-9)

/* Four pupils in scope with 0, 1, 2 and 3 conversations; teachers 7 and 8;
 * pupil 5 is not in scope, so what is recorded for it is ignored. */
static const struct cs_pupil pupils[] = { { 1, 7 }, { 2, 7 }, { 3, 8 }, { 4, 0 } };
static const struct cs_conversation convs[] = {
    { 2, 0.5 }, { 3, 1.0 }, { 3, 0.5 }, { 4, 1.0 }, { 4, 1.0 }, { 4, 0.0 }, { 5, 0.0 },
};
static const struct cs_review reviews[] = {
    { 2, true }, { 2, false }, { 3, true }, { 3, true }, { 5, false },
};
static const struct cs_contact contacts[] = {
    { 1, "celebration", "phone" },    { 1, "concern", "phone" },
    { 1, "progress", "school_gate" }, { 2, "information", "letter" },
    { 3, "support", "home_visit" },   { 3, "concern", "text" },
    { 3, "progress", "text" },        { 5, "celebration", "email" },
};

static struct cs_input input(void)
{
    return (struct cs_input){ pupils, 4, convs, 7, reviews, 5, contacts, 8 };
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
    static const struct cs_pupil one[] = { { 1, 7 } };
    static const struct cs_conversation five[] = {
        { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 0 },
    };
    struct cs_input in = { one, 1, five, 5, NULL, 0, NULL, 0 };
    struct cs_figures f;
    convstats_compute(&in, CONVSTATS_ALL, &f);
    assert_int_equal(f.with[3], 1);
    assert_int_equal(f.with[0] + f.with[1] + f.with[2], 0);
    NEAR(f.mean_fidelity, 0.8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_school),
        cmocka_unit_test(per_teacher),
        cmocka_unit_test(nothing_to_average),
        cmocka_unit_test(many_conversations_count_as_three_or_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
