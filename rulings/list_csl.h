#ifndef RULINGS_LIST_CSL_H
#define RULINGS_LIST_CSL_H
/*
 * trade.gov's Consolidated Screening List (CSV download, header row) as a data set
 * (docs/lists.md): one source per list it consolidates (Entity List, Denied Persons List,
 * SDN, ...) with that list's semantics, one subject per entity and list (the CSL repeats
 * an entity once per address: those rows are merged), aliases from alt_names, one ruling
 * per subject with the list's start_date and end_date where given.
 */
#include <stdint.h>

#include "lib/error.h"
#include "rulings/dataset.h"
#include "rulings/list_build.h"

/* Converts the CSL file `path` into `ds` (empty; the caller frees it with dataset_free()
 * and `rep` with list_report_free(), also on failure). A ruling without a start_date is in
 * force from `listed_since` (its note says so). Entries that fail the checks, or come from
 * a list this converter does not know, are skipped and reported in `rep`; false only when
 * the file cannot be read or parsed as CSV, lacks a column, or memory runs out. */
bool list_csl_convert(const char *path, const struct list_dates *dates, struct dataset *ds,
                      struct list_report *rep, struct rd_error *err) RD_MUST_CHECK;

#endif
