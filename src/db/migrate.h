/* migrate.h - numbered schema migrations, embedded in the binary from
 * src/db/migrations/NNNN_name.sql. The database's schema version is the
 * number of migrations applied (PRAGMA user_version for SQLite). */
#ifndef MESO_MIGRATE_H
#define MESO_MIGRATE_H

#include <stdbool.h>

#include "core/embed.h"
#include "core/err.h"

struct db;

/* The migrations this binary carries (generated at build time). */
extern const struct embed_file migrations_embedded[];

/* The schema version this binary writes. */
int migrate_latest(void);

/* Bring db up to date with the embedded migrations. A database whose version
 * is newer than this binary is refused (ERR_STORAGE). With apply false, an
 * older database is only reported, not changed. All pending migrations run
 * in one transaction: either all apply or none does. */
int migrate_check_or_apply(struct db *db, bool apply, struct err *e);

/* The same, against an explicit list (for tests): files is a table ended by
 * a zeroed entry, named NNNN_*.sql and numbered 1, 2, 3, ... without gaps. */
int migrate_with(struct db *db, const struct embed_file *files, bool apply, struct err *e);

#endif
