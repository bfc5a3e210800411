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
