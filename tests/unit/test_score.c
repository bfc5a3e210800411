/* Unit tests for score/instrument and score/builtin: every SDQ scoring rule
 * (reversed items, prorating, the half-up tie, missing subscales and totals,
 * the impact supplement), the bands at every value of every score for every
 * form and scheme, form selection by informant and age, Me and My Feelings,
 * and the parsing of response lists.
 *
 * The expected bands below are typed again from DOMAIN.md §6, independently
 * of the tables in src/score/builtin.c, so a slip in either shows up. */
#include "testutil.h"

#include "score/builtin.h"
#include "score/instrument.h"

#define M SCORE_MISSING

static const struct instrument *sdq(const char *key)
{
    const struct instrument *in = instrument_builtin(key);
    assert_non_null(in);
    return in;
}

/* Score and require success. */
static struct score_result run(const struct instrument *in, const int *resp, const int *impact,
                               size_t n_impact)
{
    struct score_result r;
    struct err e;
    err_clear(&e);
    int rc = instrument_score(in, resp, in->n_items, impact, n_impact, -1, &r, &e);
    if (rc)
        fail_msg("instrument_score: %s", e.msg);
    return r;
}

/* ---- SDQ item structure ------------------------------------------------- */

/* Items of each SDQ subscale, and whether each is reversed (DOMAIN.md §6). */
static const int emo_items[5] = { 3, 8, 13, 16, 24 }, emo_rev[5] = { 0 };
static const int con_items[5] = { 5, 7, 12, 18, 22 }, con_rev[5] = { 0, 1, 0, 0, 0 };
static const int hyp_items[5] = { 2, 10, 15, 21, 25 }, hyp_rev[5] = { 0, 0, 0, 1, 1 };
static const int peer_items[5] = { 6, 11, 14, 19, 23 }, peer_rev[5] = { 0, 1, 1, 0, 0 };
static const int pro_items[5] = { 1, 4, 9, 17, 20 }, pro_rev[5] = { 0 };

/* Set the 5 items of a subscale so that it scores v (0-10), all answered:
 * item scores 2, 2, ... then the remainder; a reversed item's raw code is
 * 2 - score. */
static void set_scale(int *resp, const int *items, const int *rev, int v)
{
    for (int i = 0; i < 5; i++) {
        int s = v >= 2 ? 2 : v;
        v -= s;
        resp[items[i] - 1] = rev[i] ? 2 - s : s;
    }
}

static void make_sdq(int *resp, int emo, int con, int hyp, int peer, int pro)
{
    set_scale(resp, emo_items, emo_rev, emo);
    set_scale(resp, con_items, con_rev, con);
    set_scale(resp, hyp_items, hyp_rev, hyp);
    set_scale(resp, peer_items, peer_rev, peer);
    set_scale(resp, pro_items, pro_rev, pro);
}

static void reversed_items(void **state)
{
    (void)state;
    int resp[25];
    /* All 0: only the reversed items score, 2 each. conduct has 7r; hyper
     * 21r, 25r; peer 11r, 14r. */
    for (int i = 0; i < 25; i++)
        resp[i] = 0;
    struct score_result r = run(sdq("sdq-parent-4-17"), resp, NULL, 0);
    assert_int_equal(score_value(&r, "emotional"), 0);
    assert_int_equal(score_value(&r, "conduct"), 2);
    assert_int_equal(score_value(&r, "hyperactivity"), 4);
    assert_int_equal(score_value(&r, "peer"), 4);
    assert_int_equal(score_value(&r, "prosocial"), 0);
    assert_int_equal(score_value(&r, "total"), 10);
    assert_int_equal(score_value(&r, "externalising"), 6);
    assert_int_equal(score_value(&r, "internalising"), 4);
    assert_int_equal(score_value(&r, "impact"), M);
    /* All 2: the reversed items score 0. conduct 4 x 2 = 8; hyper 3 x 2 =
     * 6; peer 3 x 2 = 6; total 10 + 8 + 6 + 6 = 30. */
    for (int i = 0; i < 25; i++)
        resp[i] = 2;
    r = run(sdq("sdq-parent-4-17"), resp, NULL, 0);
    assert_int_equal(score_value(&r, "emotional"), 10);
    assert_int_equal(score_value(&r, "conduct"), 8);
    assert_int_equal(score_value(&r, "hyperactivity"), 6);
    assert_int_equal(score_value(&r, "peer"), 6);
    assert_int_equal(score_value(&r, "prosocial"), 10);
    assert_int_equal(score_value(&r, "total"), 30);
    assert_int_equal(score_value(&r, "externalising"), 14);
    assert_int_equal(score_value(&r, "internalising"), 16);
    /* Each reversed item alone: item 7 answered 0 adds 2 to conduct, 2
     * adds nothing. */
    make_sdq(resp, 0, 0, 0, 0, 0);
    resp[7 - 1] = 0;
    r = run(sdq("sdq-teacher-4-17"), resp, NULL, 0);
    assert_int_equal(score_value(&r, "conduct"), 2);
    resp[7 - 1] = 1;
    r = run(sdq("sdq-teacher-4-17"), resp, NULL, 0);
    assert_int_equal(score_value(&r, "conduct"), 1);
}

