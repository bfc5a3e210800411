/* Fuzz harness for programme template definitions (model/progtemplate.h)
 * and for story text uploaded as a file (story_text_from_upload): any byte
 * string must give a consistent template or a clean "FILE:..." error, and
 * plain text or a clean refusal, never a crash or a leak. A template that
 * loads must keep its own rules (sessions, complete-at, hubs, agenda,
 * roles), and its invitation must fill every placeholder. */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "view/progdocs.h"
#include "model/programmes/progtemplate.h"
#include "model/programmes/story.h"

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.programme"

static void check_template(struct arena *a, const struct progtemplate *t)
{
    if (!t->key || !t->name || !t->definition || !t->complete_word || !t->tier)
        __builtin_trap();
    if (t->sessions < 1 || t->sessions > 52 || t->complete_at < 1 || t->complete_at > t->sessions ||
        t->session_minutes < 1 || t->interval_days < 1)
        __builtin_trap();
    if (t->n_agenda < 1 || t->n_agenda > PT_MAX_AGENDA || t->n_roles > PT_MAX_ROLES ||
        t->n_outcomes > PT_MAX_OUTCOME || t->n_invite < 1 || t->n_invite > PT_MAX_INVITE)
        __builtin_trap();
    if (t->hub_min > t->hub_max || (t->kind == PT_INDIVIDUAL && t->hub_max))
        __builtin_trap();
    if (t->has_reliability && !(t->retest_r >= 0 && t->retest_r < 1 && t->sd > 0))
        __builtin_trap();
    for (size_t i = 0; i <= t->n_invite; i++) {
        const char *text = i < t->n_invite ? t->invite[i] : t->invite_title;
        const char *filled =
            progdocs_fill(a, text, "Child", "Parent", "School", "Programme", "2025-01-14");
        if (!filled || strstr(filled, "{child}") || strstr(filled, "{first_date}") ||
            !str_utf8_valid(filled, strlen(filled)))
            __builtin_trap();
    }
}

int fuzz_one(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a, 8u << 20);
    struct err e;
    err_clear(&e);
    struct progtemplate t;
    int rc = progtemplate_parse(&a, NAME, (const char *)data, size, &t, &e);
    if (rc == 0)
        check_template(&a, &t);
    else if (rc == ERR_INPUT) {
        if (strncmp(e.msg, NAME ":", strlen(NAME ":")) != 0 || strlen(e.msg) < strlen(NAME) + 4)
            __builtin_trap();
    } else if (rc != ERR_NOMEM) {
        __builtin_trap();
    }
    const char *text;
    err_clear(&e);
    rc = story_text_from_upload(&a, (const char *)data, size, &text, &e);
    if (rc == 0) {
        size_t n = strlen(text);
        if (!n || n > size || !str_utf8_valid(text, n))
            __builtin_trap();
        for (size_t i = 0; i < n; i++)
            if (((unsigned char)text[i] < 0x20 && text[i] != '\n' && text[i] != '\t') ||
                text[i] == '\r')
                __builtin_trap();
    } else if (rc != ERR_INPUT && rc != ERR_NOMEM) {
        __builtin_trap();
    }
    arena_release(&a);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size);
}
