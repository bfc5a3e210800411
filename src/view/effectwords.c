#include "view/effectwords.h"

#include <math.h>
#include <string.h>

#include "core/arena.h"
#include "score/builtin.h"

/* The SDQ's scales as its own scoring instructions name them. */
static const struct {
    const char *score, *words;
} sdq_scores[] = {
    { "total", "total difficulties" },
    { "emotional", "emotional symptoms" },
    { "conduct", "conduct problems" },
    { "hyperactivity", "hyperactivity and inattention" },
    { "peer", "peer relationship problems" },
    { "prosocial", "prosocial behaviour" },
    { "externalising", "externalising difficulties" },
    { "internalising", "internalising difficulties" },
    { "impact", "impact" },
};

static const char *with_spaces(struct arena *a, const char *s)
{
    char *out = arena_strdup(a, s ? s : "");
    for (char *p = out; p && *p; p++)
        if (*p == '_' || *p == '-')
            *p = ' ';
    return out;
}

const char *effectwords_measure(struct arena *a, const char *instrument, const char *score)
{
    if (!instrument)
        return NULL;
    const struct instrument *in = instrument_builtin(instrument);
    if (in && !strncmp(instrument, "sdq-", 4)) {
        const char *what = NULL;
        for (size_t i = 0; i < sizeof sdq_scores / sizeof *sdq_scores; i++)
            if (score && !strcmp(score, sdq_scores[i].score))
                what = sdq_scores[i].words;
        const char *who = !strcmp(in->informant, "self") ? "self-report" : in->informant;
        bool young = in->age_max <= 4;
        return arena_sprintf(a, "SDQ, %s%s, %s", who, young ? " (ages 2-4)" : "",
                             what ? what : with_spaces(a, score));
    }
    if (in && !strcmp(instrument, "mmf"))
        return arena_sprintf(a, "Me and My Feelings, %s difficulties", with_spaces(a, score));
    return arena_sprintf(a, "%s, %s", with_spaces(a, instrument), with_spaces(a, score));
}

const char *effectwords_effect(struct arena *a, const struct progreport_outcome *o)
{
    if (!o->instrument || !o->has_effect)
        return NULL;
    double g = o->effect.g, size = fabs(g);
    const char *moved = size < 0.005
                            ? arena_sprintf(a,
                                            "Children's scores hardly changed from before to after "
                                            "(%.2f standard deviations).",
                                            size)
                            : arena_sprintf(a,
                                            "Children's scores %s by %.2f standard deviations from "
                                            "before to after.",
                                            g < 0 ? "fell" : "rose", size);
    const char *meaning =
        size < 0.005 ? ""
        : (g < 0) == (o->better < 0)
            ? arena_sprintf(a,
                            " On this measure %s scores are better, so on average this is a "
                            "change for the better.",
                            o->better < 0 ? "lower" : "higher")
            : arena_sprintf(a,
                            " On this measure %s scores are better, so on average this is a "
                            "change for the worse.",
                            o->better < 0 ? "lower" : "higher");
    return arena_sprintf(a,
                         "%s%s There was no comparison group, so some of this change might "
                         "have happened anyway. This is Hedges' g for one group before and "
                         "after (95%% confidence interval %.2f to %.2f), from %zu children. It "
                         "is not the effect size of a trial with a comparison group, so do not "
                         "compare it with those.",
                         moved, meaning, o->effect.ci_low, o->effect.ci_high, o->effect.n);
}

const char *effectwords_reliability(struct arena *a, const struct progreport_outcome *o)
{
    if (!o->instrument)
        return NULL;
    if (!o->has_rci)
        return arena_sprintf(a, "The effect size uses no reliability figure. %s",
                             o->rci_note ? o->rci_note
                                         : "Reliable change needs the measure's test-retest r "
                                           "and SD.");
    const char *src = o->rci_source ? o->rci_source : "not recorded";
    size_t len = strlen(src);
    return arena_sprintf(a,
                         "The effect size uses no reliability figure. Reliable change uses a "
                         "test-retest reliability of %.2f and a standard deviation of %.2f, "
                         "from: %s%s",
                         o->rci_r, o->rci_sd, src, len && src[len - 1] == '.' ? "" : ".");
}

const char *effectwords_number(struct arena *a, double x, int digits)
{
    while (digits < 4 && x != 0 && fabs(x) < 0.5 * pow(10, -digits))
        digits++;
    return arena_sprintf(a, "%.*f", digits, x);
}

const char *effectwords_kind(struct arena *a, const struct progreport_outcome *o, bool compared)
{
    if (!compared)
        return "Change from before to after, with no comparison group";
    size_t n = o->comparison.n_comparison;
    return arena_sprintf(a, "Compared with %zu similar pupil%s who %s not in the programme", n,
                         n == 1 ? "" : "s", n == 1 ? "was" : "were");
}

