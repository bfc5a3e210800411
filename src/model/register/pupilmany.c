#include "model/register/pupilmany.h"

#include <stdbool.h>
#include <string.h>

#include "db/db.h"

void pupilmany_init(struct pupilmany *m, struct pupil_batch *b)
{
    m->b = b;
    m->n = 0;
}

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

/* Row k's 19 parameters, from a = 3 + 19k (?1 school, ?2 the time). */
static void bind_row(struct db_stmt *st, int a, const struct pupil *p)
{
    db_bind_text(st, a, p->upn);
    db_bind_int(st, a + 1, p->upn_temporary);
    db_bind_text(st, a + 2, opt(p->former_upn));
    db_bind_text(st, a + 3, p->legal_surname);
    db_bind_text(st, a + 4, p->legal_forename);
    db_bind_text(st, a + 5, opt(p->preferred_surname));
    db_bind_text(st, a + 6, opt(p->preferred_forename));
    db_bind_text(st, a + 7, p->dob);
    db_bind_text(st, a + 8, p->sex);
    db_bind_text(st, a + 9, opt(p->nc_year));
    db_bind_text(st, a + 10, p->sen[0] ? p->sen : "N");
    db_bind_text(st, a + 11, opt(p->need1));
    db_bind_text(st, a + 12, opt(p->need2));
    db_bind_int_or_null(st, a + 13, p->eal, p->eal < 0);
    db_bind_text(st, a + 14, opt(p->first_language));
    db_bind_int(st, a + 15, p->looked_after);
    db_bind_text(st, a + 16, opt(p->admission_date));
    db_bind_text(st, a + 17, opt(p->leaving_date));
    db_bind_int_or_null(st, a + 18, p->reg_group_id, p->reg_group_id == 0);
}

/* A full queue in one statement; the ids come back with their UPNs (the
 * order of RETURNING rows is not promised). */
static int write_full(struct pupilmany *m, struct err *e)
{
    struct pupil_batch *b = m->b;
    struct db_stmt *st;
    int rc = db_prepare(
        b->db, &st,
        "INSERT INTO pupil (school_id, upn, upn_temporary, former_upn,"
        " legal_surname, legal_forename, preferred_surname, preferred_forename,"
        " dob, sex, nc_year, sen_provision, sen_primary_need, sen_secondary_need,"
        " eal, first_language, looked_after, admission_date, leaving_date,"
        " created_at, updated_at, reg_group_id) VALUES "
        "(?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?2, ?2, ?21), "
        "(?1, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?2, ?2, ?40), "
        "(?1, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?57, ?58, ?2, ?2, ?59), "
        "(?1, ?60, ?61, ?62, ?63, ?64, ?65, ?66, ?67, ?68, ?69, ?70, ?71, ?72, ?73, ?74, ?75, ?76, ?77, ?2, ?2, ?78), "
        "(?1, ?79, ?80, ?81, ?82, ?83, ?84, ?85, ?86, ?87, ?88, ?89, ?90, ?91, ?92, ?93, ?94, ?95, ?96, ?2, ?2, ?97), "
        "(?1, ?98, ?99, ?100, ?101, ?102, ?103, ?104, ?105, ?106, ?107, ?108, ?109, ?110, ?111, ?112, ?113, ?114, ?115, ?2, ?2, ?116), "
        "(?1, ?117, ?118, ?119, ?120, ?121, ?122, ?123, ?124, ?125, ?126, ?127, ?128, ?129, ?130, ?131, ?132, ?133, ?134, ?2, ?2, ?135), "
        "(?1, ?136, ?137, ?138, ?139, ?140, ?141, ?142, ?143, ?144, ?145, ?146, ?147, ?148, ?149, ?150, ?151, ?152, ?153, ?2, ?2, ?154), "
        "(?1, ?155, ?156, ?157, ?158, ?159, ?160, ?161, ?162, ?163, ?164, ?165, ?166, ?167, ?168, ?169, ?170, ?171, ?172, ?2, ?2, ?173), "
        "(?1, ?174, ?175, ?176, ?177, ?178, ?179, ?180, ?181, ?182, ?183, ?184, ?185, ?186, ?187, ?188, ?189, ?190, ?191, ?2, ?2, ?192), "
        "(?1, ?193, ?194, ?195, ?196, ?197, ?198, ?199, ?200, ?201, ?202, ?203, ?204, ?205, ?206, ?207, ?208, ?209, ?210, ?2, ?2, ?211), "
        "(?1, ?212, ?213, ?214, ?215, ?216, ?217, ?218, ?219, ?220, ?221, ?222, ?223, ?224, ?225, ?226, ?227, ?228, ?229, ?2, ?2, ?230), "
        "(?1, ?231, ?232, ?233, ?234, ?235, ?236, ?237, ?238, ?239, ?240, ?241, ?242, ?243, ?244, ?245, ?246, ?247, ?248, ?2, ?2, ?249), "
        "(?1, ?250, ?251, ?252, ?253, ?254, ?255, ?256, ?257, ?258, ?259, ?260, ?261, ?262, ?263, ?264, ?265, ?266, ?267, ?2, ?2, ?268), "
        "(?1, ?269, ?270, ?271, ?272, ?273, ?274, ?275, ?276, ?277, ?278, ?279, ?280, ?281, ?282, ?283, ?284, ?285, ?286, ?2, ?2, ?287), "
        "(?1, ?288, ?289, ?290, ?291, ?292, ?293, ?294, ?295, ?296, ?297, ?298, ?299, ?300, ?301, ?302, ?303, ?304, ?305, ?2, ?2, ?306)"
        " RETURNING id, upn",
        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, b->school_id);
    db_bind_text(st, 2, b->now);
    for (size_t k = 0; k < PUPILMANY_ROWS; k++)
        bind_row(st, 3 + 19 * (int)k, m->rows[k]);
    size_t got = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char *upn = db_col_text(st, 1);
        for (size_t k = 0; k < PUPILMANY_ROWS; k++)
            if (!m->rows[k]->id && upn && !strcmp(m->rows[k]->upn, upn)) {
                m->rows[k]->id = db_col_int(st, 0);
                got++;
                break;
            }
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (got != PUPILMANY_ROWS)
        return err_set(e, ERR_STORAGE, "adding pupils: %zu of %d ids came back", got,
                       PUPILMANY_ROWS);
    return 0;
}

