#include "server/metrics.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/request.h"
#include "server/router.h"

/* Statuses counted separately; anything else is "other". 0 = no response was sent
 * (the client went away or the connection timed out first). */
static const unsigned status_slots[] = {0,   200, 201, 204, 304, 400, 401, 403, 404, 405, 406,
                                        409, 412, 413, 415, 417, 422, 428, 429, 500, 501, 503};
#define N_STATUS (sizeof status_slots / sizeof *status_slots + 1) /* + other */

/* Upper bounds of the latency histogram, in seconds (as exported) and in nanoseconds (as
 * compared on every request, without floating point). They start at 10 us: a check is
 * answered in about that, so coarser bounds could not tell a median of 15 us from one of
 * 90 us (issue 17's "< 20 us median" at a kept past revision is read from them). */
static const double bucket_s[] = {0.00001, 0.00002, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                                  0.0025,  0.005,   0.01,    0.025,  0.05,    0.1,    0.25,
                                  0.5,     1,       2.5,     5,      10};
static const uint64_t bucket_ns[] = {10000,      20000,      50000,      100000,     250000,
                                     500000,     1000000,    2500000,    5000000,    10000000,
                                     25000000,   50000000,   100000000,  250000000,  500000000,
                                     1000000000, 2500000000, 5000000000, 10000000000};
_Static_assert(sizeof bucket_ns / sizeof *bucket_ns == sizeof bucket_s / sizeof *bucket_s,
               "one bound in nanoseconds for each in seconds");
#define N_BUCKETS (sizeof bucket_s / sizeof *bucket_s + 1) /* + +Inf */

/* Per route: statuses, histogram buckets (not cumulative), sum of durations in ns. */
enum {
    SLOT_STATUS = 0,
    SLOT_BUCKET = N_STATUS,
    SLOT_SUM = N_STATUS + N_BUCKETS,
    SLOT_WIDTH = N_STATUS + N_BUCKETS + 1
};

/* Enough shards that the worker threads of a typical deployment never share one. */
enum { N_SHARDS = 16, CACHE_LINE = 64, MAX_COLLECTORS = 16 };

struct shard {
    atomic_ullong *counters; /* [1 + n_slots * SLOT_WIDTH]: [0] = requests begun */
};

static struct {
    atomic_bool on;
    size_t n_slots; /* routes + 1 (unmatched, the last slot) */
    size_t shard_len;
    atomic_ullong *memory;
    struct shard shards[N_SHARDS];
    atomic_uint next_shard;
    double started_at;
    pthread_mutex_t lock; /* collectors only; never taken on the request path */
    struct {
        metrics_collect_fn *fn;
        void *ctx;
    } collectors[MAX_COLLECTORS];
    size_t n_collectors;
} m = {.lock = PTHREAD_MUTEX_INITIALIZER};

static _Thread_local int my_shard = -1;

struct metrics_out {
    struct strbuf *sb;
};

bool metrics_init(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    m.started_at = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
    m.n_slots = n_routes + 1;
    size_t len = 1 + m.n_slots * SLOT_WIDTH;
    /* Round each shard up to whole cache lines so two shards never share one. */
    size_t per_line = CACHE_LINE / sizeof(atomic_ullong);
    m.shard_len = (len + per_line - 1) / per_line * per_line;
    size_t bytes = m.shard_len * N_SHARDS * sizeof(atomic_ullong);
    m.memory = aligned_alloc(CACHE_LINE, bytes);
    if (!m.memory) return false;
    for (size_t i = 0; i < m.shard_len * N_SHARDS; i++)
        atomic_init(&m.memory[i], 0);
    for (size_t s = 0; s < N_SHARDS; s++)
        m.shards[s].counters = m.memory + s * m.shard_len;
    atomic_store(&m.on, true);
    return true;
}

void metrics_shutdown(void)
{
    atomic_store(&m.on, false);
    free(m.memory);
    m.memory = NULL;
    pthread_mutex_lock(&m.lock);
    m.n_collectors = 0;
    pthread_mutex_unlock(&m.lock);
}

static atomic_ullong *shard_counters(void)
{
    if (my_shard < 0)
        my_shard =
            (int)(atomic_fetch_add_explicit(&m.next_shard, 1, memory_order_relaxed) % N_SHARDS);
    return m.shards[my_shard].counters;
}

/* Connections closed to make room for a new client (RESTRICTD_MAX_CONNECTIONS). */
static atomic_ullong connections_evicted;

