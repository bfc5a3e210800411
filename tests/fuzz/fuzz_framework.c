/* Fuzz harness for framework files (model/framework.h): any byte string
 * must give a consistent framework or a clean "FILE:..." error, never a
 * crash or a leak. A framework that loads has a valid key, a name, 1 to
 * FW_MAX_COMPONENTS components with valid, distinct keys and positions in
 * order, and text that is valid UTF-8 within its limits. */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "model/provision/framework.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.framework"

static void check_text(const char *s, size_t max)
{
    if (!s || !*s || strlen(s) > max || !str_utf8_valid(s, strlen(s)))
        __builtin_trap();
}

static void check_framework(const struct framework *fw)
{
    if (!framework_key_valid(fw->key))
        __builtin_trap();
    check_text(fw->name, FW_NAME_MAX);
    if (fw->description)
        check_text(fw->description, FW_TEXT_MAX);
    if (fw->n_components < 1 || fw->n_components > FW_MAX_COMPONENTS)
        __builtin_trap();
    for (size_t i = 0; i < fw->n_components; i++) {
        const struct framework_component *c = &fw->components[i];
        if (!framework_key_valid(c->key) || c->position != (int)i + 1)
            __builtin_trap();
        check_text(c->name, FW_NAME_MAX);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(fw->components[j].key, c->key))
                __builtin_trap();
    }
}

int fuzz_one(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a, 8u << 20);
    struct err e;
    err_clear(&e);
    struct framework fw;
    int rc = framework_parse(&a, NAME, (const char *)data, size, &fw, &e);
    if (rc == 0)
        check_framework(&fw);
    else if (rc == ERR_INPUT) {
        if (strncmp(e.msg, NAME ":", strlen(NAME ":")) != 0 || strlen(e.msg) < strlen(NAME) + 4)
            __builtin_trap();
    } else if (rc != ERR_NOMEM) {
        __builtin_trap();
    }
    arena_release(&a);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
