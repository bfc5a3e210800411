#include "view/xlsx_report.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/str.h"

#define MAX_FIELDS 128

/* "with_3_or_more" -> "With 3 or more"; "methods_used.phone" ->
 * "Methods used: phone". */
static void label_of(const char *key, char *out, size_t cap)
{
    size_t o = 0;
    bool start = true;
    for (const char *k = key; *k && o + 3 < cap; k++) {
        if (*k == '_') {
            out[o++] = ' ';
        } else if (*k == '.') {
            out[o++] = ':';
            out[o++] = ' ';
        } else {
            out[o++] = start ? (char)toupper((unsigned char)*k) : *k;
        }
        start = false;
    }
    out[o] = '\0';
}

static bool is_records(json_t *v)
{
    return json_is_array(v) && json_array_size(v) > 0 && json_is_object(json_array_get(v, 0));
}

static bool is_plain_list(json_t *v)
{
    if (!json_is_array(v))
        return false;
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it) if (json_is_object(it) || json_is_array(it)) return false;
    return true;
}

/* One value as a cell. */
static void cell(struct xlsx *x, json_t *v)
{
    if (!v || json_is_null(v)) {
        xlsx_blank(x);
    } else if (json_is_string(v)) {
        xlsx_text(x, json_string_value(v));
    } else if (json_is_integer(v)) {
        xlsx_integer(x, (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        xlsx_number(x, json_real_value(v));
    } else if (json_is_boolean(v)) {
        xlsx_text(x, json_is_true(v) ? "Yes" : "No");
    } else if (is_plain_list(v)) {
        struct buf b;
        buf_init(&b, 1 << 20);
        size_t i;
        json_t *it;
        json_array_foreach(v, i, it)
        {
            if (i)
                buf_adds(&b, ", ");
            if (json_is_string(it))
                buf_adds(&b, json_string_value(it));
            else if (json_is_integer(it))
                buf_addf(&b, "%lld", (long long)json_integer_value(it));
            else if (json_is_real(it))
                buf_addf(&b, "%g", json_real_value(it));
            else if (json_is_boolean(it))
                buf_adds(&b, json_is_true(it) ? "yes" : "no");
        }
        xlsx_text(x, buf_str(&b));
        buf_release(&b);
    } else {
        xlsx_blank(x); /* records are laid out elsewhere */
    }
}

/* The flattened fields of a record: dotted keys of plain values (nested
 * objects opened one level deep or more). */
struct fields {
    char *keys[MAX_FIELDS];
    size_t n;
};

static void fields_add(struct fields *f, const char *key)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->keys[i], key))
            return;
    char *copy = f->n < MAX_FIELDS ? mem_strdup(key) : NULL;
    if (copy)
        f->keys[f->n++] = copy;
}

static void fields_free(struct fields *f)
{
    for (size_t i = 0; i < f->n; i++)
        mem_free(f->keys[i]);
    f->n = 0;
}

static void collect(struct fields *f, json_t *obj, const char *prefix)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        char key[256];
        snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", k);
        if (json_is_object(v))
            collect(f, v, key);
        else if (!is_records(v))
            fields_add(f, key);
    }
}

/* The value at a dotted key. */
static json_t *at(json_t *obj, const char *key)
{
    char buf[256];
    str_copy(buf, sizeof buf, key);
    json_t *v = obj;
    for (char *part = buf, *dot; v && part; part = dot ? dot + 1 : NULL) {
        dot = strchr(part, '.');
        if (dot)
            *dot = '\0';
        v = json_is_object(v) ? json_object_get(v, part) : NULL;
    }
    return v;
}

/* The plain fields a child table repeats from its parent: the first few
 * that name the record (text or whole numbers). */
#define PARENT_FIELDS 3

static void records_sheet(struct xlsx *x, const char *name, json_t *list, const char *parent_key,
                          json_t *parents, const struct fields *pf);

