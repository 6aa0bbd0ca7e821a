/* Slow clients: 200 connections that trickle a request head byte by byte are cut at the
 * header deadline (RESTRICTD_TIMEOUT), and normal clients are answered throughout. */
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "rawhttp.h"

enum { SLOW_CLIENTS = 200, TIMEOUT_S = 2, RUN_MS = 5500 };

static long ms_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Has the server closed this socket? (reads what is pending without blocking) */
static bool closed_by_server(int fd)
{
    char buf[512];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0) return true;
        if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
    }
}

/* The slow clients (their sockets, and when each was cut, in ms from start; 0: not yet)
 * and the normal checks sent meanwhile. */
struct run {
    int fds[SLOW_CLIENTS];
    long cut_at[SLOW_CLIENTS];
    long start;
    int probes, probes_ok;
    long worst_probe_ms;
};

/* One more header byte on each slow connection still open; notes those cut. */
static void trickle(struct run *run, long now)
{
    for (int i = 0; i < SLOW_CLIENTS; i++) {
        if (run->cut_at[i]) continue;
        if (send(run->fds[i], "X", 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno != EAGAIN)
            run->cut_at[i] = now - run->start;
        else if (closed_by_server(run->fds[i]))
            run->cut_at[i] = now - run->start;
    }
}

/* A normal check, timed. */
static void probe(struct run *run, const char *base)
{
    long t0 = ms_now();
    struct http r = http_get(check_url(base, "Kaspersky Lab", "as_of=2024-10-01"));
    long took = ms_now() - t0;
    run->probes++;
    run->probes_ok += r.status == 200;
    if (took > run->worst_probe_ms) run->worst_probe_ms = took;
    http_free(&r);
}

Test(slowloris, slow_heads_are_cut_and_others_served, .timeout = 60)
{
    char timeout_env[64];
    snprintf(timeout_env, sizeof timeout_env, "RESTRICTD_TIMEOUT=%d", TIMEOUT_S);
    const char *env[] = {timeout_env, NULL};
    struct testbed tb;
    testbed_start(&tb, db_create("slowloris"), env);

    struct run run = {0};
    const char *head = "GET /v1/check?name=Kaspersky HTTP/1.1\r\nHost: t\r\n";
    for (int i = 0; i < SLOW_CLIENTS; i++) {
        run.fds[i] = raw_connect(tb.s.port);
        cr_assert(run.fds[i] >= 0, "connection %d refused", i);
        cr_assert(send(run.fds[i], head, strlen(head), MSG_NOSIGNAL) > 0);
    }
    run.start = ms_now();
    long next_trickle = run.start, next_probe = run.start;
    while (ms_now() - run.start < RUN_MS) {
        long now = ms_now();
        if (now >= next_trickle) { /* one more header byte every 300 ms on each */
            trickle(&run, now);
            next_trickle = now + 300;
        }
        if (now >= next_probe) {
            probe(&run, tb.s.base);
            next_probe = now + 100;
        }
        poll(NULL, 0, 10);
    }
    int cut = 0;
    long last_cut = 0;
    for (int i = 0; i < SLOW_CLIENTS; i++) {
        if (!run.cut_at[i] && closed_by_server(run.fds[i])) run.cut_at[i] = ms_now() - run.start;
        if (run.cut_at[i]) {
            cut++;
            if (run.cut_at[i] > last_cut) last_cut = run.cut_at[i];
        }
        close(run.fds[i]);
    }
    fprintf(stderr,
            "slowloris: %d/%d slow connections cut (last after %ld ms); %d/%d normal "
            "checks answered, slowest %ld ms\n",
            cut, SLOW_CLIENTS, last_cut, run.probes_ok, run.probes, run.worst_probe_ms);
    cr_expect_eq(cut, SLOW_CLIENTS, "every slow head is cut");
    cr_expect(last_cut <= (TIMEOUT_S + 2) * 1000, "cut within the deadline: %ld ms", last_cut);
    cr_expect_eq(run.probes_ok, run.probes, "normal clients are answered meanwhile");
    cr_expect(run.worst_probe_ms < 1000, "and promptly: %ld ms", run.worst_probe_ms);
    testbed_stop(&tb);
}
