#include "model/measures/measure.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "score/builtin.h"
#include "score/instrument_file.h"

static int audit(struct db *db, const struct audit_entry *who, const char *action,
                 const char *entity, int64_t school_id, const char *detail, struct err *e)
{
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .address = who ? who->address : NULL,
                              .action = action,
                              .entity = entity,
                              .school_id = school_id,
                              .detail = detail };
    return audit_log(db, &au, e);
}

int measure_find(struct db *db, struct arena *a, int64_t school_id, const char *key,
                 const struct instrument **out, struct err *e)
{
    *out = instrument_builtin(key);
    if (*out)
        return 0;
    if (!key || !instrument_valid_name(key))
        return err_set(e, ERR_NOTFOUND, "there is no measure called '%s'", key ? key : "");
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st,
                   "SELECT definition FROM measure_definition WHERE school_id = ?1 AND key = ?2"
                   " ORDER BY id DESC LIMIT 1",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, key);
    rc = db_step(st, e);
    char *text = rc == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : NULL;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc != DB_ROW)
        return err_set(e, ERR_NOTFOUND, "there is no measure called '%s'", key);
    if (!text)
        return err_set(e, ERR_NOMEM, "out of memory");
    return instrument_parse(a, key, text, strlen(text), out, e);
}

int measure_parse_informant(const char *s, const char **out, char *why, size_t cap)
{
    static const struct {
        const char *name, *informant;
    } names[] = {
        { "parent", "parent" },
        { "carer", "parent" },
        { "parentcarer", "parent" },
        { "parent/carer", "parent" },
        { "parentorcarer", "parent" },
        { "mother", "parent" },
        { "father", "parent" },
        { "p", "parent" },
        { "teacher", "teacher" },
        { "school", "teacher" },
        { "t", "teacher" },
        { "self", "self" },
        { "selfreport", "self" },
        { "pupil", "self" },
        { "child", "self" },
        { "youngperson", "self" },
        { "s", "self" },
    };
    char k[32];
    str_key(k, sizeof k, s ? s : "");
    for (size_t i = 0; *k && i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(k, names[i].name)) {
            *out = names[i].informant;
            return 0;
        }
    snprintf(why, cap, "'%.40s' is not an informant; use parent, teacher or self", s ? s : "");
    return ERR_INPUT;
}

const char *measure_informant_label(const char *informant)
{
    if (!informant)
        return "";
    if (!strcmp(informant, "parent"))
        return "Parent or carer";
    if (!strcmp(informant, "teacher"))
        return "Teacher";
    if (!strcmp(informant, "self"))
        return "The child (self-report)";
    return informant;
}

const char *measure_short_name(struct arena *a, const struct instrument *in)
{
    if (!strncmp(in->key, "sdq-", 4)) {
        const char *who = !strcmp(in->informant, "self") ? "self-report" : in->informant;
        const char *s = strstr(in->key, "-2-4") ? arena_sprintf(a, "SDQ (%s, ages 2-4)", who)
                                                : arena_sprintf(a, "SDQ (%s)", who);
        return s ? s : in->title;
    }
    return in->title;
}

const char *measure_score_label(const char *score)
{
    static const struct {
        const char *name, *label;
    } labels[] = {
        { "emotional", "Emotional" },
        { "conduct", "Conduct" },
        { "hyperactivity", "Hyperactivity and attention" },
        { "peer", "Peer relationships" },
        { "prosocial", "Kind and helpful (prosocial)" },
        { "total", "Total difficulties" },
        { "externalising", "Externalising" },
        { "internalising", "Internalising" },
        { "impact", "Impact" },
        { "behavioural", "Behavioural" },
    };
    for (size_t i = 0; score && i < sizeof labels / sizeof labels[0]; i++)
        if (!strcmp(score, labels[i].name))
            return labels[i].label;
    return score ? score : "";
}

const char *measure_spoken_name(struct arena *a, const struct instrument *in, const char *key,
                                const char *score)
{
    if (!in && key)
        in = instrument_builtin(key);
    const char *name;
    if (in && !strncmp(in->key, "sdq-", 4)) {
        const char *who = !strcmp(in->informant, "self") ? "self-report" : in->informant;
        name = strstr(in->key, "-2-4") ? arena_sprintf(a, "SDQ, %s, ages 2-4", who)
                                       : arena_sprintf(a, "SDQ, %s", who);
    } else {
        name = in ? in->title : key ? key : "";
    }
    if (!name)
        return "";
    if (!score || !*score)
        return name;
    /* The score's plain name, in lower case after the comma. */
    const char *label = measure_score_label(score);
    char *low = arena_strdup(a, label);
    if (low && low[0] >= 'A' && low[0] <= 'Z')
        low[0] = (char)(low[0] - 'A' + 'a');
    const char *s = arena_sprintf(a, "%s, %s", name, low ? low : label);
    return s ? s : "";
}

