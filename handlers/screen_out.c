/* POST /v1/screen: the answer's rows and summary, in JSON, NDJSON or CSV (docs/screening.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/receipt_sign.h"
#include "handlers/screen.h"
#include "rulings/coverage.h"
#include "lib/csv.h"
#include "rulings/evaluate.h"
#include "lib/jsonw.h"
#include "lib/timeutil.h"
#include "lib/utf8.h"
#include "server/problem.h"

static const char csv_header[] =
    "row,ref,name,as_of,verdict,restricted,since,match_id,match_name,score,rulings,error";
/* SBOM and inventory answers: how each component was identified, and what its dates mean */
static const char csv_software_header[] =
    ",identified_by,identified_field,identifier,version_evidence";

/* ---- shared ---- */

static void json_ref(struct jw *w, const struct screen_raw *raw, const struct screen_row *row)
{
    const struct screen_value *ref = &raw->v[SF_REF];
    jw_key(w, "ref");
    if (!ref->text || !row->ref_ok)
        jw_null(w);
    else if (ref->is_number)
        jw_raw(w, ref->text, ref->len);
    else
        jw_string_n(w, ref->text, ref->len);
}

/* Every text cell, echoed from the input or read from the data (a stored name such as
 * "=HYPERLINK(...)" is as dangerous as one sent): a leading = + - @ (or tab, CR) would make
 * a spreadsheet run it as a formula, so such a cell is written with a leading apostrophe
 * (OWASP's advice for CSV injection). */
static void csv_text(struct strbuf *sb, const char *s, size_t len)
{
    if (len > 0 && strchr("=+-@\t\r", s[0])) {
        struct strbuf tmp = {0};
        sb_putc(&tmp, '\'');
        sb_append(&tmp, s, len);
        csv_write_field(sb, tmp.data ? tmp.data : "", tmp.len);
        sb_free(&tmp);
        return;
    }
    csv_write_field(sb, s, len);
}

static void csv_ref(struct strbuf *sb, const struct screen_raw *raw, const struct screen_row *row)
{
    const struct screen_value *ref = &raw->v[SF_REF];
    if (ref->text && row->ref_ok) csv_text(sb, ref->text, ref->len);
}

static void csv_time(struct strbuf *sb, int64_t t)
{
    char buf[RD_TIME_BUFSZ];
    rd_time_format(t, buf, sizeof buf);
    sb_puts(sb, buf);
}

/* A row of a JSON or NDJSON answer: {"row": N, "ref": ..., then the caller's members. */
static void json_row_begin(struct jw *w, struct strbuf *sb, enum screen_format f,
                           const struct screen_raw *raw, const struct screen_row *row,
                           const struct screen_totals *t)
{
    if (f == SCREEN_JSON && (t->rows || t->continued)) sb_putc(sb, ',');
    jw_init(w, sb);
    jw_object_begin(w);
    JW_MEMBER_INT(w, "row", (long long)raw->row);
    json_ref(w, raw, row);
}

static void json_row_end(struct jw *w, enum screen_format f)
{
    jw_object_end(w);
    if (f == SCREEN_NDJSON) sb_putc(w->sb, '\n');
}

void screen_out_begin(struct strbuf *sb, enum screen_format f, const struct snapshot *s,
                      bool software)
{
    if (f == SCREEN_JSON) sb_printf(sb, "{\"revision\":%lld,\"rows\":[", (long long)s->revision);
    if (f == SCREEN_CSV) sb_printf(sb, "%s%s\r\n", csv_header, software ? csv_software_header : "");
}

/* ---- a screened row ---- */

/* The software columns of a CSV row: identified_by's method, field and identifier, and the
 * version evidence (screen_identified_write, screen_evidence_write say the same in JSON). */
static void csv_software(struct strbuf *sb, const struct snapshot *s, const struct screen_row *row,
                         const struct check_summary *cs)
{
    const char *method = screen_identified_method(row, cs);
    sb_printf(sb, ",%s,", method);
    if (strcmp(method, "none") != 0) sb_puts(sb, row->identified.from);
    sb_putc(sb, ',');
    csv_text(sb, row->identified.key, strlen(row->identified.key));
    sb_putc(sb, ',');
    struct strbuf ev = {0};
    screen_evidence_text(&ev, s, row, cs);
    csv_text(sb, ev.data ? ev.data : "", ev.len);
    sb_free(&ev);
}

