#ifndef RULINGS_DATASET_JSON_H
#define RULINGS_DATASET_JSON_H
/*
 * The reverse of rulings/dataset.c: records and whole data sets written as JSON in the
 * data-set format (docs/data-model.md), so that what the admin export writes, the import
 * (and `restrictd seed`) reads back unchanged. Optional fields without a value are
 * written as null, which the parser reads as absent.
 *
 * The *_members functions write the fields into an object the caller has opened (and
 * closes), so that the admin API can add a record's version and timestamps.
 */
#include "rulings/dataset.h"
#include "lib/jsonw.h"

void dataset_json_source_members(struct jw *w, const struct rd_source *s);
/* Every member but "summary": the source as each ruling of an answer embeds it. */
void dataset_json_source_brief_members(struct jw *w, const struct rd_source *s);
/* Without "aliases": those are written by dataset_json_write, or are records of their own. */
void dataset_json_subject_members(struct jw *w, const struct rd_subject *s);
/* "alias", "kind", "lang" (the subject is implied by where the alias is written). */
void dataset_json_alias_members(struct jw *w, const struct rd_alias *a);
void dataset_json_ruling_members(struct jw *w, const struct rd_ruling *r);

/* The whole data set: {"format": ..., "sources": [...], "subjects": [... with their
 * "aliases"], "rulings": [...]}, records in the order of `ds`. False when out of memory. */
bool dataset_json_write(struct jw *w, const struct dataset *ds) RD_MUST_CHECK;

#endif