int measure_resolve(struct db *db, struct arena *a, int64_t school_id, const char *measure,
                    const char *informant, int age_years, const struct instrument **out, char *why,
                    size_t cap)
{
    char k[64];
    str_key(k, sizeof k, measure ? measure : "");
    struct err e;
    err_clear(&e);
    int rc;
    if (!*k || !strcmp(k, "sdq")) {
        if (!informant || !*informant) {
            snprintf(why, cap, "say who answered the SDQ: parent, teacher or self");
            return ERR_INPUT;
        }
        if ((rc = instrument_sdq_form(informant, age_years, out, &e))) {
            snprintf(why, cap, "%s", e.msg);
            return rc;
        }
        return 0;
    }
    const char *key = measure;
    if (!strcmp(k, "mmf") || !strcmp(k, "meandmyfeelings"))
        key = "mmf";
    char lower[INSTRUMENT_NAME_MAX + 1];
    size_t n = strlen(key);
    if (n > INSTRUMENT_NAME_MAX) {
        snprintf(why, cap, "'%.40s...' is not a measure meso knows", key);
        return ERR_NOTFOUND;
    }
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)(key[i] >= 'A' && key[i] <= 'Z' ? key[i] + 32 : key[i]);
    rc = measure_find(db, a, school_id, lower, out, &e);
    if (rc == ERR_NOTFOUND) {
        snprintf(why, cap,
                 "'%.40s' is not a measure meso knows; use sdq, mmf or the key of one of the "
                 "school's own measures",
                 measure);
        return rc;
    }
    if (rc) {
        snprintf(why, cap, "%s", e.msg);
        return rc;
    }
    const struct instrument *in = *out;
    if (informant && *informant && strcmp(in->informant, "any") != 0 &&
        strcmp(in->informant, informant) != 0) {
        snprintf(why, cap, "%s is answered by the %s, not the %s", in->title, in->informant,
                 informant);
        return ERR_INPUT;
    }
    if ((in->age_min >= 0 && age_years < in->age_min) ||
        (in->age_max >= 0 && age_years > in->age_max)) {
        if (in->age_max >= 0)
            snprintf(why, cap, "%s is for ages %d to %d; the child was %d", in->title, in->age_min,
                     in->age_max, age_years);
        else
            snprintf(why, cap, "%s is for ages %d and over; the child was %d", in->title,
                     in->age_min, age_years);
        return ERR_INPUT;
    }
    return 0;
}

/* ---- a school's own definitions ----------------------------------------- */

