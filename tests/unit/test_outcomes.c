/* Unit tests for model/register/outcomes.h: the code lists in the order the
 * census gives them, the parsers (terms with and without years, percents,
 * categories by code, census code or words, reason codes, bullying types
 * and their synonyms, raters, rating words), and through the database each
 * kind of record saved as added, unchanged and updated with one audit row
 * per change, refused records writing nothing, and outcome_list in order. */
#include "testutil.h"
#include "testpeople.h"

#include "core/arena.h"
#include "core/problems.h"
#include "model/register/outcomes.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct outcome_codes codes;
    int64_t school, pupil;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "t.db");
    arena_init(&f->a, 0);
    struct err e;
    err_clear(&e);
    if (outcome_codes_load(f->db, &f->a, &f->codes, &e) != 0)
        fail_msg("outcome_codes_load: %s", e.msg);
    f->school = tp_school(f->db, "100001");
    f->pupil = tp_pupil(f->db, f->school, 1, "Okafor");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    arena_release(&f->a);
    db_close(f->db);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static void code_lists(void **state)
{
    struct fx *f = *state;
    const struct outcome_codes *c = &f->codes;
    /* In the order of the census guidance, not alphabetical. */
    assert_int_equal(c->n_categories, 2);
    assert_string_equal(c->categories[0].code, "suspension");
    assert_string_equal(c->categories[0].census, "FIXD");
    assert_string_equal(c->categories[1].code, "permanent");
    assert_int_equal(c->n_reasons, 18);
    assert_string_equal(c->reasons[0].code, "PP");
    assert_string_equal(c->reasons[1].code, "PA");
    assert_string_equal(c->reasons[17].code, "OS");
    assert_null(c->reasons[17].label); /* not yet verified */
    assert_null(c->reasons[0].census);
    assert_int_equal(c->n_bullying, 6);
    assert_string_equal(c->bullying[0].code, "physical");
    assert_string_equal(c->bullying[5].code, "other");
    assert_string_equal(outcome_code_label(c->reasons, c->n_reasons, "BU"), "Bullying");
    assert_null(outcome_code_label(c->reasons, c->n_reasons, "LD"));
    assert_null(outcome_code_label(c->reasons, c->n_reasons, "ZZ"));
    assert_null(outcome_code_label(c->reasons, c->n_reasons, NULL));
}

static void terms(void **state)
{
    (void)state;
    int y;
    const char *t;
    char why[200];
#define TERM_OK(term, year, want_y, want_t)                               \
    do {                                                                  \
        y = 0;                                                            \
        t = NULL;                                                         \
        if (outcome_parse_term(term, year, &y, &t, why, sizeof why) != 0) \
            fail_msg("%s / %s: %s", term, year ? year : "NULL", why);     \
        assert_int_equal(y, want_y);                                      \
        assert_string_equal(t, want_t);                                   \
    } while (0)
    TERM_OK("autumn", "2024", 2024, "autumn");
    TERM_OK("Aut", "2024-25", 2024, "autumn");
    TERM_OK("Spring term", "2024/25", 2024, "spring");
    TERM_OK("Autumn 2024", "", 2024, "autumn");
    TERM_OK("Spring 2025", NULL, 2024, "spring"); /* the second half of 2024-25 */
    TERM_OK("Summer 2025", "2024", 2024, "summer");
    TERM_OK("2024-25 Autumn", NULL, 2024, "autumn");
    TERM_OK("Sum 2024-25", NULL, 2024, "summer");
#undef TERM_OK
    assert_int_equal(outcome_parse_term("", "2024", &y, &t, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "the term is missing"));
    assert_int_equal(outcome_parse_term("winter", "2024", &y, &t, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "'winter' is not a term"));
    assert_int_equal(outcome_parse_term("autumn", "", &y, &t, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "say which school year"));
    assert_int_equal(outcome_parse_term("autumn", "last year", &y, &t, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "is not a school year"));
    assert_int_equal(outcome_parse_term("Autumn 2023", "2024", &y, &t, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "is in 2023-24, but the school year given is 2024-25"));
}

