#include "model/la/lacache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/mem.h"
#include "model/access/access.h"
#include "model/register/audit.h"

#define LA_CACHE_ENTRIES 16

struct la_entry {
    bool used;
    char la_code[4];
    int year;
    time_t built;
    struct arena arena; /* holds figures and ids */
    struct la_figures figures;
    int64_t *ids;
    size_t n_ids;
};

struct la_cache {
    pthread_mutex_t lock;
    unsigned ttl;
    struct la_entry entries[LA_CACHE_ENTRIES];
};

struct la_cache *la_cache_new(unsigned ttl_seconds)
{
    struct la_cache *c = mem_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        mem_free(c);
        return NULL;
    }
    c->ttl = ttl_seconds;
    return c;
}

void la_cache_free(struct la_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < LA_CACHE_ENTRIES; i++)
        if (c->entries[i].used)
            arena_release(&c->entries[i].arena);
    pthread_mutex_destroy(&c->lock);
    mem_free(c);
}

static const char *dup(struct arena *a, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    const char *d = arena_strdup(a, s);
    *ok &= d != NULL;
    return d;
}

/* A deep copy of f into a (everything f points to). False when memory ran out. */
static bool copy(struct arena *a, const struct la_figures *f, struct la_figures *out)
{
    bool ok = true;
    *out = *f;
    out->la_code = dup(a, f->la_code, &ok);
    out->schools = arena_alloc(a, (f->n ? f->n : 1) * sizeof *out->schools);
    out->components =
        arena_alloc(a, (f->n_components ? f->n_components : 1) * sizeof *out->components);
    if (!out->schools || !out->components)
        return false;
    for (size_t i = 0; i < f->n_components; i++) {
        out->components[i].framework = dup(a, f->components[i].framework, &ok);
        out->components[i].key = dup(a, f->components[i].key, &ok);
        out->components[i].name = dup(a, f->components[i].name, &ok);
    }
    for (size_t b = 0; b < LA_BANDS; b++)
        out->band_names[b] = dup(a, f->band_names[b], &ok);
    for (size_t i = 0; i < f->n; i++) {
        struct la_school *s = &out->schools[i];
        *s = f->schools[i];
        s->urn = dup(a, s->urn, &ok);
        s->name = dup(a, s->name, &ok);
        if (f->schools[i].gap) {
            s->gap = arena_alloc(a, f->n_components ? f->n_components : 1);
            if (!s->gap)
                return false;
            memcpy(s->gap, f->schools[i].gap, f->n_components);
        }
    }
    out->total.gap = NULL;
    return ok;
}

static bool same_ids(const struct la_entry *en, const int64_t *ids, size_t n)
{
    return en->n_ids == n && (n == 0 || memcmp(en->ids, ids, n * sizeof *ids) == 0);
}

static int audit_view(struct db *db, const struct principal *p, const char *address,
                      const struct la_figures *f, struct err *e)
{
    char detail[96];
    snprintf(detail, sizeof detail, "the LA view of LA %s, %d: %zu schools (kept figures)",
             f->la_code, f->year, f->n);
    struct audit_entry au = { .actor = p->actor ? p->actor : "unknown",
                              .action = "report",
                              .entity = "la",
                              .detail = detail,
                              .address = address };
    return audit_log(db, &au, e);
}

/* Put a copy of f (built from ids) in c, replacing the entry for its key or
 * the oldest. Memory running out only loses the entry. */
static void put(struct la_cache *c, const struct la_figures *f, const int64_t *ids, size_t n)
{
    struct arena fresh;
    arena_init(&fresh, 0);
    struct la_figures cp;
    int64_t *id_copy = arena_alloc(&fresh, (n ? n : 1) * sizeof *ids);
    if (!id_copy || !copy(&fresh, f, &cp)) {
        arena_release(&fresh);
        return;
    }
    memcpy(id_copy, ids, n * sizeof *ids);
    pthread_mutex_lock(&c->lock);
    struct la_entry *slot = NULL;
    for (size_t i = 0; i < LA_CACHE_ENTRIES && !slot; i++)
        if (c->entries[i].used && c->entries[i].year == f->year &&
            !strcmp(c->entries[i].la_code, f->la_code))
            slot = &c->entries[i];
    for (size_t i = 0; i < LA_CACHE_ENTRIES && !slot; i++)
        if (!c->entries[i].used)
            slot = &c->entries[i];
    if (!slot) {
        slot = &c->entries[0];
        for (size_t i = 1; i < LA_CACHE_ENTRIES; i++)
            if (c->entries[i].built < slot->built)
                slot = &c->entries[i];
    }
    if (slot->used)
        arena_release(&slot->arena);
    slot->used = true;
    snprintf(slot->la_code, sizeof slot->la_code, "%s", f->la_code);
    slot->year = f->year;
    slot->built = time(NULL);
    slot->arena = fresh; /* the arena's blocks move with it */
    slot->figures = cp;
    slot->ids = id_copy;
    slot->n_ids = n;
    pthread_mutex_unlock(&c->lock);
}

int la_figures_get(struct db *db, struct arena *a, struct la_cache *c, const struct principal *p,
                   int year, const char *address, struct la_figures *out, bool *cached,
                   struct err *e)
{
    *cached = false;
    if (!c)
        return la_figures_build(db, a, p, year, address, out, e);
    int64_t *ids;
    size_t n;
    int rc = la_sharing_ids(db, a, p, &ids, &n, e);
    if (rc)
        return rc;
    time_t now = time(NULL);
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < LA_CACHE_ENTRIES; i++) {
        struct la_entry *en = &c->entries[i];
        if (en->used && en->year == year && !strcmp(en->la_code, p->la_code) &&
            now - en->built < (time_t)c->ttl && now >= en->built && same_ids(en, ids, n)) {
            *cached = copy(a, &en->figures, out);
            break;
        }
    }
    pthread_mutex_unlock(&c->lock);
    if (*cached)
        return audit_view(db, p, address, out, e);
    if ((rc = la_figures_build(db, a, p, year, address, out, e)))
        return rc;
    put(c, out, ids, n);
    return 0;
}
