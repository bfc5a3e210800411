/* Unit tests for model/measure_import (with model/assessment and
 * model/outcomes): questionnaires imported from one column per item or one
 * Responses column, scored and stored with their version; every problem
 * reported as FILE:LINE: COLUMN: reason with nothing written; --skip-invalid;
 * header problems; idempotent re-import; and the imports of attainment,
 * attendance, suspensions and exclusions, bullying and relationship
 * ratings. */
#include "testpeople.h"

#include "model/measures/measure_import.h"

#define UPN1   "R999200120001"
#define UPN2   "F999200120002"
#define UPN3   "V999200120003"
#define NOBODY "E999200120009" /* valid, but not at the school */

/* Teacher SDQ answers (see test_assessment.c): totals 12 and 19. */
#define FIRST  "2,2,2,2,1,0,2,2,2,2,2,0,1,2,2,0,2,0,0,2,2,0,0,0,2"
#define SECOND "2,2,2,2,1,2,2,2,2,2,2,0,2,2,2,2,2,0,0,2,0,0,0,0,2"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school;
    char *msg;
    size_t msg_len;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    setenv("MESO_TODAY", "2026-06-15", 1);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "m.db");
    arena_init(&f->a, 0);
    f->school = tp_school(f->db, "100001");
    tp_pupil(f->db, f->school, 1, "Khan"); /* born 2018-03-04 */
    tp_pupil(f->db, f->school, 2, "Smith");
    tp_pupil(f->db, f->school, 3, "Nowak");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    arena_release(&f->a);
    free(f->msg);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static int run(struct fx *f, enum measure_import_kind kind, const char *name, const char *text,
               bool skip, struct measure_import_summary *sum, struct err *e)
{
    const char *path = test_write(f->dir, name, text);
    struct measure_import_options o = {
        .kind = kind, .file = path, .skip_invalid = skip, .actor = "test"
    };
    free(f->msg);
    f->msg = NULL;
    FILE *m = open_memstream(&f->msg, &f->msg_len);
    err_clear(e);
    int rc = measure_import_run(f->db, &f->a, &o, m, sum, e);
    fclose(m);
    return rc;
}

/* The message stream holds this line (the path is the temporary file's). */
static void expect_msg(struct fx *f, const char *want)
{
    if (!f->msg || !strstr(f->msg, want))
        fail_msg("messages lack \"%s\"; got:\n%s", want, f->msg ? f->msg : "(none)");
}

static int64_t fingerprint(struct db *db)
{
    return test_count(db, "SELECT (SELECT count(*) FROM assessment) * 1000003"
                          " + (SELECT count(*) FROM assessment_score) * 10007"
                          " + (SELECT count(*) FROM assessment_band) * 101"
                          " + (SELECT count(*) FROM attainment) * 37"
                          " + (SELECT count(*) FROM attendance) * 31"
                          " + (SELECT count(*) FROM exclusion) * 29"
                          " + (SELECT count(*) FROM bullying_incident) * 23"
                          " + (SELECT count(*) FROM relationship_rating) * 19"
                          " + (SELECT count(*) FROM audit) * 3"
                          " + (SELECT count(*) FROM measure_import_run)");
}

/* A header with one column per item and per teacher impact item. */
static char *item_header(struct fx *f, const char *lead)
{
    char *h = arena_strdup(&f->a, lead);
    for (int i = 1; i <= 25; i++)
        h = arena_sprintf(&f->a, "%s,Q%d", h, i);
    return arena_sprintf(&f->a, "%s,Impact 1,Impact 2,Impact 3,Impact 4,Tutor Group\r\n", h);
}

