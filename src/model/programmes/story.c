#include "model/programmes/story.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/problems.h"
#include "core/str.h"
#include "db/db.h"
#include "model/register/audit.h"
#include "model/programmes/progtemplate.h"

void story_validate(const struct story *s, struct problems *pr)
{
    if (str_blank(s->title))
        problems_add(pr, "title", "give the story a title");
    else if (strlen(s->title) > STORY_TITLE_MAX)
        problems_add(pr, "title", "keep the title under %d characters", STORY_TITLE_MAX);
    if (str_blank(s->body))
        problems_add(pr, "body", "type the story, or upload it as a text file");
    else if (strlen(s->body) > STORY_TEXT_MAX)
        problems_add(pr, "body", "the story is longer than %d characters; split it in two",
                     STORY_TEXT_MAX);
    if (s->coauthors && strlen(s->coauthors) > 500)
        problems_add(pr, "coauthors", "keep the co-authors under 500 characters");
    if (s->reading_level && strlen(s->reading_level) > 1000)
        problems_add(pr, "reading_level", "keep the notes under 1000 characters");
}

int story_text_from_upload(struct arena *a, const char *data, size_t len, const char **out,
                           struct err *e)
{
    if (len == 0)
        return err_set(e, ERR_INPUT, "the file is empty");
    if (len > STORY_UPLOAD_MAX)
        return err_set(e, ERR_INPUT,
                       "the file is larger than %d KiB: upload the story as plain "
                       "text",
                       STORY_UPLOAD_MAX / 1024);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    if (!str_utf8_valid(data, len))
        return err_set(e, ERR_INPUT,
                       "the file is not plain text: save the story as a .txt file "
                       "and upload that");
    struct buf b;
    buf_init(&b, STORY_UPLOAD_MAX + 1);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\r') {
            if (i + 1 < len && data[i + 1] == '\n')
                continue;
            c = '\n';
        }
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            buf_release(&b);
            return err_set(e, ERR_INPUT,
                           "the file is not plain text: save the story as a .txt "
                           "file and upload that");
        }
        rc = buf_addc(&b, (char)c);
    }
    char *text = rc ? NULL : arena_strdup(a, buf_str(&b));
    buf_release(&b);
    if (!text)
        return err_set(e, ERR_NOMEM, "out of memory");
    *out = str_trim(text);
    if (!**out)
        return err_set(e, ERR_INPUT, "the file has no text in it");
    return 0;
}

/* The enrolment's programme, school, pupil, and whether its template has
 * stories; also that session_id (when not 0) belongs to the programme. */
static int enrolment_facts(struct db *db, int64_t enrolment_id, int64_t session_id,
                           int64_t *provision_id, int64_t *school, int64_t *pupil, bool *stories,
                           struct err *e)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, &st,
                   "SELECT e.provision_id, pr.school_id, e.pupil_id, t.definition, e.consent FROM"
                   " enrolment e JOIN provision pr ON pr.id = e.provision_id LEFT JOIN"
                   " programme_template t ON t.id = pr.template_id WHERE e.id = ?1",
                   e);
    if (rc)
        return rc;
    db_bind_int(st, 1, enrolment_id);
    rc = db_step(st, e);
    *stories = false;
    bool consented = false;
    if (rc == DB_ROW) {
        const char *consent = db_col_text(st, 4);
        consented = consent && strcmp(consent, "given") == 0;
        *provision_id = db_col_int(st, 0);
        *school = db_col_int(st, 1);
        *pupil = db_col_int(st, 2);
        const char *def = db_col_text(st, 3);
        if (def) {
            struct arena a;
            arena_init(&a, 0);
            struct progtemplate t;
            struct err ignore;
            if (progtemplate_parse(&a, "template", def, strlen(def), &t, &ignore) == 0)
                *stories = t.stories;
            arena_release(&a);
        }
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such enrolment");
    if (rc < 0)
        return rc;
    /* A child's stories and reading are kept only with the family's consent,
     * as attendance is. */
    if (!consented)
        return err_set(e, ERR_INPUT,
                       "consent: the family has not given consent yet; record their consent "
                       "first");
    if (!session_id)
        return 0;
    if ((rc = db_prepare(db, &st,
                         "SELECT 1 FROM programme_session WHERE id = ?1 AND provision_id = ?2", e)))
        return rc;
    db_bind_int(st, 1, session_id);
    db_bind_int(st, 2, *provision_id);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_INPUT, "session: that session is not in this programme");
    return rc < 0 ? rc : 0;
}

