#include "server/metrics_sources.h"

#include "db/pool.h"
#include "handlers/check_cache.h"
#include "rulings/current.h"
#include "rulings/past_cache.h"
#include "lib/timeutil.h"
#include "server/answer_cache.h"
#include "server/metrics.h"
#include "server/offload.h"
#include "server/past.h"

static void collect_snapshot(struct metrics_out *out, void *ctx)
{
    (void)ctx;
    struct snapshot *s = current_acquire();
    metrics_family(out, "restrictd_snapshot_loaded", "gauge",
                   "1 once rulings are loaded (the instance is ready), else 0");
    metrics_sample(out, "restrictd_snapshot_loaded", NULL, s ? 1 : 0);
    if (s) {
        metrics_family(out, "restrictd_snapshot_revision", "gauge",
                       "data revision of the snapshot being served");
        metrics_sample(out, "restrictd_snapshot_revision", NULL, (double)s->revision);
        metrics_family(out, "restrictd_snapshot_age_seconds", "gauge",
                       "seconds since the snapshot being served was built");
        metrics_sample(out, "restrictd_snapshot_age_seconds", NULL,
                       (double)(rd_now() - s->built_at));
        int64_t confirmed = current_confirmed_at();
        if (confirmed) {
            metrics_family(out, "restrictd_snapshot_confirmed_age_seconds", "gauge",
                           "seconds since PostgreSQL last confirmed the snapshot is its latest "
                           "data (grows while it cannot be reached)");
            metrics_sample(out, "restrictd_snapshot_confirmed_age_seconds", NULL,
                           (double)(rd_now() - confirmed));
        }
        metrics_family(out, "restrictd_snapshot_records", "gauge",
                       "records in the snapshot being served, by kind");
        metrics_sample(out, "restrictd_snapshot_records", "kind=\"sources\"", (double)s->n_sources);
        metrics_sample(out, "restrictd_snapshot_records", "kind=\"subjects\"",
                       (double)s->n_subjects);
        metrics_sample(out, "restrictd_snapshot_records", "kind=\"aliases\"", (double)s->n_aliases);
        metrics_sample(out, "restrictd_snapshot_records", "kind=\"rulings\"", (double)s->n_rulings);
    }
    snapshot_release(s);
}

static void collect_listener(struct metrics_out *out, void *ctx)
{
    struct listener_stats st = listener_stats(ctx);
    metrics_family(out, "restrictd_snapshot_reloads_total", "counter",
                   "snapshots loaded from PostgreSQL and published");
    metrics_sample(out, "restrictd_snapshot_reloads_total", NULL, (double)st.reloads);
    metrics_family(out, "restrictd_snapshot_load_seconds", "gauge",
                   "time the last snapshot took to load and build");
    metrics_sample(out, "restrictd_snapshot_load_seconds", NULL, st.last_load_ms / 1e3);
    metrics_family(out, "restrictd_db_errors_total", "counter",
                   "failed database connections, queries and loads, by component");
    metrics_sample(out, "restrictd_db_errors_total", "component=\"listener\"", (double)st.failures);
    metrics_family(out, "restrictd_db_connected", "gauge",
                   "1 while the component holds a working database connection");
    metrics_sample(out, "restrictd_db_connected", "component=\"listener\"", st.connected ? 1 : 0);
}

static void collect_pool(struct metrics_out *out, void *ctx)
{
    struct db_pool_stats st = db_pool_stats(ctx);
    metrics_family(out, "restrictd_db_pool_connections", "gauge",
                   "connections of the admin/history pool, by state (bound = its size)");
    metrics_sample(out, "restrictd_db_pool_connections", "state=\"bound\"", st.size);
    metrics_sample(out, "restrictd_db_pool_connections", "state=\"open\"", st.open);
    metrics_sample(out, "restrictd_db_pool_connections", "state=\"idle\"", st.idle);
    metrics_sample(out, "restrictd_db_pool_connections", "state=\"in_use\"",
                   st.open >= st.idle ? st.open - st.idle : 0);
    metrics_family(out, "restrictd_db_pool_checkouts_total", "counter",
                   "connections handed out by the pool");
    metrics_sample(out, "restrictd_db_pool_checkouts_total", NULL, (double)st.checkouts);
    metrics_family(out, "restrictd_db_pool_failures_total", "counter",
                   "pool connections that failed to open, or were found broken and replaced");
    metrics_sample(out, "restrictd_db_pool_failures_total", "kind=\"connect\"",
                   (double)st.connect_failures);
    metrics_sample(out, "restrictd_db_pool_failures_total", "kind=\"broken\"", (double)st.broken);
    metrics_family(out, "restrictd_db_pool_available", "gauge",
                   "0 while the pool fails fast after a failed connect, else 1");
    metrics_sample(out, "restrictd_db_pool_available", NULL, st.available ? 1 : 0);
}

static void collect_offload(struct metrics_out *out, void *ctx)
{
    struct offload_stats st = offload_stats(ctx);
    metrics_family(out, "restrictd_db_requests", "gauge",
                   "requests that need PostgreSQL, by state (threads and queue_max: the bounds)");
    metrics_sample(out, "restrictd_db_requests", "state=\"threads\"", st.threads);
    metrics_sample(out, "restrictd_db_requests", "state=\"queue_max\"", st.queue_max);
    metrics_sample(out, "restrictd_db_requests", "state=\"running\"", st.running);
    metrics_sample(out, "restrictd_db_requests", "state=\"queued\"", st.queued);
    metrics_family(out, "restrictd_db_requests_refused_total", "counter",
                   "requests that need PostgreSQL answered 503 at once: threads and queue full");
    metrics_sample(out, "restrictd_db_requests_refused_total", NULL, (double)st.refused);
}

