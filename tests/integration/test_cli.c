/* The data commands against real databases: migrate and seed twice, validation errors
 * that name the record, all-or-nothing seeding, edited migrations refused. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin_util.h"

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

/* Runs `restrictd args...` on `db`: it must exit with `status`; returns its output, which
 * the caller frees. */
static char *cli(const char *db, int status, const char *const *args)
{
    char *out = NULL;
    int got = run_cli(db, &out, args);
    cr_expect_eq(got, status, "restrictd %s: exit %d: %s", args[0], got, out);
    return out;
}

/* cli(), whose output must hold `says`. */
static void cli_says(const char *db, int status, const char *const *args, const char *says)
{
    char *out = cli(db, status, args);
    cr_expect(strstr(out, says), "restrictd %s: want \"%s\" in: %s", args[0], says, out);
    free(out);
}

#define TABLES "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
#define CHANGES "SELECT count(*) FROM changes"

Test(cli, migrate_twice_changes_nothing)
{
    char *db = db_create_empty("migrate");
    const char *args[] = {"migrate", NULL};
    cli_says(db, 0, args, "applied 0001_initial_schema.sql");
    long long tables = sql_count(db, TABLES);
    cli_says(db, 0, args, "nothing to apply");
    glob_t files;
    cr_assert_eq(
        glob(RESTRICTD_SOURCE_DIR "/migrations/[0-9][0-9][0-9][0-9]_*.sql", 0, NULL, &files), 0);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM schema_migrations"), (long long)files.gl_pathc,
                 "one row per migration file");
    globfree(&files);
    cr_expect_eq(sql_count(db, TABLES), tables);
    free(db);
}

Test(cli, edited_migration_is_refused)
{
    char *db = db_create("edited");
    cr_assert(db_run(db, "UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"));
    const char *args[] = {"migrate", NULL};
    cli_says(db, 1, args, "0001_initial_schema.sql was edited");
    free(db);
}

Test(cli, seed_twice_changes_nothing)
{
    char *db = db_create_empty("seed");
    const char *migrate[] = {"migrate", NULL};
    free(cli(db, 0, migrate));
    const char *seed[] = {"seed", env_or_die("RESTRICTD_SEED"), NULL};
    char *out = cli(db, 0, seed);
    cr_expect(strstr(out, "rulings") && strstr(out, "created"), "%s", out);
    free(out);
    long long changes = sql_count(db, CHANGES);
    long long rulings = sql_count(db, "SELECT count(*) FROM rulings");
    cr_expect(rulings >= 20, "seeded rulings: %lld", rulings);
    cr_expect_eq(changes,
                 rulings + sql_count(db, "SELECT count(*) FROM sources") +
                     sql_count(db, "SELECT count(*) FROM subjects") +
                     sql_count(db, "SELECT count(*) FROM aliases"),
                 "one change per record created");
    cli_says(db, 0, seed, "   0 created,    0 updated");
    cr_expect_eq(sql_count(db, CHANGES), changes, "second seed wrote nothing");
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM changes WHERE actor LIKE 'seed:%'"), changes);
    free(db);
}

Test(cli, seed_restores_an_edited_record)
{
    char *db = db_create("restore");
    cr_assert(db_run(db, "UPDATE rulings SET quote = 'edited' WHERE id = "
                         "'us-icts-fd-kaspersky-new-agreements'"));
    long long before = sql_count(db, CHANGES);
    const char *seed[] = {"seed", env_or_die("RESTRICTD_SEED"), NULL};
    cli_says(db, 0, seed, "rulings      0 created,    1 updated");
    cr_expect_eq(sql_count(db, CHANGES), before + 1);
    char *quote =
        db_scalar(db, "SELECT after->>'quote' FROM changes ORDER BY revision DESC LIMIT 1");
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
    long long before = sql_count(db, CHANGES);
    char *path = write_file(
        "bad.json",
        "{\"sources\":[{\"id\":\"s1\",\"authority\":\"A\",\"jurisdiction\":\"US\","
        "\"kind\":\"statute\",\"title\":\"T\",\"citation\":\"C\"}],"
        "\"subjects\":[{\"id\":\"x1\",\"kind\":\"organization\",\"name\":\"X One\"}],"
        "\"rulings\":[{\"id\":\"r1\",\"subject\":\"x1\",\"source\":\"s1\",\"status\":"
        "\"prohibited\","
        "\"measure\":{\"code\":\"m\",\"text\":\"M\"},\"binds\":\"us-persons\","
        "\"effective_from\":\"2024-07-20T04:00:00Z\",\"effective_until\":\"2024-01-01T00:00:00Z\","
        "\"quote\":\"q\"},{\"id\":\"r2\",\"subject\":\"nobody\",\"source\":\"s1\","
        "\"status\":\"forbidden\",\"measure\":{\"code\":\"m\",\"text\":\"M\"},"
        "\"binds\":\"us-persons\",\"effective_from\":\"2024-07-20\",\"quote\":\"q\"}]}");
    const char *seed[] = {"seed", path, NULL};
    char *out = cli(db, 1, seed);
    cr_expect(strstr(out, "rulings[0].effective_until: must be after effective_from"), "%s", out);
    cr_expect(strstr(out, "rulings[1].status"), "%s", out);
    cr_expect(strstr(out, "rulings[1].effective_from"), "%s", out);
    free(out);
    const char *validate[] = {"validate", path, NULL};
    free(cli(NULL, 1, validate));
    cr_expect_eq(sql_count(db, CHANGES), before);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM sources WHERE id = 's1'"), 0);
    free(path);
    free(db);
}

Test(cli, database_refusal_rolls_back_the_whole_set)
{
    char *db = db_create("atomic");
    /* A constraint the file does not know about refuses the last ruling only. */
    cr_assert(db_run(db, REFUSE_LAST_RULING));
    long long before = sql_count(db, CHANGES);
    char *path = write_file("refused.json", REFUSED_AT_LAST_SET);
    const char *seed[] = {"seed", path, NULL};
    char *out = cli(db, 1, seed);
    cr_expect(strstr(out, "rulings[1] (\"zz-last\")"), "names the record: %s", out);
    cr_expect(strstr(out, "nothing was written"), "%s", out);
    free(out);
    cr_expect_eq(sql_count(db, CHANGES), before);
    cr_expect_eq(sql_count(db, "SELECT count(*) FROM subjects WHERE id = 'new-subject'"), 0);
    free(path);
    free(db);
}

Test(cli, validate_and_usage)
{
    static const struct {
        const char *db;
        const char *args[3];
        int status;
        const char *says;
    } cases[] = {
        {NULL, {"validate", "$RESTRICTD_SEED"}, 0, "valid:"}, /* $NAME: from the environment */
        {NULL, {"validate", "/nonexistent/file.json"}, 1, "/nonexistent/file.json"},
        {NULL, {"frobnicate"}, 2, "Usage:"},
        {"postgresql://x", {"serve", "--threads=lots"}, 2, "--threads=lots"},
        {"", {"migrate"}, 1, "DATABASE_URL is not set"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *args[] = {cases[i].args[0], cases[i].args[1], NULL};
        if (args[1] && args[1][0] == '$') args[1] = env_or_die(args[1] + 1);
        cli_says(cases[i].db, cases[i].status, args, cases[i].says);
    }
}
