#include "server/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/log.h"

enum key_type { KEY_STRING, KEY_UINT, KEY_SIZE, KEY_BOOL, KEY_LOG_LEVEL };

struct config_key {
    const char *env;
    const char *flag;
    enum key_type type;
    size_t offset;
    const char *fallback; /* NULL: no default (unset) */
    unsigned long long min, max;
    const char *help;
};

#define AT(field) offsetof(struct config, field)

// clang-format off
static const struct config_key keys[] = {
    {"DATABASE_URL", "database-url", KEY_STRING, AT(database_url), NULL, 0, 0,
     "PostgreSQL connection URL (postgresql://user:pass@host:port/db)"},
    {"RESTRICTD_LISTEN", "listen", KEY_STRING, AT(listen), "127.0.0.1:8080", 0, 0,
     "address:port to serve HTTP on ([::1]:8080 for IPv6, port 0 for any free port); a port "
     "another process listens on is refused (exit 1, \"Address already in use\"), never shared"},
    {"RESTRICTD_THREADS", "threads", KEY_UINT, AT(threads), "0", 0, 256,
     "HTTP worker threads (0 = one per CPU core)"},
    {"RESTRICTD_MAX_BODY", "max-body", KEY_SIZE, AT(max_body), "10485760", 1024,
     1ull << 32, "largest request body accepted, in bytes (imports: RESTRICTD_MAX_IMPORT_BODY)"},
    {"RESTRICTD_MAX_IMPORT_BODY", "max-import-body", KEY_SIZE, AT(max_import_body), "268435456",
     1024, 1ull << 40, "largest body of POST /v1/admin/import, in bytes; kept in a temporary "
     "file under $TMPDIR, not in memory"},
    {"RESTRICTD_LOG", "log", KEY_LOG_LEVEL, AT(log_level), "info", 0, 0,
     "log level: debug, info, warn, error"},
    {"RESTRICTD_READ_TOKENS", "read-tokens", KEY_BOOL, AT(read_tokens), "0", 0, 1,
     "1 = public routes need a reader (or admin) token too"},
    {"RESTRICTD_TIMEOUT", "timeout", KEY_UINT, AT(timeout), "15", 1, 3600,
     "seconds an idle connection is kept open; also the most a request head may take to arrive"},
    {"RESTRICTD_MAX_CONNECTIONS", "max-connections", KEY_UINT, AT(max_connections), "1000", 4,
     60000, "concurrent connections accepted; when all are taken, the connection idle longest "
     "(between requests, or without a complete request head) is closed to admit a new one"},
    {"RESTRICTD_MAX_CONNECTIONS_PER_ADDRESS", "max-connections-per-address", KEY_UINT,
     AT(max_connections_per_address), "250", 0, 60000, "concurrent connections one client "
     "address may hold; more are refused at once (0 = no cap: behind a proxy every client "
     "has the proxy's address)"},
    {"RESTRICTD_RELOAD_INTERVAL_MS", "reload-interval-ms", KEY_UINT, AT(reload_interval_ms),
     "5000", 100, 3600000, "how often the data revision is polled (notifications are instant)"},
    {"RESTRICTD_SHUTDOWN_GRACE", "shutdown-grace", KEY_UINT, AT(shutdown_grace), "10", 0, 600,
     "seconds in-flight requests may take to finish on SIGTERM"},
    /* operations */
    {"RESTRICTD_ACCESS_LOG", "access-log", KEY_BOOL, AT(access_log), "0", 0, 1,
     "1 = one JSON log line per request at info level (server faults are always logged)"},
    {"DATABASE_READ_URL", "database-read-url", KEY_STRING, AT(database_read_url), NULL, 0, 0,
     "PostgreSQL URL to load snapshots from, e.g. a read replica (default: DATABASE_URL; "
     "LISTEN stays on DATABASE_URL)"},
    /* screening */
    {"RESTRICTD_SCREEN_FULL_ANSWER_MIN", "screen-full-answer-min", KEY_SIZE,
     AT(screen_full_answer_min), "33554432", 1024, 1ull << 40, "bytes of full row answers one "
     "screening may give whatever its size (else 64 times its body); later rows are compact"},
    {"RESTRICTD_SCREEN_MAX_ROWS", "screen-max-rows", KEY_UINT, AT(screen_max_rows), "100000", 1,
     10000000, "most rows one POST /v1/screen may hold (more: 413)"},
    {"RESTRICTD_SCREEN_THREADS", "screen-threads", KEY_UINT, AT(screen_threads), "2", 1, 2,
     "threads one long screening uses: 2 = a second one screens ahead while a core is free"},
    /* reliability and security */
    {"RESTRICTD_ADMIN_RATE_LIMIT", "admin-rate-limit", KEY_UINT, AT(admin_rate_limit), "600", 0,
     1000000, "admin requests one client address may make per minute, in bursts of up to as "
     "many (more: 429; 0 = no limit)"},
    {"RESTRICTD_CORS_ORIGINS", "cors-origins", KEY_STRING, AT(cors_origins), NULL, 0, 0,
     "browser origins allowed to call the API (CORS), comma-separated, such as "
     "https://procurement.example.com; * allows any; none by default"},
    {"RESTRICTD_DB_QUEUE", "db-queue", KEY_UINT, AT(db_queue), "32", 0, 100000,
     "requests that need PostgreSQL (admin routes, /v1/changes, histories) that may wait for "
     "a database thread; more are answered 503 at once"},
    {"RESTRICTD_PAST_ROLLBACK_MAX", "past-rollback-max", KEY_UINT, AT(past_rollback_max), "20000",
     0, 1000000000, "a past revision (known_at, revision) followed by at most this many changes "
     "is rebuilt from the live rows less those changes; an older one by replaying the change log "
     "(0 = always replay)"},
    {"RESTRICTD_PAST_PATCH_MAX", "past-patch-max", KEY_UINT, AT(past_patch_max), "5000", 0,
     1000000000, "a past revision followed by at most this many changes (and rolled back) is "
     "made from the current snapshot's records, reading again from PostgreSQL only those the "
     "changes touched (0 = always read every table)"},
    {"RESTRICTD_PAST_PATCH_CHECK", "past-patch-check", KEY_BOOL, AT(past_patch_check), "0", 0, 1,
     "1 = also read every table for a patched past revision, compare, and answer from the "
     "tables when they differ (logged, counted in /metrics): for tests, at twice the cost"},
    {"RESTRICTD_AUTH_FAILURE_LIMIT", "auth-failure-limit", KEY_UINT, AT(auth_failure_limit), "10",
     0, 1000000, "wrong or malformed tokens one client address may send per minute before it is "
     "answered 429 (0 = no limit)"},
    {"RESTRICTD_SIGNING_KEYS", "signing-keys", KEY_STRING, AT(signing_keys), NULL, 0, 0,
     "Ed25519 key file (`restrictd key create`) or directory of them, for signed receipts "
     "(receipt=true); reread on SIGHUP; none: receipts answer 503"},
    /* monitoring */
    {"RESTRICTD_MONITOR", "monitor", KEY_BOOL, AT(monitor), "1", 0, 1,
     "1 = re-evaluate portfolio items when the data changes and at every instant a ruling "
     "begins or ends, writing events (docs/api.md, \"Monitoring\"); 0 = this instance does not"},
    {"RESTRICTD_MONITOR_LEAD", "monitor-lead", KEY_UINT, AT(monitor_lead), "0", 0, 31536000,
     "seconds ahead of an instant at which a ruling will change an item's verdict that an "
     "item.answer_upcoming event says so, once (0 = no such events)"},
    {"RESTRICTD_WEBHOOK_ALLOW", "webhook-allow", KEY_STRING, AT(webhook_allow), NULL, 0, 0,
     "addresses or CIDR blocks (comma-separated) webhooks may be sent to although they are "
     "loopback, link-local, private or reserved, such as 127.0.0.1; none by default"},
    {"RESTRICTD_WEBHOOK_TIMEOUT_MS", "webhook-timeout-ms", KEY_UINT, AT(webhook_timeout_ms),
     "10000", 100, 60000, "the most one webhook delivery may take, connecting (at most 3 s) "
     "included"},
    {"RESTRICTD_WEBHOOK_RETRY_MAX", "webhook-retry-max", KEY_UINT, AT(webhook_retry_max), "3600",
     1, 86400, "seconds between attempts at most: failed deliveries are retried after 1, 2, 4 "
     "... seconds (each 0.5 to 1.5 times that), up to this"},
    {"RESTRICTD_WEBHOOK_GIVE_UP", "webhook-give-up", KEY_UINT, AT(webhook_give_up), "86400", 1,
     2592000, "seconds after its first failed attempt a delivery is given up and its "
     "subscription marked failing (until a manual retry)"},
};
// clang-format on

