/* Unit tests for model/import (with model/pupil and model/carer): exact
 * import, every problem reported with its place, nothing half-written,
 * idempotent re-import, SEN history, carers shared between siblings. */
#include "testutil.h"

#include "core/arena.h"
#include "model/register/import.h"
#include "model/register/upn.h"
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
    /* Only the import_run log grows, with the run's one audit entry. */
    assert_int_equal(fingerprint(f->db), before + 1 + 3);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM import_run WHERE file = 'p.csv' AND"
                                       " actor = 'test' AND rows = 3 AND unchanged = 3"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit a JOIN import_run r"
                                       " ON a.entity = 'import_run' AND a.entity_id = r.id"
                                       " WHERE a.action = 'import' AND a.actor = 'test'"
                                       " AND a.pupil_id IS NULL AND a.school_id = r.school_id"
                                       " AND a.detail = 'pupils file p.csv imported: 3 rows,"
                                       " 0 added, 0 changed, 3 up to date, 0 left out'"),
                     1);
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

/* ---- the MIS export as it comes (issue 11) ----------------------------- */

static const struct pupil *pupil_of(struct fx *f, const char *upn)
{
    struct school sc;
    struct err e;
    assert_int_equal(school_by_urn(f->db, &f->a, "100001", &sc, &e), 0);
    struct pupil *p = arena_alloc(&f->a, sizeof *p);
    assert_int_equal(pupil_by_upn(f->db, &f->a, sc.id, upn, p, &e), 0);
    return p;
}

/* Need names, SEN statuses, Male/Female and "Year 3" as the MIS writes
 * them. */
static void census_words_as_the_mis_writes_them(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    const char *quoted =
        "UPN,Legal Surname,Legal Forename,DOB,Gender,Year,SEN Status,Primary Need,Secondary Need\n" UPN1
        ",Khan,Aisha,14/03/2018,Female,Year 3,\"Education, Health and Care Plan\","
        "Autistic Spectrum Disorder,\"Speech, Language and Communication Needs\"\n" UPN2
        ",Smith,Oliver,2016-11-02,Male,Year 5,SEN Support,\"Social, Emotional and Mental Health (SEMH)\","
        "\n" UPN3 ",Lee,Jo,2017-01-02,Female,Year 4,No Special Educational Need,,\n";
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", quoted, false, &s, &e), 0);
    assert_int_equal(s.added, 3);
    const struct pupil *p = pupil_of(f, UPN1);
    assert_string_equal(p->sen, "E");
    assert_string_equal(p->need1, "ASD");
    assert_string_equal(p->need2, "SLCN");
    assert_string_equal(p->sex, "F");
    assert_string_equal(p->nc_year, "3");
    p = pupil_of(f, UPN2);
    assert_string_equal(p->sen, "K");
    assert_string_equal(p->need1, "SEMH");
    assert_string_equal(p->sex, "M");
    assert_string_equal(p->nc_year, "5");
    assert_string_equal(pupil_of(f, UPN3)->sen, "N");
    /* A word that is not a census need is refused, saying what to use. */
    const char *bad = "UPN,Surname,Forename,DOB,Sex,SEN Status,Primary Need\n" UPN1
                      ",Khan,Aisha,14/03/2018,F,SEN Support,Dyslexia\n";
    assert_int_equal(run(f, IMPORT_PUPILS, "b.csv", bad, false, &s, &e), ERR_INPUT);
    assert_non_null(strstr(f->msg, "b.csv:2: Primary Need: 'Dyslexia' is not a census need"));
    assert_non_null(strstr(f->msg, "Social, Emotional and Mental Health"));
}

/* Excel's "CSV" is Windows-1252: converted, with a note; unreadable text
 * names the column's header and the line. */
