/* transfer.h - a pupil's record sent on, or received, as a Common Transfer
 * File (io/ctf.h, docs/ctf.md).
 *
 * transfer_build() gathers what the CTF carries for some of a school's
 * pupils: basic details, SEN history with need types, FSM periods, and the
 * carers with their parental responsibility. transfer_import() reads one
 * back: every pupil is checked first (UPN check letter, dates, codes, each
 * problem with its element path) and nothing is written unless all pass.
 * A new pupil is added with their SEN history, FSM periods and carers; a
 * pupil already held (matched by UPN) has their names, date of birth, sex
 * and year updated, the SEN records and FSM periods they lack added, and
 * their carers matched or added. The SEN history received is kept with its
 * own dates (for a pupil already held, only the records newer than their
 * latest), and the pupil's current SEN is the latest record. meso's own
 * record of a pupil, when the file carries one (c->meso), is kept as history
 * from the previous school (transfer_meso.h), in the same transaction; one
 * for a UPN the file does not hold is a problem.
 */
#ifndef MESO_TRANSFER_H
#define MESO_TRANSFER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "io/ctf.h"

struct arena;
struct audit_entry;
struct db;
struct problems;

/* Fill *out for the pupils with these UPNs at school_id, addressed to
 * dest_urn. ERR_NOTFOUND naming the first UPN not found. One audit row per
 * pupil ("export"). */
int transfer_build(struct db *db, struct arena *a, int64_t school_id, const char *const *upns,
                   size_t n, const char *dest_urn, const struct audit_entry *who, struct ctf *out,
                   struct err *e);

struct transfer_result {
    int added, updated, carers;
    int histories;  /* meso's records kept as history (transfer_meso.h) */
    int attendance; /* pupils whose CTF attendance was kept as history */
};

/* Import c into school_id (source names the file, for the SEN history).
 * Problems go to pr as "PATH: message"; ERR_INPUT, writing nothing, when
 * there are any (those ctf_read put in pr too). */
int transfer_import(struct db *db, struct arena *a, int64_t school_id, const struct ctf *c,
                    const char *source, const struct audit_entry *who, struct problems *pr,
                    struct transfer_result *r, struct err *e);

#endif
