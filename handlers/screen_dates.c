/* POST /v1/screen: the dates a component reports (released, built, installed, last opened,
 * the document's own) read into a row (handlers/screen.h; docs/decisions/0010). */
#include <stdio.h>
#include <string.h>

#include "handlers/screen.h"
#include "lib/timeutil.h"

/* Each date field: what its date means and the form it comes in. */
static const struct {
    enum screen_field field;
    enum screen_date_kind kind;
    enum screen_date_form form;
    const char *expect; /* said when it cannot be read */
} date_fields[] = {
    {SF_RELEASE_DATE, DATE_RELEASED, SCREEN_DATE_INSTANT, "an RFC 3339 date-time"},
    {SF_RELEASE_NOTES_TIME, DATE_RELEASED, SCREEN_DATE_INSTANT, "an RFC 3339 date-time"},
    {SF_BUILT_DATE, DATE_BUILT, SCREEN_DATE_INSTANT, "an RFC 3339 date-time"},
    {SF_INSTALL_DATE, DATE_INSTALLED, SCREEN_DATE_DAY, "a day as YYYYMMDD or YYYY-MM-DD"},
    {SF_INSTALL_TIME, DATE_INSTALLED, SCREEN_DATE_EPOCH, "seconds since 1970"},
    {SF_LAST_OPENED_TIME, DATE_LAST_OPENED, SCREEN_DATE_EPOCH, "seconds since 1970"},
};

/* Seconds since 1970: digits, an optional fraction (dropped); a leading '-' only for
 * osquery's "-1" (unknown). */
static enum screen_date_status parse_epoch(const char *s, size_t len, int64_t *at)
{
    size_t i = 0;
    bool negative = len > 0 && s[0] == '-';
    i += negative;
    int64_t v = 0;
    size_t digits = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (v > RD_TIME_MAX / 10) return SCREEN_DATE_BAD;
        v = v * 10 + (s[i] - '0');
    }
    if (i < len && s[i] == '.')
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            ;
    if (digits == 0 || i != len || v > RD_TIME_MAX) return SCREEN_DATE_BAD;
    if (negative && v != 1) return SCREEN_DATE_BAD; /* only osquery's -1 means unknown */
    if (negative || v == 0) return SCREEN_DATE_NONE;
    *at = v;
    return SCREEN_DATE_OK;
}

/* A day: YYYYMMDD (Windows Installer's InstallDate, as osquery's programs gives it) or
 * YYYY-MM-DD. */
static enum screen_date_status parse_day(const char *s, size_t len, int64_t *at)
{
    char buf[11];
    if (len == 8) {
        snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
    } else if (len == 10) {
        memcpy(buf, s, 10);
        buf[10] = '\0';
    } else {
        return SCREEN_DATE_BAD;
    }
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\0') return SCREEN_DATE_BAD;
    return rd_time_parse_date(buf, at) ? SCREEN_DATE_OK : SCREEN_DATE_BAD;
}

enum screen_date_status screen_date_parse(enum screen_date_form form, const char *s, size_t len,
                                          int64_t *at, bool *whole_day)
{
    char buf[64];
    if (len == 0) return SCREEN_DATE_NONE;
    if (len >= sizeof buf || memchr(s, '\0', len)) return SCREEN_DATE_BAD;
    *whole_day = false;
    switch (form) {
    case SCREEN_DATE_EPOCH:
        return parse_epoch(s, len, at);
    case SCREEN_DATE_DAY:
        *whole_day = true;
        return parse_day(s, len, at);
    case SCREEN_DATE_INSTANT:
    default:
        memcpy(buf, s, len);
        buf[len] = '\0';
        if (len == 10) {
            *whole_day = true;
            return rd_time_parse_date(buf, at) ? SCREEN_DATE_OK : SCREEN_DATE_BAD;
        }
        return rd_time_parse_instant(buf, at) ? SCREEN_DATE_OK : SCREEN_DATE_BAD;
    }
}

static void add(struct screen_dates *d, enum screen_date_kind kind, const char *field, int64_t at,
                bool whole_day)
{
    if (d->n < SCREEN_MAX_DATES) d->d[d->n++] = (struct screen_date){kind, field, at, whole_day};
}

void screen_dates_check(const struct screen_raw *raw, struct screen_row *row)
{
    for (size_t i = 0; i < sizeof date_fields / sizeof *date_fields; i++) {
        const struct screen_value *v = &raw->v[date_fields[i].field];
        if (!v->text) continue;
        const char *field = screen_field_names[date_fields[i].field];
        int64_t at = 0;
        bool whole_day = false;
        switch (screen_date_parse(date_fields[i].form, v->text, v->len, &at, &whole_day)) {
        case SCREEN_DATE_OK:
            add(&row->dates, date_fields[i].kind, field, at, whole_day);
            break;
        case SCREEN_DATE_NONE:
            break;
        case SCREEN_DATE_BAD:
        default:
            field_errors_add(&row->errors, field, "invalid_date", "must be %s",
                             date_fields[i].expect);
            break;
        }
    }
    if (raw->doc_field) add(&row->dates, DATE_DOCUMENTED, raw->doc_field, raw->doc_at, false);
}
