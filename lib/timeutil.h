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

#include "lib/error.h"

#define RD_TIME_BUFSZ 32

/* RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM). Fractions are
 * truncated to the second. Years 0001..9999. */
bool rd_time_parse_instant(const char *s, int64_t *out) RD_MUST_CHECK;

/* A bare date YYYY-MM-DD; `out` is its first second in UTC. */
bool rd_time_parse_date(const char *s, int64_t *out) RD_MUST_CHECK;

/* The `as_of` of a question: an RFC 3339 instant, or a bare date meaning the end of that
 * day in UTC (YYYY-MM-DDT23:59:59Z). `*was_date` tells which it was (may be NULL). */
bool rd_time_parse_as_of(const char *s, int64_t *out, bool *was_date) RD_MUST_CHECK;

/* Writes "YYYY-MM-DDTHH:MM:SSZ" (or "YYYY-MM-DD" with rd_date_format) into buf. */
void rd_time_format(int64_t t, char *buf, size_t size);
void rd_date_format(int64_t t, char *buf, size_t size);

int64_t rd_now(void);

#endif
