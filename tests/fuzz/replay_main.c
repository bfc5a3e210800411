/* replay_main.c - a main() for fuzz harnesses: reads each file named on the
 * command line and passes its bytes to the harness's fuzz_one(). Prints
 * nothing on success; a crash or sanitizer report fails the run. Linked with
 * each tests/fuzz/fuzz_<name>.c by `make corpus` (scripts/run-corpus.sh
 * replays tests/corpus/<name>/). The harness files also build with
 * clang -fsanitize=fuzzer, which supplies its own main(). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int fuzz_one(const uint8_t *data, size_t size);

/* Read the whole of path into a malloc'd buffer; NULL on failure. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 4096;
    uint8_t *data = malloc(cap);
    *len = 0;
    while (data) {
        if (*len == cap) {
            uint8_t *more = realloc(data, cap * 2);
            if (!more) {
                free(data);
                data = NULL;
                break;
            }
            data = more;
            cap *= 2;
        }
        size_t got = fread(data + *len, 1, cap - *len, f);
        if (got == 0)
            break;
        *len += got;
    }
    if (data && ferror(f)) {
        perror(path);
        free(data);
        data = NULL;
    }
    fclose(f);
    return data;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t len;
        uint8_t *data = slurp(argv[i], &len);
        if (!data) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 1;
        }
        fuzz_one(data, len);
        free(data);
    }
    return 0;
}
