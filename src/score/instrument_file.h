/* instrument_file.h - a school's own measure, read from a definition file.
 *
 * The format is line-based text (UTF-8), documented with an example in
 * docs/measures.md: a header of `key value` lines, then sections
 * ([scale NAME], [total NAME], [impact NAME], [bands SCHEME SCORE],
 * [reliability SCORE]) each with their own `key value` lines. A line whose
 * first non-blank character is '#' is a comment. Names must be defined before
 * they are used (a total after its subscales, bands after their score).
 *
 * Every problem is reported as "FILE:LINE: reason" (or "FILE: reason" for a
 * problem of the whole file, such as a missing key), and nothing is returned.
 * The parser never trusts the input: sizes are bounded and the finished
 * definition passes instrument_check().
 */
#ifndef MESO_INSTRUMENT_FILE_H
#define MESO_INSTRUMENT_FILE_H

#include <stddef.h>

#include "core/arena.h"
#include "score/instrument.h"

#define INSTRUMENT_FILE_MAX (64 * 1024) /* bytes */
#define INSTRUMENT_LINE_MAX 1000        /* bytes in one line */

/* Parse a definition held in memory (len bytes; NULs are rejected, not
 * ended at). name is used in messages. On success *out points to a
 * definition allocated in a, valid until the arena is released. Returns 0,
 * ERR_INPUT with "name:LINE: reason", or ERR_NOMEM. */
int instrument_parse(struct arena *a, const char *name, const char *text, size_t len,
                     const struct instrument **out, struct err *e);

/* Read and parse a definition file. Returns what instrument_parse() returns,
 * or ERR_NOTFOUND when the file cannot be read, or ERR_INPUT when it is
 * larger than INSTRUMENT_FILE_MAX. */
int instrument_load(struct arena *a, const char *path, const struct instrument **out,
                    struct err *e);

#endif
