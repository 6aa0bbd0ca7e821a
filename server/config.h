#ifndef SERVER_CONFIG_H
#define SERVER_CONFIG_H
/*
 * Configuration: one table (config.c) of keys, each read from the environment
 * and overridable by a command-line flag (--listen=ADDR or --listen ADDR), with
 * its default, bounds and help text. Bad values fail start-up with a message
 * naming the key.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/error.h"

struct config {
    const char *database_url;
    const char *listen;
    unsigned threads;
    size_t max_body;
    size_t max_import_body; /* the body of an import (ROUTE_SPOOLED_BODY), kept on disk */
    const char *log_level;
    bool read_tokens;
    unsigned timeout; /* seconds a connection may stay idle */
    unsigned max_connections;
    unsigned reload_interval_ms;          /* revision poll period */
    unsigned shutdown_grace;              /* seconds in-flight requests get on SIGTERM */
    unsigned max_connections_per_address; /* 0 = no cap */
    unsigned db_queue;          /* database requests that may wait for a database thread */
    unsigned past_rollback_max; /* a past revision rolled back from the live rows (0008) */
    unsigned past_patch_max;    /* ... patched from the current snapshot (db/past_patch.h) */
    bool past_patch_check;      /* ... and compared with the tables read whole */
    /* operations */
    bool access_log;               /* one log line per request */
    const char *database_read_url; /* snapshot loads from here (a read replica) */
    const char *cors_origins;      /* "a,b" or "*"; NULL: no cross-origin calls */
    /* screening */
    unsigned screen_max_rows;      /* rows one POST /v1/screen may hold */
    size_t screen_full_answer_min; /* full row answers a screening may give, at least */
    unsigned screen_threads;       /* threads one long screening uses: 1, or 2 (a core free) */
    /* reliability and security */
    unsigned admin_rate_limit;   /* admin requests per client per minute, 0 = no limit */
    unsigned auth_failure_limit; /* failed authentications per client per minute, 0 = none */
    const char *signing_keys;    /* key file or directory for receipts; NULL: none */
    /* monitoring */
    bool monitor;              /* re-evaluate portfolios (db/monitor.h) */
    unsigned monitor_lead;     /* seconds ahead upcoming changes are told, 0 = not */
    const char *webhook_allow; /* addresses and blocks webhooks may go to though private */
    unsigned webhook_timeout_ms, webhook_retry_max, webhook_give_up; /* ms, s, s */
};

/* Fills `cfg` from the environment, then from the flags in argv[*argi..] (stops at the
 * first argument that is not a flag and leaves *argi there). */
bool config_load(struct config *cfg, int argc, char **argv, int *argi,
                 struct rd_error *err) RD_MUST_CHECK;

/* Prints the configuration reference (env name, flag, default, meaning). */
void config_usage(FILE *out);

/* The key table, for `restrictd config` (names, documentation, effective values). */
struct config_key_doc {
    const char *env, *flag, *fallback, *help; /* fallback NULL: unset by default */
    bool secret;                              /* a URL whose password is hidden */
};
size_t config_key_count(void);
struct config_key_doc config_key_doc(size_t i);
/* The value of key `i` in `cfg` as text ("" when unset), into `buf`. */
void config_value_text(const struct config *cfg, size_t i, char *buf, size_t size);

#endif
