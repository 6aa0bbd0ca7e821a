/* restrictd import ofac-sdn DIR | ofac-cons DIR | csl FILE [--published INSTANT] [--dry-run]
 * [--force] [--max-end-share PERCENT]: a published list into the database (db/list_import.h),
 * with a summary of what it read, wrote and ended. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/list_import.h"
#include "lib/timeutil.h"
#include "server/commands.h"

enum { SKIPS_SHOWN = 10 }; /* skipped records listed one by one; `convert` lists more */

static int usage(void)
{
    fprintf(stderr, "usage: restrictd import ofac-sdn DIR | ofac-cons DIR | csl FILE "
                    "[--published INSTANT] [--dry-run] [--force] [--max-end-share PERCENT]\n");
    return 2;
}

/* The options after FORMAT PATH; false (having said why) on a bad one. */
static bool parse_options(int argc, char **argv, struct list_import_options *opt)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(a, "--dry-run") == 0) {
            opt->dry_run = true;
        } else if (strcmp(a, "--force") == 0) {
            opt->force = true;
        } else if (strcmp(a, "--published") == 0 && v) {
            /* A date is the start of its day (UTC): the list was out by then. */
            if (!rd_time_parse_instant(v, &opt->published) &&
                !rd_time_parse_date(v, &opt->published)) {
                fprintf(stderr,
                        "restrictd import: --published must be a date (2024-06-20) or an "
                        "RFC 3339 instant, not \"%s\"\n",
                        v);
                return false;
            }
            i++;
        } else if (strcmp(a, "--max-end-share") == 0 && v &&
                   (opt->max_end_share = strtod(v, &end) / 100.0, end != v && !*end) &&
                   opt->max_end_share >= 0 && opt->max_end_share <= 1) {
            i++;
        } else {
            fprintf(stderr, "restrictd import: unknown or incomplete option %s%s\n", a,
                    strcmp(a, "--max-end-share") == 0 ? " (a percentage from 0 to 100)" : "");
            return false;
        }
    }
    return true;
}

static void print_counts(const char *what, const struct seed_counts *c, const char *tail)
{
    printf("  %-9s %6d created, %6d updated, %6d unchanged%s\n", what, c->created, c->updated,
           c->unchanged, tail);
}

static void print_report(const struct list_import_options *opt, const struct list_import_report *r)
{
    const struct list_report *l = &r->list;
    char published[RD_TIME_BUFSZ], tail[160];
    rd_time_format(opt->published, published, sizeof published);
    if (opt->dry_run)
        printf("dry run of %s %s (published %s) in %.2f s: nothing was written\n",
               opt->format->name, opt->path, published, r->seconds);
    else
        printf("imported %s %s (published %s) in %.2f s, data revision %lld:\n", opt->format->name,
               opt->path, published, r->seconds, r->seed.revision);
    printf("  read      %6zu entries, %zu aliases; %zu entries and %zu aliases skipped, %zu rows "
           "merged\n",
           l->entries, l->aliases, l->skipped, l->aliases_skipped, l->merged_rows);
    size_t shown = 0;
    for (; shown < l->skips.count && shown < SKIPS_SHOWN; shown++)
        printf("    skipped %s: %s: %s\n", l->skips.items[shown].field, l->skips.items[shown].code,
               l->skips.items[shown].message);
    if (l->skips.count + l->skips.dropped > shown)
        printf("    ... and %zu more\n", l->skips.count + l->skips.dropped - shown);
    print_counts("subjects", &r->seed.subjects, "");
    snprintf(tail, sizeof tail, ", %6d revoked (no longer given)", r->seed.aliases.revoked);
    print_counts("aliases", &r->seed.aliases, tail);
    snprintf(tail, sizeof tail, "; %zu of the %zu in force ended (no longer listed)", r->ended,
             r->in_force_before);
    print_counts("rulings", &r->seed.rulings, tail);
    printf("  %zu change(s)%s\n", r->seed.changes_total, opt->dry_run ? " would be written" : "");
    printf("  ");
    print_exact_only(stdout, &r->exact_only);
}

int cmd_import(const struct config *cfg, int argc, char **argv)
{
    if (argc < 2) return usage();
    struct list_import_options opt = {.format = list_format_find(argv[0]),
                                      .path = argv[1],
                                      .published = rd_now(),
                                      .max_end_share = LIST_IMPORT_MAX_END_SHARE};
    if (!opt.format) return usage();
    if (!parse_options(argc, argv, &opt)) return 2;
    PGconn *c = cmd_connect(cfg);
    if (!c) return 1;
    char actor[300];
    snprintf(actor, sizeof actor, "import:%s:%s", opt.format->name, opt.path);
    struct list_import_report r;
    struct rd_error err = {0};
    enum list_import_status st = db_list_import(c, actor, &opt, &r, &err);
    PQfinish(c);
    if (st != LIST_IMPORT_OK) {
        fprintf(stderr, "restrictd import %s: %s\nrestrictd import: nothing was written.\n",
                opt.format->name, err.message);
        return 1;
    }
    print_report(&opt, &r);
    list_import_report_free(&r);
    return 0;
}
