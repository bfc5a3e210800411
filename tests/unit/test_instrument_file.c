/* Unit tests for score/instrument_file: a school's own measure loads and
 * scores; an SDQ written as a definition file scores exactly like the
 * built-in one; every kind of malformed file is rejected with its line and a
 * reason; files are read with a size limit. */
#include "testutil.h"

#include "core/arena.h"
#include "score/builtin.h"
#include "score/instrument.h"
#include "score/instrument_file.h"

#define M SCORE_MISSING

/* The example from docs/measures.md. */
static const char wellbeing[] = "# Our wellbeing check\n"
                                "format meso-measure 1\n"
                                "key our-wellbeing\n"
                                "title Our wellbeing check\n"
                                "version 2024-1\n"
                                "informant self\n"
                                "min-age 7\n"
                                "max-age 11\n"
                                "source Hillside Primary pastoral team, 2024\n"
                                "items 12\n"
                                "codes 0 3\n"
                                "reversed 4 9\n"
                                "schemes school\n"
                                "\n"
                                "[scale mood]\n"
                                "items 1 2 3 4 5 6\n"
                                "min-answered 4\n"
                                "\n"
                                "[scale friends]\n"
                                "items 7 8 9 10 11 12\n"
                                "min-answered 4\n"
                                "\n"
                                "[total overall]\n"
                                "sum mood friends\n"
                                "\n"
                                "[impact impact]\n"
                                "items 4\n"
                                "codes 0 3\n"
                                "recode 0 0 1 2\n"
                                "gate 1 0\n"
                                "sum 2 3 4\n"
                                "\n"
                                "[bands school overall]\n"
                                "band 0 20 fine\n"
                                "band 21 28 keep an eye\n"
                                "band 29 36 talk to the family\n"
                                "\n"
                                "[bands school mood]\n"
                                "band 0 12 fine\n"
                                "band 13 18 concern\n"
                                "\n"
                                "[reliability overall]\n"
                                "retest-r 0.8\n"
                                "sd 5.5\n"
                                "source our 2023 pilot (n = 60)\n";

struct fixture {
    struct arena a;
    struct err e;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    arena_init(&f->a, 0);
    err_clear(&f->e);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    arena_release(&f->a);
    free(f);
    return 0;
}

static const struct instrument *parse_ok(struct fixture *f, const char *text)
{
    const struct instrument *in = NULL;
    if (instrument_parse(&f->a, "t.measure", text, strlen(text), &in, &f->e) != 0)
        fail_msg("parse: %s", f->e.msg);
    return in;
}

static struct score_result score_ok(const struct instrument *in, const int *resp, const int *imp,
                                    size_t n_imp)
{
    struct score_result r;
    struct err e;
    err_clear(&e);
    if (instrument_score(in, resp, in->n_items, imp, n_imp, -1, &r, &e) != 0)
        fail_msg("score: %s", e.msg);
    return r;
}

static void school_measure_loads(void **state)
{
    struct fixture *f = *state;
    const struct instrument *in = parse_ok(f, wellbeing);
    assert_string_equal(in->key, "our-wellbeing");
    assert_string_equal(in->title, "Our wellbeing check");
    assert_string_equal(in->version, "2024-1");
    assert_string_equal(in->informant, "self");
    assert_string_equal(in->source, "Hillside Primary pastoral team, 2024");
    assert_int_equal(in->age_min, 7);
    assert_int_equal(in->age_max, 11);
    assert_int_equal(in->n_items, 12);
    assert_int_equal(in->code_min, 0);
    assert_int_equal(in->code_max, 3);
    assert_int_equal(in->n_reversed, 2);
    assert_int_equal(in->n_scales, 2);
    assert_int_equal(in->scales[1].min_answered, 4);
    assert_int_equal(in->n_totals, 1);
    assert_non_null(in->impact);
    assert_int_equal(in->impact->gate, 1);
    assert_int_equal(in->n_schemes, 1);
    assert_string_equal(in->schemes[0], "school");
    assert_int_equal(in->n_bands, 2);
    const struct instrument_reliability *rel = instrument_reliability_for(in, "overall");
    assert_non_null(rel);
    assert_true(rel->retest_r == 0.8);
    assert_true(rel->sd == 5.5);
    assert_string_equal(rel->source, "our 2023 pilot (n = 60)");
    assert_null(instrument_reliability_for(in, "mood"));
}

