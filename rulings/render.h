#ifndef RULINGS_RENDER_H
#define RULINGS_RENDER_H
/*
 * JSON rendering of the domain's answers, written straight into a strbuf with
 * rulings/jsonw.h. A ruling's own fields never change within a snapshot, so
 * they are rendered once when it is built (render_ruling_fragment) and copied.
 */
#include "rulings/evaluate.h"
#include "rulings/jsonw.h"
#include "rulings/match.h"
#include "rulings/snapshot.h"

/* The ruling's fields as an object left open, for snapshot_build. */
void render_ruling_fragment(const struct snapshot *s, uint32_t ruling, struct strbuf *sb);

/* A ruling as it applies to a subject: its fragment plus "inherited_from". */
void render_applied(struct jw *w, const struct snapshot *s, const struct applied *a);

/* A source object. */
void render_source(struct jw *w, const struct rd_source *src);

/* The "match" object of a check answer (also each of its "candidates"). */
void render_match(struct jw *w, const struct snapshot *s, const struct match_hit *h);

#endif
