#include "model/conversations/convform.h"

#include <stdarg.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"

int convform_parse(struct arena *a, const char *text, size_t len, struct convform_field **out,
                   size_t *n, struct problems *pr)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    long line = 0;
    const char *p = text, *end = text + len;
    struct convform_field *last = NULL;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        line++;
        char *s = arena_strndup(a, p, (size_t)(stop - p));
        p = nl ? nl + 1 : end;
        if (!s)
            return ERR_NOMEM;
        for (char *c = s; *c; c++)
            if (*c == '\r')
                *c = ' ';
        bool cont = s[0] == ' ' || s[0] == '\t';
        str_trim(s);
        if (!s[0] || s[0] == '#')
            continue;
        if (cont && last) {
            char *joined = arena_sprintf(a, "%s\n%s", last->value, s);
            if (!joined)
                return ERR_NOMEM;
            last->value = joined;
            continue;
        }
        char *colon = strchr(s, ':');
        if (!colon || colon == s) {
            long saved = pr->line;
            pr->line = line;
            problems_add(pr, "form", "expected 'key: value' (for example 'concerns: ...')");
            pr->line = saved;
            last = NULL;
            continue;
        }
        *colon = '\0';
        struct convform_field *f = arena_push(a, out, n, &cap, sizeof *f);
        if (!f)
            return ERR_NOMEM;
        f->key = str_trim(s);
        f->value = str_trim(colon + 1);
        f->line = line;
        last = f;
    }
    return 0;
}

enum kind { K_TEXT, K_DATE, K_BOOL, K_IDS, K_STATUS, K_TARGET, K_EMAIL, K_WAY };

static const struct {
    const char *key; /* as str_key() gives it */
    enum kind kind;
    int stage;        /* -1 for none */
    const char *name; /* the record's field name */
} keys[] = {
    { "date", K_DATE, -1, "event_date" },
    { "status", K_STATUS, -1, "status" },
    { "teacher", K_EMAIL, -1, "teacher" },
    { "keyteacher", K_EMAIL, -1, "teacher" },
    { "carers", K_IDS, -1, "carers" },
    { "came", K_IDS, -1, "carers" },
    { "invited", K_IDS, -1, "invited" },
    { "pupilpresent", K_BOOL, -1, "pupil_present" },
    { "others", K_TEXT, -1, "others" },
    { "way", K_WAY, -1, "way" },
    { "held", K_WAY, -1, "way" },
    { "didnotcome", K_BOOL, -1, "did_not_come" },
    { "familyviewsnote", K_TEXT, -1, "family_views_note" },
    { "viewsnotgiven", K_TEXT, -1, "family_views_note" },
    { "goingwell", K_TEXT, STAGE_EXPLORE, "going_well" },
    { "concerns", K_TEXT, STAGE_EXPLORE, "concerns" },
    { "hopes", K_TEXT, STAGE_EXPLORE, "hopes" },
    { "priorities", K_TEXT, STAGE_FOCUS, "priorities" },
    { "focus", K_TEXT, STAGE_FOCUS, "focus_area" },
    { "focusarea", K_TEXT, STAGE_FOCUS, "focus_area" },
    { "areaoffocus", K_TEXT, STAGE_FOCUS, "focus_area" },
    { "agreedtogether", K_BOOL, STAGE_FOCUS, "agreed_together" },
    { "target", K_TARGET, STAGE_PLAN, "target" },
    { "summary", K_TEXT, STAGE_REVIEW, "summary" },
    { "nextsteps", K_TEXT, STAGE_REVIEW, "next_steps" },
    { "nextmeeting", K_DATE, STAGE_REVIEW, "next_meeting" },
    { "keepintouch", K_TEXT, STAGE_REVIEW, "keep_in_touch" },
    { "pupilviews", K_TEXT, -1, "pupil_views" },
    { "viewsnotsought", K_TEXT, -1, "views_not_sought" },
    { "sharedon", K_DATE, -1, "shared_on" },
    { "sharedhow", K_TEXT, -1, "shared_how" },
};

static void problem(struct problems *pr, const struct convform_field *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct problems *pr, const struct convform_field *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vsprintf(pr->arena, fmt, ap);
    va_end(ap);
    long saved = pr->line;
    pr->line = f->line;
    problems_add(pr, f->place ? f->place : f->key, "%s", msg ? msg : "out of memory");
    pr->line = saved;
}

