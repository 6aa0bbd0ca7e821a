/* POST /v1/screen: what the dates a component reports mean beside the rulings of its answer
 * (handlers/screen.h). Evidence for a reviewer; the verdict is unchanged
 * (docs/decisions/0010-version-evidence.md). */
#include <stdio.h>
#include <string.h>

#include "handlers/screen.h"
#include "lib/timeutil.h"

#define DAY 86400

static const char *const kind_names[DATE_KIND_COUNT] = {"released", "built", "installed",
                                                        "last_opened", "documented"};
/* the verb of a conclusion: "<verb> after X took effect" */
static const char *const kind_verbs[DATE_KIND_COUNT] = {"released", "built", "installed",
                                                        "last opened", "listed in a document made"};

enum relation_to { REL_BEFORE, REL_AFTER, REL_SAME_DAY };
static const char *const relation_names[] = {"before", "after", "same_day"};

/* How many of the rulings in effect the summary lists (the first CHECK_SUMMARY_RULINGS). */
static size_t listed(const struct check_summary *cs)
{
    return cs->n_rulings < CHECK_SUMMARY_RULINGS ? cs->n_rulings : CHECK_SUMMARY_RULINGS;
}

/* A ruling the dates are weighed against: it prohibits or restricts (advice and exemptions
 * say nothing about a release or an installation). */
static const struct rd_ruling *weighed(const struct snapshot *s, const struct check_summary *cs,
                                       size_t i)
{
    const struct rd_ruling *r = s->rulings[cs->rulings[i]].rec;
    return r->status == STATUS_PROHIBITED || r->status == STATUS_RESTRICTED ? r : NULL;
}

/* Where `d` stands to an instant: a whole day that contains it cannot be ordered. */
static enum relation_to relation(const struct screen_date *d, int64_t from)
{
    if (!d->whole_day) return d->at < from ? REL_BEFORE : REL_AFTER;
    if (d->at + DAY <= from) return REL_BEFORE;
    return d->at >= from ? REL_AFTER : REL_SAME_DAY;
}

static void date_text(const struct screen_date *d, char *buf, size_t size)
{
    if (d->whole_day)
        rd_date_format(d->at, buf, size);
    else
        rd_time_format(d->at, buf, size);
}

/* The conclusion in words: how many of the weighed rulings it follows (the latest named),
 * precedes (the first named), and a ruling whose day it shares (a day cannot be ordered). */
static void conclusion(struct strbuf *sb, const struct snapshot *s, const struct check_summary *cs,
                       const struct screen_date *d)
{
    const struct rd_ruling *after = NULL, *same = NULL, *before = NULL;
    size_t n = 0, n_after = 0, n_before = 0;
    for (size_t i = 0; i < listed(cs); i++) { /* oldest first: the last after is the latest */
        const struct rd_ruling *r = weighed(s, cs, i);
        if (!r) continue;
        n++;
        enum relation_to rel = relation(d, r->effective_from);
        if (rel == REL_AFTER) after = r, n_after++;
        if (rel == REL_BEFORE && !n_before++) before = r;
        if (rel == REL_SAME_DAY && !same) same = r;
    }
    const char *verb = kind_verbs[d->kind];
    char day[RD_TIME_BUFSZ];
    if (n == 0) {
        sb_printf(sb, "%s; no prohibiting or restricting ruling in effect to weigh it against",
                  verb);
        return;
    }
    sb_puts(sb, verb);
    if (after) {
        rd_date_format(after->effective_from, day, sizeof day);
        if (n_after == n)
            sb_printf(sb, " after all %zu rulings in effect took effect", n);
        else
            sb_printf(sb, " after %zu of the %zu rulings in effect took effect", n_after, n);
        sb_printf(sb, ", the latest %s (%s)", after->id, day);
    }
    if (before) {
        rd_date_format(before->effective_from, day, sizeof day);
        if (n_before == n)
            sb_printf(sb, " before all %zu rulings in effect took effect", n);
        else
            sb_printf(sb, "%s before %zu of the %zu rulings in effect", after ? ";" : "", n_before,
                      n);
        sb_printf(sb, ", the first %s (%s)", before->id, day);
    }
    if (same) {
        rd_date_format(same->effective_from, day, sizeof day);
        sb_printf(sb, "%s on the day %s took effect (%s), which a day alone cannot order",
                  after || before ? ";" : "", same->id, day);
    }
}

static void write_rulings(struct jw *w, const struct snapshot *s, const struct check_summary *cs,
                          const struct screen_date *d)
{
    char when[RD_TIME_BUFSZ];
    jw_key(w, "rulings");
    jw_array_begin(w);
    for (size_t i = 0; i < listed(cs); i++) {
        const struct rd_ruling *r = weighed(s, cs, i);
        if (!r) continue;
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "id", r->id);
        JW_MEMBER_STRING(w, "status", enum_name(&STATUSES, (int)r->status));
        JW_MEMBER_STRING(w, "measure", r->measure_code);
        rd_time_format(r->effective_from, when, sizeof when);
        JW_MEMBER_STRING(w, "effective_from", when);
        JW_MEMBER_STRING(w, "relation", relation_names[relation(d, r->effective_from)]);
        jw_object_end(w);
    }
    jw_array_end(w);
}

void screen_evidence_write(struct jw *w, const struct snapshot *s, const struct screen_row *row,
                           const struct check_summary *cs)
{
    if (row->dates.n == 0 || !cs->matched) return;
    struct strbuf text = {0};
    char date[RD_TIME_BUFSZ];
    jw_key(w, "version_evidence");
    jw_array_begin(w);
    for (size_t i = 0; i < row->dates.n; i++) {
        const struct screen_date *d = &row->dates.d[i];
        jw_object_begin(w);
        JW_MEMBER_STRING(w, "field", d->field);
        JW_MEMBER_STRING(w, "kind", kind_names[d->kind]);
        date_text(d, date, sizeof date);
        JW_MEMBER_STRING(w, "date", date);
        write_rulings(w, s, cs, d);
        text.len = 0;
        conclusion(&text, s, cs, d);
        JW_MEMBER_STRING(w, "conclusion", text.data ? text.data : "");
        jw_object_end(w);
    }
    jw_array_end(w);
    sb_free(&text);
}

void screen_evidence_text(struct strbuf *sb, const struct snapshot *s, const struct screen_row *row,
                          const struct check_summary *cs)
{
    char date[RD_TIME_BUFSZ];
    for (size_t i = 0; cs->matched && i < row->dates.n; i++) {
        const struct screen_date *d = &row->dates.d[i];
        date_text(d, date, sizeof date);
        sb_printf(sb, "%s%s %s: ", i ? "; " : "", d->field, date);
        conclusion(sb, s, cs, d);
    }
}