static void parsers(void **state)
{
    struct fx *f = *state;
    const struct outcome_codes *c = &f->codes;
    char why[200];
    double pc;
    assert_int_equal(outcome_parse_percent("94.5", &pc, why, sizeof why), 0);
    assert_true(pc > 94.49 && pc < 94.51);
    assert_int_equal(outcome_parse_percent(" 100% ", &pc, why, sizeof why), 0);
    assert_true(pc > 99.99);
    assert_int_equal(outcome_parse_percent("0", &pc, why, sizeof why), 0);
    assert_int_equal(outcome_parse_percent("100.5", &pc, why, sizeof why), ERR_INPUT);
    assert_int_equal(outcome_parse_percent("-1", &pc, why, sizeof why), ERR_INPUT);
    assert_int_equal(outcome_parse_percent("%", &pc, why, sizeof why), ERR_INPUT);
    assert_int_equal(outcome_parse_percent("ninety", &pc, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "not a percentage from 0 to 100"));

    const char *s;
    assert_int_equal(outcome_parse_category(c, "FIXD", &s, why, sizeof why), 0);
    assert_string_equal(s, "suspension");
    assert_int_equal(outcome_parse_category(c, "Fixed period", &s, why, sizeof why), 0);
    assert_string_equal(s, "suspension");
    assert_int_equal(outcome_parse_category(c, "perm", &s, why, sizeof why), 0);
    assert_string_equal(s, "permanent");
    assert_int_equal(outcome_parse_category(c, "Permanent exclusion", &s, why, sizeof why), 0);
    assert_string_equal(s, "permanent");
    assert_int_equal(outcome_parse_category(c, "detention", &s, why, sizeof why), ERR_INPUT);
    assert_int_equal(outcome_parse_category(c, "", &s, why, sizeof why), ERR_INPUT);

    char r[3];
    assert_int_equal(outcome_parse_reason(c, "bu", r, why, sizeof why), 0);
    assert_string_equal(r, "BU");
    assert_int_equal(outcome_parse_reason(c, "  ", r, why, sizeof why), 0);
    assert_string_equal(r, "");
    assert_int_equal(outcome_parse_reason(c, "XX", r, why, sizeof why), ERR_INPUT);
    assert_non_null(strstr(why, "'XX' is not a reason code"));

    assert_int_equal(outcome_parse_bullying_type(c, "Cyber", &s, why, sizeof why), 0);
    assert_string_equal(s, "online");
    assert_int_equal(outcome_parse_bullying_type(c, "racist", &s, why, sizeof why), 0);
    assert_string_equal(s, "prejudice");
    assert_int_equal(outcome_parse_bullying_type(c, "Prejudice-related", &s, why, sizeof why), 0);
    assert_string_equal(s, "prejudice");
    assert_int_equal(outcome_parse_bullying_type(c, "", &s, why, sizeof why), 0);
    assert_string_equal(s, "other");
    assert_int_equal(outcome_parse_bullying_type(c, "pushing", &s, why, sizeof why), ERR_INPUT);

    assert_int_equal(outcome_parse_rater("T", &s, why, sizeof why), 0);
    assert_string_equal(s, "teacher");
    assert_int_equal(outcome_parse_rater("Carer", &s, why, sizeof why), 0);
    assert_string_equal(s, "parent");
    assert_int_equal(outcome_parse_rater("self", &s, why, sizeof why), 0);
    assert_string_equal(s, "pupil");
    assert_int_equal(outcome_parse_rater("governor", &s, why, sizeof why), ERR_INPUT);
    assert_int_equal(outcome_parse_rater("", &s, why, sizeof why), ERR_INPUT);

    assert_string_equal(outcome_rating_label(1), "not yet");
    assert_string_equal(outcome_rating_label(5), "very good");
    assert_null(outcome_rating_label(0));
    assert_null(outcome_rating_label(6));

    assert_string_equal(outcome_for_subject("KS2 Reading"), "reading");
    assert_string_equal(outcome_for_subject("Creative writing"), "writing");
    assert_string_equal(outcome_for_subject("Numeracy"), "maths");
    assert_null(outcome_for_subject("History"));
    assert_null(outcome_for_subject(NULL));

    struct problems pr;
    problems_init(&pr, &f->a);
    struct attainment at = { .subject = "Maths", .result = "EXS" };
    attainment_validate(&at, &pr);
    assert_int_equal(pr.n, 0);
    assert_string_equal(at.outcome, "maths");
    char longer[62];
    memset(longer, 'x', 61);
    longer[61] = '\0';
    struct attainment bad = { .subject = longer, .result = "", .target = longer };
    attainment_validate(&bad, &pr);
    assert_string_equal(problems_for(&pr, "subject"), "the subject is longer than 60 characters");
    assert_string_equal(problems_for(&pr, "result"), "the result (a score or level) is missing");
    assert_string_equal(problems_for(&pr, "target"), "the target is longer than 40 characters");
}

static int64_t audit_rows(struct fx *f)
{
    return test_count(f->db, "SELECT count(*) FROM audit");
}