void metrics_connection_evicted(void)
{
    atomic_fetch_add_explicit(&connections_evicted, 1, memory_order_relaxed);
}

void metrics_request_begin(void)
{
    if (!atomic_load_explicit(&m.on, memory_order_relaxed)) return;
    atomic_fetch_add_explicit(&shard_counters()[0], 1, memory_order_relaxed);
}

static size_t status_slot(unsigned status)
{
    for (size_t i = 0; i < N_STATUS - 1; i++)
        if (status_slots[i] == status) return i;
    return N_STATUS - 1;
}

static size_t bucket_of(uint64_t ns)
{
    for (size_t i = 0; i < N_BUCKETS - 1; i++)
        if (ns <= bucket_ns[i]) return i;
    return N_BUCKETS - 1;
}

void metrics_request_end(int route, unsigned status, uint64_t duration_ns)
{
    if (!atomic_load_explicit(&m.on, memory_order_relaxed)) return;
    size_t slot = route >= 0 && (size_t)route < m.n_slots - 1 ? (size_t)route : m.n_slots - 1;
    atomic_ullong *c = shard_counters() + 1 + slot * SLOT_WIDTH;
    atomic_fetch_add_explicit(&c[SLOT_STATUS + status_slot(status)], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&c[SLOT_BUCKET + bucket_of(duration_ns)], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&c[SLOT_SUM], duration_ns, memory_order_relaxed);
}

size_t metrics_buckets(const double **bounds)
{
    *bounds = bucket_s;
    return N_BUCKETS - 1;
}

/* ---- collectors ---- */

bool metrics_add_collector(metrics_collect_fn *fn, void *ctx)
{
    pthread_mutex_lock(&m.lock);
    bool ok = m.n_collectors < MAX_COLLECTORS;
    if (ok) {
        m.collectors[m.n_collectors].fn = fn;
        m.collectors[m.n_collectors].ctx = ctx;
        m.n_collectors++;
    }
    pthread_mutex_unlock(&m.lock);
    return ok;
}

void metrics_remove_collector(metrics_collect_fn *fn, void *ctx)
{
    pthread_mutex_lock(&m.lock);
    for (size_t i = 0; i < m.n_collectors; i++) {
        if (m.collectors[i].fn != fn || m.collectors[i].ctx != ctx) continue;
        memmove(&m.collectors[i], &m.collectors[i + 1],
                (m.n_collectors - i - 1) * sizeof m.collectors[0]);
        m.n_collectors--;
        break;
    }
    pthread_mutex_unlock(&m.lock);
}

void metrics_escape_label(struct strbuf *sb, const char *value)
{
    for (const char *p = value ? value : ""; *p; p++) {
        if (*p == '\\')
            sb_puts(sb, "\\\\");
        else if (*p == '"')
            sb_puts(sb, "\\\"");
        else if (*p == '\n')
            sb_puts(sb, "\\n");
        else
            sb_putc(sb, *p);
    }
}

