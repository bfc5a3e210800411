#include "score/builtin.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* A band table from a list of { lo, hi, label } ranges. */
#define BANDS(scheme, score, ...)                                       \
    {                                                                   \
        scheme, score, (const struct instrument_band[]){ __VA_ARGS__ }, \
            sizeof((const struct instrument_band[]){ __VA_ARGS__ }) /   \
                sizeof(struct instrument_band)                          \
    }

/* The SDQ's four-band labels (youthinmind): difficulties rise through the
 * bands; for prosocial behaviour, lower scores are the concern. */
#define RAISED4(score, a, b, c, d, e, f, g, h)                                           \
    BANDS("four_band", score, { a, b, "close to average" }, { c, d, "slightly raised" }, \
          { e, f, "high" }, { g, h, "very high" })
#define LOWERED4(score, a, b, c, d, e, f, g, h)                                           \
    BANDS("four_band", score, { a, b, "close to average" }, { c, d, "slightly lowered" }, \
          { e, f, "low" }, { g, h, "very low" })
/* The older three-band scheme. */
#define THREE(score, a, b, c, d, e, f) \
    BANDS("three_band", score, { a, b, "normal" }, { c, d, "borderline" }, { e, f, "abnormal" })
/* The impact supplement under the three-band scheme, for every informant:
 * 0 normal, 1 borderline, 2 or more abnormal: youthinmind's scoring
 * instructions for the SDQ for age 4-17 (sdqinfo.org), for the supplement
 * described by Goodman R., "The extended version of the Strengths and
 * Difficulties Questionnaire as a guide to child psychiatric caseness and
 * consequent burden", J Child Psychol Psychiatry 40(5), 1999, 791-799. The
 * top is the score's maximum: 10 for parent and self-report, 6 for the
 * teacher form. Checked against secondary copies only (docs/measures.md). */
#define IMPACT3(top) THREE("impact", 0, 0, 1, 1, 2, top)

/* ---- SDQ (Strengths and Difficulties Questionnaire, R. Goodman) ----------
 * Item structure and scoring rules: youthinmind's published scoring
 * instructions and syntax (sdqinfo.org), as summarised in DOMAIN.md §6. The
 * 2-4 forms use the same item numbers and structure. Item wording is
 * copyright and is not stored. */
#define SDQ_SOURCE                                                                   \
    "Goodman R., Strengths and Difficulties Questionnaire; scoring per youthinmind " \
    "(sdqinfo.org); bands per meso DOMAIN.md section 6"

static const int sdq_reversed[] = { 7, 11, 14, 21, 25 };
static const int sdq_emotional[] = { 3, 8, 13, 16, 24 };
static const int sdq_conduct[] = { 5, 7, 12, 18, 22 };
static const int sdq_hyperactivity[] = { 2, 10, 15, 21, 25 };
static const int sdq_peer[] = { 6, 11, 14, 19, 23 };
static const int sdq_prosocial[] = { 1, 4, 9, 17, 20 };

/* A subscale is scored when at least 3 of its 5 items are answered. */
static const struct instrument_scale sdq_scales[] = {
    { "emotional", sdq_emotional, 5, 3 },         { "conduct", sdq_conduct, 5, 3 },
    { "hyperactivity", sdq_hyperactivity, 5, 3 }, { "peer", sdq_peer, 5, 3 },
    { "prosocial", sdq_prosocial, 5, 3 },
};

static const char *const sdq_total_parts[] = { "emotional", "conduct", "hyperactivity", "peer" };
static const char *const sdq_external_parts[] = { "conduct", "hyperactivity" };
static const char *const sdq_internal_parts[] = { "emotional", "peer" };
static const struct instrument_total sdq_totals[] = {
    { "total", sdq_total_parts, COUNT(sdq_total_parts), false },
    /* DOMAIN.md gives no bands for these two; band reports leave them out. */
    { "externalising", sdq_external_parts, COUNT(sdq_external_parts), .unbanded = true },
    { "internalising", sdq_internal_parts, COUNT(sdq_internal_parts), .unbanded = true },
};

