/* db.h - the storage interface that model code uses. It is backend-neutral:
 * db_sqlite.c and db_pg.c implement it (driver.h), and db_open() picks one
 * from the name it is given: a postgresql:// (or postgres://) URI opens
 * PostgreSQL through libpq, anything else is an SQLite file. Model code never
 * includes a backend header.
 *
 * SQL is accepted only as string literals: db_prepare() and db_exec() are
 * macros that paste "" in front of the argument, so passing a variable is a
 * compile error. Values always travel as bound parameters (?1, ?2, ...).
 *
 * One struct db is one connection and must be used by one thread at a time.
 * All functions that can fail return 0 or a negative err_code and fill e.
 */
#ifndef MESO_DB_H
#define MESO_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct db_stmt;

enum db_step_result { DB_DONE = 0, DB_ROW = 1 };

enum db_open_flags {
    DB_OPEN_CREATE = 1,     /* create the file when it does not exist */
    DB_OPEN_READONLY = 2,   /* open read-only (no migration is attempted) */
    DB_OPEN_NO_MIGRATE = 4, /* do not migrate (used by tests and `meso check`) */
    /* Be the database's only user until closed, or fail with ERR_CONFLICT
     * when another connection (in any process) has it open: `meso restore`
     * never replaces a database in use. SQLite only (PostgreSQL: ERR_USAGE). */
    DB_OPEN_EXCLUSIVE = 8,
};

/* Process-wide set-up, before any database is opened (cli_main calls it
 * first thing): turns off SQLite's memory statistics, whose global mutex
 * would otherwise be taken on every allocation by every server thread. */
void db_global_init(void);

/* Open (and by default migrate) the database at path: an SQLite file, or a
 * postgresql://... URI (DB_OPEN_CREATE then creates the database when the
 * server has none of that name). On success *out owns the connection; close
 * it with db_close(). A database written by a newer meso, or one that is not
 * a meso database, is refused with ERR_STORAGE. db_path() is the name as
 * given, less any password in a URI. */
int db_open(struct db **out, const char *path, int flags, struct err *e);
void db_close(struct db *db);
const char *db_path(const struct db *db);

/* Prepare a statement from an SQL string literal. Always pair with
 * db_finalize(), which returns a cached statement to the connection's cache
 * (statements are cached by the literal's address, so preparing inside a loop
 * costs nothing after the first time). */
#define db_prepare(db, out, sql, e) db_prepare_literal((db), (out), "" sql, (e))
int db_prepare_literal(struct db *db, struct db_stmt **out, const char *sql, struct err *e);
void db_finalize(struct db_stmt *st);
/* Reset a statement for another run and clear its bindings. */
void db_reset(struct db_stmt *st);

/* Bind parameter idx (1-based). A NULL text binds SQL NULL. Text is NOT
 * copied: it must stay valid until the statement is reset or finalized
 * (bind, step, finalize in one function, as everywhere in meso). Bind errors
 * are reported by the following db_step(). */
void db_bind_text(struct db_stmt *st, int idx, const char *v);
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_double(struct db_stmt *st, int idx, double v);
void db_bind_null(struct db_stmt *st, int idx);
/* Bind an int, or NULL when is_null. */
void db_bind_int_or_null(struct db_stmt *st, int idx, int64_t v, bool is_null);

/* Run one step. Returns DB_ROW, DB_DONE, or a negative error (constraint
 * violations are ERR_CONFLICT, a busy database ERR_STORAGE). */
int db_step(struct db_stmt *st, struct err *e);
/* Run an INSERT ... RETURNING id to its end: *id is the new row's id (0 when
 * ON CONFLICT ... DO NOTHING inserted none). Returns DB_DONE (0) or a
 * negative error, like db_step on a statement that returns no rows. This is
 * how model code learns a new id (both SQLite and PostgreSQL speak
 * RETURNING). */
int db_step_id(struct db_stmt *st, int64_t *id, struct err *e);

/* Column accessors (0-based). Text is valid until the next step or reset;
 * SQL NULL gives NULL from db_col_text and 0 from the numeric ones. */
