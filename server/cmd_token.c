/* restrictd token create|list|revoke: API tokens, managed from the command line. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/conn.h"
#include "db/tokens.h"
#include "server/commands.h"

static int usage(void)
{
    fprintf(stderr, "usage: restrictd token create --name NAME --role admin|reader\n"
                    "       restrictd token list\n"
                    "       restrictd token revoke NAME\n"
                    "(DATABASE_URL names the database)\n");
    return 2;
}

/* The audit trail's actor for a command-line change: "cli:<operating-system user>". */
static void cli_actor(char *out, size_t size)
{
    const struct passwd *pw = getpwuid(geteuid());
    snprintf(out, size, "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
}

static PGconn *connect_db(const struct config *cfg)
{
    if (!cfg->database_url || !*cfg->database_url) {
        fprintf(stderr, "restrictd token: DATABASE_URL is not set\n");
        return NULL;
    }
    struct rd_error err = {0};
    PGconn *c = db_connect(cfg->database_url, &err);
    if (!c) {
        char safe[512];
        db_redact_url(cfg->database_url, safe, sizeof safe);
        fprintf(stderr, "restrictd token: cannot connect to %s: %s\n", safe, err.message);
    }
    return c;
}

/* Reads "--key value" or "--key=value" at argv[*i]; advances *i. */
static bool flag_value(int argc, char **argv, int *i, const char *key, const char **out)
{
    size_t n = strlen(key);
    const char *a = argv[*i];
    if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, key, n) != 0) return false;
    if (a[2 + n] == '=') {
        *out = a + 3 + n;
    } else if (a[2 + n] == '\0' && *i + 1 < argc) {
        *out = argv[++*i];
    } else {
        return false;
    }
    (*i)++;
    return true;
}

static int do_create(const struct config *cfg, int argc, char **argv)
{
    const char *name = NULL, *role = NULL;
    for (int i = 0; i < argc;)
        if (!flag_value(argc, argv, &i, "name", &name) &&
            !flag_value(argc, argv, &i, "role", &role))
            return usage();
    if (!name || !role) return usage();
    int r = enum_parse(&TOKEN_ROLES, role);
    if (r < 0) {
        fprintf(stderr, "restrictd token: --role must be admin, reader or monitor, not \"%s\"\n",
                role);
        return 2;
    }
    PGconn *c = connect_db(cfg);
    if (!c) return 1;
    char actor[300], secret[128];
    cli_actor(actor, sizeof actor);
    struct rd_error err = {0};
    bool ok = db_token_create(c, name, (enum token_role)r, actor, secret, sizeof secret, &err);
    PQfinish(c);
    if (!ok) {
        fprintf(stderr, "restrictd token create: %s\n", err.message);
        return 1;
    }
    /* The secret alone on stdout, so that scripts can capture it; it is shown only once. */
    printf("%s\n", secret);
    fflush(stdout);
    memset(secret, 0, sizeof secret);
    fprintf(stderr, "created %s token \"%s\": keep the secret above, it is not shown again\n", role,
            name);
    return 0;
}

static int do_list(const struct config *cfg)
{
    PGconn *c = connect_db(cfg);
    if (!c) return 1;
    struct token_info *t = NULL;
    size_t n = 0;
    struct rd_error err = {0};
    bool ok = db_token_list(c, &t, &n, &err);
    PQfinish(c);
    if (!ok) {
        fprintf(stderr, "restrictd token list: %s\n", err.message);
        return 1;
    }
    printf("%-24s %-7s %-21s %-21s %s\n", "NAME", "ROLE", "CREATED", "LAST USED", "REVOKED");
    for (size_t i = 0; i < n; i++)
        printf("%-24s %-7s %-21s %-21s %s\n", t[i].name, t[i].role, t[i].created_at,
               t[i].last_used_at[0] ? t[i].last_used_at : "-",
               t[i].revoked_at[0] ? t[i].revoked_at : "-");
    free(t);
    return 0;
}

static int do_revoke(const struct config *cfg, const char *name)
{
    PGconn *c = connect_db(cfg);
    if (!c) return 1;
    char actor[300];
    cli_actor(actor, sizeof actor);
    bool found = false;
    struct rd_error err = {0};
    bool ok = db_token_revoke(c, name, actor, &found, &err);
    PQfinish(c);
    if (!ok) {
        fprintf(stderr, "restrictd token revoke: %s\n", err.message);
        return 1;
    }
    if (!found) {
        fprintf(stderr, "restrictd token revoke: no live token is named \"%s\"\n", name);
        return 1;
    }
    printf("revoked token \"%s\"\n", name);
    return 0;
}

int cmd_token(const struct config *cfg, int argc, char **argv)
{
    if (argc < 1) return usage();
    if (strcmp(argv[0], "create") == 0) return do_create(cfg, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0 && argc == 1) return do_list(cfg);
    if (strcmp(argv[0], "revoke") == 0 && argc == 2) return do_revoke(cfg, argv[1]);
    return usage();
}
