/* restrictd: is this vendor or product restricted, by whom, and from what date? */
#include <stdio.h>
#include <string.h>

#include "server/commands.h"
#include "server/config.h"
#include "server/log.h"

static void usage(FILE *out)
{
    // clang-format off
    fprintf(out,
            "restrictd %s: answers whether a vendor or product is restricted, by whom, and "
            "since when.\n\n"
            "Usage:\n"
            "  restrictd [serve] [--flag=value ...]   serve HTTP (the default)\n"
            "  restrictd migrate                      apply pending database migrations\n"
            "  restrictd seed FILE                    load a data set (idempotent, atomic)\n"
            "  restrictd validate FILE                check a data set without a database\n"
            "  restrictd convert ofac-sdn DIR | ofac-cons DIR | csl FILE [--listed-since INSTANT]\n"
            "                                         a published list as a data set on stdout\n"
            "  restrictd import ofac-sdn DIR | ofac-cons DIR | csl FILE [--published INSTANT]\n"
            "                   [--dry-run] [--force] [--max-end-share PERCENT]\n"
            "                                         import a published list into the database\n"
            "  restrictd token create --name NAME --role admin|reader\n"
            "                                         make an API token (prints its secret once)\n"
            "  restrictd token list | token revoke NAME\n"
            "  restrictd key create [--out FILE] [--not-before RFC3339]\n"
            "                                         make an Ed25519 signing key for receipts\n"
            "  restrictd verify FILE|- [--keys PATH | --jwks FILE]\n"
            "                                         check a signed receipt and its answer offline\n"
            "  restrictd config [--names|--markdown]  the effective configuration (or its keys)\n"
            "  restrictd healthcheck [PATH]           exit 0 when the server answers PATH (/readyz) with 200\n"
            "  restrictd version | help\n\n",
            RESTRICTD_VERSION);
    // clang-format on
    config_usage(out);
}

int main(int argc, char **argv)
{
    log_use_json_lines();
    int argi = 1;
    const char *command = "serve";
    if (argi < argc && strncmp(argv[argi], "--", 2) != 0) command = argv[argi++];
    if (strcmp(command, "help") == 0 || strcmp(command, "--help") == 0 ||
        strcmp(command, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(command, "version") == 0 || strcmp(command, "--version") == 0) {
        printf("restrictd %s\n", RESTRICTD_VERSION);
        return 0;
    }
    if (strcmp(command, "validate") == 0) {
        if (argi + 1 != argc) {
            fprintf(stderr, "usage: restrictd validate FILE\n");
            return 2;
        }
        return cmd_validate(argv[argi]);
    }
    if (strcmp(command, "convert") == 0) return cmd_convert(argc - argi, argv + argi);
    if (strcmp(command, "config") == 0) return cmd_config(argc, argv, argi);
    if (strcmp(command, "key") == 0) return cmd_key(argc - argi, argv + argi);
    if (strcmp(command, "verify") == 0) return cmd_verify(argc - argi, argv + argi);
    struct config cfg;
    struct rd_error err = {0};
    if (!config_load(&cfg, argc, argv, &argi, &err)) {
        fprintf(stderr, "restrictd: %s\n", err.message);
        return 2;
    }
    enum log_level level = LOG_INFO;
    (void)log_parse_level(cfg.log_level, &level); /* checked by config_load */
    log_set_level(level);
    if (strcmp(command, "serve") == 0 && argi == argc) return cmd_serve(&cfg);
    if (strcmp(command, "migrate") == 0 && argi == argc) return cmd_migrate(&cfg);
    if (strcmp(command, "seed") == 0 && argi + 1 == argc) return cmd_seed(&cfg, argv[argi]);
    if (strcmp(command, "token") == 0) return cmd_token(&cfg, argc - argi, argv + argi);
    if (strcmp(command, "import") == 0) return cmd_import(&cfg, argc - argi, argv + argi);
    if (strcmp(command, "healthcheck") == 0 && argi + 1 >= argc)
        return cmd_healthcheck(&cfg, argi < argc ? argv[argi] : NULL);
    fprintf(stderr, "restrictd: unknown command or arguments: %s", command);
    for (int i = argi; i < argc; i++)
        fprintf(stderr, " %s", argv[i]);
    fprintf(stderr, "\n\n");
    usage(stderr);
    return 2;
}
