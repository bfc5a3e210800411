#include "model/provision/framework.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/str.h"
#include "core/textlines.h"
#include "db/db.h"
#include "model/provision/provision.h"
#include "model/register/audit.h"

/* ---- parsing ------------------------------------------------------------ */

struct fw_parser {
    struct arena *a;
    const char *file;
    struct err *e;
    long line;
    struct framework *fw;
    size_t cap;
    bool has_format;
    long key_line, name_line, desc_line;
};

static int fail_at(struct fw_parser *p, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(struct fw_parser *p, long line, const char *fmt, ...)
{
    char why[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (line > 0)
        return err_set(p->e, ERR_INPUT, "%s:%ld: %s", p->file, line, why);
    return err_set(p->e, ERR_INPUT, "%s: %s", p->file, why);
}

static int nomem(struct fw_parser *p)
{
    return err_set(p->e, ERR_NOMEM, "out of memory");
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool key_valid_n(const char *s, size_t n)
{
    if (n < 1 || n > FW_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return false;
    return true;
}

bool framework_key_valid(const char *s)
{
    return s && key_valid_n(s, strlen(s));
}

/* A value after "key:" with its blanks trimmed: 1..max bytes. */
static int value_of(struct fw_parser *p, const char *what, const char *s, size_t n, size_t max,
                    const char **out)
{
    while (n && is_blank(*s)) {
        s++;
        n--;
    }
    if (n == 0)
        return fail_at(p, p->line, "give the %s after the colon", what);
    if (n > max)
        return fail_at(p, p->line, "the %s is longer than %zu characters", what, max);
    if (!(*out = arena_strndup(p->a, s, n)))
        return nomem(p);
    return 0;
}

static bool starts(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && memcmp(s, word, k) == 0;
}

static int component_line(struct fw_parser *p, const char *s, size_t n)
{
    /* "component KEY: Name" */
    s += 9;
    n -= 9;
    if (!n || !is_blank(*s))
        return fail_at(p, p->line, "write a component as 'component KEY: Name'");
    while (n && is_blank(*s)) {
        s++;
        n--;
    }
    const char *colon = memchr(s, ':', n);
    if (!colon)
        return fail_at(p, p->line, "write a component as 'component KEY: Name' (no colon found)");
    size_t klen = (size_t)(colon - s);
    while (klen && is_blank(s[klen - 1]))
        klen--;
    if (!key_valid_n(s, klen))
        return fail_at(p, p->line,
                       "a component key is 1 to %d lower case letters, digits and hyphens",
                       FW_KEY_MAX);
    struct framework *fw = p->fw;
    for (size_t i = 0; i < fw->n_components; i++)
        if (strlen(fw->components[i].key) == klen && !memcmp(fw->components[i].key, s, klen))
            return fail_at(p, p->line, "the component '%.*s' is given twice", (int)klen, s);
    if (fw->n_components >= FW_MAX_COMPONENTS)
        return fail_at(p, p->line, "a framework has at most %d components", FW_MAX_COMPONENTS);
    struct framework_component *c =
        arena_push(p->a, &fw->components, &fw->n_components, &p->cap, sizeof *c);
    if (!c || !(c->key = arena_strndup(p->a, s, klen)))
        return nomem(p);
    c->position = (int)fw->n_components;
    size_t rest = n - klen;
    const char *v = colon + 1;
    rest = n - (size_t)(v - s);
    return value_of(p, "component's name", v, rest, FW_NAME_MAX, &c->name);
}

static int field_line(struct fw_parser *p, const char *s, size_t n, const char *word, long *seen,
                      size_t max, const char **out)
{
    size_t k = strlen(word);
    if (*seen)
        return fail_at(p, p->line, "'%s' is given twice (first on line %ld)", word, *seen);
    *seen = p->line;
    return value_of(p, word, s + k + 1, n - k - 1, max, out);
}

static int parse_line(struct fw_parser *p, const char *s, size_t n)
{
    if (!p->has_format) {
        if (n == 16 && !memcmp(s, "meso-framework 1", 16)) {
            p->has_format = true;
            return 0;
        }
        if (starts(s, n, "meso-framework"))
            return fail_at(p, p->line,
                           "this meso reads framework files of version 1; the first line "
                           "should be 'meso-framework 1'");
        return fail_at(p, p->line, "the first line should be 'meso-framework 1'");
    }
    if (starts(s, n, "key:")) {
        const char *k;
        int rc = field_line(p, s, n, "key", &p->key_line, FW_KEY_MAX, &k);
        if (rc)
            return rc;
        if (!framework_key_valid(k))
            return fail_at(p, p->line,
                           "a framework key is 1 to %d lower case letters, digits and hyphens",
                           FW_KEY_MAX);
        p->fw->key = k;
        return 0;
    }
    if (starts(s, n, "name:"))
        return field_line(p, s, n, "name", &p->name_line, FW_NAME_MAX, &p->fw->name);
    if (starts(s, n, "description:"))
        return field_line(p, s, n, "description", &p->desc_line, FW_TEXT_MAX, &p->fw->description);
    if (starts(s, n, "component") && (n == 9 || is_blank(s[9])))
        return component_line(p, s, n);
    size_t w = 0;
    while (w < n && w < 30 && !is_blank(s[w]) && s[w] != ':')
        w++;
    return fail_at(p, p->line,
                   "'%.*s' is not part of a framework file (use key:, name:, description: or "
                   "component KEY: Name)",
                   (int)w, s);
}

static int check_line(struct fw_parser *p, const char *s, size_t n)
{
    if (memchr(s, '\0', n))
        return fail_at(p, p->line, "the line holds a NUL byte; is this a text file?");
    if (!str_utf8_valid(s, n))
        return fail_at(p, p->line, "the line is not valid UTF-8; save the file as UTF-8");
    if (n > FW_LINE_MAX)
        return fail_at(p, p->line, "the line is longer than %d bytes", FW_LINE_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
            return fail_at(p, p->line, "the line holds a control character");
    return 0;
}

int framework_parse(struct arena *a, const char *name, const char *text, size_t len,
                    struct framework *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct fw_parser p = { .a = a, .file = name ? name : "(framework)", .e = e, .fw = out };
    if (len > FW_FILE_MAX)
        return fail_at(&p, 0, "the file is larger than %d KiB", FW_FILE_MAX / 1024);
    if (len == 0 || !text)
        return fail_at(&p, 0, "the file is empty; the first line should be 'meso-framework 1'");
    struct text_lines lines;
    text_lines_init(&lines, text, len);
    int rc;
    const char *s;
    size_t n;
    while (text_lines_next(&lines, &s, &n)) {
        p.line = lines.line;
        if ((rc = check_line(&p, s, n)))
            return rc;
        text_trim(&s, &n);
        if (n == 0 || *s == '#')
            continue;
        if ((rc = parse_line(&p, s, n)))
            return rc;
    }
    if (!p.has_format)
        return fail_at(&p, 0, "the first line should be 'meso-framework 1'");
    if (!out->key)
        return fail_at(&p, 0, "give the framework a key (a line 'key: my-framework')");
    if (!out->name)
        return fail_at(&p, 0, "give the framework a name (a line 'name: My framework')");
    if (!out->n_components)
        return fail_at(&p, 0, "give at least one component (a line 'component KEY: Name')");
    return 0;
}

int framework_split_ref(struct arena *a, const char *ref, const char **fw_key,
                        const char **component_key, struct err *e)
{
    const char *slash = ref ? strchr(ref, '/') : NULL;
    if (!slash || !key_valid_n(ref, (size_t)(slash - ref)) || !framework_key_valid(slash + 1))
        return err_set(e, ERR_INPUT,
                       "'%s' is not a component: write it as FRAMEWORK/COMPONENT, like "
                       "afa/conversations (see `meso framework list`)",
                       ref ? ref : "");
    *fw_key = arena_strndup(a, ref, (size_t)(slash - ref));
    *component_key = arena_strdup(a, slash + 1);
    if (!*fw_key || !*component_key)
        return err_set(e, ERR_NOMEM, "out of memory");
    return 0;
}

/* ---- storage ------------------------------------------------------------ */

static int read_components(struct db *db, struct arena *a, struct framework *fw, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT id, key, name, position FROM framework_component"
                        " WHERE framework_id = ?1 ORDER BY position",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, fw->id);
    size_t cap = 0;
    fw->components = NULL;
    fw->n_components = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct framework_component *c =
            arena_push(a, &fw->components, &fw->n_components, &cap, sizeof *c);
        if (!c || !(c->key = arena_strdup(a, db_col_text(st, 1))) ||
            !(c->name = arena_strdup(a, db_col_text(st, 2)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        c->id = db_col_int(st, 0);
        c->position = (int)db_col_int(st, 3);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

#define FW_COLS                                                                      \
    "f.id, coalesce(f.school_id, 0), f.key, f.name, f.description, EXISTS (SELECT 1" \
    " FROM school_framework sf WHERE sf.school_id = ?1 AND sf.framework_id = f.id)"

static int read_framework(struct db_stmt *st, struct arena *a, struct framework *fw)
{
    memset(fw, 0, sizeof *fw);
    fw->id = db_col_int(st, 0);
    fw->school_id = db_col_int(st, 1);
    fw->key = arena_strdup(a, db_col_text(st, 2));
    fw->name = arena_strdup(a, db_col_text(st, 3));
    fw->description = arena_strdup(a, db_col_text(st, 4));
    fw->chosen = db_col_int(st, 5) != 0;
    return fw->key && fw->name ? 0 : ERR_NOMEM;
}

static int list_frameworks(struct db *db, struct arena *a, int64_t school_id, bool chosen_only,
                           struct framework **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " FW_COLS " FROM framework f WHERE (f.school_id IS NULL OR"
                        " f.school_id = ?1) ORDER BY f.school_id IS NOT NULL, f.key",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (chosen_only && !db_col_int(st, 5))
            continue;
        struct framework *fw = arena_push(a, out, n, &cap, sizeof *fw);
        if (!fw || read_framework(st, a, fw)) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if ((rc = read_components(db, a, &(*out)[i], e)))
            return rc;
    return 0;
}

int framework_list(struct db *db, struct arena *a, int64_t school_id, struct framework **out,
                   size_t *n, struct err *e)
{
    return list_frameworks(db, a, school_id, false, out, n, e);
}

int framework_chosen(struct db *db, struct arena *a, int64_t school_id, struct framework **out,
                     size_t *n, struct err *e)
{
    return list_frameworks(db, a, school_id, true, out, n, e);
}

int framework_by_key(struct db *db, struct arena *a, int64_t school_id, const char *key,
                     struct framework *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " FW_COLS " FROM framework f WHERE f.key = ?2 AND"
                        " (f.school_id = ?1 OR f.school_id IS NULL)"
                        " ORDER BY f.school_id IS NULL LIMIT 1",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, key);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        rc = read_framework(st, a, out) ? err_set(e, ERR_NOMEM, "out of memory") : 0;
    else if (rc == DB_DONE)
        rc = err_set(e, ERR_NOTFOUND, "there is no framework '%s' (see `meso framework list`)",
                     key ? key : "");
    db_finalize(st);
    if (rc)
        return rc;
    return read_components(db, a, out, e);
}

int framework_add(struct db *db, struct arena *a, int64_t school_id, const char *name,
                  const char *text, size_t len, const char *actor, struct framework *out,
                  struct err *e)
{
    struct framework fw;
    int rc = framework_parse(a, name, text, len, &fw, e);
    if (rc)
        return rc;
    struct framework existing;
    struct arena tmp;
    arena_init(&tmp, 0);
    rc = framework_by_key(db, &tmp, school_id, fw.key, &existing, e);
    arena_release(&tmp);
    if (rc == 0)
        return err_set(e, ERR_CONFLICT,
                       "there is already a framework with the key '%s'; give a changed "
                       "framework a new key",
                       fw.key);
    if (rc != ERR_NOTFOUND)
        return rc;
    err_clear(e);
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO framework (school_id, key, name, description, added_by,"
                         " added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                         e)))
        goto fail;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, fw.key);
    db_bind_text(st, 3, fw.name);
    db_bind_text(st, 4, fw.description);
    db_bind_text(st, 5, actor ? actor : "unknown");
    db_bind_text(st, 6, now);
    rc = db_step_id(st, &fw.id, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    fw.school_id = school_id;
    for (size_t i = 0; i < fw.n_components; i++) {
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO framework_component (framework_id, key, name, position)"
                             " VALUES (?1, ?2, ?3, ?4) RETURNING id",
                             e)))
            goto fail;
        db_bind_int(st, 1, fw.id);
        db_bind_text(st, 2, fw.components[i].key);
        db_bind_text(st, 3, fw.components[i].name);
        db_bind_int(st, 4, fw.components[i].position);
        rc = db_step_id(st, &fw.components[i].id, e);
        db_finalize(st);
        if (rc < 0)
            goto fail;
    }
    if ((rc = db_commit(db, e)))
        return rc;
    if (out)
        *out = fw;
    return 0;
fail:
    db_rollback(db);
    return rc;
}

int framework_add_file(struct db *db, struct arena *a, int64_t school_id, const char *path,
                       const char *actor, struct framework *out, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ERR_NOTFOUND, "cannot read %s: %s", path, strerror(errno));
    struct buf b;
    buf_init(&b, FW_FILE_MAX);
    char chunk[4096];
    size_t got;
    int rc = 0;
    while (rc == 0 && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_add(&b, chunk, got);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (rc == ERR_LIMIT)
        rc = err_set(e, ERR_INPUT, "%s: the file is larger than %d KiB", path, FW_FILE_MAX / 1024);
    else if (rc)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    else if (bad)
        rc = err_set(e, ERR_NOTFOUND, "cannot read %s", path);
    else
        rc = framework_add(db, a, school_id, path, buf_str(&b), b.len, actor, out, e);
    buf_release(&b);
    return rc;
}

int framework_choose(struct db *db, int64_t school_id, const char *const *keys, size_t n,
                     const char *actor, struct err *e)
{
    if (n == 0)
        return err_set(e, ERR_INPUT, "choose at least one framework (see `meso framework list`)");
    struct arena a;
    arena_init(&a, 0);
    int64_t *ids = arena_array(&a, n, sizeof *ids);
    int rc = ids ? 0 : err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct framework fw;
        rc = framework_by_key(db, &a, school_id, keys[i], &fw, e);
        if (rc == ERR_NOTFOUND)
            rc = err_set(e, ERR_INPUT, "there is no framework '%s' (see `meso framework list`)",
                         keys[i] ? keys[i] : "");
        if (rc == 0)
            ids[i] = fw.id;
    }
    if (rc) {
        arena_release(&a);
        return rc;
    }
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    if ((rc = db_begin(db, e)))
        goto out;
    if ((rc = db_prepare(db, &st, "DELETE FROM school_framework WHERE school_id = ?1", e)))
        goto fail;
    db_bind_int(st, 1, school_id);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO school_framework (school_id, framework_id,"
                             " chosen_by, chosen_at) VALUES (?1, ?2, ?3, ?4)"
                             " ON CONFLICT (school_id, framework_id) DO NOTHING",
                             e)))
            goto fail;
        db_bind_int(st, 1, school_id);
        db_bind_int(st, 2, ids[i]);
        db_bind_text(st, 3, actor ? actor : "unknown");
        db_bind_text(st, 4, now);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            goto fail;
    }
    rc = db_commit(db, e);
    goto out;
fail:
    db_rollback(db);
out:
    arena_release(&a);
    return rc < 0 ? rc : 0;
}

int framework_map_provision(struct db *db, struct arena *a, int64_t school_id, int64_t provision_id,
                            const char *const *refs, size_t n, const struct audit_entry *who,
                            struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT name FROM provision WHERE id = ?1 AND school_id = ?2", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    db_bind_int(st, 2, school_id);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "there is no provision number %lld at this school",
                       (long long)provision_id);
    if (n == 0)
        return err_set(e, ERR_INPUT, "name at least one component, like afa/conversations");
    int64_t *comp = arena_array(a, n, sizeof *comp);
    int64_t *fws = arena_array(a, n, sizeof *fws);
    if (!comp || !fws)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *fk, *ck = NULL;
        size_t len = refs[i] ? strlen(refs[i]) : 0;
        if (len > 1 && refs[i][len - 1] == '/' && key_valid_n(refs[i], len - 1)) {
            /* "afa/": no component of that framework (clears its mappings) */
            if (!(fk = arena_strndup(a, refs[i], len - 1)))
                return err_set(e, ERR_NOMEM, "out of memory");
        } else if ((rc = framework_split_ref(a, refs[i], &fk, &ck, e)))
            return rc;
        struct framework fw;
        rc = framework_by_key(db, a, school_id, fk, &fw, e);
        if (rc == ERR_NOTFOUND)
            return err_set(e, ERR_INPUT,
                           "%s: there is no framework '%s' (see `meso framework list`)", refs[i],
                           fk);
        if (rc)
            return rc;
        comp[i] = 0;
        for (size_t j = 0; ck && j < fw.n_components; j++)
            if (!strcmp(fw.components[j].key, ck))
                comp[i] = fw.components[j].id;
        if (ck && !comp[i])
            return err_set(e, ERR_INPUT, "%s: %s has no component '%s' (see `meso framework list`)",
                           refs[i], fw.name, ck);
        fws[i] = fw.id;
    }
    if ((rc = db_begin(db, e)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = db_prepare(db, &st,
                             "DELETE FROM provision_component WHERE provision_id = ?1 AND"
                             " component_id IN (SELECT id FROM framework_component WHERE"
                             " framework_id = ?2)",
                             e)))
            goto fail;
        db_bind_int(st, 1, provision_id);
        db_bind_int(st, 2, fws[i]);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        if (!comp[i])
            continue;
        if ((rc = db_prepare(db, &st,
                             "INSERT INTO provision_component (provision_id,"
                             " component_id) VALUES (?1, ?2)"
                             " ON CONFLICT (provision_id, component_id) DO NOTHING",
                             e)))
            goto fail;
        db_bind_int(st, 1, provision_id);
        db_bind_int(st, 2, comp[i]);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            goto fail;
    }
    struct buf d;
    buf_init(&d, 2000);
    buf_adds(&d, "mapped to");
    for (size_t i = 0; i < n; i++) {
        buf_adds(&d, i ? ", " : " ");
        buf_adds(&d, refs[i]);
    }
    struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                              .address = who ? who->address : NULL,
                              .action = "update",
                              .entity = "provision",
                              .entity_id = provision_id,
                              .school_id = school_id,
                              .detail = buf_str(&d) };
    rc = audit_log(db, &au, e);
    buf_release(&d);
    if (rc)
        goto fail;
    return db_commit(db, e);
fail:
    db_rollback(db);
    return rc < 0 ? rc : ERR_STORAGE;
}

int framework_provision_components(struct db *db, struct arena *a, int64_t provision_id,
                                   const char ***out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT f.key || '/' || c.key FROM provision_component pc"
                        " JOIN framework_component c ON c.id = pc.component_id"
                        " JOIN framework f ON f.id = c.framework_id"
                        " WHERE pc.provision_id = ?1 ORDER BY f.school_id IS NOT NULL, f.key,"
                        " c.position",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, provision_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char **s = arena_push(a, out, n, &cap, sizeof *s);
        if (!s || !(*s = arena_strdup(a, db_col_text(st, 0)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int framework_create_provision(struct db *db, struct arena *a, struct provision *p,
                               const char *const *refs, size_t n, const struct audit_entry *who,
                               struct err *e)
{
    int rc = db_begin(db, e);
    if (rc)
        return rc;
    if ((rc = provision_create(db, p, who, e)) == 0 && n)
        rc = framework_map_provision(db, a, p->school_id, p->id, refs, n, who, e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
