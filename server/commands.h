#ifndef SERVER_COMMANDS_H
#define SERVER_COMMANDS_H
/* The subcommands of the restrictd binary; each returns the process exit status. */
#include <libpq-fe.h>
#include <stdio.h>

#include "server/config.h"

/* A connection to DATABASE_URL, waiting a while for PostgreSQL to start; NULL (having
 * said why on stderr) when there is none. */
PGconn *cmd_connect(const struct config *cfg);

int cmd_serve(const struct config *cfg);
int cmd_migrate(const struct config *cfg);
int cmd_seed(const struct config *cfg, const char *path);
int cmd_validate(const char *path);
/* "N of M names can only be found asked exactly ...", with examples (rulings/exact_only.h). */
struct exact_only;
void print_exact_only(FILE *out, const struct exact_only *eo);
/* restrictd convert FORMAT PATH [--listed-since INSTANT]: argv[0] is the format. */
int cmd_convert(int argc, char **argv);
/* restrictd import FORMAT PATH [--published INSTANT] [--dry-run] [--force]
 * [--max-end-share PERCENT]: argv[0] is the format (server/cmd_import.c). */
int cmd_import(const struct config *cfg, int argc, char **argv);
/* restrictd token create|list|revoke ...: argv[0] is the action (server/cmd_token.c). */
int cmd_token(const struct config *cfg, int argc, char **argv);
/* restrictd key create [--out FILE] [--not-before T]; restrictd verify FILE [--keys PATH]:
 * argv[0] is the action / the first argument (server/cmd_receipts.c). */
int cmd_key(int argc, char **argv);
int cmd_verify(int argc, char **argv);
/* operations */
int cmd_config(int argc, char **argv, int argi);
int cmd_healthcheck(const struct config *cfg, const char *path);

#endif