static void school_measure_scores(void **state)
{
    struct fixture *f = *state;
    const struct instrument *in = parse_ok(f, wellbeing);
    /* All 1: reversed items 4 and 9 score 3 - 1 = 2, so mood = 5 + 2 = 7,
     * friends = 7, overall 14 (band "fine", 0-20). */
    int resp[12];
    for (int i = 0; i < 12; i++)
        resp[i] = 1;
    struct score_result r = score_ok(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "mood"), 7);
    assert_int_equal(score_value(&r, "friends"), 7);
    assert_int_equal(score_value(&r, "overall"), 14);
    assert_int_equal(score_value(&r, "impact"), M);
    assert_string_equal(score_band(&r, "school", "overall"), "fine");
    assert_string_equal(score_band(&r, "school", "mood"), "fine");
    assert_null(score_band(&r, "school", "friends")); /* no table */
    /* Impact: gate yes; raw 3, 2, 0 recode 2, 1, 0 = 3. Gate No gives 0. */
    r = score_ok(in, resp, (int[]){ 1, 3, 2, 0 }, 4);
    assert_int_equal(score_value(&r, "impact"), 3);
    r = score_ok(in, resp, (int[]){ 0, 3, 3, 3 }, 4);
    assert_int_equal(score_value(&r, "impact"), 0);
    /* Prorating with 4 of 6 answered: items 1, 2, 3, 5 = 3, 3, 3, 2: sum
     * 11 x 6 / 4 = 16.5 -> 17, "concern" (13-18). */
    resp[0] = 3, resp[1] = 3, resp[2] = 3, resp[3] = M, resp[4] = 2, resp[5] = M;
    r = score_ok(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "mood"), 17);
    assert_string_equal(score_band(&r, "school", "mood"), "concern");
    assert_int_equal(score_value(&r, "overall"), 24);
    assert_string_equal(score_band(&r, "school", "overall"), "keep an eye");
    /* 3 of 6: missing, and the total with it. */
    resp[4] = M;
    r = score_ok(in, resp, NULL, 0);
    assert_int_equal(score_value(&r, "mood"), M);
    assert_int_equal(score_value(&r, "overall"), M);
    /* Ages 7 to 11. */
    struct err e;
    err_clear(&e);
    assert_int_equal(instrument_score(in, resp, 12, NULL, 0, 12, &r, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "Our wellbeing check is for ages 7 to 11 (got 12)"));
}

/* Codes from 1: a reversed item scores (1 + 5) - x. Defaults: title = key,
 * informant "any", min-answered = all items, no age limits. */
static void codes_from_one(void **state)
{
    struct fixture *f = *state;
    const struct instrument *in = parse_ok(f, "format meso-measure 1\n"
                                              "key likert\n"
                                              "version 1\n"
                                              "items 3\n"
                                              "codes 1 5\n"
                                              "reversed 2\n"
                                              "[scale all]\n"
                                              "items 1 2 3\n");
    assert_string_equal(in->title, "likert");
    assert_string_equal(in->informant, "any");
    assert_int_equal(in->scales[0].min_answered, 3);
    assert_int_equal(in->age_min, -1);
    struct score_result r = score_ok(in, (int[]){ 1, 1, 1 }, NULL, 0);
    assert_int_equal(score_value(&r, "all"), 7);
    r = score_ok(in, (int[]){ 5, 5, 5 }, NULL, 0);
    assert_int_equal(score_value(&r, "all"), 11);
    r = score_ok(in, (int[]){ 5, M, 5 }, NULL, 0);
    assert_int_equal(score_value(&r, "all"), M);
    int lo, hi;
    assert_true(instrument_score_range(in, "all", &lo, &hi));
    assert_int_equal(lo, 3);
    assert_int_equal(hi, 15);
}

