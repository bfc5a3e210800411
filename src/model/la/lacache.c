#include "model/la/lacache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/mem.h"
#include "model/access/access.h"

#define LA_CACHE_ENTRIES 16   /* LAs' assembled figures */
#define LA_CACHE_SCHOOLS 4096 /* schools' figures: a national service's worth */

/* An LA's assembled figures and what they were assembled from. */
struct la_entry {
    bool used;
    char la_code[4];
    int year;
    long day;
    size_t n_rows; /* the LA's schools, sharing or not */
    int64_t *key;  /* (id, version) of each school shown */
    size_t n_key;
    unsigned long tick; /* when last used, for replacing the oldest */
    struct arena arena; /* holds figures and key */
    struct la_figures figures;
};

/* One school's figures before suppression. */
struct la_school_entry {
    int64_t id, version;
    int year;
    long day;
    unsigned long tick;
    struct arena arena;
    struct la_school_raw raw;
};

struct la_cache {
    pthread_mutex_t lock;  /* entries */
    pthread_mutex_t build; /* one builder at a time; it alone touches schools */
    unsigned long tick;
    struct la_entry entries[LA_CACHE_ENTRIES];
    struct la_school_entry **schools; /* each its own allocation: they never move */
    size_t n_schools, cap_schools;
};

struct la_cache *la_cache_new(void)
{
    struct la_cache *c = mem_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        mem_free(c);
        return NULL;
    }
    if (pthread_mutex_init(&c->build, NULL) != 0) {
        pthread_mutex_destroy(&c->lock);
        mem_free(c);
        return NULL;
    }
    return c;
}

void la_cache_free(struct la_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < LA_CACHE_ENTRIES; i++)
        if (c->entries[i].used)
            arena_release(&c->entries[i].arena);
    for (size_t i = 0; i < c->n_schools; i++) {
        arena_release(&c->schools[i]->arena);
        mem_free(c->schools[i]);
    }
    mem_free(c->schools);
    pthread_mutex_destroy(&c->build);
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

static bool entry_fits(const struct la_entry *en, const char *la_code, int year, long day,
                       size_t n_rows, const int64_t *key, size_t n_key)
{
    return en->used && en->year == year && en->day == day && !strcmp(en->la_code, la_code) &&
           en->n_rows == n_rows && en->n_key == n_key &&
           (n_key == 0 || memcmp(en->key, key, n_key * sizeof *key) == 0);
}

/* The LA's figures when kept and still true, copied into a. */
static bool find_la(struct la_cache *c, struct arena *a, const char *la_code, int year, long day,
                    size_t n_rows, const int64_t *key, size_t n_key, struct la_figures *out)
{
    bool found = false;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < LA_CACHE_ENTRIES && !found; i++) {
        struct la_entry *en = &c->entries[i];
        if (entry_fits(en, la_code, year, day, n_rows, key, n_key)) {
            en->tick = ++c->tick;
            found = copy(a, &en->figures, out);
        }
    }
    pthread_mutex_unlock(&c->lock);
    return found;
}

/* Keep a copy of f, replacing the entry for its LA and year or the oldest.
 * Memory running out only loses the entry. */
static void put_la(struct la_cache *c, const struct la_figures *f, long day, size_t n_rows,
                   const int64_t *key, size_t n_key)
{
    struct arena fresh;
    arena_init(&fresh, 0);
    struct la_figures cp;
    int64_t *key_copy = arena_alloc(&fresh, (n_key ? n_key : 1) * sizeof *key);
    if (!key_copy || !copy(&fresh, f, &cp)) {
        arena_release(&fresh);
        return;
    }
    if (n_key)
        memcpy(key_copy, key, n_key * sizeof *key);
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
            if (c->entries[i].tick < slot->tick)
                slot = &c->entries[i];
    }
    if (slot->used)
        arena_release(&slot->arena);
    *slot = (struct la_entry){ .used = true,
                               .year = f->year,
                               .day = day,
                               .n_rows = n_rows,
                               .key = key_copy,
                               .n_key = n_key,
                               .tick = ++c->tick,
                               .arena = fresh, /* the arena's blocks move with it */
                               .figures = cp };
    snprintf(slot->la_code, sizeof slot->la_code, "%s", f->la_code);
    pthread_mutex_unlock(&c->lock);
}

/* The school's kept entry for the year (any version), or where to put one:
 * a free slot, else the least recently used. NULL when memory runs out.
 * Called with c->build held. */