static void csv_result(struct strbuf *sb, const struct snapshot *s, const struct screen_raw *raw,
                       const struct screen_row *row, const struct check_summary *cs, bool software)
{
    sb_printf(sb, "%zu,", raw->row);
    csv_ref(sb, raw, row);
    sb_putc(sb, ',');
    csv_text(sb, row->q.name, row->q.name_len);
    sb_putc(sb, ',');
    csv_time(sb, row->q.as_of);
    sb_printf(sb, ",%s,%s,", enum_name(&VERDICTS, cs->verdict),
              cs->verdict == VERDICT_RESTRICTED ? "true" : "false");
    if (cs->has_since) csv_time(sb, cs->since);
    sb_putc(sb, ',');
    if (cs->matched) {
        const struct rd_subject *sub = s->subjects[cs->subject].rec;
        csv_text(sb, sub->id, strlen(sub->id));
        sb_putc(sb, ',');
        csv_text(sb, sub->name, strlen(sub->name));
        sb_printf(sb, ",%.3f,", cs->score);
    } else {
        sb_puts(sb, ",,,");
    }
    /* ids are slugs (no spaces, commas or quotes): a space-separated list needs no quoting */
    for (size_t i = 0; i < cs->n_rulings && i < CHECK_SUMMARY_RULINGS; i++)
        sb_printf(sb, "%s%s", i ? " " : "", s->rulings[cs->rulings[i]].rec->id);
    if (cs->n_rulings > CHECK_SUMMARY_RULINGS)
        sb_printf(sb, " (+%zu more)", cs->n_rulings - CHECK_SUMMARY_RULINGS);
    sb_putc(sb, ',');
    if (software) csv_software(sb, s, row, cs);
    sb_puts(sb, "\r\n");
}

/* receipt=true: the row's "receipt", of the result written from `from` on (a failure ends
 * the stream, as running out of memory does). */
static void json_receipt(struct jw *w, const struct snapshot *s, const struct screen_row *row,
                         bool compact, const struct screen_totals *t, size_t from)
{
    if (!t->sign || w->sb->failed) return;
    struct strbuf r = {0};
    struct rd_error err = {0};
    char hex[RECEIPT_SHA256_HEX] = "";
    if (receipt_make(&r, t->sign, s, RECEIPT_SCREEN_ROW, &row->q, compact, w->sb->data + from,
                     w->sb->len - from, hex, &err)) {
        JW_KEY(w, "receipt");
        jw_raw(w, r.data, r.len);
    } else {
        w->sb->failed = true;
    }
    sb_free(&r);
}

/* A row in the compact view: asked for, or past the bound of the answer. */
static void json_compact_row(struct strbuf *sb, enum screen_format f, const struct snapshot *s,
                             const struct screen_raw *raw, const struct screen_row *row,
                             const struct screen_totals *t, const struct check_summary *cs)
{
    struct jw w;
    json_row_begin(&w, sb, f, raw, row, t);
    jw_key(&w, "result");
    size_t from = sb->len;
    check_compact_write(&w, s, cs);
    json_receipt(&w, s, row, true, t, from);
    if (row->software) {
        screen_identified_write(&w, s, row, cs);
        screen_evidence_write(&w, s, row, cs);
    }
    json_row_end(&w, f);
}

/* A software row found restricted or advisory, kept for the summary. */
struct screen_flagged *screen_flagged_add(struct screen_totals *t)
{
    if (t->n_flagged == t->flagged_cap && t->flagged_cap < SCREEN_MAX_FLAGGED) {
        size_t cap = t->flagged_cap ? t->flagged_cap * 4 : 16;
        if (cap > SCREEN_MAX_FLAGGED) cap = SCREEN_MAX_FLAGGED;
        struct screen_flagged *more = realloc(t->flagged, cap * sizeof *more);
        if (more) t->flagged = more, t->flagged_cap = cap;
    }
    if (t->n_flagged == t->flagged_cap) {
        t->flagged_dropped++;
        return NULL;
    }
    return &t->flagged[t->n_flagged++];
}

