#include "lib/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (the civil-date
 * arithmetic of H. Hinnant's public-domain date algorithms). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Reads exactly n ASCII digits. */
static bool digits(const char *s, int n, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* Parses "YYYY-MM-DD" at s (year 0000 included: the caller judges the range); sets days
 * since the epoch and the year. A year of five digits or more is out of range rather than
 * malformed, so that its writer is told why. */
static enum rd_time_fault parse_ymd(const char *s, int64_t *days, unsigned *year)
{
    size_t n = strspn(s, "0123456789");
    if (n > 4 && s[n] == '-') return RD_TIME_OUT_OF_RANGE; /* 10000-01-01 */
    unsigned y, m, d;
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return RD_TIME_MALFORMED;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return RD_TIME_MALFORMED;
    *days = days_from_civil(y, m, d);
    *year = y;
    return RD_TIME_OK;
}

static enum rd_time_fault read_date(const char *s, int64_t *out)
{
    int64_t days;
    unsigned y;
    enum rd_time_fault f = parse_ymd(s, &days, &y);
    if (f == RD_TIME_OK && strlen(s) != 10) f = RD_TIME_MALFORMED;
    if (f == RD_TIME_OK && y < 1) f = RD_TIME_OUT_OF_RANGE;
    if (f == RD_TIME_OK) *out = days * 86400;
    return f;
}

bool rd_time_parse_date(const char *s, int64_t *out)
{
    return read_date(s, out) == RD_TIME_OK;
}

/* The zone at p: Z, or +HH:MM / -HH:MM (seconds to subtract from the local time); sets
 * *end after it. */
static bool parse_offset(const char *p, int64_t *offset, const char **end)
{
    if (*p == 'Z' || *p == 'z') {
        *offset = 0;
        *end = p + 1;
        return true;
    }
    unsigned oh, om;
    if ((*p != '+' && *p != '-') || !digits(p + 1, 2, &oh) || p[3] != ':' ||
        !digits(p + 4, 2, &om) || oh > 23 || om > 59)
        return false;
    *offset = (int64_t)(oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
    *end = p + 6;
    return true;
}

enum rd_time_fault rd_time_read_instant(const char *s, int64_t *out)
{
    int64_t days, offset;
    unsigned y, hh, mm, ss;
    enum rd_time_fault f = parse_ymd(s, &days, &y);
    if (f != RD_TIME_OK) return f;
    if (strlen(s) < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return RD_TIME_MALFORMED;
    if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm) || s[16] != ':' ||
        !digits(s + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
        return RD_TIME_MALFORMED;
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9') return RD_TIME_MALFORMED;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (!parse_offset(p, &offset, &p) || *p != '\0') return RD_TIME_MALFORMED;
    /* Well-formed from here: the faults below tell the writer what to change. */
    if (ss == 60) return RD_TIME_LEAP_SECOND;
    int64_t t = days * 86400 + hh * 3600 + mm * 60 + ss - offset;
    if (t < RD_TIME_MIN || t > RD_TIME_MAX) return RD_TIME_OUT_OF_RANGE;
    *out = t;
    return RD_TIME_OK;
}

bool rd_time_parse_instant(const char *s, int64_t *out)
{
    return rd_time_read_instant(s, out) == RD_TIME_OK;
}

enum rd_time_fault rd_time_read_instant_us(const char *s, int64_t *out_us)
{
    int64_t t;
    enum rd_time_fault f = rd_time_read_instant(s, &t);
    if (f != RD_TIME_OK) return f;
    int64_t frac = 0, scale = 100000;
    if (s[19] == '.') /* well-formed: digits follow */
        for (const char *p = s + 20; *p >= '0' && *p <= '9' && scale > 0; p++, scale /= 10)
            frac += (*p - '0') * scale;
    *out_us = t * 1000000 + frac;
    return RD_TIME_OK;
}

enum rd_time_fault rd_time_read_as_of(const char *s, int64_t *out, bool *was_date)
{
    int64_t t;
    bool date = strlen(s) == 10;
    enum rd_time_fault f = date ? read_date(s, &t) : rd_time_read_instant(s, &t);
    if (f != RD_TIME_OK) return f;
    *out = date ? t + 86399 : t;
    if (was_date) *was_date = date;
    return RD_TIME_OK;
}

bool rd_time_parse_as_of(const char *s, int64_t *out, bool *was_date)
{
    return rd_time_read_as_of(s, out, was_date) == RD_TIME_OK;
}

enum rd_time_fault rd_time_read_since(const char *s, int64_t *out)
{
    return strlen(s) == 10 ? read_date(s, out) : rd_time_read_instant(s, out);
}

const char *rd_time_fault_message(enum rd_time_fault f)
{
    switch (f) {
    case RD_TIME_OK:
        return NULL;
    case RD_TIME_OUT_OF_RANGE:
        return "is outside the years 0001 to 9999 in UTC (0001-01-01T00:00:00Z to "
               "9999-12-31T23:59:59Z, once its offset is applied)";
    case RD_TIME_LEAP_SECOND:
        return "names second 60 (a leap second), which is not accepted: give :59 of that "
               "minute or :00 of the next";
    case RD_TIME_MALFORMED:
        break;
    }
    return "is not an RFC 3339 instant such as 2024-07-20T04:00:00Z";
}

static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

/* Written by hand: this runs for every instant an answer echoes, mostly the same few (a
 * past answer's known_at twice: its header and its body), so each thread keeps its last. */
static _Thread_local int64_t last_t = INT64_MIN;
static _Thread_local char last_text[21];

void rd_time_format(int64_t t, char *buf, size_t size)
{
    if (t == last_t && size >= sizeof last_text) {
        memcpy(buf, last_text, sizeof last_text);
        return;
    }
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    unsigned secs = (unsigned)(t - days * 86400);
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999 || size < 21) { /* outside RFC 3339: rare, keep it simple */
        snprintf(buf, size, "%lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m % 100, d % 100,
                 secs / 3600 % 100, secs / 60 % 60, secs % 60);
        return;
    }
    put2(buf, (unsigned)(y / 100));
    put2(buf + 2, (unsigned)(y % 100));
    buf[4] = '-';
    put2(buf + 5, m);
    buf[7] = '-';
    put2(buf + 8, d);
    buf[10] = 'T';
    put2(buf + 11, secs / 3600);
    buf[13] = ':';
    put2(buf + 14, secs / 60 % 60);
    buf[16] = ':';
    put2(buf + 17, secs % 60);
    buf[19] = 'Z';
    buf[20] = '\0';
    memcpy(last_text, buf, sizeof last_text);
    last_t = t;
}

void rd_date_format(int64_t t, char *buf, size_t size)
{
    char full[RD_TIME_BUFSZ];
    rd_time_format(t, full, sizeof full);
    snprintf(buf, size, "%.10s", full);
}

void rd_time_format_us(int64_t us, char *buf, size_t size)
{
    int64_t sec = us / 1000000, frac = us % 1000000;
    if (frac < 0) sec--, frac += 1000000;
    rd_time_format(sec, buf, size);
    if (frac && size > 19) snprintf(buf + 19, size - 19, ".%06dZ", (int)frac);
}

int64_t rd_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t rd_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

void rd_deadline_ms(struct timespec *t, clockid_t clock, unsigned ms)
{
    clock_gettime(clock, t);
    t->tv_sec += (time_t)(ms / 1000);
    t->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}
