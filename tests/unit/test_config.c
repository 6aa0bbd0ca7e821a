/* config_load: defaults, environment, flags (--k=v and --k v), bad values named, unknown flags. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/config.h"

static const char *const ENV_KEYS[] = {
    "DATABASE_URL",
    "RESTRICTD_LISTEN",
    "RESTRICTD_THREADS",
    "RESTRICTD_MAX_BODY",
    "RESTRICTD_LOG",
    "RESTRICTD_READ_TOKENS",
    "RESTRICTD_TIMEOUT",
    "RESTRICTD_MAX_CONNECTIONS",
    "RESTRICTD_RELOAD_INTERVAL_MS",
    "RESTRICTD_SHUTDOWN_GRACE",
};

/* Each test runs in its own process: clearing the environment here touches no other test. */
static void clean_env(void)
{
    for (size_t i = 0; i < sizeof ENV_KEYS / sizeof *ENV_KEYS; i++)
        unsetenv(ENV_KEYS[i]);
}

TestSuite(config, .init = clean_env);

static bool load(struct config *cfg, int argc, const char **argv, int *argi, struct rd_error *err)
{
    return config_load(cfg, argc, (char **)argv, argi, err);
}

/* Sets the environment from `env` ("KEY=value", NULL-terminated; may be NULL), then loads
 * argv, which must succeed; returns where the flags ended. */
static int load_ok(struct config *cfg, const char *const *env, int argc, const char **argv)
{
    for (const char *const *e = env; e && *e; e++) {
        char key[64];
        size_t k = strcspn(*e, "=");
        snprintf(key, sizeof key, "%.*s", (int)k, *e);
        setenv(key, *e + k + 1, 1);
    }
    struct rd_error err = {0};
    int argi = 1;
    cr_assert(load(cfg, argc, argv, &argi, &err), "%s", err.message);
    return argi;
}

Test(config, defaults)
{
    struct config cfg;
    const char *argv[] = {"restrictd"};
    int argi = load_ok(&cfg, NULL, 1, argv);
    cr_expect_null(cfg.database_url);
    cr_expect_str_eq(cfg.listen, "127.0.0.1:8080");
    cr_expect_gt(cfg.threads, 0, "0 means one per core");
    cr_expect_eq(cfg.max_body, 10485760);
    cr_expect_str_eq(cfg.log_level, "info");
    cr_expect(!cfg.read_tokens);
    cr_expect_eq(cfg.timeout, 15);
    cr_expect_eq(cfg.max_connections, 1000);
    cr_expect_eq(cfg.reload_interval_ms, 5000);
    cr_expect_eq(cfg.shutdown_grace, 10);
    cr_expect_eq(argi, 1);
}

Test(config, environment_overrides_defaults)
{
    static const char *const env[] = {
        "DATABASE_URL=postgresql://u@localhost/restrictd",
        "RESTRICTD_LISTEN=0.0.0.0:8080",
        "RESTRICTD_THREADS=4",
        "RESTRICTD_MAX_BODY=2048",
        "RESTRICTD_READ_TOKENS=true",
        "RESTRICTD_TIMEOUT=3600",
        NULL,
    };
    struct config cfg;
    const char *argv[] = {"restrictd", "serve"};
    int argi = load_ok(&cfg, env, 2, argv);
    cr_expect_str_eq(cfg.database_url, "postgresql://u@localhost/restrictd");
    cr_expect_str_eq(cfg.listen, "0.0.0.0:8080");
    cr_expect_eq(cfg.threads, 4);
    cr_expect_eq(cfg.max_body, 2048);
    cr_expect(cfg.read_tokens);
    cr_expect_eq(cfg.timeout, 3600);
    cr_expect_eq(argi, 1, "stops at the first non-flag");
}