static void result_order_and_names(void **state)
{
    (void)state;
    int resp[25];
    make_sdq(resp, 1, 2, 3, 4, 5);
    struct score_result r = run(sdq("sdq-self-11-17"), resp, (int[]){ 1, 1, 1, 1, 1, 1 }, 6);
    static const char *const names[] = { "emotional",     "conduct",       "hyperactivity",
                                         "peer",          "prosocial",     "total",
                                         "externalising", "internalising", "impact" };
    assert_int_equal(r.n_scores, 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(r.names[i], names[i]);
    static const int values[] = { 1, 2, 3, 4, 5, 10, 5, 5, 0 };
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(r.values[i], values[i]);
    /* externalising and internalising carry no bands */
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(r.banded[i], i != 6 && i != 7);
    assert_int_equal(r.n_schemes, 2);
    assert_int_equal(score_index(&r, "nonsense"), -1);
    assert_int_equal(score_value(&r, "nonsense"), M);
    assert_null(score_band(&r, "four_band", "nonsense"));
    assert_null(score_band(&r, "no_scheme", "total"));
}

/* ---- missing items ------------------------------------------------------- */

static void prorate_four_answered(void **state)
{
    (void)state;
    int resp[25];
    const struct instrument *in = sdq("sdq-parent-4-17");
    /* emotional items 3, 8, 13, 16 answered, 24 missing. Score = mean x 5,
     * half up: sum 2 -> 2 x 5 / 4 = 2.5 -> 3 (the tie goes up; banker's
     * rounding would give 2). sum 1 -> 1.25 -> 1; sum 3 -> 3.75 -> 4; sum 6
     * -> 7.5 -> 8 (another tie); sum 8 -> 10. */
    static const int cases[][5] = {
        /* items 3, 8, 13, 16; expected */
        { 1, 1, 0, 0, 3 }, { 1, 0, 0, 0, 1 },  { 2, 1, 0, 0, 4 },
        { 2, 2, 2, 0, 8 }, { 2, 2, 2, 2, 10 }, { 0, 0, 0, 0, 0 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        make_sdq(resp, 0, 0, 0, 0, 0);
        resp[24 - 1] = M;
        resp[3 - 1] = cases[c][0];
        resp[8 - 1] = cases[c][1];
        resp[13 - 1] = cases[c][2];
        resp[16 - 1] = cases[c][3];
        struct score_result r = run(in, resp, NULL, 0);
        assert_int_equal(score_value(&r, "emotional"), cases[c][4]);
        assert_int_equal(score_value(&r, "total"), cases[c][4]);
        assert_int_equal(score_value(&r, "internalising"), cases[c][4]);
    }
}

static void prorate_three_answered(void **state)
{
    (void)state;
    int resp[25];
    const struct instrument *in = sdq("sdq-teacher-4-17");
    /* Three of five answered: score = sum x 5 / 3, half up. sum 1 -> 1.67 ->
     * 2; sum 2 -> 3.33 -> 3; sum 4 -> 6.67 -> 7; sum 5 -> 8.33 -> 8; sum 6 ->
     * 10. */
    static const int cases[][4] = {
        /* items 6, 19, 23 of peer (not reversed); expected */
        { 1, 0, 0, 2 }, { 1, 1, 0, 3 },  { 2, 2, 0, 7 },
        { 2, 2, 1, 8 }, { 2, 2, 2, 10 }, { 0, 0, 0, 0 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        make_sdq(resp, 0, 0, 0, 0, 0);
        resp[11 - 1] = M;
        resp[14 - 1] = M;
        resp[6 - 1] = cases[c][0];
        resp[19 - 1] = cases[c][1];
        resp[23 - 1] = cases[c][2];
        struct score_result r = run(in, resp, NULL, 0);
        assert_int_equal(score_value(&r, "peer"), cases[c][3]);
        assert_int_equal(score_value(&r, "total"), cases[c][3]);
    }
    /* A reversed item inside a prorated subscale: conduct 5 = 0, 7r = 0
     * (scores 2), 12 = 0, 18 and 22 missing: sum 2 -> 3.33 -> 3. */
    make_sdq(resp, 0, 0, 0, 0, 0);
    resp[7 - 1] = 0;
    resp[18 - 1] = M;
    resp[22 - 1] = M;
    struct score_result r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "conduct"), 3);
    assert_int_equal(score_value(&r, "externalising"), 3);
}

static void too_few_answered(void **state)
{
    (void)state;
    int resp[25];
    make_sdq(resp, 2, 2, 2, 2, 8);
    /* Only 2 of the 5 peer items: peer, total and internalising are missing;
     * externalising still stands. */
    resp[6 - 1] = M;
    resp[11 - 1] = M;
    resp[14 - 1] = M;
    struct score_result r = run(sdq("sdq-parent-4-17"), resp, NULL, 0);
    assert_int_equal(score_value(&r, "peer"), M);
    assert_int_equal(score_value(&r, "total"), M);
    assert_int_equal(score_value(&r, "internalising"), M);
    assert_int_equal(score_value(&r, "externalising"), 4);
    assert_int_equal(score_value(&r, "emotional"), 2);
    assert_int_equal(score_value(&r, "prosocial"), 8);
    /* a missing score has no band in any scheme */
    assert_null(score_band(&r, "four_band", "peer"));
    assert_null(score_band(&r, "three_band", "total"));
    assert_string_equal(score_band(&r, "four_band", "prosocial"), "close to average");
    /* Prosocial missing does not touch the difficulties total. */
    make_sdq(resp, 2, 2, 2, 2, 8);
    for (int i = 0; i < 5; i++)
        resp[pro_items[i] - 1] = M;
    r = run(sdq("sdq-parent-4-17"), resp, NULL, 0);
    assert_int_equal(score_value(&r, "prosocial"), M);
    assert_int_equal(score_value(&r, "total"), 8);
    /* Everything missing: every score missing. */
    for (int i = 0; i < 25; i++)
        resp[i] = M;
    r = run(sdq("sdq-parent-4-17"), resp, NULL, 0);
    for (size_t i = 0; i < r.n_scores; i++)
        assert_int_equal(r.values[i], M);
}

/* ---- impact supplement -------------------------------------------------- */

static int impact_of(const char *key, const int *imp, size_t n)
{
    int resp[25];
    make_sdq(resp, 0, 0, 0, 0, 10);
    struct score_result r = run(sdq(key), resp, imp, n);
    return score_value(&r, "impact");
}

static void impact_rules(void **state)
{
    (void)state;
    /* Parent order: any difficulties, distress, home, friendships, learning,
     * leisure. Raw 0-3 recode 0, 0, 1, 2. */
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ 1, 3, 3, 3, 3, 3 }, 6), 10);
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ 2, 1, 1, 1, 1, 1 }, 6), 0);
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ 3, 2, 2, 2, 2, 2 }, 6), 5);
    /* 0 + 0 + 1 + 2 + 0 = 3: each raw code once */
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ 1, 0, 1, 2, 3, 0 }, 6), 3);
    /* "Any difficulties?" No gives 0, whatever the other answers say. */
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ 0, 3, 3, 3, 3, 3 }, 6), 0);
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ 0, M, M, M, M, M }, 6), 0);
    /* A missing item counts 0. */
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ 1, 3, M, 3, M, 2 }, 6), 5);
    /* No impact item answered: missing (with the gate Yes or missing). */
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ 2, M, M, M, M, M }, 6), M);
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ M, M, M, M, M, M }, 6), M);
    /* The gate missing but areas answered: they are scored. */
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ M, 2, 3, M, M, M }, 6), 3);
    /* Only low codes answered: a real 0, not missing. */
    assert_int_equal(impact_of("sdq-parent-4-17", (int[]){ M, 1, M, M, M, M }, 6), 0);
    /* Not collected at all: missing. */
    assert_int_equal(impact_of("sdq-parent-4-17", NULL, 0), M);
    /* Self-report: the same layout. */
    assert_int_equal(impact_of("sdq-self-11-17", (int[]){ 1, 3, 2, 1, 0, 3 }, 6), 5);
    /* Teacher: any difficulties, distress, peers, learning (0-6). */
    assert_int_equal(impact_of("sdq-teacher-4-17", (int[]){ 1, 3, 3, 3 }, 4), 6);
    assert_int_equal(impact_of("sdq-teacher-4-17", (int[]){ 3, 2, 1, 3 }, 4), 3);
    assert_int_equal(impact_of("sdq-teacher-4-17", (int[]){ 0, 3, 3, 3 }, 4), 0);
    assert_int_equal(impact_of("sdq-teacher-4-17", (int[]){ 2, M, M, M }, 4), M);
    assert_int_equal(impact_of("sdq-teacher-2-4", (int[]){ M, M, 3, M }, 4), 2);
}

