/* restrictd migrate | seed FILE | validate FILE: the data-management commands. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/conn.h"
#include "db/migrate.h"
#include "db/seed.h"
#include "rulings/dataset.h"
#include "rulings/exact_only.h"
#include "server/commands.h"

enum { CONNECT_WAIT_SECONDS = 30 };

static void say_waiting(const char *why)
{
    fprintf(stderr, "waiting up to %d s for PostgreSQL: %s\n", CONNECT_WAIT_SECONDS, why);
}

PGconn *cmd_connect(const struct config *cfg)
{
    if (!cfg->database_url || !*cfg->database_url) {
        fprintf(stderr, "restrictd: DATABASE_URL is not set (for example "
                        "postgresql://restrictd@127.0.0.1:5432/restrictd)\n");
        return NULL;
    }
    struct rd_error err = {0};
    PGconn *c = db_connect_wait(cfg->database_url, CONNECT_WAIT_SECONDS, say_waiting, &err);
    if (!c) {
        char safe[512];
        db_redact_url(cfg->database_url, safe, sizeof safe);
        fprintf(stderr, "restrictd: cannot connect to %s: %s\n", safe, err.message);
    }
    return c;
}

static void say_applied(const char *name, double ms)
{
    printf("applied %s (%.1f ms)\n", name, ms);
}

int cmd_migrate(const struct config *cfg)
{
    PGconn *c = cmd_connect(cfg);
    if (!c) return 1;
    struct migrate_report r;
    struct rd_error err = {0};
    bool ok = db_migrate(c, &r, say_applied, &err);
    PQfinish(c);
    if (!ok) {
        fprintf(stderr, "restrictd migrate: %s\n", err.message);
        return 1;
    }
    if (r.applied == 0)
        printf("schema is up to date (migration %04d; nothing to apply)\n", r.latest);
    else
        printf("applied %d migration(s); schema is at %04d\n", r.applied, r.latest);
    return 0;
}

/* Prints every error of a data-set file, one per line, naming the record and field. */
static bool load_or_say(const char *path, struct dataset *ds)
{
    struct field_errors errors = {0};
    if (dataset_load_file(path, ds, &errors)) return true;
    fprintf(stderr, "restrictd: %s is not a valid data set (%zu error%s):\n", path,
            errors.count + errors.dropped, errors.count + errors.dropped == 1 ? "" : "s");
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "  %s: %s\n", errors.items[i].field, errors.items[i].message);
    if (errors.dropped) fprintf(stderr, "  ... and %zu more\n", errors.dropped);
    field_errors_free(&errors);
    return false;
}

void print_exact_only(FILE *out, const struct exact_only *eo)
{
    fprintf(out,
            "%zu of %zu names can only be found asked exactly as listed (weak aliases, and names "
            "no word of which is distinctive: generic words, countries, numbers, legal forms)%s",
            eo->count, eo->names, eo->n_examples ? ", e.g." : "\n");
    for (size_t i = 0; i < eo->n_examples; i++)
        fprintf(out, "%s \"%s\"%s", i ? "," : "", eo->examples[i],
                i + 1 == eo->n_examples ? "\n" : "");
}

int cmd_validate(const char *path)
{
    struct dataset ds;
    if (!load_or_say(path, &ds)) return 1;
    printf("%s: valid: %zu sources, %zu subjects, %zu aliases, %zu rulings\n", path, ds.n_sources,
           ds.n_subjects, ds.n_aliases, ds.n_rulings);
    struct exact_only eo;
    struct rd_error err = {0};
    if (!exact_only_names(&ds, &eo, &err)) {
        fprintf(stderr, "restrictd validate: %s\n", err.message);
        return 1;
    }
    print_exact_only(stdout, &eo);
    return 0;
}

static void print_counts(const char *what, const struct seed_counts *c)
{
    printf("  %-9s %4d created, %4d updated, %4d unchanged\n", what, c->created, c->updated,
           c->unchanged);
}

int cmd_seed(const struct config *cfg, const char *path)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct dataset ds;
    if (!load_or_say(path, &ds)) return 1;
    PGconn *c = cmd_connect(cfg);
    if (!c) {
        dataset_free(&ds);
        return 1;
    }
    char actor[300];
    snprintf(actor, sizeof actor, "seed:%s", path);
    struct seed_report r;
    struct rd_error err = {0};
    bool ok = db_seed(c, &ds, actor, &r, &err);
    PQfinish(c);
    dataset_free(&ds);
    if (!ok) {
        fprintf(stderr, "restrictd seed: %s\nrestrictd seed: nothing was written.\n", err.message);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("seeded %s in %.0f ms (data revision %lld):\n", path, ms, r.revision);
    print_counts("sources", &r.sources);
    print_counts("subjects", &r.subjects);
    print_counts("aliases", &r.aliases);
    print_counts("rulings", &r.rulings);
    return 0;
}