static void windows_1252_read_with_a_note(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    const char *t = "UPN,Surname,Forename,DOB,Sex\n" UPN1 ",Zo\xeb,Ren\xe9"
                    "e,2017-03-14,F\n";
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "x.csv", t, false, &s, &e), 0);
    assert_int_equal(s.encoding, CSV_WINDOWS_1252);
    assert_non_null(strstr(f->msg, "x.csv: note: the file is not UTF-8; it was read as "
                                   "Windows-1252"));
    const struct pupil *p = pupil_of(f, UPN1);
    assert_string_equal(p->legal_surname, "Zo\xc3\xab");
    assert_string_equal(p->legal_forename, "Ren\xc3\xa9"
                                           "e");
    const char *bad = "UPN,Surname,Forename,DOB,Sex\n" UPN2 ",Ab\x81"
                      "c,Jo,2017-03-14,F\n";
    assert_int_equal(run(f, IMPORT_PUPILS, "y.csv", bad, false, &s, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "y.csv:2: Surname: this text is neither UTF-8 nor Windows-1252"));
}

static const char *contacts_file =
    "UPN,Surname,Forename,DOB,Sex,Reg,Contact 1 Name,Contact 1 Relationship,Contact 1 Email,"
    "Contact 1 Mobile,Contact 2 Name,Contact 2 Relationship,Contact 2 Mobile\n" UPN1
    ",Khan,Aisha,2017-03-14,F,3B,Mrs Amina Khan,Mother,amina@example.org,07700 900101,"
    "\"Khan, Imran (Mr)\",Father,07700 900102\n" UPN2
    ",Khan,Omar,2015-05-01,M,5G,Mrs Amina Khan,Mother,amina@example.org,07700 900101,,,\n" UPN3
    ",Berg,Lily,2016-01-31,F,3B,Dr Pieter van der Berg,PAF,,07700 900103,,,\n";

/* Carers come from the pupil export's contact columns, names split, shared
 * between siblings; parental responsibility the file does not give is not
 * recorded. */
static void carers_from_contact_columns(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", contacts_file, false, &s, &e), 0);
    assert_int_equal(s.added, 3);
    assert_int_equal(s.contacts, 2);
    assert_int_equal(s.carers_added, 3); /* Amina once for both children */
    assert_int_equal(s.links_added, 4);
    assert_int_equal(s.classes_added, 2);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM carer WHERE title = 'Mrs' AND forename"
                                       " = 'Amina' AND surname = 'Khan'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM carer WHERE title = 'Mr' AND forename"
                                       " = 'Imran' AND surname = 'Khan'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM carer WHERE title = 'Dr' AND forename"
                                       " = 'Pieter' AND surname = 'van der Berg'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil_carer WHERE"
                                       " parental_responsibility IS NULL"),
                     4);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil_carer WHERE relationship ="
                                       " 'father' AND contact_priority = 1"),
                     1); /* Dr van der Berg: contact 1, father (PAF) */
    assert_int_equal(test_count(f->db, "SELECT contact_priority FROM pupil_carer l JOIN carer c ON"
                                       " c.id = l.carer_id WHERE c.forename = 'Imran'"),
                     2);
    assert_string_equal(pupil_of(f, UPN1)->reg_group, "3B");
    /* Again: nothing changes. */
    int64_t before = fingerprint(f->db);
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", contacts_file, false, &s, &e), 0);
    assert_int_equal(s.unchanged, 3);
    assert_int_equal(s.carers_unchanged, 3);
    assert_int_equal(s.links_unchanged, 4);
    assert_int_equal(fingerprint(f->db), before + 1 + 3); /* the import_run row, its audit */
    /* A pupil file without contact columns says where carers come from. */
    assert_int_equal(run(f, IMPORT_PUPILS, "q.csv", good, false, &s, &e), 0);
    assert_non_null(strstr(f->msg, "q.csv: note: no carers were read: the file has no contact "
                                   "columns (Contact 1 Name, Contact 1 Relationship"));
    /* The same export imported as carers reads the same carers (no pupil
     * columns taken for carers'), changing nothing. */
    assert_int_equal(run(f, IMPORT_CARERS, "c.csv", contacts_file, false, &s, &e), 0);
    assert_int_equal(s.carers_unchanged, 3);
    assert_int_equal(s.links_unchanged, 4);
    assert_int_equal(s.carers_added + s.links_added, 0);
}

