/* replay_main.c - replays saved fuzz inputs through a harness's fuzz_one().
 * Linked with each tests/fuzz/fuzz_<name>.c by `make corpus`; the same
 * harness file can be built with clang -fsanitize=fuzzer for real fuzzing
 * (see docs/ARCHITECTURE.md, "Fuzzing"). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0;
        uint8_t *buf = malloc(cap);
        size_t got;
        while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
            len += got;
            if (len == cap) {
                uint8_t *nb = realloc(buf, cap *= 2);
                if (!nb) {
                    free(buf);
                    buf = NULL;
                }
                buf = nb;
            }
        }
        fclose(f);
        if (!buf) {
            fprintf(stderr, "out of memory reading %s\n", argv[i]);
            return 1;
        }
        fuzz_one(buf, len);
        free(buf);
    }
    return 0;
}
