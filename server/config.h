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

#include "rulings/error.h"

struct config {
    const char *database_url;
    const char *listen;
    unsigned threads;
    size_t max_body;
    const char *log_level;
    bool read_tokens;
    unsigned timeout;            /* seconds a connection may stay idle */
    unsigned max_connections;
    unsigned reload_interval_ms; /* revision poll period */
    unsigned shutdown_grace;     /* seconds in-flight requests get on SIGTERM */
    unsigned screen_max_rows;    /* rows one POST /v1/screen may hold */
};

/* Fills `cfg` from the environment, then from the flags in argv[*argi..] (stops at the
 * first argument that is not a flag and leaves *argi there). */
bool config_load(struct config *cfg, int argc, char **argv, int *argi,
                 struct rd_error *err) RD_MUST_CHECK;

/* Prints the configuration reference (env name, flag, default, meaning). */
void config_usage(FILE *out);

#endif
