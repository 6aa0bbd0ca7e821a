/* Converting files with bad entries: each is skipped and reported with its file and line, the
 * rest converted (facts.h). The files are written into a temporary folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"
#include "rulings/list_ofac.h"

/* An SDN file of five rows: good, a name of 400 bytes, a control character, Latin-1, too few
 * fields; then the DOS end-of-file byte. Its alt.csv: an alias of the first entry, and one of
 * the entry with the long name. */
static bool write_sdn(const char *dir)
{
    char path[256], name[401];
    memset(name, 'X', 400);
    name[400] = '\0';
    snprintf(path, sizeof path, "%s/sdn.csv", dir);
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    const char *rest = ",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
    fprintf(f, "36,\"AEROCARIBBEAN AIRLINES\"%s", rest);
    fprintf(f, "99,\"%s\"%s", name, rest);
    fprintf(f, "98,\"BAD\001NAME\"%s", rest);
    fprintf(f, "97,\"CAF\xc9 LATIN\"%s", rest);
    fprintf(f, "96,short\r\n\x1a");
    fclose(f);
    snprintf(path, sizeof path, "%s/alt.csv", dir);
    f = fopen(path, "wb");
    if (!f) return false;
    fprintf(f, "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n99,1,\"aka\",\"X\",-0- \r\n");
    fclose(f);
    return true;
}

static void remove_files(const char *dir)
{
    static const char *const names[] = {"sdn.csv", "alt.csv"};
    char path[256];
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        (void)remove(path);
    }
    (void)rmdir(dir);
}

/* Is there a skip at `where` with `code`? */
static bool skipped(const struct list_report *rep, const char *where, const char *code)
{
    for (size_t i = 0; i < rep->skips.count; i++)
        if (strcmp(rep->skips.items[i].field, where) == 0 &&
            strcmp(rep->skips.items[i].code, code) == 0)
            return true;
    return false;
}

size_t malformed_check(void)
{
    char dir[] = "/tmp/restrictd-lists.XXXXXX";
    if (!mkdtemp(dir)) return 1;
    struct dataset ds;
    struct list_report rep;
    struct rd_error err = {0};
    const struct list_dates dates = {.published = 0};
    bool ok = write_sdn(dir) && list_ofac_convert(dir, OFAC_SDN, &dates, &ds, &rep, &err);
    static const char *const what[] = {
        "2 entries converted, 3 skipped; 1 alias converted, 1 skipped",
        "sdn.csv:2 skipped: name too long",
        "sdn.csv:3 skipped: control character",
        "sdn.csv:5 skipped: too few fields",
        "alt.csv:2 skipped: alias of an entry not converted",
        "sdn.csv:4 read as Latin-1: CAF\xc3\x89 LATIN",
    };
    bool holds[] = {
        ok && rep.entries == 2 && rep.skipped == 3 && rep.aliases == 1 && rep.aliases_skipped == 1,
        ok && skipped(&rep, "sdn.csv:2", "too_long"),
        ok && skipped(&rep, "sdn.csv:3", "invalid_character"),
        ok && skipped(&rep, "sdn.csv:5", "too_few_fields"),
        ok && skipped(&rep, "alt.csv:2", "unknown_entry"),
        ok && ds.n_subjects == 2 && strcmp(ds.subjects[1].name, "CAF\xc3\x89 LATIN") == 0,
    };
    size_t failed = 0;
    printf("\nbad entries skipped and reported, the rest converted:\n");
    if (!ok) printf("  conversion failed: %s\n", err.message);
    for (size_t i = 0; i < sizeof holds / sizeof holds[0]; i++) {
        printf("  %-62s %s\n", what[i], holds[i] ? "yes" : "FAILED");
        failed += !holds[i];
    }
    dataset_free(&ds);
    list_report_free(&rep);
    remove_files(dir);
    return failed;
}
