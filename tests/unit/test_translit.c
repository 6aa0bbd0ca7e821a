/* Names in scripts other than Latin and Cyrillic, transliterated by ICU (match/translit_icu.c):
 * what each script becomes, that Latin and Cyrillic text never goes to ICU and keeps its
 * spelling, mixed scripts, limits, and threads each using their own transliterator. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "match/normalize.h"
#include "match/translit.h"

static void expect_text(const char *in, const char *want, bool translit)
{
    struct norm_name n;
    enum norm_status st = normalize_name(in, strlen(in), &n);
    cr_expect_eq(st, NORM_OK, "[%s] status %d", in, (int)st);
    cr_expect_str_eq(n.text, want, "[%s] text \"%s\", want \"%s\"", in, n.text, want);
    cr_expect_eq(n.transliterated, translit, "[%s] transliterated %d", in, n.transliterated);
}

Test(translit, each_script_becomes_latin)
{
    // clang-format off
    static const struct {
        const char *in, *text;
    } cases[] = {
        {"习近平", "xi jin ping"},                      /* Han: pinyin, a word per syllable */
        {"单", "shan"},                                 /* a surname read as a name (Han-Latin/Names) */
        {"김정은", "kim jeong eun"},                    /* Hangul: a word per syllable, surname by custom */
        {"박정희", "park jeong hui"},
        {"조지 워싱턴", "cho ji wo sing teon"},
        {"Αλέξης Τσίπρας", "alexis tsipras"},           /* Greek: UNGEGN, modern reading */
        {"Սերժ Սարգսյան", "serzh sargsyan"},            /* Armenian: BGN/PCGN */
        {"მიხეილ სააკაშვილი", "mikheil saakashvili"},   /* Georgian: BGN/PCGN, apostrophe dropped */
        {"ウラジーミル・プーチン", "urajimiru puchin"},   /* katakana: Hepburn, length mark dropped */
        {"トゥホルスキー", "touhorusuki"},              /* BGN's tilde for a small kana dropped */
        {"بشار الأسد", "bshar alasd"},                  /* Arabic: consonants as written */
        {"علی خامنه‌ای", "li khamnhay"},                /* Persian: ayn dropped, ZWNJ joins */
        {"راكيم", "rakim"},                             /* a long vowel after a consonant */
        {"ابو بكر البغدادي", "abu bkr albghdadi"},
        {"يوسف", "ywsf"},                               /* y and w as consonants */
        {"בנימין נתניהו", "bnimin ntnihw"},             /* Hebrew: yod after a consonant as i */
        {"קולינס", "kolins"},                           /* qof as k, vav after a consonant as o */
        {"אמיתי עמוס", "amiti amos"},                   /* aleph, ayin first in a word: a */
        {"مصطفى خليفة", "mstfa khlifa"},                /* alif maqsura, ta marbuta: a */
        {"عثمان", "tman"},                              /* theh as t (ayn dropped) */
        {"فضل", "fdzl"},                                /* dad as dz: d or z */
        {"ทักษิณ ชินวัตร", "thaksin chin watr"},          /* Thai */
    };
    // clang-format on
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_text(cases[i].in, cases[i].text, true);
}

Test(translit, latin_and_cyrillic_do_not_reach_icu)
{
    expect_text("Kaspersky Lab", "kaspersky lab", false);
    expect_text("Müller Ærø Łódź", "muller aero lodz", false);
    expect_text("Лаборатория Касперского", "laboratoriya kasperskogo", true);
    expect_text("Юрий Щёкин", "yuriy shchekin", true); /* our BGN/PCGN table, not ICU's */
    cr_expect_not(translit_other_script('a'));
    cr_expect_not(translit_other_script(0x00E9)); /* é */
    cr_expect_not(translit_other_script(0x0436)); /* ж */
    cr_expect_not(translit_other_script('7'));
    cr_expect_not(translit_other_script(0x3001)); /* 、 common punctuation */
    cr_expect(translit_other_script(0x4E60));     /* 习 */
    cr_expect(translit_other_script(0x05D0));     /* א */
    cr_expect(translit_other_script(0x10D0));     /* ა */
}

Test(translit, chinese_readings_depend_on_the_place_in_a_word)
{
    /* read from the per-thread cache after the first time: the same either way */
    for (int round = 0; round < 2; round++) {
        expect_text("查", "zha", true);           /* a surname first */
        expect_text("马查尔", "ma cha er", true); /* the common reading after */
        expect_text("查 马", "zha ma", true);     /* each word starts afresh */
        expect_text("龍騎士07", "long qi shi 07", true);
    }
}

Test(translit, mixed_scripts_and_legal_forms)
{
    expect_text("Huawei 华为", "huawei hua wei", true);
    expect_text("Αθήνα Shipping Ltd", "athina shipping", true);
    expect_text("ООО Αθήνα", "athina", true);
    expect_text("习近平 2024", "xi jin ping 2024", true);
}

Test(translit, long_text_in_other_scripts_is_refused_not_truncated)
{
    /* 300 Han characters: 900 bytes of input, over 1,500 bytes of pinyin */
    char in[901];
    for (int i = 0; i < 300; i++)
        memcpy(in + 3 * i, "张", 3);
    in[900] = '\0';
    struct norm_name n;
    cr_expect_eq(normalize_name(in, 900, &n), NORM_TOO_LONG);
    /* 60 of them fit: 60 words, under NORM_MAX_TOKENS */
    cr_expect_eq(normalize_name(in, 180, &n), NORM_OK);
    cr_expect_eq(n.ntokens, 60u, "%u words", n.ntokens);
    cr_expect_eq(strncmp(n.text, "zhang zhang ", 12), 0, "%.20s", n.text);
}

static void *hammer(void *arg)
{
    (void)arg;
    static const char *const in[] = {"习近平", "Αλέξης Τσίπρας", "김정은", "بشار الأسد"};
    static const char *const want[] = {"xi jin ping", "alexis tsipras", "kim jeong eun",
                                       "bshar alasd"};
    for (int round = 0; round < 2000; round++) {
        struct norm_name n;
        size_t k = (size_t)round % 4;
        if (normalize_name(in[k], strlen(in[k]), &n) != NORM_OK || strcmp(n.text, want[k]) != 0)
            return (void *)1;
    }
    return NULL;
}

Test(translit, threads_each_use_their_own_transliterator)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, hammer, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *rv = NULL;
        cr_assert_eq(pthread_join(t[i], &rv), 0);
        cr_expect_null(rv, "thread %d saw a wrong transliteration", i);
    }
}