static void per_item_columns_imported_and_stored_with_version(void **state)
{
    struct fx *f = *state;
    char *text = item_header(f, "UPN,Date,Informant");
    text = arena_sprintf(&f->a, "%s" UPN1 ",2025-01-10,Teacher," FIRST ",1,2,1,0,3B\r\n", text);
    text = arena_sprintf(&f->a, "%s" UPN2 ",10/01/2025,T," SECOND ",,,,,3B\r\n", text);
    struct measure_import_summary s;
    struct err e;
    assert_int_equal(run(f, MI_ASSESSMENTS, "a.csv", text, false, &s, &e), 0);
    assert_int_equal(s.rows, 2);
    assert_int_equal(s.added, 2);
    expect_msg(f, "note: ignoring columns meso does not use: Tutor Group");
    assert_int_equal(test_count(f->db, "SELECT value FROM assessment_score s JOIN assessment a"
                                       " ON a.id = s.assessment_id JOIN pupil p ON p.id ="
                                       " a.pupil_id WHERE p.upn = 'R999200120001'"
                                       " AND s.score = 'total'"),
                     12);
    assert_int_equal(test_count(f->db, "SELECT value FROM assessment_score s JOIN assessment a"
                                       " ON a.id = s.assessment_id JOIN pupil p ON p.id ="
                                       " a.pupil_id WHERE p.upn = 'R999200120001'"
                                       " AND s.score = 'impact'"),
                     1);
    /* No impact given: not collected, so the impact score is missing. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment a JOIN pupil p ON p.id ="
                                       " a.pupil_id WHERE p.upn = 'F999200120002'"
                                       " AND a.impact IS NULL AND a.assessed_on = '2025-01-10'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment WHERE version = '2' AND"
                                       " instrument = 'sdq-teacher-4-17' AND informant ="
                                       " 'teacher' AND age_years = 6 AND source = 'import a.csv'"),
                     2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment_band WHERE scheme ="
                                       " 'four_band' AND score = 'total' AND band = 'very high'"
                                       " AND level = 3"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT added FROM measure_import_run WHERE kind ="
                                       " 'assessments'"),
                     2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'assessment'"
                                       " AND action = 'create' AND actor = 'test'"),
                     2);
    /* Again: nothing changes. */
    int64_t before = test_count(f->db, "SELECT count(*) FROM assessment_score");
    assert_int_equal(run(f, MI_ASSESSMENTS, "a.csv", text, false, &s, &e), 0);
    assert_int_equal(s.unchanged, 2);
    assert_int_equal(s.added + s.updated, 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment_score"), before);
}

static void responses_column_and_other_measures(void **state)
{
    struct fx *f = *state;
    const char *text =
        "UPN,Measure,Informant,Completed By,Date Completed,Responses,Impact\n" UPN1
        ",Me and My Feelings,,,2026-05-05,"
        "\"2,2,2,2,2,2,2,2,2,2,0,0,0,0,0,0\",\n" UPN2 ",sdq,parent,mother,2025-03-01,\"" FIRST
        "\",\"1,1,2,0,1,0\"\n" UPN2 ",sdq,parent,father,2025-03-01,\"" SECOND "\",\n" UPN3
        ",sdq-teacher-4-17,,,2025-03-02,\"" FIRST "\",\n";
    struct measure_import_summary s;
    struct err e;
    assert_int_equal(run(f, MI_ASSESSMENTS, "b.csv", text, false, &s, &e), 0);
    assert_int_equal(s.added, 4);
    /* Me and My Feelings: emotional 20, behavioural 2 (item 15 reversed). */
    assert_int_equal(test_count(f->db, "SELECT value FROM assessment_score s JOIN assessment a"
                                       " ON a.id = s.assessment_id WHERE a.instrument = 'mmf'"
                                       " AND s.score = 'emotional'"),
                     20);
    assert_int_equal(test_count(f->db, "SELECT value FROM assessment_score s JOIN assessment a"
                                       " ON a.id = s.assessment_id WHERE a.instrument = 'mmf'"
                                       " AND s.score = 'behavioural'"),
                     2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment WHERE instrument = 'mmf'"
                                       " AND informant = 'self'"),
                     1);
    /* Two parents on one day are two assessments. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment WHERE instrument ="
                                       " 'sdq-parent-4-17' AND completed_by IN ('mother',"
                                       " 'father')"),
                     2);
    /* The measure named by key takes its informant from the definition. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment WHERE instrument ="
                                       " 'sdq-teacher-4-17' AND informant = 'teacher'"),
                     1);
    /* Parent impact: distress 1 + home 2 + friendships 0 + learning 1 + leisure 0
     * recoded (raw 1,2,0,1,0 -> 0,1,0,0,0) = 1. */
    assert_int_equal(test_count(f->db, "SELECT value FROM assessment_score s JOIN assessment a"
                                       " ON a.id = s.assessment_id WHERE a.completed_by ="
                                       " 'mother' AND s.score = 'impact'"),
                     1);
}