static void impact_bad_input(void **state)
{
    (void)state;
    int resp[25];
    make_sdq(resp, 0, 0, 0, 0, 10);
    struct score_result r;
    struct err e;
    err_clear(&e);
    /* teacher takes 4, not 6 */
    assert_int_equal(instrument_score(sdq("sdq-teacher-4-17"), resp, 25,
                                      (int[]){ 1, 1, 1, 1, 1, 1 }, 6, -1, &r, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "takes 4 responses, got 6"));
    assert_int_equal(instrument_score(sdq("sdq-parent-4-17"), resp, 25, (int[]){ 1, 4, 1, 1, 1, 1 },
                                      6, -1, &r, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "impact item 2: 4"));
    assert_int_equal(instrument_score(instrument_builtin("mmf"), (int[16]){ 0 }, 16, (int[]){ 1 },
                                      1, -1, &r, &e),
                     ERR_INPUT);
    assert_non_null(strstr(e.msg, "no impact supplement"));
}

static void bad_responses(void **state)
{
    (void)state;
    int resp[25];
    make_sdq(resp, 0, 0, 0, 0, 0);
    struct score_result r;
    struct err e;
    err_clear(&e);
    const struct instrument *in = sdq("sdq-parent-4-17");
    assert_int_equal(instrument_score(in, resp, 24, NULL, 0, -1, &r, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "takes 25 responses, got 24"));
    resp[7 - 1] = 3;
    assert_int_equal(instrument_score(in, resp, 25, NULL, 0, -1, &r, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "item 7: 3 is not an allowed response"));
    resp[7 - 1] = -2;
    assert_int_equal(instrument_score(in, resp, 25, NULL, 0, -1, &r, &e), ERR_INPUT);
    resp[7 - 1] = 0;
    /* the definition's age range */
    assert_int_equal(instrument_score(in, resp, 25, NULL, 0, 18, &r, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "is for ages 4 to 17 (got 18)"));
    assert_int_equal(instrument_score(in, resp, 25, NULL, 0, 3, &r, &e), ERR_INPUT);
    assert_int_equal(instrument_score(in, resp, 25, NULL, 0, 4, &r, &e), 0);
    assert_int_equal(instrument_score(in, resp, 25, NULL, 0, 17, &r, &e), 0);
    assert_int_equal(instrument_score(in, resp, 25, NULL, 0, -5, &r, &e), ERR_INPUT);
}

