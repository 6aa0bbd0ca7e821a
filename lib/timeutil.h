#ifndef LIB_TIMEUTIL_H
#define LIB_TIMEUTIL_H
/*
 * Instants are int64 seconds since 1970-01-01T00:00:00Z. Rulings take effect at
 * instants, never at bare dates; a bare date is accepted only where a person asks
 * "as of which day", and then means the last second of that day in UTC.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/error.h"

#define RD_TIME_BUFSZ 32

/* The instants this program takes and keeps: years 0001 to 9999 in UTC, so that every one
 * is written back as RFC 3339 with a four-digit year and PostgreSQL stores each (a backup
 * restores). 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define RD_TIME_MIN INT64_C(-62135596800)
#define RD_TIME_MAX INT64_C(253402300799)

/* Why a text is not an instant (or a date) taken here; the one validation of every instant
 * the program reads (admin bodies, data sets, query parameters, the command line). */
enum rd_time_fault {
    RD_TIME_OK = 0,
    RD_TIME_MALFORMED,    /* not the form, or no such day, hour, minute or offset */
    RD_TIME_OUT_OF_RANGE, /* outside RD_TIME_MIN..RD_TIME_MAX once the offset is applied */
    RD_TIME_LEAP_SECOND,  /* second 60: refused rather than moved (the time base has none) */
};

/* RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM). Fractions are
 * truncated to the second. In range in UTC (so 9999-12-31T23:59:59-00:01 is refused, and
 * 0000-12-31T23:00:00-01:00 taken); second 60 is refused. `out` is written only on
 * RD_TIME_OK. */
enum rd_time_fault rd_time_read_instant(const char *s, int64_t *out) RD_MUST_CHECK;
bool rd_time_parse_instant(const char *s, int64_t *out) RD_MUST_CHECK; /* read == OK */
/* The same instant in microseconds since the epoch, its fraction kept to six digits (the
 * change log's instants are PostgreSQL's, no finer): transaction time ("known at") is asked
 * to the microsecond, for two writes may fall within one second. */
enum rd_time_fault rd_time_read_instant_us(const char *s, int64_t *out_us) RD_MUST_CHECK;

/* A bare date YYYY-MM-DD, years 0001..9999; `out` is its first second in UTC. */
bool rd_time_parse_date(const char *s, int64_t *out) RD_MUST_CHECK;

/* The `as_of` of a question: an RFC 3339 instant, or a bare date meaning the end of that
 * day in UTC (YYYY-MM-DDT23:59:59Z). `*was_date` tells which it was (may be NULL). */
enum rd_time_fault rd_time_read_as_of(const char *s, int64_t *out, bool *was_date) RD_MUST_CHECK;
bool rd_time_parse_as_of(const char *s, int64_t *out, bool *was_date) RD_MUST_CHECK;

/* A `since` of a query: an RFC 3339 instant, or a bare date meaning its first second in
 * UTC. */
enum rd_time_fault rd_time_read_since(const char *s, int64_t *out) RD_MUST_CHECK;

/* What is wrong, to follow a field's name in a client's message ("is outside the years
 * 0001 to 9999 ..."); a static string, NULL for RD_TIME_OK. For RD_TIME_MALFORMED callers
 * usually say which forms they take instead. */
const char *rd_time_fault_message(enum rd_time_fault f);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" (or "YYYY-MM-DD" with rd_date_format) into buf. */
void rd_time_format(int64_t t, char *buf, size_t size);
void rd_date_format(int64_t t, char *buf, size_t size);
/* Writes an instant in microseconds, "YYYY-MM-DDTHH:MM:SS[.ffffff]Z": the fraction only
 * when there is one, so that a whole second reads as rd_time_format writes it. */
#define RD_TIME_US_BUFSZ 40
void rd_time_format_us(int64_t us, char *buf, size_t size);

int64_t rd_now(void);
int64_t rd_now_us(void);

/* `*t` = now on `clock` plus `ms` milliseconds: a deadline for pthread_cond_timedwait. */
void rd_deadline_ms(struct timespec *t, clockid_t clock, unsigned ms);

#endif
