/* Unit tests for the Common Transfer File: io/ctf writes what it reads back,
 * and model/register/transfer imports a pupil with SEN history, FSM periods
 * and carers, matches them by UPN the second time, and refuses a file with
 * a wrong UPN (by its element path) writing nothing. */
#include "testpeople.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "core/buf.h"
#include "core/problems.h"
#include "io/ctf.h"
#include "model/register/audit.h"
#include "model/register/transfer.h"
#include "model/register/transfer_meso.h"

static struct ctf_sen sen[] = {
    { .path = "/p/SEN[1]", .start_date = "2024-01-08", .provision = "K", .needs = { "SLCN" } },
    { .path = "/p/SEN[2]",
      .start_date = "2025-10-06",
      .provision = "E",
      .needs = { "SLCN", "SEMH" } },
};
static struct ctf_fsm fsm[] = {
    { .path = "/p/FSM[1]", .start = "2023-09-04", .end = "2025-03-31" }
};
static struct ctf_contact contacts[] = {
    { .path = "/p/Contact[1]",
      .order = 1,
      .title = "Mrs",
      .forename = "Ngozi",
      .surname = "Okafor",
      .relationship = "PAM",
      .responsibility = true,
      .phone_mobile = "07700 900111",
      .email = "ngozi.okafor@example.org" },
};

static struct ctf sample(struct ctf_pupil *p, const char *upn)
{
    *p = (struct ctf_pupil){ .path = "/CTfile/CTFpupilData/Pupil[1]",
                             .upn = upn,
                             .surname = "Okafor",
                             .forename = "Chiamaka",
                             .dob = "2019-02-14",
                             .sex = "F",
                             .nc_year = "2",
                             .sen = sen,
                             .n_sen = 2,
                             .fsm = fsm,
                             .n_fsm = 1,
                             .contacts = contacts,
                             .n_contacts = 1 };
    return (struct ctf){ .version = "23.0",
                         .supplier = "test",
                         .source = { .lea = "999", .urn = "999001", .name = "A & B <School>" },
                         .dest = { .urn = "123456" },
                         .pupils = p,
                         .n_pupils = 1 };
}

static int64_t one(struct db *db, const char *what)
{
    struct db_stmt *st;
    struct err e;
    int64_t n = -1;
    if (!strcmp(what, "sen"))
        assert_int_equal(db_prepare(db, &st, "SELECT count(*) FROM sen_history", &e), 0);
    else if (!strcmp(what, "fsm"))
        assert_int_equal(db_prepare(db, &st, "SELECT count(*) FROM fsm_period", &e), 0);
    else if (!strcmp(what, "carers"))
        assert_int_equal(db_prepare(db, &st,
                                    "SELECT count(*) FROM pupil_carer WHERE"
                                    " parental_responsibility = 1 AND relationship = 'mother'",
                                    &e),
                         0);
    else
        assert_int_equal(db_prepare(db, &st,
                                    "SELECT count(*) FROM pupil WHERE sen_provision = 'E'"
                                    " AND sen_primary_need = 'SLCN'"
                                    " AND sen_secondary_need = 'SEMH'",
                                    &e),
                         0);
    if (db_step(st, &e) == DB_ROW)
        n = db_col_int(st, 0);
    db_finalize(st);
    return n;
}

static void writes_what_it_reads(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    struct ctf_pupil p;
    struct ctf c = sample(&p, "R999200120001"), back;
    struct buf b;
    struct err e;
    struct problems pr;
    problems_init(&pr, &a);
    buf_init(&b, 1 << 20);
    assert_int_equal(ctf_write(&c, &b, &e), 0);
    assert_non_null(strstr(buf_str(&b), "A &amp; B &lt;School&gt;"));
    assert_int_equal(ctf_read(&a, "t.xml", buf_str(&b), b.len, &back, &pr, &e), 0);
    assert_int_equal(pr.n, 0);
    assert_int_equal(back.n_notes, 0);
    assert_string_equal(back.source.name, "A & B <School>");
    assert_string_equal(back.dest.urn, "123456");
    assert_int_equal(back.n_pupils, 1);
    assert_string_equal(back.pupils[0].upn, "R999200120001");
    assert_int_equal(back.pupils[0].n_sen, 2);
    assert_string_equal(back.pupils[0].sen[1].needs[1], "SEMH");
    assert_string_equal(back.pupils[0].sen[1].path,
                        "/CTfile/CTFpupilData/Pupil[1]/SENhistory[1]/SEN[2]");
    assert_string_equal(back.pupils[0].fsm[0].end, "2025-03-31");
    assert_true(back.pupils[0].contacts[0].responsibility);
    assert_string_equal(back.pupils[0].contacts[0].phone_mobile, "07700 900111");
    /* Not XML, and XML that is not a CTF. */
    assert_int_equal(ctf_read(&a, "t.xml", "<CTfile><Header>", 16, &back, &pr, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "not well formed"));
    assert_int_equal(ctf_read(&a, "t.xml", "<html/>", 7, &back, &pr, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "not a Common Transfer File"));
    buf_release(&b);
    arena_release(&a);
}

