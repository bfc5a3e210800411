/* server.c - the bridge between libmicrohttpd and the router. This is the
 * only file that sees MHD types. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/secret.h"
#include "core/str.h"
#include "db/db.h"
#include "http/router.h"
#include "http/slowguard.h"

/* A form field being received (values may arrive in several pieces). */
struct field {
    char *key;
    char *filename;
    char *content_type;
    struct buf value;
};

struct conn_state {
    struct app *app;
    struct request req;
    struct MHD_PostProcessor *pp;
    struct field *fields;
    size_t n_fields, cap_fields;
    size_t body_bytes;
    size_t max_body; /* this request's limit (router_body_limit) */
    bool too_large;
    bool too_many;
    bool bad_body;
    struct buf raw; /* a JSON body (API) */
    bool raw_body;
    struct timespec started;
};

static void state_free(struct conn_state *s)
{
    if (!s)
        return;
    if (s->pp)
        MHD_destroy_post_processor(s->pp);
    for (size_t i = 0; i < s->n_fields; i++)
        buf_release(&s->fields[i].value);
    buf_release(&s->raw);
    arena_release(&s->req.arena);
    mem_free(s);
}

static enum MHD_Result on_post_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data, uint64_t off,
                                     size_t size)
{
    struct conn_state *s = cls;
    (void)kind;
    (void)transfer_encoding;
    struct field *f = s->n_fields ? &s->fields[s->n_fields - 1] : NULL;
    /* libmicrohttpd's multipart parser may announce a part with an empty
     * chunk at offset 0 before its data, also at offset 0: that is still
     * the same part, not a second field of the same name. */
    bool same_part = f && strcmp(f->key, key) == 0 && (off > 0 || f->value.len == 0) &&
                     ((!filename && !f->filename) ||
                      (filename && f->filename && strcmp(filename, f->filename) == 0));
    if (!same_part) {
        if (s->n_fields >= s->app->max_params) {
            s->too_many = true;
            return MHD_NO;
        }
        f = arena_push(&s->req.arena, &s->fields, &s->n_fields, &s->cap_fields, sizeof *f);
        if (!f)
            return MHD_NO;
        f->key = arena_strdup(&s->req.arena, key);
        f->filename = filename ? arena_strdup(&s->req.arena, filename) : NULL;
        f->content_type = content_type ? arena_strdup(&s->req.arena, content_type) : NULL;
        buf_init(&f->value, s->max_body);
    }
    if (size && buf_add(&f->value, data, size) != 0) {
        s->too_large = true;
        return MHD_NO;
    }
    return MHD_YES;
}

struct collect {
    struct request *req;
    struct kv **list;
    size_t *n;
    unsigned max;
    bool too_many;
};

static enum MHD_Result collect_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct collect *c = cls;
    (void)kind;
    if (*c->n >= c->max) {
        c->too_many = true;
        return MHD_NO;
    }
    const char *v = value ? value : "";
    return req_add(c->req, c->list, c->n, key, v, strlen(v)) == 0 ? MHD_YES : MHD_NO;
}

/* Copy the received form fields into the request: text fields must be
 * UTF-8 without NULs; fields with a file name become uploads. */
static int finish_form(struct conn_state *s)
{
    struct request *r = &s->req;
    for (size_t i = 0; i < s->n_fields; i++) {
        struct field *f = &s->fields[i];
        if (f->filename) {
            struct upload *u = arena_alloc(&r->arena, sizeof *u);
            struct upload *nf = arena_array(&r->arena, r->n_files + 1, sizeof *nf);
            if (!u || !nf)
                return ERR_NOMEM;
            if (r->n_files)
                memcpy(nf, r->files, r->n_files * sizeof *nf);
            nf[r->n_files].field = f->key;
            nf[r->n_files].filename = f->filename;
            nf[r->n_files].content_type = f->content_type;
            nf[r->n_files].data = arena_strndup(&r->arena, buf_str(&f->value), f->value.len);
            nf[r->n_files].len = f->value.len;
            r->files = nf;
            r->n_files++;
            continue;
        }
        const char *v = buf_str(&f->value);
        if (strlen(v) != f->value.len || !str_utf8_valid(v, f->value.len))
            return ERR_INPUT;
        if (req_add(r, &r->form, &r->n_form, f->key, v, f->value.len))
            return ERR_NOMEM;
    }
    return 0;
}