/* The SDQ parent form written as a definition file, with the parent bands. */
static const char sdq_file[] =
    "format meso-measure 1\n"
    "key sdq-parent-copy\n"
    "version 1\n"
    "informant parent\n"
    "min-age 4\n"
    "max-age 17\n"
    "items 25\n"
    "codes 0 2\n"
    "reversed 7 11 14 21 25\n"
    "schemes four_band three_band\n"
    "[scale emotional]\nitems 3 8 13 16 24\nmin-answered 3\n"
    "[scale conduct]\nitems 5 7 12 18 22\nmin-answered 3\n"
    "[scale hyperactivity]\nitems 2 10 15 21 25\nmin-answered 3\n"
    "[scale peer]\nitems 6 11 14 19 23\nmin-answered 3\n"
    "[scale prosocial]\nitems 1 4 9 17 20\nmin-answered 3\n"
    "[total total]\nsum emotional conduct hyperactivity peer\n"
    "[total externalising]\nsum conduct hyperactivity\nbanded no\n"
    "[total internalising]\nsum emotional peer\nbanded no\n"
    "[impact impact]\nitems 6\ncodes 0 3\nrecode 0 0 1 2\ngate 1 0\n"
    "sum 2 3 4 5 6\n"
    "[bands four_band total]\nband 0 13 close to average\n"
    "band 14 16 slightly raised\nband 17 19 high\nband 20 40 very high\n"
    "[bands four_band emotional]\nband 0 3 close to average\n"
    "band 4 4 slightly raised\nband 5 6 high\nband 7 10 very high\n"
    "[bands four_band conduct]\nband 0 2 close to average\n"
    "band 3 3 slightly raised\nband 4 5 high\nband 6 10 very high\n"
    "[bands four_band hyperactivity]\nband 0 5 close to average\n"
    "band 6 7 slightly raised\nband 8 8 high\nband 9 10 very high\n"
    "[bands four_band peer]\nband 0 2 close to average\n"
    "band 3 3 slightly raised\nband 4 4 high\nband 5 10 very high\n"
    "[bands four_band prosocial]\nband 8 10 close to average\n"
    "band 7 7 slightly lowered\nband 6 6 low\nband 0 5 very low\n"
    "[bands four_band impact]\nband 0 0 close to average\n"
    "band 1 1 slightly raised\nband 2 2 high\nband 3 10 very high\n"
    "[bands three_band total]\nband 0 13 normal\nband 14 16 borderline\n"
    "band 17 40 abnormal\n"
    "[bands three_band emotional]\nband 0 3 normal\nband 4 4 borderline\n"
    "band 5 10 abnormal\n"
    "[bands three_band conduct]\nband 0 2 normal\nband 3 3 borderline\n"
    "band 4 10 abnormal\n"
    "[bands three_band hyperactivity]\nband 0 5 normal\n"
    "band 6 6 borderline\nband 7 10 abnormal\n"
    "[bands three_band peer]\nband 0 2 normal\nband 3 3 borderline\n"
    "band 4 10 abnormal\n"
    "[bands three_band prosocial]\nband 6 10 normal\n"
    "band 5 5 borderline\nband 0 4 abnormal\n"
    "[bands three_band impact]\nband 0 0 normal\nband 1 1 borderline\n"
    "band 2 10 abnormal\n";

