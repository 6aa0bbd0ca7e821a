#ifndef SERVER_HTTP_INTERNAL_H
#define SERVER_HTTP_INTERNAL_H
/*
 * Shared by the three parts of the HTTP server, and by nothing else:
 *   server/http.c     libmicrohttpd's callbacks and the request life cycle;
 *   server/request.c  the request/reply API handlers use (server/request.h);
 *   server/listen.c   the listening socket, start and graceful stop.
 */
#include <microhttpd.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/strbuf.h"
#include "server/auth.h"
#include "server/http.h"
#include "server/past.h"
#include "server/router.h"
#include "server/spool.h"

#define MAX_HEADERS 12

struct acceptor;

struct http_server {
    struct MHD_Daemon *daemon;
    const struct config *cfg;
    struct handler_settings settings; /* from cfg, for the handlers */
    struct http_services svc;
    atomic_long in_flight;
    unsigned port;
    struct conns *conns;          /* open connections, for the graceful stop */
    struct conns_guard *guard;    /* the header deadline (slow clients) */
    struct answer_cache *answers; /* ROUTE_CACHED answers per revision; may be NULL */
    atomic_bool draining;         /* stopping: every answer closes its connection */
    struct acceptor *acceptor;    /* the listening socket and its accepting thread */
    atomic_long adopting;         /* connections handed to the daemon, not yet registered */
    unsigned long long id_prefix; /* generated request ids: this process, then a count */
    atomic_ullong id_count;
};

struct stream;

struct request {
    struct http_server *srv;
    atomic_int refs;       /* the connection's, and a streamed response's while it lives */
    struct stream *stream; /* set by reply_stream */
    struct MHD_Connection *conn;
    const char *method, *path;
    struct route_match match;
    enum route_result routed; /* router_match's result for `match`, set with the head */
    struct strbuf body;
    bool body_too_large;
    /* a ROUTE_SPOOLED_BODY route's body, on disk (server/spool.h) */
    bool spooled, spool_failed;
    bool authorized; /* checked before dispatch (a ROUTE_CACHED route's, in memory) */
    struct spool spool;
    char body_path[300];
    struct rd_error spool_err;
    bool pretty, bad_pretty; /* the `pretty` parameter, read once */
    bool replied;
    bool queued;
    bool gzip, vary_encoding; /* server/encoding.h */
    struct snapshot *snap;
    struct arena arena;
    unsigned status;
    char *resp;
    size_t resp_len;
    /* non-NULL: resp is lent (reply_lent), not allocated; resp_give_back(resp_owner) ends it */
    void (*resp_give_back)(void *);
    void *resp_owner;
    const char *content_type;
    struct {
        char *name, *value;
    } headers[MAX_HEADERS];
    unsigned n_headers;
    struct timespec started;
    struct conn *tracked; /* its connection in srv->conns, may be NULL */
    uint64_t duration_ns; /* arrival to answer queued (or to the end, if never answered) */
    bool counted;         /* in the metrics already */
    char id[48];
    struct principal who;
    struct past_state past; /* known_at / revision (server/past.h) */
};

/* --- server/http.c --- */
/* Drops one hold on the request; the last frees it. */
void request_unref(struct request *req);
/* Starts libmicrohttpd on `addr` with the server's callbacks; NULL on failure. */
struct MHD_Daemon *http_start_daemon(struct http_server *srv);
/* --- server/admit.c --- */
/* The connections open or being handed over at most (libmicrohttpd's own limit is set above
 * it, never reached). */
size_t http_connection_cap(const struct config *cfg);
/* Whether the acceptor may hand one more connection to the daemon (server/acceptor.h):
 * `srv` is the struct http_server. */
bool http_admit(void *srv);

/* --- server/request_body.c --- */
/* The most a request's body may hold (RESTRICTD_MAX_BODY, or RESTRICTD_MAX_IMPORT_BODY). */
size_t body_limit(const struct request *req);
/* Answers 413 naming the setting. */
void reply_too_large(struct request *req);
/* Keeps the next bytes of the body (noting when it grows too large or cannot be kept). */
void take_body(struct request *req, const char *data, size_t n);
/* After the whole body: answers a body that could not be kept; false when it did. */
bool body_complete(struct request *req);

/* --- server/request.c --- */
/* The request's id: the client's X-Request-Id when it is a sane token, else this process's
 * prefix and a count. */
void make_request_id(struct request *req);

/* The response of a streamed reply; it holds a reference on the request until done. */
struct MHD_Response *stream_response(struct request *req);
/* Frees a stream (and its producer's context); NULL is ignored. */
void stream_free(struct stream *st);
/* The value of a header the handler set, or NULL. */
const char *reply_header_value(const struct request *req, const char *name);
bool reply_has_header(const struct request *req, const char *name);
/* A strong validator from the bytes of an answer, as a quoted string in `out`. */
void etag_of(const char *body, size_t len, char *out, size_t size);
/* True when an If-None-Match header value names `etag` (or is "*"). */
bool etag_matches(const char *if_none_match, const char *etag);

#endif
