/* lacache.h - the LA view's figures kept between requests (issue 16: a page
 * over 100 schools cannot build 100 schools' reports on every request).
 *
 * Two levels, both checked against the database on every request by one
 * query (the LA's schools with their data versions, school.data_version,
 * which every audited change raises in its own transaction):
 *   - each school's figures before suppression (la_school_raw), kept while
 *     the school's version, the school year asked for and the day (the
 *     figures count "due by today") are those they were built from;
 *   - each LA's assembled, suppressed figures, kept while the schools
 *     sharing, their versions, the number not sharing and the day are
 *     those they were assembled from.
 * So a change shows on the next request, a lead who stops (or starts)
 * sharing takes effect at once, and a request after a change rebuilds only
 * the schools that changed. One thread builds at a time (the others wait
 * for it, then find its figures), so many requests arriving together never
 * build the same figures many times. The figures hold counts only (no
 * child), already suppressed. Safe to share between threads; NULL cache:
 * no caching. */
#ifndef MESO_LACACHE_H
#define MESO_LACACHE_H

#include "model/la/lafigures.h"

struct la_cache;

/* An empty cache; NULL when memory runs out. */
struct la_cache *la_cache_new(void);
void la_cache_free(struct la_cache *c);

/* la_figures_build through the cache c (NULL: straight through). *cached
 * says whether the LA's figures came from it whole; *rebuilt (may be NULL)
 * how many schools' figures were built for this request. Results in a.
 * Audited: one row for the view (la_figures_audit), however built. */
int la_figures_get(struct db *db, struct arena *a, struct la_cache *c, const struct principal *p,
                   int year, const char *address, struct la_figures *out, bool *cached,
                   size_t *rebuilt, struct err *e);

#endif
