/* transferpage.c - the previous school's record on the pupil's page. */
#include "pages/register/transferpage.h"

#include <jansson.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "model/register/pupil.h"
#include "model/register/transfer_meso.h"
#include "pages/common.h"

/* The record's sections in reading order, with their headings. */
static const struct {
    const char *key, *heading;
} sections[] = {
    { "conversations", "Conversations shared with the family" },
    { "targets", "Targets" },
    { "assessments", "Measures" },
    { "attendance", "Programme sessions" },
    { "ctf_attendance", "Attendance each year, from the transfer file" },
};

/* Members that say nothing to a reader here. */
static bool skipped(const char *k)
{
    static const char *const skip[] = {
        "id",          "pupil_id",       "conversation_id", "key_teacher_id",
        "recorded_at", "first_saved_at", "created_at",      "updated_at",
        "order",       "recorded",       "enrolment_id",    "provision_id"
    };
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
        if (strcmp(k, skip[i]) == 0)
            return true;
    size_t n = strlen(k);
    return n > 3 && strcmp(k + n - 3, "_id") == 0;
}

static const char *words(struct arena *a, const char *prefix, const char *k)
{
    char *s = arena_sprintf(a, "%s%s%s", prefix ? prefix : "", prefix ? ", " : "", k);
    for (char *c = s; c && *c; c++)
        if (*c == '_')
            *c = ' ';
    if (s && s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
    return s;
}

static void row(struct html *h, const char *k, const char *v)
{
    html(h,
         "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
         "<dd class=\"govuk-summary-list__value\">%s</dd></div>\n",
         k, v);
}

/* An object's members as rows; nested objects one level down, lists of
 * records counted. */
static void rows(struct request *req, struct html *h, json_t *o, const char *prefix, int depth)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (skipped(k) || json_is_null(v))
            continue;
        const char *label = words(&req->arena, prefix, k);
        if (json_is_string(v))
            row(h, label, page_date(req, json_string_value(v)));
        else if (json_is_integer(v))
            row(h, label, arena_sprintf(&req->arena, "%lld", (long long)json_integer_value(v)));
        else if (json_is_real(v))
            row(h, label, arena_sprintf(&req->arena, "%.1f", json_real_value(v)));
        else if (json_is_boolean(v))
            row(h, label, json_is_true(v) ? "Yes" : "No");
        else if (json_is_object(v) && depth < 2)
            rows(req, h, v, label, depth + 1);
        else if (json_is_array(v) && json_array_size(v) && depth < 2) {
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x)
            {
                if (json_is_object(x))
                    rows(req, h, x, arena_sprintf(&req->arena, "%s %zu", label, i + 1), depth + 1);
                else if (json_is_string(x))
                    row(h, label, json_string_value(x));
            }
        }
    }
}

static void list_section(struct request *req, struct html *h, json_t *list, const char *heading)
{
    if (!json_is_array(list))
        return; /* not in this record */
    size_t n = json_array_size(list);
    html(h, "<h4 class=\"govuk-heading-s\">%s (%zu)</h4>\n", heading, n);
    if (n == 0) {
        html_raw(h, "<p class=\"govuk-body\">None sent.</p>\n");
        return;
    }
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        html_raw(h, "<dl class=\"govuk-summary-list govuk-!-margin-bottom-4\">\n");
        rows(req, h, x, NULL, 0);
        html_raw(h, "</dl>\n");
    }
}

static void one(struct request *req, struct html *h, const struct transfer_history *t)
{
    json_error_t je;
    json_t *rec = json_loads(t->record, 0, &je);
    const char *from = t->from_name ? t->from_name : "the previous school";
    html(h,
         "<details class=\"govuk-details meso-history\"><summary class=\"govuk-details__summary\">"
         "<span class=\"govuk-details__summary-text\">From %s%s%s%s, received %s</span></summary>"
         "<div class=\"govuk-details__text\">\n"
         "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--blue\">Previous "
         "school</strong> This is %s's record, sent with the child's transfer file. It is kept "
         "as it came and cannot be changed here.</p>\n<p class=\"govuk-body\">%s</p>\n",
         from, t->from_urn ? " (URN " : "", t->from_urn ? t->from_urn : "", t->from_urn ? ")" : "",
         page_date(req, arena_strndup(&req->arena, t->received_at, 10)), from, t->consent);
    if (!json_is_object(rec)) {
        html_raw(h, "<p class=\"govuk-body\">The record could not be read.</p>\n");
    } else {
        for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
            list_section(req, h, json_object_get(rec, sections[i].key), sections[i].heading);
        json_t *prov = json_object_get(rec, "provision");
        list_section(req, h, json_object_get(prov, "provisions"),
                     "Provision and programmes, with reviews");
        json_t *out = json_object_get(rec, "outcomes");
        list_section(req, h, json_object_get(out, "attendance"), "Attendance each term");
    }
    html_raw(h, "</div></details>\n");
    json_decref(rec);
}

int transferpage_pupil_section(struct request *req, struct html *h, const struct pupil *p)
{
    struct transfer_history *ts;
    size_t n;
    int rc = transfer_history_list(req->db, &req->arena, p->id, &ts, &n, &req->err);
    if (rc || n == 0)
        return rc;
    html(h, "<h2 class=\"govuk-heading-m\" id=\"previous-school\">From the previous "
            "school</h2>\n");
    for (size_t i = 0; i < n; i++)
        one(req, h, &ts[i]);
    return 0;
}
