#ifndef RULINGS_PAGE_HTML_H
#define RULINGS_PAGE_HTML_H
/*
 * The analysts' page (GET /): a form (a name or an identifier, a date, a jurisdiction),
 * and for a question the verdict of check_answer, the time line of the matched subject
 * (rulings/timeline_svg.h) inline, and each of its rulings with its source's citation and
 * quote. Plain HTML without scripts; its one style sheet is PAGE_STYLE, inline, which the
 * page's Content-Security-Policy allows by its hash. Every piece of text is escaped
 * (lib/markup.h).
 */
#include <stdint.h>

#include "lib/error.h"
#include "lib/strbuf.h"
#include "rulings/check.h"
#include "rulings/snapshot.h"
#include "rulings/timeline.h"

/* The exact text of the page's <style> element (its CSP hash is taken over these bytes). */
extern const char PAGE_STYLE[];

/* What the page shows; everything is borrowed for the call. */
struct page_view {
    /* the question as the client typed it, shown back in the form (each may be NULL) */
    const char *name, *identifier, *as_of_text, *jurisdiction;
    int64_t as_of;                      /* resolved */
    const struct field_errors *errors;  /* the parameters refused, or NULL */
    const struct check_summary *answer; /* NULL when nothing was asked */
    const struct timeline *timeline;    /* NULL unless a subject matched */
};

/* Appends the whole HTML document. */
void page_html(const struct snapshot *s, const struct page_view *v, struct strbuf *sb);

/* Appends each lane's ruling as an <article>: status, measure, whom it binds, dates, the
 * way it reaches the subject, its source's citation and its quote (rulings/page_rulings.c). */
void page_rulings(const struct snapshot *s, const struct timeline *t, struct strbuf *sb);

#endif
