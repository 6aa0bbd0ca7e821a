/* A hyphenated given name is one given name (issue 14, docs/matching.md "Real people on no
 * list"): "Young Kim", a member of the U.S. Congress, was answered restricted as the listed
 * "KIM, Young-Chol" at 0.958 on the real lists, "Chol" read as a later given name whose
 * absence costs little. Saying half of the name is not saying it; the whole name, written
 * with the hyphen, with a space or run together, still is. The rules for surnames and for
 * given names written apart are unchanged. */
#include <criterion/criterion.h>

#include "fixtures.h"

static const struct fx_source_row sources[] = {{"src", "US"}};

static const struct fx_subject_row subjects[] = {
    {"kim", SUBJECT_PERSON, "KIM, Young-Chol", NULL, RELATION_NONE},
    {"runiga", SUBJECT_PERSON, "RUNIGA, Jean-Marie Rugerero", NULL, RELATION_NONE},
    {"qaduli", SUBJECT_PERSON, "AL-QADULI, Abd-al-Rahman Mustafa", NULL, RELATION_NONE},
    {"garcia", SUBJECT_PERSON, "GARCIA-LOPEZ, Maria Elena", NULL, RELATION_NONE},
    {"pak", SUBJECT_PERSON, "PAK, Tong Sok", NULL, RELATION_NONE},
    {"o", SUBJECT_PERSON, "O, Kuk-Ryol", NULL, RELATION_NONE},
    {"shammari", SUBJECT_PERSON, "SA'AD AL-SHAMMARI", NULL, RELATION_NONE},
};

static const struct fx_ruling_row rulings[] = {
    {"r-kim", "kim", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
    {"r-runiga", "runiga", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
    {"r-qaduli", "qaduli", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
    {"r-garcia", "garcia", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
    {"r-pak", "pak", "src", STATUS_PROHIBITED, NULL, "2020-01-01T00:00:00Z", NULL, false},
};

static const struct fx_tables tables = {
    .sources = FX_LIST(sources), .subjects = FX_LIST(subjects), .rulings = FX_LIST(rulings)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(hyphenated_given_names, .init = setup, .fini = teardown);

static int verdict_of(const char *name)
{
    struct check_summary sum;
    json_t *r = fx_check(snap, name, "2024-10-01", NULL, NULL, &sum);
    json_decref(r);
    return sum.verdict;
}

Test(hyphenated_given_names, half_of_the_given_name_is_not_the_given_name)
{
    static const char *const other_people[] = {"Young Kim", "Kim Young", "Chol Kim"};
    for (size_t i = 0; i < sizeof other_people / sizeof *other_people; i++) {
        cr_expect_neq(verdict_of(other_people[i]), VERDICT_RESTRICTED, "%s", other_people[i]);
        fx_expect_best(snap, other_people[i], NULL);
    }
}

Test(hyphenated_given_names, the_whole_given_name_finds_the_person)
{
    static const char *const said[] = {"Young-Chol Kim", "Kim Young-Chol", "Young Chol Kim",
                                       "Kim Young Chol", "Youngchol Kim",  "KIM, Young-Chol"};
    for (size_t i = 0; i < sizeof said / sizeof *said; i++) {
        cr_expect_eq(verdict_of(said[i]), VERDICT_RESTRICTED, "%s", said[i]);
        fx_expect_best(snap, said[i], "kim");
    }
}

/* An initial stands for the given name it begins, all of it: "J. Runiga" as "J.-M. Runiga". */
Test(hyphenated_given_names, an_initial_stands_for_the_whole_given_name)
{
    fx_expect_best(snap, "J. Runiga", "runiga");
    fx_expect_best(snap, "J.-M. Runiga", "runiga");
    fx_expect_best(snap, "Y. Kim", "kim");
    fx_expect_best(snap, "Jean-Marie Runiga", "runiga"); /* the later given name left out */
    fx_expect_best(snap, "Jean Runiga", NULL);           /* half of the first */
}

/* What the rule leaves alone: hyphenated surnames, given names written apart. */
Test(hyphenated_given_names, surnames_and_given_names_written_apart_are_as_before)
{
    fx_expect_best(snap, "Abd-al-Rahman al-Qaduli", "qaduli");
    fx_expect_best(snap, "Abd al-Rahman al-Qaduli", "qaduli");
    fx_expect_best(snap, "Maria Garcia-Lopez", "garcia");
    fx_expect_best(snap, "Maria Garcia", "garcia"); /* the second surname left out */
    fx_expect_best(snap, "Tong Pak", "pak");        /* a later given name written apart */
}

/* A typo in a four-letter part of a hyphenated given name is a typo of the longer name, which
 * one other name said carries ("O" is too short to count), not another four-letter name. */
Test(hyphenated_given_names, a_part_of_a_given_name_is_not_a_four_letter_name)
{
    fx_expect_best(snap, "O, Kuk-Rypl", "o");
    fx_expect_best(snap, "Kuk-Rypl O", "o");
}

/* Only a name written "SURNAMES, Given names" says which words are given names: here the
 * hyphen joins a surname's article, which an initial does not stand for. */
Test(hyphenated_given_names, a_name_not_written_surnames_first_has_no_known_given_names)
{
    fx_expect_best(snap, "Saad Al-Shammari", "shammari");
    fx_expect_best(snap, "A. Saad", NULL);
}
