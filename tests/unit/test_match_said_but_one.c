/* A listed name none of whose words is distinctive, said as listed but for one misspelt
 * word (match/match_gap.h): a held-out set asked "IRAN IVSURANCE COMPANY" and found nothing,
 * since such a name was found only when asked exactly as listed. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "fixtures.h"

/* Names of common words, none of them distinctive, and two with a distinctive word. */
static struct snapshot *common_words(void)
{
    return fx_build_json(
        "{\"format\":\"restrictd-rulings/2\",\"sources\":[{\"id\":\"src\",\"authority\":\"A\","
        "\"jurisdiction\":\"US\",\"kind\":\"sanctions\",\"title\":\"T\",\"citation\":\"C\"}],"
        "\"subjects\":["
        "{\"id\":\"generic\",\"kind\":\"organization\",\"name\":\"Global Security Group\"},"
        "{\"id\":\"bank\",\"kind\":\"organization\",\"name\":\"Export Development Bank\"},"
        "{\"id\":\"fleet\",\"kind\":\"vessel\",\"name\":\"Global Star 12\"},"
        "{\"id\":\"zentrix\",\"kind\":\"organization\",\"name\":\"Zentrix Security Group\"},"
        "{\"id\":\"parvan\",\"kind\":\"organization\",\"name\":\"Parvan Shipping Group\","
        "\"aliases\":[{\"alias\":\"Global Trading Company\",\"kind\":\"weak-aka\"}]}"
        "],\"rulings\":[]}");
}

FX_SUITE_SNAPSHOT(common_words())
TestSuite(said_but_one, .init = setup, .fini = teardown);

Test(said_but_one, one_misspelt_word_finds_a_name_of_common_words)
{
    fx_expect_best(snap, "Global Security Group", "generic"); /* as listed: as before */
    fx_expect_best(snap, "Global Secruity Group", "generic");
    fx_expect_best(snap, "Glbal Security Group", "generic");
    fx_expect_best(snap, "Export Deelopment Bank", "bank");
    fx_expect_best(snap, "Glibal Star 12", "fleet"); /* the number said as listed */
}

Test(said_but_one, only_one_word_and_only_a_misspelling)
{
    fx_expect_best(snap, "Global Secruity Grop", NULL);  /* two words changed */
    fx_expect_best(snap, "Secruity Group", NULL);        /* a word left out */
    fx_expect_best(snap, "Group Secruity Global", NULL); /* another order */
    fx_expect_best(snap, "Global Securely Group", NULL); /* an English word */
    fx_expect_best(snap, "Global Zentrix Group", NULL);  /* a word of the list */
    fx_expect_best(snap, "Global Star 13", NULL);        /* a number is never a typo */
    /* a word of four letters that is an English word: another name (the dictionary held no
     * word so short until four-letter words were left open, below) */
    fx_expect_best(snap, "Export Development Bane", NULL);
    fx_expect_best(snap, "Global Security Grip", NULL);
}

/* A listed word of four letters left open, misspelt or a letter short (held-out misses:
 * "NATIONAL DEVELOPMENT FPND OF IRAN", "HOG KONG ELECTRONICS"); not an English word or a name
 * ("ban" and "bank" are two words, "Banka" a name: the review of the change) */
Test(said_but_one, a_four_letter_word_misspelt)
{
    fx_expect_best(snap, "GLOBAL SECURITY GROP LLC", "generic");
    fx_expect_best(snap, "Export Development Banc", "bank");
    fx_expect_best(snap, "Export Development Bnk", "bank");
    fx_expect_best(snap, "Export Development Ban", NULL);
    fx_expect_best(snap, "Export Development Banka", NULL); /* a name (a town) */
}

/* A name with a distinctive word of six letters or less, that word misspelt: a short word's
 * likeness alone is held down as weak evidence ("Cisco" / "ZISCO"), generic words said or not */
Test(said_but_one, not_for_a_names_one_short_distinctive_word)
{
    fx_expect_best(snap, "Parvan Shipping Group", "parvan");
    fx_expect_best(snap, "Parvn Shipping Group", NULL);
    fx_expect_best(snap, "Pravan Shipping Group", NULL);
}

/* OFAC's weak aliases are found only as written (docs/lists.md), misspelt never */
Test(said_but_one, not_for_a_weak_alias)
{
    fx_expect_best(snap, "Global Trading Company", "parvan");
    fx_expect_best(snap, "Global Tradimg Company", NULL);
}

Test(said_but_one, the_answer_names_the_typo)
{
    json_t *r = fx_check(snap, "Global Secruity Group", "2024-10-01", NULL, NULL, NULL);
    json_t *m = json_object_get(r, "match");
    cr_assert(json_is_object(m));
    cr_expect_str_eq(json_string_value(json_object_get(m, "method")), "fuzzy");
    cr_expect_lt(json_real_value(json_object_get(m, "score")), 1.0);
    bool typo = false;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(m, "evidence"), i, e)
    {
        const char *q = json_string_value(json_object_get(e, "query"));
        const char *how = json_string_value(json_object_get(e, "how"));
        if (q && how && strcmp(q, "secruity") == 0)
            typo = strcmp(how, "typo") == 0 &&
                   strcmp(json_string_value(json_object_get(e, "listed")), "security") == 0;
    }
    cr_expect(typo, "the evidence says secruity is a typo of security");
    json_decref(r);
}