/* ---- bands ---------------------------------------------------------------- */

/* Expected bands, typed from DOMAIN.md §6 as the upper bound of each band but
 * the last (whose top is the score's maximum). -1 ends the list. For
 * prosocial the bands run downwards, so the bounds are lower bounds, from
 * the top band down. */
struct band_case {
    const char *key, *scheme, *score;
    int max;
    int upper[4]; /* raised scores: tops of bands 1..n-1 */
    bool lowered; /* prosocial: bottoms of bands 1..n-1 */
};

static const char *const four_raised[] = { "close to average", "slightly raised", "high",
                                           "very high" };
static const char *const four_lowered[] = { "close to average", "slightly lowered", "low",
                                            "very low" };
static const char *const three[] = { "normal", "borderline", "abnormal" };

static const struct band_case band_cases[] = {
    /* Teacher four-band (confirmed) */
    { "sdq-teacher-4-17", "four_band", "total", 40, { 11, 15, 18, -1 }, false },
    { "sdq-teacher-4-17", "four_band", "emotional", 10, { 3, 4, 5, -1 }, false },
    { "sdq-teacher-4-17", "four_band", "conduct", 10, { 2, 3, 4, -1 }, false },
    { "sdq-teacher-4-17", "four_band", "hyperactivity", 10, { 5, 7, 8, -1 }, false },
    { "sdq-teacher-4-17", "four_band", "peer", 10, { 2, 4, 5, -1 }, false },
    { "sdq-teacher-4-17", "four_band", "prosocial", 10, { 6, 5, 4, -1 }, true },
    /* Parent four-band (to verify) */
    { "sdq-parent-4-17", "four_band", "total", 40, { 13, 16, 19, -1 }, false },
    { "sdq-parent-4-17", "four_band", "emotional", 10, { 3, 4, 6, -1 }, false },
    { "sdq-parent-4-17", "four_band", "conduct", 10, { 2, 3, 5, -1 }, false },
    { "sdq-parent-4-17", "four_band", "hyperactivity", 10, { 5, 7, 8, -1 }, false },
    { "sdq-parent-4-17", "four_band", "peer", 10, { 2, 3, 4, -1 }, false },
    { "sdq-parent-4-17", "four_band", "prosocial", 10, { 8, 7, 6, -1 }, true },
    { "sdq-parent-4-17", "four_band", "impact", 10, { 0, 1, 2, -1 }, false },
    /* Self-report four-band (to verify) */
    { "sdq-self-11-17", "four_band", "total", 40, { 14, 17, 19, -1 }, false },
    { "sdq-self-11-17", "four_band", "emotional", 10, { 4, 5, 6, -1 }, false },
    { "sdq-self-11-17", "four_band", "conduct", 10, { 3, 4, 5, -1 }, false },
    { "sdq-self-11-17", "four_band", "hyperactivity", 10, { 5, 6, 7, -1 }, false },
    { "sdq-self-11-17", "four_band", "peer", 10, { 2, 3, 4, -1 }, false },
    { "sdq-self-11-17", "four_band", "prosocial", 10, { 7, 6, 5, -1 }, true },
    { "sdq-self-11-17", "four_band", "impact", 10, { 0, 1, 2, -1 }, false },
    /* Parent three-band */
    { "sdq-parent-4-17", "three_band", "total", 40, { 13, 16, -1 }, false },
    { "sdq-parent-4-17", "three_band", "emotional", 10, { 3, 4, -1 }, false },
    { "sdq-parent-4-17", "three_band", "conduct", 10, { 2, 3, -1 }, false },
    { "sdq-parent-4-17", "three_band", "hyperactivity", 10, { 5, 6, -1 }, false },
    { "sdq-parent-4-17", "three_band", "peer", 10, { 2, 3, -1 }, false },
    { "sdq-parent-4-17", "three_band", "prosocial", 10, { 6, 5, -1 }, true },
    /* Self-report three-band */
    { "sdq-self-11-17", "three_band", "total", 40, { 15, 19, -1 }, false },
    { "sdq-self-11-17", "three_band", "emotional", 10, { 5, 6, -1 }, false },
    { "sdq-self-11-17", "three_band", "conduct", 10, { 3, 4, -1 }, false },
    { "sdq-self-11-17", "three_band", "hyperactivity", 10, { 5, 6, -1 }, false },
    { "sdq-self-11-17", "three_band", "peer", 10, { 3, 5, -1 }, false },
    { "sdq-self-11-17", "three_band", "prosocial", 10, { 6, 5, -1 }, true },
    /* Teacher three-band total (0-11 normal, 12-15 borderline, 16-40
     * abnormal: the four-band table's cut points) */
    { "sdq-teacher-4-17", "three_band", "total", 40, { 11, 15, -1 }, false },
    /* Three-band impact, every informant: 0 normal, 1 borderline, 2+ abnormal */
    { "sdq-teacher-4-17", "three_band", "impact", 6, { 0, 1, -1 }, false },
    { "sdq-parent-4-17", "three_band", "impact", 10, { 0, 1, -1 }, false },
    { "sdq-self-11-17", "three_band", "impact", 10, { 0, 1, -1 }, false },
};

