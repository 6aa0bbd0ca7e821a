/* One client cannot take every connection (issue 15, item 2). The review held ~1,050 idle
 * sockets from one address (and 2,000 from 200 addresses) and shut every other client
 * out, /healthz included. Now one address holds at most
 * RESTRICTD_MAX_CONNECTIONS_PER_ADDRESS connections, and when RESTRICTD_MAX_CONNECTIONS
 * are open the connection idle longest is closed to admit a newcomer. Loopback only: the
 * hoarders connect from 127.0.0.2 and up, the honest client from 127.0.0.1. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

/* A connection to the server from source address `src` (any port), or -1. */
static int connect_from(const char *src, unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in from = {.sin_family = AF_INET}, to = {.sin_family = AF_INET};
    inet_pton(AF_INET, src, &from.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    to.sin_port = htons((uint16_t)port);
    if (bind(fd, (struct sockaddr *)&from, sizeof from) != 0 ||
        connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* How many of the sockets the server has not closed (nothing was sent on them). */
static int still_open(const int *fds, int n)
{
    int open = 0;
    for (int i = 0; i < n; i++) {
        char c;
        ssize_t r = fds[i] < 0 ? 0 : recv(fds[i], &c, 1, MSG_PEEK | MSG_DONTWAIT);
        open += r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
    return open;
}

static void close_all(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0) close(fds[i]);
}

enum { HOARD = 60, CROWD_ADDRESSES = 10, CROWD_EACH = 15 };

/* CROWD_EACH idle connections from each of CROWD_ADDRESSES addresses `net`.1 and up, with
 * `pause_ms` between addresses. */
static void open_crowd(int *crowd, const char *net, unsigned port, int pause_ms)
{
    for (int a = 0; a < CROWD_ADDRESSES; a++) {
        char src[32];
        snprintf(src, sizeof src, "%s.%d", net, a + 1);
        for (int k = 0; k < CROWD_EACH; k++)
            crowd[a * CROWD_EACH + k] = connect_from(src, port);
        if (pause_ms) usleep((useconds_t)pause_ms * 1000);
    }
}

Test(fair_connections, one_address_capped_and_the_idle_make_room, .timeout = 60)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_MAX_CONNECTIONS=100",
                         "RESTRICTD_MAX_CONNECTIONS_PER_ADDRESS=20", NULL};
    testbed_start(&tb, db_create("fair"), env);
    int hoard[HOARD];
    for (int i = 0; i < HOARD; i++)
        hoard[i] = connect_from("127.0.0.2", tb.s.port);
    usleep(300 * 1000);
    int kept = still_open(hoard, HOARD);
    cr_expect_leq(kept, 20, "one address holds %d connections (cap 20)", kept);
    cr_expect(normal_check_ok(&tb.s), "another address is served beside the hoarder");

    /* 150 idle connections from ten addresses, each under its cap: past the limit of 100,
     * each newcomer closes the connection idle longest */
    int crowd[CROWD_ADDRESSES * CROWD_EACH];
    open_crowd(crowd, "127.0.1", tb.s.port, 20);
    usleep(300 * 1000);
    int checks = 0;
    for (int i = 0; i < 20; i++)
        checks += normal_check_ok(&tb.s);
    cr_expect_eq(checks, 20, "only %d of 20 checks answered beside 170 idle connections", checks);
    int crowd_open = still_open(crowd, CROWD_ADDRESSES * CROWD_EACH);
    int hoard_open = still_open(hoard, HOARD);
    cr_expect_leq(crowd_open + hoard_open, 100, "%d idle connections kept (limit 100)",
                  crowd_open + hoard_open);
    char url[128];
    snprintf(url, sizeof url, "%s/metrics", tb.s.base);
    struct http m = http_get(url);
    const char *ev = m.body ? strstr(m.body, "\nrestrictd_http_connections_evicted_total ") : NULL;
    long evicted =
        ev ? strtol(ev + strlen("\nrestrictd_http_connections_evicted_total "), NULL, 10) : -1;
    cr_expect_gt(evicted, 0, "no connection was closed to make room");
    http_free(&m);
    printf("fair connections: one address kept %d of %d (cap 20); %d idle from 10 addresses "
           "+ %d hoarded left of %d (limit 100), %ld closed to make room; %d/20 checks "
           "answered beside them\n",
           kept, HOARD, crowd_open, hoard_open, CROWD_ADDRESSES * CROWD_EACH + HOARD, evicted,
           checks);
    close_all(hoard, HOARD);
    close_all(crowd, CROWD_ADDRESSES * CROWD_EACH);
    testbed_stop(&tb);
}

/* 150 idle connections from ten addresses at once, three times: past the limit, without the
 * pauses of the test above. libmicrohttpd 0.9.75, left to refuse at its own limit, had a
 * worker find itself full as it took a connection handed over and block on a mutex for good
 * (4 of 6 such bursts, on this machine: every later connection refused, the stop hung past
 * the harness's 15 s); the server now keeps the limit itself (server/http.c, http_admit). */
Test(fair_connections, a_burst_past_the_limit_leaves_the_server_serving, .timeout = 90)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_MAX_CONNECTIONS=100",
                         "RESTRICTD_MAX_CONNECTIONS_PER_ADDRESS=20", NULL};
    testbed_start(&tb, db_create("burst"), env);
    int answered = 0;
    for (int round = 0; round < 3; round++) {
        int crowd[CROWD_ADDRESSES * CROWD_EACH];
        open_crowd(crowd, "127.0.2", tb.s.port, 0);
        usleep(300 * 1000);
        for (int i = 0; i < 5; i++)
            answered += normal_check_ok(&tb.s);
        close_all(crowd, CROWD_ADDRESSES * CROWD_EACH);
        usleep(100 * 1000);
    }
    cr_expect_eq(answered, 15, "only %d of 15 checks answered after the bursts", answered);
    double t0 = now_s();
    int status = server_stop(&tb.s);
    double took = now_s() - t0;
    cr_expect_eq(status, 0, "the server's exit status after the bursts (log %s)", tb.s.log);
    cr_expect_lt(took, 5.0, "stopped in %.1f s", took);
    printf("connection bursts: 3 x %d idle connections past the limit of 100, %d/15 checks "
           "answered, stopped in %.2f s\n",
           CROWD_ADDRESSES * CROWD_EACH, answered, took);
    free(tb.db);
}
