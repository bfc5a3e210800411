/* check.h - integrity checks for `meso check`: the storage engine's own
 * checks, then meso's rules (valid UPNs, SEN history agreeing with the
 * current record, FSM periods that do not overlap, ...). */
#ifndef MESO_CHECK_H
#define MESO_CHECK_H

#include "core/buf.h"
#include "core/err.h"

struct db;

struct check_report {
    int problems; /* the database is not healthy */
    int warnings; /* worth a look; not a fault */
    long schools, staff, pupils, carers;
    int schema;
    struct buf text; /* one line per problem or warning */
};

/* Run every check. The caller initialises report->text with buf_init and
 * releases it. Returns 0 when the checks ran (whatever they found). */
int check_run(struct db *db, struct check_report *report, struct err *e);

#endif
