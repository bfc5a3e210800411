/* Unit tests for model/import (with model/pupil and model/carer): exact
 * import, every problem reported with its place, nothing half-written,
 * idempotent re-import, SEN history, carers shared between siblings. */
#include "testutil.h"

#include "core/arena.h"
#include "model/register/import.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

/* Valid UPNs: LA 999, establishment 2001, year 20, serials 1..5. */
#define UPN1 "R999200120001"
#define UPN2 "F999200120002"
#define UPN3 "V999200120003"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    char *msg; /* what the import wrote to its message stream */
    size_t msg_len;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "i.db");
    arena_init(&f->a, 0);
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

static void add_school(struct fx *f, const char *urn)
{
    struct school s = { .urn = urn, .name = "Test School" };
    struct err e;
    assert_int_equal(school_add(f->db, &s, &e), 0);
}

static int run(struct fx *f, enum import_kind kind, const char *name, const char *text, bool skip,
               struct import_summary *sum, struct err *e)
{
    const char *path = test_write(f->dir, name, text);
    struct import_options o = { .kind = kind, .file = path, .skip_invalid = skip, .actor = "test" };
    free(f->msg);
    f->msg = NULL;
    FILE *m = open_memstream(&f->msg, &f->msg_len);
    err_clear(e);
    int rc = import_run(f->db, &f->a, &o, m, sum, e);
    fclose(m);
    return rc;
}

/* A fingerprint of every row the register holds, to prove nothing changed. */
static int64_t fingerprint(struct db *db)
{
    return test_count(db, "SELECT (SELECT count(*) FROM pupil) * 1000003"
                          " + (SELECT count(*) FROM sen_history) * 10007"
                          " + (SELECT count(*) FROM fsm_period) * 101"
                          " + (SELECT count(*) FROM carer) * 37"
                          " + (SELECT count(*) FROM pupil_carer) * 7"
                          " + (SELECT count(*) FROM audit) * 3"
                          " + (SELECT count(*) FROM import_run)"
                          " + (SELECT count(*) FROM school) * 13");
}

static const char *good =
    "UPN,Legal Surname,Legal Forename,Preferred Forename,Date of Birth,Gender,Year Group,"
    "SEN Provision,Primary Need,Secondary Need,FSM,EAL,First Language,Looked After,Notes\r\n" UPN1
    ",Khan,Aisha,,14/03/2017,F,3,K,SLCN,,Y,Y,Urdu,N,likes drawing\r\n" UPN2
    ",Smith,Oliver,Ollie,2016-11-02,Male,Year 4,N,,,N,N,English,N,\r\n" UPN3
    ",\"O'Brien, Jr\",Sean,,01/09/2018,M,R,E,ASD,SLCN,no,n,English,yes,\r\n";

