/* Unit tests for model/contact: parsing methods and purposes, the family
 * summary (4 and 12 week windows, positive share, methods) and the two
 * prompts, with today pinned by MESO_TODAY; then the log and the prompts
 * through the database. */
#include "testutil.h"

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/conversations/contact.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

#define NEAR(a, b) assert_true((a) > (b)-1e-9 && (a) < (b) + 1e-9)

static const struct date today = { 2025, 3, 10 };

/* A contact `ago` days before today. */
static struct contact_brief B(int ago, const char *method, const char *purpose) {
    struct contact_brief b = { .method = method, .purpose = purpose };
    date_iso(date_from_days(date_to_days(today) - ago), b.date);
    return b;
}

static void
parse(void **state)
{
    (void)state;
    const char *c;
    assert_int_equal(contact_parse_method("Home visit", &c), 0);
    assert_string_equal(c, "home_visit");
    assert_int_equal(contact_parse_method("school-gate", &c), 0);
    assert_string_equal(c, "school_gate");
    assert_int_equal(contact_parse_method("gate", &c), 0);
    assert_string_equal(c, "school_gate");
    assert_int_equal(contact_parse_method("App", &c), 0);
    assert_string_equal(c, "app_message");
    assert_int_equal(contact_parse_method("pigeon", &c), ERR_INPUT);
    assert_int_equal(contact_parse_method("", &c), ERR_INPUT);
    assert_int_equal(contact_parse_purpose("praise", &c), 0);
    assert_string_equal(c, "celebration");
    assert_int_equal(contact_parse_purpose("Progress update", &c), 0);
    assert_string_equal(c, "progress");
    assert_int_equal(contact_parse_purpose("advocacy", &c), 0);
    assert_string_equal(c, "support");
    assert_int_equal(contact_parse_purpose("telling off", &c), ERR_INPUT);
    assert_true(contact_is_positive("celebration"));
    assert_true(contact_is_positive("progress"));
    assert_false(contact_is_positive("concern"));
    assert_false(contact_is_positive("information"));
    assert_false(contact_is_positive(NULL));
}

static void windows_share_and_methods(void **state)
{
    (void)state;
    /* Newest first. 27 days ago is inside the last 4 weeks, 28 is not; 83
     * inside the last 12 weeks, 84 is not. */
    struct contact_brief cs[] = {
        B(0, "phone", "celebration"),   B(27, "text", "concern"),
        B(28, "phone", "progress"),     B(83, "school_gate", "information"),
        B(84, "letter", "celebration"), B(200, "email", "concern"),
    };
    struct contact_summary s;
    contact_summarise(cs, 6, today, &s);
    assert_int_equal(s.last_4_weeks, 2);
    assert_int_equal(s.last_12_weeks, 4);
    assert_int_equal(s.positive_12_weeks, 2);
    NEAR(s.positive_share, 0.5);
    assert_int_equal(s.methods_12_weeks, 3); /* phone, text, gate */
    assert_string_equal(s.last_contact, "2025-03-10");
    assert_int_equal(s.days_since_last, 0);
    assert_false(s.good_news);
    assert_false(s.quiet);
}

static void last_three_concerns(void **state)
{
    (void)state;
    struct contact_brief three[] = { B(1, "phone", "concern"), B(5, "text", "concern"),
                                     B(9, "phone", "concern"), B(20, "phone", "celebration") };
    struct contact_summary s;
    contact_summarise(three, 4, today, &s);
    assert_true(s.good_news);
    assert_false(s.quiet);
    NEAR(s.positive_share, 0.25);
    /* Praise among the last three: no prompt. */
    struct contact_brief mixed[] = { B(1, "phone", "concern"), B(5, "text", "progress"),
                                     B(9, "phone", "concern") };
    contact_summarise(mixed, 3, today, &s);
    assert_false(s.good_news);
    /* Only two contacts, both concerns: not three yet. */
    contact_summarise(three, 2, today, &s);
    assert_false(s.good_news);
    /* A contact dated after today is not among the last three. */
    struct contact_brief future[] = { B(-3, "phone", "celebration"), B(1, "phone", "concern"),
                                      B(5, "text", "concern"), B(9, "phone", "concern") };
    contact_summarise(future, 4, today, &s);
    assert_true(s.good_news);
    assert_int_equal(s.days_since_last, 1);
    struct arena a;
    arena_init(&a, 0);
    const char *msgs[2];
    assert_int_equal(contact_prompt_text(&a, &s, "Sam Lee", msgs), 1);
    assert_string_equal(msgs[0], "The last three contacts with Sam Lee's family were about a "
                                 "concern. Time to share some good news?");
    arena_release(&a);
}