/* A sheet for list (records), and further sheets for records inside them. */
static void records(struct xlsx *x, const char *name, json_t *list)
{
    records_sheet(x, name, list, NULL, NULL, NULL);
}

static void records_sheet(struct xlsx *x, const char *name, json_t *list, const char *parent_key,
                          json_t *parents, const struct fields *pf)
{
    struct fields f = { .n = 0 };
    size_t i;
    json_t *rec;
    if (parents) {
        json_array_foreach(parents, i, rec)
        {
            json_t *kids = json_object_get(rec, parent_key);
            size_t j;
            json_t *kid;
            json_array_foreach(kids, j, kid) if (json_is_object(kid)) collect(&f, kid, "");
        }
    } else {
        json_array_foreach(list, i, rec) if (json_is_object(rec)) collect(&f, rec, "");
    }
    xlsx_sheet(x, name);
    const char *labels[MAX_FIELDS + PARENT_FIELDS];
    char lab[MAX_FIELDS + PARENT_FIELDS][160];
    size_t n = 0;
    for (size_t k = 0; pf && k < pf->n; k++) {
        label_of(pf->keys[k], lab[n], sizeof lab[n]);
        labels[n] = lab[n];
        n++;
    }
    for (size_t k = 0; k < f.n; k++) {
        label_of(f.keys[k], lab[n], sizeof lab[n]);
        labels[n] = lab[n];
        n++;
    }
    xlsx_header(x, labels, n);
    if (parents) {
        json_array_foreach(parents, i, rec)
        {
            json_t *kids = json_object_get(rec, parent_key);
            size_t j;
            json_t *kid;
            json_array_foreach(kids, j, kid)
            {
                if (!json_is_object(kid))
                    continue;
                for (size_t k = 0; k < pf->n; k++)
                    cell(x, at(rec, pf->keys[k]));
                for (size_t k = 0; k < f.n; k++)
                    cell(x, at(kid, f.keys[k]));
                xlsx_row_end(x);
            }
        }
    } else {
        json_array_foreach(list, i, rec)
        {
            for (size_t k = 0; k < f.n; k++)
                cell(x, at(rec, f.keys[k]));
            xlsx_row_end(x);
        }
        /* Records inside these records: a further sheet each. */
        struct fields id = { .n = 0 };
        for (size_t k = 0; k < f.n && id.n < PARENT_FIELDS; k++) {
            json_t *v = at(json_array_get(list, 0), f.keys[k]);
            if (json_is_string(v) || json_is_integer(v))
                fields_add(&id, f.keys[k]);
        }
        json_t *first = json_array_get(list, 0);
        const char *k;
        json_t *v;
        json_object_foreach(first, k, v)
        {
            bool any = false;
            json_array_foreach(list, i, rec) any |= is_records(json_object_get(rec, k));
            if (!any)
                continue;
            char sub[160], child[64];
            label_of(k, child, sizeof child);
            snprintf(sub, sizeof sub, "%.14s %.16s", name, child);
            records_sheet(x, sub, NULL, k, list, &id);
        }
        fields_free(&id);
    }
    fields_free(&f);
}

/* The plain values of obj as rows (key in words, value), nested objects
 * opened; lists of records are gathered into lists for their own sheets. */
static void summary_rows(struct xlsx *x, json_t *obj, const char *prefix)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        char key[256], lab[300];
        snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", k);
        if (json_is_object(v)) {
            summary_rows(x, v, key);
            continue;
        }
        if (is_records(v) || (json_is_array(v) && json_array_size(v) == 0 && !*prefix))
            continue;
        label_of(key, lab, sizeof lab);
        xlsx_text(x, lab);
        cell(x, v);
        xlsx_row_end(x);
    }
}

static void record_lists(struct xlsx *x, json_t *obj, const char *prefix)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        char key[256], lab[300];
        snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", k);
        if (json_is_object(v))
            record_lists(x, v, key);
        else if (is_records(v)) {
            label_of(key, lab, sizeof lab);
            records(x, lab, v);
        }
    }
}