bool metrics_sources_add_pool(struct db_pool *p, struct offload *o)
{
    if (!metrics_add_collector(collect_pool, p)) return false;
    if (!o || metrics_add_collector(collect_offload, o)) return true;
    metrics_remove_collector(collect_pool, p);
    return false;
}

static void collect_check_cache(struct metrics_out *out, void *ctx)
{
    (void)ctx;
    struct check_cache_stats st = check_cache_stats();
    metrics_family(out, "restrictd_check_cache_total", "counter",
                   "checks answered from the rendered answers kept (hit) or rendered (miss)");
    metrics_sample(out, "restrictd_check_cache_total", "result=\"hit\"", (double)st.hits);
    metrics_sample(out, "restrictd_check_cache_total", "result=\"miss\"", (double)st.misses);
    metrics_family(out, "restrictd_check_cache_bytes", "gauge",
                   "bytes of rendered check answers kept (at most 8 MiB)");
    metrics_sample(out, "restrictd_check_cache_bytes", NULL, (double)st.bytes);
}

static void collect_past(struct metrics_out *out, void *ctx)
{
    (void)ctx;
    struct past_cache_stats st = past_cache_stats();
    metrics_family(out, "restrictd_past_snapshots_total", "counter",
                   "questions with known_at or revision answered from a past snapshot kept (hit) "
                   "or not kept (miss), snapshots built and builds failed");
    metrics_sample(out, "restrictd_past_snapshots_total", "result=\"hit\"", (double)st.hits);
    metrics_sample(out, "restrictd_past_snapshots_total", "result=\"miss\"", (double)st.misses);
    metrics_sample(out, "restrictd_past_snapshots_total", "result=\"built\"", (double)st.builds);
    metrics_sample(out, "restrictd_past_snapshots_total", "result=\"failed\"",
                   (double)st.build_failures);
    metrics_family(out, "restrictd_past_snapshot_build_seconds_total", "counter",
                   "time spent building past snapshots");
    metrics_sample(out, "restrictd_past_snapshot_build_seconds_total", NULL,
                   (double)st.build_ms_total / 1e3);
    uint64_t rolled_back, replayed;
    past_rebuild_counts(&rolled_back, &replayed);
    metrics_family(out, "restrictd_past_rebuilds_total", "counter",
                   "past data sets rebuilt from the live rows less the later changes (rollback), "
                   "from the change log alone (replay), from the current snapshot's records "
                   "and the few the later changes touched (patched), or likewise from a kept "
                   "past snapshot's and the few changed between the two (patched_from_kept)");
    metrics_sample(out, "restrictd_past_rebuilds_total", "method=\"rollback\"",
                   (double)rolled_back);
    metrics_sample(out, "restrictd_past_rebuilds_total", "method=\"replay\"", (double)replayed);
    uint64_t patched, from_kept, mismatched;
    past_patch_counts(&patched, &from_kept, &mismatched);
    metrics_sample(out, "restrictd_past_rebuilds_total", "method=\"patched\"", (double)patched);
    metrics_sample(out, "restrictd_past_rebuilds_total", "method=\"patched_from_kept\"",
                   (double)from_kept);
    metrics_family(out, "restrictd_past_patch_mismatches_total", "counter",
                   "past data sets patched from the current or a kept one that differed from the "
                   "tables read whole (checked only with RESTRICTD_PAST_PATCH_CHECK=1; then the "
                   "tables answer)");
    metrics_sample(out, "restrictd_past_patch_mismatches_total", NULL, (double)mismatched);
    metrics_family(out, "restrictd_past_snapshots", "gauge",
                   "past snapshots kept (at most 4: PAST_CACHE_SLOTS)");
    metrics_sample(out, "restrictd_past_snapshots", NULL, (double)st.entries);
    metrics_family(out, "restrictd_past_snapshot_bytes", "gauge",
                   "bytes the past snapshots keep alive: their own, and the whole of a "
                   "snapshot whose records one shares (counted for each that shares it)");
    metrics_sample(out, "restrictd_past_snapshot_bytes", NULL, (double)st.bytes);
}

bool metrics_sources_add(struct listener *l)
{
    if (!metrics_add_collector(collect_past, NULL)) return false;
    if (!metrics_add_collector(collect_check_cache, NULL)) return false;
    if (!metrics_add_collector(collect_snapshot, NULL)) return false;
    if (metrics_add_collector(collect_listener, l)) return true;
    metrics_remove_collector(collect_snapshot, NULL);
    return false;
}

static void collect_answers(struct metrics_out *out, void *ctx)
{
    struct answer_cache_stats st = answer_cache_stats(ctx);
    metrics_family(out, "restrictd_answer_cache_total", "counter",
                   "change feed and history answers served from memory (hit), asked of "
                   "PostgreSQL (miss), and kept for the revision (kept)");
    metrics_sample(out, "restrictd_answer_cache_total", "result=\"hit\"", (double)st.hits);
    metrics_sample(out, "restrictd_answer_cache_total", "result=\"miss\"", (double)st.misses);
    metrics_sample(out, "restrictd_answer_cache_total", "result=\"kept\"", (double)st.kept);
    metrics_family(out, "restrictd_answer_cache_bytes", "gauge",
                   "bytes of the answers kept per revision");
    metrics_sample(out, "restrictd_answer_cache_bytes", NULL, (double)st.bytes);
}

bool metrics_sources_add_answers(struct answer_cache *c)
{
    return metrics_add_collector(collect_answers, c);
}

void metrics_remove_answers(struct answer_cache *c)
{
    if (c) metrics_remove_collector(collect_answers, c);
}