static void flag(struct screen_totals *t, const struct screen_raw *raw,
                 const struct screen_row *row, const struct check_summary *cs)
{
    if (!row->software || (cs->verdict != VERDICT_RESTRICTED && cs->verdict != VERDICT_ADVISORY))
        return;
    struct screen_flagged *fl = screen_flagged_add(t);
    if (!fl) return;
    const struct screen_value *name = &raw->v[SF_NAME], *ref = &raw->v[SF_REF];
    *fl =
        (struct screen_flagged){raw->row, cs->verdict, cs->subject, row->identified.method, "", ""};
    utf8_sanitize(fl->name, sizeof fl->name, name->text ? name->text : "", name->len);
    if (ref->text && row->ref_ok) utf8_sanitize(fl->ref, sizeof fl->ref, ref->text, ref->len);
}

bool screen_out_result(struct strbuf *sb, enum screen_format f, const struct snapshot *s,
                       const struct screen_raw *raw, const struct screen_row *row,
                       struct screen_totals *t)
{
    size_t mark = sb->len;
    struct check_summary cs;
    enum check_status st;
    if (f == SCREEN_CSV) {
        st = check_answer(s, &row->q, NULL, &cs);
        if (st == CHECK_OK) csv_result(sb, s, raw, row, &cs, t->software);
    } else if (t->compact || t->written >= t->full_budget) {
        st = check_answer(s, &row->q, NULL, &cs);
        if (st == CHECK_OK) json_compact_row(sb, f, s, raw, row, t, &cs);
        t->summarised += st == CHECK_OK && !t->compact;
    } else {
        struct jw w;
        json_row_begin(&w, sb, f, raw, row, t);
        jw_key(&w, "result");
        size_t from = sb->len;
        st = check_answer(s, &row->q, &w, &cs);
        if (st == CHECK_OK) json_receipt(&w, s, row, false, t, from);
        if (st == CHECK_OK && row->software) {
            screen_identified_write(&w, s, row, &cs);
            screen_evidence_write(&w, s, row, &cs);
        }
        json_row_end(&w, f);
    }
    t->written += sb->len - mark;
    if (st == CHECK_NO_MEMORY) sb->failed = true; /* ends the stream: the client sees an error */
    if (st != CHECK_OK) {
        if (!sb->failed && sb->data) sb->data[sb->len = mark] = '\0';
        return false;
    }
    t->rows++;
    if (cs.verdict >= 0 && cs.verdict < VERDICT_COUNT) t->by_verdict[cs.verdict]++;
    flag(t, raw, row, &cs);
    return true;
}

/* ---- a row that could not be screened ---- */

void screen_out_error(struct strbuf *sb, enum screen_format f, const struct screen_raw *raw,
                      const struct screen_row *row, struct screen_totals *t)
{
    const struct screen_value *name = &raw->v[SF_NAME];
    char safe[SCREEN_MAX_NAME + 64];
    utf8_sanitize(safe, sizeof safe, name->text ? name->text : "", name->text ? name->len : 0);
    const struct field_errors *fe = &row->errors;
    if (f == SCREEN_CSV) {
        sb_printf(sb, "%zu,", raw->row);
        csv_ref(sb, raw, row);
        sb_putc(sb, ',');
        csv_text(sb, safe, strlen(safe));
        sb_puts(sb, ",,error,,,,,,,");
        struct strbuf msg = {0};
        for (size_t i = 0; i < fe->count; i++)
            sb_printf(&msg, "%s%s: %s", i ? "; " : "", fe->items[i].field, fe->items[i].message);
        if (fe->dropped) sb_printf(&msg, "; and %zu more", fe->dropped);
        csv_text(sb, msg.data ? msg.data : "", msg.len);
        sb_free(&msg);
        sb_puts(sb, t->software ? ",,,,\r\n" : "\r\n");
    } else {
        struct jw w;
        json_row_begin(&w, sb, f, raw, row, t);
        JW_MEMBER_STRING(&w, "name", name->text ? safe : NULL);
        jw_key(&w, "errors");
        problem_write_errors(&w, fe);
        json_row_end(&w, f);
    }
    t->rows++;
    t->errors++;
}

/* ---- the summary ---- */

