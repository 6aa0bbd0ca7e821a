/* Numbers written out and ordinals written with digits (match/numerals.h; issue 14, the
 * "Digit to Text Conversion" and "Ordinal Number Variation" pairs): read as the same number,
 * and still held apart from another number by the numbers rule. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/match.h"
#include "match/normalize.h"

static const struct fx_source_row sources[] = {{"src", "US"}};

static const struct fx_subject_row subjects[] = {
    {"brigade", SUBJECT_ORGANIZATION, "Vostok Brigade 44", NULL, RELATION_NONE},
    {"percent", SUBJECT_ORGANIZATION, "Three Percenters Militia", NULL, RELATION_NONE},
    {"bank", SUBJECT_ORGANIZATION, "First Zelmoria Bank", NULL, RELATION_NONE},
    {"capital", SUBJECT_ORGANIZATION, "Quorvex Capital One", NULL, RELATION_NONE},
};

static const struct fx_tables tables = {.sources = FX_LIST(sources), .subjects = FX_LIST(subjects)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(numerals, .init = setup, .fini = teardown);

static const char *text_of(const char *name)
{
    static struct norm_name n;
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK, "%s", name);
    return n.text;
}

static double score_of(const char *name, const char *id)
{
    struct norm_name n;
    struct match_hit hits[4];
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK, "%s", name);
    struct match_query q = {&n, -1, 0.3};
    size_t k = match_find(snap->match_index, &q, hits, 4);
    for (size_t i = 0; i < k; i++)
        if (strcmp(snap->subjects[hits[i].subject].rec->id, id) == 0) return hits[i].score;
    return 0;
}

Test(numerals, written_out_numbers_read_as_digits)
{
    cr_expect_str_eq(text_of("Brigade Forty-Four"), "brigade 44");
    cr_expect_str_eq(text_of("Brigade Fourty four"), "brigade 44", "the common misspelling");
    cr_expect_str_eq(text_of("Brigade Forty 4"), "brigade 44");
    cr_expect_str_eq(text_of("Brigade Forty"), "brigade 40");
    cr_expect_str_eq(text_of("Seventeen Seas Nineteen"), "17 seas 19");
    cr_expect_str_eq(text_of("Three Percenters"), "3 percenters");
    cr_expect_str_eq(text_of("Capital One"), "capital one", "a lone 'one' stays a word");
    cr_expect_str_eq(text_of("Forty-One Ltd"), "41");
    cr_expect_str_eq(text_of("Fortyfour Fourteenth"), "fortyfour fourteenth", "whole words only");
}

Test(numerals, ordinals_with_digits_read_as_words)
{
    cr_expect_str_eq(text_of("1st International Bank"), "first international bank");
    cr_expect_str_eq(text_of("3rd Avenue 10th"), "third avenue tenth");
    cr_expect_str_eq(text_of("21st Century 2nd"), "21 century second");
    cr_expect_str_eq(text_of("1 st 0th 1sth"), "1 st 0th 1sth", "not ordinals");
}

Test(numerals, the_same_number_matches_another_does_not)
{
    cr_expect_geq(score_of("Vostok Brigade Forty-Four", "brigade"), 0.99);
    cr_expect_leq(score_of("Vostok Brigade Forty-Five", "brigade"), 0.70, "45 is not 44");
    cr_expect_geq(score_of("3 Percenters Militia", "percent"), 0.99);
    cr_expect_leq(score_of("4 Percenters Militia", "percent"), 0.70);
    cr_expect_geq(score_of("1st Zelmoria Bank", "bank"), 0.99);
    cr_expect_geq(score_of("Quorvex Capital One", "capital"), 0.99);
}
