/* Unit tests for io/csv: quoting, BOM, CRLF, blank lines, line numbers,
 * malformed input. */
#include "testutil.h"

#include "io/csv.h"

#include <unistd.h>

struct rec {
    long line;
    size_t n;
    char f[8][64];
};

struct got {
    struct rec r[16];
    size_t n;
};

static int collect(void *ctx, long line, char **fields, const size_t *lens, size_t n)
{
    struct got *g = ctx;
    (void)lens;
    assert_true(g->n < 16);
    struct rec *r = &g->r[g->n++];
    r->line = line;
    r->n = n;
    for (size_t i = 0; i < n && i < 8; i++)
        snprintf(r->f[i], sizeof r->f[i], "%s", fields[i]);
    return 0;
}

static struct got parse(const char *text, int want_rc, struct err *e)
{
    struct got g = { 0 };
    err_clear(e);
    int rc = csv_read_mem("t.csv", text, strlen(text), collect, &g, e);
    assert_int_equal(rc, want_rc);
    return g;
}

static void quoted_fields(void **state)
{
    (void)state;
    struct err e;
    struct got g = parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,1,2\n", 0, &e);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.r[1].f[0], "x, y");
    assert_string_equal(g.r[1].f[1], "say \"hi\"");
    assert_string_equal(g.r[1].f[2], "two\nlines");
    /* The multi-line record starts on line 2; the next one on line 4. */
    assert_int_equal(g.r[1].line, 2);
    assert_int_equal(g.r[2].line, 4);
    assert_string_equal(g.r[2].f[0], "last");
}

static void bom_and_crlf(void **state)
{
    (void)state;
    struct err e;
    struct got g = parse("\xEF\xBB\xBFUPN,Surname\r\nA1,Smith\r\n", 0, &e);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.r[0].f[0], "UPN");   /* the BOM is not part of the header */
    assert_string_equal(g.r[1].f[1], "Smith"); /* no stray CR */
    assert_int_equal(g.r[1].line, 2);
}

static void blank_lines_skipped(void **state)
{
    (void)state;
    struct err e;
    struct got g = parse("a,b\n\n1,2\n\r\n   \n3,4", 0, &e);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.r[1].line, 3);
    assert_int_equal(g.r[2].line, 6); /* last line without a newline */
    assert_string_equal(g.r[2].f[1], "4");
}

static void lone_cr_line_endings(void **state)
{
    (void)state;
    struct err e;
    struct got g = parse("a,b\r1,2\r", 0, &e);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.r[1].line, 2);
}

static void unterminated_quote(void **state)
{
    (void)state;
    struct err e;
    parse("a,b\n1,\"open\n2,3\n", ERR_INPUT, &e);
    assert_non_null(strstr(e.msg, "t.csv:2:"));
    assert_non_null(strstr(e.msg, "not closed"));
}

static void stray_quote(void **state)
{
    (void)state;
    struct err e;
    parse("a,b\n\"x\"y,2\n", ERR_INPUT, &e);
    assert_non_null(strstr(e.msg, "t.csv:2:"));
}

/* Excel's "CSV (Comma delimited)" is Windows-1252: read and converted. */
static void windows_1252_converted(void **state)
{
    (void)state;
    struct err e;
    struct got g = parse("name,town\nZo\xeb \x93Jo\x94,caf\xe9 \x80\n", 0, &e);
    assert_string_equal(g.r[1].f[0], "Zo\xc3\xab \xe2\x80\x9cJo\xe2\x80\x9d");
    assert_string_equal(g.r[1].f[1], "caf\xc3\xa9 \xe2\x82\xac");
    enum csv_encoding enc = CSV_UTF8;
    err_clear(&e);
    assert_int_equal(csv_read_mem_enc("t.csv", "a\n\xe9\n", 4, collect, &g, &enc, &e), 0);
    assert_int_equal(enc, CSV_WINDOWS_1252);
    assert_int_equal(csv_read_mem_enc("t.csv", "a\nb\n", 4, collect, &g, &enc, &e), 0);
    assert_int_equal(enc, CSV_UTF8);
}

/* A byte that is neither UTF-8 nor Windows-1252 (0x81 is undefined there):
 * the message names the line and the column's header, not its number. */
static void unreadable_names_header_and_line(void **state)
{
    (void)state;
    struct err e;
    parse("UPN,Legal Surname\nA1,ok\nA2,caf\xe9\x81\n", ERR_INPUT, &e);
    assert_non_null(strstr(e.msg, "t.csv:3: Legal Surname: this text is neither UTF-8 nor "
                                  "Windows-1252"));
    parse("UPN,Sur\x81name\nA1,ok\n", ERR_INPUT, &e);
    assert_non_null(strstr(e.msg, "t.csv:1: the header row:"));
    /* UTF-16 (Excel's "Unicode Text") is named as such. */
    parse("\xff\xfeU\0P\0N\0", ERR_INPUT, &e);
    assert_non_null(strstr(e.msg, "UTF-16"));
}

