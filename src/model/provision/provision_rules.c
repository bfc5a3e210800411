#include "model/provision/provision.h"

/* provision_rules.c - what a provision is made of, without storing it: the
 * tier, evidence and consent codes and their labels, costs and money, the
 * outcome list, and validation (model/provision/provision.h). Storage is
 * in provision.c. */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/register/carer.h"

static bool date_ok(const char *s)
{
    struct date d;
    return s && strlen(s) == 10 && date_parse(s, &d) == 0;
}

const char *const provision_tiers[] = { "universal", "selected", "indicated", NULL };
const char *const provision_tier_labels[] = {
    "Universal: every child",
    "Selected: groups at raised risk",
    "Indicated: children with emerging or identified needs",
    NULL,
};
const char *const provision_evidence[] = { "strong", "moderate", "promising", "limited", NULL };
const char *const provision_evidence_labels[] = {
    "Strong: several good trials",
    "Moderate: at least one good trial",
    "Promising: early studies show benefits",
    "Limited: little evidence yet",
    NULL,
};
const char *const consent_names[] = { "not_requested", "awaiting", "given", "declined", NULL };
const char *const consent_labels[] = { "Not asked yet", "Waiting for a reply", "Given", "Declined",
                                       NULL };

/* ---- costs ------------------------------------------------------------- */

static int64_t round_pence(double x)
{
    return (int64_t)llround(x);
}

void provision_costs_compute(double staff_hours_per_session, int64_t hourly_rate_pence,
                             int sessions_planned, int sessions_held,
                             const struct provision_cost_item *items, size_t n_items, int pupils,
                             struct provision_costs *out)
{
    memset(out, 0, sizeof *out);
    if (sessions_held < 0)
        sessions_held = 0;
    int projected = sessions_planned > sessions_held ? sessions_planned : sessions_held;
    double per_session_staff = staff_hours_per_session * (double)hourly_rate_pence;
    out->staff_to_date = round_pence(per_session_staff * sessions_held);
    out->staff_projected = round_pence(per_session_staff * projected);
    for (size_t i = 0; i < n_items; i++) {
        if (items[i].per_session) {
            out->other_to_date += items[i].pence * sessions_held;
            out->other_projected += items[i].pence * projected;
        } else {
            out->other_to_date += items[i].pence;
            out->other_projected += items[i].pence;
        }
    }
    out->total_to_date = out->staff_to_date + out->other_to_date;
    out->total_projected = out->staff_projected + out->other_projected;
    out->pupils = pupils;
    out->per_pupil_to_date = provision_per_pupil(out->total_to_date, pupils);
    out->per_pupil_projected = provision_per_pupil(out->total_projected, pupils);
}

int64_t provision_per_pupil(int64_t pence, int pupils)
{
    return pupils > 0 ? round_pence((double)pence / pupils) : -1;
}

void provision_costs_of(const struct provision *p, struct provision_costs *out)
{
    provision_costs_compute(p->staff_hours_per_session, p->hourly_rate_pence, p->sessions,
                            p->sessions_held, p->costs, p->n_costs, p->pupils_consented, out);
}

void provision_money(int64_t pence, char *out, size_t cap)
{
    bool neg = pence < 0;
    uint64_t v = neg ? (uint64_t)(-(pence + 1)) + 1 : (uint64_t)pence;
    uint64_t pounds = v / 100, p = v % 100;
    char digits[32], grouped[48];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)pounds);
    size_t n = strlen(digits), j = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            grouped[j++] = ',';
        grouped[j++] = digits[i];
    }
    grouped[j] = '\0';
    snprintf(out, cap, "%s\xC2\xA3%s.%02u", neg ? "-" : "", grouped, (unsigned)p);
}

