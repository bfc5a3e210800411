/* lafigures.h - a local authority's view across its schools (issue 16):
 * each school's figures side by side, from the figure functions each
 * school's own pages use (the conversations report, the provision map, the
 * programme reports, the screening summary), never re-derived; only for
 * the schools of the LA whose leads agreed to share (access.h:
 * access_la_sees_school decides); no child named; every count of 1 to 4
 * suppressed, with secondary suppression so that no total gives one away
 * (stats/suppress.h).
 *
 * Tables and their totals (what secondary suppression protects):
 *   conversations  pupils in scope by planned conversations held: 0 or 1,
 *                  2, 3 or more; row total = pupils in scope; LA totals.
 *   programmes     families enrolled, completed, children with scores before
 *                  and after, children reliably improved; LA totals.
 *   screening      children screened by band of the teacher SDQ's total
 *                  (latest in the year); row total = screened; LA totals.
 * A mean or share is shown only when the count beneath it is shown and the
 * school has 5 or more pupils in scope (else null, "fewer than 5"). */
#ifndef MESO_LAFIGURES_H
#define MESO_LAFIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct principal;

#define LA_BANDS 4 /* the SDQ's four bands, close to average to very high */
#define LA_HELD  3 /* planned conversations held: 0 or 1, 2, 3 or more */

struct la_count {
    long n;
    bool hidden; /* suppressed: show SUPPRESS_WORDS, never n */
};

struct la_component {
    const char *framework, *key, *name;
};

struct la_school {
    int64_t id;
    const char *urn, *name;
    /* Structured conversations in the school year. */
    struct la_count in_scope, held[LA_HELD];
    double mean_fidelity;                 /* 0-1; -1 none or hidden */
    double reviews_with_parent_per_pupil; /* -1 none or hidden */
    double positive_contact_share;        /* 0-1; -1 none or hidden */
    double progress_methods_mean;         /* range of methods; -1 none or hidden */
    /* Programmes run from a template (FAST, Story Links). */
    long cohorts;
    struct la_count enrolled, completed, with_scores, improved;
    /* The provision map: gap[i] for la_figures.components[i]; -1 when the
     * school has not chosen that component's framework. */
    signed char *gap;
    int n_gaps;
    /* Screening. */
    struct la_count screened, bands[LA_BANDS];
};

struct la_figures {
    const char *la_code;
    int year;
    struct la_school *schools; /* those sharing, by name */
    size_t n;
    size_t not_sharing;              /* schools of the LA whose leads have not agreed */
    struct la_component *components; /* every framework component any of them chose */
    size_t n_components;
    const char *band_names[LA_BANDS];
    struct la_school total; /* the LA's totals (counts only; means over the schools' pupils) */
};

/* One school of an LA as listed: whether it shares, and its data version
 * (school.data_version: raised with every audited change of its records). */
struct la_row {
    int64_t id;
    const char *urn, *name, *la_code;
    int64_t version;
    bool share;
};

/* One school's figures before suppression (what lacache keeps per school):
 * the counts and means of s (gap NULL, nothing hidden), the framework
 * components the school chose with whether each is a gap, and the names of
 * the screening bands it found. */
struct la_school_comp {
    const char *framework, *key, *name;
    bool gap;
};
struct la_school_raw {
    struct la_school s;
    struct la_school_comp *comps;
    size_t n_comps;
    const char *band_names[LA_BANDS];
};

/* The schools of p's LA (sharing or not), by name, with their versions.
 * ERR_DENIED for a principal not of an LA. */
int la_school_rows(struct db *db, struct arena *a, const struct principal *p, struct la_row **rows,
                   size_t *n, struct err *e);

/* Whether p sees row's figures (its LA's, sharing: access_la_sees_school). */
bool la_row_seen(const struct principal *p, const struct la_row *row);

/* One school's figures for school year year, from the school's own report
 * functions, into a (its reports are built in a scratch arena). Not
 * audited: the caller writes the LA view's one row (la_figures_audit). */
int la_school_build(struct db *db, struct arena *a, const struct la_row *row, int year,
                    struct la_school_raw *out, struct err *e);

/* The LA view from rows (la_school_rows) and, for each row p sees, in
 * order, its figures raws[k]: components gathered, gaps placed, totals and
 * suppression. raws are copied, never changed. Results in a. */
int la_figures_assemble(struct arena *a, const struct principal *p, int year,
                        const struct la_row *rows, size_t n_rows,
                        const struct la_school_raw *const *raws, struct la_figures *out,
                        struct err *e);

/* The view's one audit row: p's actor, "report" of "la", naming the LA, the
 * year and the URN of every school shown. */
int la_figures_audit(struct db *db, const struct principal *p, const char *address,
                     const struct la_figures *f, struct err *e);

/* The figures for p's LA in school year year (p must be an LA principal:
 * otherwise ERR_DENIED), built afresh. Audited once (la_figures_audit). */
int la_figures_build(struct db *db, struct arena *a, const struct principal *p, int year,
                     const char *address, struct la_figures *out, struct err *e);

/* Suppress f's counts (stats/suppress.h) and hide the means of small
 * schools. la_figures_build calls it; exposed for the unit test. Pure. */
int la_figures_suppress(struct arena *a, struct la_figures *f);

/* Sort f->schools by column key (la_sort_keys), descending when desc; a
 * hidden count or a mean with no value sorts as -1, ties by name. Unknown
 * keys sort by name. 0, or ERR_NOMEM. */
extern const char *const la_sort_keys[];
int la_figures_sort(struct arena *a, struct la_figures *f, const char *key, bool desc);

#endif
