/* Unit tests for model/conversation, convform, scope, agreement and
 * convreport through a real database: the stages' order, parents' views
 * opening the next conversation, targets outliving their conversation,
 * scope and plans, the agreement's history, and the report's figures on a
 * school built here. MESO_TODAY pins today to 2025-03-10. */
#include "testutil.h"

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/conversations/agreement.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/conversations/contact.h"
#include "model/conversations/conversation.h"
#include "model/conversations/convform.h"
#include "model/conversations/convreport.h"
#include "model/conversations/fidelity.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/conversations/scope.h"
#include "model/register/staff.h"

#define NEAR(a, b) assert_true((a) > (b)-1e-9 && (a) < (b) + 1e-9)

static const char *const upns[] = { "R999200120001", "F999200120002", "V999200120003",
                                    "J999200120004", "A999200120005" };

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct err e;
    int64_t school, teacher, teacher2;
    int64_t pupil[5]; /* K, K, E, K, N */
    int64_t carer[5]; /* each pupil's parent */
    int64_t other_carer;
    struct audit_entry who;
};

static int64_t add_pupil(struct fx *f, int i, const char *sen)
{
    struct pupil p = { .legal_surname = "Lee",
                       .legal_forename = "Sam",
                       .dob = "2017-01-01",
                       .sex = "F",
                       .nc_year = "3",
                       .eal = -1 };
    str_copy(p.upn, sizeof p.upn, upns[i]);
    str_copy(p.sen, sizeof p.sen, sen);
    if (sen[0] != 'N')
        str_copy(p.need1, sizeof p.need1, "SEMH");
    enum pupil_save_result res;
    assert_int_equal(pupil_save(f->db, f->school, &p, PF_ALL, "test", &res, &f->e), 0);
    struct carer c = { .surname = "Lee", .forename = "Jo", .title = "Ms" };
    char key[32];
    snprintf(key, sizeof key, "carer-%d", i);
    enum carer_save_result cr;
    assert_int_equal(carer_save(f->db, f->school, &c, key, &cr, &f->e), 0);
    struct carer_link l = {
        .pupil_id = p.id, .carer_id = c.id, .relationship = "mother", .contact_priority = 1
    };
    assert_int_equal(carer_link(f->db, &l, &cr, &f->e), 0);
    f->carer[i] = c.id;
    return p.id;
}

static int setup(void **state)
{
    setenv("MESO_TODAY", "2025-03-10", 1);
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "c.db");
    arena_init(&f->a, 0);
    err_clear(&f->e);
    f->who.actor = "test";
    struct school sc = { .urn = "123456", .name = "Hillside" };
    assert_int_equal(school_add(f->db, &sc, &f->e), 0);
    f->school = sc.id;
    struct staff t = {
        .school_id = sc.id, .name = "Priya Nair", .email = "p@x.org", .role = "teacher"
    };
    assert_int_equal(staff_add(f->db, &t, &f->e), 0);
    f->teacher = t.id;
    struct staff t2 = {
        .school_id = sc.id, .name = "Tom Gallagher", .email = "t@x.org", .role = "teacher"
    };
    assert_int_equal(staff_add(f->db, &t2, &f->e), 0);
    f->teacher2 = t2.id;
    assert_int_equal(db_begin(f->db, &f->e), 0);
    const char *sen[] = { "K", "K", "E", "K", "N" };
    for (int i = 0; i < 5; i++)
        f->pupil[i] = add_pupil(f, i, sen[i]);
    assert_int_equal(db_commit(f->db, &f->e), 0);
    f->other_carer = f->carer[1];
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    arena_release(&f->a);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

/* A record from form text, for pupil i, saved; returns its id. With no
 * status in the text it is complete when it has what a complete record
 * needs, else a draft (as the command line does). */
static int64_t record(struct fx *f, int i, const char *text)
{
    struct conversation c = {
        .pupil_id = f->pupil[i], .school_id = f->school, .status = NULL, .staff_id = f->teacher
    };
    str_copy(c.event_date, sizeof c.event_date, "2025-01-15");
    struct convform_field *fs;
    size_t n, n_order = 0;
    struct problems pr;
    problems_init(&pr, &f->a);
    assert_int_equal(convform_parse(&f->a, text, strlen(text), &fs, &n, &pr), 0);
    struct convform_extra x = { 0 };
    enum conv_stage order[STAGE_N];
    assert_int_equal(convform_apply(&f->a, fs, n, &c, &x, order, &n_order, &pr), 0);
    struct conv_carer came = { .carer_id = f->carer[i],
                               .invited = true,
                               .attended = !c.did_not_come };
    c.carers = &came;
    c.n_carers = 1;
    if (!c.status) {
        struct problems short_of;
        problems_init(&short_of, &f->a);
        conversation_minimum(&c, &short_of);
        c.status = c.did_not_come ? "planned" : short_of.n ? "draft" : "complete";
    }
    assert_int_equal(conversation_validate(f->db, &c, &pr, &f->e), 0);
    if (pr.n)
        fail_msg("problem: %s: %s", pr.items[0].field, pr.items[0].msg);
    assert_int_equal(conversation_create(f->db, &c, order, n_order, &f->who, &f->e), 0);
    return c.id;
}

static const char *full_text = "# a whole record\n"
                               "date: 2025-01-15\n"
                               "going well: Sam reads to her brother\n"
                               "concerns: mornings are hard\n"
                               "  and she is often upset at the door\n"
                               "focus: settling in the mornings\n"
                               "agreed together: yes\n"
                               "target: a calm start | school | fewer upset mornings | 2025-03-01\n"
                               "summary: a calm start plan\n"
                               "next meeting: 2025-04-20\n"
                               "pupil views: likes feeding the fish\n";

