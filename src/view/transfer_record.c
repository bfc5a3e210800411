/* transfer_record.c - meso's record of a child for the next school. */
#include "view/transfer_record.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "model/register/pupil.h"
#include "model/register/school.h"

/* Copy member key of from into to (nothing when it is missing). */
static int copy(json_t *to, json_t *from, const char *key)
{
    json_t *v = json_object_get(from, key);
    return v ? json_object_set(to, key, v) : 0;
}

int transfer_record_json(const struct sar_source *s, const char *consent, const char **out)
{
    json_t *all = NULL;
    int rc = sar_gather(s, &all);
    if (rc)
        return rc;
    char now[DATE_TS_LEN];
    date_timestamp(now);
    json_t *rec = json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:s}", "format",
                            "meso-transfer 1", "made_at", now, "school", "urn", s->school->urn,
                            "name", s->school->name, "pupil", "upn", s->pupil->upn, "name",
                            pupil_display_name(s->arena, s->pupil), "consent", consent);
    json_t *convs = json_array(), *targets = json_array();
    if (!rec || !convs || !targets) {
        rc = err_set(s->err, ERR_NOMEM, "out of memory");
        goto done;
    }
    /* Only the conversations shared with the family, and their targets. */
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(all, "conversations"), i, x)
    {
        if (!json_is_true(json_object_get(x, "shared")))
            continue;
        json_array_append(convs, x);
        json_int_t cid = json_integer_value(json_object_get(x, "id"));
        size_t k;
        json_t *t;
        json_array_foreach(json_object_get(all, "targets"), k, t)
        {
            if (json_integer_value(json_object_get(t, "conversation_id")) == cid)
                json_array_append(targets, t);
        }
    }
    json_object_set(rec, "conversations", convs);
    json_object_set(rec, "targets", targets);
    if (copy(rec, all, "provision") || copy(rec, all, "assessments") ||
        copy(rec, all, "outcomes") || copy(rec, all, "attendance")) {
        rc = err_set(s->err, ERR_NOMEM, "out of memory");
        goto done;
    }
    char *text = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
    *out = text ? arena_strdup(s->arena, text) : NULL;
    free(text);
    if (!*out)
        rc = err_set(s->err, ERR_NOMEM, "out of memory");
done:
    json_decref(convs);
    json_decref(targets);
    json_decref(rec);
    json_decref(all);
    return rc;
}
