/* restrictd config [--names | --markdown]: the configuration the binary reads.
 *   --names     every environment variable, one per line (manifest checks compare
 *               deploy/ against this list)
 *   --markdown  the reference table of docs/operations.md
 *   (neither)   the effective configuration from the environment and flags, passwords
 *               hidden; exits 2 naming the key when a value is invalid. */
#include <stdio.h>
#include <string.h>

#include "db/conn.h"
#include "server/commands.h"
#include "server/config.h"

static void print_names(void)
{
    for (size_t i = 0; i < config_key_count(); i++)
        printf("%s\n", config_key_doc(i).env);
}

static void print_markdown(void)
{
    printf("| variable | flag | default | meaning |\n|---|---|---|---|\n");
    for (size_t i = 0; i < config_key_count(); i++) {
        struct config_key_doc d = config_key_doc(i);
        printf("| `%s` | `--%s` | %s%s%s | %s |\n", d.env, d.flag, d.fallback ? "`" : "",
               d.fallback ? d.fallback : "(unset)", d.fallback ? "`" : "", d.help);
    }
}

int cmd_config(int argc, char **argv, int argi)
{
    if (argi + 1 == argc && strcmp(argv[argi], "--names") == 0) {
        print_names();
        return 0;
    }
    if (argi + 1 == argc && strcmp(argv[argi], "--markdown") == 0) {
        print_markdown();
        return 0;
    }
    struct config cfg;
    struct rd_error err = {0};
    if (!config_load(&cfg, argc, argv, &argi, &err)) {
        fprintf(stderr, "restrictd: %s\n", err.message);
        return 2;
    }
    if (argi != argc) {
        fprintf(stderr, "usage: restrictd config [--names | --markdown | --flag=value ...]\n");
        return 2;
    }
    for (size_t i = 0; i < config_key_count(); i++) {
        struct config_key_doc d = config_key_doc(i);
        char value[1024], shown[1024];
        config_value_text(&cfg, i, value, sizeof value);
        if (d.secret)
            db_redact_url(value, shown, sizeof shown);
        else
            snprintf(shown, sizeof shown, "%s", value);
        printf("%s=%s\n", d.env, shown);
    }
    return 0;
}