static void sdq_as_file_matches_builtin(void **state)
{
    struct fixture *f = *state;
    const struct instrument *file = parse_ok(f, sdq_file);
    const struct instrument *builtin = instrument_builtin("sdq-parent-4-17");
    /* A fixed pseudo-random sequence (a linear congruential generator), so
     * the run is the same every time: codes 0-2, about 1 in 6 missing. */
    uint32_t seed = 12345;
    for (int round = 0; round < 2000; round++) {
        int resp[25], imp[6];
        for (int i = 0; i < 25; i++) {
            seed = seed * 1103515245u + 12345u;
            int v = (int)((seed >> 16) % 6);
            resp[i] = v == 5 ? M : v % 3;
        }
        for (int i = 0; i < 6; i++) {
            seed = seed * 1103515245u + 12345u;
            int v = (int)((seed >> 16) % 5);
            imp[i] = v == 4 ? M : v;
        }
        struct score_result a = score_ok(file, resp, imp, 6), b = score_ok(builtin, resp, imp, 6);
        assert_int_equal(a.n_scores, b.n_scores);
        assert_int_equal(a.n_schemes, b.n_schemes);
        for (size_t i = 0; i < a.n_scores; i++) {
            assert_string_equal(a.names[i], b.names[i]);
            assert_int_equal(a.values[i], b.values[i]);
            assert_int_equal(a.banded[i], b.banded[i]);
            for (size_t s = 0; s < a.n_schemes; s++) {
                if (!a.bands[s][i] || !b.bands[s][i])
                    assert_ptr_equal(a.bands[s][i], b.bands[s][i]);
                else
                    assert_string_equal(a.bands[s][i], b.bands[s][i]);
            }
        }
    }
}

/* ---- malformed files ------------------------------------------------------ */

/* Lines 1-5. */
#define HEAD "format meso-measure 1\nkey x\nversion 1\nitems 5\ncodes 0 2\n"

struct bad_case {
    const char *text;
    long line; /* 0: the message names only the file */
    const char *reason;
};

