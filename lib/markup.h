#ifndef LIB_MARKUP_H
#define LIB_MARKUP_H
/*
 * Text put into HTML and SVG (the analysts' page, the timeline picture): every piece of it
 * goes through markup_escape, which makes it safe both as element text and as a quoted
 * attribute value; a value put into a link's query goes through markup_query first.
 */
#include <stddef.h>

#include "lib/strbuf.h"

/* Appends `n` bytes of `s` with &, <, >, " and ' written as character references. Bytes
 * XML cannot hold (C0 controls other than tab, newline and carriage return) and ill-formed
 * UTF-8 become U+FFFD, so any input gives well-formed HTML and XML text. */
void markup_escape(struct strbuf *sb, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL appends nothing. */
void markup_puts(struct strbuf *sb, const char *s);
/* Appends `s` (NUL-terminated) percent-encoded as a URL query value (RFC 3986: only
 * unreserved characters kept); the result still goes through markup_escape in an
 * attribute. */
void markup_query(struct strbuf *sb, const char *s);

#endif
