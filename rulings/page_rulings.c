/* The analysts' page: each ruling of the time line with its source's citation and quote
 * (rulings/page_html.h). */
#include <string.h>

#include "lib/markup.h"
#include "lib/timeutil.h"
#include "rulings/page_html.h"

static void put_date(struct strbuf *sb, int64_t t)
{
    char d[RD_TIME_BUFSZ];
    rd_date_format(t, d, sizeof d);
    sb_puts(sb, d);
}

/* <dt>term</dt><dd>, the caller writes the value and closes it. */
static void term(struct strbuf *sb, const char *dt)
{
    sb_printf(sb, "<dt>%s</dt><dd>", dt);
}

static void codes(struct strbuf *sb, const struct rd_codes *c, const char *none)
{
    for (uint32_t i = 0; i < c->n; i++) {
        if (i) sb_puts(sb, ", ");
        markup_puts(sb, c->items[i]);
    }
    if (!c->n) sb_puts(sb, none);
}

/* A link only to a web address: nothing else (javascript:, data:) is ever made a link. */
static void link(struct strbuf *sb, const char *url, const char *text)
{
    if (!url || (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)) return;
    sb_puts(sb, " <a rel=\"noreferrer\" href=\"");
    markup_puts(sb, url);
    sb_printf(sb, "\">%s</a>", text);
}

static const char *const state_words[] = {"in effect", "upcoming", "in force, if at all, uncertain",
                                          "not in effect then"};

static void when(const struct rd_ruling *r, struct strbuf *sb)
{
    term(sb, "In force");
    sb_puts(sb, "from ");
    put_date(sb, r->effective_from);
    if (r->has_until) {
        sb_puts(sb, " until ");
        put_date(sb, r->effective_until);
    } else {
        sb_puts(sb, ", open-ended");
    }
    sb_puts(sb, "</dd>");
    for (uint32_t i = 0; i < r->n_suspensions; i++) {
        const struct rd_window *w = &r->suspensions[i];
        term(sb, "Suspended");
        put_date(sb, w->from);
        sb_puts(sb, " \xE2\x80\x93 ");
        if (w->has_until)
            put_date(sb, w->until);
        else
            sb_puts(sb, "until further notice");
        if (w->note) {
            sb_puts(sb, ": ");
            markup_puts(sb, w->note);
        }
        sb_puts(sb, "</dd>");
    }
}

/* Who, under what condition, and how the ruling gets to the subject. */
static void terms(const struct snapshot *s, const struct timeline *t, const struct timeline_lane *l,
                  struct strbuf *sb)
{
    const struct rd_ruling *r = l->rec;
    sb_puts(sb, "<dl>");
    term(sb, "Binds");
    codes(sb, &r->binds, "no one: advice");
    sb_puts(sb, "</dd>");
    if (r->affects.n) {
        term(sb, "Affects");
        codes(sb, &r->affects, "");
        sb_puts(sb, "</dd>");
    }
    when(r, sb);
    if (r->condition.code) {
        term(sb, "Condition");
        markup_puts(sb, r->condition.text ? r->condition.text : r->condition.code);
        sb_puts(sb, "</dd>");
    }
    term(sb, "Reaches it");
    if (l->via_subject == t->subject) {
        sb_puts(sb, "its own ruling");
    } else {
        sb_puts(sb, "through ");
        markup_puts(sb, s->subjects[l->via_subject].rec->name);
    }
    sb_puts(sb, "</dd>");
}

/* The source's citation, and the quote with what it is a quote of. */
static void cited(const struct snapshot *s, const struct snap_ruling *sr, struct strbuf *sb)
{
    const struct rd_ruling *r = sr->rec;
    const struct rd_source *src = &s->sources[sr->source];
    term(sb, "Source");
    sb_puts(sb, "<cite>");
    markup_puts(sb, src->citation ? src->citation : src->title);
    sb_puts(sb, "</cite>");
    if (src->citation && src->title) {
        sb_puts(sb, ", ");
        markup_puts(sb, src->title);
    }
    sb_puts(sb, " \xE2\x80\x94 ");
    markup_puts(sb, src->authority);
    sb_puts(sb, " (");
    markup_puts(sb, src->jurisdiction);
    sb_puts(sb, src->signed_on ? "), signed " : ")");
    markup_puts(sb, src->signed_on);
    link(sb, src->url, "document");
    sb_puts(sb, "</dd></dl>");
    if (!r->quote || !r->quote[0]) {
        sb_puts(sb, "<p class=\"note\">No quote is recorded for this ruling.</p>");
        return;
    }
    sb_puts(sb, "<blockquote><p>");
    markup_puts(sb, r->quote);
    sb_puts(sb, "</p></blockquote>");
    const struct rd_source *qs = r->quote_source ? snapshot_source(s, r->quote_source) : NULL;
    if (!r->quote_verbatim || qs) {
        sb_puts(sb, "<p class=\"note\">");
        if (!r->quote_verbatim) sb_puts(sb, "A faithful paraphrase, not the words themselves. ");
        if (qs) {
            sb_puts(sb, "Quoted from <cite>");
            markup_puts(sb, qs->citation ? qs->citation : qs->title);
            sb_puts(sb, "</cite>.");
            link(sb, qs->url, "document");
        }
        sb_puts(sb, "</p>");
    }
}

void page_rulings(const struct snapshot *s, const struct timeline *t, struct strbuf *sb)
{
    for (size_t i = 0; i < t->n_lanes; i++) {
        const struct timeline_lane *l = &t->lanes[i];
        const struct rd_ruling *r = l->rec;
        const char *status = enum_name(&STATUSES, (int)r->status);
        sb_printf(sb, "<article class=\"ruling%s\" id=\"ruling-",
                  l->state == LANE_UPCOMING ? " st-upcoming" : "");
        markup_puts(sb, r->id);
        sb_printf(sb, "\"><h3><span class=\"status s-%s\">%s</span> <code>", status, status);
        markup_puts(sb, r->id);
        sb_printf(sb, "</code> <span class=\"state\">%s</span></h3><p>", state_words[l->state]);
        markup_puts(sb, r->measure);
        sb_puts(sb, "</p>");
        terms(s, t, l, sb);
        cited(s, &s->rulings[l->ruling], sb);
        sb_puts(sb, "</article>\n");
    }
    if (t->n_more)
        sb_printf(sb,
                  "<p class=\"note\">%zu more rulings are not shown (those not in effect "
                  "at this date first); <a href=\"/v1/check\">/v1/check</a> lists every "
                  "one in effect.</p>\n",
                  t->n_more);
}