static const struct bad_case bad_cases[] = {
    { "", 0, "the file is empty" },
    { "# only a comment\n\n", 0, "the file is empty" },
    { "key x\n", 1, "a measure file must start with 'format meso-measure 1'" },
    { "format meso-measure 2\n", 1, "format version '2' is not supported" },
    { "format other 1\n", 1, "must start with 'format meso-measure 1'" },
    { "format meso-measure 1\nversion 1\n", 0, "'key' is missing" },
    { HEAD, 0, "the measure has no [scale NAME] section" },
    { "format meso-measure 1\nkey x\nversion 1\ncodes 0 2\n[scale a]\nitems 1\n", 5,
      "'items' must be given before the first section" },
    { "format meso-measure 1\nkey x\ncolour red\n", 3,
      "unknown key 'colour' before the first section" },
    { "format meso-measure 1\nkey x\nkey y\n", 3, "'key' is already given on line 2" },
    { "format meso-measure 1\nkey X-Ray\n", 2, "key 'X-Ray' is not a valid name" },
    { "format meso-measure 1\nkey two words\n", 2, "'key' takes NAME" },
    { "format meso-measure 1\nkey mmf\n", 2, "'mmf' is the key of a built-in measure" },
    { "format meso-measure 1\nitems 0\n", 2, "'items' takes the number of items, from 1 to 200" },
    { "format meso-measure 1\nitems 201\n", 2, "from 1 to 200" },
    { "format meso-measure 1\nitems five\n", 2, "from 1 to 200" },
    { "format meso-measure 1\ncodes 2 0\n", 2, "'codes' takes the lowest and highest" },
    { "format meso-measure 1\ncodes 0 101\n", 2, "'codes' takes the lowest and highest" },
    { "format meso-measure 1\nreversed 1\n", 2, "give 'items' before 'reversed'" },
    { HEAD "reversed 0\n", 6, "reversed: '0' is not a number from 1 to 5" },
    { HEAD "reversed 2 2\n", 6, "reversed: 2 is listed twice" },
    { HEAD "min-age 10\nmax-age 8\n", 7, "min-age 10 is more than max-age 8" },
    { HEAD "max-age 151\n", 6, "'max-age' takes a whole number of years from 0 to 150" },
    { HEAD "title \n", 6, "the value is empty" },
    { "format meso-measure 1\nversion 1 2\n", 2, "'version' takes one word" },
    { HEAD "schemes a a\n", 6, "scheme 'a' is listed twice" },
    { HEAD "schemes a b c d e\n", 6, "'schemes' takes 1 to 4 scheme names" },
    { HEAD "[subscale a]\n", 6, "unknown section 'subscale'" },
    { HEAD "[scale]\n", 6, "write this section header as [scale NAME]" },
    { HEAD "[bands a]\n", 6, "write this section header as [bands SCHEME SCORE]" },
    { HEAD "[scale a\n", 6, "a section header must end with ']'" },
    { HEAD "[]\n", 6, "a section header is [scale NAME]" },
    { HEAD "[scale a]\nitems 1 2 6\n", 7, "items: '6' is not a number from 1 to 5" },
    { HEAD "[scale a]\nitems 1 2 2\n", 7, "items: 2 is listed twice" },
    { HEAD "[scale a]\ncolour red\n", 7, "unknown key 'colour' in [scale a]" },
    { HEAD "[scale a]\nmin-answered 2\n[scale b]\nitems 1\n", 6, "[scale a] has no 'items' line" },
    { HEAD "[scale a]\nitems 1 2 3\nmin-answered 4\n", 8,
      "min-answered 4 is more than the 3 items of [scale a]" },
    { HEAD "[scale a]\nitems 1 2 3\nmin-answered 0\n", 8, "'min-answered' takes the number" },
    { HEAD "[scale a]\nitems 1\n[scale a]\n", 8, "a score named 'a' is already defined" },
    { HEAD "[scale bands]\n", 6, "'bands' cannot name a score (it is reserved)" },
    { HEAD "[scale Mood]\n", 6, "subscale 'Mood' is not a valid name" },
    { HEAD "[scale a]\nitems 1 2\n[total t]\nsum a b\n", 9, "'b' is not a subscale defined above" },
    { HEAD "[scale a]\nitems 1 2\n[total t]\nsum a a\n", 9, "subscale a is listed twice" },
    { HEAD "[scale a]\nitems 1 2\n[total t]\n", 8, "[total t] has no 'sum' line" },
    { HEAD "[scale a]\nitems 1 2\n[total t]\nsum a\nbanded maybe\n", 10,
      "'banded' takes yes or no" },
    { HEAD "[scale a]\nitems 1\n[impact i]\nitems 3\ncodes 0 3\nrecode 0 0 1\n", 11,
      "'recode' takes one value for each raw code 0 to 3 (4 values)" },
    { HEAD "[scale a]\nitems 1\n[impact i]\nitems 3\nrecode 0 0 1\n", 10,
      "give 'codes' before 'recode'" },
    { HEAD "[scale a]\nitems 1\n[impact i]\ncodes 1 3\n", 9, "impact 'codes' takes 0 and" },
    { HEAD "[scale a]\nitems 1\n[impact i]\nitems 3\ncodes 0 3\ngate 4 0\n", 11,
      "'gate' takes the item asking" },
    { HEAD "[scale a]\nitems 1\n[impact i]\nitems 3\ncodes 0 3\nrecode 0 0 1 2\ngate 1 0\nsum 1 "
           "2\n",
      13, "the gate item 1 cannot also be summed" },
    { HEAD "[scale a]\nitems 1\n[impact i]\nitems 3\ncodes 0 3\nsum 2 3\n", 8,
      "[impact i] has no 'recode' line" },
    { HEAD "[scale a]\nitems 1\n[impact i]\nitems 2\ncodes 0 1\nrecode 0 1\nsum 2\n[impact j]\n",
      13, "a measure may have only one [impact] section" },
    { HEAD "[scale a]\nitems 1 2\n[bands s zz]\n", 8, "'zz' is not a score defined above" },
    { HEAD "[scale a]\nitems 1 2\n[bands s a]\nband 0 2 low\nband 2 4 high\n", 10,
      "the band 2 to 4 overlaps the band 0 to 2" },
    { HEAD "[scale a]\nitems 1 2\n[bands s a]\nband 0 5 low\n", 9,
      "the band 0 to 5 is outside a's range 0 to 4" },
    { HEAD "[scale a]\nitems 1 2\n[bands s a]\nband 3 1 low\n", 9, "runs backwards" },
    { HEAD "[scale a]\nitems 1 2\n[bands s a]\nband 0 1\n", 9,
      "'band' takes the lowest and highest score and a label" },
    { HEAD "[scale a]\nitems 1 2\n[bands s a]\n", 8, "[bands s a] has no 'band' line" },
    { HEAD "[scale a]\nitems 1 2\n[bands s a]\nband 0 1 x\n[bands s a]\n", 10,
      "bands for a under s are already given" },
    { HEAD "schemes s\n[scale a]\nitems 1 2\n[bands t a]\n", 9,
      "'t' is not one of the schemes declared on line 6" },
    { HEAD "[scale a]\nitems 1 2\n[total t]\nsum a\nbanded no\n[bands s t]\n", 11,
      "total t is marked 'banded no'" },
    { HEAD "[scale a]\nitems 1 2\n[bands s a]\nmin-answered 1\n", 9,
      "unknown key 'min-answered' in [bands s a]" },
    { HEAD "[scale a]\nitems 1 2\n[reliability a]\nretest-r 1.2\n", 9,
      "'retest-r' must be from 0 to below 1" },
    { HEAD "[scale a]\nitems 1 2\n[reliability a]\nretest-r 0.7\nsd 0\n", 10,
      "'sd' must be more than 0" },
    { HEAD "[scale a]\nitems 1 2\n[reliability a]\nretest-r nan\n", 9,
      "'retest-r' takes one number" },
    { HEAD "[scale a]\nitems 1 2\n[reliability a]\nretest-r 0.7\n", 8,
      "[reliability a] needs both 'retest-r' and 'sd'" },
    { HEAD "[scale a]\nitems 1 2\n[reliability b]\n", 8, "'b' is not a score defined above" },
    { HEAD "title caf\xc3\n", 6, "the line is not valid UTF-8" },
    { HEAD "title a\x01z\n", 6, "the line contains a control character (byte 8)" },
    { HEAD "title a\rz\n", 6, "the line contains a control character" },
};

