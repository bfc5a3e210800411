/* err.h - error codes and the caller-owned error context.
 *
 * Functions that can fail return 0 on success or a negative enum err_code, and
 * write a human-readable message into a struct err owned by the caller. The
 * message is for the user; it names the place (file:line: column: reason, or the
 * form field) where one is known. Internal detail goes to the log, not here.
 */
#ifndef MESO_ERR_H
#define MESO_ERR_H

#include <stddef.h>

enum err_code {
    ERR_OK = 0,
    ERR_USAGE = -1,    /* the command line was wrong */
    ERR_INPUT = -2,    /* the data given was invalid; nothing was written */
    ERR_STORAGE = -3,  /* database or file system failure */
    ERR_NOMEM = -4,    /* out of memory */
    ERR_NOTFOUND = -5, /* the thing asked for does not exist (or is not visible) */
    ERR_DENIED = -6,   /* not allowed */
    ERR_CONFLICT = -7, /* already exists, or changed under us */
    ERR_LIMIT = -8,    /* a size or rate limit was exceeded */
};

#define ERR_MSG_MAX 1024

struct err {
    int code;
    char msg[ERR_MSG_MAX];
};

/* Reset to "no error". */
void err_clear(struct err *e);

/* Record an error and return its code, so callers can write
 * `return err_set(e, ERR_INPUT, "...")`. A NULL e is allowed. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefix the existing message with more context: "ctx: old message". */
int err_wrap(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The process exit status for an error code: 0 ok, 1 usage, 2 invalid
 * input, 3 storage or system error (and anything else). */
int err_exit_status(int code);

/* A short fixed name for a code, e.g. "invalid input". */
const char *err_name(int code);

/* Defensive checks that stay in release builds (after SQLite's ALWAYS/NEVER):
 * the condition is expected to hold; if not, it is logged and the code takes
 * the safe path. */
#define ALWAYS(x) ((x) ? 1 : (err_assert_failed(#x, __FILE__, __LINE__), 0))
#define NEVER(x)  ((x) ? (err_assert_failed("!(" #x ")", __FILE__, __LINE__), 1) : 0)
void err_assert_failed(const char *what, const char *file, int line);

#endif
