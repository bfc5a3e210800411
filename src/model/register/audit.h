/* audit.h - the append-only audit trail. Every view and every change of a
 * child's or family's record appends one row: who, when, what, which record,
 * and from which address. The database refuses updates and deletes of these
 * rows; meso offers no way to change them. */
#ifndef MESO_AUDIT_H
#define MESO_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;

struct audit_entry {
    int64_t id;
    const char *at;      /* when; NULL on writing means now */
    const char *actor;   /* "cli:alice", "user:j.smith@school.org", "token:mis-sync" */
    const char *action;  /* view, create, update, import, link, ... */
    const char *entity;  /* pupil, carer, school, ... */
    int64_t entity_id;   /* 0 when none */
    int64_t pupil_id;    /* 0 when the entry is not about one child */
    int64_t school_id;   /* 0: the pupil's school when pupil_id is set, else none */
    const char *detail;  /* what changed, in words; never a secret */
    const char *address; /* the client address, or NULL for the command line */
};

/* Who is acting, for model functions that write the audit trail on their
 * caller's behalf: the actor as above, and the client address (NULL on the
 * command line). */
struct audit_who {
    const char *actor;
    const char *address;
};

/* Append one entry. An entry about a child (pupil_id) always carries the
 * child's school, even when the caller leaves school_id 0, so that the
 * school's trail (audit_list by school) shows it. Inside a transaction (a
 * change) the row is written in it; outside one (a view, a list) on a
 * connection that carries an audit writer (db_context: the web server's),
 * the row is queued for the writer, which commits it within its batch
 * window (auditw.h); the time is the time of the call either way. */
int audit_log(struct db *db, const struct audit_entry *a, struct err *e);

/* Inside a transaction (a change), audit_log and audit_batch_flush also
 * raise the school's data version (school.data_version: the school named,
 * else the pupil's), in the same transaction, so that a summary kept of the
 * school (the LA view's, model/la/lacache.h) knows it is out of date.
 * audit_bump does that alone: for changes that write no audit row. 0 when
 * neither is given. */
int audit_bump(struct db *db, int64_t school_id, int64_t pupil_id, struct err *e);

/* Insert one entry now, on this connection (audit_log does this unless the
 * row goes to the audit writer; the writer itself uses it). */
int audit_write(struct db *db, const struct audit_entry *a, struct err *e);

/* Append one entry on behalf of who (actor and address; NULL or no actor is
 * "unknown"): the form model functions use as they read or change a record. */
int audit_as(struct db *db, const struct audit_entry *who, const char *action, const char *entity,
             int64_t entity_id, int64_t pupil_id, int64_t school_id, const char *detail,
             struct err *e);

/* Many entries that differ only in action, entity_id and pupil_id (an
 * import's, one for each record it adds or changes), written AUDIT_BATCH to
 * a statement inside the caller's transaction. The common part (actor,
 * entity, school_id, detail, address, at) is copied from the entry given to
 * _init; actions must be string literals. Call _flush before committing. */
#define AUDIT_BATCH 16
struct audit_batch {
    struct db *db;
    struct audit_entry common;
    struct {
        const char *action;
        int64_t entity_id, pupil_id;
    } rows[AUDIT_BATCH];
    size_t n;
};
void audit_batch_init(struct audit_batch *b, struct db *db, const struct audit_entry *common);
int audit_batch_add(struct audit_batch *b, const char *action, int64_t entity_id, int64_t pupil_id,
                    struct err *e);
int audit_batch_flush(struct audit_batch *b, struct err *e);

struct audit_filter {
    int64_t pupil_id;  /* 0 = any */
    const char *actor; /* NULL = any */
    const char *since; /* ISO date; NULL = any */
    int64_t school_id; /* 0 = any */
    int limit;         /* 0 = no limit */
    int offset;
};

/* Entries matching f, newest first. Strings live in the arena. */
int audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
               struct audit_entry **out, size_t *n, struct err *e);

#endif
