/* app.h - settings and shared state of a running web server. */
#ifndef MESO_APP_H
#define MESO_APP_H

#include <stddef.h>

#include "core/secret.h"
#include "db/pool.h"
#include "model/access/invite.h"
#include "model/access/password.h"
#include "model/access/session.h"

struct la_cache;
struct slowguard;
struct audit_writer;

struct app {
    struct db_pool pool;
    const char *db_path;
    unsigned threads;    /* worker threads (the pool mode) or 0 for one per connection */
    int access_log_fd;   /* -1: no access log */
    size_t max_body;     /* bytes of request body accepted */
    size_t max_header;   /* bytes per connection for the request line and headers */
    unsigned max_params; /* query + form fields accepted */
    /* Slow clients (issue 17; docs/deployment.md): the whole request header
     * must arrive within header_seconds of the connection opening or of the
     * previous response; at most max_per_address connections from one
     * address (0: no limit, behind a reverse proxy) and max_connections in
     * all. */
    unsigned header_seconds;
    unsigned max_per_address;
    unsigned max_connections;
    struct slowguard *guard; /* set by server_run() */
    /* Commits the audit rows of views in batches (model/register/auditw.h);
     * every pooled connection carries it (db_context). */
    struct audit_writer *auditw;
    struct session_config sessions; /* idle and absolute time-outs */
    struct password_gate gate;      /* caps the password hashes running at once */
    /* The LA view's figures, kept while the schools are unchanged (model/la/lacache.h);
     * NULL: built on every request. */
    struct la_cache *la_cache;
    const char *base_url; /* for links in invitations, e.g. http://127.0.0.1:8080 */
    /* Setup mode (model/access/firstrun.h): the hash of the one-time setup
     * code, made at start-up when the database has no account ("" when it
     * had one); the code itself only until server_run() has printed the
     * link, then wiped. Neither changes while requests are served. */
    char setup_hash[SECRET_HASH_LEN];
    char setup_code[INVITE_CODE_LEN];
};

#endif
