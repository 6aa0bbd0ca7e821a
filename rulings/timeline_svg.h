#ifndef RULINGS_TIMELINE_SVG_H
#define RULINGS_TIMELINE_SVG_H
/*
 * The picture of a time line (rulings/timeline.h) as SVG: one lane per ruling, a bar from
 * effective_from to its end (or the right edge when open-ended) coloured by status, the
 * ruling's id, whom it binds and the way it reaches the subject beside it, upcoming lanes
 * on a blue band with a dashed bar, suspensions blanked, and as_of as a vertical line.
 * Styled only with presentation attributes, so that it renders under a CSP that allows no
 * style at all. Each lane is a <g class="lane lane-STATE"> (what tests count).
 */
#include <stdbool.h>

#include "lib/strbuf.h"
#include "rulings/snapshot.h"
#include "rulings/timeline.h"

/* Appends the picture: one <svg> element for a page, or with `standalone` an SVG document
 * (XML declaration first). The snapshot and `t` are borrowed for the call. */
void timeline_svg(const struct snapshot *s, const struct timeline *t, bool standalone,
                  struct strbuf *sb);

#endif
