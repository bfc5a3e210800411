/* Unit tests for model/register/csvtable.h, the column conventions every
 * import shares: headers matched ignoring case, spaces, underscores,
 * hyphens and full stops; alternative names; a missing required column or
 * a column given twice is a problem of the header; unused columns listed
 * once; the extra-column hook; cells trimmed and "" past the end; rows
 * longer than the header refused unless only blank padding; the help. */
#include "testutil.h"

#include "core/arena.h"
#include "core/problems.h"
#include "model/register/csvtable.h"

enum { C_UPN, C_NAME, C_DATE, C_NOTE };
static const struct csvtable_col spec[] = {
    [C_UPN] = { "upn", true, { "UPN", "Unique Pupil Number" } },
    [C_NAME] = { "name", true, { "Surname", "Legal Surname", "Family name" } },
    [C_DATE] = { "date", false, { "Date", "Date of assessment" } },
    [C_NOTE] = { "note", false, { "Note" } },
};
#define N_SPEC (sizeof spec / sizeof spec[0])

/* fields[] must be writable: the table trims them in place. */
#define ROW(...) ((char *[]){ __VA_ARGS__ })

static void header_names(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    struct csvtable t;
    csvtable_init(&t, spec, N_SPEC);
    char h0[] = "unique_pupil-number", h1[] = "Sex", h2[] = "  family NAME ", h3[] = "Date.",
         h4[] = "Ethnicity";
    char **hdr = ROW(h0, h1, h2, h3, h4);
    csvtable_header(&t, &a, hdr, 5, &pr, NULL, NULL);
    assert_int_equal(pr.n, 0);
    assert_true(t.have_header);
    assert_true(csvtable_has(&t, C_UPN));
    assert_true(csvtable_has(&t, C_NAME));
    assert_true(csvtable_has(&t, C_DATE));
    assert_false(csvtable_has(&t, C_NOTE));
    assert_int_equal(t.col_of[C_UPN], 0);
    assert_int_equal(t.col_of[C_NAME], 2);
    assert_int_equal(t.col_of[C_DATE], 3);
    /* Reported as written in the file; canonical when absent. */
    assert_string_equal(csvtable_name(&t, C_UPN), "unique_pupil-number");
    assert_string_equal(csvtable_name(&t, C_NOTE), "Note");
    /* Unused columns listed once, in file order. */
    assert_string_equal(buf_str(&t.unknown), "Sex, Ethnicity");

    char c0[] = " A123 ", c1[] = "F", c2[] = "\tOkafor ", c3[] = "2025-10-01", c4[] = "";
    char **row = ROW(c0, c1, c2, c3, c4);
    assert_true(csvtable_row_ok(&t, row, 5, &pr));
    assert_string_equal(csvtable_cell(&t, row, 5, C_UPN), "A123");
    assert_string_equal(csvtable_cell(&t, row, 5, C_NAME), "Okafor");
    assert_string_equal(csvtable_cell(&t, row, 5, C_NOTE), ""); /* no such column */
    /* A short row: "" past its end. */
    assert_string_equal(csvtable_cell(&t, row, 2, C_DATE), "");
    assert_string_equal(csvtable_at(row, 5, -1), "");
    assert_string_equal(csvtable_at(row, 5, 9), "");
    csvtable_release(&t);
    arena_release(&a);
}

static void header_problems(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    pr.line = 1;
    struct csvtable t;
    csvtable_init(&t, spec, N_SPEC);
    char h0[] = "UPN", h1[] = "Date", h2[] = "upn";
    csvtable_header(&t, &a, ROW(h0, h1, h2), 3, &pr, NULL, NULL);
    assert_int_equal(pr.n, 2);
    /* The second UPN column, under its own name. */
    assert_string_equal(problems_for(&pr, "upn"), "this column appears twice (columns 1 and 3)");
    assert_int_equal(t.col_of[C_UPN], 0);
    /* The missing required surname, with the names it goes by. */
    assert_string_equal(
        problems_for(&pr, "Surname"),
        "required column is missing (accepted names: Surname, Legal Surname, Family name)");
    assert_int_equal(pr.items[0].line, 1);
    assert_string_equal(buf_str(&t.unknown), "");
    csvtable_release(&t);
    arena_release(&a);
}

struct items {
    int n;
    size_t cols[4];
};

static bool take_items(void *ctx, const char *key, const char *header, size_t col)
{
    (void)header;
    struct items *it = ctx;
    if (strncmp(key, "item", 4))
        return false;
    it->cols[it->n++] = col;
    return true;
}

static void extra_columns(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    struct csvtable t;
    csvtable_init(&t, spec, N_SPEC);
    struct items it = { 0 };
    char h0[] = "UPN", h1[] = "Surname", h2[] = "Item 1", h3[] = "Colour", h4[] = "ITEM_2",
         h5[] = "";
    csvtable_header(&t, &a, ROW(h0, h1, h2, h3, h4, h5), 6, &pr, take_items, &it);
    assert_int_equal(pr.n, 0);
    assert_int_equal(it.n, 2);
    assert_int_equal(it.cols[0], 2);
    assert_int_equal(it.cols[1], 4);
    /* A blank header is neither taken nor listed. */
    assert_string_equal(buf_str(&t.unknown), "Colour");
    csvtable_release(&t);
    arena_release(&a);
}

static void long_rows(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    struct csvtable t;
    csvtable_init(&t, spec, N_SPEC);
    char h0[] = "UPN", h1[] = "Surname";
    csvtable_header(&t, &a, ROW(h0, h1), 2, &pr, NULL, NULL);
    char a0[] = "A", a1[] = "B", a2[] = " ", a3[] = "";
    assert_true(csvtable_row_ok(&t, ROW(a0, a1, a2, a3), 4, &pr)); /* padding */
    assert_int_equal(pr.n, 0);
    char b0[] = "A", b1[] = "B", b2[] = "C", b3[] = "";
    assert_false(csvtable_row_ok(&t, ROW(b0, b1, b2, b3), 4, &pr));
    assert_int_equal(pr.n, 1);
    assert_string_equal(pr.items[0].msg, "this row has 4 columns but the header has 2");
    csvtable_release(&t);
    arena_release(&a);
}

static void help(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    csvtable_help(spec, N_SPEC, f);
    fclose(f);
    assert_string_equal(text, "  UPN (required): also Unique Pupil Number\n"
                              "  Surname (required): also Legal Surname, Family name\n"
                              "  Date: also Date of assessment\n"
                              "  Note\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_names),  cmocka_unit_test(header_problems),
        cmocka_unit_test(extra_columns), cmocka_unit_test(long_rows),
        cmocka_unit_test(help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