static void every_problem_reported_and_nothing_written(void **state)
{
    struct fx *f = *state;
    const char *text =
        "UPN,Date,Informant,Responses\n" NOBODY ",2025-01-10,teacher,\"" FIRST "\"\n" /* 2 */
        UPN1 ",2027-01-01,teacher,\"" FIRST "\"\n"                                    /* 3 */
        UPN1 ",2025-01-10,nurse,\"" FIRST "\"\n"                                      /* 4 */
        UPN2 ",2025-01-10,teacher,\"3," FIRST "\"\n"                                  /* 5 */
        UPN1 ",2025-01-11,self,\"" FIRST "\"\n"                                       /* 6 */
        UPN1 ",2025-01-12,teacher,\"" FIRST "\"\n"                                    /* 7 */
        UPN1 ",12/01/2025,teacher,\"" SECOND "\"\n"                                   /* 8 */
        UPN2 ",2025-01-12,teacher,\",,,,,,,,,,,,,,,,,,,,,,,,\"\n"                     /* 9 */
        UPN2 ",2015-01-12,teacher,\"" FIRST "\"\n";                                   /* 10 */
    int64_t before = fingerprint(f->db);
    struct measure_import_summary s;
    struct err e;
    assert_int_equal(run(f, MI_ASSESSMENTS, "bad.csv", text, false, &s, &e), ERR_INPUT);
    expect_msg(f, "bad.csv:2: UPN: no pupil at this school has the UPN " NOBODY
                  " (import pupils first)");
    expect_msg(f, "bad.csv:3: Date: 2027-01-01 is in the future");
    expect_msg(f, "bad.csv:4: Informant: 'nurse' is not an informant; use parent, teacher or "
                  "self");
    expect_msg(f, "bad.csv:5: Responses: expected 25 responses, got 26");
    expect_msg(f, "bad.csv:6: Informant: the self-report SDQ is for ages 11 to 17 (got 6)");
    expect_msg(f, "bad.csv:8: UPN: line 7 already has the same pupil, measure, informant and "
                  "date");
    expect_msg(f, "bad.csv:9: Responses: no item is answered");
    expect_msg(f, "bad.csv:10: Date: 2015-01-12 is before the child's date of birth");
    assert_non_null(strstr(e.msg, "8 problems found; nothing was imported"));
    assert_int_equal(fingerprint(f->db), before);
    /* The problems come in line order. */
    assert_true(strstr(f->msg, "bad.csv:2:") < strstr(f->msg, "bad.csv:10:"));
    /* --skip-invalid imports line 7 and still reports the others. */
    assert_int_equal(run(f, MI_ASSESSMENTS, "bad.csv", text, true, &s, &e), 0);
    assert_int_equal(s.added, 1);
    assert_int_equal(s.skipped, 8);
    expect_msg(f, "bad.csv:4: Informant:");
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment"), 1);
    /* A code out of range in an item column names the column. */
    char *h = item_header(f, "UPN,Date,Informant");
    char *bad = arena_sprintf(&f->a,
                              "%s" UPN1 ",2025-02-01,teacher,2,2,2,2,1,0,7,2,2,2,2,0,1,2,2,"
                              "0,2,0,0,2,2,0,0,0,2,1,2,1,0,\n",
                              h);
    assert_int_equal(run(f, MI_ASSESSMENTS, "c.csv", bad, false, &s, &e), ERR_INPUT);
    expect_msg(f, "c.csv:2: Q7: '7' is not allowed; use a code from 0 to 2, or leave it empty "
                  "when not answered");
}

static void header_problems_stop_the_import(void **state)
{
    struct fx *f = *state;
    struct measure_import_summary s;
    struct err e;
    assert_int_equal(run(f, MI_ASSESSMENTS, "h.csv",
                         "UPN,Date,Informant,Responses,Item 1\n" UPN1 ",2025-01-10,teacher,,\n",
                         true, &s, &e),
                     ERR_INPUT);
    expect_msg(f, "h.csv:1: Responses: give the responses either in one Responses column or one "
                  "column per item, not both");
    assert_int_equal(run(f, MI_ASSESSMENTS, "h.csv", "UPN,Informant,Q1,Q1\n", true, &s, &e),
                     ERR_INPUT);
    expect_msg(f, "h.csv:1: Q1: this column appears twice (columns 3 and 4)");
    expect_msg(f, "h.csv:1: Date: required column is missing (accepted names: Date, Date "
                  "Completed, Completed On, Assessment Date)");
    assert_int_equal(run(f, MI_ASSESSMENTS, "h.csv", "UPN,Date\n", false, &s, &e), ERR_INPUT);
    expect_msg(f, "h.csv:1: Item 1: the responses are missing");
    assert_int_equal(run(f, MI_ASSESSMENTS, "h.csv", "", false, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "the file is empty"));
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM assessment"), 0);
}