/* The impact supplement. Raw codes 0-3 (not at all, only a little, quite a
 * lot, a great deal) recode to 0, 0, 1, 2. Item 1 is "any difficulties?",
 * whose raw code 0 is No. */
static const int sdq_impact_recode[] = { 0, 0, 1, 2 };
/* Parent and self-report: any difficulties, distress, home life,
 * friendships, learning, leisure; impact = distress + 4 areas (0-10). */
static const int sdq_impact_parent_sum[] = { 2, 3, 4, 5, 6 };
static const struct instrument_impact sdq_impact_parent = {
    "impact", 6, 3, sdq_impact_recode, 1, 0, sdq_impact_parent_sum, COUNT(sdq_impact_parent_sum),
};
/* Teacher: any difficulties, distress, peers, learning; impact = distress +
 * peers + learning (0-6). */
static const int sdq_impact_teacher_sum[] = { 2, 3, 4 };
static const struct instrument_impact sdq_impact_teacher = {
    "impact", 4, 3, sdq_impact_recode, 1, 0, sdq_impact_teacher_sum, COUNT(sdq_impact_teacher_sum),
};

static const char *const sdq_schemes[] = { "four_band", "three_band" };

/* Teacher, ages 4-17. Four bands: DOMAIN.md §6, confirmed against
 * youthinmind's four-band categorisation (sdqinfo.org scoring instructions
 * for 4-17, as reprinted in Table 1 of pmc.ncbi.nlm.nih.gov/articles/PMC4830858). That table
 * has no impact row, so the four-band impact is NULL.
 *
 * Three bands (version 2): total 0-11 normal, 12-15 borderline, 16-40
 * abnormal (DOMAIN.md §6): the same cut points as the four-band table's
 * (close to average / slightly raised / high and very high), and the
 * abnormal cut-off of 16 that published UK teacher norms use. Impact: see
 * IMPACT3. The subscales' three-band cut-offs are left NULL: no source we
 * could check gives the teacher form's normal/borderline/abnormal ranges for
 * them (papers quote only the abnormal cut-off, or other countries' norms),
 * and collapsing the four-band table would mean choosing where "borderline"
 * ends, which is a guess (docs/measures.md, "SDQ bands and their sources"). */
static const struct instrument_bands sdq_teacher_bands[] = {
    RAISED4("total", 0, 11, 12, 15, 16, 18, 19, 40),
    RAISED4("emotional", 0, 3, 4, 4, 5, 5, 6, 10),
    RAISED4("conduct", 0, 2, 3, 3, 4, 4, 5, 10),
    RAISED4("hyperactivity", 0, 5, 6, 7, 8, 8, 9, 10),
    RAISED4("peer", 0, 2, 3, 4, 5, 5, 6, 10),
    LOWERED4("prosocial", 6, 10, 5, 5, 4, 4, 0, 3),
    THREE("total", 0, 11, 12, 15, 16, 40),
    IMPACT3(6),
};

/* Parent, ages 4-17. Four bands: DOMAIN.md §6, marked "to verify" there (from
 * a secondary source). Three bands: DOMAIN.md §6. */
static const struct instrument_bands sdq_parent_bands[] = {
    RAISED4("total", 0, 13, 14, 16, 17, 19, 20, 40),
    RAISED4("emotional", 0, 3, 4, 4, 5, 6, 7, 10),
    RAISED4("conduct", 0, 2, 3, 3, 4, 5, 6, 10),
    RAISED4("hyperactivity", 0, 5, 6, 7, 8, 8, 9, 10),
    RAISED4("peer", 0, 2, 3, 3, 4, 4, 5, 10),
    LOWERED4("prosocial", 8, 10, 7, 7, 6, 6, 0, 5),
    RAISED4("impact", 0, 0, 1, 1, 2, 2, 3, 10),
    THREE("total", 0, 13, 14, 16, 17, 40),
    THREE("emotional", 0, 3, 4, 4, 5, 10),
    THREE("conduct", 0, 2, 3, 3, 4, 10),
    THREE("hyperactivity", 0, 5, 6, 6, 7, 10),
    THREE("peer", 0, 2, 3, 3, 4, 10),
    THREE("prosocial", 6, 10, 5, 5, 0, 4),
    IMPACT3(10),
};