static void access_log(struct conn_state *s, int status, size_t bytes)
{
    if (s->app->access_log_fd < 0)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms =
        (now.tv_sec - s->started.tv_sec) * 1000 + (now.tv_nsec - s->started.tv_nsec) / 1000000;
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* The path only: query strings can hold search terms or codes. Who is
     * logged by account number, never by name or email. */
    char line[1024];
    int n = snprintf(line, sizeof line, "%s %s %s %.200s %d %zu %ldms account=%lld\n", when,
                     s->req.client ? s->req.client : "-", s->req.method, s->req.path, status, bytes,
                     ms, (long long)s->req.who.account_id);
    if (n > 0) {
        size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
        if (write(s->app->access_log_fd, line, len) < 0)
            log_msg(LOG_WARN, "access log: %s", strerror(errno));
    }
}

static const char *const security_headers[][2] = {
    { "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" },
    { "X-Frame-Options", "DENY" },
    { "X-Content-Type-Options", "nosniff" },
    { "Referrer-Policy", "same-origin" },
    { "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
    { "Cross-Origin-Opener-Policy", "same-origin" },
};

/* Whether the client accepts gzip: "gzip" among Accept-Encoding's codings,
 * not with q=0. */
static bool accepts_gzip(struct MHD_Connection *conn)
{
    const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    for (const char *p = ae; p && (p = strstr(p, "gzip")); p += 4) {
        if (p != ae && p[-1] != ' ' && p[-1] != ',')
            continue;
        const char *q = p + 4;
        while (*q == ' ')
            q++;
        if (*q == ',' || *q == '\0')
            return true;
        if (*q == ';') {
            const char *v = strstr(q, "q=");
            return !(v && strtod(v + 2, NULL) == 0.0);
        }
    }
    return false;
}

/* Text worth compressing: pages, JSON, SVG, CSS, scripts. */
static bool compressible(const char *content_type, size_t len)
{
    if (len < 1024 || !content_type)
        return false;
    return str_starts_with(content_type, "text/") ||
           str_starts_with(content_type, "application/json") ||
           str_starts_with(content_type, "application/javascript") ||
           str_starts_with(content_type, "image/svg+xml");
}

/* body gzipped at level 1 (nginx's default gzip_comp_level, which
 * bench/http gives nginx too) into a new allocation, or NULL. */
static char *gzip_body(const char *body, size_t len, size_t *out_len)
{
    z_stream z = { 0 };
    if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = deflateBound(&z, (uLong)len);
    char *out = mem_malloc(cap);
    if (!out) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)body;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *out_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        mem_free(out);
        return NULL;
    }
    return out;
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct conn_state *s,
                                     struct response *res)
{
    struct MHD_Response *mr;
    size_t len;
    const char *raw = res->static_body ? res->static_body : buf_str(&res->body);
    size_t raw_len = res->static_body ? res->static_len : res->body.len;
    char *gz = NULL;
    size_t gz_len = 0;
    if (compressible(res->content_type, raw_len) && accepts_gzip(conn))
        gz = gzip_body(raw, raw_len, &gz_len);
    if (gz) {
        len = gz_len;
        mr = MHD_create_response_from_buffer(len, gz, MHD_RESPMEM_MUST_FREE);
        if (!mr)
            mem_free(gz);
    } else if (res->static_body) {
        len = res->static_len;
        mr = MHD_create_response_from_buffer(len, (void *)(uintptr_t)res->static_body,
                                             MHD_RESPMEM_PERSISTENT);
    } else {
        char *body = buf_detach(&res->body, &len);
        if (!body)
            return MHD_NO;
        mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!mr)
            mem_free(body);
    }
    if (!mr)
        return MHD_NO;
    MHD_add_response_header(mr, "Content-Type", res->content_type);
    if (gz)
        MHD_add_response_header(mr, "Content-Encoding", "gzip");
    if (compressible(res->content_type, raw_len))
        MHD_add_response_header(mr, "Vary", "Accept-Encoding");
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(mr, security_headers[i][0], security_headers[i][1]);
    MHD_add_response_header(mr, "Cache-Control", res->cacheable ? "no-cache" : "no-store");
    /* The guard closes a kept-alive connection whose next request header has
     * not come within its deadline (slowguard.h). Saying so, a second short,
     * lets a client open a new connection rather than send on one that is
     * being closed (a POST sent on it would be lost). */
    unsigned keep_s = s->app->header_seconds ? s->app->header_seconds : 10;
    char keep[32];
    snprintf(keep, sizeof keep, "timeout=%u", keep_s > 1 ? keep_s - 1 : 1);
    MHD_add_response_header(mr, "Keep-Alive", keep);
    for (size_t i = 0; i < res->n_headers; i++)
        MHD_add_response_header(mr, res->headers[i].name, res->headers[i].value);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, mr);
    MHD_destroy_response(mr);
    access_log(s, res->status, len);
    return ret;
}