int story_save(struct db *db, struct story *s, const struct audit_entry *who, struct err *e)
{
    struct arena a;
    arena_init(&a, 0);
    struct problems pr;
    problems_init(&pr, &a);
    story_validate(s, &pr);
    int rc = 0;
    if (pr.n)
        rc = err_set(e, ERR_INPUT, "%s: %s", pr.items[0].field, pr.items[0].msg);
    arena_release(&a);
    if (rc)
        return rc;
    int64_t provision, school, pupil;
    bool stories;
    if ((rc = enrolment_facts(db, s->enrolment_id, s->session_id, &provision, &school, &pupil,
                              &stories, e)))
        return rc;
    if (!stories)
        return err_set(e, ERR_INPUT, "this programme does not keep stories");
    char now[DATE_TS_LEN];
    date_timestamp(now);
    struct db_stmt *st;
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO story (session_id, enrolment_id, title, coauthors, body,"
                         " reading_level, source, filename, recorded_by, recorded_at, updated_at)"
                         " VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, nullif(?6, ''), ?7, ?8, ?9,"
                         " ?10, ?10) ON CONFLICT (session_id, enrolment_id) DO UPDATE SET"
                         " title = ?3, coauthors = nullif(?4, ''), body = ?5,"
                         " reading_level = nullif(?6, ''), source = ?7, filename = ?8,"
                         " updated_at = ?10",
                         e)))
        return rc;
    db_bind_int(st, 1, s->session_id);
    db_bind_int(st, 2, s->enrolment_id);
    db_bind_text(st, 3, s->title);
    db_bind_text(st, 4, s->coauthors);
    db_bind_text(st, 5, s->body);
    db_bind_text(st, 6, s->reading_level);
    db_bind_text(st, 7, s->uploaded ? "uploaded" : "typed");
    db_bind_text(st, 8, s->uploaded ? s->filename : NULL);
    db_bind_text(st, 9, who && who->actor ? who->actor : "unknown");
    db_bind_text(st, 10, now);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, &st,
                         "SELECT id FROM story WHERE session_id = ?1 AND enrolment_id = ?2", e)))
        return rc;
    db_bind_int(st, 1, s->session_id);
    db_bind_int(st, 2, s->enrolment_id);
    rc = db_step(st, e);
    s->id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    return audit_as(db, who, "save story", "story", s->id, pupil, school, s->title, e);
}

#define STORY_COLS                                                                         \
    "s.id, s.session_id, s.enrolment_id, s.title, s.coauthors, s.body, s.reading_level,"   \
    " s.source, s.filename, e.provision_id, e.pupil_id, ps.seq, ps.session_date, pr.name," \
    " pr.school_id"
#define STORY_FROM                                                                         \
    " FROM story s JOIN enrolment e ON e.id = s.enrolment_id JOIN programme_session ps ON" \
    " ps.id = s.session_id JOIN provision pr ON pr.id = e.provision_id"