static void unicode_kept(void **state)
{
    (void)state;
    struct err e;
    struct got g = parse("name\nZo\xc3\xab \xc5\x81ukasz\n", 0, &e);
    assert_string_equal(g.r[1].f[0], "Zo\xc3\xab \xc5\x81ukasz");
}

static int stop_at_second(void *ctx, long line, char **f, const size_t *l, size_t n)
{
    (void)f;
    (void)l;
    (void)n;
    int *count = ctx;
    return ++*count == 2 ? ERR_CONFLICT : 0;
}

static void callback_can_stop(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    int count = 0;
    const char *t = "a\nb\nc\n";
    assert_int_equal(csv_read_mem("t.csv", t, strlen(t), stop_at_second, &count, &e), ERR_CONFLICT);
    assert_int_equal(count, 2);
}

static void missing_file(void **state)
{
    (void)state;
    struct err e;
    err_clear(&e);
    struct got g = { 0 };
    assert_int_equal(csv_read_file("/nonexistent/x.csv", collect, &g, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "/nonexistent/x.csv: cannot open"));
}

/* A checksum of every record (its line and fields), to compare two reads. */
struct sum {
    unsigned long long h;
    long records, last_line;
};

static int summing(void *ctx, long line, char **fields, const size_t *lens, size_t n)
{
    struct sum *s = ctx;
    s->h = s->h * 1000003u + (unsigned long long)line;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < lens[i]; k++)
            s->h = s->h * 131u + (unsigned char)fields[i][k];
    s->records++;
    s->last_line = line;
    return 0;
}

/* A text over several of the file reader's pieces: CRLF endings, quoted
 * newlines and multi-byte characters, some across a piece's end. */
static char *big_text(bool windows_1252, size_t *len)
{
    size_t cap = 2u << 20, n = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    const char *e_acute = windows_1252 ? "\xe9" : "\xc3\xa9";
    const char *euro = windows_1252 ? "\x80" : "\xe2\x82\xac";
    n += (size_t)snprintf(t + n, cap - n, "name,town,note\r\n");
    for (int i = 0; n < cap - 200 && i < 40000; i++)
        n += (size_t)snprintf(t + n, cap - n,
                              i % 7 ? "Zo%s %d,caf%s,%s%d\r\n" : "\"a\r\nb%s\",%d%s,\"%s,%d\"\n",
                              e_acute, i, e_acute, euro, i);
    *len = n;
    return t;
}

static void file_read_in_pieces_as_in_memory(void **state)
{
    (void)state;
    for (int w = 0; w < 2; w++) {
        size_t len;
        char *t = big_text(w, &len);
        char path[] = "/tmp/meso-csv-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, t, len), (ssize_t)len);
        close(fd);
        struct sum a = { 0 }, b = { 0 };
        struct err e;
        err_clear(&e);
        enum csv_encoding ea, eb;
        assert_int_equal(csv_read_mem_enc("t.csv", t, len, summing, &a, &ea, &e), 0);
        assert_int_equal(csv_read_file_enc(path, summing, &b, &eb, &e), 0);
        assert_true(a.records > 30000);
        assert_int_equal(a.records, b.records);
        assert_int_equal(a.last_line, b.last_line);
        assert_true(a.h == b.h);
        assert_int_equal(ea, w ? CSV_WINDOWS_1252 : CSV_UTF8);
        assert_int_equal(eb, ea);
        /* A byte neither encoding reads, far into the file, is named by line. */
        FILE *f = fopen(path, "ab");
        assert_non_null(f);
        fputs("x\x81y,z,w\n", f);
        fclose(f);
        assert_int_equal(csv_read_file(path, summing, &b, &e), ERR_INPUT);
        char want[64];
        snprintf(want, sizeof want, ":%ld: name: this text is neither", w ? 2 : a.last_line + 1);
        assert_non_null(strstr(e.msg, want));
        unlink(path);
        free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoted_fields),
        cmocka_unit_test(bom_and_crlf),
        cmocka_unit_test(blank_lines_skipped),
        cmocka_unit_test(lone_cr_line_endings),
        cmocka_unit_test(unterminated_quote),
        cmocka_unit_test(stray_quote),
        cmocka_unit_test(windows_1252_converted),
        cmocka_unit_test(unreadable_names_header_and_line),
        cmocka_unit_test(unicode_kept),
        cmocka_unit_test(callback_can_stop),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(file_read_in_pieces_as_in_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
