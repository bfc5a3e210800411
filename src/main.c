/* main.c - the meso binary: hand argv to the command table; nothing else. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
