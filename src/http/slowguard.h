/* slowguard.h - a deadline for the whole request header (issue 17).
 *
 * libmicrohttpd's connection timeout is an idle timeout: it starts again
 * with every byte, so a client that sends one header line every few seconds
 * holds its connection for ever. This guard gives every connection a
 * deadline by which a whole request header must have arrived: from when the
 * connection opened, and again from when each response was sent (the next
 * request on a kept-alive connection). While a request is being answered
 * (its header complete: the body, the handler, the response) there is no
 * deadline; libmicrohttpd's idle timeout covers a body that stops coming.
 *
 * A thread of the guard wakes four times a second and shuts down (shutdown(2),
 * both directions) the sockets past their deadline; libmicrohttpd sees the
 * end of the stream and closes the connection in its own thread, calling
 * slowguard_close() before it closes the socket, so the guard never touches
 * a socket number that has been reused.
 *
 * It knows nothing of libmicrohttpd: server.c calls it from libmicrohttpd's
 * connection callbacks. Thread-safe: one mutex.
 */
#ifndef MESO_SLOWGUARD_H
#define MESO_SLOWGUARD_H

#include <stdint.h>

struct slowguard;
struct slowguard_conn;

/* Start the guard with a deadline of header_ms milliseconds. NULL when it
 * could not start (no memory, no thread). Stop with slowguard_stop(). */
struct slowguard *slowguard_start(unsigned header_ms);
/* Stop the thread and free the guard (after the web server has stopped:
 * every connection closed). */
void slowguard_stop(struct slowguard *g);

/* A connection opened on socket fd: its header is due within the deadline.
 * NULL when out of memory (the connection is then not guarded). */
struct slowguard_conn *slowguard_open(struct slowguard *g, int fd);
/* A request's header has arrived: no deadline until slowguard_idle(). */
void slowguard_request(struct slowguard *g, struct slowguard_conn *c);
/* A response has been sent: the next header is due within the deadline. */
void slowguard_idle(struct slowguard *g, struct slowguard_conn *c);
/* The connection is closing (before its socket is closed): forget it. */
void slowguard_close(struct slowguard *g, struct slowguard_conn *c);

/* How many connections the guard has cut, since it started. */
uint64_t slowguard_cut(struct slowguard *g);

#endif