static const char *client_address(struct MHD_Connection *conn, struct arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr)
        return "-";
    char host[INET6_ADDRSTRLEN] = "-";
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, host,
                  sizeof host);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, host,
                  sizeof host);
    return arena_strdup(a, host);
}

static struct slowguard_conn *guard_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Answer the request; when it failed only because another writer changed the
 * same rows first (a serialization failure or deadlock on PostgreSQL, a lock
 * given up on SQLite: db_writes()) and it committed nothing, answer it again,
 * up to twice, after a short random pause. Each model change is its own
 * transaction, so a failed attempt has left nothing behind (docs/scale.md,
 * "Two servers, one database"). */
static void dispatch_retrying(struct request *req, struct response *res)
{
    for (int attempt = 0;; attempt++) {
        unsigned long busy0, done0, busy1, done1;
        db_writes(req->db, &busy0, &done0);
        router_dispatch(req, res);
        db_writes(req->db, &busy1, &done1);
        if (busy1 == busy0 || done1 != done0 || res->status < 500 || attempt == 2)
            return;
        log_msg(LOG_INFO, "%s %s: another writer came first; trying again", req->method, req->path);
        resp_release(res);
        resp_init(res, &req->arena);
        err_clear(&req->err);
        struct timespec pause = { 0, (long)(5 + secret_uniform(20)) * 1000000L };
        nanosleep(&pause, NULL);
    }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct app *app = cls;
    (void)version;
    struct conn_state *s = *con_cls;
    if (!s) {
        s = mem_calloc(1, sizeof *s);
        if (!s)
            return MHD_NO;
        s->app = app;
        clock_gettime(CLOCK_MONOTONIC, &s->started);
        arena_init(&s->req.arena, 64u * 1024 * 1024);
        /* Uploads (RF_UPLOAD routes) may be larger than other requests. */
        s->max_body = router_body_limit(method, url, app->max_body);
        buf_init(&s->raw, s->max_body);
        s->req.app = app;
        s->req.method = arena_strdup(&s->req.arena, method);
        s->req.path = arena_strdup(&s->req.arena, url);
        s->req.client = client_address(conn, &s->req.arena);
        *con_cls = s;
        /* The header has arrived: no deadline while it is answered. */
        slowguard_request(app->guard, guard_of(conn));
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        long long clen;
        if (cl && str_to_int(cl, 0, (long long)1 << 50, &clen) == 0 && (size_t)clen > s->max_body)
            s->too_large = true;
        const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        if (!s->too_large && ct && str_starts_with(ct, "application/json"))
            s->raw_body = true;
        else if (!s->too_large && ct)
            s->pp = MHD_create_post_processor(conn, 16 * 1024, on_post_field, s);
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        s->body_bytes += n;
        if (s->too_large || s->too_many || s->bad_body)
            return MHD_YES; /* discard the rest; the answer is already decided */
        if (s->body_bytes > s->max_body) {
            s->too_large = true;
        } else if (s->raw_body) {
            if (buf_add(&s->raw, upload_data, n))
                s->too_large = true;
        } else if (s->pp) {
            if (MHD_post_process(s->pp, upload_data, n) != MHD_YES && !s->too_large && !s->too_many)
                s->bad_body = true;
        } else {
            s->bad_body = true; /* a body we cannot read */
        }
        return MHD_YES;
    }

    /* The whole request has arrived. */
    struct request *req = &s->req;
    struct response res;
    resp_init(&res, &req->arena);
    err_clear(&req->err);
    struct collect c = { req, &req->query, &req->n_query, app->max_params, false };
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_value, &c);
    struct collect ck = { req, &req->cookies, &req->n_cookies, 64, false };
    MHD_get_connection_values(conn, MHD_COOKIE_KIND, collect_value, &ck);
    struct collect hd = { req, &req->headers, &req->n_headers, 200, false };
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_value, &hd);
    bool api = str_starts_with(req->path, "/api/");
    int status = 0;
    if (s->too_large)
        status = 413;
    else if (s->too_many || c.too_many || ck.too_many || hd.too_many ||
             s->n_fields + req->n_query > app->max_params)
        status = 413;
    else if (s->bad_body || finish_form(s) != 0)
        status = 400;
    if (!status && s->raw_body &&
        req_add(req, &req->form, &req->n_form, "_json", buf_str(&s->raw), s->raw.len))
        status = 500;
    if (status) {
        router_error(req, &res, status, api);
    } else {
        struct db *db = NULL;
        if (pool_get(&app->pool, &db, &req->err) != 0) {
            log_msg(LOG_ERROR, "no database connection: %s", req->err.msg);
            router_error(req, &res, 503, api);
        } else {
            req->db = db;
            db_set_context(db, app->auditw);
            dispatch_retrying(req, &res);
            req->db = NULL;
            pool_put(&app->pool, db);
        }
    }
    enum MHD_Result ret = send_response(conn, s, &res);
    resp_release(&res);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct app *app = cls;
    (void)toe;
    state_free(*con_cls);
    *con_cls = NULL;
    /* The next request's header is due within the deadline. */
    slowguard_idle(app->guard, guard_of(conn));
}

