/* Korean names romanised (match/korean.h): the Revised Romanization, McCune-Reischauer as the
 * lists write it and customary spellings agree by key, in Hangul or in Latin; a Korean given
 * name's syllables in another order, or another syllable for one, are not the name. */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/korean.h"
#include "match/match.h"
#include "match/normalize.h"

static void expect_same_key(const char *a, const char *b)
{
    char ka[KOREAN_KEY_MAX + 1], kb[KOREAN_KEY_MAX + 1];
    cr_assert(korean_key(a, strlen(a), ka, NULL), "%s reads as Korean", a);
    cr_assert(korean_key(b, strlen(b), kb, NULL), "%s reads as Korean", b);
    cr_expect_str_eq(ka, kb, "%s (%s) and %s (%s)", a, ka, b, kb);
}

Test(korean, one_syllable_many_spellings)
{
    expect_same_key("jeong", "jong"); /* Revised Romanization, McCune-Reischauer */
    expect_same_key("jung", "chung"); /* custom */
    expect_same_key("eun", "un");
    expect_same_key("young", "yeong");
    expect_same_key("gyeok", "kyok");
    expect_same_key("hee", "hui");
    expect_same_key("park", "pak");
    expect_same_key("choi", "choe");
    expect_same_key("ri", "lee"); /* the initial sound law: 리 and 이 */
    expect_same_key("ryong", "yong");
    expect_same_key("roh", "no");
}

Test(korean, other_words_have_no_key)
{
    char key[KOREAN_KEY_MAX + 1];
    unsigned syllables;
    cr_expect_eq(korean_key("smith", 5, key, NULL), 0);
    cr_expect_eq(korean_key("grenier", 7, key, NULL), 0);
    cr_expect_neq(korean_key("jongun", 6, key, &syllables), 0);
    cr_expect_eq(syllables, 2);
    cr_expect_eq(korean_second_syllable("hwangsig", 8), 5);
    cr_expect_eq(korean_second_syllable("hwang", 5), 0);
    cr_expect_neq(korean_key("seong", 5, key, NULL), 0);
    cr_expect_str_neq(key, "cong", "seong is not jeong");
}

static bool reads_korean(const char *s)
{
    static struct norm_name n;
    unsigned surname;
    cr_assert_eq(normalize_name(s, strlen(s), &n), NORM_OK);
    return korean_name(&n, &surname);
}

Test(korean, names_that_read_korean)
{
    cr_expect(reads_korean("Kim Jeong-eun"));
    cr_expect(reads_korean("Jong Un Kim"));
    cr_expect(!reads_korean("Young Kim"), "half a given name: two syllables");
    cr_expect(!reads_korean("Leon Smith"));
    cr_expect(!reads_korean("Maria Rosa Lopez"));
    cr_expect(reads_korean("Sim Kwon-ho"), "a surname outside the table, a Korean given name");
    cr_expect(reads_korean("김학선"), "Hangul, whatever the surname");
    cr_expect(!reads_korean("A. N. BASHA"), "initials, not Ahn");
    cr_expect(!reads_korean("I. AHMED"), "an initial, not the Revised Romanization's I (Lee)");
}

static const struct fx_source_row sources[] = {{"src", "US"}};

static const struct fx_subject_row subjects[] = {
    {"kim", SUBJECT_PERSON, "KIM, Jong Un", NULL, RELATION_NONE},
    {"choe", SUBJECT_PERSON, "CHOE, Ryong Hae", NULL, RELATION_NONE},
    {"pak", SUBJECT_PERSON, "PAK, Yong Sik", NULL, RELATION_NONE},
    {"ri", SUBJECT_PERSON, "RI, Chun Song", NULL, RELATION_NONE},
    {"jeong", SUBJECT_PERSON, "Jeong Suk-young", NULL, RELATION_NONE},
    {"jon", SUBJECT_PERSON, "JON, Hana Paul", NULL, RELATION_NONE},
};

static const struct fx_tables tables = {.sources = FX_LIST(sources), .subjects = FX_LIST(subjects)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(korean_names, .init = setup, .fini = teardown);

Test(korean_names, romanisations_find_each_other)
{
    fx_expect_best(snap, "Gim Jeong-eun", "kim"); /* Revised Romanization */
    fx_expect_best(snap, "Choi Ryong-hae", "choe");
    fx_expect_best(snap, "최룡해", "choe");
    fx_expect_best(snap, "Bak Yong-sik", "pak");
    fx_expect_best(snap, "Jeong Suk-yeong", "jeong");
    fx_expect_best(snap, "Jeong Seok-young", "jeong");
    fx_expect_best(snap, "Jung Suk-young", "jeong");
    fx_expect_best(snap, "Jung Seok-yeong", "jeong");
    fx_expect_best(snap, "정석영", "jeong");
}

Test(korean_names, another_given_name_is_not_the_name)
{
    fx_expect_best(snap, "Lee Seung-jun", NULL); /* RI, Chun Song: the syllables reversed */
    fx_expect_best(snap, "이승준", NULL);
    fx_expect_best(snap, "Park Se-jong", NULL); /* PAK, Yong Sik: one syllable alike */
    fx_expect_best(snap, "Young Kim", NULL);
}

Test(korean_names, a_given_name_written_joined)
{
    fx_expect_best(snap, "Gim Jeongeun", "kim"); /* the Revised Romanization joins it */
    fx_expect_best(snap, "Bak Yongsik", "pak");
    fx_expect_best(snap, "Bak Sikyong", NULL); /* its syllables in the other order */
}

Test(korean_names, the_surname_may_stand_last)
{
    fx_expect_best(snap, "Jeong-eun Gim", "kim");
    fx_expect_best(snap, "Hana JON", "jon"); /* JON, Hana Paul: the given name said, not Paul */
}

/* The similarity match_explain gives the question's word 1, the name normalised into one
 * buffer for every call, as an answer does. */
static float explained_similarity(const char *s)
{
    static struct norm_name n;
    cr_assert_eq(normalize_name(s, strlen(s), &n), NORM_OK);
    struct match_hit hit;
    struct match_query q = {&n, -1, MATCH_DEFAULT_MIN_SCORE};
    cr_assert_eq(match_find(snap->match_index, &q, &hit, 1), 1, "%s", s);
    static struct match_explanation ev;
    cr_assert(match_explain(snap->match_index, &n, hit.alias, &ev));
    for (size_t i = 0; i < ev.n; i++)
        if (ev.e[i].qlen && ev.e[i].qpos == 1) return ev.e[i].similarity;
    return -1;
}

Test(korean_names, an_explanation_is_of_the_question_asked)
{
    /* the same text, read from Hangul and typed in Latin: the analysis kept for the first
     * must not explain the second (it was keyed by the text alone) */
    cr_expect_float_eq(explained_similarity("김정은"), 0.97f, 1e-6); /* a Hangul respelling */
    cr_expect_float_eq(explained_similarity("kim jeong eun"), 0.95f, 1e-6); /* by key */
    cr_expect_float_eq(explained_similarity("김정은"), 0.97f, 1e-6);
}