static void six_weeks_quiet(void **state)
{
    (void)state;
    struct contact_summary s;
    struct contact_brief at41[] = { B(41, "phone", "progress") };
    contact_summarise(at41, 1, today, &s);
    assert_false(s.quiet);
    struct contact_brief at42[] = { B(42, "phone", "progress") };
    contact_summarise(at42, 1, today, &s);
    assert_true(s.quiet);
    assert_int_equal(s.days_since_last, 42);
    assert_int_equal(s.last_4_weeks, 0);
    assert_int_equal(s.last_12_weeks, 1);
    struct arena a;
    arena_init(&a, 0);
    const char *msgs[2];
    assert_int_equal(contact_prompt_text(&a, &s, "Sam Lee", msgs), 1);
    assert_string_equal(msgs[0], "No contact with Sam Lee's family for 6 weeks. A quick call or "
                                 "a word at the gate to share something going well?");
    /* Nothing recorded at all. */
    contact_summarise(NULL, 0, today, &s);
    assert_true(s.quiet);
    assert_int_equal(s.days_since_last, -1);
    assert_true(s.positive_share == -1);
    assert_string_equal(s.last_contact, "");
    assert_int_equal(contact_prompt_text(&a, &s, "Sam Lee", msgs), 1);
    assert_non_null(strstr(msgs[0], "is recorded yet"));
    arena_release(&a);
}

static void both_prompts(void **state)
{
    (void)state;
    struct contact_brief cs[] = { B(50, "phone", "concern"), B(60, "text", "concern"),
                                  B(70, "phone", "concern") };
    struct contact_summary s;
    contact_summarise(cs, 3, today, &s);
    assert_true(s.good_news);
    assert_true(s.quiet);
    struct arena a;
    arena_init(&a, 0);
    const char *msgs[2];
    assert_int_equal(contact_prompt_text(&a, &s, "Ava", msgs), 2);
    /* Words matter: no blame, never "hard to reach". */
    for (int i = 0; i < 2; i++) {
        assert_null(strstr(msgs[i], "hard to reach"));
        assert_null(strstr(msgs[i], "bad"));
    }
    arena_release(&a);
}

/* Through the database: validation, the log, and prompts per pupil. */
static void log_and_prompts(void **state)
{
    (void)state;
    setenv("MESO_TODAY", "2025-03-10", 1);
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "c.db");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    struct school sc = { .urn = "123456", .name = "Hillside" };
    assert_int_equal(school_add(db, &sc, &e), 0);
    struct pupil p = { .legal_surname = "Lee",
                       .legal_forename = "Sam",
                       .dob = "2017-01-01",
                       .sex = "F",
                       .nc_year = "3",
                       .sen = "K",
                       .eal = -1 };
    str_copy(p.upn, sizeof p.upn, "R999200120001");
    enum pupil_save_result res;
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(pupil_save(db, sc.id, &p, PF_ALL, "test", &res, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    struct audit_entry who = { .actor = "test" };

    struct problems pr;
    problems_init(&pr, &a);
    struct contact bad = { .pupil_id = p.id,
                           .school_id = sc.id,
                           .method = "pigeon",
                           .purpose = "concern",
                           .started_by = "neighbour" };
    str_copy(bad.date, sizeof bad.date, "2025-03-11");
    str_copy(bad.time, sizeof bad.time, "25:00");
    assert_int_equal(contact_validate(db, &bad, &pr, &e), 0);
    assert_non_null(problems_for(&pr, "date"));
    assert_non_null(problems_for(&pr, "time"));
    assert_non_null(problems_for(&pr, "method"));
    assert_non_null(problems_for(&pr, "started_by"));
    assert_null(problems_for(&pr, "purpose"));

    const char *purposes[] = { "celebration", "concern", "concern", "concern" };
    const char *dates[] = { "2025-02-01", "2025-02-10", "2025-02-20", "2025-03-01" };
    for (int i = 0; i < 4; i++) {
        struct contact c = {
            .pupil_id = p.id, .school_id = sc.id, .method = "phone", .purpose = purposes[i]
        };
        str_copy(c.date, sizeof c.date, dates[i]);
        problems_init(&pr, &a);
        assert_int_equal(contact_validate(db, &c, &pr, &e), 0);
        assert_int_equal(pr.n, 0);
        assert_int_equal(contact_add(db, &c, &who, &e), 0);
    }
    struct contact_filter f = { .school_id = sc.id };
    struct contact *cs;
    size_t n;
    assert_int_equal(contact_list(db, &a, &f, &who, &cs, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_string_equal(cs[0].date, "2025-03-01");
    assert_string_equal(cs[0].started_by, "school");

    struct prompt_filter pf = { .school_id = sc.id,
                                .with_prompts_only = true,
                                .today = date_today() };
    struct family_prompt *ps;
    assert_int_equal(contact_prompts(db, &a, &pf, &who, &ps, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_true(ps[0].summary.good_news);
    assert_false(ps[0].summary.quiet);
    assert_int_equal(ps[0].summary.last_4_weeks, 2);
    /* Six weeks later the family has a second prompt. */
    pf.today = (struct date){ 2025, 4, 12 };
    assert_int_equal(contact_prompts(db, &a, &pf, &who, &ps, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_true(ps[0].summary.quiet);
    assert_int_equal(ps[0].n_messages, 2);
    /* Every read was audited. */
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'contact_prompt'"),
                     2);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'contact'"), 5);
    db_close(db);
    arena_release(&a);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse),
        cmocka_unit_test(windows_share_and_methods),
        cmocka_unit_test(last_three_concerns),
        cmocka_unit_test(six_weeks_quiet),
        cmocka_unit_test(both_prompts),
        cmocka_unit_test(log_and_prompts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
