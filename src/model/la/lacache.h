/* lacache.h - the LA view's figures kept for a short while (issue 16: a page
 * over 100 schools cannot build 100 schools' reports on every request).
 *
 * One entry per (LA, school year): the figures as built (before sorting),
 * the ids of the schools that shared then, and when. A request takes the
 * entry when it is younger than the cache's time to live AND the schools
 * sharing now are exactly those it was built from, so a lead who stops (or
 * starts) sharing takes effect at once; otherwise it builds afresh and puts
 * the result in. The figures hold counts only (no child), already
 * suppressed. Safe to share between threads; NULL cache: no caching. */
#ifndef MESO_LACACHE_H
#define MESO_LACACHE_H

#include "model/la/lafigures.h"

struct la_cache;

/* How long `meso serve` keeps the LA view's figures. */
#define LA_CACHE_SECONDS 60

/* A cache keeping entries for ttl_seconds; NULL when memory runs out. */
struct la_cache *la_cache_new(unsigned ttl_seconds);
void la_cache_free(struct la_cache *c);

/* la_figures_build through the cache c (NULL: straight through). *cached
 * says whether the figures came from it. Results in a. Audited: the build
 * writes its rows; a cached answer writes one row for the view. */
int la_figures_get(struct db *db, struct arena *a, struct la_cache *c, const struct principal *p,
                   int year, const char *address, struct la_figures *out, bool *cached,
                   struct err *e);

#endif