/* Each connection is registered with the header deadline's guard. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct app *app = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? slowguard_open(app->guard, ci->connect_fd) : NULL;
    } else {
        slowguard_close(app->guard, *socket_context);
        *socket_context = NULL;
    }
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap); /* lint:allow format comes from libmicrohttpd */
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    log_msg(LOG_INFO, "http: %s", msg);
}

/* Bind the listening socket ourselves, so tests can ask for port 0. */
static int bind_listen(const char *listen_on, int *fd_out, char *url, size_t url_cap, struct err *e)
{
    char host[256];
    const char *colon = strrchr(listen_on, ':');
    if (!colon || colon == listen_on)
        return err_set(e, ERR_USAGE, "--listen takes ADDRESS:PORT, like 127.0.0.1:8080");
    size_t hl = (size_t)(colon - listen_on);
    if (listen_on[0] == '[' && hl >= 2 && listen_on[hl - 1] == ']') {
        memcpy(host, listen_on + 1, hl - 2);
        host[hl - 2] = '\0';
    } else if (hl < sizeof host) {
        memcpy(host, listen_on, hl);
        host[hl] = '\0';
    } else {
        return err_set(e, ERR_USAGE, "--listen: the address is too long");
    }
    long long port;
    if (str_to_int(colon + 1, 0, 65535, &port) != 0)
        return err_set(e, ERR_USAGE, "--listen: '%s' is not a port number (0 to 65535)", colon + 1);
    struct addrinfo hints = { .ai_family = AF_UNSPEC,
                              .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV };
    struct addrinfo *ai = NULL;
    int gai = getaddrinfo(host, colon + 1, &hints, &ai);
    if (gai != 0)
        return err_set(e, ERR_USAGE, "--listen: '%s' is not an IP address (%s)", host,
                       gai_strerror(gai));
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 256) != 0) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return err_set(e, ERR_STORAGE, "cannot listen on %s: %s", listen_on, strerror(err));
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    unsigned real_port = ss.ss_family == AF_INET6
                             ? ntohs(((struct sockaddr_in6 *)(void *)&ss)->sin6_port)
                             : ntohs(((struct sockaddr_in *)(void *)&ss)->sin_port);
    snprintf(url, url_cap, ai->ai_family == AF_INET6 ? "http://[%s]:%u" : "http://%s:%u", host,
             real_port);
    freeaddrinfo(ai);
    *fd_out = fd;
    return 0;
}