/* "2.9 points lower" */
static const char *points(struct arena *a, double x)
{
    return fabs(x) < 0.05
               ? "no different"
               : arena_sprintf(a, "%.1f point%s %s", fabs(x), fabs(fabs(x) - 1) < 0.05 ? "" : "s",
                               x < 0 ? "lower" : "higher");
}

static const char *allowed_for(struct arena *a, const struct progcompare *c)
{
    bool fsm = strstr(c->formula, " fsm") != NULL, sen = strstr(c->formula, " sen") != NULL,
         year = strstr(c->formula, " year") != NULL;
    const char *parts[3];
    size_t n = 0;
    if (fsm)
        parts[n++] = "free school meals";
    if (sen)
        parts[n++] = "SEN";
    if (year)
        parts[n++] = "year group";
    switch (n) {
    case 0:
        return "their scores before";
    case 1:
        return arena_sprintf(a, "their scores before and %s", parts[0]);
    case 2:
        return arena_sprintf(a, "their scores before, %s and %s", parts[0], parts[1]);
    default:
        return arena_sprintf(a, "their scores before, %s, %s and %s", parts[0], parts[1], parts[2]);
    }
}

const char *effectwords_comparison(struct arena *a, const struct progreport_outcome *o)
{
    const struct progcompare *c = &o->comparison;
    if (!o->instrument || !c->attempted)
        return NULL;
    if (c->declined)
        return c->reason;
    bool favour = fabs(c->estimate) >= 0.05 && (c->estimate < 0) == (o->better < 0);
    const char *meaning = fabs(c->estimate) < 0.05 ? "there is no difference to speak of"
                          : favour ? "on average the programme's children did better"
                                   : "on average the programme's children did less well";
    bool zero = c->ci_low <= 0 && c->ci_high >= 0;
    return arena_sprintf(
        a,
        "Allowing for %s, the programme's children scored %s after than the %zu pupils who "
        "were not in the programme (95%% confidence interval %s to %s points). On this "
        "measure %s scores are better, so %s. %s This is Hedges' g = %s (95%% confidence "
        "interval %s to %s), against the spread of all the pupils' scores after. The "
        "families chose to take part; they were not chosen at random, so they may differ from "
        "the others in ways the figures do not show. This is an estimate from the school's "
        "records, not the result of a trial.",
        allowed_for(a, c), points(a, c->estimate), c->n_comparison,
        effectwords_number(a, c->ci_low, 1), effectwords_number(a, c->ci_high, 1),
        o->better < 0 ? "lower" : "higher", meaning,
        zero ? "The interval includes zero: these figures cannot tell the difference from none."
             : "The interval does not include zero.",
        effectwords_number(a, c->g, 2), effectwords_number(a, c->g_low, 2),
        effectwords_number(a, c->g_high, 2));
}

const char *effectwords_comparison_method(struct arena *a, const struct progreport_outcome *o)
{
    const struct progcompare *c = &o->comparison;
    if (!o->instrument || !c->attempted || c->declined)
        return NULL;
    const char *model =
        c->multilevel
            ? arena_sprintf(a,
                            "A linear mixed model with a random intercept for each key "
                            "teacher's pupils (%zu groups; a pupil with no key teacher is "
                            "grouped by class), fitted by REML (lme4: lmer(%s)).",
                            c->n_groups, c->formula)
            : arena_sprintf(a,
                            "Ordinary least squares (R: lm(%s)): the pupils have %zu key "
                            "teacher%s, too few to estimate how much their pupils differ (a "
                            "mixed model needs %d).",
                            c->formula, c->n_groups, c->n_groups == 1 ? "" : "s",
                            PROGCOMPARE_MIN_GROUPS);
    for (size_t i = 0; model && i < c->n_notes; i++)
        model = arena_sprintf(a, "%s %s", model, c->notes[i]);
    if (model && c->multilevel && !c->converged)
        model = arena_sprintf(a, "%s The model did not fully converge: %s.", model,
                              c->warning ? c->warning : "no reason given");
    return model;
}

const char *effectwords_comparison_reliability(struct arena *a, const struct progreport_outcome *o)
{
    const struct progcompare *c = &o->comparison;
    if (!o->instrument || !c->attempted || c->declined)
        return NULL;
    if (!o->has_rci)
        return "No reliability figure is recorded for this score, so the report cannot say how "
               "much error in the scores before weakens the allowance for where pupils started.";
    const char *src = o->rci_source ? o->rci_source : "not recorded";
    size_t len = strlen(src);
    return arena_sprintf(a,
                         "Scores are measured with some error: the test-retest reliability "
                         "used is %.2f, from: %s%s So the allowance for where pupils started "
                         "is not complete: if the two groups started at different levels, "
                         "part of that difference can remain in the result.",
                         o->rci_r, src, len && src[len - 1] == '.' ? "" : ".");
}
