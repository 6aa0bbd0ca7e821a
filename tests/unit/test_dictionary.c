/* English words and plurals (match/dictionary.h), and what they change in matching: two
 * English words a letter apart, or a word and its plural, are not misspellings. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/abbreviations.h"
#include "match/dictionary.h"
#include "match/match.h"

static bool word(const char *w)
{
    return dictionary_word(w, strlen(w));
}

Test(dictionary, knows_english_words_not_names)
{
    cr_expect(N_DICTIONARY_HASHES > 50000, "%zu words", N_DICTIONARY_HASHES);
    cr_expect(word("honest") && word("honesty") && word("mining") && word("dining"));
    cr_expect(word("exports") && word("experts"));
    cr_expect(!word("kaspersky") && !word("fernandez") && !word("rabinovich"), "names");
    cr_expect(!word("honestyy") && !word("minin"), "misspellings");
    cr_expect(word("lab") && word("ship") && word("oil"), "three letters or more");
    cr_expect(!word("ox") && !word("lta") && !word("joan"), "shorter ones, nor names, not kept");
    cr_expect(dictionary_name("joan", 4) && dictionary_name("dian", 4) &&
                  dictionary_name("nike", 4),
              "short proper names, of wamerican-large");
    cr_expect(dictionary_name("paros", 5) && !dictionary_name("dgaz", 4) &&
                  !dictionary_name("joanne", 6),
              "three to five letters");
    for (size_t i = 1; i < N_NAME_HASHES; i++)
        cr_assert_lt(NAME_HASHES[i - 1], NAME_HASHES[i], "sorted, no duplicates");
    for (size_t i = 1; i < N_DICTIONARY_HASHES; i++)
        cr_assert_lt(DICTIONARY_HASHES[i - 1], DICTIONARY_HASHES[i], "sorted, no duplicates");
}

Test(dictionary, plurals)
{
    cr_expect(plural_pair("cacaueiro", 9, "cacaueiros", 10));
    cr_expect(plural_pair("boxes", 5, "box", 3), "either order, -es");
    cr_expect(!plural_pair("kaspersky", 9, "kasperskx", 9));
    cr_expect(!plural_pair("as", 2, "ass", 3), "too short to say");
    cr_expect(!plural_pair("export", 6, "exporter", 8));
}

static const struct fx_source_row sources[] = {{"src", "US"}};
static const struct fx_subject_row subjects[] = {
    {"honesty", SUBJECT_ORGANIZATION, "Honesty Trading", NULL, RELATION_NONE},
    {"cacau", SUBJECT_ORGANIZATION, "Cacaueiro Zentrix", NULL, RELATION_NONE},
    {"fern", SUBJECT_PERSON, "FERNANDEZ, Qadriel", NULL, RELATION_NONE},
};
static const struct fx_tables tables = {.sources = FX_LIST(sources), .subjects = FX_LIST(subjects)};
FX_SUITE_SNAPSHOT(fx_build_tables(&tables))
TestSuite(words_apart, .init = setup, .fini = teardown);

static const char *best(const char *name, double *score)
{
    struct norm_name n;
    cr_assert_eq(normalize_name(name, strlen(name), &n), NORM_OK);
    struct match_query q = {&n, -1, 0.0};
    struct match_hit h[1];
    *score = 0;
    if (!match_find(snap->match_index, &q, h, 1)) return "";
    *score = h[0].score;
    return snap->subjects[h[0].subject].rec->id;
}

Test(words_apart, english_words_and_plurals_are_not_typos)
{
    double score;
    best("Honest Trading", &score);
    cr_expect_lt(score, MATCH_DEFAULT_MIN_SCORE, "honest is not a typo of honesty: %.3f", score);
    best("Cacaueiros Zentrix", &score);
    cr_expect_lt(score, MATCH_DEFAULT_MIN_SCORE, "a plural is another name: %.3f", score);
    cr_expect_str_eq(best("Honestyy Trading", &score), "honesty", "a real typo still is one");
    cr_expect_geq(score, MATCH_DEFAULT_MIN_SCORE, "%.3f", score);
}

Test(words_apart, an_edit_is_counted_alike_when_finding_and_scoring)
{
    double score;
    /* one letter from FERNANDEZ, two skeleton edits ("ferndez" against "fernandez") */
    cr_expect_str_eq(best("Qadriel FERNNNDEZ", &score), "fern");
    cr_expect_geq(score, MATCH_DEFAULT_MIN_SCORE, "one edit: %.3f", score);
}

Test(dictionary, abbreviations_of_common_words)
{
    cr_expect(abbreviations_sorted());
    cr_expect_str_eq(abbreviation_expand("bros", 4), "brothers");
    cr_expect_str_eq(abbreviation_expand("mfg", 3), "manufacturing");
    cr_expect_null(abbreviation_expand("mf", 2), "a prefix of one is not one");
    cr_expect_null(abbreviation_expand("brosx", 5));
    struct norm_name a, b;
    const char *x = "Delancourt Bros. Mfg. Co.", *y = "Delancourt Brothers Manufacturing Co.";
    cr_assert_eq(normalize_name(x, strlen(x), &a), NORM_OK);
    cr_assert_eq(normalize_name(y, strlen(y), &b), NORM_OK);
    cr_expect_str_eq(a.text, b.text, "the same words");
}
