#ifndef RULINGS_RENDER_H
#define RULINGS_RENDER_H
/*
 * JSON rendering of the domain's answers, written straight into a strbuf with
 * lib/jsonw.h. A ruling's own fields never change within a snapshot, so
 * they are rendered once when it is built (render_ruling_head/tail) and copied.
 */
#include "rulings/evaluate.h"
#include "lib/jsonw.h"
#include "match/match.h"
#include "rulings/snapshot.h"

/* A ruling's fields as pre-rendered by snapshot_build, in two parts around its source
 * object (which is rendered once per source): the head ('{"id":...,"source":') and the
 * tail (',"quote":...,"version":3', the object left open). */
void render_ruling_head(const struct snapshot *s, uint32_t ruling, struct strbuf *sb);
void render_ruling_tail(const struct snapshot *s, uint32_t ruling, struct strbuf *sb);

/* Writes a ruling object from its pre-rendered parts, left open (the caller closes it). */
void render_ruling_open(struct jw *w, const struct snapshot *s, uint32_t ruling);

/* A ruling as it applies to a subject: its pre-rendered parts plus "applies_as" ("bound",
 * "affected", or null when the question named no party), "conditional" and
 * "inherited_from". */
void render_applied(struct jw *w, const struct snapshot *s, const struct applied *a,
                    bool party_asked);

/* A source object. */
void render_source(struct jw *w, const struct rd_source *src);
/* As in GET /v1/sources: the brief members, and for a published list its import health
 * ("list": what is served and the latest import attempt; docs/lists.md). */
void render_source_listed(struct jw *w, const struct rd_source *src);

/* The "match" object of a check answer (also each of its "candidates"); with the question's
 * normalised name `q`, its evidence too (NULL: none, as for a find by identifier). */
void render_match(struct jw *w, const struct snapshot *s, const struct match_hit *h,
                  const struct norm_name *q);

/* As members of an open object: "evidence", the pairs of words of the question `q` and of
 * name `alias` the score was made of and the words left over, and "capped", why the score
 * was held down (null, "numbers_differ" or "weak_evidence"). Nothing when `q` is NULL or
 * the name cannot match it. */
void render_evidence(struct jw *w, const struct snapshot *s, const struct norm_name *q,
                     uint32_t alias);

/* How a name matched, as members of an open object: "matched_alias", "alias_kind",
 * "normalized" (of the alias, an index into s->aliases), "score" (NaN: null), "method". */
void render_match_how(struct jw *w, const struct snapshot *s, uint32_t alias, double score,
                      const char *method);

#endif
