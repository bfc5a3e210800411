/* log.h - diagnostic logging to stderr (or a file). Thread-safe: each call
 * writes one line with a single write. Never log secrets or child data. */
#ifndef MESO_LOG_H
#define MESO_LOG_H

#include <stdio.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };

/* Set the minimum level written and the stream (NULL means stderr). Call once
 * at start-up, before any threads run. */
void log_setup(enum log_level min, FILE *to);

void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
