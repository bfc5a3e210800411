#include "model/register/misname.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/pupil.h"

void misname_key(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    for (; s && *s && o + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&') {
            for (const char *w = "and"; *w && o + 1 < cap; w++)
                out[o++] = *w;
        } else if (isalnum(c) || c >= 0x80) {
            out[o++] = (char)tolower(c);
        }
    }
    out[o] = '\0';
}

int misnames_load(struct db *db, struct arena *a, struct misnames *out, struct err *e)
{
    out->items = NULL;
    out->n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT kind, name, code FROM mis_name ORDER BY kind, name", e);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct misname *m = arena_push(a, &out->items, &out->n, &cap, sizeof *m);
        char key[128];
        misname_key(key, sizeof key, db_col_text(st, 1));
        if (!m || !(m->kind = arena_strdup(a, db_col_text(st, 0))) ||
            !(m->name = arena_strdup(a, db_col_text(st, 1))) ||
            !(m->code = arena_strdup(a, db_col_text(st, 2))) || !(m->key = arena_strdup(a, key))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static const char *lookup(const struct misnames *m, const char *kind, const char *s)
{
    char key[128];
    misname_key(key, sizeof key, s);
    for (size_t i = 0; m && i < m->n; i++)
        if (!strcmp(m->items[i].kind, kind) && !strcmp(m->items[i].key, key))
            return m->items[i].code;
    return NULL;
}

int misnames_need(const struct misnames *m, const char *s, char out[5], char *why, size_t cap)
{
    const char *code = lookup(m, "need", s);
    if (code) {
        str_copy(out, 5, code);
        return 0;
    }
    if (pupil_parse_need(s, out, why, cap) == 0)
        return 0;
    /* "Social, Emotional and Mental Health (SEMH)" */
    const char *open = strrchr(s, '('), *close = open ? strchr(open, ')') : NULL;
    if (open && close && close - open > 1 && close - open < 8) {
        char inner[8];
        memcpy(inner, open + 1, (size_t)(close - open - 1));
        inner[close - open - 1] = '\0';
        if (pupil_parse_need(inner, out, why, cap) == 0 && *out)
            return 0;
    }
    /* "SEMH - Social, Emotional and Mental Health", "ASD: Autism" */
    size_t n = strcspn(s, " -:");
    if (n > 0 && n < 6 && s[n]) {
        char lead[8];
        memcpy(lead, s, n);
        lead[n] = '\0';
        if (pupil_parse_need(lead, out, why, cap) == 0 && *out)
            return 0;
    }
    snprintf(why, cap,
             "'%.60s' is not a census need; use a code (SPLD, MLD, SLD, PMLD, SEMH, SLCN, ASD, HI, "
             "VI, MSI, PD, OTH, NSA) or its census description, such as \"Social, Emotional and "
             "Mental Health\"",
             s);
    return ERR_INPUT;
}

int misnames_sen(const struct misnames *m, const char *s, char out[2], char *why, size_t cap)
{
    const char *code = lookup(m, "sen", s);
    if (code) {
        str_copy(out, 2, code);
        return 0;
    }
    if (pupil_parse_sen(s, out, why, cap) == 0)
        return 0;
    snprintf(why, cap,
             "'%.60s' is not an SEN provision; use N (No Special Educational Need), K (SEN "
             "Support) or E (Education, Health and Care Plan)",
             s);
    return ERR_INPUT;
}