static void attainment(void **state)
{
    struct fx *f = *state;
    const char *bad = "UPN,Subject,Term,School Year,Result,Target\n" UPN2
                      ",Science,Autumn 2025,2024-25,GDS,\n" UPN3 ",Reading,Autumn,,EXS,\n" UPN3
                      ",,Spring,2025,EXS,\n";
    struct measure_import_summary s;
    struct err e;
    assert_int_equal(run(f, MI_ATTAINMENT, "t.csv", bad, false, &s, &e), ERR_INPUT);
    expect_msg(f, "t.csv:2: Term: 'Autumn 2025' is in 2025-26, but the school year given is "
                  "2024-25");
    expect_msg(f, "t.csv:3: Term: say which school year: add a School Year column, or write the "
                  "term as 'Autumn 2024'");
    expect_msg(f, "t.csv:4: Subject: the subject is missing");
    const char *good =
        "UPN,Subject,Term,School Year,Score,Target\n" UPN1 ",Reading,Autumn,2025-26,EXS,EXS\n" UPN1
        ",Maths,Spring 2025,,104,100\n" UPN2 ",Writing,Summer term,2024,WTS,\n";
    assert_int_equal(run(f, MI_ATTAINMENT, "t.csv", good, false, &s, &e), 0);
    assert_int_equal(s.added, 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM attainment WHERE subject = 'Maths'"
                                       " AND outcome = 'maths' AND year = 2024 AND term = 'spring'"
                                       " AND result = '104' AND target = '100'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM attainment WHERE outcome = 'reading'"
                                       " AND year = 2025 AND term = 'autumn'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM attainment WHERE target IS NULL"), 1);
    assert_int_equal(run(f, MI_ATTAINMENT, "t.csv", good, false, &s, &e), 0);
    assert_int_equal(s.unchanged, 3);
    /* A new result for the same subject and term updates it. */
    const char *again =
        "UPN,Subject,Term,School Year,Score,Target\n" UPN1 ",reading,Autumn,2025,GDS,EXS\n";
    assert_int_equal(run(f, MI_ATTAINMENT, "t2.csv", again, false, &s, &e), 0);
    assert_int_equal(s.updated, 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM attainment"), 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM attainment WHERE result = 'GDS'"), 1);
}

static void attendance(void **state)
{
    struct fx *f = *state;
    const char *bad = "UPN,Term,School Year,Attendance %,Possible Sessions,Attended Sessions\n" UPN3
                      ",Autumn,2025,95,140,126\n" UPN1 ",Spring,2025,,140,\n" UPN2
                      ",Spring,2025,101,,\n" UPN2 ",Summer,2025,,100,120\n";
    struct measure_import_summary s;
    struct err e;
    assert_int_equal(run(f, MI_ATTENDANCE, "d.csv", bad, false, &s, &e), ERR_INPUT);
    expect_msg(f, "d.csv:2: Attendance %: 95.0% does not match 126 of 140 sessions (90.0%)");
    expect_msg(f, "d.csv:3: Attended Sessions: give both the possible and the attended sessions, "
                  "or neither");
    expect_msg(f, "d.csv:4: Attendance %: '101' is not a percentage from 0 to 100");
    expect_msg(f, "d.csv:5: Attended Sessions: more sessions attended (120) than possible (100)");
    const char *good =
        "UPN,Term,School Year,Attendance %,Possible Sessions,Attended Sessions\n" UPN1
        ",Autumn,2025,96.5%,,\n" UPN2 ",Autumn,2025-26,,140,126\n" UPN3
        ",Autumn,2025,90.2,140,126\n";
    assert_int_equal(run(f, MI_ATTENDANCE, "d.csv", good, false, &s, &e), 0);
    assert_int_equal(s.added, 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM attendance WHERE percent = 96.5 AND"
                                       " sessions_possible IS NULL"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM attendance WHERE percent = 90.0 AND"
                                       " sessions_possible = 140 AND sessions_attended = 126"),
                     1);
    assert_int_equal(run(f, MI_ATTENDANCE, "d.csv", good, false, &s, &e), 0);
    assert_int_equal(s.unchanged, 3);
}

