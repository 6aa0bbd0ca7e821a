#ifndef DB_SQL_TIME_H
#define DB_SQL_TIME_H
/*
 * Instants between SQL and C, to the microsecond, as PostgreSQL keeps them (the change log's
 * `at` above all: transaction time is asked to the microsecond, docs/decisions/0008). The C
 * side holds int64 microseconds since 1970 (lib/timeutil.h, rd_time_format_us).
 */

/* A timestamptz column or expression as microseconds since 1970, exactly (extract gives a
 * numeric). */
#define SQL_EPOCH_US(x) "(extract(epoch FROM " x ") * 1000000)::int8"

/* A parameter ("$1") of microseconds since 1970 as a timestamptz, exactly. */
#define SQL_FROM_US(param) "(timestamptz 'epoch' + " param "::int8 * interval '1 microsecond')"

#endif