static void malformed_files(void **state)
{
    struct fixture *f = *state;
    for (size_t c = 0; c < sizeof bad_cases / sizeof *bad_cases; c++) {
        const struct bad_case *bc = &bad_cases[c];
        const struct instrument *in = NULL;
        err_clear(&f->e);
        int rc = instrument_parse(&f->a, "t.measure", bc->text, strlen(bc->text), &in, &f->e);
        char want[64];
        if (bc->line)
            snprintf(want, sizeof want, "t.measure:%ld: ", bc->line);
        else
            snprintf(want, sizeof want, "t.measure: ");
        if (rc != ERR_INPUT || strncmp(f->e.msg, want, strlen(want)) != 0 ||
            !strstr(f->e.msg, bc->reason))
            fail_msg("case %zu: rc %d, message '%s'; expected '%s...%s'", c, rc, f->e.msg, want,
                     bc->reason);
        assert_null(in);
    }
}

static void malformed_bytes(void **state)
{
    struct fixture *f = *state;
    const struct instrument *in = NULL;
    /* A NUL byte inside a line (strlen would stop at it; the parser must not). */
    static const char nul[] = HEAD "title a\0b\n";
    assert_int_equal(instrument_parse(&f->a, "t.measure", nul, sizeof nul - 1, &in, &f->e),
                     ERR_INPUT);
    assert_string_equal(f->e.msg, "t.measure:6: the line contains a NUL byte");
    /* A line over the limit. */
    char *big = calloc(1, 2000);
    memcpy(big, HEAD "title ", strlen(HEAD "title "));
    memset(big + strlen(HEAD "title "), 'a', 1100);
    assert_int_equal(instrument_parse(&f->a, "t.measure", big, strlen(big), &in, &f->e), ERR_INPUT);
    assert_string_equal(f->e.msg, "t.measure:6: the line is longer than 1000 bytes");
    free(big);
    /* A file over the limit. */
    size_t n = INSTRUMENT_FILE_MAX + 1;
    char *huge = malloc(n);
    memset(huge, '\n', n);
    assert_int_equal(instrument_parse(&f->a, "t.measure", huge, n, &in, &f->e), ERR_INPUT);
    assert_string_equal(f->e.msg, "t.measure: the file is larger than 64 KiB");
    free(huge);
    /* Too many subscales. */
    char text[4096];
    int len = snprintf(text, sizeof text, HEAD);
    for (int i = 0; i < 17; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, "[scale s%d]\nitems 1\n", i);
    assert_int_equal(instrument_parse(&f->a, "t.measure", text, (size_t)len, &in, &f->e),
                     ERR_INPUT);
    assert_string_equal(f->e.msg, "t.measure:38: a measure may have at most 16 subscales");
    /* Comments, blank lines, indentation, CRLF and a byte order mark are fine. */
    static const char ok[] = "\xEF\xBB\xBF# c\r\n\r\n  format meso-measure 1\r\n\tkey x\r\n"
                             "version 1\r\nitems 2\r\ncodes 0 1\r\n  # c\r\n[scale a]\r\n"
                             "  items 1 2  \r\n";
    assert_int_equal(instrument_parse(&f->a, "t.measure", ok, sizeof ok - 1, &in, &f->e), 0);
    assert_int_equal(in->scales[0].n_items, 2);
}