/* The expected label of value v under a band case. */
static const char *expected_label(const struct band_case *c, int v)
{
    const char *const *labels = strcmp(c->scheme, "three_band") == 0 ? three
                                : c->lowered                         ? four_lowered
                                                                     : four_raised;
    int band = 0;
    while (c->upper[band] >= 0 && (c->lowered ? v < c->upper[band] : v > c->upper[band]))
        band++;
    return labels[band];
}

/* Responses (and impact responses) giving score `score` the value v. */
static void responses_for(const char *score, int v, int *resp, int *imp, size_t n_imp)
{
    make_sdq(resp, 0, 0, 0, 0, 10);
    for (size_t i = 0; i < n_imp; i++)
        imp[i] = 0;
    if (strcmp(score, "total") == 0) {
        int part[4];
        for (int i = 0; i < 4; i++) {
            part[i] = v > 10 ? 10 : v;
            v -= part[i];
        }
        make_sdq(resp, part[0], part[1], part[2], part[3], 10);
    } else if (strcmp(score, "emotional") == 0) {
        make_sdq(resp, v, 0, 0, 0, 10);
    } else if (strcmp(score, "conduct") == 0) {
        make_sdq(resp, 0, v, 0, 0, 10);
    } else if (strcmp(score, "hyperactivity") == 0) {
        make_sdq(resp, 0, 0, v, 0, 10);
    } else if (strcmp(score, "peer") == 0) {
        make_sdq(resp, 0, 0, 0, v, 10);
    } else if (strcmp(score, "prosocial") == 0) {
        make_sdq(resp, 0, 0, 0, 0, v);
    } else if (strcmp(score, "impact") == 0) {
        imp[0] = 1; /* any difficulties: yes, minor */
        for (size_t i = 1; i < n_imp; i++) {
            int s = v >= 2 ? 2 : v; /* recoded value; raw code 0 gives 0, 2 gives 1, 3 gives 2 */
            v -= s;
            imp[i] = s == 0 ? 0 : s + 1;
        }
    } else {
        fail_msg("no responses for %s", score);
    }
}

static void bands_every_value(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t c = 0; c < sizeof band_cases / sizeof *band_cases; c++) {
        const struct band_case *bc = &band_cases[c];
        const struct instrument *in = sdq(bc->key);
        for (int v = 0; v <= bc->max; v++) {
            int resp[25], imp[6];
            size_t n_imp = in->impact->n_items;
            responses_for(bc->score, v, resp, imp, n_imp);
            struct score_result r = run(in, resp, imp, n_imp);
            assert_int_equal(score_value(&r, bc->score), v);
            const char *got = score_band(&r, bc->scheme, bc->score);
            const char *want = expected_label(bc, v);
            if (!got || strcmp(got, want) != 0)
                fail_msg("%s %s %s = %d: band '%s', expected '%s'", bc->key, bc->scheme, bc->score,
                         v, got ? got : "(null)", want);
            checked++;
        }
    }
    /* 5 blocks of total (0-40: 41 values) and 5 subscales (11 values each),
     * plus 2 four-band impact tables (0-10); the teacher three-band total
     * (41), and three-band impact for teacher (0-6) and parent and self
     * (0-10). */
    assert_int_equal(checked, 5 * (41 + 5 * 11) + 2 * 11 + 41 + 7 + 2 * 11);
}

