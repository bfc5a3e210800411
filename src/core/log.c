#include "core/log.h"

#include <stdarg.h>
#include <time.h>
#include <unistd.h>

/* Set once at start-up before threads exist; read-only afterwards. */
static struct {
    enum log_level min;
    FILE *to;
} log_cfg = { LOG_WARN, NULL };

void log_setup(enum log_level min, FILE *to)
{
    log_cfg.min = min;
    log_cfg.to = to;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
    static const char *const names[] = { "debug", "info", "warn", "error" };
    if (lvl < log_cfg.min)
        return;
    char line[2048];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    size_t n = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ ", &tm);
    n += (size_t)snprintf(line + n, sizeof line - n, "meso %s: ", names[lvl & 3]);
    va_list ap;
    va_start(ap, fmt);
    if (n < sizeof line)
        n += (size_t)vsnprintf(line + n, sizeof line - n, fmt, ap);
    va_end(ap);
    if (n >= sizeof line - 1)
        n = sizeof line - 2;
    line[n++] = '\n';
    FILE *f = log_cfg.to ? log_cfg.to : stderr;
    fwrite(line, 1, n, f);
    fflush(f);
}
