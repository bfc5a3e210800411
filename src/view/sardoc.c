#include "view/sardoc.h"

#include <ctype.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "io/pdfdoc.h"

/* Section keys in reading order, with their headings. */
static const struct {
    const char *key, *heading, *intro;
} sections[] = {
    { "pupil", "The register",
      "What the school's register holds about the child: their details, "
      "their carers, special educational needs and free school meals." },
    { "conversations", "Conversations",
      "Every conversation with the family, shared with them or not, with the targets set." },
    { "targets", "Targets", "Every target set for the child." },
    { "contacts", "Contacts", "Every contact with the family: calls, meetings, messages." },
    { "assessments", "Measures", "Every assessment the school has recorded." },
    { "outcomes", "Outcomes", "The child's recorded outcomes." },
    { "provision", "Provision",
      "Every provision the child has had, with reviews, attendance "
      "and the services involved." },
    { "attendance", "Programme sessions",
      "Each session of each programme the child was in, and whether they and their parent "
      "came." },
    { "stories", "Stories", "Stories the child wrote or helped to write in a programme." },
    { "carer", "The carer's own records",
      "The details held about the carer who asked, and the contacts they took part in." },
};

/* Keys whose words are not plain once the underscores go. */
static const struct {
    const char *key, *words;
} key_words[] = {
    { "upn", "UPN" },
    { "upn_temporary", "Temporary UPN" },
    { "former_upn", "Former UPN" },
    { "dob", "Date of birth" },
    { "nc_year", "Year group" },
    { "sen", "SEN" },
    { "sen_provision", "SEN support" },
    { "sen_primary_need", "Main need" },
    { "sen_secondary_need", "Second need" },
    { "sen_history", "SEN over time" },
    { "fsm", "Free school meals" },
    { "fsm_periods", "Free school meals" },
    { "eal", "English as an extra language" },
    { "id", "Record number" },
    { "school_urn", "School URN" },
    { "made_at", "Made" },
    { "actor", "Who" },
};

/* "nc_year" -> "Year group"; "going_well" -> "Going well". */
static const char *plain_key(struct arena *a, const char *k)
{
    for (size_t i = 0; i < sizeof key_words / sizeof key_words[0]; i++)
        if (strcmp(k, key_words[i].key) == 0)
            return key_words[i].words;
    char *s = arena_strdup(a, k);
    if (!s)
        return k;
    for (char *p = s; *p; p++)
        if (*p == '_')
            *p = ' ';
    s[0] = (char)toupper((unsigned char)s[0]);
    return s;
}

/* A date or timestamp in words, or the text as it is. */
static const char *plain_value(struct arena *a, const char *v)
{
    size_t n = strlen(v);
    if (n < 10 || v[4] != '-' || v[7] != '-' || !isdigit((unsigned char)v[0]))
        return v;
    char day[11];
    memcpy(day, v, 10);
    day[10] = 0;
    const char *w = date_words(a, day);
    if (!w)
        return v;
    if (n >= 16 && (v[10] == 'T' || v[10] == ' '))
        return arena_sprintf(a, "%s at %.5s", w, v + 11);
    return n == 10 ? w : arena_sprintf(a, "%s (%s)", w, v);
}

static const char *scalar_text(struct arena *a, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return plain_value(a, json_string_value(v));
    case JSON_INTEGER:
        return arena_sprintf(a, "%lld", (long long)json_integer_value(v));
    case JSON_REAL:
        return arena_sprintf(a, "%g", json_real_value(v));
    case JSON_TRUE:
        return "yes";
    case JSON_FALSE:
        return "no";
    default:
        return NULL;
    }
}

static void put_value(struct pdfdoc *d, struct arena *a, const char *label, json_t *v, int depth);

/* An object's scalar fields as rows, then its nested objects and lists. */
static void put_object(struct pdfdoc *d, struct arena *a, json_t *o, int depth)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        const char *t = scalar_text(a, v);
        if (t)
            pdfdoc_kv(d, plain_key(a, k), t);
    }
    json_object_foreach(o, k, v) if (json_is_object(v) || json_is_array(v))
        put_value(d, a, plain_key(a, k), v, depth + 1);
}

static void put_value(struct pdfdoc *d, struct arena *a, const char *label, json_t *v, int depth)
{
    int level = depth < 3 ? depth : 3;
    if (json_is_object(v)) {
        if (label)
            pdfdoc_heading(d, level, label);
        put_object(d, a, v, depth);
        return;
    }
    if (json_is_array(v)) {
        size_t n = json_array_size(v);
        if (label)
            pdfdoc_heading(d, level, arena_sprintf(a, "%s (%zu)", label, n));
        if (n == 0) {
            pdfdoc_para(d, "None recorded.");
            return;
        }
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (json_is_object(x)) {
                pdfdoc_heading(d, level < 3 ? level + 1 : 3,
                               arena_sprintf(a, "%s %zu of %zu", label ? label : "Item", i + 1, n));
                put_object(d, a, x, depth + 1);
            } else {
                const char *t = scalar_text(a, x);
                pdfdoc_bullet(d, t ? t : "");
            }
        }
        return;
    }
    const char *t = scalar_text(a, v);
    if (t && label)
        pdfdoc_kv(d, label, t);
}

