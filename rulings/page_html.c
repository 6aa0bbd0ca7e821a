/* The analysts' page (rulings/page_html.h): the document, the form, the verdict and the
 * picture; the rulings' citations are rulings/page_rulings.c. */
#include "rulings/page_html.h"

#include "lib/markup.h"
#include "lib/timeutil.h"
#include "rulings/evaluate.h"
#include "rulings/timeline_svg.h"

/* clang-format off */
const char PAGE_STYLE[] =
    "body{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;max-width:1000px;margin:0 auto;"
    "padding:.5rem 1.2rem 2rem}"
    "h1{font-size:1.35rem;margin:.6rem 0 .2rem}h2{font-size:1.2rem;margin:.2rem 0}"
    "h3{font-size:1rem;margin:.2rem 0}.lede{margin:0 0 .8rem;color:#555}"
    "form{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;padding:.8rem;"
    "background:#f3f4f6;border-radius:6px}"
    "label{display:flex;flex-direction:column;font-size:.85rem;color:#444}"
    "input,button{font:inherit;padding:.3rem .45rem;border:1px solid #8a8f98;border-radius:4px}"
    "button{background:#1d4ed8;color:#fff;border-color:#1d4ed8;padding:.3rem 1.1rem}"
    ".errors{color:#9b1c1c}"
    ".verdict{margin:1rem 0;padding:.7rem 1rem;border-left:6px solid #8a8f98;background:#f8f8f8}"
    ".v-restricted{border-color:#9b1c1c}.v-advisory{border-color:#c79a00}"
    ".v-clear{border-color:#2f855a}"
    ".verdict-word{text-transform:uppercase;letter-spacing:.04em}"
    ".v-restricted .verdict-word{color:#9b1c1c}.v-advisory .verdict-word{color:#8a6a00}"
    ".v-clear .verdict-word{color:#2f855a}"
    "figure{margin:1rem 0;overflow-x:auto}figure svg{max-width:100%;height:auto}"
    "figcaption{font-size:.85rem;color:#555}"
    ".ruling{border-top:1px solid #ddd;padding:.7rem 0}"
    ".status{display:inline-block;padding:0 .45rem;border-radius:3px;color:#fff;font-size:.8rem}"
    ".s-prohibited{background:#9b1c1c}.s-restricted{background:#e8590c}"
    ".s-advisory{background:#c79a00}.s-exempt{background:#2f855a}"
    ".state{font-size:.8rem;color:#555}.st-upcoming{background:#e3ecfd}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .9rem;margin:.4rem 0}"
    "dt{color:#666}dd{margin:0}"
    "blockquote{margin:.5rem 0;padding:.2rem .9rem;border-left:3px solid #c8ccd2;color:#333}"
    ".note{font-size:.85rem;color:#666}footer{margin-top:1.5rem;font-size:.85rem;color:#666}";
/* clang-format on */

static void put_date(struct strbuf *sb, int64_t t)
{
    char d[RD_TIME_BUFSZ];
    rd_date_format(t, d, sizeof d);
    sb_puts(sb, d);
}

/* What the question is called on the page: the name, else the identifier. */
static const char *asked(const struct page_view *v)
{
    return v->name ? v->name : v->identifier ? v->identifier : "";
}

/* One text field of the form, showing back what was typed. */
static void field(struct strbuf *sb, const char *label, const char *name, const char *value,
                  const char *placeholder, int size)
{
    sb_printf(sb, "<label>%s<input name=\"%s\" size=\"%d\" placeholder=\"", label, name, size);
    markup_puts(sb, placeholder);
    sb_puts(sb, "\" value=\"");
    markup_puts(sb, value);
    sb_puts(sb, "\"></label>");
}

static void head_and_form(const struct page_view *v, struct strbuf *sb)
{
    sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>");
    if (v->answer) {
        markup_puts(sb, asked(v));
        sb_puts(sb, " as of ");
        put_date(sb, v->as_of);
        sb_puts(sb, " \xE2\x80\x94 ");
    }
    sb_printf(sb,
              "restrictd</title><style>%s</style></head>\n<body><header><h1>restrictd</h1>"
              "<p class=\"lede\">Is this name restricted, by whom, since when, as of a "
              "date?</p></header>\n",
              PAGE_STYLE);
    sb_puts(sb, "<form method=\"get\" action=\"/\" role=\"search\">");
    field(sb, "Name", "name", v->name, "Kaspersky Lab", 30);
    field(sb, "or identifier", "identifier", v->identifier, "imo:9187629", 18);
    field(sb, "As of", "as_of", v->as_of_text, "2024-10-01 (default: now)", 22);
    field(sb, "Jurisdiction", "jurisdiction", v->jurisdiction, "any", 6);
    sb_puts(sb, "<button type=\"submit\">Check</button></form>\n");
}

static void errors(const struct field_errors *fe, struct strbuf *sb)
{
    sb_puts(sb, "<section class=\"errors\" id=\"errors\"><h2>The question cannot be "
                "answered</h2><ul>");
    for (size_t i = 0; i < fe->count; i++) {
        sb_puts(sb, "<li><code>");
        markup_puts(sb, fe->items[i].field);
        sb_puts(sb, "</code> ");
        markup_puts(sb, fe->items[i].message);
        sb_puts(sb, "</li>");
    }
    sb_puts(sb, "</ul></section>\n");
}

