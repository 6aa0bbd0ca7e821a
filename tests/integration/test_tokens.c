/* API tokens: the CLI (create prints the secret alone, list, revoke), reader tokens on
 * public routes with RESTRICTD_READ_TOKENS=1, changes taking effect at once, and secrets
 * kept out of the logs and out of the database. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "admin_util.h"

static bool looks_like_secret(const char *s)
{
    if (strncmp(s, "rdt_", 4) != 0 || strlen(s) != 4 + 43 + 1 || s[47] != '\n') return false;
    for (size_t i = 4; i < 47; i++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", s[i]))
            return false;
    return true;
}

static long status_with(const char *base, const char *path, const char *token)
{
    struct http r = admin_do("GET", base, path, token, NULL, NULL);
    long st = r.status;
    http_free(&r);
    return st;
}

/* Waits until GET path with token answers `want`; milliseconds taken or -1. */
static long wait_status(const char *base, const char *path, const char *token, long want)
{
    for (int ms = 0; ms <= 2000; ms += 20) {
        if (status_with(base, path, token) == want) return ms;
        usleep(20 * 1000);
    }
    return -1;
}

/* Only the SHA-256 of a new token's secret is stored, and its creation is audited. */
static void expect_stored_as_hash(const char *db, const char *secret)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM api_tokens WHERE name = 'ci-admin'"
             " AND role = 'admin' AND secret_sha256 = sha256('%s'::bytea)",
             secret);
    cr_expect_eq(sql_count(db, sql), 1, "only the SHA-256 is stored");
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM api_tokens t WHERE position('%s' in"
             " t::text) > 0",
             secret + 4);
    cr_expect_eq(sql_count(db, sql), 0, "the secret itself is nowhere");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM token_changes WHERE name = 'ci-admin'"
                               " AND action = 'create' AND actor LIKE 'cli:%'"),
                 1);
}

/* The secret never appears in a server's log. */
static void expect_not_in_log(const char *log, const char *secret)
{
    FILE *f = fopen(log, "r");
    cr_assert(f);
    char line[4096];
    bool leaked = false;
    while (fgets(line, sizeof line, f))
        leaked |= strstr(line, secret + 4) != NULL;
    fclose(f);
    cr_expect(!leaked, "the secret never appears in the server log");
}

Test(tokens, cli_create_list_revoke, .timeout = 60)
{
    char *db = db_create("tokcli");
    int st;
    char *secret = cli_stdout(db, "token create --name ci-admin --role admin", &st);
    cr_assert_eq(st, 0);
    cr_expect(looks_like_secret(secret), "stdout is the secret alone: [%s]", secret);
    secret[strcspn(secret, "\n")] = '\0';
    expect_stored_as_hash(db, secret);

    struct server srv;
    cr_assert(server_start(&srv, db, (const char *const[]){"RESTRICTD_LOG=debug", NULL}, true));
    cr_expect_eq(status_with(srv.base, "/v1/admin/export", secret), 200);

    char *list = cli_stdout(db, "token list", &st);
    cr_expect_eq(st, 0);
    cr_expect(strstr(list, "ci-admin") && strstr(list, "admin"), "%s", list);
    cr_expect(!strstr(list, secret), "list never shows secrets");
    free(list);

    char *again = cli_stdout(db, "token create --name ci-admin --role reader", &st);
    cr_expect_eq(st, 1, "a name is never reused");
    cr_expect_str_eq(again, "");
    free(again);
    free(cli_stdout(db, "token create --name x --role superuser", &st));
    cr_expect_eq(st, 2);
    free(cli_stdout(db, "token create --role admin", &st));
    cr_expect_eq(st, 2);

    char *out = cli_stdout(db, "token revoke ci-admin", &st);
    cr_expect_eq(st, 0);
    free(out);
    cr_expect_eq(status_with(srv.base, "/v1/admin/export", secret), 401,
                 "a revoked admin token is refused at once");
    free(cli_stdout(db, "token revoke ci-admin", &st));
    cr_expect_eq(st, 1, "revoking twice says there is no such live token");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM token_changes WHERE name = 'ci-admin'"
                               " AND action = 'revoke'"),
                 1);
    cr_expect_eq(server_stop(&srv), 0);

    expect_not_in_log(srv.log, secret);
    free(secret);
    free(db);
}

Test(tokens, read_tokens_guard_public_routes, .timeout = 60)
{
    char *db = admin_db("tokread");
    struct server srv;
    cr_assert(server_start(&srv, db, (const char *const[]){"RESTRICTD_READ_TOKENS=1", NULL}, true));
    const char *check = "/v1/check?name=Kaspersky";
    struct http r = admin_do("GET", srv.base, check, NULL, NULL, NULL);
    cr_expect_eq(r.status, 401);
    cr_expect(http_header(&r, "WWW-Authenticate"));
    http_free(&r);
    cr_expect_eq(status_with(srv.base, check, READER_SECRET), 200);
    cr_expect_eq(status_with(srv.base, check, ADMIN_SECRET), 200, "an admin token reads too");
    cr_expect_eq(status_with(srv.base, check, "rdt_wrong"), 401);
    cr_expect_eq(status_with(srv.base, "/v1/changes", NULL), 401);
    cr_expect_eq(status_with(srv.base, "/healthz", NULL), 200, "health needs no token");
    cr_expect_eq(status_with(srv.base, "/readyz", NULL), 200);

    /* Tokens made and revoked while the server runs take effect within a second. */
    int st;
    char *secret = cli_stdout(db, "token create --name late-reader --role reader", &st);
    cr_assert_eq(st, 0);
    secret[strcspn(secret, "\n")] = '\0';
    long ms = wait_status(srv.base, check, secret, 200);
    cr_expect(ms >= 0 && ms <= 1000, "a new token is accepted after %ld ms", ms);
    cr_expect_eq(status_with(srv.base, "/v1/admin/export", secret), 403);
    free(cli_stdout(db, "token revoke late-reader", &st));
    cr_expect_eq(st, 0);
    ms = wait_status(srv.base, check, secret, 401);
    cr_expect(ms >= 0 && ms <= 1000, "a revoked token is refused after %ld ms", ms);
    free(secret);
    cr_expect_eq(server_stop(&srv), 0);
    free(db);
}
