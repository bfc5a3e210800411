/* Unit tests for a subject access request's redactions: the model
 * (model/sar/redaction.h: validation, the audit row without the words,
 * withdrawing), applying them to an export by path (view/sar.h: a passage,
 * a whole value, a whole record, a name everywhere, one not found), and the
 * ZIP the page downloads (io/zip.h), read back through zlib. */
#include "testutil.h"
#include "testpeople.h"

#include <zlib.h>

#include "core/arena.h"
#include "io/zip.h"
#include "model/register/audit.h"
#include "model/sar/redaction.h"
#include "view/sar.h"

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    int64_t school, pupil;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "t.db");
    arena_init(&f->a, 0);
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

static void model(void **state)
{
    struct fx *f = *state;
    struct audit_entry who = { .actor = "user:lead@example.org", .address = "127.0.0.1" };
    struct err e;
    err_clear(&e);
    int64_t id = 0;
    /* Refused: no reason, a bad path, "everywhere" without words. */
    assert_int_equal(
        sar_redaction_add(f->db, &who, f->school, f->pupil, "pupil", NULL, "", &id, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "reason:"));
    assert_int_equal(
        sar_redaction_add(f->db, &who, f->school, f->pupil, "../x", NULL, "r", &id, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "path:"));
    assert_int_equal(sar_redaction_add(f->db, &who, f->school, f->pupil, "*", "", "r", &id, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "passage:"));
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM sar_redaction"), 0);
    /* Recorded, with an audit row that names the place and the length only. */
    assert_int_equal(sar_redaction_add(f->db, &who, f->school, f->pupil, "contacts/#3/note",
                                       "Jamie Smith", "another child", &id, &e),
                     0);
    assert_true(id > 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'redact'"
                                       " AND detail = 'contacts/#3/note: a passage of 11 "
                                       "characters; reason: another child'"),
                     1);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE detail LIKE '%Jamie%'"),
                     0);
    struct sar_redaction *rs;
    size_t n;
    assert_int_equal(sar_redaction_list(f->db, &f->a, f->pupil, false, &rs, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rs[0].passage, "Jamie Smith");
    assert_string_equal(rs[0].created_by, "user:lead@example.org");
    /* Withdrawn: gone from the standing list, kept in the full one; twice is not found. */
    assert_int_equal(sar_redaction_withdraw(f->db, &who, f->school, f->pupil, id, &e), 0);
    assert_int_equal(sar_redaction_withdraw(f->db, &who, f->school, f->pupil, id, &e),
                     ERR_NOTFOUND);
    assert_int_equal(sar_redaction_list(f->db, &f->a, f->pupil, false, &rs, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(sar_redaction_list(f->db, &f->a, f->pupil, true, &rs, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_non_null(rs[0].withdrawn_at);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'withdraw'"), 1);
}

static void apply(void **state)
{
    (void)state;
    json_error_t je;
    json_t *sar = json_loads(
        "{\"request\": {\"pupil_name\": \"Ada Okafor\"},"
        " \"contacts\": [{\"id\": 3, \"note\": \"Played with Jamie Smith and Jamie Smith again\"},"
        "                {\"id\": 4, \"note\": \"Jamie was kind\"}],"
        " \"pupil\": {\"carers\": [{\"id\": 7, \"surname\": \"Lee\"}, {\"id\": 8, \"surname\": \"Okafor\"}]},"
        " \"attendance\": [{\"session\": \"one\"}, {\"session\": \"two\"}]}",
        0, &je);
    assert_non_null(sar);
    assert_string_equal(json_string_value(sar_at(sar, "attendance/1/session")), "two");
    assert_null(sar_at(sar, "contacts/#99/note"));
    struct sar_redaction rs[] = {
        { .id = 1,
          .path = "contacts/#3/note",
          .passage = "Jamie Smith",
          .reason = "child",
          .created_by = "a",
          .created_at = "2026-12-07" },
        { .id = 2,
          .path = "pupil/carers/#7",
          .reason = "did not ask",
          .created_by = "a",
          .created_at = "2026-12-07" },
        { .id = 3,
          .path = "attendance/0/session",
          .reason = "r",
          .created_by = "a",
          .created_at = "2026-12-07" },
        { .id = 4,
          .path = "*",
          .passage = "Jamie",
          .reason = "everywhere",
          .created_by = "a",
          .created_at = "2026-12-07" },
        { .id = 5,
          .path = "contacts/#99/note",
          .reason = "gone",
          .created_by = "a",
          .created_at = "2026-12-07" },
    };
    assert_int_equal(sar_apply_redactions(sar, rs, 5), 4);
    assert_string_equal(json_string_value(sar_at(sar, "contacts/#3/note")),
                        "Played with [redacted] and [redacted] again");
    assert_string_equal(json_string_value(sar_at(sar, "contacts/#4/note")), "[redacted] was kind");
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(json_object_get(sar, "pupil"), "carers"), 0)),
                        "[redacted]");
    assert_string_equal(json_string_value(sar_at(sar, "pupil/carers/#8/surname")), "Okafor");
    assert_string_equal(json_string_value(sar_at(sar, "attendance/0/session")), "[redacted]");
    json_t *list = json_object_get(sar, "redactions");
    assert_int_equal(json_array_size(list), 5);
    assert_false(json_is_true(json_object_get(json_array_get(list, 4), "found")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "what")),
                        "a passage of 11 characters");
    char *text = json_dumps(list, 0);
    assert_null(strstr(text, "Jamie")); /* the list never holds the words */
    free(text);
    json_decref(sar);
}