static void save_kinds(void **state)
{
    struct fx *f = *state;
    struct err e;
    err_clear(&e);
    struct audit_entry who = { .actor = "cli:test" };
    enum outcome_save_result res;
    int64_t a0 = audit_rows(f);

    /* Attainment: added, the same again, then a new result. */
    struct attainment at = { .pupil_id = f->pupil,
                             .year = 2024,
                             .term = "autumn",
                             .subject = "Reading",
                             .result = "98",
                             .target = "100" };
    assert_int_equal(attainment_save(f->db, &who, f->school, &at, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_ADDED);
    int64_t id = at.id;
    assert_true(id > 0);
    assert_int_equal(attainment_save(f->db, &who, f->school, &at, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_UNCHANGED);
    assert_int_equal(at.id, id);
    at.result = "101";
    assert_int_equal(attainment_save(f->db, &who, f->school, &at, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_UPDATED);
    assert_int_equal(at.id, id);
    assert_int_equal(audit_rows(f), a0 + 2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'attainment'"
                                       " AND action = 'update' AND actor = 'cli:test'"),
                     1);
    struct attainment sp = {
        .pupil_id = f->pupil, .year = 2024, .term = "spring", .subject = "Maths", .result = "EXS"
    };
    assert_int_equal(attainment_save(f->db, &who, f->school, &sp, "test", &res, &e), 0);
    struct attainment au = {
        .pupil_id = f->pupil, .year = 2024, .term = "autumn", .subject = "Maths", .result = "WTS"
    };
    assert_int_equal(attainment_save(f->db, &who, f->school, &au, "test", &res, &e), 0);

    /* Attendance. */
    struct attendance att = { .pupil_id = f->pupil,
                              .year = 2024,
                              .term = "autumn",
                              .percent = 92.5,
                              .sessions_possible = 140,
                              .sessions_attended = -1 };
    assert_int_equal(attendance_save(f->db, &who, f->school, &att, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_ADDED);
    assert_int_equal(attendance_save(f->db, &who, f->school, &att, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_UNCHANGED);
    att.sessions_attended = 130;
    assert_int_equal(attendance_save(f->db, &who, f->school, &att, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_UPDATED);

    /* Exclusions: a suspension needs sessions and every exclusion a reason;
     * refused ones write nothing. */
    int64_t before = audit_rows(f);
    struct exclusion ex = {
        .pupil_id = f->pupil, .category = "suspension", .start_date = "2025-01-14", .sessions = 0
    };
    assert_int_equal(exclusion_save(f->db, &who, f->school, &ex, "test", &res, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "number of sessions"));
    ex.sessions = 2;
    assert_int_equal(exclusion_save(f->db, &who, f->school, &ex, "test", &res, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "reason code"));
    assert_int_equal(audit_rows(f), before);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM exclusion"), 0);
    memcpy(ex.reasons[0], "VA", 3);
    memcpy(ex.reasons[1], "DM", 3);
    assert_int_equal(exclusion_save(f->db, &who, f->school, &ex, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_ADDED);
    assert_int_equal(exclusion_save(f->db, &who, f->school, &ex, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_UNCHANGED);

    /* Bullying and ratings. */
    struct bullying bu = {
        .pupil_id = f->pupil, .occurred_on = "2025-02-03", .type = "online", .reference = "INC-7"
    };
    assert_int_equal(bullying_save(f->db, &who, f->school, &bu, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_ADDED);
    assert_int_equal(bullying_save(f->db, &who, f->school, &bu, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_UNCHANGED);
    struct relationship_rating rr = {
        .pupil_id = f->pupil, .rated_on = "2025-03-01", .rater = "teacher", .rating = 6
    };
    assert_int_equal(relationship_save(f->db, &who, f->school, &rr, "test", &res, &e), ERR_INPUT);
    rr.rating = 4;
    assert_int_equal(relationship_save(f->db, &who, f->school, &rr, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_ADDED);
    rr.rating = 5;
    assert_int_equal(relationship_save(f->db, &who, f->school, &rr, "test", &res, &e), 0);
    assert_int_equal(res, OUTCOME_UPDATED);
    struct relationship_rating early = {
        .pupil_id = f->pupil, .rated_on = "2024-11-01", .rater = "parent", .rating = 3
    };
    assert_int_equal(relationship_save(f->db, &who, f->school, &early, "test", &res, &e), 0);

    /* Every audit row is about this child at this school. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE pupil_id <> 1"
                                       " OR school_id <> 1"),
                     0);

    struct pupil_outcomes o;
    assert_int_equal(outcome_list(f->db, &f->a, f->pupil, &o, &e), 0);
    /* Attainment by year, then term (autumn before spring), then subject. */
    assert_int_equal(o.n_attainment, 3);
    assert_string_equal(o.attainment[0].subject, "Maths");
    assert_string_equal(o.attainment[0].term, "autumn");
    assert_string_equal(o.attainment[1].subject, "Reading");
    assert_string_equal(o.attainment[1].result, "101");
    assert_string_equal(o.attainment[1].target, "100");
    assert_string_equal(o.attainment[1].outcome, "reading");
    assert_string_equal(o.attainment[2].term, "spring");
    assert_null(o.attainment[2].target);
    assert_int_equal(o.n_attendance, 1);
    assert_int_equal(o.attendance[0].sessions_possible, 140);
    assert_int_equal(o.attendance[0].sessions_attended, 130);
    assert_int_equal(o.n_exclusions, 1);
    assert_string_equal(o.exclusions[0].reasons[0], "VA");
    assert_string_equal(o.exclusions[0].reasons[1], "DM");
    assert_string_equal(o.exclusions[0].reasons[2], "");
    assert_int_equal(o.exclusions[0].sessions, 2);
    assert_int_equal(o.n_bullying, 1);
    assert_string_equal(o.bullying[0].reference, "INC-7");
    assert_int_equal(o.n_ratings, 2);
    assert_string_equal(o.ratings[0].rated_on, "2024-11-01");
    assert_int_equal(o.ratings[1].rating, 5);
    assert_string_equal(o.ratings[1].recorded_by, "cli:test");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(code_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(terms, setup, teardown),
        cmocka_unit_test_setup_teardown(parsers, setup, teardown),
        cmocka_unit_test_setup_teardown(save_kinds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