/* Parental responsibility: a file that gives it records it; one that does
 * not (column absent or blank) keeps what is recorded, and a new link is
 * "not recorded", never "no". */
static void parental_responsibility_not_recorded_is_never_no(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", contacts_file, false, &s, &e), 0);
    const char *with_pr =
        "UPN,Contact Surname,Contact Forename,Relationship,Parental Responsibility,"
        "Email\n" UPN1 ",Khan,Amina,Mother,Y,amina@example.org\n" UPN2
        ",Khan,Amina,Mother,,amina@example.org\n";
    assert_int_equal(run(f, IMPORT_CARERS, "c.csv", with_pr, false, &s, &e), 0);
    assert_int_equal(s.carers_added, 0); /* the same person as in the pupil export */
    assert_int_equal(s.links_updated, 1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil_carer WHERE"
                                       " parental_responsibility = 1"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil_carer WHERE"
                                       " parental_responsibility = 0"),
                     0);
    /* The pupil export again (no such column): the "yes" stays. */
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", contacts_file, false, &s, &e), 0);
    assert_int_equal(s.links_unchanged, 4);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil_carer WHERE"
                                       " parental_responsibility = 1"),
                     1);
    /* An explicit N is recorded as no. */
    const char *no = "UPN,Contact Surname,Contact Forename,Relationship,Parental Responsibility,"
                     "Email\n" UPN2 ",Khan,Amina,Mother,N,amina@example.org\n";
    assert_int_equal(run(f, IMPORT_CARERS, "n.csv", no, false, &s, &e), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil_carer WHERE"
                                       " parental_responsibility = 0"),
                     1);
}

/* A missing column is one message, not one per row, saying which file and
 * columns to use; the rows are not checked until the columns are right. */
static void an_absent_header_is_one_message(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    const char *no_rel = "UPN,Surname,Forename,DOB,Sex,Contact 1 Name,Contact 1 Email\n" UPN1
                         ",Khan,Aisha,2017-03-14,F,Mrs Amina Khan,a@example.org\n" UPN2
                         ",Smith,Oliver,2016-11-02,M,Mr Dan Smith,d@example.org\n" UPN3
                         ",Lee,Jo,2017-01-02,F,Ms Jo Lee,j@example.org\n";
    int64_t before = fingerprint(f->db);
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", no_rel, false, &s, &e), ERR_INPUT);
    assert_int_equal(s.n_problems, 1);
    assert_true(s.columns_wrong);
    assert_non_null(strstr(f->msg, "p.csv:1: Contact 1 Relationship: this column is missing"));
    assert_null(strstr(f->msg, "p.csv:2:"));
    assert_int_equal(fingerprint(f->db), before);
    /* A pupil export imported as carers before its pupils: fine once they are
     * in; a file with no carer columns at all: one message per column. */
    const char *pupils_only = "UPN,Surname,Forename,DOB,Sex\n" UPN1
                              ",Khan,Aisha,2017-03-14,F\n" UPN2 ",Smith,Oliver,2016-11-02,M\n";
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", pupils_only, false, &s, &e), 0);
    assert_int_equal(run(f, IMPORT_CARERS, "c.csv", pupils_only, false, &s, &e), ERR_INPUT);
    assert_int_equal(s.n_problems, 1); /* Relationship (Surname is the pupils', but read) */
    assert_non_null(strstr(f->msg, "c.csv:1: Relationship: this column is missing"));
    assert_non_null(strstr(f->msg, "from a pupil export's contact columns (Contact 1 Name"));
    assert_null(strstr(f->msg, "c.csv:2:"));
}

/* A school's column choices: a header meso does not know, said to be the
 * UPN; a column the school does not want, not used. */