static void read_story(struct db_stmt *st, struct arena *a, struct story *s, int64_t *school)
{
    memset(s, 0, sizeof *s);
    s->id = db_col_int(st, 0);
    s->session_id = db_col_int(st, 1);
    s->enrolment_id = db_col_int(st, 2);
    s->title = arena_strdup(a, db_col_text(st, 3));
    s->coauthors = arena_strdup(a, db_col_text(st, 4));
    s->body = arena_strdup(a, db_col_text(st, 5));
    s->reading_level = arena_strdup(a, db_col_text(st, 6));
    const char *src = db_col_text(st, 7);
    s->uploaded = src && !strcmp(src, "uploaded");
    s->filename = arena_strdup(a, db_col_text(st, 8));
    s->provision_id = db_col_int(st, 9);
    s->pupil_id = db_col_int(st, 10);
    s->session_seq = (int)db_col_int(st, 11);
    str_copy(s->session_date, sizeof s->session_date,
             db_col_text(st, 12) ? db_col_text(st, 12) : "");
    s->programme = arena_strdup(a, db_col_text(st, 13));
    if (school)
        *school = db_col_int(st, 14);
}

int story_get(struct db *db, struct arena *a, int64_t id, const struct audit_entry *who,
              struct story *out, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT " STORY_COLS STORY_FROM " WHERE s.id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    int64_t school = 0;
    if (rc == DB_ROW)
        read_story(st, a, out, &school);
    db_finalize(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_NOTFOUND, "no such story");
    if (rc < 0)
        return rc;
    return audit_as(db, who, "view", "story", out->id, out->pupil_id, school, NULL, e);
}

/* The child and school a list of no stories is about (the rows name them
 * when there are any): from the enrolment, or the pupil's own school. */
static int whose(struct db *db, int64_t enrolment_id, int64_t *pupil_id, int64_t *school,
                 struct err *e)
{
    struct db_stmt *st;
    int rc = enrolment_id
                 ? db_prepare(db, &st,
                              "SELECT e.pupil_id, pr.school_id FROM enrolment e JOIN provision pr"
                              " ON pr.id = e.provision_id WHERE e.id = ?1",
                              e)
                 : db_prepare(db, &st, "SELECT id, school_id FROM pupil WHERE id = ?1", e);
    if (rc)
        return rc;
    db_bind_int(st, 1, enrolment_id ? enrolment_id : *pupil_id);
    rc = db_step(st, e);
    if (rc == DB_ROW) {
        *pupil_id = db_col_int(st, 0);
        *school = db_col_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int list(struct db *db, struct arena *a, struct db_stmt *st, int64_t pupil_id,
                int64_t enrolment_id, const struct audit_entry *who, struct story **out, size_t *n,
                struct err *e)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int64_t school = 0;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct story *s = arena_push(a, out, n, &cap, sizeof *s);
        if (!s) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        read_story(st, a, s, &school);
        if (!pupil_id)
            pupil_id = s->pupil_id;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!*n && (rc = whose(db, enrolment_id, &pupil_id, &school, e)))
        return rc;
    return audit_as(db, who, "list", "story", 0, pupil_id, school,
                    arena_sprintf(a, "%zu stories", *n), e);
}

int story_list_for_enrolment(struct db *db, struct arena *a, int64_t enrolment_id,
                             const struct audit_entry *who, struct story **out, size_t *n,
                             struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " STORY_COLS STORY_FROM " WHERE s.enrolment_id = ?1"
                        " ORDER BY ps.session_date, ps.seq",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, enrolment_id);
    return list(db, a, st, 0, enrolment_id, who, out, n, e);
}

int story_count_for_pupil(struct db *db, int64_t pupil_id, long *n, struct err *e)
{
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT count(*) FROM story s JOIN enrolment e ON e.id = s.enrolment_id"
                        " WHERE e.pupil_id = ?1 AND e.consent = 'given'",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    rc = db_step(st, e);
    if (rc == DB_ROW)
        *n = (long)db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int story_list_for_pupil(struct db *db, struct arena *a, int64_t pupil_id,
                         const struct audit_entry *who, struct story **out, size_t *n,
                         struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT " STORY_COLS STORY_FROM " WHERE e.pupil_id = ?1 AND"
                        " e.consent = 'given' ORDER BY pr.start_date, pr.id, ps.session_date,"
                        " ps.seq",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, pupil_id);
    return list(db, a, st, pupil_id, 0, who, out, n, e);
}

