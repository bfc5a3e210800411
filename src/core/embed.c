#include "core/embed.h"

#include <string.h>

const struct embed_file *embed_find(const struct embed_file *table, const char *name)
{
    for (; table->name; table++)
        if (strcmp(table->name, name) == 0)
            return table;
    return NULL;
}
