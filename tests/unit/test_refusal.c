/* db/refusal: a refusal of the data by PostgreSQL is told in our words, never in its own. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "db/refusal.h"

Test(refusal, reasons_by_sqlstate)
{
    static const struct {
        const char *sqlstate;
        bool refusal;
    } cases[] = {
        {"22008", true},  /* datetime_field_overflow: year 0 */
        {"22P02", true},  /* invalid_text_representation */
        {"23505", true},  /* unique_violation */
        {"23503", true},  /* foreign_key_violation */
        {"23514", true},  /* check_violation */
        {"21000", true},  /* cardinality_violation: one record twice in a set */
        {"22RD0", true},  /* ours, already in our words */
        {"40001", false}, /* serialization_failure: retried, not refused */
        {"08006", false}, {"42P01", false}, {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rd_error e = {0};
        snprintf(e.sqlstate, sizeof e.sqlstate, "%s", cases[i].sqlstate);
        cr_expect_eq(db_is_refusal(&e), cases[i].refusal, "%s", cases[i].sqlstate);
        cr_expect_eq(db_refusal_reason(cases[i].sqlstate) != NULL, cases[i].refusal, "%s",
                     cases[i].sqlstate);
    }
}

Test(refusal, own_words_replace_postgresql_text_once)
{
    struct rd_error e = {0};
    rd_error_set(&e, "date/time field value out of range: \"0000-12-31T23:30:00Z\"");
    memcpy(e.sqlstate, "22008", sizeof e.sqlstate);
    db_own_refusal(&e, "rulings[0] (\"r1\")");
    cr_expect_str_eq(e.message, "rulings[0] (\"r1\") was refused by the database: a value is out "
                                "of the range the database stores, or malformed");
    cr_expect_str_eq(e.sqlstate, "22RD0");
    cr_expect(db_is_refusal(&e));
    db_own_refusal(&e, "the data set"); /* already ours: kept */
    cr_expect(strncmp(e.message, "rulings[0]", 10) == 0, "%s", e.message);

    struct rd_error other = {0};
    rd_error_set(&other, "server closed the connection unexpectedly");
    memcpy(other.sqlstate, "08006", sizeof other.sqlstate);
    db_own_refusal(&other, "the data set"); /* no refusal: left to the log */
    cr_expect_str_eq(other.message, "server closed the connection unexpectedly");
    cr_expect_str_eq(other.sqlstate, "08006");
}