/* Raise the soft limit on open files to the hard one, and return the
 * connection total that fits under it (want, or fewer). */
static unsigned limit_connections(unsigned want)
{
    if (!want)
        want = 4096;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return want < 900 ? want : 900;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    /* Room for the database, the log and libmicrohttpd's own. */
    rlim_t room = rl.rlim_cur > 200 ? rl.rlim_cur - 100 : rl.rlim_cur / 2;
    if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)want > room)
        return (unsigned)room;
    return want;
}

int server_run(struct app *app, const char *listen_on, FILE *announce, struct err *e)
{
    int fd = -1;
    char url[320];
    int rc = bind_listen(listen_on, &fd, url, sizeof url, e);
    if (rc)
        return rc;
    if (!app->base_url)
        app->base_url = url;
    /* Signals are taken by sigwait() below; block them before MHD starts its
     * threads so they inherit the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* Each connection needs a file descriptor: take what the system
     * allows, and keep the total under it. */
    unsigned total = limit_connections(app->max_connections);
    app->guard = slowguard_start((app->header_seconds ? app->header_seconds : 10) * 1000u);
    if (!app->guard) {
        close(fd);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return err_set(e, ERR_NOMEM, "the web server could not start its guard thread");
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    struct MHD_Daemon *d;
    if (app->threads == 0) {
        flags |= MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
        d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, app, MHD_OPTION_LISTEN_SOCKET, fd,
                             MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
                             MHD_OPTION_NOTIFY_CONNECTION, on_connection, app,
                             MHD_OPTION_CONNECTION_MEMORY_LIMIT, app->max_header,
                             MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, total,
                             MHD_OPTION_PER_IP_CONNECTION_LIMIT, app->max_per_address,
                             MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_END);
    } else {
        flags |= MHD_USE_EPOLL;
        d = MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, app, MHD_OPTION_LISTEN_SOCKET, fd,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, app, MHD_OPTION_NOTIFY_CONNECTION,
            on_connection, app, MHD_OPTION_CONNECTION_MEMORY_LIMIT, app->max_header,
            MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, total,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, app->max_per_address, MHD_OPTION_THREAD_POOL_SIZE,
            app->threads, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_END);
    }
    if (!d) {
        close(fd);
        slowguard_stop(app->guard);
        app->guard = NULL;
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return err_set(e, ERR_STORAGE, "the web server could not start on %s", listen_on);
    }
    fprintf(announce, "meso: serving %s/ (database %s; %s); Ctrl-C stops\n", url, app->db_path,
            app->threads ? "thread pool" : "a thread per connection");
    if (app->setup_code[0]) {
        /* Setup mode: the one-time link, printed once (as Jupyter and
         * Grafana do), then forgotten; only its hash is kept. */
        fprintf(announce,
                "meso: no one can sign in yet. To set up your school, open this link in a "
                "browser\n      (it works until setup is done):\n\n    %s/setup?code=%s\n\n",
                app->base_url, app->setup_code);
        secret_wipe(app->setup_code, sizeof app->setup_code);
    }
    fflush(announce);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(announce, "meso: %s received; finishing requests under way\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    fflush(announce);
    MHD_quiesce_daemon(d);
    MHD_stop_daemon(d);
    slowguard_stop(app->guard);
    app->guard = NULL;
    close(fd);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    return 0;
}
