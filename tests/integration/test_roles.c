/* Least privilege (migration 0003): a LOGIN role that holds only restrictd_app runs the
 * server, admin writes included, and can neither write the audit trail nor delete,
 * truncate, change the schema or read the migrations; migrations run as a separate owner
 * that needs no superuser; a migrating user that may not create roles is told so. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin_util.h"
#include "pg_util.h"

static const char ruling_body[] =
    "{\"id\":\"test-roles-ruling\",\"subject\":\"ultraav\",\"source\":\"us-bis-icts-2021-002\","
    "\"status\":\"advisory\",\"measure\":{\"code\":\"test-measure\",\"text\":\"A test measure.\"},"
    "\"binds\":\"us-persons\",\"effective_from\":\"2024-06-24T04:00:00Z\","
    "\"quote\":\"A test quote.\"}";

struct refused {
    const char *what, *sql;
};

/* What the application role must not do, each refused for lack of privilege (42501). */
static const struct refused refused[] = {
    {"append to changes", "INSERT INTO changes (actor, action, entity, entity_id, after)"
                          " VALUES ('forged', 'create', 'ruling', 'x', '{}')"},
    {"rewrite changes", "UPDATE changes SET actor = 'forged'"},
    {"delete changes", "DELETE FROM changes"},
    {"truncate changes", "TRUNCATE changes"},
    {"delete a ruling", "DELETE FROM rulings WHERE id = 'us-ndaa-1634-kaspersky'"},
    {"truncate rulings", "TRUNCATE rulings CASCADE"},
    {"drop a table", "DROP TABLE rulings CASCADE"},
    {"alter a table", "ALTER TABLE rulings ADD COLUMN evil int"},
    {"disable the audit", "ALTER TABLE rulings DISABLE TRIGGER rulings_audit_insert"},
    {"replace the audit", "CREATE OR REPLACE FUNCTION restrictd_audit_statement() RETURNS trigger"
                          " LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$"},
    {"create a table", "CREATE TABLE evil (x int)"},
    {"read the migrations", "SELECT * FROM schema_migrations"},
    {"record a migration", "INSERT INTO schema_migrations (version, name, checksum)"
                           " VALUES (9999, 'evil', 'x')"},
    {"promote a token", "UPDATE api_tokens SET role = 'admin'"},
    {"unrevoke a token", "UPDATE api_tokens SET revoked_at = NULL"},
    {"make a token", "INSERT INTO api_tokens (name, role, secret_sha256)"
                     " VALUES ('evil', 'admin', sha256('x'::bytea))"},
    {"forge a token change", "INSERT INTO token_changes (actor, action, name, role)"
                             " VALUES ('forged', 'create', 'evil', 'admin')"},
};

/* A server running as `login` (its database URL `app`) does all an administrator does:
 * writes (two changes in the trail of `db`), export, an import dry run, the audits, the
 * feed and a check. */
static void serve_as(const char *app, const char *login, const char *db)
{
    struct server s;
    cr_assert(server_start(&s, app, NULL, true), "the server runs as %s", login);
    static const struct admin_step writes[] = {
        {"POST", "/v1/admin/rulings", ADMIN_SECRET, NULL, ruling_body, 201, NULL, NULL},
        {"DELETE", "/v1/admin/rulings/test-roles-ruling", ADMIN_SECRET, "1", NULL, 200, NULL, NULL},
    };
    ADMIN_STEPS(s.base, writes);
    struct http r = admin_do("GET", s.base, "/v1/admin/export", ADMIN_SECRET, NULL, NULL);
    cr_expect_eq(r.status, 200, "export: %s", r.body);
    char *set = r.body ? strdup(r.body) : strdup("{}");
    http_free(&r);
    const struct admin_step reads[] = {
        {"POST", "/v1/admin/import?dry_run=true&prune=true", ADMIN_SECRET, NULL, set, 200, NULL,
         NULL},
        {"GET", "/v1/admin/audit?entity=token", ADMIN_SECRET, NULL, NULL, 200, NULL, NULL},
        {"GET", "/v1/changes?since=0&limit=5", NULL, NULL, NULL, 200, NULL, NULL},
    };
    ADMIN_STEPS(s.base, reads);
    free(set);
    cr_expect_str_eq(verdict_of(s.base, "Kaspersky Lab", "2024-10-01"), "restricted");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes WHERE actor = 'tester'"), 2,
                 "the audit trigger wrote the two changes");
    cr_expect_eq(server_stop(&s), 0);
}