static void form_parsing(void **state)
{
    struct fx *f = *state;
    const char *text = "concerns: one\n  two\n\n# note\nnot a field line\nhopes:three\r\n";
    struct convform_field *fs;
    size_t n;
    struct problems pr;
    problems_init(&pr, &f->a);
    assert_int_equal(convform_parse(&f->a, text, strlen(text), &fs, &n, &pr), 0);
    assert_int_equal(n, 2);
    assert_string_equal(fs[0].value, "one\ntwo");
    assert_string_equal(fs[1].key, "hopes");
    assert_string_equal(fs[1].value, "three");
    assert_int_equal(fs[1].line, 6);
    assert_int_equal(pr.n, 1);
    assert_int_equal(pr.items[0].line, 5);
    /* Unknown keys and bad values are problems at their line. */
    const char *bad = "date: 31/02/2025\nmood: fine\ntarget: read more\nagreed together: "
                      "perhaps\n";
    assert_int_equal(convform_parse(&f->a, bad, strlen(bad), &fs, &n, &pr), 0);
    struct conversation c = { 0 };
    struct convform_extra x = { 0 };
    enum conv_stage order[STAGE_N];
    size_t n_order = 0;
    problems_init(&pr, &f->a);
    assert_int_equal(convform_apply(&f->a, fs, n, &c, &x, order, &n_order, &pr), 0);
    assert_int_equal(pr.n, 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(pr.items[i].line, (long)i + 1);
    assert_int_equal(n_order, 0);
}

static void whole_record_in_order(void **state)
{
    struct fx *f = *state;
    int64_t id = record(f, 0, full_text);
    struct conversation c;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    /* Only at its own school: another school's id finds nothing. */
    struct conversation other;
    assert_int_equal(conversation_get(f->db, &f->a, f->school + 1, id, &f->who, &other, &f->e),
                     ERR_NOTFOUND);
    assert_string_equal(c.concerns, "mornings are hard\nand she is often upset at the door");
    assert_int_equal(c.stage_seq[STAGE_EXPLORE], 1);
    assert_int_equal(c.stage_seq[STAGE_FOCUS], 2);
    assert_int_equal(c.stage_seq[STAGE_PLAN], 3);
    assert_int_equal(c.stage_seq[STAGE_REVIEW], 4);
    assert_int_equal(c.n_targets, 1);
    assert_string_equal(c.targets[0].owner, "school");
    assert_string_equal(c.targets[0].status, "open");
    assert_int_equal(c.n_carers, 1);
    assert_true(c.carers[0].attended);
    assert_string_equal(c.staff_name, "Priya Nair");
    struct fidelity fi;
    fidelity_check(&c, &fi);
    assert_int_equal(fi.n_met, 6);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'conversation'"),
                     2);
}

static void focus_before_explore(void **state)
{
    struct fx *f = *state;
    /* The focus is recorded first; the parent's account is added later. */
    int64_t id = record(f, 0, "focus: reading at home\nagreed together: yes\n");
    struct conversation c;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    assert_int_equal(c.stage_seq[STAGE_FOCUS], 1);
    assert_int_equal(c.stage_seq[STAGE_EXPLORE], 0);
    c.going_well = "loves stories";
    enum conv_stage order[] = { STAGE_EXPLORE };
    assert_int_equal(conversation_update(f->db, &c, order, 1, &f->who, &f->e), 0);
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    assert_int_equal(c.stage_seq[STAGE_EXPLORE], 2);
    assert_int_equal(c.stage_seq[STAGE_FOCUS], 1);
    struct fidelity fi;
    fidelity_check(&c, &fi);
    assert_false(fi.met[FID_PARENT_FIRST]);
    assert_true(fi.met[FID_FOCUS_AGREED]);
    /* Options given focus-first in one go are recorded focus-first too. */
    int64_t id2 = record(f, 1, "focus: friendships\ngoing well: kind to others\n");
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id2, &f->who, &c, &f->e), 0);
    assert_int_equal(c.stage_seq[STAGE_FOCUS], 1);
    assert_int_equal(c.stage_seq[STAGE_EXPLORE], 2);
    /* Saving again does not move a stage's place. */
    c.going_well = "kind to others, and funny";
    assert_int_equal(conversation_update(f->db, &c, NULL, 0, &f->who, &f->e), 0);
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id2, &f->who, &c, &f->e), 0);
    assert_int_equal(c.stage_seq[STAGE_EXPLORE], 2);
}

static void validation(void **state)
{
    struct fx *f = *state;
    struct conversation c = { .pupil_id = f->pupil[0],
                              .school_id = f->school,
                              .status = "complete" };
    str_copy(c.event_date, sizeof c.event_date, "2025-03-11"); /* tomorrow */
    str_copy(c.next_meeting, sizeof c.next_meeting, "2025-03-01");
    struct conv_carer stranger = { .carer_id = f->carer[1], .attended = true };
    c.carers = &stranger;
    c.n_carers = 1;
    struct target t = { .what = "read", .owner = "grandma" };
    c.targets = &t;
    c.n_targets = 1;
    struct problems pr;
    problems_init(&pr, &f->a);
    assert_int_equal(conversation_validate(f->db, &c, &pr, &f->e), 0);
    assert_non_null(problems_for(&pr, "event_date"));
    assert_non_null(problems_for(&pr, "next_meeting"));
    assert_non_null(problems_for(&pr, "carers"));
    assert_non_null(problems_for(&pr, "target"));
    /* Planned for tomorrow is fine. */
    c.status = "planned";
    c.next_meeting[0] = '\0';
    c.n_carers = 0;
    c.n_targets = 0;
    problems_init(&pr, &f->a);
    assert_int_equal(conversation_validate(f->db, &c, &pr, &f->e), 0);
    assert_int_equal(pr.n, 0);
}