static void exclusions(void **state)
{
    struct fx *f = *state;
    const char *bad = "UPN,Category,Start Date,Sessions,Reason 1,Reason 2,Reason 3\n" UPN3
                      ",suspension,2025-12-02,,BU,,\n" UPN1 ",FIXD,2025-11-04,1,XX,,\n" UPN1
                      ",lunchtime,2025-11-05,1,PA,,\n" UPN2 ",FIXD,2025-11-06,1,PA,PA,\n";
    struct measure_import_summary s;
    struct err e;
    assert_int_equal(run(f, MI_EXCLUSIONS, "x.csv", bad, false, &s, &e), ERR_INPUT);
    expect_msg(f, "x.csv:2: Sessions: a suspension needs its length in sessions (half days)");
    expect_msg(f, "x.csv:3: Reason 1: 'XX' is not a reason code");
    expect_msg(f, "x.csv:4: Category: 'lunchtime' is not a category; use suspension (FIXD) or "
                  "permanent (PERM)");
    expect_msg(f, "x.csv:5: Reason 2: PA is given twice");
    const char *good = "UPN,Exclusion Type,Start Date,Sessions,Reason,Reason 2,Reason 3\n" UPN1
                       ",FIXD,2025-11-03,2,pa,DM,\n" UPN2 ",Permanent exclusion,01/12/2025,,VA,,\n";
    assert_int_equal(run(f, MI_EXCLUSIONS, "x.csv", good, false, &s, &e), 0);
    assert_int_equal(s.added, 2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM exclusion WHERE category ="
                                       " 'suspension' AND sessions = 2 AND reason1 = 'PA' AND"
                                       " reason2 = 'DM' AND reason3 IS NULL"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM exclusion WHERE category ="
                                       " 'permanent' AND sessions IS NULL AND start_date ="
                                       " '2025-12-01'"),
                     1);
    /* The codes are data: a corrected list needs no new meso. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM exclusion_reason WHERE verified = 0"),
                     18);
}

static void bullying_and_relationships(void **state)
{
    struct fx *f = *state;
    struct measure_import_summary s;
    struct err e;
    const char *bad =
        "UPN,Incident Date,Bullying Type,Incident ID\n" UPN3 ",2025-10-03,tickling,\n";
    assert_int_equal(run(f, MI_BULLYING, "y.csv", bad, false, &s, &e), ERR_INPUT);
    expect_msg(f, "y.csv:2: Bullying Type: 'tickling' is not a kind of bullying meso knows");
    const char *good =
        "Affected Pupil UPN,Incident Date,Bullying Type,Incident ID\n" UPN1
        ",2025-10-01,cyber,INC-1\n" UPN1 ",2025-10-01,cyber,INC-2\n" UPN2 ",2025-10-02,,\n";
    assert_int_equal(run(f, MI_BULLYING, "y.csv", good, false, &s, &e), 0);
    assert_int_equal(s.added, 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM bullying_incident WHERE type ="
                                       " 'online'"),
                     2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM bullying_incident WHERE type ="
                                       " 'other' AND reference = ''"),
                     1);
    assert_int_equal(run(f, MI_BULLYING, "y.csv", good, false, &s, &e), 0);
    assert_int_equal(s.unchanged, 3);

    bad = "UPN,Date,Rater,Rating\n" UPN2 ",2025-10-01,T,6\n" UPN3 ",2025-10-01,dog,3\n";
    assert_int_equal(run(f, MI_RELATIONSHIPS, "r.csv", bad, false, &s, &e), ERR_INPUT);
    expect_msg(f, "r.csv:2: Rating: '6' is not a rating; use 1 (not yet) to 5 (very good)");
    expect_msg(f, "r.csv:3: Rater: 'dog' is not a rater; use teacher, parent or pupil");
    good = "UPN,Date,Rater,Rating\n" UPN1 ",2025-10-01,Teacher,4\n" UPN1
           ",2025-10-01,Parent/Carer,5\n";
    assert_int_equal(run(f, MI_RELATIONSHIPS, "r.csv", good, false, &s, &e), 0);
    assert_int_equal(s.added, 2);
    good = "UPN,Date,Rater,Rating\n" UPN1 ",2025-10-01,Teacher,3\n";
    assert_int_equal(run(f, MI_RELATIONSHIPS, "r.csv", good, false, &s, &e), 0);
    assert_int_equal(s.updated, 1);
    assert_int_equal(test_count(f->db, "SELECT rating FROM relationship_rating WHERE rater ="
                                       " 'teacher'"),
                     3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM measure_import_run"), 4);
}

static void no_school_yet(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    f->db = test_db(f->dir, "empty.db");
    struct measure_import_summary s;
    struct err e;
    assert_int_equal(run(f, MI_ATTAINMENT, "t.csv", "UPN,Subject,Term,Result\n", false, &s, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "import its pupils first"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(per_item_columns_imported_and_stored_with_version, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(responses_column_and_other_measures, setup, teardown),
        cmocka_unit_test_setup_teardown(every_problem_reported_and_nothing_written, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(header_problems_stop_the_import, setup, teardown),
        cmocka_unit_test_setup_teardown(attainment, setup, teardown),
        cmocka_unit_test_setup_teardown(attendance, setup, teardown),
        cmocka_unit_test_setup_teardown(exclusions, setup, teardown),
        cmocka_unit_test_setup_teardown(bullying_and_relationships, setup, teardown),
        cmocka_unit_test_setup_teardown(no_school_yet, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
