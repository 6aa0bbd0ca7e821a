/* Names written in an abjad (Arabic, Hebrew) against their Latin forms: a consonant key is
 * shared by many listed words, the most used of which must be looked up first; and the long
 * vowels an abjad writes tell names of one key apart (Mahmoud is not Muhammad). */
#include <criterion/criterion.h>
#include <string.h>

#include "fixtures.h"
#include "match/match_consonants.h"

static bool agree(const char *abjad, const char *latin)
{
    char ka[CONSONANT_KEY_MAX + 1], kl[CONSONANT_KEY_MAX + 1];
    uint8_t ga[CONSONANT_KEY_MAX + 1], gl[CONSONANT_KEY_MAX + 1];
    size_t n = consonant_reading(abjad, strlen(abjad), 0, ka, ga, NULL);
    cr_assert_eq(consonant_key_gaps(latin, strlen(latin), kl, gl), n);
    cr_assert_str_eq(ka, kl, "%s and %s share a key", abjad, latin);
    char plain[CONSONANT_KEY_MAX + 1];
    cr_assert_eq(consonant_key(latin, strlen(latin), plain), n, "the same key as consonant_key");
    return consonant_vowels_agree(ga, gl, n);
}

Test(match_parts, long_vowels_written_in_an_abjad)
{
    cr_expect(agree("mhmod", "mahmoud")); /* מחמוד */
    cr_expect(agree("mhmud", "mahmud"));  /* محمود */
    cr_expect_not(agree("mhmod", "muhammad"), "waw before the d: Mahmoud");
    cr_expect(agree("mhmd", "muhammad"), "no long vowel written: nothing to compare");
    cr_expect(agree("hsyn", "hussein"));
    cr_expect(agree("hsyn", "husayn"));
    cr_expect_not(agree("hsyn", "hassan"), "yod before the n: Husayn, not Hassan");
    cr_expect(agree("bdallh", "abdullah"), "an alef (the article's) is not compared");
    cr_expect(agree("khamnyy", "khamenei"));
    cr_expect_not(agree("wywwyn", "ben"), "ויוויאן (Vivian) is not Ben");
    cr_expect(agree("thrik", "tehrik"), "t and h, not th");
    cr_expect(agree("antsar", "intissar"), "t and s, not ts");
    cr_expect_not(agree("ahmd", "hamid"), "a vowel written first: Ahmad, not Hamid");
}

static const struct fx_source_row sources[] = {{"src", "US"}};

/* Hasan is the key hSn's most used word here, met first; the other words of its key, each
 * used once, come after it, more of them than a key's words looked up. */
static const struct fx_subject_row subjects[] = {
    {"nasrallah", SUBJECT_PERSON, "NASRALLAH, Hasan", NULL, RELATION_NONE},
    {"hasan-ali", SUBJECT_PERSON, "HASAN, Ali Qasim", NULL, RELATION_NONE},
    {"hasan-omar", SUBJECT_PERSON, "HASAN, Omar Farid", NULL, RELATION_NONE},
    {"abbas", SUBJECT_PERSON, "ABBAS, Muhammad", NULL, RELATION_NONE},
    {"ben-lee", SUBJECT_PERSON, "Ben Lee", NULL, RELATION_NONE},
    {"v1", SUBJECT_VESSEL, "HESN", NULL, RELATION_NONE},
    {"v2", SUBJECT_VESSEL, "HOSN", NULL, RELATION_NONE},
    {"v3", SUBJECT_VESSEL, "HUSN", NULL, RELATION_NONE},
    {"v4", SUBJECT_VESSEL, "HISN", NULL, RELATION_NONE},
    {"v5", SUBJECT_VESSEL, "HASNA", NULL, RELATION_NONE},
    {"v6", SUBJECT_VESSEL, "HOSNI", NULL, RELATION_NONE},
    {"v7", SUBJECT_VESSEL, "HUSNI", NULL, RELATION_NONE},
    {"v8", SUBJECT_VESSEL, "IHSAN", NULL, RELATION_NONE},
    {"v9", SUBJECT_VESSEL, "EHSAN", NULL, RELATION_NONE},
    {"v10", SUBJECT_VESSEL, "AHSAN", NULL, RELATION_NONE},
    {"v11", SUBJECT_VESSEL, "HASSINE", NULL, RELATION_NONE},
    {"v12", SUBJECT_VESSEL, "HOSEIN", NULL, RELATION_NONE},
    {"v13", SUBJECT_VESSEL, "HUSEIN", NULL, RELATION_NONE},
    {"v14", SUBJECT_VESSEL, "HASANI", NULL, RELATION_NONE},
    {"v15", SUBJECT_VESSEL, "HOUSEN", NULL, RELATION_NONE},
    {"v16", SUBJECT_VESSEL, "HOSON", NULL, RELATION_NONE},
    {"v17", SUBJECT_VESSEL, "HUSSEN", NULL, RELATION_NONE},
    {"v18", SUBJECT_VESSEL, "HESSIN", NULL, RELATION_NONE},
    {"pennie", SUBJECT_VESSEL, "PENNIE", NULL, RELATION_NONE},
    {"al-tai", SUBJECT_PERSON, "AL-TAI, Sultan Hashim", NULL, RELATION_NONE},
    {"abd-al-khaliq", SUBJECT_PERSON, "ABD AL-KHALIQ, Adil", NULL, RELATION_NONE},
    {"abdur-rahman", SUBJECT_PERSON, "ABDUR RAHMAN, Jamil", NULL, RELATION_NONE},
    {"abderrahmane", SUBJECT_PERSON, "ABDERRAHMANE, Karim", NULL, RELATION_NONE},
    {"taha", SUBJECT_PERSON, "AL-JIZRAWI, Taha Yassin", NULL, RELATION_NONE},
    {"cherif", SUBJECT_PERSON, "CHERIF, Djamel", NULL, RELATION_NONE},
    {"khalifa", SUBJECT_PERSON, "KHALIFA, Mustafa", NULL, RELATION_NONE},
    {"ayashi", SUBJECT_PERSON, "AL-AYASHI, Radi", NULL, RELATION_NONE},
    {"nasiruddin", SUBJECT_PERSON, "HAQQANI, Nasiruddin", NULL, RELATION_NONE},
    {"naqdi", SUBJECT_PERSON, "NAQDI, Mohammad Reza", NULL, RELATION_NONE},
    {"zarif", SUBJECT_PERSON, "ZARIF, Mohammad Javad", NULL, RELATION_NONE},
    {"fazl", SUBJECT_PERSON, "RABI, Fazl", NULL, RELATION_NONE},
    {"kaspersky", SUBJECT_ORGANIZATION, "KASPERSKY", NULL, RELATION_NONE},
    {"okrestina", SUBJECT_ORGANIZATION, "OKRESTINA", NULL, RELATION_NONE},
};