static struct la_school_entry *school_slot(struct la_cache *c, int64_t id, int year, bool *found)
{
    *found = false;
    for (size_t i = 0; i < c->n_schools; i++)
        if (c->schools[i]->id == id && c->schools[i]->year == year) {
            *found = true;
            return c->schools[i];
        }
    if (c->n_schools == c->cap_schools && c->cap_schools < LA_CACHE_SCHOOLS) {
        size_t cap = c->cap_schools ? 2 * c->cap_schools : 128;
        struct la_school_entry **m = mem_realloc(c->schools, cap * sizeof *m);
        if (!m)
            return NULL;
        c->schools = m;
        c->cap_schools = cap;
    }
    if (c->n_schools < c->cap_schools) {
        struct la_school_entry *en = mem_calloc(1, sizeof *en);
        if (en)
            c->schools[c->n_schools++] = en;
        return en;
    }
    struct la_school_entry *old = c->schools[0];
    for (size_t i = 1; i < c->n_schools; i++)
        if (c->schools[i]->tick < old->tick)
            old = c->schools[i];
    *found = true; /* its arena is released below, like a stale entry's */
    old->version = -1;
    return old;
}

/* The school's figures, kept when its version and the day match, else
 * built afresh and kept. Called with c->build held; the result lives in
 * the cache until the next build. */
static int school_raw(struct la_cache *c, struct db *db, const struct la_row *row, int year,
                      long day, const struct la_school_raw **out, size_t *rebuilt, struct err *e)
{
    bool found;
    struct la_school_entry *en = school_slot(c, row->id, year, &found);
    if (!en)
        return err_set(e, ERR_NOMEM, "out of memory");
    if (found && en->version == row->version && en->day == day) {
        en->tick = ++c->tick;
        *out = &en->raw;
        return 0;
    }
    if (found)
        arena_release(&en->arena);
    *en = (struct la_school_entry){
        .id = row->id, .version = row->version, .year = year, .day = day, .tick = ++c->tick
    };
    arena_init(&en->arena, 0);
    int rc = la_school_build(db, &en->arena, row, year, &en->raw, e);
    if (rc) {
        en->version = -1; /* never matches: built again next time */
        return rc;
    }
    (*rebuilt)++;
    *out = &en->raw;
    return 0;
}

/* Build what is not kept, assemble, and keep the result; with c->build
 * held. out is copied into a whole (the schools' entries may go once the
 * lock is let go). */
static int assemble(struct la_cache *c, struct db *db, struct arena *a, const struct principal *p,
                    int year, long day, const struct la_row *rows, size_t n_rows,
                    const int64_t *key, size_t n_key, struct la_figures *out, size_t *rebuilt,
                    struct err *e)
{
    const struct la_school_raw **raws = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof *raws);
    if (!raws)
        return err_set(e, ERR_NOMEM, "out of memory");
    int rc = 0;
    size_t k = 0;
    for (size_t i = 0; rc == 0 && i < n_rows; i++)
        if (la_row_seen(p, &rows[i]))
            rc = school_raw(c, db, &rows[i], year, day, &raws[k++], rebuilt, e);
    struct la_figures f;
    if (rc == 0)
        rc = la_figures_assemble(a, p, year, rows, n_rows, raws, &f, e);
    if (rc)
        return rc;
    if (!copy(a, &f, out))
        return err_set(e, ERR_NOMEM, "out of memory");
    put_la(c, out, day, n_rows, key, n_key);
    return 0;
}

int la_figures_get(struct db *db, struct arena *a, struct la_cache *c, const struct principal *p,
                   int year, const char *address, struct la_figures *out, bool *cached,
                   size_t *rebuilt, struct err *e)
{
    size_t n_built = 0;
    *cached = false;
    if (rebuilt)
        *rebuilt = 0;
    if (!c)
        return la_figures_build(db, a, p, year, address, out, e);
    struct la_row *rows;
    size_t n_rows;
    int rc = la_school_rows(db, a, p, &rows, &n_rows, e);
    if (rc)
        return rc;
    int64_t *key = arena_alloc(a, (2 * n_rows + 1) * sizeof *key);
    if (!key)
        return err_set(e, ERR_NOMEM, "out of memory");
    size_t n_key = 0;
    for (size_t i = 0; i < n_rows; i++)
        if (la_row_seen(p, &rows[i])) {
            key[n_key++] = rows[i].id;
            key[n_key++] = rows[i].version;
        }
    long day = date_to_days(date_today());
    *cached = find_la(c, a, p->la_code, year, day, n_rows, key, n_key, out);
    if (!*cached) {
        pthread_mutex_lock(&c->build);
        /* Another thread may have built them while this one waited. */
        *cached = find_la(c, a, p->la_code, year, day, n_rows, key, n_key, out);
        if (!*cached)
            rc = assemble(c, db, a, p, year, day, rows, n_rows, key, n_key, out, &n_built, e);
        pthread_mutex_unlock(&c->build);
    }
    if (rebuilt)
        *rebuilt = n_built;
    return rc ? rc : la_figures_audit(db, p, address, out, e);
}
