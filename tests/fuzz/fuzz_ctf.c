/* Fuzz harness for the CTF reader (io/ctf.h): any bytes give a CTF or a
 * clean error with a message, never a crash or leak; and a CTF that was read
 * is written and read back with the same pupils. */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/problems.h"
#include "io/ctf.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int fuzz_one(const uint8_t *data, size_t size)
{
    struct arena a;
    struct err e;
    struct problems pr;
    struct ctf c, back;
    arena_init(&a, 0);
    err_clear(&e);
    problems_init(&pr, &a);
    int rc = ctf_read(&a, "fuzz.xml", (const char *)data, size, &c, &pr, &e);
    if (rc != 0 && rc != ERR_INPUT && rc != ERR_NOMEM && rc != ERR_LIMIT)
        __builtin_trap();
    if (rc != 0 && e.msg[0] == '\0')
        __builtin_trap(); /* every failure explains itself */
    if (rc == 0) {
        struct buf b;
        buf_init(&b, 64 * 1024 * 1024);
        if (ctf_write(&c, &b, &e) != 0)
            __builtin_trap();
        struct problems pr2;
        problems_init(&pr2, &a);
        if (ctf_read(&a, "again.xml", buf_str(&b), b.len, &back, &pr2, &e) != 0 ||
            back.n_pupils != c.n_pupils)
            __builtin_trap(); /* what it wrote, it reads */
        for (size_t i = 0; i < c.n_pupils; i++)
            if ((c.pupils[i].upn == NULL) != (back.pupils[i].upn == NULL) ||
                (c.pupils[i].upn && strcmp(c.pupils[i].upn, back.pupils[i].upn) != 0) ||
                c.pupils[i].n_sen != back.pupils[i].n_sen ||
                c.pupils[i].n_contacts != back.pupils[i].n_contacts)
                __builtin_trap();
        buf_release(&b);
    }
    arena_release(&a);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