int provision_parse_money(const char *s, int64_t *out)
{
    if (!s)
        return ERR_INPUT;
    while (*s == ' ')
        s++;
    if (!strncmp(s, "\xC2\xA3", 2))
        s += 2;
    int64_t pounds = 0, pence = 0;
    int digits = 0, decimals = -1;
    for (; *s && *s != ' '; s++) {
        if (*s == ',' && decimals < 0 && digits)
            continue;
        if (*s == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (*s < '0' || *s > '9')
            return ERR_INPUT;
        if (decimals >= 0) {
            if (++decimals > 2)
                return ERR_INPUT;
            pence = pence * 10 + (*s - '0');
        } else {
            if (++digits > 9)
                return ERR_INPUT;
            pounds = pounds * 10 + (*s - '0');
        }
    }
    while (*s == ' ')
        s++;
    if (*s || (!digits && decimals <= 0))
        return ERR_INPUT;
    if (decimals == 1)
        pence *= 10;
    *out = pounds * 100 + pence;
    return 0;
}

/* ---- codes --------------------------------------------------------------- */

static int parse_code(const char *s, const char *const *list, int *out)
{
    int i = str_key_index(s, list);
    if (i < 0)
        return ERR_INPUT;
    *out = i;
    return 0;
}

int provision_parse_tier(const char *s, const char **out)
{
    int i;
    if (parse_code(s, provision_tiers, &i))
        return ERR_INPUT;
    *out = provision_tiers[i];
    return 0;
}

int provision_parse_evidence(const char *s, const char **out)
{
    int i;
    if (parse_code(s, provision_evidence, &i))
        return ERR_INPUT;
    *out = provision_evidence[i];
    return 0;
}

int provision_parse_consent(const char *s, enum consent *out)
{
    int i;
    if (parse_code(s, consent_names, &i))
        return ERR_INPUT;
    *out = (enum consent)i;
    return 0;
}

const char *provision_tier_label(const char *tier)
{
    for (int i = 0; tier && provision_tiers[i]; i++)
        if (!strcmp(tier, provision_tiers[i]))
            return provision_tier_labels[i];
    return tier ? tier : "";
}

const char *provision_evidence_label(const char *rating)
{
    for (int i = 0; rating && provision_evidence[i]; i++)
        if (!strcmp(rating, provision_evidence[i]))
            return provision_evidence_labels[i];
    return rating ? rating : "Not recorded";
}

int provision_outcome_list(struct db *db, struct arena *a, const char ***codes,
                           const char ***labels, size_t *n, struct err *e)
{
    *codes = *labels = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT code, label FROM outcome ORDER BY position, code", e);
    if (rc)
        return rc;
    size_t cap = 0, cap2 = 0, n2 = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char **c = arena_push(a, codes, n, &cap, sizeof *c);
        const char **l = arena_push(a, labels, &n2, &cap2, sizeof *l);
        if (!c || !l || !(*c = arena_strdup(a, db_col_text(st, 0))) ||
            !(*l = arena_strdup(a, db_col_text(st, 1)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

const char *provision_outcome_label(struct db *db, struct arena *a, const char *code)
{
    struct db_stmt *st;
    struct err e;
    if (db_prepare(db, &st, "SELECT label FROM outcome WHERE code = ?1", &e))
        return code;
    db_bind_text(st, 1, code);
    const char *label = db_step(st, &e) == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : NULL;
    db_finalize(st);
    return label ? label : code;
}

/* ---- validation ---------------------------------------------------------- */

int provision_validate(struct db *db, const struct provision *p, struct problems *pr, struct err *e)
{
    if (str_blank(p->name))
        problems_add(pr, "name", "give the provision a name");
    else if (strlen(p->name) > 200)
        problems_add(pr, "name", "the name is longer than 200 characters");
    const char *t;
    if (!p->tier || provision_parse_tier(p->tier, &t))
        problems_add(pr, "tier", "choose a tier: universal, selected or indicated");
    if (p->evidence_rating && provision_parse_evidence(p->evidence_rating, &t))
        problems_add(pr, "evidence_rating",
                     "choose an evidence rating: strong, moderate, promising or limited");
    if (p->sessions < 0 || p->sessions > 200)
        problems_add(pr, "sessions", "give the number of sessions, from 0 to 200");
    if (p->session_minutes < 0 || p->session_minutes > 1440)
        problems_add(pr, "session_minutes", "give the length of a session in minutes");
    if (p->complete_at < 0 || (p->sessions && p->complete_at > p->sessions))
        problems_add(pr, "complete_at",
                     "the sessions needed to complete cannot be more than the sessions");
    if (p->session_time[0] &&
        !(strlen(p->session_time) == 5 && p->session_time[2] == ':' && p->session_time[0] >= '0' &&
          p->session_time[0] <= '2' && p->session_time[1] >= '0' && p->session_time[1] <= '9' &&
          p->session_time[3] >= '0' && p->session_time[3] <= '5' && p->session_time[4] >= '0' &&
          p->session_time[4] <= '9' && (p->session_time[0] < '2' || p->session_time[1] <= '3')))
        problems_add(pr, "session_time", "give the time as HH:MM, like 15:15");
    if (!(p->staff_hours_per_session >= 0 && p->staff_hours_per_session <= 1000))
        problems_add(pr, "staff_hours", "give the staff hours for each session, like 2.5");
    if (p->hourly_rate_pence < 0 || p->hourly_rate_pence > 10000000)
        problems_add(pr, "hourly_rate", "give the hourly rate in pounds, like 18.50");
    if (!date_ok(p->start_date))
        problems_add(pr, "start_date", "give the start date");
    if (p->end_date[0] && !date_ok(p->end_date))
        problems_add(pr, "end_date", "give the end date as a real date");
    else if (p->end_date[0] && date_ok(p->start_date) && strcmp(p->end_date, p->start_date) < 0)
        problems_add(pr, "end_date", "the end date is before the start");
    if (p->review_date[0] && !date_ok(p->review_date))
        problems_add(pr, "review_date", "give the review date as a real date");
    static const struct {
        const char *field;
        size_t off;
    } texts[] = {
        { "description", offsetof(struct provision, description) },
        { "evidence_reference", offsetof(struct provision, evidence_reference) },
        { "venue", offsetof(struct provision, venue) },
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        const char *v = *(const char *const *)((const char *)p + texts[i].off);
        if (v && strlen(v) > PROVISION_TEXT_MAX)
            problems_add(pr, texts[i].field, "this is longer than %d characters",
                         PROVISION_TEXT_MAX);
    }
    for (size_t i = 0; i < p->n_outcomes; i++) {
        struct db_stmt *st;
        int rc = db_prepare(db, &st, "SELECT 1 FROM outcome WHERE code = ?1", e);
        if (rc)
            return rc;
        db_bind_text(st, 1, p->outcomes[i]);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (rc == DB_DONE)
            problems_add(pr, "outcomes", "'%s' is not in the list of outcomes", p->outcomes[i]);
    }
    return 0;
}