static const struct fx_tables tables = {.sources = FX_LIST(sources), .subjects = FX_LIST(subjects)};

FX_SUITE_SNAPSHOT(fx_build_tables(&tables))

TestSuite(abjad, .init = setup, .fini = teardown);

Test(abjad, the_most_used_spelling_of_a_key_is_looked_up)
{
    fx_expect_best(snap, "حسن نصرالله", "nasrallah"); /* hsn nsrallh */
    fx_expect_best(snap, "חסן נסראללה", "nasrallah"); /* hsn nsrllh */
}

Test(abjad, long_vowels_tell_names_of_one_key_apart)
{
    fx_expect_best(snap, "محمد عباس", "abbas"); /* mhmd bas: Muhammad */
    fx_expect_best(snap, "מחמוד עבאס", NULL);   /* mhmod bs: Mahmoud */
    fx_expect_best(snap, "محمود عباس", NULL);   /* mhmud bas */
    fx_expect_best(snap, "ויוויאן לי", NULL);   /* wywwyn li: Vivian Leigh, not Ben Lee */
}

Test(abjad, one_word_alone_needs_a_long_key)
{
    fx_expect_best(snap, "كاسبرسكي", "kaspersky"); /* kasbrski: six letters of key, KSBrSK */
    fx_expect_best(snap, "كريستيان", NULL);        /* kristyan: five, KrStn, is not OKRESTINA */
}

Test(abjad, two_words_read_as_one_short_key_are_one_likeness)
{
    fx_expect_best(snap, "אבי פניני", NULL); /* bi pnini: "bipnini" and Pennie share Bn */
}

Test(abjad, the_article_written_into_a_name)
{
    fx_expect_best(snap, "سلطان هاشم الطائي", "al-tai");    /* altayy: AL-TAI */
    fx_expect_best(snap, "راضي العياشي", "ayashi");         /* an ain before ي: alayashi */
    fx_expect_best(snap, "نصير الدين حقاني", "nasiruddin"); /* nsir aldin: Nasir-ud-din */
}

Test(abjad, abd_and_a_name_as_lists_write_them)
{
    fx_expect_best(snap, "عادل عبدالخالق", "abd-al-khaliq"); /* one word: ABD AL-KHALIQ */
    fx_expect_best(snap, "عادل عبد الخالق", "abd-al-khaliq");
    fx_expect_best(snap, "جميل عبد الرحمن", "abdur-rahman"); /* the article said as the r */
    fx_expect_best(snap, "كريم عبد الرحمن", "abderrahmane");
}

static void expect_reading(const char *w, unsigned second, const char *want)
{
    char key[CONSONANT_KEY_MAX + 1];
    unsigned ambiguous;
    consonant_reading(w, strlen(w), second, key, NULL, &ambiguous);
    cr_expect_str_eq(key, want, "%s read %u: %s, want %s", w, second, key, want);
}

Test(match_parts, letters_read_two_ways)
{
    expect_reading("rdza", 0, "rd");    /* رضا: Reda */
    expect_reading("rdza", 1, "rS");    /* and Reza */
    expect_reading("nqdi", 1, "ngd");   /* نقدی: Naghdi */
    expect_reading("jwad", 0, "jd");    /* جواد: Jawad */
    expect_reading("jwad", 1, "jBd");   /* and Javad */
    expect_reading("bd'ziz", 1, "BdS"); /* two words read as one make no "dz" */
    expect_reading("djana", 0, "djn");  /* دجانة: د and ج, not French dj */
    char qs[41];                        /* forty ق: only the first letters are read two ways */
    memset(qs, 'q', 40);
    qs[40] = '\0';
    expect_reading(qs, 3, "gK"); /* the first two read gh, the others q */
}

Test(abjad, persian_readings)
{
    fx_expect_best(snap, "محمد رضا نقدی", "naqdi");  /* ض as z, ق as gh */
    fx_expect_best(snap, "محمد جواد ظریف", "zarif"); /* و as v */
    fx_expect_best(snap, "فضل ربيع", "fazl");
}

Test(abjad, letters_latin_writes_otherwise)
{
    fx_expect_best(snap, "طه ياسين الجزراوي", "taha"); /* th: a final h that is said */
    fx_expect_best(snap, "جمال شريف", "cherif");       /* French dj and ch */
    fx_expect_best(snap, "مصطفى خليفة", "khalifa");    /* ى and ة end names as a */
}
