/* libFuzzer target: any bytes sent as an HTTP request to a real restrictd HTTP server
 * running in this process (libmicrohttpd, the router, every public handler, the query,
 * date, number, cursor, CSV and JSON parsers behind them) with the seed data loaded and no
 * database (admin routes answer 503). The server must answer or close within 5 s, never
 * with a 500, and keep running. Run with -detect_leaks=0: the server's threads free a
 * connection's memory after the client has seen it closed (leaks are the business of the
 * valgrind run and the sanitizer build). */
#define _GNU_SOURCE /* memmem */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "rulings/current.h"
#include "rulings/dataset.h"
#include "rulings/snapshot.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/http.h"
#include "server/log.h"
#include "fuzz_seed.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config cfg;
static unsigned port;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR);
    struct rd_error err = {0};
    current_publish(fuzz_seed_snapshot());
    current_confirm(1);
    int argi = 0;
    if (!config_load(&cfg, 0, NULL, &argi, &err)) abort();
    cfg.listen = "127.0.0.1:0";
    cfg.threads = 1;
    cfg.timeout = 2;
    cfg.max_body = 1 << 20;
    static struct http_services svc; /* no pool: the admin routes answer 503 */
    svc.auth = auth_new(0, 0);
    struct http_server *srv = http_start_with(&cfg, &svc, &err);
    if (!srv) {
        fprintf(stderr, "cannot start the server: %s\n", err.message);
        abort();
    }
    port = http_port(srv);
    return 0;
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* What came back: the start (status line and headers) and the last bytes. */
struct reply {
    char start[16384];
    size_t got;   /* bytes received in all */
    char tail[8]; /* the last bytes received */
};

static void received(struct reply *r, const char *buf, size_t n)
{
    if (r->got < sizeof r->start) {
        size_t take = n < sizeof r->start - r->got ? n : sizeof r->start - r->got;
        memcpy(r->start + r->got, buf, take);
    }
    for (size_t i = 0; i < n; i++) {
        memmove(r->tail, r->tail + 1, sizeof r->tail - 1);
        r->tail[sizeof r->tail - 1] = buf[i];
    }
    r->got += n;
}

/* Has one whole response arrived? (Content-Length, the last chunk, or no body.) A client
 * that half-closes after a response of about 16 KiB is not closed on by libmicrohttpd
 * 0.9.75 until the idle timeout, so the end of the first response is looked for too. */
static bool whole_response(const struct reply *r, bool head_request)
{
    size_t len = r->got < sizeof r->start ? r->got : sizeof r->start;
    const char *end = memmem(r->start, len, "\r\n\r\n", 4);
    if (!end || len < 12) return false;
    size_t head = (size_t)(end - r->start) + 4;
    int status = atoi(r->start + 9);
    if (status == 204 || status == 304 || (status >= 100 && status < 200) || head_request)
        return true;
    const char *cl = memmem(r->start, head, "\r\nContent-Length: ", 18);
    if (cl) return r->got >= head + strtoul(cl + 18, NULL, 10);
    if (memmem(r->start, head, "chunked", 7)) return memcmp(r->tail + 1, "\r\n0\r\n\r\n", 7) == 0;
    return false;
}

/* Connects to the server under test. The machine's ephemeral ports can run short for a
 * moment (tests just before left thousands of connections in TIME_WAIT): that is the
 * client's shortage, not the server's fault, so it is waited out (up to 10 s). */
static int connect_server(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((unsigned short)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    for (int attempt = 0;; attempt++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) abort();
        if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
            struct linger no_wait = {1, 0}; /* close with a reset: no TIME_WAIT pile-up */
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &no_wait, sizeof no_wait);
            return fd;
        }
        int e = errno;
        close(fd);
        if ((e != EADDRNOTAVAIL && e != EAGAIN && e != EINTR) || attempt >= 200) {
            fprintf(stderr, "cannot connect to the server under test: %s\n", strerror(e));
            abort();
        }
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

enum outcome { ANSWERED, CLOSED, WAITING, HUNG };

/* Sends `data`, half-closes, and reads until the server closes (CLOSED), a whole first
 * response has come and nothing more for a moment (ANSWERED), nothing at all comes for
 * `idle_ms` (WAITING: libmicrohttpd 0.9.75 does not always act on a client's
 * half-close, e.g. in the middle of a request head, before its idle timeout), or
 * `deadline_ms` passes with bytes still trickling in (HUNG). */
static enum outcome exchange(const uint8_t *data, size_t size, struct reply *reply, int idle_ms,
                             int deadline_ms)
{
    int fd = connect_server();
    memset(reply, 0, sizeof *reply);
    static char buf[65536];
    long start = now_ms(), last = start;
    size_t sent = 0;
    enum outcome out = HUNG;
    if (size == 0) shutdown(fd, SHUT_WR);
    while (now_ms() - start < deadline_ms) {
        struct pollfd p = {fd, POLLIN | (sent < size ? POLLOUT : 0), 0};
        if (poll(&p, 1, 1) < 0 && errno != EINTR) break;
        if ((p.revents & POLLOUT) && sent < size) {
            ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                sent = size; /* reset: read what came */
            else if (n > 0)
                sent += (size_t)n;
            if (sent == size) shutdown(fd, SHUT_WR);
            last = now_ms();
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0) {
                out = CLOSED;
                break;
            }
            received(reply, buf, (size_t)n);
            last = now_ms();
            continue;
        }
        long quiet = now_ms() - last;
        if (sent == size && quiet >= 1 &&
            whole_response(reply, size >= 5 && memcmp(data, "HEAD ", 5) == 0)) {
            out = ANSWERED;
            break;
        }
        if (sent == size && reply->got == 0 && quiet >= idle_ms) {
            out = WAITING;
            break;
        }
    }
    close(fd);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct reply reply;
    enum outcome out = exchange(data, size, &reply, 15, 5000);
    if (out == HUNG) {
        fprintf(stderr, "the server kept sending for 5 s\n");
        abort();
    }
    if (out == WAITING) {
        /* The server waits for more of a request: fine, if it still serves others. */
        static const char probe[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
        static struct reply ok;
        long t0 = now_ms();
        enum outcome po = exchange((const uint8_t *)probe, sizeof probe - 1, &ok, 5000, 5000);
        if (po == HUNG || po == WAITING || memcmp(ok.start, "HTTP/1.1 200", 12) != 0) {
            fprintf(stderr,
                    "after this input the server no longer answers (probe: outcome %d "
                    "after %ld ms, %zu bytes: %.60s)\n",
                    (int)po, now_ms() - t0, ok.got, ok.start);
            abort();
        }
    }
    if (reply.got >= 12 && memcmp(reply.start, "HTTP/1.", 7) == 0 &&
        memcmp(reply.start + 9, "500", 3) == 0) {
        fprintf(stderr, "answered 500:\n%.*s\n", (int)(reply.got < 2000 ? reply.got : 2000),
                reply.start);
        abort();
    }
    return 0;
}