/* "Matched X (organization, RU) as “alias”, score 0.97." */
static void matched(const struct snapshot *s, const struct check_summary *a, struct strbuf *sb)
{
    const struct rd_subject *sub = s->subjects[a->subject].rec;
    sb_puts(sb, "Matched <b>");
    markup_puts(sb, sub->name);
    sb_printf(sb, "</b> (%s", enum_name(&SUBJECT_KINDS, (int)sub->kind));
    if (sub->country) {
        sb_puts(sb, ", ");
        markup_puts(sb, sub->country);
    }
    sb_puts(sb, ") as \xE2\x80\x9C");
    markup_puts(sb, s->aliases[a->alias].text);
    sb_printf(sb, "\xE2\x80\x9D, score %.3f.", a->score);
}

static void verdict(const struct snapshot *s, const struct page_view *v, struct strbuf *sb)
{
    const struct check_summary *a = v->answer;
    const char *word = enum_name(&VERDICTS, a->verdict);
    sb_printf(sb, "<section class=\"verdict v-%s\" id=\"verdict\" data-verdict=\"%s\"><h2>", word,
              word);
    if (a->verdict == VERDICT_NO_MATCH) {
        sb_puts(sb, "No subject matches \xE2\x80\x9C");
        markup_puts(sb, asked(v));
        sb_puts(sb, "\xE2\x80\x9D: <strong class=\"verdict-word\">no match</strong></h2>");
    } else {
        markup_puts(sb, asked(v));
        sb_printf(sb, " is <strong class=\"verdict-word\">%s</strong> as of ", word);
        put_date(sb, v->as_of);
        sb_puts(sb, "</h2>");
    }
    sb_puts(sb, "<p>");
    if (a->matched) matched(s, a, sb);
    if (a->has_since) {
        sb_printf(sb, " %s since ", a->verdict == VERDICT_RESTRICTED ? "Restricted" : "Advisory");
        put_date(sb, a->since);
        sb_puts(sb, ".");
    }
    sb_puts(sb, "</p>");
    if (v->timeline)
        sb_printf(sb, "<p>%zu rulings in effect, %zu upcoming.</p>", a->n_rulings,
                  timeline_count(v->timeline, LANE_UPCOMING));
    if (a->verdict == VERDICT_CLEAR || a->verdict == VERDICT_NO_MATCH)
        sb_puts(sb, "<p class=\"note\">This speaks only of the rule sets held here (<a "
                    "href=\"/v1/coverage\">coverage</a>), never of \xE2\x80\x9Cnot restricted "
                    "anywhere\xE2\x80\x9D.</p>");
    sb_puts(sb, "</section>\n");
}

/* The question's parameters as a query string (for the links to the same answer). */
static void query_of(const struct page_view *v, bool with_name, struct strbuf *sb)
{
    const char *keys[] = {"name", "identifier", "as_of", "jurisdiction"};
    const char *vals[] = {with_name ? v->name : NULL, with_name ? v->identifier : NULL,
                          v->as_of_text, v->jurisdiction};
    char sep = '?';
    for (size_t i = 0; i < 4; i++) {
        if (!vals[i] || !vals[i][0]) continue;
        sb_printf(sb, "%c%s=", sep, keys[i]);
        markup_query(sb, vals[i]);
        sep = '&';
    }
}

static void figure(const struct snapshot *s, const struct page_view *v, struct strbuf *sb)
{
    const struct timeline *t = v->timeline;
    sb_puts(sb, "<figure id=\"timeline\">");
    timeline_svg(s, t, false, sb);
    struct strbuf link = {0};
    sb_puts(&link, "/v1/subjects/");
    markup_query(&link, s->subjects[t->subject].rec->id);
    sb_puts(&link, "/timeline.svg");
    query_of(v, false, &link);
    sb_puts(sb, "<figcaption>Each lane a ruling reaching the subject, from when it takes effect "
                "to its end; the blue line is the date asked about. The picture alone: <a "
                "href=\"");
    markup_puts(sb, link.data);
    sb_puts(sb, "\">timeline.svg</a>.</figcaption></figure>\n<section id=\"rulings\"><h2>The "
                "rulings, with their sources</h2>\n");
    sb_free(&link);
    page_rulings(s, t, sb);
    sb_puts(sb, "</section>\n");
}

static void footer(const struct snapshot *s, const struct page_view *v, struct strbuf *sb)
{
    sb_printf(sb, "<footer><p>Data revision %lld.", (long long)s->revision);
    if (v->answer) {
        struct strbuf link = {0};
        sb_puts(&link, "/v1/check");
        query_of(v, true, &link);
        sb_puts(sb, " The same answer as JSON: <a href=\"");
        markup_puts(sb, link.data);
        sb_puts(sb, "\">/v1/check</a>.");
        sb_free(&link);
    }
    sb_puts(sb, " The API: <a href=\"/openapi.json\">openapi.json</a>.</p></footer>\n"
                "</body></html>\n");
}

void page_html(const struct snapshot *s, const struct page_view *v, struct strbuf *sb)
{
    head_and_form(v, sb);
    if (v->errors && v->errors->count) errors(v->errors, sb);
    if (v->answer) verdict(s, v, sb);
    if (v->timeline) figure(s, v, sb);
    footer(s, v, sb);
}