const char *db_col_text(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
bool db_col_is_null(struct db_stmt *st, int col);
int db_col_count(struct db_stmt *st);

/* Run SQL literal statements that return no rows. */
#define db_exec(db, sql, e) db_exec_literal((db), "" sql, (e))
int db_exec_literal(struct db *db, const char *sql, struct err *e);

/* Run an embedded script (migrations only; never user input). */
int db_exec_script(struct db *db, const char *script, struct err *e);

/* Transactions nest: the outermost is BEGIN IMMEDIATE on SQLite (BEGIN on
 * PostgreSQL, at READ COMMITTED), inner ones are savepoints. Every db_begin must be matched by one
 * db_commit or db_rollback. */
int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
void db_rollback(struct db *db);

int db_changes(struct db *db);

/* How many statements on this connection have failed because of another
 * writer (a serialization failure, a deadlock or a lock wait given up), and
 * how many transactions it has committed. The web server compares them
 * before and after a request to know whether running it again is safe. */
void db_writes(const struct db *db, unsigned long *busy, unsigned long *committed);

/* Whether a transaction (db_begin) is open on this connection. */
bool db_in_transaction(const struct db *db);

/* An object the layers above keep with a connection (the web server's
 * audit writer, model/register/auditw.h); NULL until set. Not owned. */
void db_set_context(struct db *db, void *ctx);
void *db_context(const struct db *db);

/* Schema version bookkeeping (used by migrate.c): how many migrations the
 * database has had. Each driver keeps it its own way (SQLite in its header's
 * user_version; a server database in a table of its own). */
int db_schema_version(struct db *db, int *out, struct err *e);
int db_set_schema_version(struct db *db, int v, struct err *e);

/* The SQL dialect of the connection's driver: "sqlite" or "postgresql".
 * Migrations use it to pick their driver parts. */
const char *db_dialect(const struct db *db);

/* Run the backend's integrity checks (page structure and foreign keys).
 * Problems are appended to report, one per line; *problems counts them. */
struct buf;
int db_integrity(struct db *db, struct buf *report, int *problems, struct err *e);

/* How db_backup() copies. Zeroed fields take the defaults. */
struct db_backup_opts {
    int step_pages;    /* pages copied in each step (default 256) */
    unsigned pause_ms; /* a pause between steps, to leave the disk to others */
    /* With no file named: the copy is made in memory and its bytes are given
     * to sink, in order, once it is complete (so a copy to be encrypted never
     * touches the disk in the clear). A sink error stops the backup. */
    int (*sink)(void *arg, const void *data, size_t n, struct err *e);
    void *sink_arg;
};

/* What a backup copied. */
struct db_backup_result {
    long long pages, page_size; /* the copy's size is pages * page_size */
    int steps;
};

/* Copy the whole database, consistently, while other connections go on
 * reading and writing: SQLite's online backup API in steps, all inside one
 * read transaction on db, so the copy is one moment's snapshot and writers
 * are never stopped (WAL). dest is a new, empty file (the caller makes it
 * under a temporary name, private, and renames it when done; a failed copy
 * is removed), or NULL for a copy
 * given to o->sink. On PostgreSQL this refuses (ERR_USAGE) and says to use
 * pg_dump or pg_basebackup (docs/backup.md). */
int db_backup(struct db *db, const char *dest, const struct db_backup_opts *o,
              struct db_backup_result *r, struct err *e);

/* After an erasure, make what was deleted or overwritten unreadable in the
 * database's own files. SQLite rewrites the whole file (VACUUM) and empties
 * its write-ahead log (a checkpoint that truncates it); ERR_CONFLICT when a
 * reader elsewhere kept the log from being emptied (the old words can then
 * stay in the log until the next checkpoint: try again when it is quiet).
 * PostgreSQL: VACUUM, which frees the old row versions for reuse; the server
 * keeps its own log segments for a while (docs/retention.md). Outside a
 * transaction only. */
int db_scrub(struct db *db, struct err *e);

/* True when name is a PostgreSQL URI (postgresql://... or postgres://...),
 * false for an SQLite path. */
bool db_is_pg_uri(const char *name);

#endif