static int parse_ids(struct arena *a, const char *s, int64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    char *copy = arena_strdup(a, s);
    if (!copy)
        return ERR_NOMEM;
    char *p = copy;
    while (*p) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        long long v;
        if (!str_blank(p)) {
            if (str_to_int(p, 1, INT64_MAX, &v) != 0)
                return ERR_INPUT;
            int64_t *slot = arena_push(a, out, n, &cap, sizeof *slot);
            if (!slot)
                return ERR_NOMEM;
            *slot = v;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

/* "WHAT | OWNER | HOW WE WILL KNOW | REVIEW DATE" */
static int parse_target(struct arena *a, const char *s, struct target *t, const char **why)
{
    char *copy = arena_strdup(a, s);
    if (!copy)
        return ERR_NOMEM;
    char *part[4] = { 0 };
    int k = 0;
    for (char *p = copy; k < 4;) {
        part[k++] = p;
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = '\0';
        p = bar + 1;
    }
    for (int i = 0; i < k; i++)
        str_trim(part[i]);
    memset(t, 0, sizeof *t);
    *why = NULL;
    if (k < 2 || str_blank(part[0])) {
        *why = "write the target as WHAT | OWNER | HOW WE WILL KNOW | REVIEW DATE";
        return ERR_INPUT;
    }
    t->what = part[0];
    if (target_parse_owner(part[1], &t->owner) != 0) {
        *why = "say who does it: school, parent or pupil (the part after the first |)";
        return ERR_INPUT;
    }
    t->how_we_know = k > 2 && !str_blank(part[2]) ? part[2] : NULL;
    if (k > 3 && !str_blank(part[3])) {
        struct date d;
        if (date_parse(part[3], &d) != 0) {
            *why = "the review date (the last part) is not a date (YYYY-MM-DD)";
            return ERR_INPUT;
        }
        date_iso(d, t->review_date);
    }
    return 0;
}

static const char **text_slot(struct conversation *c, const char *name)
{
    const char **slots[] = {
        &c->others,           &c->going_well,  &c->concerns,         &c->hopes,
        &c->priorities,       &c->focus_area,  &c->summary,          &c->next_steps,
        &c->keep_in_touch,    &c->pupil_views, &c->views_not_sought, &c->shared_how,
        &c->family_views_note
    };
    static const char *const names[] = {
        "others",           "going_well", "concerns",         "hopes",         "priorities",
        "focus_area",       "summary",    "next_steps",       "keep_in_touch", "pupil_views",
        "views_not_sought", "shared_how", "family_views_note"
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i], name))
            return slots[i];
    return NULL;
}

static char *date_slot(struct conversation *c, const char *name)
{
    return !strcmp(name, "event_date")     ? c->event_date
           : !strcmp(name, "next_meeting") ? c->next_meeting
                                           : c->shared_on;
}

int convform_apply(struct arena *a, const struct convform_field *fs, size_t n,
                   struct conversation *c, struct convform_extra *x, enum conv_stage *order,
                   size_t *n_order, struct problems *pr)
{
    size_t cap_targets = c->n_targets;
    for (size_t i = 0; i < n; i++) {
        const struct convform_field *f = &fs[i];
        char key[40];
        str_key(key, sizeof key, f->key);
        int k = -1;
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
            if (!strcmp(keys[j].key, key))
                k = (int)j;
        if (k < 0) {
            problem(pr, f,
                    "'%s' is not a field of a conversation record (see `meso help "
                    "conversation add`)",
                    f->key);
            continue;
        }
        const char *v = f->value ? f->value : "";
        bool ok = true;
        switch (keys[k].kind) {
        case K_TEXT:
            *text_slot(c, keys[k].name) = str_blank(v) ? NULL : v;
            break;
        case K_DATE: {
            struct date d;
            char *slot = date_slot(c, keys[k].name);
            if (str_blank(v) && strcmp(keys[k].name, "event_date") != 0)
                slot[0] = '\0';
            else if (date_parse(v, &d) != 0) {
                problem(pr, f, "'%s' is not a date (YYYY-MM-DD)", v);
                ok = false;
            } else
                date_iso(d, slot);
            break;
        }
        case K_BOOL: {
            int yn = str_blank(v) ? 1 : str_yes_no(v);
            if (yn < 0) {
                problem(pr, f, "'%s' is not yes or no", v);
                ok = false;
            } else if (!strcmp(keys[k].name, "pupil_present"))
                c->pupil_present = yn;
            else if (!strcmp(keys[k].name, "did_not_come"))
                c->did_not_come = yn;
            else
                c->agreed_together = yn;
            break;
        }
        case K_IDS: {
            bool came = !strcmp(keys[k].name, "carers");
            int rc =
                parse_ids(a, v, came ? &x->came : &x->invited, came ? &x->n_came : &x->n_invited);
            if (rc == ERR_NOMEM)
                return rc;
            if (rc) {
                problem(pr, f, "'%s' is not a list of carer numbers (like 12, 13)", v);
                ok = false;
            } else if (came)
                x->came_given = true;
            else
                x->invited_given = true;
            break;
        }
        case K_STATUS:
            if (conversation_parse_status(v, &c->status) != 0) {
                problem(pr, f, "'%s' is not a status: use planned, draft or complete", v);
                ok = false;
            }
            break;
        case K_WAY:
            if (str_blank(v))
                c->way = NULL;
            else if (conversation_parse_way(v, &c->way) != 0) {
                problem(pr, f, "'%s' is not a way of meeting: use in person, phone or video", v);
                ok = false;
            }
            break;
        case K_EMAIL:
            x->teacher_email = str_blank(v) ? NULL : v;
            break;
        case K_TARGET: {
            struct target t;
            const char *why;
            int rc = parse_target(a, v, &t, &why);
            if (rc == ERR_NOMEM)
                return rc;
            if (rc) {
                problem(pr, f, "%s", why);
                ok = false;
                break;
            }
            struct target *slot =
                arena_push(a, &c->targets, &c->n_targets, &cap_targets, sizeof *slot);
            if (!slot)
                return ERR_NOMEM;
            *slot = t;
            break;
        }
        }
        int s = keys[k].stage;
        if (ok && s >= 0 && !str_blank(v)) {
            bool seen = false;
            for (size_t j = 0; j < *n_order; j++)
                seen |= (int)order[j] == s;
            if (!seen && *n_order < STAGE_N)
                order[(*n_order)++] = (enum conv_stage)s;
        }
    }
    return 0;
}