static bool parse_number(const char *s, unsigned long long *out)
{
    if (!*s) return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-') return false;
    *out = v;
    return true;
}

static bool set_value(struct config *cfg, const struct config_key *k, const char *value,
                      const char *origin, struct rd_error *err)
{
    char *field = (char *)cfg + k->offset;
    unsigned long long v = 0;
    switch (k->type) {
    case KEY_LOG_LEVEL: {
        enum log_level level;
        if (!log_parse_level(value, &level)) {
            rd_error_set(err, "%s=%s: must be debug, info, warn or error", origin, value);
            return false;
        }
        *(const char **)(void *)field = value;
        return true;
    }
    case KEY_STRING:
        *(const char **)(void *)field = value;
        return true;
    case KEY_BOOL:
        if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0) {
            *(bool *)(void *)field = true;
            return true;
        }
        if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0 || !*value) {
            *(bool *)(void *)field = false;
            return true;
        }
        rd_error_set(err, "%s=%s: must be 1 or 0 (true or false)", origin, value);
        return false;
    case KEY_UINT:
    case KEY_SIZE:
        if (!parse_number(value, &v) || v < k->min || v > k->max) {
            rd_error_set(err, "%s=%s: must be a whole number from %llu to %llu", origin, value,
                         k->min, k->max);
            return false;
        }
        if (k->type == KEY_UINT)
            *(unsigned *)(void *)field = (unsigned)v;
        else
            *(size_t *)(void *)field = (size_t)v;
        return true;
    }
    return false;
}