/* The SEN history of a full queue's pupils with SEN or a need (as
 * pupil_batch_added writes it), in one statement. The rows come from the
 * bound values (a pupil without SEN is bound as NULLs and left out), not
 * from pupil: PostgreSQL plans a prepared statement once, while the table
 * still looked empty, and would read the whole table for each statement. */
static int write_sen(struct pupilmany *m, struct err *e)
{
    struct pupil_batch *b = m->b;
    struct db_stmt *st;
    int rc = db_prepare(
        b->db, &st,
        "INSERT INTO sen_history (pupil_id, provision, primary_need, secondary_need,"
        " effective_date, source)"
        " SELECT CAST(column1 AS INTEGER), column2, column3, column4, ?1, ?2 FROM (VALUES "
        "(?3, ?4, ?5, ?6), (?7, ?8, ?9, ?10), (?11, ?12, ?13, ?14), (?15, ?16, "
        "?17, ?18), (?19, ?20, ?21, ?22), (?23, ?24, ?25, ?26), (?27, ?28, "
        "?29, ?30), (?31, ?32, ?33, ?34), (?35, ?36, ?37, ?38), (?39, ?40, "
        "?41, ?42), (?43, ?44, ?45, ?46), (?47, ?48, ?49, ?50), (?51, ?52, "
        "?53, ?54), (?55, ?56, ?57, ?58), (?59, ?60, ?61, ?62), (?63, ?64, "
        "?65, ?66)"
        ") AS v WHERE column1 IS NOT NULL",
        e);
    if (rc)
        return rc;
    db_bind_text(st, 1, b->today);
    db_bind_text(st, 2, b->source);
    int n = 0;
    for (int k = 0; k < PUPILMANY_ROWS; k++) {
        const struct pupil *p = m->rows[k];
        int a = 3 + 4 * k;
        if ((p->sen[0] && p->sen[0] != 'N') || p->need1[0]) {
            db_bind_int(st, a, p->id);
            db_bind_text(st, a + 1, p->sen[0] ? p->sen : "N");
            db_bind_text(st, a + 2, opt(p->need1));
            db_bind_text(st, a + 3, opt(p->need2));
            n++;
        } else {
            for (int i = 0; i < 4; i++)
                db_bind_null(st, a + i);
        }
    }
    rc = n ? db_step(st, e) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The FSM periods opened by a full queue's pupils (FSM = Y), in one
 * statement, the same way. */
static int write_fsm(struct pupilmany *m, struct err *e)
{
    struct pupil_batch *b = m->b;
    struct db_stmt *st;
    int rc = db_prepare(b->db, &st,
                        "INSERT INTO fsm_period (pupil_id, start_date)"
                        " SELECT CAST(column1 AS INTEGER), column2 FROM (VALUES "
                        "(?1, ?2), (?3, ?4), (?5, ?6), (?7, ?8), (?9, ?10), (?11, ?12), (?13, "
                        "?14), (?15, ?16), (?17, ?18), (?19, ?20), (?21, ?22), (?23, ?24), "
                        "(?25, ?26), (?27, ?28), (?29, ?30), (?31, ?32)"
                        ") AS v WHERE column1 IS NOT NULL",
                        e);
    if (rc)
        return rc;
    int n = 0;
    for (int k = 0; k < PUPILMANY_ROWS; k++) {
        const struct pupil *p = m->rows[k];
        if ((m->fields[k] & PF_FSM) && p->fsm) {
            db_bind_int(st, 1 + 2 * k, p->id);
            db_bind_text(st, 2 + 2 * k, p->fsm_since[0] ? p->fsm_since : b->today);
            n++;
        } else {
            db_bind_null(st, 1 + 2 * k);
            db_bind_null(st, 2 + 2 * k);
        }
    }
    rc = n ? db_step(st, e) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int pupilmany_flush(struct pupilmany *m, struct err *e)
{
    int rc = 0;
    if (m->n == PUPILMANY_ROWS) {
        for (size_t k = 0; k < m->n; k++) {
            m->rows[k]->id = 0;
            m->rows[k]->school_id = m->b->school_id;
        }
        if (!(rc = write_full(m, e)) && !(rc = write_sen(m, e)))
            rc = write_fsm(m, e);
    } else {
        enum pupil_save_result res;
        for (size_t k = 0; k < m->n && !rc; k++)
            rc = pupil_batch_save(m->b, m->rows[k], NULL, m->fields[k], &res, e);
    }
    m->n = 0;
    return rc;
}

int pupilmany_add(struct pupilmany *m, struct pupil *p, unsigned fields, struct err *e)
{
    m->rows[m->n] = p;
    m->fields[m->n] = fields;
    return ++m->n == PUPILMANY_ROWS ? pupilmany_flush(m, e) : 0;
}
