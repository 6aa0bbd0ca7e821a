#ifndef RULINGS_LIST_FORMATS_H
#define RULINGS_LIST_FORMATS_H
/*
 * The published list formats restrictd reads, by the name the commands and the admin API
 * take (`ofac-sdn`, `ofac-cons`, `csl`): what each reads (a directory of files or one file)
 * and which sources it owns. An import of a list is the whole truth about those sources:
 * what it no longer holds has ended (db/list_import.h).
 */
#include "lib/error.h"
#include "rulings/dataset.h"
#include "rulings/list_build.h"

struct list_format {
    const char *name;           /* ofac-sdn, ofac-cons, csl */
    const char *input;          /* "DIR" or "FILE", for usage lines */
    const char *source_pattern; /* the sources it owns, as an SQL LIKE pattern */
};

/* NULL when `name` is no format. */
const struct list_format *list_format_find(const char *name);
/* The format names, "ofac-sdn, ofac-cons, csl", for messages. */
const char *list_format_names(void);
/* The i-th file a DIR format reads (sdn.csv, alt.csv, add.csv), NULL past the last and for
 * a FILE format. The addresses file (the last) may be missing. */
const char *list_format_file(const struct list_format *f, size_t i);

bool list_convert(const struct list_format *f, const char *path, const struct list_dates *dates,
                  struct dataset *ds, struct list_report *rep, struct rd_error *err) RD_MUST_CHECK;

#endif