bool config_load(struct config *cfg, int argc, char **argv, int *argi, struct rd_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    const size_t n = sizeof keys / sizeof *keys;
    for (size_t i = 0; i < n; i++) {
        const char *env = getenv(keys[i].env);
        const char *v = env ? env : keys[i].fallback;
        if (v && !set_value(cfg, &keys[i], v, env ? keys[i].env : "default", err)) return false;
    }
    while (*argi < argc && strncmp(argv[*argi], "--", 2) == 0) {
        const char *arg = argv[*argi] + 2;
        const char *eq = strchr(arg, '=');
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        const struct config_key *k = NULL;
        for (size_t i = 0; i < n && !k; i++)
            if (strlen(keys[i].flag) == name_len && strncmp(keys[i].flag, arg, name_len) == 0)
                k = &keys[i];
        if (!k) {
            rd_error_set(err, "unknown option --%.*s (see `restrictd help`)", (int)name_len, arg);
            return false;
        }
        const char *value = eq ? eq + 1 : NULL;
        if (!value) {
            if (*argi + 1 >= argc) {
                rd_error_set(err, "option --%s needs a value", k->flag);
                return false;
            }
            value = argv[++*argi];
        }
        char origin[64];
        snprintf(origin, sizeof origin, "--%s", k->flag);
        if (!set_value(cfg, k, value, origin, err)) return false;
        (*argi)++;
    }
    if (cfg->threads == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        cfg->threads = cores > 0 ? (unsigned)cores : 2;
    }
    return true;
}

void config_usage(FILE *out)
{
    fprintf(out, "Configuration (environment variable, or flag; flags win):\n");
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        fprintf(out, "  %-30s --%-20s %s (default: %s)\n", keys[i].env, keys[i].flag, keys[i].help,
                keys[i].fallback ? keys[i].fallback : "unset");
}

size_t config_key_count(void)
{
    return sizeof keys / sizeof *keys;
}

struct config_key_doc config_key_doc(size_t i)
{
    const struct config_key *k = &keys[i];
    /* Connection URLs may carry a password; by name, so rows need no extra column. */
    size_t n = strlen(k->env);
    bool secret = k->type == KEY_STRING && n > 4 && strcmp(k->env + n - 4, "_URL") == 0;
    return (struct config_key_doc){k->env, k->flag, k->fallback, k->help, secret};
}

void config_value_text(const struct config *cfg, size_t i, char *buf, size_t size)
{
    const struct config_key *k = &keys[i];
    const char *field = (const char *)cfg + k->offset;
    switch (k->type) {
    case KEY_STRING:
    case KEY_LOG_LEVEL: {
        const char *v = *(const char *const *)(const void *)field;
        snprintf(buf, size, "%s", v ? v : "");
        return;
    }
    case KEY_BOOL:
        snprintf(buf, size, "%d", *(const bool *)(const void *)field ? 1 : 0);
        return;
    case KEY_UINT:
        snprintf(buf, size, "%u", *(const unsigned *)(const void *)field);
        return;
    case KEY_SIZE:
        snprintf(buf, size, "%zu", *(const size_t *)(const void *)field);
        return;
    }
    if (size) buf[0] = '\0';
}
