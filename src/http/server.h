/* server.h - `meso serve`: GNU libmicrohttpd serving the route table. */
#ifndef MESO_SERVER_H
#define MESO_SERVER_H

#include <stdio.h>

#include "core/err.h"
#include "http/app.h"

/* Bind ADDR:PORT ("127.0.0.1:8080", "[::1]:0", port 0 = any free port),
 * start the server, print the URL it serves on `announce`, and block until
 * SIGINT or SIGTERM, then finish the requests under way and return 0.
 * app must be filled in (see app.h) with its pool initialised. */
int server_run(struct app *app, const char *listen, FILE *announce, struct err *e);

#endif