/* Self-report, ages 11-17. Four bands: DOMAIN.md §6, marked "to verify"
 * there (from a secondary source). Three bands: DOMAIN.md §6. */
static const struct instrument_bands sdq_self_bands[] = {
    RAISED4("total", 0, 14, 15, 17, 18, 19, 20, 40),
    RAISED4("emotional", 0, 4, 5, 5, 6, 6, 7, 10),
    RAISED4("conduct", 0, 3, 4, 4, 5, 5, 6, 10),
    RAISED4("hyperactivity", 0, 5, 6, 6, 7, 7, 8, 10),
    RAISED4("peer", 0, 2, 3, 3, 4, 4, 5, 10),
    LOWERED4("prosocial", 7, 10, 6, 6, 5, 5, 0, 4),
    RAISED4("impact", 0, 0, 1, 1, 2, 2, 3, 10),
    THREE("total", 0, 15, 16, 19, 20, 40),
    THREE("emotional", 0, 5, 6, 6, 7, 10),
    THREE("conduct", 0, 3, 4, 4, 5, 10),
    THREE("hyperactivity", 0, 5, 6, 6, 7, 10),
    THREE("peer", 0, 3, 4, 5, 6, 10),
    THREE("prosocial", 6, 10, 5, 5, 0, 4),
    IMPACT3(10),
};

/* The SDQ has no published test-retest figures in DOMAIN.md, so the built-in
 * definitions carry none: the reliable change index then needs r and SD from
 * the caller (or a definition file). Add them here, with their source, once
 * verified. */
#define SDQ_COMMON                                                                               \
    .source = SDQ_SOURCE, .n_items = 25, .code_min = 0, .code_max = 2, .reversed = sdq_reversed, \
    .n_reversed = COUNT(sdq_reversed), .scales = sdq_scales, .n_scales = COUNT(sdq_scales),      \
    .totals = sdq_totals, .n_totals = COUNT(sdq_totals), .schemes = sdq_schemes,                 \
    .n_schemes = COUNT(sdq_schemes)

/* ---- Me and My Feelings (Deighton et al., 2013; free to use) -------------
 * Self-report, ages 8 and over: 16 items coded 0, 1, 2. Emotional
 * difficulties = items 1-10 (0-20); behavioural difficulties = items 11-16
 * (0-12) with item 15 reversed. DOMAIN.md §6.
 *
 * Missing items (meso's choice; no published rule is recorded in DOMAIN.md):
 * a subscale is scored when at least 80% of its items are answered, i.e. 8 of
 * the 10 emotional items and 5 of the 6 behavioural items, prorated like the
 * SDQ. The thresholds sit near the top of each range, so prorating over many
 * missing items could move a child across a threshold on guesswork. */