int reading_add(struct db *db, struct reading_session *r, const struct audit_entry *who,
                struct err *e)
{
    struct date d;
    if (strlen(r->read_on) != 10 || date_parse(r->read_on, &d))
        return err_set(e, ERR_INPUT, "date: give the day of the reading (YYYY-MM-DD)");
    if (date_cmp(d, date_today()) > 0)
        return err_set(e, ERR_INPUT, "date: the reading is on a day still to come");
    if (r->minutes < 1 || r->minutes > 240)
        return err_set(e, ERR_INPUT, "minutes: give the length in minutes, from 1 to 240");
    if (r->notes && strlen(r->notes) > 2000)
        return err_set(e, ERR_INPUT, "notes: keep them under 2000 characters");
    int64_t provision, school, pupil;
    bool stories;
    int rc = enrolment_facts(db, r->enrolment_id, 0, &provision, &school, &pupil, &stories, e);
    if (rc)
        return rc;
    struct db_stmt *st;
    if (r->staff_id) {
        if ((rc = db_prepare(db, &st, "SELECT school_id FROM staff WHERE id = ?1", e)))
            return rc;
        db_bind_int(st, 1, r->staff_id);
        rc = db_step(st, e);
        bool ok = rc == DB_ROW && db_col_int(st, 0) == school;
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (!ok)
            return err_set(e, ERR_INPUT, "staff: no such member of staff at this school");
    }
    if (r->story_id) {
        if ((rc =
                 db_prepare(db, &st, "SELECT 1 FROM story WHERE id = ?1 AND enrolment_id = ?2", e)))
            return rc;
        db_bind_int(st, 1, r->story_id);
        db_bind_int(st, 2, r->enrolment_id);
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (rc == DB_DONE)
            return err_set(e, ERR_INPUT, "story: that is not one of this child's stories");
    }
    char now[DATE_TS_LEN];
    date_timestamp(now);
    if ((rc = db_prepare(db, &st,
                         "INSERT INTO reading_session (enrolment_id, read_on, minutes, staff_id,"
                         " story_id, notes, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5,"
                         " nullif(?6, ''), ?7, ?8) RETURNING id",
                         e)))
        return rc;
    db_bind_int(st, 1, r->enrolment_id);
    db_bind_text(st, 2, r->read_on);
    db_bind_int(st, 3, r->minutes);
    db_bind_int_or_null(st, 4, r->staff_id, r->staff_id == 0);
    db_bind_int_or_null(st, 5, r->story_id, r->story_id == 0);
    db_bind_text(st, 6, r->notes);
    db_bind_text(st, 7, who && who->actor ? who->actor : "unknown");
    db_bind_text(st, 8, now);
    rc = db_step_id(st, &r->id, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return audit_as(db, who, "add reading", "provision", provision, pupil, school, r->read_on, e);
}

int reading_list(struct db *db, struct arena *a, int64_t enrolment_id, struct reading_session **out,
                 size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, &st,
                        "SELECT r.id, r.read_on, r.minutes, coalesce(r.staff_id, 0), s.name,"
                        " coalesce(r.story_id, 0), r.notes FROM reading_session r LEFT JOIN staff"
                        " s ON s.id = r.staff_id WHERE r.enrolment_id = ?1 ORDER BY r.read_on,"
                        " r.id",
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, enrolment_id);
    size_t cap = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        struct reading_session *r = arena_push(a, out, n, &cap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->id = db_col_int(st, 0);
        r->enrolment_id = enrolment_id;
        str_copy(r->read_on, sizeof r->read_on, db_col_text(st, 1) ? db_col_text(st, 1) : "");
        r->minutes = (int)db_col_int(st, 2);
        r->staff_id = db_col_int(st, 3);
        r->staff_name = arena_strdup(a, db_col_text(st, 4));
        r->story_id = db_col_int(st, 5);
        r->notes = arena_strdup(a, db_col_text(st, 6));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