/* 0 when the XML in b is valid against docs/ctf-structure.xsd (meso's
 * reading of the DfE structure), else the number of errors. */
static int validate(const char *xml, size_t len)
{
    xmlSchemaParserCtxt *pc = xmlSchemaNewParserCtxt("docs/ctf-structure.xsd");
    assert_non_null(pc);
    xmlSchema *schema = xmlSchemaParse(pc);
    assert_non_null(schema);
    xmlSchemaValidCtxt *vc = xmlSchemaNewValidCtxt(schema);
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "t.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

/* What meso writes passes the schema, with or without its own block; the
 * check can fail (blocks out of order, a bad code); meso's block comes back. */
static void validates_and_carries_mesos_record(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    struct ctf_pupil p;
    struct ctf c = sample(&p, "R999200120001"), back;
    c.datetime = "2026-12-07T10:00:00";
    c.academic_year = 2027;
    struct buf b;
    struct err e;
    struct problems pr;
    problems_init(&pr, &a);
    buf_init(&b, 1 << 20);
    assert_int_equal(ctf_write(&c, &b, &e), 0);
    assert_int_equal(validate(buf_str(&b), b.len), 0);
    struct ctf_meso m = { .upn = "R999200120001",
                          .consent = "Agreed by the family on 2026-11-02: signed form",
                          .record =
                              "{\"format\": \"meso-transfer 1\", \"targets\": [\"<read>\"]}" };
    c.meso = &m;
    c.n_meso = 1;
    buf_reset(&b);
    assert_int_equal(ctf_write(&c, &b, &e), 0);
    assert_non_null(strstr(buf_str(&b), "<MesoTransfer xmlns=\"" CTF_MESO_NS "\">"));
    assert_int_equal(validate(buf_str(&b), b.len), 0);
    assert_int_equal(ctf_read(&a, "t.xml", buf_str(&b), b.len, &back, &pr, &e), 0);
    assert_int_equal(pr.n, 0);
    assert_int_equal(back.n_notes, 0);
    assert_int_equal(back.n_meso, 1);
    assert_string_equal(back.meso[0].upn, "R999200120001");
    assert_string_equal(back.meso[0].record, m.record);
    assert_string_equal(back.meso[0].consent, m.consent);
    /* The check can fail: FSM before SEN, a need that is no code. */
    const char *x = buf_str(&b);
    char *swapped = strdup(x);
    char *sen_at = strstr(swapped, "<SENhistory>"), *fsm_at = strstr(swapped, "<FSMhistory>");
    char *cs_at = strstr(swapped, "<Contacts>");
    assert_true(sen_at && fsm_at && cs_at && sen_at < fsm_at);
    size_t sen_len = (size_t)(fsm_at - sen_at), fsm_len = (size_t)(cs_at - fsm_at);
    char *tmp = malloc(sen_len + fsm_len);
    memcpy(tmp, fsm_at, fsm_len);
    memcpy(tmp + fsm_len, sen_at, sen_len);
    memcpy(sen_at, tmp, sen_len + fsm_len);
    free(tmp);
    assert_int_not_equal(validate(swapped, strlen(swapped)), 0);
    free(swapped);
    char *badneed = strdup(x);
    memcpy(strstr(badneed, "<NeedType>SLCN"), "<NeedType>XXXX", 14);
    assert_int_not_equal(validate(badneed, strlen(badneed)), 0);
    free(badneed);
    /* A record in meso's block that is not JSON: a problem with its place. */
    m.record = "not json";
    buf_reset(&b);
    assert_int_equal(ctf_write(&c, &b, &e), 0);
    problems_init(&pr, &a);
    assert_int_equal(ctf_read(&a, "t.xml", buf_str(&b), b.len, &back, &pr, &e), 0);
    assert_int_equal(pr.n, 1);
    assert_string_equal(pr.items[0].field, "/CTfile/MesoTransfer[1]/Record[1]/Data");
    /* The same element in another namespace is a block meso does not know. */
    const char *other = "<CTfile><Header/><CTFpupilData/><MesoTransfer xmlns=\"urn:other\">"
                        "<Record upn=\"R999200120001\"/></MesoTransfer></CTfile>";
    problems_init(&pr, &a);
    assert_int_equal(ctf_read(&a, "t.xml", other, strlen(other), &back, &pr, &e), 0);
    assert_int_equal(back.n_meso, 0);
    assert_int_equal(back.n_notes, 1);
    buf_release(&b);
    arena_release(&a);
}

/* The family's agreement: checked, found, in words; withdrawn ones are not
 * found (a later one is); a record received is kept once. */
static void consent_and_history(void **state)
{
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "t.db");
    struct arena a;
    arena_init(&a, 0);
    struct err e;
    err_clear(&e);
    int64_t school = tp_school(db, "100001"), pupil = tp_pupil(db, school, 1, "Okafor");
    int64_t other = tp_pupil(db, school, 2, "Lee");
    struct audit_entry who = { .actor = "cli:test" };
    struct transfer_consent c;
    int64_t id;
    assert_int_equal(transfer_consent_find(db, &a, pupil, &c, &e), ERR_NOTFOUND);
    assert_int_equal(
        transfer_consent_add(db, &who, school, pupil, 0, "2999-01-01", "form", &id, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "given_on:"));
    assert_int_equal(transfer_consent_add(db, &who, school, pupil, 0, "yesterday", "form", &id, &e),
                     ERR_INPUT);
    assert_int_equal(transfer_consent_add(db, &who, school, pupil, 0, "2026-11-02", "", &id, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "how:"));
    assert_int_equal(
        transfer_consent_add(db, &who, school, pupil, 999, "2026-11-02", "form", &id, &e),
        ERR_INPUT);
    assert_non_null(strstr(e.msg, "carer:"));
    assert_int_equal(
        transfer_consent_add(db, &who, school, pupil, 0, "2026-11-02", "signed form", &id, &e), 0);
    assert_int_equal(transfer_consent_find(db, &a, pupil, &c, &e), 0);
    assert_string_equal(c.given_on, "2026-11-02");
    assert_string_equal(transfer_consent_words(&a, &c),
                        "Agreed by the family on 2026-11-02: signed form; recorded by cli:test");
    assert_int_equal(transfer_consent_find(db, &a, other, &c, &e), ERR_NOTFOUND);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE action = 'consent'"), 1);
    /* History: kept once per school and record. */
    struct transfer_history h = { .from_urn = "999001", .consent = "agreed", .record = "{}" };
    assert_int_equal(db_begin(db, &e), 0);
    assert_int_equal(transfer_history_add(db, &who, school, pupil, &h, &e), 0);
    assert_int_equal(transfer_history_add(db, &who, school, pupil, &h, &e), 0);
    h.from_urn = NULL;
    assert_int_equal(transfer_history_add(db, &who, school, pupil, &h, &e), 0);
    assert_int_equal(db_commit(db, &e), 0);
    struct transfer_history *hs;
    size_t n;
    assert_int_equal(transfer_history_list(db, &a, pupil, &hs, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(hs[0].from_urn, "999001");
    assert_null(hs[1].from_urn);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE action = 'receive'"), 2);
    arena_release(&a);
    db_close(db);
    test_rmdir(dir);
}

static void imports_then_matches(void **state)
{
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "t.db");
    struct arena a;
    arena_init(&a, 0);
    int64_t school = tp_school(db, "123456");
    struct ctf_pupil p;
    struct ctf c = sample(&p, "R999200120001");
    struct problems pr;
    problems_init(&pr, &a);
    struct transfer_result r;
    struct err e;
    struct audit_entry who = { .actor = "cli:test" };
    assert_int_equal(transfer_import(db, &a, school, &c, "ctf t.xml", &who, &pr, &r, &e), 0);
    assert_int_equal(r.added, 1);
    assert_int_equal(r.carers, 1);
    assert_int_equal(one(db, "sen"), 2);
    assert_int_equal(one(db, "fsm"), 1);
    assert_int_equal(one(db, "carers"), 1);
    assert_int_equal(one(db, "current"), 1); /* the latest record is the current one */
    /* Again: matched by UPN, nothing doubled. */
    assert_int_equal(transfer_import(db, &a, school, &c, "ctf t.xml", &who, &pr, &r, &e), 0);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.updated, 1);
    assert_int_equal(r.carers, 0);
    assert_int_equal(one(db, "sen"), 2);
    assert_int_equal(one(db, "fsm"), 1);
    /* A wrong check letter: refused at its path, nothing written. */
    struct ctf_pupil q;
    struct ctf bad = sample(&q, "G999200120002");
    assert_int_equal(transfer_import(db, &a, school, &bad, "ctf u.xml", &who, &pr, &r, &e),
                     ERR_INPUT);
    assert_int_equal(pr.n, 1);
    assert_string_equal(pr.items[0].field, "/CTfile/CTFpupilData/Pupil[1]/UPN");
    assert_int_equal(one(db, "sen"), 2);
    db_close(db);
    arena_release(&a);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_what_it_reads),
        cmocka_unit_test(validates_and_carries_mesos_record),
        cmocka_unit_test(consent_and_history),
        cmocka_unit_test(imports_then_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
