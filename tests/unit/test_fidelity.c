/* Unit tests for model/fidelity: each of the six checklist items met and
 * unmet on hand-built records, the order of Explore and Focus, and the
 * score as the share of items met. */
#include "testutil.h"

#include "core/str.h"
#include "model/conversations/fidelity.h"

static struct target good_target = { .what = "Read together three evenings a week",
                                     .owner = "parent",
                                     .review_date = "2025-03-01" };

/* A record that meets every item. */
static struct conversation full(void)
{
    struct conversation c = { .status = "complete",
                              .going_well = "Sam is proud of her reading",
                              .concerns = "Mornings are hard",
                              .focus_area = "Settling in the mornings",
                              .agreed_together = true,
                              .targets = &good_target,
                              .n_targets = 1,
                              .summary = "A calm start plan",
                              .pupil_views = "Sam likes feeding the fish",
                              .stage_seq = { 1, 2, 3, 4 } };
    str_copy(c.event_date, sizeof c.event_date, "2025-01-15");
    str_copy(c.next_meeting, sizeof c.next_meeting, "2025-03-20");
    return c;
}

static void all_met(void **state)
{
    (void)state;
    struct conversation c = full();
    struct fidelity f;
    fidelity_check(&c, &f);
    for (int i = 0; i < FID_N; i++)
        assert_true(f.met[i]);
    assert_int_equal(f.n_met, 6);
    assert_true(f.score == 1.0);
    assert_true(fidelity_score(&c) == 1.0);
}

static void expect_only_unmet(const struct conversation *c, int item)
{
    struct fidelity f;
    fidelity_check(c, &f);
    for (int i = 0; i < FID_N; i++)
        if (i == item)
            assert_false(f.met[i]);
        else
            assert_true(f.met[i]);
    assert_int_equal(f.n_met, 5);
    assert_true(f.score > 5.0 / 6 - 1e-12 && f.score < 5.0 / 6 + 1e-12);
}

static void four_stages(void **state)
{
    (void)state;
    struct conversation c = full();
    c.summary = NULL; /* Review no longer recorded */
    c.next_meeting[0] = '\0';
    struct fidelity f;
    fidelity_check(&c, &f);
    assert_false(f.met[FID_FOUR_STAGES]);
    assert_false(f.met[FID_NEXT_MEETING]);
    assert_int_equal(f.n_met, 4);
    /* A next meeting alone is enough for Review to be recorded. */
    c = full();
    c.summary = NULL;
    fidelity_check(&c, &f);
    assert_true(f.met[FID_FOUR_STAGES]);
    /* No target: Plan missing, and no target item either. */
    c = full();
    c.n_targets = 0;
    fidelity_check(&c, &f);
    assert_false(f.met[FID_FOUR_STAGES]);
    assert_false(f.met[FID_TARGET]);
    assert_int_equal(f.n_met, 4);
    /* Explore blank (only white space): four stages and parent-first fail. */
    c = full();
    c.going_well = "  ";
    c.concerns = NULL;
    fidelity_check(&c, &f);
    assert_false(f.met[FID_FOUR_STAGES]);
    assert_false(f.met[FID_PARENT_FIRST]);
    assert_int_equal(f.n_met, 4);
}

static void parent_first_order(void **state)
{
    (void)state;
    struct conversation c = full();
    c.stage_seq[STAGE_EXPLORE] = 2;
    c.stage_seq[STAGE_FOCUS] = 1; /* the focus was set first */
    expect_only_unmet(&c, FID_PARENT_FIRST);
    c = full();
    c.stage_seq[STAGE_EXPLORE] = 0; /* never stamped */
    expect_only_unmet(&c, FID_PARENT_FIRST);
    c = full();
    c.stage_seq[STAGE_EXPLORE] = 1;
    c.stage_seq[STAGE_FOCUS] = 4; /* explore first, focus last: still met */
    struct fidelity f;
    fidelity_check(&c, &f);
    assert_true(f.met[FID_PARENT_FIRST]);
    /* Focus not recorded at all: the order cannot be met, nor can agreement. */
    c = full();
    c.focus_area = NULL;
    fidelity_check(&c, &f);
    assert_false(f.met[FID_PARENT_FIRST]);
    assert_false(f.met[FID_FOCUS_AGREED]);
    assert_false(f.met[FID_FOUR_STAGES]);
}

static void focus_agreed(void **state)
{
    (void)state;
    struct conversation c = full();
    c.agreed_together = false;
    expect_only_unmet(&c, FID_FOCUS_AGREED);
    /* Priorities alone record Focus, but there is no agreed area. */
    c = full();
    c.focus_area = NULL;
    c.priorities = "Mornings, then reading";
    struct fidelity f;
    fidelity_check(&c, &f);
    assert_true(f.met[FID_FOUR_STAGES]);
    assert_false(f.met[FID_FOCUS_AGREED]);
}

static void target_needs_owner_and_review(void **state)
{
    (void)state;
    struct target no_date = good_target;
    no_date.review_date[0] = '\0';
    struct target no_owner = good_target;
    no_owner.owner = NULL;
    struct conversation c = full();
    c.targets = &no_date;
    expect_only_unmet(&c, FID_TARGET);
    c.targets = &no_owner;
    expect_only_unmet(&c, FID_TARGET);
    /* One good target among others is enough. */
    struct target two[2] = { no_date, good_target };
    c.targets = two;
    c.n_targets = 2;
    struct fidelity f;
    fidelity_check(&c, &f);
    assert_int_equal(f.n_met, 6);
}

static void pupil_views(void **state)
{
    (void)state;
    struct conversation c = full();
    c.pupil_views = NULL;
    expect_only_unmet(&c, FID_PUPIL_VIEWS);
    c.views_not_sought = "Sam was unwell that week; we will ask her next time";
    struct fidelity f;
    fidelity_check(&c, &f);
    assert_true(f.met[FID_PUPIL_VIEWS]);
}

static void next_meeting(void **state)
{
    (void)state;
    struct conversation c = full();
    c.next_meeting[0] = '\0';
    expect_only_unmet(&c, FID_NEXT_MEETING);
}

static void empty_record(void **state)
{
    (void)state;
    struct conversation c = { .status = "draft" };
    struct fidelity f;
    fidelity_check(&c, &f);
    assert_int_equal(f.n_met, 0);
    assert_true(f.score == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_met),
        cmocka_unit_test(four_stages),
        cmocka_unit_test(parent_first_order),
        cmocka_unit_test(focus_agreed),
        cmocka_unit_test(target_needs_owner_and_review),
        cmocka_unit_test(pupil_views),
        cmocka_unit_test(next_meeting),
        cmocka_unit_test(empty_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