static void load_files(void **state)
{
    struct fixture *f = *state;
    char *dir = test_tmpdir();
    const struct instrument *in = NULL;
    const char *path = test_write(dir, "ok.measure", wellbeing);
    assert_int_equal(instrument_load(&f->a, path, &in, &f->e), 0);
    assert_string_equal(in->key, "our-wellbeing");
    /* Errors name the path given. */
    path = test_write(dir, "bad.measure", "format meso-measure 1\nkey x\nitems 0\n");
    assert_int_equal(instrument_load(&f->a, path, &in, &f->e), ERR_INPUT);
    char want[600];
    snprintf(want, sizeof want, "%s:3: 'items' takes", path);
    assert_non_null(strstr(f->e.msg, want));
    /* Missing file. */
    char missing[600];
    snprintf(missing, sizeof missing, "%s/none.measure", dir);
    assert_int_equal(instrument_load(&f->a, missing, &in, &f->e), ERR_NOTFOUND);
    assert_non_null(strstr(f->e.msg, "cannot read"));
    /* Too large. */
    char *huge = malloc(INSTRUMENT_FILE_MAX + 2);
    memset(huge, '#', INSTRUMENT_FILE_MAX + 1);
    huge[INSTRUMENT_FILE_MAX + 1] = '\0';
    path = test_write(dir, "huge.measure", huge);
    free(huge);
    assert_int_equal(instrument_load(&f->a, path, &in, &f->e), ERR_INPUT);
    assert_non_null(strstr(f->e.msg, "larger than 64 KiB"));
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(school_measure_loads, setup, teardown),
        cmocka_unit_test_setup_teardown(school_measure_scores, setup, teardown),
        cmocka_unit_test_setup_teardown(codes_from_one, setup, teardown),
        cmocka_unit_test_setup_teardown(sdq_as_file_matches_builtin, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_files, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(load_files, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
