/* timeutil: RFC 3339 instants, bare dates, as_of, formatting round-trips (also before 1970). */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/timeutil.h"

#define JUL20_04Z INT64_C(1721448000) /* 2024-07-20T04:00:00Z */
#define JUL20_00Z INT64_C(1721433600) /* 2024-07-20T00:00:00Z */

Test(time, valid_instants)
{
    static const struct {
        const char *in;
        int64_t want;
    } cases[] = {
        {"2024-07-20T04:00:00Z", JUL20_04Z},
        {"2024-07-20T00:00:00-04:00", JUL20_04Z},
        {"2024-07-19T23:00:00-05:00", JUL20_04Z},
        {"2024-07-20T06:00:00+02:00", JUL20_04Z},
        {"2024-07-20T09:30:00+05:30", JUL20_04Z},
        {"2024-07-20T04:00:00+00:00", JUL20_04Z},
        {"2024-07-20T04:00:00-00:00", JUL20_04Z},
        {"2024-07-20T04:00:00.5Z", JUL20_04Z},
        {"2024-07-20T04:00:00.999999999Z", JUL20_04Z}, /* truncated, not rounded */
        {"2024-07-20T06:00:00.123+02:00", JUL20_04Z},
        {"2024-07-20t04:00:00z", JUL20_04Z},
        {"2024-07-20T00:00:00Z", JUL20_00Z},
        {"2024-02-29T12:00:00Z", INT64_C(1709208000)}, /* leap year */
        {"2000-02-29T00:00:00Z", INT64_C(951782400)},  /* divisible by 400 */
        {"1970-01-01T00:00:00Z", 0},
        {"1970-01-01T01:00:00+01:00", 0},
        {"1969-12-31T23:59:59Z", -1},
        {"1969-07-20T20:17:40Z", INT64_C(-14182940)},
        {"0001-01-01T00:00:00Z", INT64_C(-62135596800)},
        {"9999-12-31T23:59:59Z", INT64_C(253402300799)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = 42;
        bool ok = rd_time_parse_instant(cases[i].in, &t);
        cr_expect(ok, "%s rejected", cases[i].in);
        cr_expect_eq(t, cases[i].want, "%s -> %lld, want %lld", cases[i].in, (long long)t,
                     (long long)cases[i].want);
    }
}

Test(time, invalid_instants)
{
    static const char *const cases[] = {
        "",
        "garbage",
        "2024-07-20",            /* a bare date is not an instant */
        "2024-07-20T04:00:00",   /* missing zone */
        "2024-07-20T04:00Z",     /* missing seconds */
        "2024-07-20T04:00:00ZZ", /* trailing characters */
        "2024-07-20T04:00:00Z ",
        "2024-07-20T04:00:00+02:00x",
        "2024-07-20T04:00:00+0200", /* offset without colon */
        "2024-07-20T04:00:00+02",
        "2024-07-20T04:00:00+24:00",
        "2024-07-20T04:00:00-05:60",
        "2024-07-20T04:00:00.Z", /* empty fraction */
        "2024-07-20T04:00:00,5Z",
        "2024-13-01T00:00:00Z", /* month 13 */
        "2024-00-10T00:00:00Z",
        "2024-02-30T00:00:00Z", /* Feb 30 */
        "2023-02-29T00:00:00Z", /* not a leap year */
        "1900-02-29T00:00:00Z", /* century, not a leap year */
        "2024-04-31T00:00:00Z",
        "2024-07-00T00:00:00Z",
        "2024-07-32T00:00:00Z",
        "0000-01-01T00:00:00Z", /* year 0000 */
        "2024-07-20T24:00:00Z",
        "2024-07-20T23:60:00Z",
        "2024-07-20T23:59:61Z",
        "2024-7-20T04:00:00Z",
        "2024-07-20X04:00:00Z",
        "+2024-07-20T04:00:00Z",
        "20240720T040000Z",
        "2024-07-20T04:00:00\xEF\xBC\xBA", /* full-width Z */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = 42;
        cr_expect(!rd_time_parse_instant(cases[i], &t), "accepted \"%s\" as %lld", cases[i],
                  (long long)t);
        cr_expect_eq(t, 42, "\"%s\" wrote the output on failure", cases[i]);
    }
}

Test(time, dates)
{
    int64_t t = 0;
    cr_expect(rd_time_parse_date("2024-07-20", &t));
    cr_expect_eq(t, JUL20_00Z);
    cr_expect(rd_time_parse_date("2024-02-29", &t));
    cr_expect(rd_time_parse_date("1969-12-31", &t));
    cr_expect_eq(t, -86400);
    static const char *const bad[] = {"",           "2024-07-2",   "2024-7-20",
                                      "20240720",   "2024-07-20 ", "2024-07-20T00:00:00Z",
                                      "2023-02-29", "2024-02-30",  "2024-13-01",
                                      "0000-01-01", "2024/07/20"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect(!rd_time_parse_date(bad[i], &t), "accepted date \"%s\"", bad[i]);
}

Test(time, as_of_bare_date_is_end_of_day_utc)
{
    int64_t t = 0;
    bool was_date = false;
    cr_assert(rd_time_parse_as_of("2024-07-20", &t, &was_date));
    cr_expect(was_date);
    cr_expect_eq(t, JUL20_00Z + 86399);
    char buf[RD_TIME_BUFSZ];
    rd_time_format(t, buf, sizeof buf);
    cr_expect_str_eq(buf, "2024-07-20T23:59:59Z");

    cr_assert(rd_time_parse_as_of("2024-07-20T04:00:00Z", &t, &was_date));
    cr_expect(!was_date);
    cr_expect_eq(t, JUL20_04Z);
    cr_assert(rd_time_parse_as_of("2024-07-20T00:00:00-04:00", &t, NULL));
    cr_expect_eq(t, JUL20_04Z);

    cr_expect(!rd_time_parse_as_of("2024-02-30", &t, &was_date));
    cr_expect(!rd_time_parse_as_of("2024-07-20T04:00:00", &t, &was_date));
    cr_expect(!rd_time_parse_as_of("yesterday", &t, NULL));
}

Test(time, format_known_values)
{
    static const struct {
        int64_t t;
        const char *want;
    } cases[] = {
        {0, "1970-01-01T00:00:00Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {-86400, "1969-12-31T00:00:00Z"},
        {-86401, "1969-12-30T23:59:59Z"},
        {JUL20_04Z, "2024-07-20T04:00:00Z"},
        {INT64_C(-62135596800), "0001-01-01T00:00:00Z"},
        {INT64_C(253402300799), "9999-12-31T23:59:59Z"},
        {INT64_C(951868799), "2000-02-29T23:59:59Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[RD_TIME_BUFSZ], date[RD_TIME_BUFSZ];
        rd_time_format(cases[i].t, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[i].want, "%lld -> %s", (long long)cases[i].t, buf);
        rd_date_format(cases[i].t, date, sizeof date);
        cr_expect_eq(strlen(date), 10);
        cr_expect_eq(strncmp(date, cases[i].want, 10), 0, "date %s", date);
    }
}

Test(time, format_parse_round_trip)
{
    static const char *const fixed[] = {
        "1969-07-20T20:17:40Z", "1900-01-01T00:00:00Z", "1600-02-29T12:34:56Z",
        "1899-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2024-07-20T04:00:00Z",
        "2038-01-19T03:14:08Z", "9999-12-31T23:59:59Z",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        int64_t t;
        char buf[RD_TIME_BUFSZ];
        cr_assert(rd_time_parse_instant(fixed[i], &t), "%s", fixed[i]);
        rd_time_format(t, buf, sizeof buf);
        cr_expect_str_eq(buf, fixed[i]);
    }
    /* A sweep across year 1 .. 9999 in steps that hit every second of the day. */
    int64_t lo = INT64_C(-62135596800), hi = INT64_C(253402300799);
    for (int64_t t = lo; t <= hi; t += INT64_C(99990001)) {
        char buf[RD_TIME_BUFSZ];
        int64_t back = 0;
        rd_time_format(t, buf, sizeof buf);
        cr_assert(rd_time_parse_instant(buf, &back), "formatted %lld as %s", (long long)t, buf);
        cr_assert_eq(back, t, "%lld -> %s -> %lld", (long long)t, buf, (long long)back);
    }
}

/* The one range of instants (years 0001..9999 in UTC, after the offset) and second 60. */
Test(time, range_and_leap_second)
{
    static const struct {
        const char *in;
        enum rd_time_fault want;
        int64_t t; /* when RD_TIME_OK */
    } cases[] = {
        {"0001-01-01T00:00:00Z", RD_TIME_OK, RD_TIME_MIN},
        {"0001-01-01T01:00:00+01:00", RD_TIME_OK, RD_TIME_MIN},
        {"0000-12-31T23:00:00-01:00", RD_TIME_OK, RD_TIME_MIN}, /* year 1 in UTC */
        {"0000-12-31T23:59:59Z", RD_TIME_OUT_OF_RANGE, 0},
        {"0001-01-01T00:30:00+01:00", RD_TIME_OUT_OF_RANGE, 0}, /* year 0 in UTC */
        {"0000-01-01T00:00:00Z", RD_TIME_OUT_OF_RANGE, 0},
        {"9999-12-31T23:59:59Z", RD_TIME_OK, RD_TIME_MAX},
        {"9999-12-31T23:59:59.999Z", RD_TIME_OK, RD_TIME_MAX},
        {"9999-12-31T22:59:59-01:00", RD_TIME_OK, RD_TIME_MAX},
        {"9999-12-31T23:59:59-00:01", RD_TIME_OUT_OF_RANGE, 0}, /* 10000-01-01T00:00:59Z */
        {"9999-12-31T23:30:00-01:00", RD_TIME_OUT_OF_RANGE, 0},
        {"10000-01-01T00:00:00Z", RD_TIME_OUT_OF_RANGE, 0},
        {"10000-01-01T00:00:59Z", RD_TIME_OUT_OF_RANGE, 0}, /* as it used to be shown */
        {"2016-12-31T23:59:60Z", RD_TIME_LEAP_SECOND, 0},   /* a real leap second */
        {"2024-07-20T04:00:60Z", RD_TIME_LEAP_SECOND, 0},   /* not one */
        {"2016-12-31T18:59:60-05:00", RD_TIME_LEAP_SECOND, 0},
        {"2024-07-20T04:00:61Z", RD_TIME_MALFORMED, 0},
        {"2024-07-20T04:00:60", RD_TIME_MALFORMED, 0}, /* malformed before leap */
        {"20240720T040000Z", RD_TIME_MALFORMED, 0},
        {"-0001-01-01T00:00:00Z", RD_TIME_MALFORMED, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = 42;
        enum rd_time_fault f = rd_time_read_instant(cases[i].in, &t);
        cr_expect_eq(f, cases[i].want, "%s: fault %d, want %d", cases[i].in, f, cases[i].want);
        cr_expect_eq(t, f == RD_TIME_OK ? cases[i].t : 42, "%s -> %lld", cases[i].in, (long long)t);
        cr_expect_eq(rd_time_parse_instant(cases[i].in, &t), cases[i].want == RD_TIME_OK);
        cr_expect_eq(rd_time_fault_message(f) == NULL, f == RD_TIME_OK, "%s", cases[i].in);
    }
}

Test(time, bare_dates_in_range)
{
    static const struct {
        const char *in;
        enum rd_time_fault as_of, since;
        int64_t as_of_t, since_t;
    } cases[] = {
        {"0001-01-01", RD_TIME_OK, RD_TIME_OK, RD_TIME_MIN + 86399, RD_TIME_MIN},
        {"2024-09-29", RD_TIME_OK, RD_TIME_OK, INT64_C(1727654399), INT64_C(1727568000)},
        {"9999-12-31", RD_TIME_OK, RD_TIME_OK, RD_TIME_MAX, RD_TIME_MAX - 86399},
        {"0000-01-01", RD_TIME_OUT_OF_RANGE, RD_TIME_OUT_OF_RANGE, 0, 0},
        {"0000-12-31", RD_TIME_OUT_OF_RANGE, RD_TIME_OUT_OF_RANGE, 0, 0},
        {"10000-01-01", RD_TIME_OUT_OF_RANGE, RD_TIME_OUT_OF_RANGE, 0, 0},
        {"2024-02-30", RD_TIME_MALFORMED, RD_TIME_MALFORMED, 0, 0},
        {"9999-12-31T23:59:59-00:01", RD_TIME_OUT_OF_RANGE, RD_TIME_OUT_OF_RANGE, 0, 0},
        {"2016-12-31T23:59:60Z", RD_TIME_LEAP_SECOND, RD_TIME_LEAP_SECOND, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t a = 42, s = 42;
        cr_expect_eq(rd_time_read_as_of(cases[i].in, &a, NULL), cases[i].as_of, "as_of %s",
                     cases[i].in);
        cr_expect_eq(a, cases[i].as_of == RD_TIME_OK ? cases[i].as_of_t : 42, "as_of %s",
                     cases[i].in);
        cr_expect_eq(rd_time_read_since(cases[i].in, &s), cases[i].since, "since %s", cases[i].in);
        cr_expect_eq(s, cases[i].since == RD_TIME_OK ? cases[i].since_t : 42, "since %s",
                     cases[i].in);
    }
    /* The ends of the range and a bare date are written back as they were read. */
    char buf[RD_TIME_BUFSZ];
    int64_t t;
    rd_time_format(RD_TIME_MAX, buf, sizeof buf);
    cr_expect_str_eq(buf, "9999-12-31T23:59:59Z");
    rd_time_format(RD_TIME_MIN, buf, sizeof buf);
    cr_expect_str_eq(buf, "0001-01-01T00:00:00Z");
    cr_assert(rd_time_parse_date("2024-09-29", &t));
    rd_date_format(t, buf, sizeof buf);
    cr_expect_str_eq(buf, "2024-09-29");
    cr_assert(rd_time_parse_date("9999-12-31", &t));
    rd_date_format(t, buf, sizeof buf);
    cr_expect_str_eq(buf, "9999-12-31");
}

Test(time, format_truncates_to_the_buffer)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    rd_time_format(0, buf, sizeof buf);
    cr_expect_str_eq(buf, "1970-01");
}

Test(time, now_is_plausible)
{
    cr_expect_gt(rd_now(), JUL20_04Z);
}

/* Transaction time to the microsecond: a fraction's first six digits, whatever the offset. */
Test(time, instants_to_the_microsecond)
{
    static const struct {
        const char *in, *out;
        int64_t us;
    } cases[] = {
        {"2024-07-20T04:00:00Z", "2024-07-20T04:00:00Z", JUL20_04Z * 1000000},
        {"2024-07-20T04:00:00.5Z", "2024-07-20T04:00:00.500000Z", JUL20_04Z * 1000000 + 500000},
        {"2024-07-20T04:00:00.000001Z", "2024-07-20T04:00:00.000001Z", JUL20_04Z * 1000000 + 1},
        /* beyond microseconds: dropped, as PostgreSQL keeps none */
        {"2024-07-20T04:00:00.1234569Z", "2024-07-20T04:00:00.123456Z",
         JUL20_04Z * 1000000 + 123456},
        {"2024-07-20T09:30:00.25+05:30", "2024-07-20T04:00:00.250000Z",
         JUL20_04Z * 1000000 + 250000},
        {"2024-07-20T04:00:00.000000Z", "2024-07-20T04:00:00Z", JUL20_04Z * 1000000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t us = 0;
        cr_assert_eq(rd_time_read_instant_us(cases[i].in, &us), RD_TIME_OK, "%s", cases[i].in);
        cr_expect_eq(us, cases[i].us, "%s: %lld", cases[i].in, (long long)us);
        char buf[RD_TIME_US_BUFSZ];
        rd_time_format_us(us, buf, sizeof buf);
        cr_expect_str_eq(buf, cases[i].out, "%s", cases[i].in);
    }
    int64_t us = 0;
    cr_expect_eq(rd_time_read_instant_us("2024-07-20T04:00:00.Z", &us), RD_TIME_MALFORMED);
    cr_expect_eq(rd_time_read_instant_us("2024-07-20T04:00:60.5Z", &us), RD_TIME_LEAP_SECOND);
    cr_expect_gt(rd_now_us(), JUL20_04Z * 1000000);
}