static void column_choices(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    const char *t = "Unique Pupil No,Surname,Forename,DOB,Sex,Year\n" UPN1
                    ",Khan,Aisha,2017-03-14,F,Year 9 (wrong)\n";
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", t, false, &s, &e), ERR_INPUT);
    assert_non_null(strstr(f->msg, "p.csv:1: UPN: required column is missing"));
    struct csvtable_choice ch[] = { { "uniquepupilno", "upn" }, { "year", "" } };
    const char *path = test_write(f->dir, "p.csv", t);
    struct import_options o = { .kind = IMPORT_PUPILS,
                                .file = path,
                                .actor = "test",
                                .choices = ch,
                                .n_choices = 2,
                                .preview = true };
    assert_int_equal(import_run(f->db, &f->a, &o, NULL, &s, &e), 0);
    assert_int_equal(s.n_columns, 6);
    assert_string_equal(s.columns[0].column, "upn");
    assert_true(s.columns[0].chosen);
    assert_true(s.columns[5].skipped);
    assert_string_equal(s.columns[5].example, "Year 9 (wrong)");
    o.preview = false;
    assert_int_equal(import_run(f->db, &f->a, &o, NULL, &s, &e), 0);
    assert_int_equal(s.added, 1);
    assert_string_equal(pupil_of(f, UPN1)->nc_year, "");
}

/* A preview writes nothing, and says what each row would do. */
static void preview_writes_nothing(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "p.csv", good, false, &s, &e), 0);
    int64_t before = fingerprint(f->db);
    const char *t = "UPN,Surname,Forename,DOB,Sex,Year\n" UPN1 ",Khan,Aisha,14/03/2017,F,4\n" UPN2
                    ",Smith,Oliver,2016-11-02,M,4\n"
                    "E999200120009,New,Pupil,2017-01-01,F,2\n";
    const char *path = test_write(f->dir, "v.csv", t);
    struct import_options o = {
        .kind = IMPORT_PUPILS, .file = path, .actor = "test", .preview = true
    };
    assert_int_equal(import_run(f->db, &f->a, &o, NULL, &s, &e), 0);
    assert_int_equal(fingerprint(f->db), before);
    assert_int_equal(s.n_row_list, 3);
    assert_int_equal(s.row_list[0].what, IMPORT_ROW_CHANGE);
    assert_string_equal(s.row_list[0].changes, "year group");
    assert_int_equal(s.row_list[1].what, IMPORT_ROW_SAME);
    assert_int_equal(s.row_list[2].what, IMPORT_ROW_ADD);
    assert_string_equal(s.row_list[2].name, "New, Pupil");
    assert_int_equal(s.added, 1);
    assert_int_equal(s.updated, 1);
}

/* The SIMS- and Arbor-shaped fixtures import as they come. */
static void fixtures_import(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    struct import_summary s;
    struct err e;
    struct import_options o = { .kind = IMPORT_PUPILS,
                                .file = "tests/fixtures/sims_pupils.csv",
                                .actor = "test" };
    FILE *m = fopen("/dev/null", "w");
    assert_int_equal(import_run(f->db, &f->a, &o, m, &s, &e), 0);
    assert_int_equal(s.added, 30);
    assert_int_equal(s.contacts, 2);
    assert_int_equal(s.classes_added, 8);
    assert_true(s.carers_added > 30);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil_carer WHERE"
                                       " parental_responsibility IS NULL"),
                     0); /* SIMS gives it */
    o.file = "tests/fixtures/arbor_students.csv";
    assert_int_equal(import_run(f->db, &f->a, &o, m, &s, &e), 0);
    assert_int_equal(s.unchanged, 20);
    assert_int_equal(s.carers_added, 0);
    o.file = "tests/fixtures/sims_pupils_excel.csv";
    assert_int_equal(import_run(f->db, &f->a, &o, m, &s, &e), 0);
    assert_int_equal(s.encoding, CSV_WINDOWS_1252);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil WHERE legal_forename ="
                                       " 'Lily-Zo\xc3\xab'"),
                     1);
    o.file = "tests/fixtures/sims_pupils_one_problem.csv";
    assert_int_equal(import_run(f->db, &f->a, &o, m, &s, &e), ERR_INPUT);
    assert_int_equal(s.n_problems, 1);
    fclose(m);
}

