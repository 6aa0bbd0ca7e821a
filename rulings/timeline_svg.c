/* The time line as SVG (rulings/timeline_svg.h). Every piece of text goes through
 * markup_escape: names and quotes come from public lists and may hold anything. */
#include "rulings/timeline_svg.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/markup.h"
#include "lib/timeutil.h"

/* The layout, in pixels: labels on the left, bars between X0 and X1. */
enum {
    WIDTH = 960,
    X0 = 320,
    X1 = 940,
    TOP = 62,    /* first lane */
    LANE_H = 38, /* one lane */
    BAR_Y = 10,  /* the bar within its lane */
    BAR_H = 18,
    ID_MAX = 42, /* bytes of a label line shown before it is cut */
    NOTE_MAX = 54,
};

/* By enum ruling_status: prohibited, restricted, advisory, exempt. */
static const char *const colours[STATUS_COUNT] = {"#9b1c1c", "#e8590c", "#c79a00", "#2f855a"};

static double x_of(const struct timeline *t, int64_t when)
{
    if (when <= t->start) return X0;
    if (when >= t->end) return X1;
    return X0 + (double)(when - t->start) / (double)(t->end - t->start) * (X1 - X0);
}

/* Appends at most `max` bytes of `s`, cut at a character boundary with an ellipsis. */
static void put_clipped(struct strbuf *sb, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        markup_escape(sb, s, n);
        return;
    }
    size_t k = max - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    markup_escape(sb, s, k);
    sb_puts(sb, "\xE2\x80\xA6"); /* … */
}

static void put_date(struct strbuf *sb, int64_t t)
{
    char d[RD_TIME_BUFSZ];
    rd_date_format(t, d, sizeof d);
    sb_puts(sb, d);
}

static const char *state_name(enum lane_state st)
{
    static const char *const names[] = {"in-effect", "upcoming", "uncertain", "not-in-effect"};
    return names[st];
}

/* "binds a, b · from D · via X · conditional": who carries the duty, when an upcoming one
 * starts, and how it gets here. */
static void lane_note(const struct snapshot *s, const struct timeline *t,
                      const struct timeline_lane *l, struct strbuf *out)
{
    const struct rd_ruling *r = l->rec;
    sb_puts(out, "binds ");
    for (uint32_t i = 0; i < r->binds.n; i++) {
        if (i) sb_puts(out, ", ");
        sb_puts(out, r->binds.items[i]);
    }
    if (!r->binds.n) sb_puts(out, "no one (advice)");
    if (l->state == LANE_UPCOMING) {
        sb_puts(out, " \xC2\xB7 from ");
        put_date(out, r->effective_from);
    }
    if (l->via_subject != t->subject) {
        sb_puts(out, " \xC2\xB7 via ");
        sb_puts(out, s->subjects[l->via_subject].rec->name);
    }
    if (l->conditional) sb_puts(out, " \xC2\xB7 conditional");
}

/* The tooltip of a lane: everything its label may have had to cut. */
static void lane_title(const struct timeline_lane *l, const char *note, struct strbuf *sb)
{
    const struct rd_ruling *r = l->rec;
    sb_puts(sb, "<title>");
    markup_puts(sb, r->id);
    sb_printf(sb, ": %s, %s at as-of; ", enum_name(&STATUSES, (int)r->status),
              state_name(l->state));
    put_date(sb, r->effective_from);
    sb_puts(sb, " to ");
    if (r->has_until)
        put_date(sb, r->effective_until);
    else
        sb_puts(sb, "open-ended");
    sb_puts(sb, "; ");
    markup_puts(sb, note);
    sb_puts(sb, "</title>");
}

/* The bar, and a blank over each suspension window. */
static void lane_bar(const struct timeline *t, const struct timeline_lane *l, double y,
                     struct strbuf *sb)
{
    const struct rd_ruling *r = l->rec;
    const char *colour = colours[r->status];
    double xa = x_of(t, r->effective_from);
    double xb = r->has_until ? x_of(t, r->effective_until) : X1;
    if (xb - xa < 2) xb = xa + 2;
    static const char *const looks[] = {
        [LANE_IN_EFFECT] = "fill-opacity=\"1\"",
        [LANE_UPCOMING] = "fill-opacity=\"0.45\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"",
        [LANE_UNCERTAIN] = "fill-opacity=\"0.3\" stroke-width=\"1.5\" stroke-dasharray=\"1 3\"",
        [LANE_NOT_IN_EFFECT] = "fill-opacity=\"0.3\" stroke-width=\"0\"",
    };
    sb_printf(sb,
              "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\" "
              "fill=\"%s\" stroke=\"%s\" %s/>",
              xa, y + BAR_Y, xb - xa, BAR_H, colour, colour, looks[l->state]);
    for (uint32_t i = 0; i < r->n_suspensions; i++) {
        const struct rd_window *w = &r->suspensions[i];
        double sa = x_of(t, w->from), sb_end = w->has_until ? x_of(t, w->until) : X1;
        if (sb_end <= sa) continue;
        sb_printf(sb,
                  "<rect class=\"suspended\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
                  "fill=\"#ffffff\" fill-opacity=\"0.8\"/>",
                  sa, y + BAR_Y, sb_end - sa, BAR_H);
    }
}

