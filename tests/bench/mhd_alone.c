/*
 * libmicrohttpd alone: the fastest any server built on it can answer, as a reference for
 * tests/bench/run.sh. It serves one file's bytes to every GET, with the response headers
 * a real answer of restrictd carries (read from `curl -D` output) and a fresh X-Request-Id
 * each time, made and sent the way server/http.c makes and sends an answer: a response
 * object a request, its headers added one by one, the body lent, one epoll thread per
 * worker. Nothing else: no routing, no question, no answer cache, no metrics.
 *
 *   mhd_alone PORT THREADS BODY_FILE HEADERS_FILE
 *
 * The gap between restrictd and this is restrictd's own work; the gap between this and
 * nginx serving the same bytes is libmicrohttpd's (docs/decisions/0011-http-layer.md).
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum { MAX_HEADERS = 32 };

static char *body;
static size_t body_len;
static struct {
    char *name, *value;
} headers[MAX_HEADERS];
static unsigned n_headers;
static atomic_ulong served;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, 2 * cap + 1);
            if (!bigger) free(buf);
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* The headers an answer of restrictd carries, but those libmicrohttpd writes itself and the
 * request id (made fresh each time, as restrictd does). */
static int keep_header(const char *name)
{
    static const char *const own[] = {"Content-Length", "Date", "Connection", "Keep-Alive",
                                      "X-Request-Id"};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (strcasecmp(name, own[i]) == 0) return 0;
    return 1;
}

static int read_headers(const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) return -1;
    for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        char *colon = strchr(line, ':');
        if (!colon || strncmp(line, "HTTP/", 5) == 0) continue;
        *colon = '\0';
        char *value = colon + 1;
        while (*value == ' ')
            value++;
        if (!keep_header(line) || n_headers == MAX_HEADERS) continue;
        headers[n_headers].name = line;
        headers[n_headers++].value = value;
    }
    return 0; /* `text` stays: the headers point into it */
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload,
                                 size_t *upload_size, void **state)
{
    (void)cls, (void)url, (void)version, (void)upload, (void)upload_size;
    if (!*state) { /* the first call is for the header: answer on the second, as restrictd */
        *state = conn;
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0) return MHD_NO;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    for (unsigned i = 0; i < n_headers; i++)
        MHD_add_response_header(resp, headers[i].name, headers[i].value);
    char id[24];
    snprintf(id, sizeof id, "%016lx", atomic_fetch_add(&served, 1));
    MHD_add_response_header(resp, "X-Request-Id", id);
    enum MHD_Result r = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return r;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s PORT THREADS BODY_FILE HEADERS_FILE\n", argv[0]);
        return 2;
    }
    body = read_file(argv[3], &body_len);
    if (!body || read_headers(argv[4]) != 0) {
        fprintf(stderr, "%s: cannot read %s or %s\n", argv[0], argv[3], argv[4]);
        return 1;
    }
    unsigned threads = (unsigned)atoi(argv[2]);
    /* a pool of one is no pool (libmicrohttpd warns of one): then the list ends before it */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)atoi(argv[1]), NULL, NULL,
        on_access, NULL, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "%s: cannot listen on port %s\n", argv[0], argv[1]);
        return 1;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    free(body);
    return 0;
}
