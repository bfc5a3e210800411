/* auditw.h - the audit writer: one thread that commits the audit rows of
 * views in batches (issue 17).
 *
 * Every page view appends an audit row. Written one by one, each is a write
 * transaction of its own, and SQLite takes one writer at a time: the server's
 * workers queued behind each other (and behind the busy handler's sleeps) to
 * record that they had read something. With the writer, a view's row is
 * queued (copied, with the time of the view) before the page is built, so no
 * view is served without its row queued, and one thread with its own
 * connection commits whatever has queued, in one transaction, as soon as the
 * previous batch is committed (group commit).
 *
 * The window: a row is committed within AUDITW_WINDOW_MS of being queued
 * while the writer keeps up. When it does not (the oldest row waiting is
 * older than the window: the database is locked by an import, say), each new
 * view waits for its own row to be committed before it is served, so a
 * crash (SIGKILL, power) loses at most the rows of views served in the last
 * window. tests/http/test_auditw.mjs kills the server under load and checks
 * that every view acknowledged more than one window before has its row.
 *
 * Changes never come here: a change writes its row in its own transaction
 * (audit_log inside db_begin), so a change and its row commit together.
 */
#ifndef MESO_AUDITW_H
#define MESO_AUDITW_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct audit_entry;
struct audit_writer;

#define AUDITW_WINDOW_MS 50
/* Rows waiting beyond this many make a view wait for its own. */
#define AUDITW_MAX_WAITING 10000
/* A view waits at most this long for its row before failing (storage). */
#define AUDITW_WAIT_MS 10000

/* Start a writer on the database at path (its own connection). window_ms 0
 * means AUDITW_WINDOW_MS. */
int auditw_start(const char *path, unsigned window_ms, struct audit_writer **out, struct err *e);
/* Commit what is queued, then stop the thread and free the writer. */
void auditw_stop(struct audit_writer *w);

/* Queue one row (copied; at NULL means now). 0, ERR_NOMEM, or ERR_STORAGE
 * when the writer has not been able to commit for AUDITW_WAIT_MS. */
int auditw_push(struct audit_writer *w, const struct audit_entry *a, struct err *e);

/* Rows queued and not yet committed (/health shows it when not 0). */
size_t auditw_waiting(struct audit_writer *w);

/* Rows committed so far, and how many batches they took. */
void auditw_counts(struct audit_writer *w, uint64_t *rows, uint64_t *batches);

#endif