static void put_audit(struct pdfdoc *d, struct arena *a, json_t *list)
{
    pdfdoc_heading(d, 1, "Who looked at or changed the record");
    pdfdoc_para(d, "The audit trail: every time someone viewed or changed the child's record, "
                   "newest first.");
    if (json_array_size(list) == 0) {
        pdfdoc_para(d, "None recorded.");
        return;
    }
    size_t total = json_array_size(list);
    if (total > SARDOC_AUDIT_MAX)
        pdfdoc_para(d, arena_sprintf(a,
                                     "There are %zu rows. This copy shows the newest %d; "
                                     "sar.json holds them all.",
                                     total, SARDOC_AUDIT_MAX));
    static const char *const hs[] = { "When", "Who", "What", "Detail" };
    static const double ws[] = { 2.2, 2.6, 1.6, 3 };
    pdfdoc_table(d, 4, hs, ws);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        if (i >= SARDOC_AUDIT_MAX)
            break;
        const char *at = json_string_value(json_object_get(x, "at"));
        const char *what =
            arena_sprintf(a, "%s %s", json_string_value(json_object_get(x, "action")),
                          json_string_value(json_object_get(x, "entity")));
        const char *cells[4] = { at ? plain_value(a, at) : "",
                                 json_string_value(json_object_get(x, "actor")), what,
                                 json_string_value(json_object_get(x, "detail")) };
        pdfdoc_row(d, cells);
    }
}

/* What was held back: each redaction's place, what, why, by whom, when. */
static void put_redactions(struct pdfdoc *d, struct arena *a, json_t *list)
{
    if (!list)
        return;
    pdfdoc_heading(d, 1, "What we held back");
    pdfdoc_para(d, "Before this copy was sent, the school held back some words about other "
                   "people. Each place reads \"[redacted]\". This list says where, why, who "
                   "chose to and when; it never holds the words themselves.");
    if (json_array_size(list) == 0) {
        pdfdoc_para(d, "Nothing was held back.");
        return;
    }
    static const char *const hs[] = { "Where", "What", "Why", "Who and when" };
    static const double ws[] = { 2.6, 1.6, 3, 2.2 };
    pdfdoc_table(d, 4, hs, ws);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        const char *at = json_string_value(json_object_get(x, "at"));
        const char *cells[4] = {
            json_string_value(json_object_get(x, "path")),
            json_string_value(json_object_get(x, "what")),
            json_string_value(json_object_get(x, "reason")),
            arena_sprintf(a, "%s, %s", json_string_value(json_object_get(x, "by")),
                          at ? plain_value(a, at) : ""),
        };
        pdfdoc_row(d, cells);
    }
}

static int build(struct pdfdoc **out, struct arena *a, json_t *sar, struct err *e)
{
    json_t *req = json_object_get(sar, "request");
    const char *name = json_string_value(json_object_get(req, "pupil_name"));
    const char *school = json_string_value(json_object_get(req, "school_name"));
    struct pdfdoc_opts o = { .title = "Everything we hold about a child",
                             .author = school,
                             .header = school,
                             .footer = "Private: a subject access request" };
    struct pdfdoc *d;
    int rc = pdfdoc_new(&d, &o, e);
    if (rc)
        return rc;
    pdfdoc_title(d, arena_sprintf(a, "Everything we hold about %s", name ? name : "this child"));
    pdfdoc_para(d, "This is a copy of every record meso holds about the child, made in answer "
                   "to a subject access request under UK GDPR.");
    put_object(d, a, req, 1);
    put_redactions(d, a, json_object_get(sar, "redactions"));
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        json_t *v = json_object_get(sar, sections[i].key);
        if (!v)
            continue;
        pdfdoc_heading(d, 1, sections[i].heading);
        pdfdoc_para(d, sections[i].intro);
        if (json_is_array(v))
            put_value(d, a, sections[i].heading, v, 2);
        else
            put_object(d, a, v, 1);
    }
    put_audit(d, a, json_object_get(sar, "audit"));
    *out = d;
    return 0;
}

int sardoc_pdf_file(const char *path, struct arena *a, json_t *sar, struct err *e)
{
    struct pdfdoc *d;
    int rc = build(&d, a, sar, e);
    if (rc)
        return rc;
    rc = pdfdoc_write_file(d, path, e);
    pdfdoc_free(d);
    return rc;
}

int sardoc_pdf_buf(struct buf *out, struct arena *a, json_t *sar, struct err *e)
{
    struct pdfdoc *d;
    int rc = build(&d, a, sar, e);
    if (rc)
        return rc;
    rc = pdfdoc_write_buf(d, out, e);
    pdfdoc_free(d);
    return rc;
}