static const int mmf_reversed[] = { 15 };
static const int mmf_emotional[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const int mmf_behavioural[] = { 11, 12, 13, 14, 15, 16 };
static const struct instrument_scale mmf_scales[] = {
    { "emotional", mmf_emotional, COUNT(mmf_emotional), 8 },
    { "behavioural", mmf_behavioural, COUNT(mmf_behavioural), 5 },
};
static const char *const mmf_schemes[] = { "thresholds" };
/* Thresholds: DOMAIN.md §6, marked "to verify" there: emotional 10-11
 * borderline, 12 or more clinically significant; behavioural 6 borderline,
 * 7 or more clinically significant. */
static const struct instrument_bands mmf_bands[] = {
    BANDS("thresholds", "emotional", { 0, 9, "expected" }, { 10, 11, "borderline" },
          { 12, 20, "clinically significant" }),
    BANDS("thresholds", "behavioural", { 0, 5, "expected" }, { 6, 6, "borderline" },
          { 7, 12, "clinically significant" }),
};

/* Version 2 of the three 4-17 forms (issue 12) adds the three-band impact
 * bands and the teacher form's three-band total; scores stored under
 * version 1 keep the bands they were given. */
static const struct instrument builtins[] = {
    {
        .key = "sdq-parent-4-17",
        .title = "SDQ parent form (ages 4-17)",
        .version = "2",
        .informant = "parent",
        .age_min = 4,
        .age_max = 17,
        SDQ_COMMON,
        .impact = &sdq_impact_parent,
        .bands = sdq_parent_bands,
        .n_bands = COUNT(sdq_parent_bands),
    },
    {
        .key = "sdq-teacher-4-17",
        .title = "SDQ teacher form (ages 4-17)",
        .version = "2",
        .informant = "teacher",
        .age_min = 4,
        .age_max = 17,
        SDQ_COMMON,
        .impact = &sdq_impact_teacher,
        .bands = sdq_teacher_bands,
        .n_bands = COUNT(sdq_teacher_bands),
    },
    {
        .key = "sdq-self-11-17",
        .title = "SDQ self-report (ages 11-17)",
        .version = "2",
        .informant = "self",
        .age_min = 11,
        .age_max = 17,
        SDQ_COMMON,
        .impact = &sdq_impact_parent,
        .bands = sdq_self_bands,
        .n_bands = COUNT(sdq_self_bands),
    },
    /* The 2-4 forms: DOMAIN.md gives no bands for them, so every band is
     * NULL until verified tables are added here. */
    {
        .key = "sdq-parent-2-4",
        .title = "SDQ parent form (ages 2-4)",
        .version = "1",
        .informant = "parent",
        .age_min = 2,
        .age_max = 4,
        SDQ_COMMON,
        .impact = &sdq_impact_parent,
    },
    {
        .key = "sdq-teacher-2-4",
        .title = "SDQ teacher form (ages 2-4)",
        .version = "1",
        .informant = "teacher",
        .age_min = 2,
        .age_max = 4,
        SDQ_COMMON,
        .impact = &sdq_impact_teacher,
    },
    {
        .key = "mmf",
        .title = "Me and My Feelings",
        .version = "1",
        .informant = "self",
        .age_min = 8,
        .age_max = -1,
        .source = "Deighton J. et al. (2013), Me and My Feelings; thresholds per meso DOMAIN.md "
                  "section 6 (to verify)",
        .n_items = 16,
        .code_min = 0,
        .code_max = 2,
        .reversed = mmf_reversed,
        .n_reversed = COUNT(mmf_reversed),
        .scales = mmf_scales,
        .n_scales = COUNT(mmf_scales),
        .schemes = mmf_schemes,
        .n_schemes = COUNT(mmf_schemes),
        .bands = mmf_bands,
        .n_bands = COUNT(mmf_bands),
    },
};

const struct instrument *instrument_builtin(const char *key)
{
    for (size_t i = 0; key && i < COUNT(builtins); i++)
        if (strcmp(builtins[i].key, key) == 0)
            return &builtins[i];
    return NULL;
}

const struct instrument *instrument_builtin_at(size_t i)
{
    return i < COUNT(builtins) ? &builtins[i] : NULL;
}

size_t instrument_builtin_count(void)
{
    return COUNT(builtins);
}

int instrument_sdq_form(const char *informant, int age_years, const struct instrument **out,
                        struct err *e)
{
    const char *key = NULL;
    if (informant && (strcmp(informant, "parent") == 0 || strcmp(informant, "teacher") == 0)) {
        if (age_years < 2 || age_years > 17)
            return err_set(e, ERR_INPUT, "the %s SDQ is for ages 2 to 17 (got %d)", informant,
                           age_years);
        bool parent = informant[0] == 'p';
        if (age_years < 4)
            key = parent ? "sdq-parent-2-4" : "sdq-teacher-2-4";
        else
            key = parent ? "sdq-parent-4-17" : "sdq-teacher-4-17";
    } else if (informant && strcmp(informant, "self") == 0) {
        if (age_years < 11 || age_years > 17)
            return err_set(e, ERR_INPUT, "the self-report SDQ is for ages 11 to 17 (got %d)",
                           age_years);
        key = "sdq-self-11-17";
    } else {
        return err_set(e, ERR_INPUT, "unknown informant '%s': use parent, teacher or self",
                       informant ? informant : "");
    }
    *out = instrument_builtin(key);
    return 0;
}