static void lane(const struct snapshot *s, const struct timeline *t, size_t i, struct strbuf *sb)
{
    const struct timeline_lane *l = &t->lanes[i];
    double y = TOP + (double)i * LANE_H;
    struct strbuf note = {0};
    lane_note(s, t, l, &note);
    sb_printf(sb, "<g class=\"lane lane-%s\" data-status=\"%s\" data-ruling=\"",
              state_name(l->state), enum_name(&STATUSES, (int)l->rec->status));
    markup_puts(sb, l->rec->id);
    sb_puts(sb, "\">");
    lane_title(l, note.data ? note.data : "", sb);
    sb_printf(sb, "<text x=\"8\" y=\"%.1f\" font-weight=\"bold\">", y + 16);
    put_clipped(sb, l->rec->id, ID_MAX);
    sb_printf(sb, "</text><text x=\"8\" y=\"%.1f\" font-size=\"11\" fill=\"#555555\">", y + 31);
    put_clipped(sb, note.data ? note.data : "", NOTE_MAX);
    sb_puts(sb, "</text>");
    lane_bar(t, l, y, sb);
    sb_puts(sb, "</g>");
    sb_free(&note);
}

/* The lanes' backgrounds, under the year lines: upcoming ones blue, the others striped. */
static void bands(const struct timeline *t, struct strbuf *sb)
{
    for (size_t i = 0; i < t->n_lanes; i++) {
        bool upcoming = t->lanes[i].state == LANE_UPCOMING;
        if (!upcoming && i % 2) continue;
        sb_printf(sb,
                  "<rect class=\"band\" x=\"0\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
                  "fill=\"%s\"/>",
                  TOP + (double)i * LANE_H, WIDTH, LANE_H, upcoming ? "#e3ecfd" : "#f6f6f6");
    }
}

/* Year lines and labels, at most about ten of them. */
static void axis(const struct timeline *t, double bottom, struct strbuf *sb)
{
    static const int steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
    time_t from = (time_t)t->start, to = (time_t)t->end;
    struct tm a, b;
    if (!gmtime_r(&from, &a) || !gmtime_r(&to, &b)) return;
    int y0 = a.tm_year + 1900, y1 = b.tm_year + 1900;
    size_t k = 0;
    while (k + 1 < sizeof steps / sizeof *steps && (y1 - y0) / steps[k] > 10)
        k++;
    int step = steps[k];
    sb_puts(sb, "<g class=\"axis\" fill=\"#666666\" font-size=\"11\">");
    for (int y = (y0 + step - 1) / step * step; y <= y1; y += step) {
        struct tm jan1 = {.tm_year = y - 1900, .tm_mday = 1};
        double x = x_of(t, (int64_t)timegm(&jan1));
        sb_printf(sb,
                  "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>"
                  "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                  x, TOP - 8, x, bottom, x, TOP - 12, y);
    }
    sb_puts(sb, "</g>");
}

static void as_of_line(const struct timeline *t, double bottom, struct strbuf *sb)
{
    double x = x_of(t, t->as_of);
    const char *anchor = x > X1 - 70 ? "end" : x < X0 + 70 ? "start" : "middle";
    sb_printf(sb,
              "<g class=\"as-of\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" "
              "stroke=\"#1d4ed8\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%d\" "
              "text-anchor=\"%s\" fill=\"#1d4ed8\" font-weight=\"bold\">as of ",
              x, TOP - 28, x, bottom + 4, x, TOP - 32, anchor);
    put_date(sb, t->as_of);
    sb_puts(sb, "</text></g>");
}

static void legend(const struct timeline *t, double y, struct strbuf *sb)
{
    sb_puts(sb, "<g class=\"legend\" font-size=\"11\">");
    for (int st = 0; st < STATUS_COUNT; st++) {
        double x = 8 + st * 110;
        sb_printf(sb,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\">%s</text>",
                  x, y, colours[st], x + 17, y + 10, enum_name(&STATUSES, st));
    }
    sb_printf(sb,
              "<text x=\"%d\" y=\"%.1f\" fill=\"#555555\">solid: in effect at as-of \xC2\xB7 "
              "dashed on blue: upcoming \xC2\xB7 faded: not in effect then \xC2\xB7 dotted: "
              "uncertain</text>",
              8, y + 28);
    if (t->n_more)
        sb_printf(sb,
                  "<text x=\"%d\" y=\"%.1f\" fill=\"#555555\">%zu more rulings not drawn (those "
                  "not in effect first)</text>",
                  8, y + 44, t->n_more);
    sb_puts(sb, "</g>");
}

/* The root element's opening tag and its accessible name. */
static void open_svg(const struct snapshot *s, const struct timeline *t, int height,
                     struct strbuf *sb)
{
    const char *name = s->subjects[t->subject].rec->name;
    sb_printf(sb,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"%d\" "
              "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"system-ui, "
              "sans-serif\" font-size=\"12\" fill=\"#1a1a1a\"><title>Rulings reaching ",
              WIDTH, height, WIDTH, height);
    markup_puts(sb, name);
    sb_puts(sb, ", as of ");
    put_date(sb, t->as_of);
    sb_printf(sb,
              "</title><rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>"
              "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">",
              WIDTH, height);
    put_clipped(sb, name, 90);
    sb_puts(sb, "</text>");
}

void timeline_svg(const struct snapshot *s, const struct timeline *t, bool standalone,
                  struct strbuf *sb)
{
    size_t rows = t->n_lanes ? t->n_lanes : 1;
    double bottom = TOP + (double)rows * LANE_H;
    int height = (int)bottom + (t->n_more ? 66 : 50);
    if (standalone) sb_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    open_svg(s, t, height, sb);
    bands(t, sb);
    axis(t, bottom, sb);
    if (!t->n_lanes)
        sb_printf(sb, "<text x=\"8\" y=\"%d\">No ruling reaches this subject.</text>", TOP + 22);
    for (size_t i = 0; i < t->n_lanes; i++)
        lane(s, t, i, sb);
    as_of_line(t, bottom, sb);
    legend(t, bottom + 14, sb);
    sb_puts(sb, "</svg>");
    if (standalone) sb_putc(sb, '\n');
}
