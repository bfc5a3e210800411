#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"

void err_clear(struct err *e)
{
    if (!e)
        return;
    e->code = ERR_OK;
    e->msg[0] = '\0';
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->code = code;
    return code;
}

int err_wrap(struct err *e, const char *fmt, ...)
{
    if (!e)
        return ERR_STORAGE;
    char prefix[ERR_MSG_MAX];
    char old[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    size_t n = strlen(prefix);
    if (n > sizeof e->msg - 3)
        n = sizeof e->msg - 3;
    memcpy(e->msg, prefix, n);
    memcpy(e->msg + n, ": ", 2);
    size_t rest = sizeof e->msg - n - 3;
    size_t k = strlen(old);
    if (k > rest)
        k = rest;
    memcpy(e->msg + n + 2, old, k);
    e->msg[n + 2 + k] = '\0';
    return e->code;
}

int err_exit_status(int code)
{
    switch (code) {
    case ERR_OK:
        return 0;
    case ERR_USAGE:
        return 1;
    case ERR_INPUT:
    case ERR_NOTFOUND:
    case ERR_CONFLICT:
    case ERR_LIMIT:
        return 2;
    default:
        return 3;
    }
}

const char *err_name(int code)
{
    switch (code) {
    case ERR_OK:
        return "ok";
    case ERR_USAGE:
        return "usage error";
    case ERR_INPUT:
        return "invalid input";
    case ERR_STORAGE:
        return "storage error";
    case ERR_NOMEM:
        return "out of memory";
    case ERR_NOTFOUND:
        return "not found";
    case ERR_DENIED:
        return "not allowed";
    case ERR_CONFLICT:
        return "conflict";
    case ERR_LIMIT:
        return "limit exceeded";
    default:
        return "error";
    }
}

void err_assert_failed(const char *what, const char *file, int line)
{
    log_msg(LOG_ERROR, "internal check failed: %s at %s:%d", what, file, line);
}