/* Scores and schemes with no published bands give NULL at every value. */
/* The teacher three-band bands at every sourced boundary, one by one. */
static void teacher_three_band_boundaries(void **state)
{
    (void)state;
    const struct instrument *in = sdq("sdq-teacher-4-17");
    assert_string_equal(in->version, "2");
    static const struct {
        const char *score;
        int value;
        const char *band;
    } at[] = {
        { "total", 0, "normal" },      { "total", 11, "normal" },     { "total", 12, "borderline" },
        { "total", 15, "borderline" }, { "total", 16, "abnormal" },   { "total", 40, "abnormal" },
        { "impact", 0, "normal" },     { "impact", 1, "borderline" }, { "impact", 2, "abnormal" },
        { "impact", 6, "abnormal" },
    };
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
        int resp[25], imp[6];
        responses_for(at[i].score, at[i].value, resp, imp, in->impact->n_items);
        struct score_result r = run(in, resp, imp, in->impact->n_items);
        assert_int_equal(score_value(&r, at[i].score), at[i].value);
        const char *got = score_band(&r, "three_band", at[i].score);
        if (!got || strcmp(got, at[i].band) != 0)
            fail_msg("teacher three_band %s = %d: '%s', expected '%s'", at[i].score, at[i].value,
                     got ? got : "(null)", at[i].band);
        /* The four-band table agrees at the same cut points. */
        if (!strcmp(at[i].score, "total")) {
            const char *four = score_band(&r, "four_band", "total");
            bool close = !strcmp(four, "close to average"),
                 raised = !strcmp(four, "slightly raised");
            assert_true(!strcmp(at[i].band, "normal") == close);
            assert_true(!strcmp(at[i].band, "borderline") == raised);
        }
    }
}

static void bands_unpublished_are_null(void **state)
{
    (void)state;
    static const struct {
        const char *key, *scheme, *score;
        int max;
    } none[] = {
        /* teacher: no sourced three-band subscale cut-offs, no four-band
         * impact bands */
        { "sdq-teacher-4-17", "three_band", "emotional", 10 },
        { "sdq-teacher-4-17", "three_band", "conduct", 10 },
        { "sdq-teacher-4-17", "three_band", "hyperactivity", 10 },
        { "sdq-teacher-4-17", "three_band", "peer", 10 },
        { "sdq-teacher-4-17", "three_band", "prosocial", 10 },
        { "sdq-teacher-4-17", "four_band", "impact", 6 },
    };
    for (size_t c = 0; c < sizeof none / sizeof *none; c++) {
        const struct instrument *in = sdq(none[c].key);
        for (int v = 0; v <= none[c].max; v++) {
            int resp[25], imp[6];
            responses_for(none[c].score, v, resp, imp, in->impact->n_items);
            struct score_result r = run(in, resp, imp, in->impact->n_items);
            assert_int_equal(score_value(&r, none[c].score), v);
            assert_null(score_band(&r, none[c].scheme, none[c].score));
        }
    }
    /* The 2-4 forms have no bands at all, under either scheme. */
    static const char *const scores[] = { "total", "emotional", "conduct", "hyperactivity",
                                          "peer",  "prosocial", "impact" };
    static const char *const forms[] = { "sdq-parent-2-4", "sdq-teacher-2-4" };
    for (size_t f = 0; f < 2; f++) {
        const struct instrument *in = sdq(forms[f]);
        assert_int_equal(in->n_bands, 0);
        for (size_t s = 0; s < sizeof scores / sizeof *scores; s++)
            for (int v = 0; v <= 6; v++) {
                int resp[25], imp[6];
                responses_for(scores[s], v, resp, imp, in->impact->n_items);
                struct score_result r = run(in, resp, imp, in->impact->n_items);
                assert_int_equal(score_value(&r, scores[s]), v);
                assert_null(score_band(&r, "four_band", scores[s]));
                assert_null(score_band(&r, "three_band", scores[s]));
            }
    }
}

/* ---- forms ---------------------------------------------------------------- */

static const char *form_key(const char *informant, int age)
{
    const struct instrument *in = NULL;
    struct err e;
    err_clear(&e);
    if (instrument_sdq_form(informant, age, &in, &e) != 0)
        return NULL;
    return in->key;
}