int measure_add(struct db *db, struct arena *a, const struct audit_entry *who, int64_t school_id,
                const char *name, const char *text, size_t len, const struct instrument **out,
                bool *added, struct err *e)
{
    *added = false;
    int rc = instrument_parse(a, name, text, len, out, e);
    if (rc)
        return rc;
    const struct instrument *in = *out;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "SELECT definition FROM measure_definition"
                         " WHERE school_id = ?1 AND key = ?2 AND version = ?3",
                         e)))
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, in->key);
    db_bind_text(st, 3, in->version);
    rc = db_step(st, e);
    bool same = rc == DB_ROW && strlen(db_col_text(st, 0)) == len &&
                memcmp(db_col_text(st, 0), text, len) == 0;
    bool exists = rc == DB_ROW;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (exists && same)
        return 0;
    if (exists)
        return err_set(e, ERR_CONFLICT,
                       "%s: version %s of %s is already stored with different rules; give the "
                       "changed definition a new version",
                       name, in->version, in->key);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    char *copy = arena_strndup(a, text, len);
    if (!copy)
        return err_set(e, ERR_NOMEM, "out of memory");
    if ((rc = db_begin(db, e)))
        return rc;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO measure_definition (school_id, key, version, title,"
                         " definition, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         e)) == 0) {
        db_bind_int(st, 1, school_id);
        db_bind_text(st, 2, in->key);
        db_bind_text(st, 3, in->version);
        db_bind_text(st, 4, in->title);
        db_bind_text(st, 5, copy);
        db_bind_text(st, 6, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 7, now);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit(db, who, "create", "measure", school_id,
                   arena_sprintf(a, "measure %s version %s", in->key, in->version), e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    if ((rc = db_commit(db, e)))
        return rc;
    *added = true;
    return 0;
}

int measure_list_definitions(struct db *db, struct arena *a, int64_t school_id,
                             struct measure_definition_row **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT key, version, title, added_by, added_at FROM measure_definition"
                        " WHERE school_id = ?1 ORDER BY key, id DESC",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct measure_definition_row *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->key = arena_strdup(a, db_col_text(st, 0));
        r->version = arena_strdup(a, db_col_text(st, 1));
        r->title = arena_strdup(a, db_col_text(st, 2));
        r->added_by = arena_strdup(a, db_col_text(st, 3));
        r->added_at = arena_strdup(a, db_col_text(st, 4));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- reliability -------------------------------------------------------- */

static bool has_score(const struct instrument *in, const char *score)
{
    int lo, hi;
    return instrument_score_range(in, score, &lo, &hi);
}

int measure_reliability_set(struct db *db, struct arena *a, const struct audit_entry *who,
                            int64_t school_id, const char *instrument, const char *score,
                            double retest_r, double sd, const char *source, struct err *e)
{
    const struct instrument *in;
    int rc = measure_find(db, a, school_id, instrument, &in, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_INPUT, "there is no measure called '%s'", instrument);
    if (rc)
        return rc;
    if (!score || !has_score(in, score))
        return err_set(e, ERR_INPUT, "%s has no score called '%s'", in->title, score ? score : "");
    if (!isfinite(retest_r) || retest_r < 0 || retest_r >= 1)
        return err_set(e, ERR_INPUT,
                       "the test-retest reliability must be at least 0 and below 1 (got %g)",
                       retest_r);
    if (!isfinite(sd) || sd <= 0)
        return err_set(e, ERR_INPUT, "the standard deviation must be above 0 (got %g)", sd);
    if (!source || str_blank(source) || strlen(source) > 500)
        return err_set(e, ERR_INPUT,
                       "say where the figures come from (a source of 1 to 500 characters)");
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    if ((rc =
             db_prepare(db, &st,
                        "INSERT INTO measure_reliability (school_id, instrument, score,"
                        " retest_r, sd, source, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                        " ?7, ?8) ON CONFLICT (school_id, instrument, score) DO UPDATE SET"
                        " retest_r = excluded.retest_r, sd = excluded.sd, source = excluded.source,"
                        " set_by = excluded.set_by, set_at = excluded.set_at",
                        e)) == 0) {
        db_bind_int(st, 1, school_id);
        db_bind_text(st, 2, in->key);
        db_bind_text(st, 3, score);
        db_bind_double(st, 4, retest_r);
        db_bind_double(st, 5, sd);
        db_bind_text(st, 6, source);
        db_bind_text(st, 7, who && who->actor ? who->actor : "unknown");
        db_bind_text(st, 8, now);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = audit(
            db, who, "update", "reliability", school_id,
            arena_sprintf(a, "%s %s: r %g, SD %g (%s)", in->key, score, retest_r, sd, source), e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}

static void read_reliability(struct arena *a, struct db_stmt *st, struct measure_reliability *r)
{
    r->instrument = arena_strdup(a, db_col_text(st, 0));
    r->score = arena_strdup(a, db_col_text(st, 1));
    r->retest_r = db_col_double(st, 2);
    r->sd = db_col_double(st, 3);
    r->source = arena_strdup(a, db_col_text(st, 4));
    r->set_by = arena_strdup(a, db_col_text(st, 5));
    r->set_at = arena_strdup(a, db_col_text(st, 6));
}

int measure_reliability_get(struct db *db, struct arena *a, int64_t school_id,
                            const struct instrument *in, const char *score,
                            struct measure_reliability *out, bool *found, struct err *e)
{
    *found = false;
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT instrument, score, retest_r, sd, source, set_by, set_at"
                        " FROM measure_reliability WHERE school_id = ?1 AND instrument = ?2"
                        " AND score = ?3",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, in->key);
    db_bind_text(st, 3, score);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        read_reliability(a, st, out);
        *found = true;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (*found)
        return 0;
    const struct instrument_reliability *r = instrument_reliability_for(in, score);
    if (r) {
        *out = (struct measure_reliability){ .instrument = in->key,
                                             .score = r->score,
                                             .retest_r = r->retest_r,
                                             .sd = r->sd,
                                             .source = r->source ? r->source : in->title };
        *found = true;
    }
    return 0;
}

int measure_reliability_list(struct db *db, struct arena *a, int64_t school_id,
                             struct measure_reliability **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT instrument, score, retest_r, sd, source, set_by, set_at"
                        " FROM measure_reliability WHERE school_id = ?1 ORDER BY instrument, score",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct measure_reliability *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_reliability(a, st, r);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- bands and direction ------------------------------------------------ */

const struct instrument_bands *measure_bands_for(const struct instrument *in, const char *scheme,
                                                 const char *score)
{
    for (size_t i = 0; scheme && score && i < in->n_bands; i++)
        if (!strcmp(in->bands[i].scheme, scheme) && !strcmp(in->bands[i].score, score))
            return &in->bands[i];
    return NULL;
}

int measure_band_level(const struct instrument *in, const char *scheme, const char *score,
                       int value)
{
    const struct instrument_bands *b = measure_bands_for(in, scheme, score);
    if (!b || value == SCORE_MISSING)
        return -1;
    for (size_t i = 0; i < b->n_bands; i++)
        if (value >= b->bands[i].lo && value <= b->bands[i].hi)
            return (int)i;
    return -1;
}

enum measure_better measure_better_for(const struct instrument *in, const char *score)
{
    for (size_t s = 0; s < in->n_schemes; s++) {
        const struct instrument_bands *b = measure_bands_for(in, in->schemes[s], score);
        if (!b || b->n_bands < 2)
            continue;
        return b->bands[0].lo > b->bands[b->n_bands - 1].lo ? MEASURE_HIGHER_BETTER
                                                            : MEASURE_LOWER_BETTER;
    }
    return MEASURE_UNKNOWN;
}
