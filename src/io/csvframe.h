/* csvframe.h - read the columns a formula names from a CSV file into a
 * frame (stats/frame.h). The first record is the header; a column the
 * formula names that is not in it is an error that names it and lists the
 * file's columns; a record with a different number of fields is an error
 * at its line. */
#ifndef MESO_CSVFRAME_H
#define MESO_CSVFRAME_H

#include "core/err.h"
#include "stats/formula.h"
#include "stats/frame.h"

/* Fill fr (initialised here; release it with frame_release() whatever the
 * result) with f's variables from the file at path. Returns 0, ERR_INPUT
 * ("path:LINE: reason" or "path: the formula names column X, ..."),
 * ERR_STORAGE when the file cannot be read, ERR_LIMIT or ERR_NOMEM. */
int csvframe_read(const char *path, const struct formula *f, struct frame *fr, struct err *e);

#endif
