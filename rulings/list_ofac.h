#ifndef RULINGS_LIST_OFAC_H
#define RULINGS_LIST_OFAC_H
/*
 * OFAC's legacy CSV files as a data set (docs/lists.md): the SDN list (sdn.csv, alt.csv,
 * add.csv) or the non-SDN Consolidated Sanctions List (cons_prim.csv, cons_alt.csv,
 * cons_add.csv). One source for the list, one subject and one ruling per entry, the
 * alternate names as aliases of kind aka/fka/nka, the country of the first address.
 */
#include <stdint.h>

#include "lib/error.h"
#include "rulings/dataset.h"
#include "rulings/list_build.h"

enum ofac_list { OFAC_SDN, OFAC_CONS };

/* Converts the files of list `which` in folder `dir` into `ds` (empty; the caller frees it
 * with dataset_free() and `rep` with list_report_free(), also on failure). The lists carry
 * no listing dates: every ruling is in force from `listed_since`. Entries that fail the
 * data-set checks are skipped and reported in `rep`; false only when a file cannot be read
 * or parsed as CSV, or memory runs out. */
bool list_ofac_convert(const char *dir, enum ofac_list which, const struct list_dates *dates,
                       struct dataset *ds, struct list_report *rep,
                       struct rd_error *err) RD_MUST_CHECK;

/* The name of the list's i-th file (primary, alternate names, addresses); NULL past them. */
const char *list_ofac_file(enum ofac_list which, size_t i);

#endif