static void good_file_imported_exactly(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), 0);
    assert_int_equal(s.rows, 3);
    assert_int_equal(s.added, 3);
    assert_int_equal(s.updated + s.unchanged + s.skipped, 0);
    /* The unknown column is named once, in a note. */
    assert_non_null(strstr(f->msg, "note: ignoring columns meso does not use: Notes"));
    struct pupil p;
    struct school sc;
    assert_int_equal(school_by_urn(f->db, &f->a, "100001", &sc, &e), 0);
    assert_int_equal(pupil_by_upn(f->db, &f->a, sc.id, UPN2, &p, &e), 0);
    assert_string_equal(p.preferred_forename, "Ollie");
    assert_string_equal(p.dob, "2016-11-02");
    assert_string_equal(p.sex, "M");
    assert_string_equal(p.nc_year, "4");
    assert_int_equal(p.eal, 0);
    assert_int_equal(pupil_by_upn(f->db, &f->a, sc.id, UPN3, &p, &e), 0);
    assert_string_equal(p.legal_surname, "O'Brien, Jr");
    assert_string_equal(p.nc_year, "R");
    assert_string_equal(p.sen, "E");
    assert_string_equal(p.need1, "ASD");
    assert_string_equal(p.need2, "SLCN");
    assert_true(p.looked_after);
    assert_int_equal(pupil_by_upn(f->db, &f->a, sc.id, UPN1, &p, &e), 0);
    assert_true(p.fsm);
    assert_string_equal(p.first_language, "Urdu");
    /* SEN history starts for the two pupils with SEN; audit has one row each. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM sen_history"), 2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'create'"), 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM fsm_period WHERE end_date IS NULL"),
                     1);
}

static void reimport_is_idempotent_and_sen_changes_are_history(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), 0);
    int64_t before = fingerprint(f->db);
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), 0);
    assert_int_equal(s.unchanged, 3);
    assert_int_equal(s.added + s.updated, 0);
    /* Only the import_run log grows. */
    assert_int_equal(fingerprint(f->db), before + 1);
    /* Aisha moves from SEN support to an EHC plan; Oliver's FSM starts. */
    const char *changed =
        "UPN,Surname,Forename,DOB,Sex,SEN,Primary Need,FSM\n" UPN1
        ",Khan,Aisha,14/03/2017,F,E,SLCN,Y\n" UPN2 ",Smith,Oliver,2016-11-02,M,N,,Y\n";
    assert_int_equal(run(f, IMPORT_PUPILS, "p2.csv", changed, false, &s, &e), 0);
    assert_int_equal(s.updated, 2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM sen_history h JOIN pupil p ON"
                                       " p.id = h.pupil_id WHERE p.upn = '" UPN1 "'"),
                     2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM sen_history h JOIN pupil p ON"
                                       " p.id = h.pupil_id WHERE p.upn = '" UPN1 "'"
                                       " AND h.provision = 'E'"),
                     1);
    /* Columns missing from the second file were left alone. */
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil WHERE upn = '" UPN2 "'"
                                       " AND preferred_forename = 'Ollie' AND nc_year = '4'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM fsm_period"), 2);
}

static void every_problem_reported_and_nothing_written(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), 0);
    int64_t before = fingerprint(f->db);
    const char *bad = "UPN,Surname,Forename,DOB,Sex,Year,SEN,Primary Need\n"
                      "A999200120009,Jones,Amy,2017-01-01,F,2,N,\n"  /* 2: wrong check letter */
        UPN1 ",Khan,Aisha,31/02/2017,X,3,K,SLCN\n"                   /* 3: bad date, bad sex */
                      "\n" UPN2 ",,Oliver,2016-11-02,M,Year 22,Q,\n" /* 5: no surname, year, SEN */
                      "\"" UPN3 "\",Doe,Jo,2018-09-01,M,R,N,ASD\n"   /* 6: need without SEN */
        UPN1 ",Khan,Aisha,14/03/2017,F,3,K,SLCN\n";                  /* 7: duplicate UPN */
    assert_int_equal(run(f, IMPORT_PUPILS, "bad.csv", bad, false, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "nothing was imported"));
    const char *want[] = {
        "bad.csv:2: UPN: 'A999200120009' is not a valid UPN: the check letter does not match",
        "bad.csv:3: DOB: '31/02/2017' is not a date",
        "bad.csv:3: Sex: 'X' is not a sex recorded in the census",
        "bad.csv:5: Surname: the surname is missing",
        "bad.csv:5: Year: 'Year 22' is not a year group",
        "bad.csv:5: SEN: 'Q' is not an SEN provision",
        "bad.csv:6: SEN: needs are recorded only with SEN support",
        "bad.csv:7: UPN: " UPN1 " also appears on line 3",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(f->msg, want[i]))
            fail_msg("missing problem: %s\n--- got:\n%s", want[i], f->msg);
    /* Reported in line order. */
    assert_true(strstr(f->msg, "bad.csv:2:") < strstr(f->msg, "bad.csv:7:"));
    assert_int_equal(fingerprint(f->db), before);
}

static void skip_invalid_imports_the_rest(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    const char *mixed = "UPN,Surname,Forename,DOB,Sex\n" UPN1 ",Khan,Aisha,2017-03-14,F\n"
                        "bogus,Smith,Jo,2017-03-14,F\n" UPN2 ",Smith,Oliver,2016-11-02,M\n";
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "m.csv", mixed, true, &s, &e), 0);
    assert_int_equal(s.added, 2);
    assert_int_equal(s.skipped, 1);
    assert_non_null(strstr(f->msg, "m.csv:3: UPN:"));
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil"), 2);
}

