/* Unit tests for view/progdocs.h, the printable documents of a programme:
 * long dates, placeholders filled (unknown ones kept), and each document
 * read back with poppler's pdftotext: the invitation (the template's words
 * with the child's and parent's names, the dates of the sessions to come but
 * not cancelled or follow-on ones, the time and venue, positive words only),
 * the booklet (one story to a page), the report (the figures given), and
 * the attendance chart as SVG (a bar title per session). */
#include <ctype.h>
#include <string.h>

#include "testutil.h"
#include "test_graphics.h"

#include "core/arena.h"
#include "core/buf.h"
#include "io/canvas_svg.h"
#include "view/effectwords.h"
#include "core/i18n.h"
#include "view/progdocs.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = test_tmpdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_rmdir(dir);
    return 0;
}

/* The text of a PDF in b, by pdftotext, with line breaks as spaces. */
static char *pdf_text(const struct buf *b, const char *name)
{
    assert_true(b->len > 4);
    assert_memory_equal(b->data, "%PDF", 4);
    char path[600], cmd[700];
    snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(b->data, 1, b->len, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
    FILE *p = popen(cmd, "r"); /* lint:allow test only */
    assert_non_null(p);
    size_t cap = 1 << 20, len = 0, n;
    char *out = malloc(cap);
    while ((n = fread(out + len, 1, cap - len - 1, p)) > 0)
        len += n;
    out[len] = '\0';
    assert_int_equal(pclose(p), 0);
    for (char *s = out; *s; s++)
        if (*s == '\n')
            *s = ' ';
    return out;
}

#define HAS(text, s)                                             \
    do {                                                         \
        if (!strstr((text), (s)))                                \
            fail_msg("missing \"%s\" in: %.2000s", (s), (text)); \
    } while (0)
#define HASNT(text, s) assert_null(strstr((text), (s)))

static void dates_and_fill(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    assert_string_equal(progdocs_long_date(&a, "2025-01-14"), "Tuesday 14 January 2025");
    assert_string_equal(progdocs_long_date(&a, "2024-02-29"), "Thursday 29 February 2024");
    assert_string_equal(progdocs_long_date(&a, "soon"), "soon");
    assert_string_equal(progdocs_long_date(&a, NULL), "");
    assert_string_equal(progdocs_fill(&a,
                                      "Dear {parent}, {child} at {school} is invited to "
                                      "{programme} from {first_date}. {unknown} {",
                                      "Jayden", "Ms Khan", "Meadowbank", "Story Links",
                                      "2025-01-14"),
                        "Dear Ms Khan, Jayden at Meadowbank is invited to Story Links from "
                        "Tuesday 14 January 2025. {unknown} {");
    assert_string_equal(progdocs_fill(&a, "{child}{child}", NULL, NULL, NULL, NULL, NULL), "");
    assert_string_equal(progdocs_fill(&a, NULL, "x", NULL, NULL, NULL, NULL), "");
    arena_release(&a);
}

static void invitation(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct progtemplate t = { .name = "Story Links",
                              .invite_title = "An invitation for {child}",
                              .invite = { "We would love {parent} to come to {programme} with "
                                          "{child}, to help with reading.",
                                          "We start on {first_date}." },
                              .n_invite = 2 };
    struct provision p = { .name = "Story Links", .session_minutes = 90, .venue = "the library" };
    memcpy(p.start_date, "2025-01-07", 11);
    memcpy(p.session_time, "15:15", 6);
    struct enrolment en = { .pupil_name = "Jayden Price",
                            .forename = "Jayden",
                            .carer_salutation = "Ms Price" };
    struct prog_session ss[4] = {
        { .kind = SESSION_COMMITMENT, .seq = 1, .date = "2025-01-14" },
        { .kind = SESSION_WEEKLY, .seq = 1, .date = "2025-01-21", .status = SESSION_CANCELLED },
        { .kind = SESSION_WEEKLY, .seq = 2, .date = "2025-01-28" },
        { .kind = SESSION_FOLLOWON, .seq = 1, .date = "2025-06-03" },
    };
    struct buf b;
    buf_init(&b, 8u << 20);
    struct err e;
    err_clear(&e);
    /* A letter must not mislead (issue 13): refused once every session is
     * past, or without a time or a venue; the page says why. */
    setenv("MESO_TODAY", "2025-02-01", 1);
    assert_int_equal(
        progdocs_invitation(&b, &a, "Meadowbank Primary", &t, &p, &en, ss, 4, NULL, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "already past"));
    assert_int_equal(b.len, 0);
    assert_non_null(progdocs_invitation_problem(&p, ss, 4, "2025-01-29"));
    assert_null(progdocs_invitation_problem(&p, ss, 4, "2025-01-28")); /* today counts */
    p.venue = "";
    assert_non_null(strstr(progdocs_invitation_problem(&p, ss, 4, "2025-01-01"), "no venue"));
    p.venue = "the library";
    p.session_time[0] = '\0';
    assert_non_null(strstr(progdocs_invitation_problem(&p, ss, 4, "2025-01-01"), "no time"));
    memcpy(p.session_time, "15:15", 6);
    setenv("MESO_TODAY", "2025-01-01", 1);
    err_clear(&e);
    if (progdocs_invitation(&b, &a, "Meadowbank Primary", &t, &p, &en, ss, 4, NULL, &e))
        fail_msg("progdocs_invitation: %s", e.msg);
    char *text = pdf_text(&b, "invitation");
    HAS(text, "An invitation for Jayden");
    HAS(text, "Dear Ms Price,");
    HAS(text, "We would love Ms Price to come to Story Links with Jayden");
    /* The first date is the first session held or planned. */
    HAS(text, "We start on Tuesday 14 January 2025.");
    HAS(text, "Tuesday 14 January 2025: our first meeting");
    HAS(text, "Tuesday 28 January 2025, 15:15 to 16:45");
    HASNT(text, "21 January");
    HASNT(text, "3 June");
    HAS(text, "We meet in the library.");
    HAS(text, "The Story Links team");
    HASNT(text, "behaviour");
    HASNT(text, "concern");
    free(text);

    /* No carer: "parent or carer"; signed by a name. */
    en.carer_salutation = NULL;
    en.forename = NULL;
    buf_reset(&b);
    assert_int_equal(
        progdocs_invitation(&b, &a, "Meadowbank Primary", &t, &p, &en, ss, 4, "Mrs Ali", &e), 0);
    text = pdf_text(&b, "invitation2");
    HAS(text, "Dear parent or carer,");
    HAS(text, "An invitation for Jayden Price");
    HAS(text, "Mrs Ali");
    HASNT(text, "The Story Links team");
    free(text);
    /* Part way through: only the sessions still to come. */
    setenv("MESO_TODAY", "2025-01-20", 1);
    buf_reset(&b);
    assert_int_equal(
        progdocs_invitation(&b, &a, "Meadowbank Primary", &t, &p, &en, ss, 4, "Mrs Ali", &e), 0);
    text = pdf_text(&b, "invitation3");
    HAS(text, "We start on Tuesday 28 January 2025.");
    HASNT(text, "14 January");
    free(text);
    unsetenv("MESO_TODAY");
    buf_release(&b);
    arena_release(&a);
}

static void booklet(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct story s[2] = {
        { .title = "The big red bus",
          .coauthors = "Jayden, Mum and Mrs Price",
          .body = "One day the bus went to the sea.\n\n\n\nThe end." },
        { .title = "Our cat", .body = "Our cat sleeps all day." },
    };
    struct buf b;
    buf_init(&b, 8u << 20);
    struct err e;
    err_clear(&e);
    assert_int_equal(progdocs_booklet(&b, &a, NULL, "Meadowbank Primary", "Jayden", s, 2, &e), 0);
    char *text = pdf_text(&b, "booklet");
    HAS(text, "Jayden's stories");
    HAS(text, "2 stories written together at Meadowbank Primary.");
    HAS(text, "The big red bus");
    HAS(text, "By Jayden, Mum and Mrs Price");
    HAS(text, "One day the bus went to the sea.");
    HAS(text, "Our cat sleeps all day.");
    /* One story to a page: the title page and two more (form feeds). */
    int pages = 0;
    for (const char *c = text; *c; c++)
        pages += *c == '\f';
    assert_int_equal(pages, 3);
    free(text);
    buf_reset(&b);
    assert_int_equal(progdocs_booklet(&b, &a, NULL, NULL, NULL, NULL, 0, &e), 0);
    text = pdf_text(&b, "empty");
    HAS(text, "My stories");
    HAS(text, "There are no stories here yet.");
    free(text);
    /* meso's own words in the family's language; the stories as written. */
    buf_reset(&b);
    struct tr pl;
    tr_init(&pl, i18n_lang("pl"));
    assert_int_equal(progdocs_booklet(&b, &a, &pl, "Meadowbank Primary", "Jayden", s, 2, &e), 0);
    text = pdf_text(&b, "booklet-pl");
    HAS(text, "Historie: Jayden");
    HAS(text, "2 historie napisane razem w Meadowbank Primary.");
    HAS(text, "Autorzy: Jayden, Mum and Mrs Price");
    HAS(text, "One day the bus went to the sea.");
    HAS(text, "Strona 2");
    free(text);
    buf_release(&b);
    arena_release(&a);
}

static void report_and_chart(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct progreport *r = calloc(1, sizeof *r);
    r->prov.name = "Families Connect";
    r->prov.tier = "selected";
    r->prov.session_minutes = 120;
    r->prov.complete_at = 6;
    memcpy(r->prov.start_date, "2025-01-07", 11);
    r->invited = 12;
    r->consent_given = 8;
    r->declined = 2;
    r->families_enrolled = 8;
    r->families_started = 7;
    r->families_completed = 6;
    r->reach_fsm = 4;
    r->reach_sen = 5;
    r->reach_eal = 0;
    r->retention = 6.0 / 7;
    r->completion_rate = 0.75;
    r->mean_sessions_attended = 6.5;
    r->mean_hours = 13;
    r->sessions_planned = 8;
    r->sessions_held = 2;
    r->sessions_cancelled = 1;
    r->mean_fidelity = -1;
    r->reading_per_week = -1;
    struct progreport_session ss[3] = {
        { .kind = SESSION_WEEKLY,
          .seq = 1,
          .date = "2025-01-14",
          .status = SESSION_HELD,
          .families = 7,
          .children = 7,
          .parents = 8,
          .fidelity = 0.9 },
        { .kind = SESSION_WEEKLY, .seq = 2, .date = "2025-01-21", .status = SESSION_CANCELLED },
        { .kind = SESSION_WEEKLY, .seq = 3, .date = "2199-01-28", .status = SESSION_PLANNED },
    };
    r->sessions = ss;
    r->n_sessions = 3;
    struct prog_quote q = { .speaker = "parent",
                            .text = "We read every night now",
                            .attribution = "a parent" };
    r->quotes = &q;
    r->n_quotes = 1;
    r->costs.total_to_date = 12345;
    r->costs.total_projected = 50000;
    r->costs.per_pupil_to_date = -1;
    r->outcome.effect_note = "No measure is set for this programme.";

    struct buf b;
    buf_init(&b, 8u << 20);
    struct err e;
    err_clear(&e);
    if (progdocs_report(&b, &a, "Meadowbank Primary", r, &e))
        fail_msg("progdocs_report: %s", e.msg);
    char *text = pdf_text(&b, "report");
    HAS(text, "Families Connect: programme report");
    HAS(text, "7 of 8 enrolled");
    /* Characteristics: 1 to 4 children are not counted out (stats/suppress.h). */
    HAS(text, "fewer than 5 of 8 enrolled children");
    HASNT(text, "4 of 8 enrolled children");
    HAS(text, "5 of 8 enrolled children");
    HAS(text, "0 of 8 enrolled children");
    HAS(text, "86% (completed of those who came at least once)");
    HAS(text, "6 of 8 enrolled pupils completed (at least 6 sessions): 75%.");
    HAS(text, "Mean sessions attended: 6.5 of 8, about 13.0 hours.");
    HAS(text, "cancelled");
    HAS(text, "to come");
    HAS(text, "90%");
    HAS(text, "No measure is set for this programme.");
    HAS(text, "\"We read every night now\" (a parent)");
    HAS(text, "£123.45 so far; £500.00 for the whole programme");
    HASNT(text, "Per pupil");
    free(text);
    buf_release(&b);

    /* The chart: a titled group per session, saying what it shows. */
    struct buf svg;
    buf_init(&svg, 1 << 20);
    assert_int_equal(canvas_svg_render(&svg, 450, 200, "Attendance", NULL, "att",
                                       progdocs_attendance_chart, r, &e),
                     0);
    const char *s = buf_str(&svg);
    HAS(s, "Session 1, 14 January 2025: 7 of 8");
    HAS(s, "Session 2, 21 January 2025: cancelled");
    HAS(s, "Session 3, 28 January 2199: not yet held");
    /* No date in digits in any tooltip (dates shown to people are in words). */
    for (const char *t = strstr(s, "<title>"); t; t = strstr(t + 1, "<title>")) {
        const char *end = strstr(t, "</title>");
        assert_non_null(end);
        for (const char *d = t; d + 10 <= end; d++)
            if (isdigit((unsigned char)d[0]) && isdigit((unsigned char)d[3]) && d[4] == '-' &&
                isdigit((unsigned char)d[5]) && d[7] == '-')
                fail_msg("a date in digits in a tooltip: %.*s", (int)(end - t), t);
    }
    buf_release(&svg);
    free(r);
    arena_release(&a);
}

/* Every effect size says what it is, in words; the measure is named as
 * people say it; the governors' report names no child, and each family's
 * attendance is a separate document for staff. */
static void effect_in_words_and_no_names(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    assert_string_equal(effectwords_measure(&a, "sdq-parent-4-17", "total"),
                        "SDQ, parent, total difficulties");
    assert_string_equal(effectwords_measure(&a, "sdq-teacher-2-4", "emotional"),
                        "SDQ, teacher (ages 2-4), emotional symptoms");
    assert_string_equal(effectwords_measure(&a, "sdq-self-11-17", "prosocial"),
                        "SDQ, self-report, prosocial behaviour");
    assert_string_equal(effectwords_measure(&a, "mmf", "emotional"),
                        "Me and My Feelings, emotional difficulties");
    assert_string_equal(effectwords_measure(&a, "our-wellbeing", "how_i_feel"),
                        "our wellbeing, how i feel");

    struct progreport_outcome o = {
        .instrument = "sdq-parent-4-17",
        .score = "total",
        .better = -1,
        .children = 20,
        .n = 18,
        .has_effect = true,
        .effect = { .n = 18, .g = -0.78, .ci_low = -1.21, .ci_high = -0.35 },
        .rci_note = "Reliable change needs the measure's "
                    "test-retest r and SD."
    };
    assert_string_equal(
        effectwords_effect(&a, &o),
        "Children's scores fell by 0.78 standard deviations from before to after. On this "
        "measure lower scores are better, so on average this is a change for the better. There "
        "was no comparison group, so some of this change might have happened anyway. This is "
        "Hedges' g for one group before and after (95% confidence interval -1.21 to -0.35), "
        "from 18 children. It is not the effect size of a trial with a comparison group, so do "
        "not compare it with those.");
    assert_string_equal(effectwords_reliability(&a, &o),
                        "The effect size uses no reliability figure. Reliable change needs the "
                        "measure's test-retest r and SD.");
    o.effect.g = 0.3;
    HAS(effectwords_effect(&a, &o), "rose by 0.30 standard deviations");
    HAS(effectwords_effect(&a, &o), "a change for the worse.");
    o.better = 1;
    HAS(effectwords_effect(&a, &o), "higher scores are better, so on average this is a change "
                                    "for the better.");
    o.effect.g = 0.001;
    HAS(effectwords_effect(&a, &o), "hardly changed from before to after (0.00 standard");
    HASNT(effectwords_effect(&a, &o), "change for the");
    o.has_rci = true;
    o.rci_r = 0.7;
    o.rci_sd = 5.8;
    o.rci_source = "Our own figures, 2024.";
    assert_string_equal(effectwords_reliability(&a, &o),
                        "The effect size uses no reliability figure. Reliable change uses a "
                        "test-retest reliability of 0.70 and a standard deviation of 5.80, "
                        "from: Our own figures, 2024.");
    o.has_effect = false;
    assert_null(effectwords_effect(&a, &o));

    /* The governors' PDF and the staff document. */
    struct progreport *r = calloc(1, sizeof *r);
    r->prov.name = "Families Connect";
    r->prov.tier = "selected";
    memcpy(r->prov.start_date, "2025-01-07", 11);
    r->mean_fidelity = r->retention = r->completion_rate = r->mean_sessions_attended = -1;
    r->mean_hours = r->reading_per_week = -1;
    r->costs.per_pupil_to_date = -1;
    struct enrolment en = { .pupil_name = "Amara Okafor" };
    struct progreport_family fam = {
        .en = &en, .dosage = { .attended = 7, .held = 8, .status = PROG_COMPLETED }
    };
    r->families = &fam;
    r->n_families = 1;
    struct prog_quote q = { .speaker = "parent",
                            .text = "We read together",
                            .attribution = "Amara's mum" };
    r->quotes = &q;
    r->n_quotes = 1;
    o.has_effect = true;
    o.effect.g = -0.78;
    o.better = -1;
    r->outcome = o;
    struct buf b;
    buf_init(&b, 8u << 20);
    struct err e;
    err_clear(&e);
    if (progdocs_report(&b, &a, "Meadowbank Primary", r, &e))
        fail_msg("progdocs_report: %s", e.msg);
    char *text = pdf_text(&b, "governors");
    HAS(text, "SDQ, parent, total difficulties");
    HAS(text, "There was no comparison group");
    HAS(text, "\"We read together\" (a parent)");
    HAS(text, "This report names no child");
    HASNT(text, "Amara");
    HASNT(text, "sdq-parent-4-17");
    free(text);
    buf_release(&b);
    buf_init(&b, 8u << 20);
    if (progdocs_families(&b, &a, "Meadowbank Primary", r, &e))
        fail_msg("progdocs_families: %s", e.msg);
    text = pdf_text(&b, "families");
    HAS(text, "For staff only");
    HAS(text, "Amara Okafor");
    HAS(text, "Amara's mum");
    free(text);
    buf_release(&b);
    free(r);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_and_fill),
        cmocka_unit_test(invitation),
        cmocka_unit_test(booklet),
        cmocka_unit_test(report_and_chart),
        cmocka_unit_test(effect_in_words_and_no_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