static void zip(void **state)
{
    (void)state;
    struct buf out;
    buf_init(&out, 1 << 20);
    struct zipw z;
    struct err e;
    err_clear(&e);
    zip_init(&z, &out);
    const char *a = "hello, hello, hello, hello";
    assert_int_equal(zip_add(&z, "a.txt", a, strlen(a), &e), 0);
    assert_int_equal(zip_add(&z, "b.json", "{}", 2, &e), 0);
    assert_int_equal(zip_finish(&z, &e), 0);
    const unsigned char *d = (const unsigned char *)out.data;
    assert_memory_equal(d, "PK\x03\x04", 4);
    /* The first entry inflates back to its text, with its CRC. */
    uint32_t crc = d[14] | d[15] << 8 | d[16] << 16 | (uint32_t)d[17] << 24;
    uint32_t csize = d[18] | d[19] << 8 | d[20] << 16 | (uint32_t)d[21] << 24;
    uint16_t nlen = (uint16_t)(d[26] | d[27] << 8);
    assert_int_equal(nlen, 5);
    assert_memory_equal(d + 30, "a.txt", 5);
    char back[64] = { 0 };
    z_stream s = { 0 };
    assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
    s.next_in = (Bytef *)(uintptr_t)(d + 35);
    s.avail_in = csize;
    s.next_out = (Bytef *)back;
    s.avail_out = sizeof back;
    assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
    inflateEnd(&s);
    assert_string_equal(back, a);
    assert_int_equal(crc, (uint32_t)crc32(0, (const Bytef *)a, (uInt)strlen(a)));
    /* The end record counts two files. */
    const unsigned char *end = d + out.len - 22;
    assert_memory_equal(end, "PK\x05\x06", 4);
    assert_int_equal(end[10], 2);
    /* Too many files is refused. */
    for (int i = 0; i < ZIP_MAX_FILES - 2; i++)
        assert_int_equal(zip_add(&z, "x", "", 0, &e), 0);
    assert_int_equal(zip_add(&z, "x", "", 0, &e), ERR_LIMIT);
    buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(model, setup, teardown),
        cmocka_unit_test(apply),
        cmocka_unit_test(zip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
