/* The data commands against real databases: migrate and seed twice, validation errors
 * that name the record, all-or-nothing seeding, edited migrations refused. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static char *fresh_empty_db(const char *tag)
{
    static unsigned n;
    char name[64], sql[128];
    snprintf(name, sizeof name, "e_%s_%d_%u", tag, (int)getpid(), ++n);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0", name);
    cr_assert(db_run(env_or_die("RESTRICTD_PG_ADMIN"), sql));
    const char *admin = env_or_die("RESTRICTD_PG_ADMIN");
    char *url = malloc(strlen(admin) + strlen(name) + 2);
    strcpy(url, admin);
    strcpy(strrchr(url, '/') + 1, name);
    return url;
}

static long long count(const char *db, const char *sql)
{
    char *v = db_scalar(db, sql);
    cr_assert(v, "query failed: %s", sql);
    long long n = atoll(v);
    free(v);
    return n;
}

static char *write_file(const char *name, const char *text)
{
    char *path = malloc(512);
    snprintf(path, 512, "%s/%d-%s", env_or_die("RESTRICTD_WORK"), (int)getpid(), name);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
    return path;
}

Test(cli, migrate_twice_changes_nothing)
{
    char *db = fresh_empty_db("migrate");
    char *out = NULL;
    const char *args[] = {"migrate", NULL};
    cr_assert_eq(run_cli(db, &out, args), 0, "%s", out);
    cr_expect(strstr(out, "applied 0001_initial_schema.sql"), "%s", out);
    free(out);
    long long tables = count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
    cr_assert_eq(run_cli(db, &out, args), 0, "%s", out);
    cr_expect(strstr(out, "nothing to apply"), "%s", out);
    free(out);
    glob_t files;
    cr_assert_eq(glob(RESTRICTD_SOURCE_DIR "/migrations/[0-9][0-9][0-9][0-9]_*.sql", 0, NULL, &files), 0);
    cr_expect_eq(count(db, "SELECT count(*) FROM schema_migrations"), (long long)files.gl_pathc,
                 "one row per migration file");
    globfree(&files);
    cr_expect_eq(count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), tables);
    free(db);
}

Test(cli, edited_migration_is_refused)
{
    char *db = db_create("edited");
    cr_assert(db_run(db, "UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"));
    char *out = NULL;
    const char *args[] = {"migrate", NULL};
    cr_expect_eq(run_cli(db, &out, args), 1);
    cr_expect(strstr(out, "0001_initial_schema.sql was edited"), "%s", out);
    free(out);
    free(db);
}

Test(cli, seed_twice_changes_nothing)
{
    char *db = fresh_empty_db("seed");
    char *out = NULL;
    const char *migrate[] = {"migrate", NULL};
    cr_assert_eq(run_cli(db, &out, migrate), 0, "%s", out);
    free(out);
    const char *seed[] = {"seed", env_or_die("RESTRICTD_SEED"), NULL};
    cr_assert_eq(run_cli(db, &out, seed), 0, "%s", out);
    cr_expect(strstr(out, "rulings") && strstr(out, "created"), "%s", out);
    free(out);
    long long changes = count(db, "SELECT count(*) FROM changes");
    long long rulings = count(db, "SELECT count(*) FROM rulings");
    cr_expect(rulings >= 20, "seeded rulings: %lld", rulings);
    cr_expect_eq(changes, rulings + count(db, "SELECT count(*) FROM sources") +
                              count(db, "SELECT count(*) FROM subjects") +
                              count(db, "SELECT count(*) FROM aliases"),
                 "one change per record created");
    cr_assert_eq(run_cli(db, &out, seed), 0, "%s", out);
    cr_expect(strstr(out, "   0 created,    0 updated"), "%s", out);
    free(out);
    cr_expect_eq(count(db, "SELECT count(*) FROM changes"), changes, "second seed wrote nothing");
    cr_expect_eq(count(db, "SELECT count(*) FROM changes WHERE actor LIKE 'seed:%'"), changes);
    free(db);
}

Test(cli, seed_restores_an_edited_record)
{
    char *db = db_create("restore");
    cr_assert(db_run(db, "UPDATE rulings SET quote = 'edited' WHERE id = "
                         "'us-icts-fd-kaspersky-new-agreements'"));
    long long before = count(db, "SELECT count(*) FROM changes");
    char *out = NULL;
    const char *seed[] = {"seed", env_or_die("RESTRICTD_SEED"), NULL};
    cr_assert_eq(run_cli(db, &out, seed), 0, "%s", out);
    cr_expect(strstr(out, "rulings      0 created,    1 updated"), "%s", out);
    free(out);
    cr_expect_eq(count(db, "SELECT count(*) FROM changes"), before + 1);
    char *quote = db_scalar(db, "SELECT after->>'quote' FROM changes ORDER BY revision DESC LIMIT 1");
    cr_expect(quote && strncmp(quote, "Kaspersky's provision", 21) == 0, "%s", quote);
    free(quote);
    char *version = db_scalar(db, "SELECT version FROM rulings WHERE id = "
                                  "'us-icts-fd-kaspersky-new-agreements'");
    cr_expect_str_eq(version, "3", "edited (2) then restored (3)");
    free(version);
    free(db);
}

Test(cli, invalid_file_names_the_record_and_writes_nothing)
{
    char *db = db_create("invalid");
    long long before = count(db, "SELECT count(*) FROM changes");
    char *path = write_file("bad.json",
        "{\"sources\":[{\"id\":\"s1\",\"authority\":\"A\",\"jurisdiction\":\"US\","
        "\"kind\":\"statute\",\"title\":\"T\",\"citation\":\"C\"}],"
        "\"subjects\":[{\"id\":\"x1\",\"kind\":\"organization\",\"name\":\"X One\"}],"
        "\"rulings\":[{\"id\":\"r1\",\"subject\":\"x1\",\"source\":\"s1\",\"status\":\"prohibited\","
        "\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":\"us-persons\","
        "\"effective_from\":\"2024-07-20T04:00:00Z\",\"effective_until\":\"2024-01-01T00:00:00Z\","
        "\"quote\":\"q\"},{\"id\":\"r2\",\"subject\":\"nobody\",\"source\":\"s1\","
        "\"status\":\"forbidden\",\"measure\":{\"code\":\"m\",\"text\":\"M\"},"
        "\"binds\":\"us-persons\",\"effective_from\":\"2024-07-20\",\"quote\":\"q\"}]}");
    char *out = NULL;
    const char *seed[] = {"seed", path, NULL};
    cr_expect_eq(run_cli(db, &out, seed), 1);
    cr_expect(strstr(out, "rulings[0].effective_until: must be after effective_from"), "%s", out);
    cr_expect(strstr(out, "rulings[1].status"), "%s", out);
    cr_expect(strstr(out, "rulings[1].effective_from"), "%s", out);
    free(out);
    const char *validate[] = {"validate", path, NULL};
    cr_expect_eq(run_cli(NULL, &out, validate), 1);
    free(out);
    cr_expect_eq(count(db, "SELECT count(*) FROM changes"), before);
    cr_expect_eq(count(db, "SELECT count(*) FROM sources WHERE id = 's1'"), 0);
    free(path);
    free(db);
}

Test(cli, database_refusal_rolls_back_the_whole_set)
{
    char *db = db_create("atomic");
    /* A constraint the file does not know about refuses the last ruling only. */
    cr_assert(db_run(db, "ALTER TABLE rulings ADD CONSTRAINT test_refuse CHECK (id <> 'zz-last')"));
    long long before = count(db, "SELECT count(*) FROM changes");
    char *path = write_file("refused.json",
        "{\"sources\":[{\"id\":\"new-source\",\"authority\":\"A\",\"jurisdiction\":\"US\","
        "\"kind\":\"statute\",\"title\":\"T\",\"citation\":\"C\"}],"
        "\"subjects\":[{\"id\":\"new-subject\",\"kind\":\"organization\",\"name\":\"New One\"}],"
        "\"rulings\":[{\"id\":\"aa-first\",\"subject\":\"new-subject\",\"source\":\"new-source\","
        "\"status\":\"advisory\",\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":\"us-persons\","
        "\"effective_from\":\"2024-07-20T04:00:00Z\",\"quote\":\"q\"},"
        "{\"id\":\"zz-last\",\"subject\":\"new-subject\",\"source\":\"new-source\","
        "\"status\":\"advisory\",\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":\"us-persons\","
        "\"effective_from\":\"2024-07-20T04:00:00Z\",\"quote\":\"q\"}]}");
    char *out = NULL;
    const char *seed[] = {"seed", path, NULL};
    cr_expect_eq(run_cli(db, &out, seed), 1);
    cr_expect(strstr(out, "rulings[1] (\"zz-last\")"), "names the record: %s", out);
    cr_expect(strstr(out, "nothing was written"), "%s", out);
    free(out);
    cr_expect_eq(count(db, "SELECT count(*) FROM changes"), before);
    cr_expect_eq(count(db, "SELECT count(*) FROM subjects WHERE id = 'new-subject'"), 0);
    free(path);
    free(db);
}

Test(cli, validate_and_usage)
{
    char *out = NULL;
    const char *validate[] = {"validate", env_or_die("RESTRICTD_SEED"), NULL};
    cr_expect_eq(run_cli(NULL, &out, validate), 0);
    cr_expect(strstr(out, "valid:"), "%s", out);
    free(out);
    const char *missing[] = {"validate", "/nonexistent/file.json", NULL};
    cr_expect_eq(run_cli(NULL, &out, missing), 1);
    cr_expect(strstr(out, "/nonexistent/file.json"), "%s", out);
    free(out);
    const char *bogus[] = {"frobnicate", NULL};
    cr_expect_eq(run_cli(NULL, &out, bogus), 2);
    cr_expect(strstr(out, "Usage:"), "%s", out);
    free(out);
    const char *badflag[] = {"serve", "--threads=lots", NULL};
    cr_expect_eq(run_cli("postgresql://x", &out, badflag), 2);
    cr_expect(strstr(out, "--threads=lots"), "%s", out);
    free(out);
    const char *nodb[] = {"migrate", NULL};
    cr_expect_eq(run_cli("", &out, nodb), 1);
    cr_expect(strstr(out, "DATABASE_URL is not set"), "%s", out);
    free(out);
}
