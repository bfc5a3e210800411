/* pupilmany.h - adding many new pupils (an import's), PUPILMANY_ROWS to a
 * statement: one INSERT of 16 rows costs SQLite much less than 16 INSERTs
 * (cursors, constraint bookkeeping and RETURNING are set up once) and
 * PostgreSQL one round trip instead of 16. Each pupil still gets its SEN
 * history and FSM period (what pupil_batch_added writes), 16 pupils' to a
 * statement too. Inside the caller's transaction, like pupil_batch_save.
 */
#ifndef MESO_PUPILMANY_H
#define MESO_PUPILMANY_H

#include <stddef.h>

#include "core/err.h"
#include "model/register/pupil.h"

#define PUPILMANY_ROWS 16

struct pupilmany {
    struct pupil_batch *b;
    struct pupil *rows[PUPILMANY_ROWS];
    unsigned fields[PUPILMANY_ROWS];
    size_t n;
};

void pupilmany_init(struct pupilmany *m, struct pupil_batch *b);

/* Queue p, a pupil the school does not have: it is written when the queue is
 * full or on _flush, which sets p->id. p (and its text) must stay valid
 * until then. Returns 0 or the error of a write. */
int pupilmany_add(struct pupilmany *m, struct pupil *p, unsigned fields, struct err *e);
int pupilmany_flush(struct pupilmany *m, struct err *e);

#endif
