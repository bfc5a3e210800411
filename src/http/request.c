#include "http/request.h"

#include <string.h>

#include "core/str.h"
#include "model/access/account.h"

static const char *find(const struct kv *list, size_t n, const char *name, bool nocase)
{
    for (size_t i = 0; i < n; i++)
        if (nocase ? str_ieq(list[i].key, name) : strcmp(list[i].key, name) == 0)
            return list[i].value;
    return NULL;
}

const char *req_query(const struct request *r, const char *name)
{
    return find(r->query, r->n_query, name, false);
}

const char *req_form(const struct request *r, const char *name)
{
    return find(r->form, r->n_form, name, false);
}

const char *req_cookie(const struct request *r, const char *name)
{
    return find(r->cookies, r->n_cookies, name, false);
}

const char *req_header(const struct request *r, const char *name)
{
    return find(r->headers, r->n_headers, name, true);
}

const struct upload *req_file(const struct request *r, const char *field)
{
    for (size_t i = 0; i < r->n_files; i++)
        if (strcmp(r->files[i].field, field) == 0)
            return &r->files[i];
    return NULL;
}

const char *req_param(const struct request *r, size_t i)
{
    return i < r->n_params ? r->params[i] : NULL;
}

const char *req_text(struct request *r, const char *name)
{
    const char *v = req_form(r, name);
    if (!v)
        v = req_query(r, name);
    if (!v)
        return "";
    char *copy = arena_strdup(&r->arena, v);
    return copy ? str_trim(copy) : "";
}

long req_query_long(const struct request *r, const char *name, long min, long max, long dflt)
{
    const char *v = req_query(r, name);
    long long x;
    if (!v || str_to_int(v, min, max, &x) != 0)
        return dflt;
    return (long)x;
}

int req_add(struct request *r, struct kv **list, size_t *n, const char *key, const char *value,
            size_t len)
{
    /* Capacity is implicit: the array is reallocated (doubling) whenever the
     * count reaches a power of two, so no capacity needs to be stored. */
    if (*n == 0 || (*n & (*n - 1)) == 0) {
        struct kv *nl = arena_array(&r->arena, *n ? *n * 2 : 4, sizeof *nl);
        if (!nl)
            return ERR_NOMEM;
        if (*n)
            memcpy(nl, *list, *n * sizeof *nl);
        *list = nl;
    }
    struct kv *it = &(*list)[(*n)++];
    it->key = arena_strdup(&r->arena, key);
    it->value = arena_strndup(&r->arena, value ? value : "", len);
    it->len = len;
    return it->key && it->value ? 0 : ERR_NOMEM;
}

unsigned req_held(const struct request *req)
{
    const struct principal *w = &req->who;
    if (req->has_session && req->session.stage != SESSION_FULL)
        return R_SECOND_FACTOR;
    switch (w->kind) {
    case PRINCIPAL_TOKEN:
        return w->can_write ? (R_API_READ | R_API_WRITE) : R_API_READ;
    case PRINCIPAL_PARENT:
        return R_PARENT;
    case PRINCIPAL_LA:
        return R_LA;
    case PRINCIPAL_STAFF:
        return (w->roles & ACCOUNT_ADMIN ? R_ADMIN : 0u) | (w->roles & ACCOUNT_LEAD ? R_LEAD : 0u) |
               (w->roles & ACCOUNT_TEACHER ? R_TEACHER : 0u) |
               (w->roles & ACCOUNT_PRACTITIONER ? R_PRACTITIONER : 0u);
    default:
        return 0;
    }
}