Test(config, flags_override_the_environment)
{
    static const char *const env[] = {"RESTRICTD_LISTEN=0.0.0.0:8080", "RESTRICTD_THREADS=4",
                                      "RESTRICTD_READ_TOKENS=1", NULL};
    struct config cfg;
    const char *argv[] = {"restrictd",
                          "--listen=[::1]:9000",
                          "--threads",
                          "2",
                          "--read-tokens=false",
                          "--log",
                          "debug",
                          "serve",
                          "--threads=9"};
    int argi = load_ok(&cfg, env, 9, argv);
    cr_expect_str_eq(cfg.listen, "[::1]:9000");
    cr_expect_eq(cfg.threads, 2);
    cr_expect(!cfg.read_tokens);
    cr_expect_str_eq(cfg.log_level, "debug");
    cr_expect_eq(argi, 7, "left at \"serve\"");
    cr_expect_str_eq(argv[argi], "serve");
}

Test(config, both_flag_forms)
{
    const char *forms[][3] = {{"restrictd", "--listen=10.0.0.1:81", "--database-url=pg://a"},
                              {"restrictd", "--listen", "10.0.0.1:81"}};
    for (size_t i = 0; i < 2; i++) {
        struct config cfg;
        cr_expect_eq(load_ok(&cfg, NULL, 3, forms[i]), 3, "form %zu consumed everything", i);
        cr_expect_str_eq(cfg.listen, "10.0.0.1:81", "form %zu", i);
    }
}

Test(config, bad_values_are_rejected_with_the_key_named)
{
    /* An environment entry or a flag ("--"); the message must name what is before '='. */
    static const char *const bad[] = {
        "RESTRICTD_THREADS=abc",    "RESTRICTD_THREADS=",
        "RESTRICTD_THREADS=4x",     "RESTRICTD_THREADS=-1",
        "RESTRICTD_THREADS=257",    "RESTRICTD_MAX_BODY=99999999999999999999999",
        "RESTRICTD_MAX_BODY=1023",  "RESTRICTD_READ_TOKENS=yes",
        "RESTRICTD_TIMEOUT=0",      "--threads=many",
        "--timeout=3601",           "--max-connections=3",
        "--reload-interval-ms=1.5", "--read-tokens=2",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        clean_env();
        bool flag = strncmp(bad[i], "--", 2) == 0;
        char named[64];
        size_t k = strcspn(bad[i], "=");
        snprintf(named, sizeof named, "%.*s", (int)k, bad[i]);
        if (!flag) setenv(named, bad[i] + k + 1, 1);
        const char *argv[] = {"restrictd", bad[i]};
        int argc = flag ? 2 : 1, argi = 1;
        struct config cfg;
        struct rd_error err = {0};
        cr_expect(!load(&cfg, argc, argv, &argi, &err), "%s accepted", bad[i]);
        cr_expect_not_null(strstr(err.message, named), "%s: \"%s\" lacks %s", bad[i], err.message,
                           named);
    }
}

Test(config, bounds_are_inclusive)
{
    static const char *const env[] = {"RESTRICTD_THREADS=256", "RESTRICTD_MAX_BODY=1024",
                                      "RESTRICTD_SHUTDOWN_GRACE=0", NULL};
    struct config cfg;
    const char *argv[] = {"restrictd", "--timeout=1", "--max-connections", "60000"};
    cr_expect_eq(load_ok(&cfg, env, 4, argv), 4);
    cr_expect_eq(cfg.threads, 256);
    cr_expect_eq(cfg.max_body, 1024);
    cr_expect_eq(cfg.shutdown_grace, 0);
    cr_expect_eq(cfg.timeout, 1);
    cr_expect_eq(cfg.max_connections, 60000);
}

Test(config, unknown_flag_and_missing_value)
{
    struct config cfg;
    struct rd_error err = {0};
    const char *argv1[] = {"restrictd", "--listen=x:1", "--colour=red"};
    int argi = 1;
    cr_expect(!load(&cfg, 3, argv1, &argi, &err));
    cr_expect_not_null(strstr(err.message, "--colour"), "%s", err.message);

    const char *argv2[] = {"restrictd", "--lis=x"}; /* no prefix matching */
    argi = 1;
    cr_expect(!load(&cfg, 2, argv2, &argi, &err));
    cr_expect_not_null(strstr(err.message, "--lis"), "%s", err.message);

    const char *argv3[] = {"restrictd", "--listen"};
    argi = 1;
    cr_expect(!load(&cfg, 2, argv3, &argi, &err));
    cr_expect_not_null(strstr(err.message, "--listen"), "%s", err.message);
}
