/* Signals: SIGTERM in the middle of a load run loses no accepted request and exits 0;
 * an idle keep-alive connection does not hold the stop; SIGHUP reloads.
 * Every wait here is bounded by the test itself (curl timeouts, counted polls): Criterion's
 * .timeout leaks 48 bytes in its runner under ASan with --jobs 2, so it is not used. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* ---- a bounded load loop ---- */

/* Each client asks until its connection is refused, for at most LOAD_SECONDS: bounded by time,
 * not by a count of requests, which a fast machine ran through before the stop (CI: a client
 * of six answered its 4,000 before SIGTERM came) */
enum { CLIENTS = 6, LOAD_SECONDS = 15 };

struct load {
    char url[512];
    atomic_long answered; /* complete 200 answers */
    atomic_long refused;  /* connection refused: sent after the listener closed */
    atomic_long lost;     /* anything else: an accepted request without a full answer */
    char lost_why[256];
};

struct sink {
    size_t len;
    char last;
};

static size_t to_sink(char *data, size_t size, size_t n, void *ctx)
{
    struct sink *s = ctx;
    s->len += size * n;
    if (size && n) s->last = data[size * n - 1];
    return size * n;
}

static void *client(void *arg)
{
    struct load *ld = arg;
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, ld->url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_sink);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    double until = now_s() + LOAD_SECONDS;
    while (now_s() < until) {
        struct sink s = {0};
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
        CURLcode rc = curl_easy_perform(c); /* the same handle: keep-alive */
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (rc == CURLE_COULDNT_CONNECT) {
            atomic_fetch_add(&ld->refused, 1);
            break;
        }
        if (rc == CURLE_OK && status == 200 && s.len > 0 && s.last == '}') {
            atomic_fetch_add(&ld->answered, 1);
            continue;
        }
        if (atomic_fetch_add(&ld->lost, 1) == 0)
            snprintf(ld->lost_why, sizeof ld->lost_why, "curl %d (%s), status %ld, %zu bytes",
                     (int)rc, curl_easy_strerror(rc), status, s.len);
        break;
    }
    curl_easy_cleanup(c);
    return NULL;
}

/* A request whose body arrives slowly: in flight when SIGTERM comes, it must still be
 * answered (405: /v1/check takes no POST, but the answer is complete). */
struct slow {
    char url[256];
    int chunks_left;
    long status;
    CURLcode rc;
    double finished_at;
};

static size_t slow_read(char *buf, size_t size, size_t n, void *ctx)
{
    struct slow *s = ctx;
    if (s->chunks_left == 0 || size * n < 100) return 0;
    usleep(100 * 1000);
    s->chunks_left--;
    memset(buf, 'x', 100);
    return 100;
}

static void *slow_client(void *arg)
{
    struct slow *s = arg;
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Expect:");
    struct sink sk = {0};
    curl_easy_setopt(c, CURLOPT_URL, s->url);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, slow_read);
    curl_easy_setopt(c, CURLOPT_READDATA, s);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)(s->chunks_left * 100));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sk);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    s->rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &s->status);
    s->finished_at = now_s();
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return NULL;
}

Test(lifecycle, sigterm_during_load_loses_no_request)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_SHUTDOWN_GRACE=20", NULL};
    testbed_start(&tb, db_create("sigterm"), env);
    struct load ld = {0};
    snprintf(ld.url, sizeof ld.url, "%s",
             check_url(tb.s.base, "Kaspersky Lab", "as_of=2024-10-01"));
    struct slow sl = {.chunks_left = 12};
    snprintf(sl.url, sizeof sl.url, "%s/v1/check", tb.s.base);

    pthread_t threads[CLIENTS], slow_thread;
    for (int i = 0; i < CLIENTS; i++)
        pthread_create(&threads[i], NULL, client, &ld);
    pthread_create(&slow_thread, NULL, slow_client, &sl);
    /* Let the load run, then stop the server in the middle of it. */
    for (int i = 0; i < 200 && atomic_load(&ld.answered) < 300; i++)
        usleep(10 * 1000);
    usleep(200 * 1000); /* the slow upload is under way */
    long answered_before = atomic_load(&ld.answered);
    double t0 = now_s();
    kill(tb.s.pid, SIGTERM);
    for (int i = 0; i < CLIENTS; i++)
        pthread_join(threads[i], NULL);
    pthread_join(slow_thread, NULL);
    testbed_stop(&tb); /* already stopping: collects the exit status, 0 */
    double stop_s = now_s() - t0;
    printf("sigterm under load: %ld checks answered before the signal, %ld after, %ld clients "
           "refused, stopped in %.2f s\n",
           answered_before, atomic_load(&ld.answered) - answered_before, atomic_load(&ld.refused),
           stop_s);

    cr_expect_eq(atomic_load(&ld.lost), 0, "requests lost: %ld (first: %s)", atomic_load(&ld.lost),
                 ld.lost_why);
    cr_expect_gt(answered_before, 100, "the load was running: %ld", answered_before);
    cr_expect_eq(atomic_load(&ld.refused), CLIENTS,
                 "every client ended on a refused connection, not by running out of time");
    cr_expect_eq(sl.rc, CURLE_OK, "slow request: %s", curl_easy_strerror(sl.rc));
    cr_expect_eq(sl.status, 405, "the in-flight slow request got its answer");
    cr_expect_geq(sl.finished_at, t0, "it finished after SIGTERM");
    cr_expect_lt(stop_s, 10, "stopped in %.1f s", stop_s);
    char *log = slurp(tb.s.log, true);
    cr_expect(strstr(log, "SIGTERM: finishing in-flight requests"), "%s", log);
    cr_expect(strstr(log, "\"msg\":\"stopped\""), "%s", log);
    cr_expect(!strstr(log, "grace over"), "%s", log);
    free(log);
}