void xlsx_report_json(struct xlsx *x, const char *title, json_t *doc)
{
    xlsx_sheet(x, "Summary");
    static const char *const head[] = { "What", "Value" };
    xlsx_header(x, head, 2);
    xlsx_text(x, "Report");
    xlsx_text(x, title);
    xlsx_row_end(x);
    if (json_is_object(doc)) {
        summary_rows(x, doc, "");
        record_lists(x, doc, "");
    } else if (is_records(doc)) {
        records(x, title, doc);
    }
}

/* "Child and parent", "Child", "Parent" or NULL for an attendance mark. */
static const char *came(json_t *mark)
{
    bool child = json_is_true(json_object_get(mark, "child"));
    bool parent = json_is_true(json_object_get(mark, "parent"));
    return child && parent ? "Child and parent" : child ? "Child" : parent ? "Parent" : NULL;
}

void xlsx_report_attendance(struct xlsx *x, json_t *prog)
{
    json_t *sessions = json_object_get(prog, "sessions");
    json_t *families = json_object_get(prog, "enrolments");
    xlsx_sheet(x, "Attendance");
    const char *labels[MAX_FIELDS];
    char lab[MAX_FIELDS][64];
    size_t n = 0;
    labels[n++] = "Family";
    labels[n++] = "UPN";
    labels[n++] = "Parent or carer";
    size_t held[MAX_FIELDS], n_held = 0, i;
    json_t *s;
    json_array_foreach(sessions, i, s)
    {
        const char *st = json_string_value(json_object_get(s, "status"));
        if (!st || strcmp(st, "held") || n + 2 >= MAX_FIELDS)
            continue;
        const char *date = json_string_value(json_object_get(s, "date"));
        const char *kind = json_string_value(json_object_get(s, "kind"));
        snprintf(lab[n], sizeof lab[n], "%s %lld (%s)",
                 kind && strcmp(kind, "weekly") ? kind : "Session",
                 (long long)json_integer_value(json_object_get(s, "seq")), date ? date : "");
        labels[n] = lab[n];
        n++;
        held[n_held++] = i;
    }
    labels[n++] = "Sessions attended";
    xlsx_header(x, labels, n);
    json_t *f;
    json_array_foreach(families, i, f)
    {
        json_int_t eid = json_integer_value(json_object_get(f, "id"));
        cell(x, json_object_get(f, "name"));
        cell(x, json_object_get(f, "upn"));
        cell(x, json_object_get(f, "carer"));
        long long count = 0;
        for (size_t h = 0; h < n_held; h++) {
            json_t *att = json_object_get(json_array_get(sessions, held[h]), "attendance");
            const char *mark = NULL;
            size_t j;
            json_t *a;
            json_array_foreach(att, j,
                               a) if (json_integer_value(json_object_get(a, "enrolment_id")) == eid)
                mark = came(a);
            xlsx_text(x, mark);
            count += mark != NULL;
        }
        xlsx_integer(x, count);
        xlsx_row_end(x);
    }
}

static void lay_out(struct xlsx *x, const char *title, json_t *doc, bool attendance)
{
    if (attendance)
        xlsx_report_attendance(x, doc);
    xlsx_report_json(x, title, doc);
}

int xlsx_report_file(const char *path, const char *title, json_t *doc, bool attendance,
                     struct err *e)
{
    struct xlsx *x;
    int rc = xlsx_open(&x, path, e);
    if (rc)
        return rc;
    lay_out(x, title, doc, attendance);
    return xlsx_close(x, e);
}

int xlsx_report_bytes(char **data, size_t *len, const char *title, json_t *doc, bool attendance,
                      struct err *e)
{
    struct xlsx *x;
    int rc = xlsx_open_temp(&x, e);
    if (rc)
        return rc;
    lay_out(x, title, doc, attendance);
    return xlsx_finish_bytes(x, data, len, e);
}
