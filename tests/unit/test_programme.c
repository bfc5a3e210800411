/* Unit tests for programmes: the weekly schedule across holidays, dosage and
 * graduation, the team and hub rules, costs, the template parser (built-in
 * templates and a school's own, with line-numbered errors), Hedges' g with
 * its CI and reliable change through the report's code path (numbers
 * worked by hand below), and a cohort through the database: start, team,
 * enrolment, attendance and checklists, stories, reading, quotes, the
 * outcome seam and the report's figures. MESO_TODAY pins today. */
#include "testutil.h"

#include <math.h>

#include "core/arena.h"
#include "core/problems.h"
#include "core/str.h"
#include "model/access/access.h"
#include "model/measures/assessment.h"
#include "model/measures/measure.h"
#include "model/access/account.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/programmes/progoutcome.h"
#include "model/programmes/programme.h"
#include "model/programmes/progreport.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/calendar/schoolyear.h"
#include "model/register/staff.h"
#include "model/programmes/story.h"
#include "score/builtin.h"

#define NEAR(a, b, tol)                                       \
    do {                                                      \
        double a_ = (a), b_ = (b);                            \
        if (!(fabs(a_ - b_) <= (tol)))                        \
            fail_msg("%s = %.9f, expected %.9f", #a, a_, b_); \
    } while (0)

static struct date D(const char *iso) {
    struct date d;
    assert_int_equal(date_parse(iso, &d), 0);
    return d;
}

static void
iso_equal(struct date d, const char *want)
{
    char got[11];
    date_iso(d, got);
    assert_string_equal(got, want);
}

/* ---- schedule ------------------------------------------------------------ */

static void schedule_skips_holidays(void **state)
{
    (void)state;
    struct holiday hs[] = {
        { .start = D("2024-10-28"), .end = D("2024-11-01"), .name = "October half term" },
        { .start = D("2025-01-14"), .end = D("2025-01-14"), .name = "INSET day" },
    };
    struct term terms[TERM_N];
    schoolyear_default_terms(2024, terms); /* autumn to 20 December, spring from 6 January */
    struct school_calendar cal = {
        .first_year = 2024, .n_years = 1, .terms = terms, .holidays = hs, .n_holidays = 2
    };
    struct date out[10];
    /* Tuesdays from 1 October: 29 October is half term. */
    assert_int_equal(programme_schedule(D("2024-10-01"), 8, 7, &cal, out), 0);
    const char *want[] = { "2024-10-01", "2024-10-08", "2024-10-15", "2024-10-22",
                           "2024-11-05", "2024-11-12", "2024-11-19", "2024-11-26" };
    for (int i = 0; i < 8; i++)
        iso_equal(out[i], want[i]);
    /* Across Christmas (the break between terms) and an INSET day on a Tuesday. */
    assert_int_equal(programme_schedule(D("2024-12-03"), 6, 7, &cal, out), 0);
    const char *want2[] = { "2024-12-03", "2024-12-10", "2024-12-17",
                            "2025-01-07", "2025-01-21", "2025-01-28" };
    for (int i = 0; i < 6; i++)
        iso_equal(out[i], want2[i]);
    /* A start inside a holiday moves to the first week after it. */
    assert_int_equal(programme_schedule(D("2024-10-30"), 2, 7, &cal, out), 0);
    iso_equal(out[0], "2024-11-06");
    iso_equal(out[1], "2024-11-13");
    /* Weekly on Saturdays finds no school day at all. */
    assert_int_equal(programme_schedule(D("2024-10-05"), 2, 7, &cal, out), ERR_INPUT);
    /* Eight weeks from the start of July run into September, not August,
     * when the calendar covers the next year. */
    struct term two[2 * TERM_N];
    schoolyear_default_terms(2024, two);
    schoolyear_default_terms(2025, two + TERM_N);
    struct school_calendar cal2 = { .first_year = 2024, .n_years = 2, .terms = two };
    assert_int_equal(programme_schedule(D("2025-07-01"), 8, 7, &cal2, out), 0);
    iso_equal(out[3], "2025-07-22");
    iso_equal(out[4], "2025-09-09");
    /* No calendar: plain weeks; a fortnightly interval. */
    assert_int_equal(programme_schedule(D("2025-02-27"), 2, 14, NULL, out), 0);
    iso_equal(out[1], "2025-03-13");
    /* Nonsense is refused. */
    assert_int_equal(programme_schedule(D("2025-02-27"), 0, 7, NULL, out), ERR_INPUT);
    assert_int_equal(programme_schedule(D("2025-02-27"), 3, 0, NULL, out), ERR_INPUT);
}

/* ---- dosage and graduation ---------------------------------------------- */

/* Eight weekly sessions; held[i] says which were held. Attendance of
 * family f at session i: 'b' both, 'c' child only, 'p' parent only, '.'
 * nobody. */
struct att_fixture {
    struct prog_session ss[9];
    struct prog_attendance att[9][4];
};

static void build(struct att_fixture *x, const char *status, const char *const rows[4])
{
    memset(x, 0, sizeof *x);
    for (int i = 0; i < 8; i++) {
        struct prog_session *s = &x->ss[i];
        s->kind = SESSION_WEEKLY;
        s->seq = i + 1;
        s->status = status[i] == 'h'   ? SESSION_HELD
                    : status[i] == 'x' ? SESSION_CANCELLED
                                       : SESSION_PLANNED;
        s->attendance = x->att[i];
        for (int f = 0; f < 4; f++) {
            char c = rows[f][i];
            if (c == '.')
                continue;
            x->att[i][s->n_attendance++] = (struct prog_attendance){
                .enrolment_id = f + 1, .child = c == 'b' || c == 'c', .parent = c == 'b' || c == 'p'
            };
        }
    }
}

static void dosage_and_graduation(void **state)
{
    (void)state;
    struct att_fixture x;
    /* Six of eight held so far, one cancelled, one to come. */
    const char *rows[4] = {
        "bbbbbb..", /* A: six with child and parent: graduated */
        "bbcbbp..", /* B: four counted (child-only and parent-only do not count), 1 to come: not
                       completing */
        "bb..b...", /* C: three counted, one to come: cannot reach six */
        "b.......", /* D: one, and has left */
    };
    build(&x, "hhhhhhxp", rows);
    struct prog_dosage d;
    programme_dosage(PT_COUNTS_BOTH, 6, 150, x.ss, 8, 1, false, &d);
    assert_int_equal(d.attended, 6);
    assert_int_equal(d.held, 6);
    assert_int_equal(d.remaining, 1);
    NEAR(d.hours, 15.0, 1e-12);
    assert_int_equal(d.status, PROG_COMPLETED);
    programme_dosage(PT_COUNTS_BOTH, 6, 150, x.ss, 8, 2, false, &d);
    assert_int_equal(d.attended, 4);
    assert_int_equal(d.child_sessions, 5);
    assert_int_equal(d.parent_sessions, 5);
    assert_int_equal(d.status, PROG_NOT_COMPLETING);
    /* With "either" the same family has come six times. */
    programme_dosage(PT_COUNTS_EITHER, 6, 150, x.ss, 8, 2, false, &d);
    assert_int_equal(d.attended, 6);
    assert_int_equal(d.status, PROG_COMPLETED);
    /* Early on, a family can still graduate. */
    const char *rows2[4] = { "bb......", "b.......", "........", "b......." };
    build(&x, "hhpppppp", rows2);
    programme_dosage(PT_COUNTS_BOTH, 6, 150, x.ss, 8, 2, false, &d);
    assert_int_equal(d.attended, 1);
    assert_int_equal(d.remaining, 6);
    assert_int_equal(d.status, PROG_ON_TRACK);
    /* A family that left is not completing, whatever is left. */
    programme_dosage(PT_COUNTS_BOTH, 6, 150, x.ss, 8, 4, true, &d);
    assert_int_equal(d.status, PROG_NOT_COMPLETING);
    /* Attendance at a session not held does not count. */
    const char *rows3[4] = { "bbbbbbbb", "........", "........", "........" };
    build(&x, "hhhhhpxx", rows3);
    programme_dosage(PT_COUNTS_BOTH, 6, 150, x.ss, 8, 1, false, &d);
    assert_int_equal(d.attended, 5);
    assert_int_equal(d.status, PROG_ON_TRACK);
    /* The counting rule. */
    assert_true(programme_counts(PT_COUNTS_BOTH, true, true));
    assert_false(programme_counts(PT_COUNTS_BOTH, true, false));
    assert_true(programme_counts(PT_COUNTS_CHILD, true, false));
    assert_false(programme_counts(PT_COUNTS_PARENT, true, false));
    assert_true(programme_counts(PT_COUNTS_EITHER, false, true));
}

/* ---- costs ----------------------------------------------------------------- */

static void costs(void **state)
{
    (void)state;
    struct provision_cost_item items[] = {
        { .what = "Training", .pence = 12000 },
        { .what = "Family meal", .pence = 2500, .per_session = true },
    };
    struct provision_costs c;
    /* 2.5 staff hours a session at £18.50: £46.25 a session. 3 of 8 held.
     * Staff: 3 x 4625 = 13875 so far, 8 x 4625 = 37000 in all. Other:
     * 12000 + 3 x 2500 = 19500 so far, 12000 + 8 x 2500 = 32000 in all.
     * Totals 33375 and 69000; per pupil (10) 3337.5 -> 3338 and 6900. */
    provision_costs_compute(2.5, 1850, 8, 3, items, 2, 10, &c);
    assert_int_equal(c.staff_to_date, 13875);
    assert_int_equal(c.staff_projected, 37000);
    assert_int_equal(c.other_to_date, 19500);
    assert_int_equal(c.other_projected, 32000);
    assert_int_equal(c.total_to_date, 33375);
    assert_int_equal(c.total_projected, 69000);
    assert_int_equal(c.per_pupil_to_date, 3338);
    assert_int_equal(c.per_pupil_projected, 6900);
    /* No pupils yet: no cost per pupil. More held than planned: the
     * projection is what was held. */
    provision_costs_compute(1, 2000, 2, 3, NULL, 0, 0, &c);
    assert_int_equal(c.per_pupil_to_date, -1);
    assert_int_equal(c.total_projected, 6000);
    char m[32];
    provision_money(123456789, m, sizeof m);
    assert_string_equal(m, "\xC2\xA3"
                           "1,234,567.89");
    provision_money(5, m, sizeof m);
    assert_string_equal(m, "\xC2\xA3"
                           "0.05");
    int64_t p;
    assert_int_equal(provision_parse_money("18.50", &p), 0);
    assert_int_equal(p, 1850);
    assert_int_equal(provision_parse_money("\xC2\xA3"
                                           "1,200",
                                           &p),
                     0);
    assert_int_equal(p, 120000);
    assert_int_equal(provision_parse_money("7.5", &p), 0);
    assert_int_equal(p, 750);
    assert_int_equal(provision_parse_money(".25", &p), 0);
    assert_int_equal(p, 25);
    assert_int_equal(provision_parse_money("12.345", &p), ERR_INPUT);
    assert_int_equal(provision_parse_money("abc", &p), ERR_INPUT);
    assert_int_equal(provision_parse_money("", &p), ERR_INPUT);
    assert_int_equal(provision_parse_money("-3", &p), ERR_INPUT);
}

/* ---- Hedges' g and reliable change through the report -------------------- */

static void outcome_by_hand(void **state)
{
    (void)state;
    /* Five children: before 22 18 16 14 20, after 12 15 15 13 19 (lower is
     * better). By hand:
     *   means 18.0 and 14.8, change -3.2;
     *   SD before sqrt(10) = 3.16228, after sqrt(7.2) = 2.68328;
     *   deviations before 4 0 -2 -4 2, after -2.8 0.2 0.2 -1.8 4.2;
     *   covariance (-11.2 + 0 - 0.4 + 7.2 + 8.4) / 4 = 1.0,
     *   r = 1 / (3.16228 x 2.68328) = 0.117851;
     *   s_av = sqrt((10 + 7.2) / 2) = sqrt(8.6) = 2.932576;
     *   d = -3.2 / 2.932576 = -1.091191;
     *   Var(d) = 2 (1 - r) / 5 + d^2 (1 + r^2) / (4 x 4)
     *          = 0.352860 + 0.075452 = 0.428312;
     *   J = 1 - 3 / (4 x 4 - 1) = 0.8; g = 0.8 d = -0.872953;
     *   SE(g) = 0.8 sqrt(0.428312) = 0.523564;
     *   95% CI = g -/+ 1.959964 x 0.523564 = -1.899120 to 0.153214.
     * Reliable change with SD 5.8 and r 0.72: SE_diff = 5.8 sqrt(2 x 0.28)
     * = 4.340323; RCI = -10 / 4.340323 = -2.304 (improved), the rest
     * between -0.70 and -0.23 (no reliable change). */
    struct prog_pair pairs[] = {
        { 1, 22, 12, "", "" }, { 2, 18, 15, "", "" }, { 3, 16, 15, "", "" },
        { 4, 14, 13, "", "" }, { 5, 20, 19, "", "" },
    };
    struct arena a;
    arena_init(&a, 0);
    struct progreport_outcome o = { 0 };
    progreport_outcome(&a, pairs, 5, 6, -1, true, 5.8, 0.72, &o);
    assert_int_equal(o.n, 5);
    assert_int_equal(o.children, 6);
    NEAR(o.mean_pre, 18.0, 1e-12);
    NEAR(o.mean_post, 14.8, 1e-12);
    NEAR(o.mean_change, -3.2, 1e-12);
    assert_true(o.has_effect);
    NEAR(o.effect.r, 0.117851, 1e-6);
    NEAR(o.effect.d, -1.091191, 1e-6);
    NEAR(o.effect.j, 0.8, 1e-12);
    NEAR(o.effect.g, -0.872953, 1e-6);
    NEAR(o.effect.se_g, 0.523564, 1e-6);
    NEAR(o.effect.ci_low, -1.899120, 1e-6);
    NEAR(o.effect.ci_high, 0.153214, 1e-6);
    assert_true(o.has_rci);
    assert_int_equal(o.rci.improved, 1);
    assert_int_equal(o.rci.unchanged, 4);
    assert_int_equal(o.rci.deteriorated, 0);
    /* Higher is better: the same drop is a deterioration. */
    progreport_outcome(&a, pairs, 5, 5, 1, true, 5.8, 0.72, &o);
    assert_int_equal(o.rci.deteriorated, 1);
    assert_int_equal(o.rci.improved, 0);
    /* Two children: means, but no effect size; no RCI figures: no counts. */
    progreport_outcome(&a, pairs, 2, 5, -1, false, 0, 0, &o);
    assert_false(o.has_effect);
    assert_non_null(strstr(o.effect_note, "at least 3"));
    assert_false(o.has_rci);
    assert_non_null(strstr(o.rci_note, "test-retest"));
    NEAR(o.mean_change, -6.5, 1e-12);
    /* No pairs at all. */
    progreport_outcome(&a, pairs, 0, 5, -1, true, 5.8, 0.72, &o);
    assert_int_equal(o.n, 0);
    assert_false(o.has_effect);
    arena_release(&a);
}

/* ---- templates --------------------------------------------------------------- */

static const char *own_template = "\xEF\xBB\xBF# Our nurture group\r\n"
                                  "format meso-programme 1\n"
                                  "key nurture\n"
                                  "name Nurture breakfast club\n"
                                  "kind group\n"
                                  "sessions 12\n"
                                  "session-minutes 45\n"
                                  "complete-at 9\n"
                                  "counts-when child\n"
                                  "outcome emotional\n"
                                  "outcome peer\n"
                                  "reliability 0.8 4.5 our 2023 pilot (n = 60)\n"
                                  "agenda 10 Breakfast together\n"
                                  "agenda 30 A game or a story\n"
                                  "role lead-adult 1 Lead adult\n"
                                  "role helper 0 Helper\n"
                                  "invite Come to {programme}, {child}!\n";

static void expect_parse_error(const char *text, const char *want)
{
    struct arena a;
    arena_init(&a, 0);
    struct progtemplate t;
    struct err e;
    err_clear(&e);
    assert_int_equal(progtemplate_parse(&a, "ours.programme", text, strlen(text), &t, &e),
                     ERR_INPUT);
    if (!strstr(e.msg, want))
        fail_msg("expected \"%s\" in \"%s\"", want, e.msg);
    arena_release(&a);
}

static void template_parsing(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct progtemplate t;
    struct err e;
    err_clear(&e);
    assert_int_equal(progtemplate_parse(&a, "ours", own_template, strlen(own_template), &t, &e), 0);
    assert_string_equal(t.key, "nurture");
    assert_int_equal(t.kind, PT_GROUP);
    assert_int_equal(t.sessions, 12);
    assert_int_equal(t.interval_days, 7);
    assert_int_equal(t.counts_when, PT_COUNTS_CHILD);
    assert_string_equal(t.complete_word, "completed");
    assert_string_equal(t.tier, "selected");
    assert_int_equal(t.n_agenda, 2);
    assert_string_equal(t.agenda[1].label, "A game or a story");
    assert_int_equal(t.n_roles, 2);
    assert_string_equal(progtemplate_role_label(&t, "lead-adult"), "Lead adult");
    assert_string_equal(progtemplate_role_label(&t, "volunteer"), "volunteer");
    assert_true(t.has_reliability);
    NEAR(t.retest_r, 0.8, 1e-12);
    assert_string_equal(t.reliability_source, "our 2023 pilot (n = 60)");
    assert_int_equal(t.age_min, -1);
    assert_string_equal(progtemplate_people(&t), "pupils");
    arena_release(&a);

    expect_parse_error("", "the file is empty");
    expect_parse_error("key x\n", "ours.programme:1: a programme template must start with");
    expect_parse_error("format meso-programme 2\n", ":1: format version '2' is not supported");
    expect_parse_error("format meso-programme 1\nkey a\nname A\nkind group\nsessions 4\n"
                       "session-minutes 30\ncomplete-at 3\nagenda 5 x\ncolour blue\n",
                       "ours.programme:9: unknown key 'colour'");
    expect_parse_error("format meso-programme 1\nkey a\nname A\nkind group\nsessions 4\n"
                       "session-minutes 30\ncomplete-at 5\nagenda 5 x\n",
                       "ours.programme:7: complete-at is 5, but there are only 4 sessions");
    expect_parse_error("format meso-programme 1\nkey a\nname A\nkind group\nsessions 4\n"
                       "session-minutes 30\ncomplete-at 3\n",
                       "ours.programme: the template has no agenda");
    expect_parse_error("format meso-programme 1\nkey a\nkind group\n", "'name' is missing");
    expect_parse_error("format meso-programme 1\nkey a\nkey b\n",
                       ":3: 'key' is given twice (first on line 2)");
    expect_parse_error("format meso-programme 1\ninvite Hello {mum}\n",
                       ":2: '{mum}' is not something meso can fill in");
    expect_parse_error("format meso-programme 1\nsessions lots\n",
                       ":2: expected: sessions COUNT (1-52)");
    expect_parse_error("format meso-programme 1\nhub-size 10 8\n",
                       "the smallest hub (10) is larger than the largest (8)");
    expect_parse_error("format meso-programme 1\nreliability 1.2 5\n",
                       "the test-retest r must be at least 0 and below 1");
    expect_parse_error("format meso-programme 1\nname bad\x01name\n", ":2: the line contains a "
                                                                      "control character");
    expect_parse_error("format meso-programme 1\nname \xff\n", ":2: the line is not valid UTF-8");
    expect_parse_error("format meso-programme 1\nrole x 1\n", ":2: expected: role CODE MIN LABEL");
}

/* ---- through the database ------------------------------------------------- */

struct fx {
    char *dir;
    struct db *db;
    struct arena a;
    struct err e;
    int64_t school, teacher, ta;
    int64_t pupil[12], carer[12];
    struct audit_entry who;
};

static int64_t add_pupil(struct fx *f, int i, const char *dob, const char *sen)
{
    struct pupil p = { .legal_surname = "Lee", .sex = "F", .nc_year = "3", .eal = -1 };
    static const char *const names[] = { "Amy", "Ben",  "Cara", "Dev", "Eve", "Finn",
                                         "Gus", "Hana", "Ivo",  "Jo",  "Kit", "Lou" };
    p.legal_forename = names[i];
    str_copy(p.dob, sizeof p.dob, dob);
    str_copy(p.sen, sizeof p.sen, sen);
    char upn[14];
    assert_int_equal(upn_make(upn, 999, 2001, 20, i + 1), 0);
    str_copy(p.upn, sizeof p.upn, upn);
    enum pupil_save_result res;
    assert_int_equal(pupil_save(f->db, f->school, &p, PF_ALL, "test", &res, &f->e), 0);
    struct carer c = { .surname = "Lee", .forename = "Jo", .title = "Ms" };
    char key[32];
    snprintf(key, sizeof key, "carer-%d", i);
    enum carer_save_result cr;
    assert_int_equal(carer_save(f->db, f->school, &c, key, &cr, &f->e), 0);
    struct carer_link l = {
        .pupil_id = p.id, .carer_id = c.id, .relationship = "mother", .contact_priority = 1
    };
    assert_int_equal(carer_link(f->db, &l, &cr, &f->e), 0);
    f->carer[i] = c.id;
    return p.id;
}

static int setup(void **state)
{
    setenv("MESO_TODAY", "2025-03-10", 1);
    struct fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = test_db(f->dir, "p.db");
    arena_init(&f->a, 0);
    err_clear(&f->e);
    f->who.actor = "test";
    struct school sc = { .urn = "123456", .name = "Hillside" };
    assert_int_equal(school_add(f->db, &sc, &f->e), 0);
    f->school = sc.id;
    struct staff t = {
        .school_id = sc.id, .name = "Priya Nair", .email = "p@x.org", .role = "teacher"
    };
    assert_int_equal(staff_add(f->db, &t, &f->e), 0);
    f->teacher = t.id;
    struct staff ta = {
        .school_id = sc.id, .name = "Tom Ali", .email = "t@x.org", .role = "practitioner"
    };
    assert_int_equal(staff_add(f->db, &ta, &f->e), 0);
    f->ta = ta.id;
    assert_int_equal(db_begin(f->db, &f->e), 0);
    for (int i = 0; i < 12; i++)
        f->pupil[i] = add_pupil(f, i, i == 11 ? "2012-01-01" : "2017-05-01", i % 3 ? "N" : "K");
    assert_int_equal(db_commit(f->db, &f->e), 0);
    struct holiday h = { .start = D("2025-02-17"), .end = D("2025-02-21"), .name = "Half term" };
    assert_int_equal(schoolyear_add_holiday(f->db, f->school, &h, &f->e), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    arena_release(&f->a);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

/* Store an SDQ parent form for pupil whose total difficulties is total, on
 * the day given (points on the difficulty items in turn). */
static void sdq(struct fx *f, int64_t pupil, int total, const char *on)
{
    const struct instrument *ins = instrument_builtin("sdq-parent-4-17");
    assert_non_null(ins);
    struct assessment_input in = { .pupil_id = pupil,
                                   .school_id = f->school,
                                   .in = ins,
                                   .informant = "parent",
                                   .age_years = 7,
                                   .n_responses = ins->n_items };
    str_copy(in.assessed_on, sizeof in.assessed_on, on);
    for (size_t i = 0; i < ins->n_items; i++)
        in.responses[i] = 2; /* prosocial: certainly true */
    for (size_t sc = 0; sc < ins->n_scales; sc++) {
        if (!strcmp(ins->scales[sc].name, "prosocial"))
            continue;
        for (size_t j = 0; j < ins->scales[sc].n_items; j++) {
            int item = ins->scales[sc].items[j], points = total >= 2 ? 2 : total;
            total -= points;
            bool reversed = false;
            for (size_t r = 0; r < ins->n_reversed; r++)
                reversed |= ins->reversed[r] == item;
            in.responses[item - 1] = reversed ? 2 - points : points;
        }
    }
    enum assessment_save_result res;
    int64_t id;
    if (assessment_save(f->db, &f->who, &in, "test", &res, &id, &f->e))
        fail_msg("assessment_save: %s", f->e.msg);
}

static void builtin_templates(void **state)
{
    struct fx *f = *state;
    struct progtemplate *ts;
    size_t n;
    assert_int_equal(progtemplate_list(f->db, &f->a, f->school, &ts, &n, &f->e), 0);
    assert_int_equal(n, 4);
    assert_string_equal(ts[0].key, "fast");
    assert_int_equal(ts[0].sessions, 8);
    assert_int_equal(ts[0].session_minutes, 150);
    assert_int_equal(ts[0].complete_at, 6);
    assert_string_equal(ts[0].complete_word, "graduated");
    assert_int_equal(ts[0].hub_min, 8);
    assert_int_equal(ts[0].hub_max, 10);
    assert_int_equal(ts[0].max_families, 40);
    assert_int_equal(ts[0].followon_months, 1);
    assert_int_equal(ts[0].followon_for_months, 24);
    assert_int_equal(ts[0].n_agenda, 5);
    int minutes = 0;
    for (size_t i = 0; i < ts[0].n_agenda; i++)
        minutes += ts[0].agenda[i].minutes;
    assert_int_equal(minutes, 150);
    assert_int_equal(ts[0].n_roles, 4);
    assert_int_equal(ts[0].roles[2].min, 2);
    assert_string_equal(ts[1].key, "story-links");
    assert_true(ts[1].commitment_session);
    assert_true(ts[1].stories);
    assert_int_equal(ts[1].sessions, 10);
    assert_int_equal(ts[1].session_minutes, 30);
    assert_int_equal(ts[1].writeup_minutes, 30);
    assert_int_equal(ts[1].reading_per_week, 2);
    assert_int_equal(ts[1].reading_minutes, 20);
    assert_int_equal(ts[1].age_min, 6);
    assert_int_equal(ts[1].age_max, 11);
    assert_int_equal(ts[1].kind, PT_INDIVIDUAL);
    assert_string_equal(ts[1].turn_order, "teacher, pupil, parent, teaching assistant, others");
    assert_string_equal(ts[2].key, "generic-group");
    assert_string_equal(ts[3].key, "generic-individual");
    /* A school's own: added once, its outcomes checked, its key unique. */
    struct progtemplate t;
    assert_int_equal(progtemplate_add(f->db, &f->a, f->school, "ours", own_template,
                                      strlen(own_template), "test", &t, &f->e),
                     0);
    assert_true(t.id > 0);
    assert_int_equal(progtemplate_add(f->db, &f->a, f->school, "ours", own_template,
                                      strlen(own_template), "test", &t, &f->e),
                     ERR_CONFLICT);
    const char *fast_again = "format meso-programme 1\nkey fast\nname F\nkind group\nsessions 2\n"
                             "session-minutes 5\ncomplete-at 1\nagenda 5 x\n";
    assert_int_equal(progtemplate_add(f->db, &f->a, f->school, "f", fast_again, strlen(fast_again),
                                      "test", &t, &f->e),
                     ERR_CONFLICT);
    const char *bad_outcome = "format meso-programme 1\nkey odd\nname F\nkind group\nsessions 2\n"
                              "session-minutes 5\ncomplete-at 1\nagenda 5 x\noutcome happiness\n";
    assert_int_equal(progtemplate_add(f->db, &f->a, f->school, "odd", bad_outcome,
                                      strlen(bad_outcome), "test", &t, &f->e),
                     ERR_INPUT);
    assert_non_null(strstr(f->e.msg, "'happiness' is not in meso's list"));
    assert_int_equal(progtemplate_by_key(f->db, &f->a, f->school, "nurture", &t, &f->e), 0);
    assert_int_equal(progtemplate_list(f->db, &f->a, f->school, &ts, &n, &f->e), 0);
    assert_int_equal(n, 5);
    assert_string_equal(ts[4].key, "nurture");
    /* Another school does not see it. */
    assert_int_equal(progtemplate_by_key(f->db, &f->a, f->school + 1, "nurture", &t, &f->e),
                     ERR_NOTFOUND);
    /* Templates are kept as they were added. */
    assert_int_not_equal(
        db_exec(f->db, "UPDATE programme_template SET definition = 'x' WHERE key = 'fast'", &f->e),
        0);
}

static int64_t start(struct fx *f, const char *key, const char *start_date, struct progtemplate *t)
{
    assert_int_equal(progtemplate_by_key(f->db, &f->a, f->school, key, t, &f->e), 0);
    struct provision p = { .school_id = f->school,
                           .staff_hours_per_session = 2.5,
                           .hourly_rate_pence = 2000 };
    str_copy(p.start_date, sizeof p.start_date, start_date);
    struct problems pr;
    problems_init(&pr, &f->a);
    int rc = programme_start(f->db, &f->a, t, &p, &pr, &f->who, &f->e);
    if (rc)
        fail_msg("programme_start: %s", f->e.msg);
    return p.id;
}

static void team_and_hub_rules(void **state)
{
    struct fx *f = *state;
    struct progtemplate t;
    int64_t id = start(f, "fast", "2025-01-07", &t);
    struct team_member school_partner = { .staff_id = f->teacher, .role = "school-partner" };
    struct team_member community = { .name = "Rosa Diaz", .role = "community-partner" };
    assert_int_equal(provision_team_add(f->db, id, &school_partner, &f->who, &f->e), 0);
    assert_int_equal(provision_team_add(f->db, id, &community, &f->who, &f->e), 0);
    struct provision p;
    assert_int_equal(provision_get(f->db, &f->a, id, f->school, &f->who, &p, &f->e), 0);
    assert_string_equal(p.team[0].name, "Priya Nair"); /* from the staff record */
    struct prog_warning *w;
    size_t n;
    assert_int_equal(programme_warnings(&f->a, &t, &p, D("2025-03-10"), &w, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(w[0].text, "FAST (Families and Schools Together) needs at least 1 parent "
                                   "partner on the team; there are none yet.");
    assert_string_equal(w[1].text, "FAST (Families and Schools Together) needs at least 2 "
                                   "community partners on the team; there is one.");
    assert_string_equal(w[2].code, "team");
    assert_non_null(strstr(w[2].text, "recreation coordinator"));
    /* Complete the team: no team warnings. */
    struct team_member more[] = {
        { .name = "Sam Boateng", .role = "parent-partner" },
        { .name = "Ali Khan", .role = "community-partner" },
        { .name = "Jess Wu", .role = "recreation-coordinator" },
    };
    for (int i = 0; i < 3; i++)
        assert_int_equal(provision_team_add(f->db, id, &more[i], &f->who, &f->e), 0);
    /* Eleven families in hub 1 (one more than a hub holds), one with no hub. */
    for (int i = 0; i < 12; i++) {
        struct enrolment en = { .provision_id = id,
                                .pupil_id = f->pupil[i],
                                .carer_id = f->carer[i],
                                .consent = CONSENT_GIVEN,
                                .hub = i < 11 ? 1 : 0 };
        assert_int_equal(provision_enrol(f->db, &en, &f->who, &f->e), 0);
    }
    assert_int_equal(provision_get(f->db, &f->a, id, f->school, &f->who, &p, &f->e), 0);
    assert_int_equal(programme_warnings(&f->a, &t, &p, D("2025-03-10"), &w, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(w[0].text,
                        "Hub 1 has 11 families; FAST (Families and Schools Together) hubs have 8 "
                        "to 10.");
    assert_string_equal(w[1].code, "hubless");
    /* Removing a team member brings the warning back. */
    assert_int_equal(provision_team_remove(f->db, id, more[0].id, &f->who, &f->e), 0);
    assert_int_equal(provision_get(f->db, &f->a, id, f->school, &f->who, &p, &f->e), 0);
    assert_int_equal(programme_warnings(&f->a, &t, &p, D("2025-03-10"), &w, &n), 0);
    assert_int_equal(n, 3);
    assert_non_null(strstr(w[0].text, "parent partner"));

    /* Story Links: one pupil aged 6 to 11, with a parent. */
    int64_t sl = start(f, "story-links", "2025-01-06", &t);
    for (int i = 10; i < 12; i++) {
        struct enrolment en = { .provision_id = sl,
                                .pupil_id = f->pupil[i],
                                .carer_id = i == 10 ? f->carer[i] : 0,
                                .consent = CONSENT_AWAITING };
        assert_int_equal(provision_enrol(f->db, &en, &f->who, &f->e), 0);
    }
    assert_int_equal(provision_get(f->db, &f->a, sl, f->school, &f->who, &p, &f->e), 0);
    assert_int_equal(programme_warnings(&f->a, &t, &p, D("2025-03-10"), &w, &n), 0);
    const char *codes[8];
    for (size_t i = 0; i < n && i < 8; i++)
        codes[i] = w[i].code;
    assert_int_equal(n, 5);
    assert_string_equal(codes[0], "team");
    assert_string_equal(codes[1], "team");
    assert_string_equal(codes[2], "age");
    assert_string_equal(w[2].text, "Story Links is for pupils aged 6 to 11; Lou Lee is 13.");
    assert_string_equal(codes[3], "one_pupil");
    assert_string_equal(codes[4], "no_parent");
}

static void cohort_through_the_database(void **state)
{
    struct fx *f = *state;
    struct progtemplate t;
    /* Story Links from Monday 3 February: the commitment session then ten
     * weekly, skipping half term (17 February) and the Easter holidays
     * between the usual terms (14 to 25 April; 21 April is Easter Monday). */
    int64_t id = start(f, "story-links", "2025-02-03", &t);
    struct provision p;
    assert_int_equal(provision_get(f->db, &f->a, id, f->school, &f->who, &p, &f->e), 0);
    assert_string_equal(p.tier, "indicated");
    assert_int_equal(p.sessions, 10);
    assert_int_equal(p.complete_at, 8);
    assert_string_equal(p.start_date, "2025-02-03");
    assert_string_equal(p.end_date, "2025-05-05");
    assert_int_equal(p.n_outcomes, 4);
    assert_string_equal(p.measure_instrument, "sdq-parent-4-17");
    struct prog_session *ss;
    size_t n;
    assert_int_equal(programme_sessions(f->db, &f->a, id, &ss, &n, &f->e), 0);
    assert_int_equal(n, 11);
    assert_int_equal(ss[0].kind, SESSION_COMMITMENT);
    assert_string_equal(ss[1].date, "2025-02-10");
    assert_string_equal(ss[2].date, "2025-02-24");

    struct enrolment en = { .provision_id = id, .pupil_id = f->pupil[1], .carer_id = f->carer[1] };
    assert_int_equal(provision_enrol(f->db, &en, &f->who, &f->e), 0);
    /* Attendance needs consent first. */
    struct prog_attendance at = { .enrolment_id = en.id, .child = true, .parent = true };
    struct prog_session_record r = { .attendance = &at, .n_attendance = 1 };
    assert_int_equal(programme_session_record(f->db, &f->a, id, ss[0].id, &r, &f->who, &f->e),
                     ERR_INPUT);
    assert_non_null(strstr(f->e.msg, "consent"));
    /* So do a child's stories and reading. */
    struct story early = { .session_id = ss[1].id,
                           .enrolment_id = en.id,
                           .title = "Too soon",
                           .body = "Not kept without consent." };
    assert_int_equal(story_save(f->db, &early, &f->who, &f->e), ERR_INPUT);
    assert_non_null(strstr(f->e.msg, "consent"));
    struct reading_session early_read = { .enrolment_id = en.id, .minutes = 20 };
    str_copy(early_read.read_on, sizeof early_read.read_on, "2025-02-11");
    assert_int_equal(reading_add(f->db, &early_read, &f->who, &f->e), ERR_INPUT);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM story"), 0);
    assert_int_equal(test_count(f->db, "SELECT count(*) FROM reading_session"), 0);
    en.consent = CONSENT_GIVEN;
    assert_int_equal(provision_enrol(f->db, &en, &f->who, &f->e), 0);
    struct enrolment got;
    assert_int_equal(provision_enrolment_get(f->db, &f->a, en.id, &got, &f->e), 0);
    assert_string_equal(got.consent_on, "2025-03-10");
    assert_string_equal(got.carer_salutation, "Ms Lee");
    assert_string_equal(got.forename, "Ben");
    /* The commitment session and weekly sessions 1-3 held; 4 (3 March)
     * too, with the child only; 5 is on 10 March (today); 6 is still to
     * come, so it cannot be recorded. */
    bool all[4] = { true, true, true, true }, some[4] = { true, true, false, true };
    for (int i = 0; i <= 3; i++) {
        r = (struct prog_session_record){
            .attendance = &at, .n_attendance = 1, .done = i == 2 ? some : all, .n_done = 4
        };
        assert_int_equal(programme_session_record(f->db, &f->a, id, ss[i].id, &r, &f->who, &f->e),
                         0);
    }
    struct prog_attendance child_only = { .enrolment_id = en.id, .child = true };
    r = (struct prog_session_record){ .attendance = &child_only, .n_attendance = 1 };
    assert_int_equal(programme_session_record(f->db, &f->a, id, ss[4].id, &r, &f->who, &f->e), 0);
    r = (struct prog_session_record){ .attendance = &at, .n_attendance = 1 };
    assert_int_equal(programme_session_record(f->db, &f->a, id, ss[6].id, &r, &f->who, &f->e),
                     ERR_INPUT);
    assert_non_null(strstr(f->e.msg, "2025-03-24"));
    /* A checklist of the wrong length. */
    r = (struct prog_session_record){ .done = all, .n_done = 3 };
    assert_int_equal(programme_session_record(f->db, &f->a, id, ss[1].id, &r, &f->who, &f->e),
                     ERR_INPUT);
    /* Session 6 cancelled, moved notes kept. */
    enum session_status cancelled = SESSION_CANCELLED;
    r = (struct prog_session_record){ .status = &cancelled, .notes = "Snow day" };
    assert_int_equal(programme_session_record(f->db, &f->a, id, ss[6].id, &r, &f->who, &f->e), 0);

    /* Stories for three sessions; one uploaded. */
    const char *text;
    static const char upload[] = "\xEF\xBB\xBFOnce upon a time.\r\n\r\nThe end.\r\n";
    assert_int_equal(story_text_from_upload(&f->a, upload, sizeof upload - 1, &text, &f->e), 0);
    assert_string_equal(text, "Once upon a time.\n\nThe end.");
    assert_int_equal(story_text_from_upload(&f->a, "a\0b", 3, &text, &f->e), ERR_INPUT);
    for (int i = 1; i <= 3; i++) {
        struct story s = { .session_id = ss[i].id,
                           .enrolment_id = en.id,
                           .title = i == 1 ? "The Dragon's Mouth" : "The Dragon Flies",
                           .coauthors = "Ms Nair, Ben, Mum, Mr Ali",
                           .body = "Once upon a time there was a dragon.\n\nIt liked to read.",
                           .reading_level = "Book band orange" };
        assert_int_equal(story_save(f->db, &s, &f->who, &f->e), 0);
    }
    struct story *stories;
    size_t n_st;
    assert_int_equal(
        story_list_for_pupil(f->db, &f->a, f->pupil[1], &f->who, &stories, &n_st, &f->e), 0);
    assert_int_equal(n_st, 3);
    long counted;
    assert_int_equal(story_count_for_pupil(f->db, f->pupil[1], &counted, &f->e), 0);
    assert_int_equal(counted, 3);
    assert_int_equal(story_count_for_pupil(f->db, f->pupil[0], &counted, &f->e), 0);
    assert_int_equal(counted, 0);
    assert_string_equal(stories[0].title, "The Dragon's Mouth");
    assert_int_equal(stories[0].session_seq, 1);
    /* A story with no title is refused. */
    struct story bad = { .session_id = ss[1].id, .enrolment_id = en.id, .title = " ", .body = "x" };
    assert_int_equal(story_save(f->db, &bad, &f->who, &f->e), ERR_INPUT);
    /* Reading: 2 x 20 minutes in three weeks. */
    const char *days[] = { "2025-02-11", "2025-02-13", "2025-02-25", "2025-02-27", "2025-03-04" };
    for (int i = 0; i < 5; i++) {
        struct reading_session rs = { .enrolment_id = en.id, .minutes = 20, .staff_id = f->ta };
        str_copy(rs.read_on, sizeof rs.read_on, days[i]);
        assert_int_equal(reading_add(f->db, &rs, &f->who, &f->e), 0);
    }
    struct reading_session future = { .enrolment_id = en.id, .minutes = 20 };
    str_copy(future.read_on, sizeof future.read_on, "2025-03-11");
    assert_int_equal(reading_add(f->db, &future, &f->who, &f->e), ERR_INPUT);
    /* Quotes need consent. */
    struct prog_quote q = { .provision_id = id, .speaker = "parent", .text = "Ben glows." };
    assert_int_equal(programme_quote_add(f->db, &q, &f->who, &f->e), ERR_INPUT);
    str_copy(q.consent_on, sizeof q.consent_on, "2025-03-03");
    q.attribution = "Ben's mum";
    assert_int_equal(programme_quote_add(f->db, &q, &f->who, &f->e), 0);

    /* The outcome seam: SDQs stored through the measures capability, inside
     * and outside the windows around the weekly sessions (10 February to 5
     * May). */
    sdq(f, f->pupil[1], 19, "2024-10-01"); /* too early */
    sdq(f, f->pupil[1], 18, "2025-02-03");
    sdq(f, f->pupil[1], 11, "2025-05-07");
    struct prog_pair *pairs;
    size_t n_pairs;
    int64_t pupils[] = { f->pupil[1], f->pupil[2] };
    assert_int_equal(progoutcome_pairs(f->db, &f->a, pupils, 2, "sdq-parent-4-17", "total",
                                       D("2025-02-10"), D("2025-05-05"), &pairs, &n_pairs, &f->e),
                     0);
    assert_int_equal(n_pairs, 1);
    NEAR(pairs[0].pre, 18, 0);
    NEAR(pairs[0].post, 11, 0);
    assert_string_equal(pairs[0].post_on, "2025-05-07");

    /* The report. */
    struct progreport rep;
    assert_int_equal(progreport_build(f->db, &f->a, id, f->school, NULL, &f->who, &rep, &f->e), 0);
    assert_int_equal(rep.invited, 1);
    assert_int_equal(rep.families_enrolled, 1);
    assert_int_equal(rep.families_started, 1);
    assert_int_equal(rep.families_completed, 0);
    assert_int_equal(rep.sessions_held, 4);
    assert_int_equal(rep.sessions_cancelled, 1);
    NEAR(rep.mean_sessions_attended, 3.0, 1e-12); /* weekly 1-3 with both; 4 child only */
    assert_int_equal(rep.families[0].dosage.status, PROG_ON_TRACK); /* 3 + 5 to come >= 8 */
    assert_true(rep.families[0].dosage.commitment);
    /* Fidelity: 4 sessions with a checklist (commitment and 1-3): 1, 1, 0.75, 1. */
    assert_int_equal(rep.fidelity_sessions, 4);
    NEAR(rep.mean_fidelity, 0.9375, 1e-12);
    assert_int_equal(rep.item_done[2], 3);
    assert_int_equal(rep.stories, 3);
    assert_int_equal(rep.reading_sessions, 5);
    assert_int_equal(rep.reading_minutes, 100);
    /* Weekly sessions from 10 February to today (10 March): 5 weeks; 5
     * readings: 1 a week. */
    NEAR(rep.reading_per_week, 1.0, 1e-12);
    assert_int_equal(rep.n_quotes, 1);
    assert_int_equal(rep.outcome.n, 1);
    NEAR(rep.outcome.mean_change, -7, 1e-12);
    assert_false(rep.outcome.has_effect);
    /* No reliability figures are shipped for the SDQ: no reliable change
     * until the school sets them. */
    assert_false(rep.outcome.has_rci);
    assert_int_equal(measure_reliability_set(f->db, &f->a, &f->who, f->school, "sdq-parent-4-17",
                                             "total", 0.72, 5.8, "our reference", &f->e),
                     0);
    assert_int_equal(progreport_build(f->db, &f->a, id, f->school, NULL, &f->who, &rep, &f->e), 0);
    assert_true(rep.outcome.has_rci);
    assert_string_equal(rep.outcome.rci_source, "our reference");
    assert_int_equal(rep.outcome.better, -1);
    /* -7 / 4.340323 = -1.61: not reliable. */
    assert_int_equal(rep.outcome.rci.improved, 0);
    assert_int_equal(rep.outcome.rci.unchanged, 1);
    /* Costs: 2.5 h x £20 x 4 held = £200; 1 pupil. */
    assert_int_equal(rep.costs.total_to_date, 20000);
    assert_int_equal(rep.costs.per_pupil_projected, 50000);
    /* Pairs given by the caller replace the stored ones. */
    struct prog_pair given[] = { { 1, 22, 12, "", "" },
                                 { 2, 18, 15, "", "" },
                                 { 3, 16, 15, "", "" },
                                 { 4, 14, 13, "", "" },
                                 { 5, 20, 19, "", "" } };
    struct progreport_opts o = { .pairs_given = true, .pairs = given, .n_pairs = 5 };
    assert_int_equal(progreport_build(f->db, &f->a, id, f->school, &o, &f->who, &rep, &f->e), 0);
    NEAR(rep.outcome.effect.g, -0.872953, 1e-6);
    assert_int_equal(rep.outcome.rci.improved, 1);
    /* Another school's id is not found. */
    assert_int_equal(progreport_build(f->db, &f->a, id, f->school + 7, NULL, &f->who, &rep, &f->e),
                     ERR_NOTFOUND);
    /* Everything about the child is in the audit trail. */
    assert_true(test_count(f->db, "SELECT count(*) FROM audit WHERE action = 'attendance'") >= 5);
    assert_true(test_count(f->db, "SELECT count(*) FROM audit WHERE entity = 'story'") >= 4);
    /* A follow-on meeting is refused: Story Links has none. */
    int64_t sid;
    assert_int_equal(programme_followon_add(f->db, id, "2025-03-01", NULL, &f->who, &sid, &f->e),
                     ERR_INPUT);
}

/* Who sees a cohort: leads and tokens at its school, staff on its team. */
static void provision_access(void **state)
{
    struct fx *f = *state;
    struct progtemplate t;
    int64_t id = start(f, "generic-group", "2025-01-08", &t);
    struct team_member m = { .staff_id = f->teacher, .role = "facilitator" };
    assert_int_equal(provision_team_add(f->db, id, &m, &f->who, &f->e), 0);
    struct principal lead = {
        .kind = PRINCIPAL_STAFF, .roles = ACCOUNT_LEAD, .school_id = f->school, .staff_id = 999
    };
    struct principal on_team = { .kind = PRINCIPAL_STAFF,
                                 .roles = ACCOUNT_TEACHER,
                                 .school_id = f->school,
                                 .staff_id = f->teacher };
    struct principal off_team = { .kind = PRINCIPAL_STAFF,
                                  .roles = ACCOUNT_PRACTITIONER,
                                  .school_id = f->school,
                                  .staff_id = f->ta };
    struct principal admin = { .kind = PRINCIPAL_STAFF,
                               .roles = ACCOUNT_ADMIN,
                               .school_id = f->school,
                               .staff_id = f->teacher };
    struct principal other_school = { .kind = PRINCIPAL_STAFF,
                                      .roles = ACCOUNT_LEAD,
                                      .school_id = f->school + 1 };
    struct principal token = { .kind = PRINCIPAL_TOKEN, .school_id = f->school };
    struct principal parent = { .kind = PRINCIPAL_PARENT,
                                .school_id = f->school,
                                .carer_id = f->carer[0] };
    assert_int_equal(access_provision_visible(f->db, &lead, id, &f->e), 0);
    assert_int_equal(access_provision_visible(f->db, &token, id, &f->e), 0);
    assert_int_equal(access_provision_visible(f->db, &on_team, id, &f->e), 0);
    assert_int_equal(access_provision_visible(f->db, &off_team, id, &f->e), ERR_NOTFOUND);
    assert_int_equal(access_provision_visible(f->db, &admin, id, &f->e), ERR_NOTFOUND);
    assert_int_equal(access_provision_visible(f->db, &other_school, id, &f->e), ERR_NOTFOUND);
    assert_int_equal(access_provision_visible(f->db, &parent, id, &f->e), ERR_NOTFOUND);
    assert_int_equal(access_provision_visible(f->db, &lead, id + 100, &f->e), ERR_NOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schedule_skips_holidays),
        cmocka_unit_test(dosage_and_graduation),
        cmocka_unit_test(costs),
        cmocka_unit_test(outcome_by_hand),
        cmocka_unit_test(template_parsing),
        cmocka_unit_test_setup_teardown(builtin_templates, setup, teardown),
        cmocka_unit_test_setup_teardown(team_and_hub_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(cohort_through_the_database, setup, teardown),
        cmocka_unit_test_setup_teardown(provision_access, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