static void form_by_informant_and_age(void **state)
{
    (void)state;
    assert_null(form_key("parent", 1));
    assert_string_equal(form_key("parent", 2), "sdq-parent-2-4");
    assert_string_equal(form_key("parent", 3), "sdq-parent-2-4");
    assert_string_equal(form_key("parent", 4), "sdq-parent-4-17");
    assert_string_equal(form_key("parent", 17), "sdq-parent-4-17");
    assert_null(form_key("parent", 18));
    assert_string_equal(form_key("teacher", 2), "sdq-teacher-2-4");
    assert_string_equal(form_key("teacher", 4), "sdq-teacher-4-17");
    assert_null(form_key("teacher", 18));
    assert_null(form_key("self", 10));
    assert_string_equal(form_key("self", 11), "sdq-self-11-17");
    assert_string_equal(form_key("self", 17), "sdq-self-11-17");
    assert_null(form_key("self", 18));
    assert_null(form_key("carer", 8));
    assert_null(form_key(NULL, 8));
    const struct instrument *in;
    struct err e;
    err_clear(&e);
    assert_int_equal(instrument_sdq_form("grandparent", 8, &in, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "unknown informant 'grandparent'"));
    assert_int_equal(instrument_sdq_form("self", 9, &in, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "11 to 17 (got 9)"));
}

static void builtins_are_consistent(void **state)
{
    (void)state;
    static const char *const keys[] = { "sdq-parent-4-17", "sdq-teacher-4-17", "sdq-self-11-17",
                                        "sdq-parent-2-4",  "sdq-teacher-2-4",  "mmf" };
    assert_int_equal(instrument_builtin_count(), 6);
    for (size_t i = 0; i < 6; i++) {
        const struct instrument *in = instrument_builtin_at(i);
        assert_non_null(in);
        assert_string_equal(in->key, keys[i]);
        assert_ptr_equal(instrument_builtin(keys[i]), in);
        struct err e;
        err_clear(&e);
        if (instrument_check(in, &e) != 0)
            fail_msg("%s: %s", in->key, e.msg);
        assert_non_null(in->version);
        assert_non_null(in->source);
    }
    assert_null(instrument_builtin_at(6));
    assert_null(instrument_builtin("sdq"));
    assert_null(instrument_builtin(NULL));
    /* no test-retest figures are recorded for the built-ins yet */
    assert_null(instrument_reliability_for(sdq("sdq-parent-4-17"), "total"));
}

/* ---- Me and My Feelings ---------------------------------------------------- */

static void mmf_scoring(void **state)
{
    (void)state;
    const struct instrument *in = sdq("mmf");
    int resp[16];
    /* All 0: only item 15 (reversed) scores, 2. */
    for (int i = 0; i < 16; i++)
        resp[i] = 0;
    struct score_result r = run(in, resp, NULL, 0);
    assert_int_equal(r.n_scores, 2);
    assert_int_equal(score_value(&r, "emotional"), 0);
    assert_int_equal(score_value(&r, "behavioural"), 2);
    /* All 2: emotional 20; behavioural 5 x 2 + 0 = 10. */
    for (int i = 0; i < 16; i++)
        resp[i] = 2;
    r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "emotional"), 20);
    assert_int_equal(score_value(&r, "behavioural"), 10);
    resp[15 - 1] = 1;
    r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "behavioural"), 11);
    resp[15 - 1] = 0;
    r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "behavioural"), 12);
    assert_string_equal(score_band(&r, "thresholds", "behavioural"), "clinically significant");
}

static void mmf_missing(void **state)
{
    (void)state;
    const struct instrument *in = sdq("mmf");
    int resp[16];
    for (int i = 0; i < 16; i++)
        resp[i] = 0;
    resp[15 - 1] = 2; /* reversed: scores 0 */
    /* Emotional: 8 of 10 answered is enough. Sum 2 over 8 -> 2 x 10 / 8 =
     * 2.5 -> 3 (half up); sum 9 -> 11.25 -> 11. */
    resp[0] = M;
    resp[1] = M;
    resp[2] = 2;
    struct score_result r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "emotional"), 3);
    resp[3] = 2, resp[4] = 2, resp[5] = 2, resp[6] = 1;
    r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "emotional"), 11);
    assert_string_equal(score_band(&r, "thresholds", "emotional"), "borderline");
    /* 7 of 10: missing. */
    resp[2] = M;
    r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "emotional"), M);
    assert_null(score_band(&r, "thresholds", "emotional"));
    /* Behavioural: 5 of 6 is enough: sum 5 -> 5 x 6 / 5 = 6; 4 of 6 is not. */
    for (int i = 10; i < 16; i++)
        resp[i] = 1;
    resp[10] = M;
    resp[11] = 2; /* 2 + 1 + 1 + (15r: 1) + 1 = 6 -> 6 x 6 / 5 = 7.2 -> 7 */
    r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "behavioural"), 7);
    resp[11] = 1; /* sum 5 -> 6 */
    r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "behavioural"), 6);
    resp[12] = M;
    r = run(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "behavioural"), M);
}