/* The software rows found restricted, then advisory: what a reviewer looks at first. */
static void json_flagged(struct jw *w, const struct snapshot *s, const struct screen_totals *t)
{
    static const char *const methods[] = {"none", "identifier", "publisher", "name"};
    jw_key(w, "flagged_components");
    jw_array_begin(w);
    for (int pass = 0; pass < 2; pass++) {
        int want = pass == 0 ? VERDICT_RESTRICTED : VERDICT_ADVISORY;
        for (size_t i = 0; i < t->n_flagged; i++) {
            const struct screen_flagged *fl = &t->flagged[i];
            if (fl->verdict != want) continue;
            jw_object_begin(w);
            JW_MEMBER_INT(w, "row", (long long)fl->row);
            JW_MEMBER_STRING(w, "ref", fl->ref[0] ? fl->ref : NULL);
            JW_MEMBER_STRING(w, "name", fl->name);
            JW_MEMBER_STRING(w, "verdict", enum_name(&VERDICTS, fl->verdict));
            JW_MEMBER_STRING(w, "match_id", s->subjects[fl->subject].rec->id);
            JW_MEMBER_STRING(w, "identified_by", methods[fl->method]);
            jw_object_end(w);
        }
    }
    jw_array_end(w);
    JW_MEMBER_INT(w, "flagged_components_not_listed", (long long)t->flagged_dropped);
}

static void json_summary(struct jw *w, const struct snapshot *s, const struct screen_totals *t,
                         double elapsed_ms, const struct screen_reader *r)
{
    jw_object_begin(w);
    JW_MEMBER_INT(w, "rows", (long long)t->rows);
    for (int v = 0; v < VERDICT_COUNT; v++) {
        jw_key(w, enum_name(&VERDICTS, v));
        jw_int(w, (long long)t->by_verdict[v]);
    }
    JW_MEMBER_INT(w, "errors", (long long)t->errors);
    /* rows answered in their summary form, past the bound of the answer */
    JW_MEMBER_INT(w, "summarised", (long long)t->summarised);
    JW_MEMBER_INT(w, "full_answer_bytes_limit", (long long)t->full_budget);
    JW_MEMBER_INT(w, "revision", s->revision);
    jw_key(w, "elapsed_ms");
    jw_double(w, elapsed_ms);
    jw_key(w, "ignored_columns");
    jw_array_begin(w);
    for (size_t i = 0; i < r->n_ignored; i++)
        jw_string(w, r->ignored[i]);
    jw_array_end(w);
    json_flagged(w, s, t);
    /* once for the whole list, not in every row: every rule set, and the category rule sets
     * that apply only to rows stating their category */
    render_coverage(w, s, NULL, NULL);
    jw_object_end(w);
}

void screen_out_end(struct strbuf *sb, enum screen_format f, const struct snapshot *s,
                    const struct screen_totals *t, double elapsed_ms, const struct screen_reader *r,
                    bool summary_row)
{
    struct jw w;
    jw_init(&w, sb);
    switch (f) {
    case SCREEN_JSON:
        sb_puts(sb, "],\"summary\":");
        json_summary(&w, s, t, elapsed_ms, r);
        sb_putc(sb, '}');
        break;
    case SCREEN_NDJSON:
        sb_puts(sb, "{\"summary\":");
        json_summary(&w, s, t, elapsed_ms, r);
        sb_puts(sb, "}\n");
        break;
    case SCREEN_CSV:
    default:
        /* Plain RFC 4180: the summary goes in the trailer; a last row only when asked, one
         * comment field (no commas or quotes) so that a reader that does not skip comments
         * sees one odd row, not a broken file. */
        if (summary_row) {
            sb_puts(sb, "# summary: ");
            screen_csv_summary(sb, s, t, elapsed_ms, r);
            sb_puts(sb, "\r\n");
        }
        break;
    }
}

void screen_csv_summary(struct strbuf *sb, const struct snapshot *s, const struct screen_totals *t,
                        double elapsed_ms, const struct screen_reader *r)
{
    sb_printf(sb,
              "rows=%zu; restricted=%zu; advisory=%zu; clear=%zu; no_match=%zu; errors=%zu; "
              "summarised=%zu; revision=%lld; elapsed_ms=%.3f",
              t->rows, t->by_verdict[VERDICT_RESTRICTED], t->by_verdict[VERDICT_ADVISORY],
              t->by_verdict[VERDICT_CLEAR], t->by_verdict[VERDICT_NO_MATCH], t->errors,
              t->summarised, (long long)s->revision, elapsed_ms);
    for (size_t i = 0; i < r->n_ignored; i++) {
        sb_puts(sb, i ? "|" : "; ignored_columns=");
        for (const char *c = r->ignored[i]; *c; c++)
            sb_putc(sb, *c == ',' || *c == '"' || *c == '|' || (unsigned char)*c < 0x20 ? '_' : *c);
    }
}