Test(roles, the_application_role_serves_and_cannot_tamper, .timeout = 90)
{
    char *db = admin_db("roles");
    const char *admin = env_or_die("RESTRICTD_PG_ADMIN");
    char login[64], sql[256];
    snprintf(login, sizeof login, "rd_server_%d", (int)getpid());
    snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN IN ROLE restrictd_app", login);
    cr_assert(db_run(admin, sql), "the migration made restrictd_app in this cluster");
    char *app = url_with_user(db, login);
    long long changes = sql_count(db, "SELECT count(*) FROM changes");

    serve_as(app, login, db);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), changes + 2);

    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        cr_expect_str_eq(sql_state(app, refused[i].sql), "42501", "%s: %s", refused[i].what,
                         refused[i].sql);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes"), changes + 2,
                 "nothing the application role tried changed the trail");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM api_tokens WHERE role = 'admin'"), 1);

    /* What it may do directly is audited, as the user who logged in; a temporary table
     * named `changes` does not divert the trail (the trigger's search_path is pinned). */
    cr_expect_str_eq(sql_state(app, "CREATE TEMP TABLE changes (LIKE public.changes);"
                                    "UPDATE subjects SET note = 'roles test' WHERE id = 'ultraav'"),
                     "");
    char want[160];
    snprintf(want, sizeof want, "SELECT count(*) FROM changes WHERE actor = 'sql:%s'", login);
    cr_expect_eq(sql_count(db, want), 1, "the direct write is in the trail");
    cr_expect_str_eq(sql_state(app, "UPDATE api_tokens SET last_used_at = now()"), "");

    snprintf(sql, sizeof sql, "DROP ROLE %s", login);
    cr_expect(db_run(admin, sql));
    free(app);
    free(db);
}

/* The tables belong to a separate owner that is not a superuser: migrations work, and
 * the grants to the application role are made because the role exists already. */
Test(roles, migrations_run_as_a_separate_owner, .timeout = 60)
{
    const char *admin = env_or_die("RESTRICTD_PG_ADMIN");
    char owner[64], dbname[64], sql[256];
    snprintf(owner, sizeof owner, "rd_owner_%d", (int)getpid());
    snprintf(dbname, sizeof dbname, "t_owner_%d", (int)getpid());
    snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN NOSUPERUSER NOCREATEROLE", owner);
    cr_assert(db_run(admin, sql));
    snprintf(sql, sizeof sql, "CREATE DATABASE %s OWNER %s", dbname, owner);
    cr_assert(db_run(admin, sql));
    char *as_admin = strdup(admin);
    char *slash = strrchr(as_admin, '/');
    char *db = malloc(strlen(admin) + sizeof dbname);
    sprintf(db, "%.*s/%s", (int)(slash - as_admin), as_admin, dbname);
    char *owner_url = url_with_user(db, owner);
    char *out = NULL;
    const char *migrate[] = {"migrate", NULL};
    cr_expect_eq(run_cli(owner_url, &out, migrate), 0, "%s", out);
    cr_expect(!strstr(out, "WARNING"), "the role exists: no warning: %s", out);
    free(out);
    char *v = db_scalar(db, "SELECT tableowner FROM pg_tables WHERE tablename = 'changes'");
    cr_expect_str_eq(v, owner);
    free(v);
    static const char *const checks[][2] = {{"rulings", "SELECT, INSERT, UPDATE"},
                                            {"changes", "SELECT"},
                                            {"api_tokens", "SELECT"},
                                            {"schema_migrations", ""}};
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT coalesce(string_agg(p, ', ' ORDER BY o), '') FROM (VALUES (1, 'SELECT'),"
                 " (2, 'INSERT'), (3, 'UPDATE'), (4, 'DELETE'), (5, 'TRUNCATE')) AS t(o, p)"
                 " WHERE has_table_privilege('restrictd_app', '%s', p)",
                 checks[i][0]);
        v = db_scalar(db, sql);
        cr_expect_str_eq(v ? v : "(null)", checks[i][1], "restrictd_app on %s", checks[i][0]);
        free(v);
    }
    snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", dbname);
    cr_expect(db_run(admin, sql));
    snprintf(sql, sizeof sql, "DROP ROLE %s", owner);
    cr_expect(db_run(admin, sql));
    free(owner_url);
    free(db);
    free(as_admin);
}

/* In a cluster without restrictd_app, a migrating user that may not create roles gets a
 * warning saying what to do, and the migration still completes. */
Test(roles, no_createrole_warns_and_migrates, .timeout = 60)
{
    struct pgcluster c;
    pgc_init(&c, "roles");
    cr_assert(pgc_start(&c));
    cr_assert(db_run(c.admin_url, "CREATE ROLE plain LOGIN NOSUPERUSER NOCREATEROLE"));
    cr_assert(db_run(c.admin_url, "CREATE DATABASE plain OWNER plain"));
    char *url = url_with_user(c.url, "plain");
    char *slash = strrchr(url, '/');
    strcpy(slash + 1, "plain");
    char *out = NULL;
    const char *migrate[] = {"migrate", NULL};
    cr_expect_eq(run_cli(url, &out, migrate), 0, "%s", out);
    cr_expect(strstr(out, "WARNING") && strstr(out, "restrictd_app was not made"), "%s", out);
    free(out);
    char *v =
        db_scalar(c.admin_url, "SELECT count(*) FROM pg_roles WHERE rolname = 'restrictd_app'");
    cr_expect_str_eq(v, "0");
    free(v);
    v = db_scalar(url, "SELECT count(*) FROM schema_migrations");
    cr_expect(v && atoi(v) >= 3, "every migration applied: %s", v);
    free(v);
    free(url);
    pgc_destroy(&c);
}
