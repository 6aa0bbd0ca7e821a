/* accept4 (SOCK_CLOEXEC, SOCK_NONBLOCK at accept): a GNU extension */
#define _GNU_SOURCE
#include "server/acceptor.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"

/* At a stop: the queued connections taken per pass (a bound, so that clients still
 * connecting are refused), and the pause between the two passes for handshakes under way. */
enum { BACKLOG_PASS_MAX = 1024, BACKLOG_PAUSE_MS = 2 };
/* After accept fails for want of descriptors: a pause instead of a busy loop. */
enum { ACCEPT_RETRY_MS = 20 };

struct acceptor {
    int fd, wake; /* the listening socket; an eventfd that ends the accepting thread */
    unsigned port;
    struct MHD_Daemon *daemon;
    atomic_long *adopting; /* handed to the daemon, not yet registered */
    bool (*admit)(void *ctx);
    void *admit_ctx;
    pthread_t thread;
    bool started;
};

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, ms % 1000 * 1000000L};
    nanosleep(&t, NULL);
}

struct acceptor *acceptor_open(const struct sockaddr_storage *addr, socklen_t len,
                               struct rd_error *err)
{
    struct acceptor *l = calloc(1, sizeof *l);
    if (!l) {
        rd_error_set(err, "out of memory");
        return NULL;
    }
    int on = 1;
    l->wake = eventfd(0, EFD_CLOEXEC);
    l->fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool ok = l->wake >= 0 && l->fd >= 0 &&
              setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
              (addr->ss_family != AF_INET6 ||
               setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) == 0) &&
              bind(l->fd, (const struct sockaddr *)addr, len) == 0 && listen(l->fd, SOMAXCONN) == 0;
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    if (ok && getsockname(l->fd, (struct sockaddr *)&bound, &blen) == 0)
        l->port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                    : ((struct sockaddr_in *)&bound)->sin_port);
    if (!ok) {
        rd_error_set(err, "%s", strerror(errno));
        acceptor_free(l);
        return NULL;
    }
    return l;
}

unsigned acceptor_port(const struct acceptor *l)
{
    return l->port;
}

/* Hands connection c to the daemon, counted in `adopting` until the daemon registers it (a
 * stop must not end in between and close it unanswered); the daemon owns (and on failure
 * closes) the socket from here. */
static void hand_over(struct acceptor *l, int c, const struct sockaddr_storage *peer, socklen_t len)
{
    if (l->admit && !l->admit(l->admit_ctx)) {
        close(c); /* full: the client sees its connection closed, as a daemon at its limit does */
        return;
    }
    atomic_fetch_add(l->adopting, 1);
    if (MHD_add_connection(l->daemon, c, (const struct sockaddr *)peer, len) != MHD_YES)
        atomic_fetch_sub(l->adopting, 1); /* refused (one address at its limit): closed */
}

static void *accepting(void *arg)
{
    struct acceptor *l = arg;
    struct pollfd fds[2] = {{.fd = l->fd, .events = POLLIN}, {.fd = l->wake, .events = POLLIN}};
    for (;;) {
        if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
        if (fds[1].revents) break;
        if (!(fds[0].revents & POLLIN)) continue;
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        int c = accept4(l->fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (c >= 0)
            hand_over(l, c, &peer, len);
        else if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
            sleep_ms(ACCEPT_RETRY_MS); /* the queue keeps the client until there is room */
    }
    return NULL;
}

bool acceptor_start(struct acceptor *l, struct MHD_Daemon *daemon, atomic_long *adopting,
                    bool (*admit)(void *ctx), void *ctx)
{
    l->daemon = daemon;
    l->adopting = adopting;
    l->admit = admit;
    l->admit_ctx = ctx;
    l->started = pthread_create(&l->thread, NULL, accepting, l) == 0;
    return l->started;
}

/* The kernel drops new SYNs on the socket from now, so no handshake completes while the
 * queue is emptied: a client that connects now retries its SYN and finds the port closed
 * (refused), instead of being reset after sending its request. Only SYNs: the last ACK of a
 * handshake already under way must still land, so that its connection reaches the queue. */
static void drop_new_handshakes(int fd)
{
    struct sock_filter drop_syn[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 13),           /* the TCP flags byte */
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x02, 0, 1), /* SYN? */
        BPF_STMT(BPF_RET | BPF_K, 0),                     /* drop it */
        BPF_STMT(BPF_RET | BPF_K, 0xFFFFFFFF),            /* let the rest through */
    };
    struct sock_fprog prog = {sizeof drop_syn / sizeof *drop_syn, drop_syn};
    (void)setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog);
}

void acceptor_stop(struct acceptor *l)
{
    if (!l || l->fd < 0) return;
    if (l->started) {
        uint64_t one = 1;
        if (write(l->wake, &one, sizeof one) != (ssize_t)sizeof one)
            log_msg(LOG_WARN, "stop: the accepting thread could not be woken");
        pthread_join(l->thread, NULL);
        l->started = false;
    }
    drop_new_handshakes(l->fd);
    int flags = fcntl(l->fd, F_GETFL);
    if (flags >= 0) fcntl(l->fd, F_SETFL, flags | O_NONBLOCK);
    /* Connections the kernel completed but nobody accepted yet would be reset when the
     * socket closes, losing requests their clients already sent: two bounded passes over
     * the queue, a moment apart for handshakes under way. */
    for (int pass = 0; pass < 2; pass++) {
        for (int taken = 0; taken < BACKLOG_PASS_MAX; taken++) {
            struct sockaddr_storage peer;
            socklen_t len = sizeof peer;
            int c = accept4(l->fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (c < 0) break;
            hand_over(l, c, &peer, len);
        }
        if (pass == 0) sleep_ms(BACKLOG_PAUSE_MS);
    }
    close(l->fd);
    l->fd = -1;
}

void acceptor_free(struct acceptor *l)
{
    if (!l) return;
    if (l->started) {
        uint64_t one = 1;
        (void)!write(l->wake, &one, sizeof one);
        pthread_join(l->thread, NULL);
    }
    if (l->fd >= 0) close(l->fd);
    if (l->wake >= 0) close(l->wake);
    free(l);
}