static void mmf_thresholds_every_value(void **state)
{
    (void)state;
    const struct instrument *in = sdq("mmf");
    /* Emotional 0-20: 10-11 borderline, 12+ clinically significant. */
    for (int v = 0; v <= 20; v++) {
        int resp[16] = { 0 };
        resp[15 - 1] = 2;
        for (int i = 0, left = v; i < 10; i++) {
            resp[i] = left >= 2 ? 2 : left;
            left -= resp[i];
        }
        struct score_result r = run(in, resp, NULL, 0);
        assert_int_equal(score_value(&r, "emotional"), v);
        const char *want = v >= 12 ? "clinically significant" : v >= 10 ? "borderline" : "expected";
        assert_string_equal(score_band(&r, "thresholds", "emotional"), want);
    }
    /* Behavioural 0-12: 6 borderline, 7+ clinically significant. Item 15
     * is reversed, so its raw code is 2 - score. */
    for (int v = 0; v <= 12; v++) {
        int resp[16] = { 0 };
        for (int i = 10, left = v; i < 16; i++) {
            int s = left >= 2 ? 2 : left;
            left -= s;
            resp[i] = i == 14 ? 2 - s : s;
        }
        struct score_result r = run(in, resp, NULL, 0);
        assert_int_equal(score_value(&r, "behavioural"), v);
        const char *want = v >= 7 ? "clinically significant" : v == 6 ? "borderline" : "expected";
        assert_string_equal(score_band(&r, "thresholds", "behavioural"), want);
    }
    /* Ages 8 and over. */
    struct score_result r;
    struct err e;
    err_clear(&e);
    int resp[16] = { 0 };
    assert_int_equal(instrument_score(in, resp, 16, NULL, 0, 7, &r, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "ages 8 and over (got 7)"));
    assert_int_equal(instrument_score(in, resp, 16, NULL, 0, 8, &r, &e), 0);
    assert_int_equal(instrument_score(in, resp, 16, NULL, 0, 40, &r, &e), 0);
}

/* ---- response lists ----------------------------------------------------- */

static void parse_codes(void **state)
{
    (void)state;
    int v[5];
    struct err e;
    err_clear(&e);
    assert_int_equal(instrument_parse_codes("0,1,,2, 1 ", 0, 2, v, 5, "response", &e), 0);
    assert_int_equal(v[0], 0);
    assert_int_equal(v[1], 1);
    assert_int_equal(v[2], M);
    assert_int_equal(v[3], 2);
    assert_int_equal(v[4], 1);
    assert_int_equal(instrument_parse_codes(",,,,", 0, 2, v, 5, "response", &e), 0);
    for (int i = 0; i < 5; i++)
        assert_int_equal(v[i], M);
    assert_int_equal(instrument_parse_codes("", 0, 3, v, 1, "response", &e), 0);
    assert_int_equal(v[0], M);

    assert_int_equal(instrument_parse_codes("0,1,2,1", 0, 2, v, 5, "response", &e), ERR_INPUT);
    assert_string_equal(e.msg, "expected 5 responses, got 4");
    assert_int_equal(instrument_parse_codes("0,1,2,1,0,1", 0, 2, v, 5, "response", &e), ERR_INPUT);
    assert_string_equal(e.msg, "expected 5 responses, got 6");
    assert_int_equal(instrument_parse_codes("0,1,3,1,0", 0, 2, v, 5, "response", &e), ERR_INPUT);
    assert_string_equal(e.msg, "response 3: '3' is not allowed (0 to 2, or empty when missing)");
    assert_int_equal(instrument_parse_codes("0,1,2,-1,0", 0, 2, v, 5, "response", &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "response 4: '-1'"));
    assert_int_equal(instrument_parse_codes("0,+1,2,1,0", 0, 2, v, 5, "response", &e), ERR_INPUT);
    assert_int_equal(instrument_parse_codes("0,x,2,1,0", 0, 2, v, 5, "response", &e), ERR_INPUT);
    assert_int_equal(instrument_parse_codes("0,1 1,2,1,0", 0, 2, v, 5, "response", &e), ERR_INPUT);
    assert_int_equal(instrument_parse_codes("0,1,2,1,99999999999", 0, 2, v, 5, "response", &e),
                     ERR_INPUT);
    assert_int_equal(instrument_parse_codes("0,\x01,2,1,0", 0, 2, v, 5, "response", &e), ERR_INPUT);
    assert_string_equal(e.msg, "response 2 is not allowed (0 to 2, or empty when missing)");
    assert_int_equal(instrument_parse_codes(NULL, 0, 2, v, 5, "response", &e), ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reversed_items),
        cmocka_unit_test(result_order_and_names),
        cmocka_unit_test(prorate_four_answered),
        cmocka_unit_test(prorate_three_answered),
        cmocka_unit_test(too_few_answered),
        cmocka_unit_test(impact_rules),
        cmocka_unit_test(impact_bad_input),
        cmocka_unit_test(bad_responses),
        cmocka_unit_test(bands_every_value),
        cmocka_unit_test(teacher_three_band_boundaries),
        cmocka_unit_test(bands_unpublished_are_null),
        cmocka_unit_test(form_by_informant_and_age),
        cmocka_unit_test(builtins_are_consistent),
        cmocka_unit_test(mmf_scoring),
        cmocka_unit_test(mmf_missing),
        cmocka_unit_test(mmf_thresholds_every_value),
        cmocka_unit_test(parse_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
