#include "model/i18n/transfix.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/str.h"
#include "db/db.h"

static int by_msgid(const void *x, const void *y)
{
    return strcmp(((const struct tr_fix *)x)->msgid, ((const struct tr_fix *)y)->msgid);
}

int transfix_list(struct db *db, struct arena *a, int64_t school_id, const char *lang,
                  struct tr_fix **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT msgid, msgstr FROM translation_fix"
                        " WHERE school_id = ?1 AND lang = ?2 ORDER BY msgid",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, school_id);
    db_bind_text(st, 2, lang);
    while ((rc = db_step(st, e)) == 1) {
        struct tr_fix *f = arena_push(a, (void **)out, n, &cap, sizeof **out);
        if (!f) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        f->msgid = arena_strdup(a, db_col_text(st, 0));
        f->msgstr = arena_strdup(a, db_col_text(st, 1));
        if (!f->msgid || !f->msgstr) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (*n > 1)
        qsort(*out, *n, sizeof **out, by_msgid);
    return 0;
}

/* The message's problem as "field: reason", or 0. */
static int check(const struct lang *l, const char *msgid, const char *msgstr, struct err *e)
{
    if (!l || strcmp(l->code, "en") == 0)
        return err_set(e, ERR_INPUT, "lang: meso does not translate into this language");
    struct tr t;
    tr_init(&t, l);
    if (!msgid || !tr_catalogue(&t, msgid))
        return err_set(e, ERR_INPUT, "msgid: this is not one of meso's messages");
    if (!msgstr)
        return 0;
    size_t len = strlen(msgstr);
    if (len > TRANSFIX_MAX)
        return err_set(e, ERR_INPUT, "msgstr: this is too long (the most is %d bytes)",
                       TRANSFIX_MAX);
    if (!str_utf8_valid(msgstr, len) || strpbrk(msgstr, "\r\n\t"))
        return err_set(e, ERR_INPUT, "msgstr: write it on one line, as text");
    size_t want = tr_n_placeholders(msgid), got = tr_n_placeholders(msgstr);
    if (want != got)
        return err_set(e, ERR_INPUT,
                       "msgstr: keep the %zu place%s marked %%s (or %%1$s, %%2$s): meso puts "
                       "a name, a date or a number there",
                       want, want == 1 ? "" : "s");
    return 0;
}

int transfix_set(struct db *db, const struct audit_who *who, int64_t school_id, const char *lang,
                 const char *msgid, const char *msgstr, struct err *e)
{
    const struct lang *l = i18n_lang(lang);
    if (msgstr && str_blank(msgstr))
        msgstr = NULL;
    int rc = check(l, msgid, msgstr, e);
    if (rc)
        return rc;
    if ((rc = db_begin(db, e)))
        return rc;
    struct db_stmt *st;
    if (msgstr)
        rc = db_prepare(db, &st,
                        "INSERT INTO translation_fix (school_id, lang, msgid, msgstr, changed_by,"
                        " changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                        " ON CONFLICT (school_id, lang, msgid) DO UPDATE SET"
                        " msgstr = excluded.msgstr, changed_by = excluded.changed_by,"
                        " changed_at = excluded.changed_at",
                        e);
    else
        rc = db_prepare(db, &st,
                        "DELETE FROM translation_fix WHERE school_id = ?1 AND lang = ?2"
                        " AND msgid = ?3",
                        e);
    if (rc == 0) {
        char now[DATE_TS_LEN];
        date_timestamp(now);
        db_bind_int(st, 1, school_id);
        db_bind_text(st, 2, l->code);
        db_bind_text(st, 3, msgid);
        if (msgstr) {
            db_bind_text(st, 4, msgstr);
            db_bind_text(st, 5, who && who->actor ? who->actor : "unknown");
            db_bind_text(st, 6, now);
        }
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0) {
        struct audit_entry au = { .actor = who && who->actor ? who->actor : "unknown",
                                  .action = msgstr ? "update" : "delete",
                                  .entity = "translation",
                                  .school_id = school_id,
                                  .detail = l->name,
                                  .address = who ? who->address : NULL };
        rc = audit_log(db, &au, e);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, e);
}