/* More rows than a chunk (512) and many batches of 16: pupils with classes,
 * SEN and carers shared by siblings, the same again (every row looked up),
 * and a UPN repeated at the end, found across chunks. */
static void many_rows_stream_through_chunks(void **state)
{
    struct fx *f = *state;
    add_school(f, "100001");
    enum { N = 1300 };
    size_t cap = (size_t)N * 120 + 200, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    len += (size_t)snprintf(t + len, cap - len,
                            "UPN,Surname,Forename,DOB,Sex,Reg,SEN,Primary Need,"
                            "Contact 1 Name,Contact 1 Relationship,Contact 1 Mobile\n");
    for (int i = 0; i < N; i++) {
        char rest[24], upn[32];
        snprintf(rest, sizeof rest, "99920012%04u", (unsigned)i % 10000u);
        snprintf(upn, sizeof upn, "%c%s", upn_check_letter(rest), rest);
        len += (size_t)snprintf(t + len, cap - len,
                                "%s,Family%d,Child%d,2016-0%d-1%d,%s,C%d,%s,%s,Parent %d,Mother,"
                                "07700 9%05d\n",
                                upn, i / 2, i, i % 9 + 1, i % 9, i % 2 ? "M" : "F", i / 100,
                                i % 5 ? "N" : "K", i % 5 ? "" : "SLCN", i / 2, i / 2);
    }
    struct import_summary s;
    struct err e;
    assert_int_equal(run(f, IMPORT_PUPILS, "many.csv", t, false, &s, &e), 0);
    assert_int_equal(s.added, N);
    assert_int_equal(s.classes_added, 13);
    assert_int_equal(s.carers_added, N / 2);
    assert_int_equal(s.links_added, N);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil"), N);
    assert_int_equal(test_count(f->db, "SELECT count(DISTINCT pupil_id) FROM pupil_carer"), N);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM sen_history"), N / 5);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM pupil p JOIN audit a ON"
                                       " a.entity = 'pupil' AND a.entity_id = p.id AND"
                                       " a.pupil_id = p.id AND a.action = 'create'"),
                     N);
    assert_int_equal(run(f, IMPORT_PUPILS, "many.csv", t, false, &s, &e), 0);
    assert_int_equal(s.unchanged, N);
    assert_int_equal(s.carers_unchanged, N / 2);
    /* The first row again, at the end. */
    const char *first = strchr(t, '\n') + 1;
    size_t first_len = (size_t)(strchr(first, '\n') + 1 - first);
    memcpy(t + len, first, first_len);
    t[len + first_len] = '\0';
    int64_t before = fingerprint(f->db);
    assert_int_equal(run(f, IMPORT_PUPILS, "many.csv", t, false, &s, &e), ERR_INPUT);
    char want[80];
    snprintf(want, sizeof want, "many.csv:%d: UPN: ", N + 2);
    assert_non_null(strstr(f->msg, want));
    assert_non_null(strstr(f->msg, "also appears on line 2"));
    assert_int_equal(fingerprint(f->db), before);
    free(t);
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
        cmocka_unit_test_setup_teardown(census_words_as_the_mis_writes_them, setup, teardown),
        cmocka_unit_test_setup_teardown(windows_1252_read_with_a_note, setup, teardown),
        cmocka_unit_test_setup_teardown(carers_from_contact_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(parental_responsibility_not_recorded_is_never_no, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_absent_header_is_one_message, setup, teardown),
        cmocka_unit_test_setup_teardown(column_choices, setup, teardown),
        cmocka_unit_test_setup_teardown(preview_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(fixtures_import, setup, teardown),
        cmocka_unit_test_setup_teardown(many_rows_stream_through_chunks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