static void views_open_the_next_conversation(void **state)
{
    struct fx *f = *state;
    struct parent_view v = { .pupil_id = f->pupil[0],
                             .carer_id = f->carer[0],
                             .worries = "homework takes hours" };
    str_copy(v.given_on, sizeof v.given_on, "2025-01-10");
    assert_int_equal(parent_view_add(f->db, &v, &f->who, &f->e), 0);
    /* Another carer's, not linked to this pupil: refused. */
    struct parent_view w = v;
    w.carer_id = f->carer[2];
    assert_int_equal(parent_view_add(f->db, &w, &f->who, &f->e), ERR_INPUT);
    /* Empty views: refused. */
    struct parent_view empty = { .pupil_id = f->pupil[0], .carer_id = f->carer[0] };
    str_copy(empty.given_on, sizeof empty.given_on, "2025-01-10");
    assert_int_equal(parent_view_add(f->db, &empty, &f->who, &f->e), ERR_INPUT);
    /* A view given after the conversation waits for the next one. */
    struct parent_view later = v;
    later.worries = NULL;
    later.going_well = "sleeping better";
    str_copy(later.given_on, sizeof later.given_on, "2025-02-01");
    assert_int_equal(parent_view_add(f->db, &later, &f->who, &f->e), 0);
    struct parent_view *ps;
    size_t n;
    assert_int_equal(parent_view_pending(f->db, &f->a, f->pupil[0], &f->who, &ps, &n, &f->e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(ps[0].given_on, "2025-01-10");
    int64_t id = record(f, 0, full_text);
    struct conversation c;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    assert_int_equal(c.n_views, 1);
    assert_string_equal(c.views[0].worries, "homework takes hours");
    assert_string_equal(c.views[0].carer_name, "Ms Jo Lee");
    assert_int_equal(parent_view_pending(f->db, &f->a, f->pupil[0], &f->who, &ps, &n, &f->e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(ps[0].going_well, "sleeping better");
    /* Views given on the day of a complete record, after it, are for the
     * next conversation: correcting the record does not take them. */
    assert_string_equal(c.status, "complete");
    struct parent_view same_day = { .pupil_id = f->pupil[0],
                                    .carer_id = f->carer[0],
                                    .to_talk_about = "swimming" };
    str_copy(same_day.given_on, sizeof same_day.given_on, c.event_date);
    assert_int_equal(parent_view_add(f->db, &same_day, &f->who, &f->e), 0);
    c.summary = "A corrected summary";
    assert_int_equal(conversation_update(f->db, &c, NULL, 0, &f->who, &f->e), 0);
    assert_int_equal(parent_view_pending(f->db, &f->a, f->pupil[0], &f->who, &ps, &n, &f->e), 0);
    assert_int_equal(n, 2);
}

static void targets_outlive_their_conversation(void **state)
{
    struct fx *f = *state;
    int64_t id = record(f, 0, full_text);
    struct conversation c;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    int64_t tid = c.targets[0].id;
    struct target_review r = { .target_id = tid,
                               .status = "progressing",
                               .parent_took_part = true };
    str_copy(r.reviewed_on, sizeof r.reviewed_on, "2025-02-01");
    assert_int_equal(target_review(f->db, &r, &f->who, &f->e), 0);
    struct target_review r2 = { .target_id = tid, .status = "achieved", .note = "calm all week" };
    str_copy(r2.reviewed_on, sizeof r2.reviewed_on, "2025-03-01");
    assert_int_equal(target_review(f->db, &r2, &f->who, &f->e), 0);
    /* Before the target was set, in the future, or an unknown status. */
    struct target_review early = { .target_id = tid, .status = "open" };
    str_copy(early.reviewed_on, sizeof early.reviewed_on, "2025-01-01");
    assert_int_equal(target_review(f->db, &early, &f->who, &f->e), ERR_INPUT);
    str_copy(early.reviewed_on, sizeof early.reviewed_on, "2025-04-01");
    assert_int_equal(target_review(f->db, &early, &f->who, &f->e), ERR_INPUT);
    early.status = "forgotten";
    assert_int_equal(target_review(f->db, &early, &f->who, &f->e), ERR_INPUT);
    struct target t;
    assert_int_equal(target_get(f->db, &f->a, tid, &t, &f->e), 0);
    assert_string_equal(t.status, "achieved");
    assert_int_equal(t.n_reviews, 2);
    assert_true(t.reviews[0].parent_took_part);
    assert_false(t.reviews[1].parent_took_part);
    assert_string_equal(t.reviews[1].note, "calm all week");
    /* A review is kept as recorded. */
    assert_int_not_equal(db_exec(f->db, "UPDATE target_review SET status = 'open'", &f->e), 0);
    /* A target added later stamps the Plan stage. */
    struct target more = { .conversation_id = id, .what = "a reading log", .owner = "pupil" };
    assert_int_equal(target_add(f->db, &more, &f->who, &f->e), 0);
    struct target *all;
    size_t n;
    assert_int_equal(target_list(f->db, &f->a, f->pupil[0], &f->who, &all, &n, &f->e), 0);
    assert_int_equal(n, 2);
}

static void sharing(void **state)
{
    struct fx *f = *state;
    int64_t id = record(f, 0, full_text);
    assert_int_equal(conversation_share(f->db, id, "2025-01-14", NULL, &f->who, &f->e), ERR_INPUT);
    assert_int_equal(conversation_share(f->db, id, "2025-01-16", "printed copy", &f->who, &f->e),
                     0);
    assert_int_equal(conversation_share(f->db, 999, "2025-01-16", NULL, &f->who, &f->e),
                     ERR_NOTFOUND);
    struct conversation c;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    assert_string_equal(c.shared_on, "2025-01-16");
    assert_string_equal(c.shared_how, "printed copy");
}

/* The web form adds targets one at a time and names each problem's field. */
static void one_target_at_a_time(void **state)
{
    struct fx *f = *state;
    (void)f;
    struct problems pr;
    problems_init(&pr, &f->a);
    struct target ok = { .what = "Read together for ten minutes", .owner = "parent" };
    str_copy(ok.review_date, sizeof ok.review_date, "2025-04-01");
    target_validate(&ok, "2025-03-10", &pr);
    assert_int_equal(pr.n, 0);
    struct target bad = { .what = "   ", .owner = "grandma" };
    str_copy(bad.review_date, sizeof bad.review_date, "2025-02-30");
    target_validate(&bad, "2025-03-10", &pr);
    assert_int_equal(pr.n, 3);
    assert_non_null(problems_for(&pr, "what"));
    assert_non_null(problems_for(&pr, "owner"));
    assert_non_null(problems_for(&pr, "review_date"));
    assert_true(problems_for(&pr, "what")[0] >= 'A' && problems_for(&pr, "what")[0] <= 'Z');
    problems_init(&pr, &f->a);
    struct target early = { .what = "x", .owner = "pupil" };
    str_copy(early.review_date, sizeof early.review_date, "2025-03-01");
    target_validate(&early, "2025-03-10", &pr);
    assert_string_equal(problems_for(&pr, "review_date"),
                        "The review date should be after the conversation");
    /* No event date to compare with, no review date: both fine. */
    problems_init(&pr, &f->a);
    target_validate(&early, NULL, &pr);
    early.review_date[0] = '\0';
    target_validate(&early, "2025-03-10", &pr);
    assert_int_equal(pr.n, 0);
    /* The schema keeps a target's text to 2000 characters: a longer one is a
     * problem for the form, not a failed insert (it was a 500 on the web). */
    char *longer = arena_alloc(&f->a, TARGET_WHAT_MAX + 2);
    memset(longer, 'x', TARGET_WHAT_MAX + 1);
    longer[TARGET_WHAT_MAX + 1] = '\0';
    struct target big = { .what = longer, .owner = "school" };
    target_validate(&big, NULL, &pr);
    assert_non_null(problems_for(&pr, "what"));
    problems_init(&pr, &f->a);
    struct conversation c = { .pupil_id = f->pupil[0],
                              .school_id = f->school,
                              .status = "draft",
                              .targets = &big,
                              .n_targets = 1 };
    str_copy(c.event_date, sizeof c.event_date, "2025-03-10");
    assert_int_equal(conversation_validate(f->db, &c, &pr, &f->e), 0);
    assert_non_null(problems_for(&pr, "target"));
    /* Exactly the limit is stored. */
    longer[TARGET_WHAT_MAX] = '\0';
    problems_init(&pr, &f->a);
    assert_int_equal(conversation_validate(f->db, &c, &pr, &f->e), 0);
    assert_int_equal(pr.n, 0);
    assert_int_equal(conversation_create(f->db, &c, NULL, 0, &f->who, &f->e), 0);
    assert_int_equal(test_count(f->db, "SELECT max(length(what)) FROM target"), TARGET_WHAT_MAX);
}

/* The web pages save one stage at a time: the order they were first saved
 * in is the order the teacher filled them in. */
static void stage_by_stage(void **state)
{
    struct fx *f = *state;
    struct conversation c = {
        .pupil_id = f->pupil[0], .school_id = f->school, .status = "draft", .staff_id = f->teacher
    };
    str_copy(c.event_date, sizeof c.event_date, "2025-03-10");
    assert_int_equal(conversation_create(f->db, &c, NULL, 0, &f->who, &f->e), 0);
    struct conv_ref ref;
    assert_int_equal(conversation_ref(f->db, c.id, &ref, &f->e), 0);
    assert_string_equal(ref.status, "draft");
    assert_false(ref.shared);
    assert_int_equal(ref.pupil_id, f->pupil[0]);
    enum conv_stage explore = STAGE_EXPLORE, focus = STAGE_FOCUS, review = STAGE_REVIEW;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, c.id, &f->who, &c, &f->e), 0);
    c.going_well = "She sings at home";
    assert_int_equal(conversation_update(f->db, &c, &explore, 1, &f->who, &f->e), 0);
    assert_int_equal(conversation_get(f->db, &f->a, f->school, c.id, &f->who, &c, &f->e), 0);
    c.focus_area = "Joining in at playtime";
    c.agreed_together = true;
    assert_int_equal(conversation_update(f->db, &c, &focus, 1, &f->who, &f->e), 0);
    struct target t = { .conversation_id = c.id, .what = "A buddy at playtime", .owner = "school" };
    str_copy(t.review_date, sizeof t.review_date, "2025-04-01");
    assert_int_equal(target_add(f->db, &t, &f->who, &f->e), 0);
    assert_int_equal(conversation_get(f->db, &f->a, f->school, c.id, &f->who, &c, &f->e), 0);
    str_copy(c.next_meeting, sizeof c.next_meeting, "2025-05-01");
    c.pupil_views = "I like the swings";
    assert_int_equal(conversation_update(f->db, &c, &review, 1, &f->who, &f->e), 0);
    assert_int_equal(conversation_get(f->db, &f->a, f->school, c.id, &f->who, &c, &f->e), 0);
    for (int s = 0; s < STAGE_N; s++)
        assert_int_equal(c.stage_seq[s], s + 1);
    struct fidelity fi;
    fidelity_check(&c, &fi);
    assert_int_equal(fi.n_met, FID_N);
    /* A draft, even shared, is not for the family; a complete shared one is. */
    assert_false(conversation_family_may_see("draft", true));
    assert_false(conversation_family_may_see("complete", false));
    assert_true(conversation_family_may_see("complete", true));
    c.status = "complete";
    assert_int_equal(conversation_update(f->db, &c, NULL, 0, &f->who, &f->e), 0);
    assert_int_equal(conversation_share(f->db, c.id, "2025-03-10", "in meso", &f->who, &f->e), 0);
    assert_int_equal(conversation_ref(f->db, c.id, &ref, &f->e), 0);
    assert_true(conversation_family_may_see(ref.status, ref.shared));
    /* conversation_ref is not audited; an unknown id is not found. */
    long views = test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'view'");
    assert_int_equal(conversation_ref(f->db, 9999, &ref, &f->e), ERR_NOTFOUND);
    assert_int_equal(conversation_ref(f->db, c.id, &ref, &f->e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'view'"), views);
}

/* Every audit row about a child names the child's school, even when the
 * model function that wrote it was given no school (the school's own
 * trail, audit_list by school, must show it); one pupil's scope names the
 * pupil. */
static void audit_rows_name_the_school(void **state)
{
    struct fx *f = *state;
    struct target *ts;
    struct parent_view *vs;
    struct agreement *ags;
    struct scope_entry *es;
    size_t n;
    int64_t p = f->pupil[0];
    int64_t before = test_count(f->db, "SELECT coalesce(max(id), 0) FROM audit");
    assert_int_equal(target_list(f->db, &f->a, p, &f->who, &ts, &n, &f->e), 0);
    assert_int_equal(parent_view_list(f->db, &f->a, p, &f->who, &vs, &n, &f->e), 0);
    assert_int_equal(parent_view_pending(f->db, &f->a, p, &f->who, &vs, &n, &f->e), 0);
    assert_int_equal(agreement_history(f->db, &f->a, p, &f->who, &ags, &n, &f->e), 0);
    struct scope_filter sf = {
        .school_id = f->school, .pupil_id = p, .year = 2024, .today = date_today()
    };
    assert_int_equal(scope_list(f->db, &f->a, &sf, &f->who, &es, &n, &f->e), 0);
    struct db_stmt *st;
    assert_int_equal(
        db_prepare(f->db, &st,
                   "SELECT count(*), count(*) FILTER (WHERE pupil_id = ?2 AND school_id = ?3)"
                   " FROM audit WHERE id > ?1",
                   &f->e),
        0);
    db_bind_int(st, 1, before);
    db_bind_int(st, 2, p);
    db_bind_int(st, 3, f->school);
    assert_int_equal(db_step(st, &f->e), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 5);
    assert_int_equal(db_col_int(st, 1), 5);
    db_finalize(st);
    /* A row about no child and no school stays without one. */
    struct audit_entry au = { .actor = "test", .action = "view", .entity = "school" };
    assert_int_equal(audit_log(f->db, &au, &f->e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'school'"
                                       " AND school_id IS NULL"),
                     1);
}

/* The pupil page asks about one pupil's scope and plan. */
static void scope_of_one_pupil(void **state)
{
    struct fx *f = *state;
    struct scope_filter sf = {
        .school_id = f->school, .pupil_id = f->pupil[1], .year = 2024, .today = date_today()
    };
    struct scope_entry *es;
    size_t n;
    assert_int_equal(scope_list(f->db, &f->a, &sf, &f->who, &es, &n, &f->e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(es[0].pupil_id, f->pupil[1]);
    assert_int_equal(es[0].n_slots, 3);
    sf.pupil_id = f->pupil[4]; /* no SEN, not added: not in scope */
    assert_int_equal(scope_list(f->db, &f->a, &sf, &f->who, &es, &n, &f->e), 0);
    assert_int_equal(n, 0);
}

static void scope_and_plans(void **state)
{
    struct fx *f = *state;
    bool in;
    assert_int_equal(scope_contains(f->db, f->pupil[4], &in, &f->e), 0);
    assert_false(in);
    assert_int_equal(scope_add(f->db, f->pupil[4], "  ", &f->who, &f->e), ERR_INPUT);
    assert_int_equal(scope_add(f->db, f->pupil[4], "family asked", &f->who, &f->e), 0);
    assert_int_equal(scope_contains(f->db, f->pupil[4], &in, &f->e), 0);
    assert_true(in);
    assert_int_equal(scope_remove(f->db, f->pupil[3], "moving school at Easter", &f->who, &f->e),
                     0);
    assert_int_equal(scope_contains(f->db, f->pupil[3], &in, &f->e), 0);
    assert_false(in);
    assert_int_equal(scope_set_plan(f->db, f->pupil[1], 2024, 2, NULL, &f->who, &f->e), 0);
    enum term_name bad[] = { TERM_SPRING, TERM_AUTUMN };
    assert_int_equal(scope_set_plan(f->db, f->pupil[2], 2024, 2, bad, &f->who, &f->e), ERR_INPUT);
    assert_int_equal(scope_set_key_teacher(f->db, f->pupil[0], f->teacher, &f->who, &f->e), 0);
    record(f, 0, full_text);
    struct scope_filter sf = { .school_id = f->school, .year = 2024, .today = date_today() };
    struct scope_entry *es;
    size_t n;
    assert_int_equal(scope_list(f->db, &f->a, &sf, &f->who, &es, &n, &f->e), 0);
    assert_int_equal(n, 4); /* pupils 0, 1, 2 and the added 4 */
    const struct scope_entry *p0 = NULL, *p1 = NULL, *p4 = NULL;
    for (size_t i = 0; i < n; i++) {
        if (es[i].pupil_id == f->pupil[0])
            p0 = &es[i];
        if (es[i].pupil_id == f->pupil[1])
            p1 = &es[i];
        if (es[i].pupil_id == f->pupil[4])
            p4 = &es[i];
    }
    assert_non_null(p0);
    assert_non_null(p1);
    assert_non_null(p4);
    assert_string_equal(es[0].key_teacher, "Priya Nair"); /* teachers first */
    /* Held in January: it fills the spring term's, not the autumn's. */
    assert_int_equal(p0->held, 1);
    assert_int_equal(p0->held_in_term[TERM_SPRING], 1);
    assert_int_equal(p0->slots[0].state, SLOT_OVERDUE);
    assert_int_equal(p0->slots[1].state, SLOT_HELD);
    assert_int_equal(p0->due, 0);
    assert_int_equal(p0->overdue, 1);
    assert_int_equal(p0->not_shared, 1);
    assert_int_equal(p1->n_slots, 2);
    assert_true(p1->plan_set);
    assert_int_equal(p1->overdue, 1);
    assert_true(p4->added);
    assert_string_equal(p4->reason, "family asked");
    sf.teacher_id = f->teacher;
    assert_int_equal(scope_list(f->db, &f->a, &sf, &f->who, &es, &n, &f->e), 0);
    assert_int_equal(n, 1);
    sf.teacher_id = -1;
    assert_int_equal(scope_list(f->db, &f->a, &sf, &f->who, &es, &n, &f->e), 0);
    assert_int_equal(n, 3);
}

static void agreement_history_kept(void **state)
{
    struct fx *f = *state;
    struct agreement ag = { .pupil_id = f->pupil[0],
                            .purpose = "to work together on reading",
                            .expected_outcomes = "Sam reads every day",
                            .carer_ids = &f->carer[0],
                            .n_carers = 1,
                            .staff_ids = &f->teacher,
                            .n_staff = 1 };
    str_copy(ag.agreed_on, sizeof ag.agreed_on, "2024-10-01");
    struct problems pr;
    problems_init(&pr, &f->a);
    assert_int_equal(agreement_validate(f->db, &ag, &pr, &f->e), 0);
    assert_int_equal(pr.n, 0);
    assert_int_equal(agreement_save(f->db, &ag, &f->who, &f->e), 0);
    assert_int_equal(ag.version, 1);
    struct agreement review = ag;
    review.expected_outcomes = "Sam reads every day and enjoys it";
    review.review_note = "reading is going well; adding enjoyment";
    str_copy(review.agreed_on, sizeof review.agreed_on, "2025-01-15");
    assert_int_equal(agreement_save(f->db, &review, &f->who, &f->e), 0);
    assert_int_equal(review.version, 2);
    struct agreement cur;
    bool found;
    assert_int_equal(agreement_current(f->db, &f->a, f->pupil[0], &f->who, &cur, &found, &f->e), 0);
    assert_true(found);
    assert_int_equal(cur.version, 2);
    assert_int_equal(cur.n_carers, 1);
    assert_string_equal(cur.carer_names[0], "Ms Jo Lee");
    assert_string_equal(cur.staff_names[0], "Priya Nair");
    struct agreement *hist;
    size_t n;
    assert_int_equal(agreement_history(f->db, &f->a, f->pupil[0], &f->who, &hist, &n, &f->e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(hist[1].expected_outcomes, "Sam reads every day");
    assert_int_not_equal(db_exec(f->db, "UPDATE parent_agreement SET purpose = 'x'", &f->e), 0);
    /* Not one of the pupil's carers, no carer, no purpose. */
    struct agreement bad = { .pupil_id = f->pupil[0], .carer_ids = &f->carer[3], .n_carers = 1 };
    str_copy(bad.agreed_on, sizeof bad.agreed_on, "2025-01-15");
    problems_init(&pr, &f->a);
    assert_int_equal(agreement_validate(f->db, &bad, &pr, &f->e), 0);
    assert_non_null(problems_for(&pr, "carers"));
    assert_non_null(problems_for(&pr, "purpose"));
    assert_non_null(problems_for(&pr, "outcomes"));
}

static void add_contact(struct fx *f, int i, const char *date, const char *method,
                        const char *purpose)
{
    struct contact c = {
        .pupil_id = f->pupil[i], .school_id = f->school, .method = method, .purpose = purpose
    };
    str_copy(c.date, sizeof c.date, date);
    assert_int_equal(contact_add(f->db, &c, &f->who, &f->e), 0);
}

/* Four pupils in scope with 0, 1, 2 and 3 conversations (pupil 3's three
 * include one from last year, which does not count, and a draft). */
static void report_figures(void **state)
{
    struct fx *f = *state;
    assert_int_equal(scope_set_key_teacher(f->db, f->pupil[0], f->teacher, &f->who, &f->e), 0);
    assert_int_equal(scope_set_key_teacher(f->db, f->pupil[1], f->teacher, &f->who, &f->e), 0);
    assert_int_equal(scope_set_key_teacher(f->db, f->pupil[2], f->teacher2, &f->who, &f->e), 0);
    assert_int_equal(scope_set_key_teacher(f->db, f->pupil[3], f->teacher2, &f->who, &f->e), 0);
    char autumn_text[1024];
    snprintf(autumn_text, sizeof autumn_text, "%sdate: 2024-11-12\n", full_text);
    /* pupil 0: none held; a meeting in the autumn the family did not come to. */
    record(f, 0, "date: 2024-11-20\ndid not come: yes\n");
    /* pupil 1: one, full fidelity. */
    int64_t c1 = record(f, 1, full_text);
    /* pupil 2: two, one a term: fidelity 1 and 0.5 (focus not agreed, the
     * target has no review date, the pupil's views not recorded). */
    record(f, 2, autumn_text);
    record(f, 2,
           "going well: happy\nfocus: maths\ntarget: practise tables | parent\nsummary: good "
           "talk\nnext meeting: 2025-05-01\n");
    /* pupil 3: three this spring (one a term: they count once), one last
     * year, one draft. */
    for (int k = 0; k < 3; k++)
        record(f, 3, full_text);
    record(f, 3, "date: 2024-07-01\ngoing well: summer\ntarget: swim | pupil\n");
    record(f, 3, "status: draft\ngoing well: more\n");
    /* Target reviews: two with the parent, one without, one last year. */
    struct conversation c;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, c1, &f->who, &c, &f->e), 0);
    const char *dates[] = { "2025-02-01", "2025-02-15", "2025-03-01" };
    for (int k = 0; k < 3; k++) {
        struct target_review r = { .target_id = c.targets[0].id,
                                   .status = "progressing",
                                   .parent_took_part = k < 2 };
        str_copy(r.reviewed_on, sizeof r.reviewed_on, dates[k]);
        assert_int_equal(target_review(f->db, &r, &f->who, &f->e), 0);
    }
    /* Contacts: pupil 0 phone praise + gate progress; pupil 1 text concern;
     * pupil 4 (not in scope) email praise; one from last year. */
    add_contact(f, 0, "2025-02-01", "phone", "celebration");
    add_contact(f, 0, "2025-02-02", "school_gate", "progress");
    add_contact(f, 1, "2025-02-03", "text", "concern");
    add_contact(f, 4, "2025-02-04", "email", "celebration");
    add_contact(f, 1, "2024-06-01", "letter", "celebration");
    /* Pupil 1's family made an agreement. */
    struct agreement ag = { .pupil_id = f->pupil[1],
                            .purpose = "To help Sam settle",
                            .expected_outcomes = "Calm mornings",
                            .agreed_on = "2024-09-20",
                            .carer_ids = &f->carer[1],
                            .n_carers = 1 };
    assert_int_equal(agreement_save(f->db, &ag, &f->who, &f->e), 0);

    struct convreport r;
    assert_int_equal(convreport_build(f->db, &f->a, f->school, 2024, &f->who, &r, &f->e), 0);
    assert_string_equal(r.from, "2024-09-01");
    assert_string_equal(r.to, "2025-08-31");
    assert_int_equal(r.all.pupils_in_scope, 4);
    assert_int_equal(r.all.with[0], 1);
    assert_int_equal(r.all.with[1], 2); /* pupils 1 and 3: three in one term count once */
    assert_int_equal(r.all.with[2], 1);
    assert_int_equal(r.all.with[3], 0);
    assert_int_equal(r.all.conversations, 6); /* held: the no-show and the draft are not */
    assert_int_equal(r.all.did_not_attend, 1);
    /* Fidelity: five full records (1.0) and one with 3 of 6. */
    NEAR(r.all.mean_fidelity, (5 * 1.0 + 0.5) / 6);
    assert_int_equal(r.all.target_reviews, 3);
    NEAR(r.all.parent_review_share, 2.0 / 3);
    assert_int_equal(r.all.contacts, 3);
    NEAR(r.all.positive_contact_share, 2.0 / 3);
    NEAR(r.all.mean_distinct_methods, (2 + 1 + 0 + 0) / 4.0);
    /* AfA's indicators: 1 of 4 pupils with two or more; 2 reviews with a
     * parent over 4 pupils; progress told one way to pupil 0's family. */
    NEAR(r.all.share_with_2_or_more, 0.25);
    NEAR(r.all.reviews_with_parent_per_pupil, 0.5);
    NEAR(r.all.progress_methods_mean, 0.25);
    /* Prompts on 10 March: the four targets due for review on 1 March not
     * reviewed since (pupil 1's was); three families with no agreement. */
    assert_int_equal(r.all.targets_past_review, 4);
    assert_int_equal(r.all.no_agreement_yet, 3);
    /* Per teacher, by name: Priya (pupils 0, 1), Tom (2, 3). */
    assert_int_equal(r.n_teachers, 2);
    assert_string_equal(r.teachers[0].name, "Priya Nair");
    assert_int_equal(r.teachers[0].figures.pupils_in_scope, 2);
    assert_int_equal(r.teachers[0].figures.with[0], 1);
    assert_int_equal(r.teachers[0].figures.with[1], 1);
    assert_int_equal(r.teachers[0].figures.did_not_attend, 1);
    NEAR(r.teachers[0].figures.mean_fidelity, 1.0);
    assert_string_equal(r.teachers[1].name, "Tom Gallagher");
    assert_int_equal(r.teachers[1].figures.conversations, 5);
    assert_int_equal(r.teachers[1].figures.did_not_attend, 0);
    assert_true(r.teachers[1].figures.parent_review_share == -1);
    /* The previous year has its own figures. */
    assert_int_equal(convreport_build(f->db, &f->a, f->school, 2023, &f->who, &r, &f->e), 0);
    assert_int_equal(r.all.conversations, 1);
    assert_int_equal(r.all.contacts, 1);

    /* The key teacher's dashboard: pupil 1 has one held of three; spring
     * is due; autumn is filled; records not shared. */
    struct teacher_dashboard d;
    assert_int_equal(
        convreport_teacher(f->db, &f->a, f->school, f->teacher, date_today(), &f->who, &d, &f->e),
        0);
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.term.name, TERM_SPRING);
    assert_int_equal(d.n_pupils, 2);
    assert_int_equal(d.due_this_term, 1); /* pupil 0 spring (pupil 1's is held) */
    assert_int_equal(d.overdue, 2);       /* pupils 0 and 1, autumn */
    assert_int_equal(d.n_not_shared, 1);
    assert_int_equal(d.n_drafts, 0);
    struct lead_dashboard l;
    assert_int_equal(convreport_lead(f->db, &f->a, f->school, date_today(), &f->who, &l, &f->e), 0);
    assert_int_equal(l.report.all.pupils_in_scope, 4);
    assert_int_equal(l.not_shared, 6);
}

/* A meeting the family did not come to is kept, never held, and cannot be
 * completed or shared. */
static void no_show_does_not_count(void **state)
{
    struct fx *f = *state;
    int64_t id = record(f, 0, "date: 2025-02-03\ndid not come: yes\n");
    struct conversation c;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    assert_true(c.did_not_come);
    assert_string_equal(c.status, "planned");
    assert_false(conversation_held(&c));
    /* Trying to complete it is refused, by field. */
    struct problems pr;
    problems_init(&pr, &f->a);
    c.status = "complete";
    assert_int_equal(conversation_validate(f->db, &c, &pr, &f->e), 0);
    assert_true(problems_for(&pr, "status") != NULL);
    assert_int_equal(conversation_share(f->db, id, "2025-02-04", "email", &f->who, &f->e),
                     ERR_INPUT);
    /* A complete record where nobody came is not held either. */
    c.status = "complete";
    c.did_not_come = false;
    c.carers[0].attended = false;
    assert_false(conversation_held(&c));
    /* Three no-shows in one week fill nothing. */
    record(f, 0, "date: 2025-02-04\ndid not come: yes\n");
    record(f, 0, "date: 2025-02-05\ndid not come: yes\n");
    struct scope_filter sf = {
        .school_id = f->school, .year = 2024, .today = date_today(), .pupil_id = f->pupil[0]
    };
    struct scope_entry *es;
    size_t n;
    assert_int_equal(scope_list(f->db, &f->a, &sf, &f->who, &es, &n, &f->e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(es[0].held, 0);
    assert_int_equal(es[0].held_total, 0);
    assert_int_equal(es[0].did_not_come, 3);
    assert_int_equal(es[0].slots[1].state, SLOT_DUE);
    assert_int_equal(es[0].planned, 0); /* not "arranged" either */
}

/* Below the minimum a record can be saved as a draft, but not completed or
 * shared: each missing part is named. */
static void below_minimum_cannot_be_completed(void **state)
{
    struct fx *f = *state;
    int64_t id = record(f, 0, "focus: reading\nsummary: a good start\n");
    struct conversation c;
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    assert_string_equal(c.status, "draft");
    c.status = "complete";
    struct problems pr;
    problems_init(&pr, &f->a);
    assert_int_equal(conversation_validate(f->db, &c, &pr, &f->e), 0);
    assert_int_equal(pr.n, 2);
    assert_non_null(problems_for(&pr, "target"));
    assert_non_null(problems_for(&pr, "family_views"));
    assert_int_equal(conversation_share(f->db, id, "2025-03-01", "email", &f->who, &f->e),
                     ERR_INPUT);
    /* Nobody marked as having come is a third gap. */
    c.carers[0].attended = false;
    problems_init(&pr, &f->a);
    conversation_minimum(&c, &pr);
    assert_int_equal(pr.n, 3);
    assert_non_null(problems_for(&pr, "carers"));
    /* A target and a note of why the family's views are not there meet it. */
    c.carers[0].attended = true;
    struct target t = { .what = "Read together", .owner = "parent" };
    c.targets = &t;
    c.n_targets = 1;
    c.family_views_note = "Mum asked to talk about the plan only this time";
    problems_init(&pr, &f->a);
    assert_int_equal(conversation_validate(f->db, &c, &pr, &f->e), 0);
    assert_int_equal(pr.n, 0);
    assert_int_equal(conversation_update(f->db, &c, NULL, 0, &f->who, &f->e), 0);
    assert_int_equal(conversation_share(f->db, id, "2025-03-01", "email", &f->who, &f->e), 0);
    assert_int_equal(conversation_get(f->db, &f->a, f->school, id, &f->who, &c, &f->e), 0);
    assert_true(conversation_held(&c));
    assert_string_equal(c.family_views_note, "Mum asked to talk about the plan only this time");
}

/* A past year's report uses the scope as it was then. */
static void scope_history(void **state)
{
    struct fx *f = *state;
    /* Today (10 March 2025) pupil 3 is taken out and pupil 4 added. */
    assert_int_equal(scope_remove(f->db, f->pupil[3], "moved to a new school", &f->who, &f->e), 0);
    assert_int_equal(scope_add(f->db, f->pupil[4], "the family asked", &f->who, &f->e), 0);
    /* Pupil 1 had no SEN support until 2024-10-01 (meso's record). */
    assert_int_equal(db_exec(f->db,
                             "INSERT INTO sen_history (pupil_id, provision, effective_date, source,"
                             " recorded_at) SELECT id, 'N', '2023-09-01', 'test', 'x' FROM pupil"
                             " WHERE upn = 'F999200120002'",
                             &f->e),
                     0);
    struct convreport r;
    assert_int_equal(convreport_build(f->db, &f->a, f->school, 2024, &f->who, &r, &f->e), 0);
    assert_int_equal(r.all.pupils_in_scope, 4); /* 0, 1, 2 and the added 4 */
    /* 2023-24, as it was on 31 August 2024: pupil 3 still in, pupil 4 not
     * yet, pupil 1 not on SEN support then. */
    assert_int_equal(convreport_build(f->db, &f->a, f->school, 2023, &f->who, &r, &f->e), 0);
    assert_int_equal(r.all.pupils_in_scope, 3); /* 0, 2 and 3 */
    struct scope_filter sf = {
        .school_id = f->school, .year = 2023, .today = date_today(), .as_of = { 2024, 8, 31 }
    };
    struct scope_entry *es;
    size_t n;
    assert_int_equal(scope_list(f->db, &f->a, &sf, &f->who, &es, &n, &f->e), 0);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        assert_true(es[i].pupil_id != f->pupil[1]);
        assert_true(es[i].pupil_id != f->pupil[4]);
    }
    /* The history keeps both decisions, and cannot be changed. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM scope_decision"), 2);
    assert_true(db_exec(f->db, "UPDATE scope_decision SET included = 1", &f->e) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(form_parsing, setup, teardown),
        cmocka_unit_test_setup_teardown(whole_record_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(focus_before_explore, setup, teardown),
        cmocka_unit_test_setup_teardown(validation, setup, teardown),
        cmocka_unit_test_setup_teardown(views_open_the_next_conversation, setup, teardown),
        cmocka_unit_test_setup_teardown(targets_outlive_their_conversation, setup, teardown),
        cmocka_unit_test_setup_teardown(sharing, setup, teardown),
        cmocka_unit_test_setup_teardown(scope_and_plans, setup, teardown),
        cmocka_unit_test_setup_teardown(one_target_at_a_time, setup, teardown),
        cmocka_unit_test_setup_teardown(stage_by_stage, setup, teardown),
        cmocka_unit_test_setup_teardown(scope_of_one_pupil, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_rows_name_the_school, setup, teardown),
        cmocka_unit_test_setup_teardown(agreement_history_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(report_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(no_show_does_not_count, setup, teardown),
        cmocka_unit_test_setup_teardown(below_minimum_cannot_be_completed, setup, teardown),
        cmocka_unit_test_setup_teardown(scope_history, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