static int connect_to(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

Test(lifecycle, idle_keepalive_does_not_hold_the_stop)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_SHUTDOWN_GRACE=30", "RESTRICTD_TIMEOUT=600", NULL};
    testbed_start(&tb, db_create("idle"), env);
    /* One connection that asked once and now idles on keep-alive, one that never asked. */
    int asked = connect_to(tb.s.port), silent = connect_to(tb.s.port);
    const char req[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    cr_assert_eq(send(asked, req, sizeof req - 1, 0), (ssize_t)(sizeof req - 1));
    char buf[2048];
    ssize_t n = recv(asked, buf, sizeof buf - 1, 0);
    cr_assert_gt(n, 0);
    buf[n] = '\0';
    cr_assert(strstr(buf, "200 OK") && !strstr(buf, "Connection: close"), "%s", buf);
    usleep(300 * 1000);
    double t0 = now_s();
    testbed_stop(&tb);
    double took = now_s() - t0;
    cr_expect_lt(took, 3, "idle connections held the stop for %.1f s (grace 30 s)", took);
    cr_expect_eq(recv(asked, buf, sizeof buf, 0), 0, "closed, not timed out");
    cr_expect_eq(recv(silent, buf, sizeof buf, 0), 0, "closed, not timed out");
    close(asked);
    close(silent);
}

/* Sends the blank line that ends a request head sent before, and reads the answer to the
 * end of the connection into buf (NUL-terminated). */
static void finish_request(int fd, char *buf, size_t size)
{
    cr_assert_eq(send(fd, "\r\n", 2, MSG_NOSIGNAL), 2);
    size_t got = 0;
    ssize_t n;
    while (got < size - 1 && (n = recv(fd, buf + got, size - 1 - got, 0)) > 0)
        got += (size_t)n;
    buf[got] = '\0';
}

Test(lifecycle, answers_during_the_stop_close_their_connection)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_SHUTDOWN_GRACE=20", NULL};
    testbed_start(&tb, db_create("drainclose"), env);
    int fd = connect_to(tb.s.port);
    /* Half a request (the request line is in) is a request in flight: the stop must wait
     * for the rest of it, past the idle cut, and answer it, saying close. */
    const char head[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    cr_assert_eq(send(fd, head, sizeof head - 1, 0), (ssize_t)(sizeof head - 1));
    usleep(100 * 1000);
    kill(tb.s.pid, SIGTERM);
    usleep(600 * 1000);
    char buf[2048];
    finish_request(fd, buf, sizeof buf);
    cr_expect(strstr(buf, "HTTP/1.1 200 OK"), "answer: %s", buf);
    cr_expect(strstr(buf, "Connection: close"), "answer: %s", buf);
    close(fd);
    testbed_stop(&tb);
}

Test(lifecycle, sighup_reloads_the_snapshot)
{
    struct testbed tb;
    /* No poll to speak of: only the signal can bring the change in. */
    const char *env[] = {"RESTRICTD_RELOAD_INTERVAL_MS=3600000", NULL};
    testbed_start(&tb, db_create("sighup"), env);
    char url[512];
    snprintf(url, sizeof url, "%s", probe_url(tb.s.base));
    /* A change that neither notifies nor moves the revision. */
    cr_assert(db_insert_probe(tb.db, "test-sighup", true));
    cr_expect(!wait_for_json_string(url, "verdict", "restricted", 500), "nothing reloads yet");
    kill(tb.s.pid, SIGHUP);
    cr_expect(wait_for_json_string(url, "verdict", "restricted", 3000), "SIGHUP reloaded");
    testbed_stop(&tb);
    char *log = slurp(tb.s.log, true);
    cr_expect(strstr(log, "SIGHUP: reloading the rulings"), "%s", log);
    free(log);
}

/* A client that connects while the stop waits for a request in flight is refused at once
 * (the listening socket is closed as the stop begins), not left resending its SYN until the
 * stop ends; the request in flight is still answered. */
Test(lifecycle, connecting_during_the_stop_is_refused_at_once)
{
    struct testbed tb;
    const char *env[] = {"RESTRICTD_SHUTDOWN_GRACE=5", NULL};
    testbed_start(&tb, db_create("refusedatonce"), env);
    int busy = connect_to(tb.s.port);
    const char head[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n"; /* in flight: holds the stop */
    cr_assert_eq(send(busy, head, sizeof head - 1, 0), (ssize_t)(sizeof head - 1));
    usleep(100 * 1000);
    kill(tb.s.pid, SIGTERM);
    usleep(300 * 1000);
    int late = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)tb.s.port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    double t0 = now_s();
    int rc = connect(late, (struct sockaddr *)&a, sizeof a);
    int why = errno;
    double took = now_s() - t0;
    cr_expect_neq(rc, 0, "a connection during the stop was accepted");
    cr_expect_eq(why, ECONNREFUSED, "refused, not %s", strerror(why));
    cr_expect_lt(took, 1.0, "refused after %.2f s", took);
    close(late);
    char buf[2048];
    finish_request(busy, buf, sizeof buf);
    cr_expect(strstr(buf, "HTTP/1.1 200 OK"), "the request in flight was answered: %s", buf);
    close(busy);
    testbed_stop(&tb);
}
