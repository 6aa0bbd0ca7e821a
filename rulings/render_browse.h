#ifndef RULINGS_RENDER_BROWSE_H
#define RULINGS_RENDER_BROWSE_H
/*
 * JSON of the browsing routes (GET /v1/subjects, /v1/rulings, /v1/sources and their
 * /{id}), written with lib/jsonw.h. Everything here is a function of the snapshot
 * alone (no clock), so an answer changes only when the data does.
 */
#include "rulings/browse.h"
#include "lib/jsonw.h"
#include "rulings/snapshot.h"

/* A subject in a list: id, kind, name, country, parent, relation, ruling_count, and for
 * a search `match` (else null). */
void render_subject_item(struct jw *w, const struct snapshot *s, const struct browse_item *it,
                         bool searched);

/* A subject in full: its fields, parent, children, aliases and its own rulings. */
void render_subject_detail(struct jw *w, const struct snapshot *s, uint32_t subject);

/* A ruling on its own (the object of a check answer's rulings, without inherited_from). */
void render_ruling_record(struct jw *w, const struct snapshot *s, uint32_t ruling);

/* A source in full: the source object plus summary, version and the ids of its rulings. */
void render_source_detail(struct jw *w, const struct snapshot *s, uint32_t source);

#endif
