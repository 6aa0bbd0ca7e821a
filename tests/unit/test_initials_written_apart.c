/* Initials written apart are initials (issue 14): "Y. C. Kim" for "KIM, Yong Chol". The
 * normaliser joins them ("yc"); the matcher used to read such a word as initials only where
 * the list had no word "yc", and the real lists have one, so two initials found 534 of 2,253
 * SDN people (tests/lists/persons.c, "G. H. SURNAME"), 2,129 now. Letters that are not the
 * given names' own still find nobody, and a word written as one ("YC") is still a word. */
#include <criterion/criterion.h>

#include "fixtures.h"

static const struct fx_source_row sources[] = {{"src", "US"}};

static const struct fx_subject_row subjects[] = {
    {"kim", SUBJECT_PERSON, "KIM, Yong Chol", NULL, RELATION_NONE},
    /* a listed word "yc", as the real lists have */
    {"yc", SUBJECT_ORGANIZATION, "YC Trading Company", NULL, RELATION_NONE},
    {"maduro", SUBJECT_PERSON, "MADURO MOROS, Nicolas", NULL, RELATION_NONE},
};

static const struct fx_ruling_row rulings[] = {
    {"r-kim", "kim", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
    {"r-yc", "yc", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
    {"r-maduro", "maduro", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
};

static const struct fx_tables tables = {
    .sources = FX_LIST(sources), .subjects = FX_LIST(subjects), .rulings = FX_LIST(rulings)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(initials_written_apart, .init = setup, .fini = teardown);

Test(initials_written_apart, two_initials_find_the_person)
{
    static const char *const said[] = {"Y. C. Kim", "Y.C. Kim", "Kim Y. C.", "Y C Kim"};
    for (size_t i = 0; i < sizeof said / sizeof *said; i++)
        fx_expect_best(snap, said[i], "kim");
}

Test(initials_written_apart, letters_not_the_given_names_find_nobody)
{
    static const char *const said[] = {"Y. Q. Kim", "Q. C. Kim", "N. M. Maduro"};
    for (size_t i = 0; i < sizeof said / sizeof *said; i++)
        fx_expect_best(snap, said[i], NULL);
}

Test(initials_written_apart, a_word_written_as_one_is_a_word)
{
    fx_expect_best(snap, "YC Kim", NULL);
    fx_expect_best(snap, "YC Trading", "yc");
}