void metrics_family(struct metrics_out *out, const char *name, const char *type, const char *help)
{
    sb_printf(out->sb, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void put_value(struct strbuf *sb, double v)
{
    if (isnan(v))
        sb_puts(sb, "NaN");
    else if (isinf(v))
        sb_puts(sb, v > 0 ? "+Inf" : "-Inf");
    else
        sb_printf(sb, "%.15g", v); /* 15 digits: no binary-to-decimal noise */
}

void metrics_sample(struct metrics_out *out, const char *name, const char *labels, double value)
{
    sb_puts(out->sb, name);
    if (labels && *labels) sb_printf(out->sb, "{%s}", labels);
    sb_putc(out->sb, ' ');
    put_value(out->sb, value);
    sb_putc(out->sb, '\n');
}

/* ---- rendering ---- */

/* The sum over shards of counter `i` of route slot `slot` (i < 0: requests begun). */
static unsigned long long total(size_t slot, int i)
{
    unsigned long long sum = 0;
    size_t at = i < 0 ? 0 : 1 + slot * SLOT_WIDTH + (size_t)i;
    for (size_t s = 0; s < N_SHARDS; s++)
        sum += atomic_load(&m.shards[s].counters[at]);
    return sum;
}

static void route_labels(struct strbuf *sb, size_t slot)
{
    bool matched = slot < m.n_slots - 1;
    sb_puts(sb, "method=\"");
    metrics_escape_label(sb, matched ? routes[slot].method : "");
    sb_puts(sb, "\",route=\"");
    metrics_escape_label(sb, matched ? routes[slot].pattern : "unmatched");
    sb_putc(sb, '"');
}

static void render_requests(struct strbuf *sb)
{
    struct metrics_out out = {sb};
    unsigned long long finished = 0;
    metrics_family(&out, "restrictd_http_requests_total", "counter",
                   "HTTP requests answered, by route and status (0: no answer was sent)");
    for (size_t r = 0; r < m.n_slots; r++) {
        for (size_t st = 0; st < N_STATUS; st++) {
            unsigned long long n = total(r, (int)(SLOT_STATUS + st));
            finished += n;
            if (!n) continue;
            sb_puts(sb, "restrictd_http_requests_total{");
            route_labels(sb, r);
            if (st < N_STATUS - 1)
                sb_printf(sb, ",status=\"%u\"} %llu\n", status_slots[st], n);
            else
                sb_printf(sb, ",status=\"other\"} %llu\n", n);
        }
    }
    metrics_family(&out, "restrictd_http_request_duration_seconds", "histogram",
                   "time from the request's arrival until its answer is ready to send, by route");
    for (size_t r = 0; r < m.n_slots; r++) {
        unsigned long long cumulative = 0;
        for (size_t b = 0; b < N_BUCKETS; b++) {
            unsigned long long n = total(r, (int)(SLOT_BUCKET + b));
            cumulative += n;
            if (b == N_BUCKETS - 1 && cumulative == 0) break; /* a route never asked */
        }
        if (!cumulative) continue;
        cumulative = 0;
        for (size_t b = 0; b < N_BUCKETS; b++) {
            cumulative += total(r, (int)(SLOT_BUCKET + b));
            sb_puts(sb, "restrictd_http_request_duration_seconds_bucket{");
            route_labels(sb, r);
            if (b < N_BUCKETS - 1)
                sb_printf(sb, ",le=\"%g\"} %llu\n", bucket_s[b], cumulative);
            else
                sb_printf(sb, ",le=\"+Inf\"} %llu\n", cumulative);
        }
        sb_puts(sb, "restrictd_http_request_duration_seconds_sum{");
        route_labels(sb, r);
        sb_printf(sb, "} %.9f\n", (double)total(r, SLOT_SUM) / 1e9);
        sb_puts(sb, "restrictd_http_request_duration_seconds_count{");
        route_labels(sb, r);
        sb_printf(sb, "} %llu\n", cumulative);
    }
    /* Finished was read before begun: begun can only have grown since, never shrunk. */
    unsigned long long begun = total(0, -1);
    metrics_family(&out, "restrictd_http_requests_in_flight", "gauge",
                   "requests received whose answer is not ready yet");
    metrics_sample(&out, "restrictd_http_requests_in_flight", NULL,
                   begun > finished ? (double)(begun - finished) : 0);
    metrics_family(&out, "restrictd_http_connections_evicted_total", "counter",
                   "connections idle longest closed to admit a new client when "
                   "RESTRICTD_MAX_CONNECTIONS were open");
    metrics_sample(&out, "restrictd_http_connections_evicted_total", NULL,
                   (double)atomic_load(&connections_evicted));
}

static double resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return NAN;
    unsigned long size = 0, resident = 0;
    int got = fscanf(f, "%lu %lu", &size, &resident);
    fclose(f);
    long page = sysconf(_SC_PAGESIZE);
    return got == 2 && page > 0 ? (double)resident * (double)page : NAN;
}

void metrics_render(struct strbuf *sb)
{
    struct metrics_out out = {sb};
    if (atomic_load(&m.on)) render_requests(sb);
    metrics_family(&out, "process_start_time_seconds", "gauge",
                   "start time of the process since the Unix epoch, in seconds");
    metrics_sample(&out, "process_start_time_seconds", NULL, m.started_at);
    metrics_family(&out, "process_resident_memory_bytes", "gauge", "resident memory size");
    metrics_sample(&out, "process_resident_memory_bytes", NULL, resident_bytes());
    pthread_mutex_lock(&m.lock);
    for (size_t i = 0; i < m.n_collectors; i++)
        m.collectors[i].fn(&out, m.collectors[i].ctx);
    pthread_mutex_unlock(&m.lock);
}

/* The request contract's view of the metrics (server/request.h). */
void req_metrics(const struct request *req, struct strbuf *out)
{
    (void)req;
    metrics_render(out);
}
