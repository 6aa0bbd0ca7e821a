/* restrictd convert ofac-sdn DIR | ofac-cons DIR | csl FILE [--listed-since INSTANT]: a
 * published screening list as a data set (JSON, format 2) on stdout, a summary on stderr. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/jsonw.h"
#include "lib/strbuf.h"
#include "lib/timeutil.h"
#include "rulings/dataset_json.h"
#include "rulings/list_formats.h"
#include "server/commands.h"

/* The snapshot date of the lists in tests/data/lists: the lists carry no listing dates. */
#define DEFAULT_LISTED_SINCE "2021-01-01T00:00:00Z"

static void summary(const char *format, const struct list_report *rep, double seconds)
{
    fprintf(stderr,
            "restrictd convert %s: %zu source(s), %zu entries, %zu aliases, %zu rulings; "
            "%zu entries skipped, %zu aliases skipped, %zu rows merged; %.2f s\n",
            format, rep->sources, rep->entries, rep->aliases, rep->rulings, rep->skipped,
            rep->aliases_skipped, rep->merged_rows, seconds);
    for (size_t i = 0; i < rep->skips.count; i++)
        fprintf(stderr, "  skipped %s: %s: %s\n", rep->skips.items[i].field,
                rep->skips.items[i].code, rep->skips.items[i].message);
    if (rep->skips.dropped) fprintf(stderr, "  ... and %zu more\n", rep->skips.dropped);
}

static bool write_json(const struct dataset *ds)
{
    struct strbuf sb = {0};
    struct jw w;
    jw_init(&w, &sb);
    bool ok = dataset_json_write(&w, ds) && !sb.failed;
    if (ok) ok = fwrite(sb.data, 1, sb.len, stdout) == sb.len && fputc('\n', stdout) != EOF;
    sb_free(&sb);
    return ok && fflush(stdout) == 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: restrictd convert ofac-sdn DIR | ofac-cons DIR | csl FILE "
                    "[--listed-since INSTANT]\n");
    return 2;
}

int cmd_convert(int argc, char **argv)
{
    const char *since_text = DEFAULT_LISTED_SINCE;
    if (argc == 4 && strcmp(argv[2], "--listed-since") == 0)
        since_text = argv[3];
    else if (argc != 2)
        return usage();
    const char *format = argv[0];
    const struct list_format *f = list_format_find(format);
    if (!f) return usage();
    int64_t since;
    if (!rd_time_parse_instant(since_text, &since)) {
        fprintf(stderr, "restrictd convert: --listed-since must be an RFC 3339 instant\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct dataset ds;
    struct list_report rep;
    struct rd_error err = {0};
    const struct list_dates dates = {.published = since};
    bool ok = list_convert(f, argv[1], &dates, &ds, &rep, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (ok) {
        summary(format, &rep,
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        ok = write_json(&ds);
        if (!ok) fprintf(stderr, "restrictd convert: cannot write the data set\n");
    } else {
        fprintf(stderr, "restrictd convert %s: %s\n", format, err.message);
    }
    dataset_free(&ds);
    list_report_free(&rep);
    return ok ? 0 : 1;
}