static void missing_required_column(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    const char *t = "UPN,Forename,DOB,Gender\n" UPN1 ",Aisha,2017-03-14,F\n";
    struct import_summary s;
    struct err e;
    /* Even with --skip-invalid: a missing column makes every row suspect. */
    assert_int_equal(run(f, IMPORT_PUPILS, "c.csv", t, true, &s, &e), ERR_INPUT);
    assert_non_null(strstr(f->msg, "c.csv:1: Surname: required column is missing"));
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil"), 0);
}

static void placeholder_school_when_none(void **state)
{
    struct fx *f = *state;
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), 0);
    assert_true(s.made_placeholder_school);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM school WHERE placeholder = 1"), 1);
    /* A second import uses it without asking. */
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), 0);
    assert_false(s.made_placeholder_school);
    assert_int_equal(s.unchanged, 3);
}

static void several_schools_need_a_choice(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    add_school(f, "100002");
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), ERR_USAGE);
    assert_non_null(strstr(e.msg, "--school"));
}

static void carers_shared_between_siblings(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), 0);
    const char *carers =
        "UPN,Contact Surname,Contact Forename,Relationship,Parental Responsibility,Priority,"
        "Lives With,Mobile,Email,Postcode,Language,Contact Method,Interpreter\n" UPN1
        ",Khan,Sadia,Mother,Y,1,Y,07700 900123,sadia@example.org,ZZ99 1AB,Urdu,Text,Y\n" UPN2
        ",Smith,Dan,PAF,Y,1,Y,07700 900456,,ZZ99 2CD,English,phone,N\n" UPN3
        ",Smith,Dan,Father,Y,2,N,07700 900456,,ZZ99 2CD,English,phone,N\n";
    assert_int_equal(run(f, IMPORT_CARERS, "c.csv", carers, false, &s, &e), 0);
    assert_int_equal(s.added, 2); /* Dan is one carer for two children */
    assert_int_equal(s.links_added, 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM carer"), 2);
    assert_int_equal(
        test_count(f->db, "SELECT count(*) FROM pupil_carer WHERE relationship = 'father'"), 2);
    assert_int_equal(
        test_count(f->db, "SELECT interpreter_needed FROM carer WHERE forename = 'Sadia'"), 1);
    /* Again: nothing changes. */
    assert_int_equal(run(f, IMPORT_CARERS, "c.csv", carers, false, &s, &e), 0);
    assert_int_equal(s.unchanged, 2);
    assert_int_equal(s.links_unchanged, 3);
    assert_int_equal(s.added + s.updated + s.links_added + s.links_updated, 0);
    /* Unknown pupils and bad details are reported with their place. */
    const char *bad = "UPN,Surname,Relationship,Email,Contact Method\n"
                      "A999200120017,Jones,Mum,not-an-email,pigeon\n";
    assert_int_equal(run(f, IMPORT_CARERS, "b.csv", bad, false, &s, &e), ERR_INPUT);
    assert_non_null(strstr(f->msg, "b.csv:2: UPN:"));
    assert_non_null(strstr(f->msg, "b.csv:2: Email: 'not-an-email' does not look like an email"));
    assert_non_null(strstr(f->msg, "b.csv:2: Contact Method: 'pigeon' is not a contact method"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(good_file_imported_exactly, setup, teardown),
        cmocka_unit_test_setup_teardown(reimport_is_idempotent_and_sen_changes_are_history, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(every_problem_reported_and_nothing_written, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(skip_invalid_imports_the_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_required_column, setup, teardown),
        cmocka_unit_test_setup_teardown(placeholder_school_when_none, setup, teardown),
        cmocka_unit_test_setup_teardown(several_schools_need_a_choice, setup, teardown),
        cmocka_unit_test_setup_teardown(carers_shared_between_siblings, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
