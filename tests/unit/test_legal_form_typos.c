/* A short legal-form word misspelt at the end of a question ("PROHUEVO DE COLOMBIA LTQA." for
 * LTDA., "INVERSIONES HERREBE LTAD."): a held-out set's misses, the misspelt word left as an
 * unknown word that cost the name most of its score. It costs what noise costs, and only beside
 * a listed name that has a legal form (match/legal_forms.h, legal_form_abbreviation_misspelt). */
#include <criterion/criterion.h>

#include "fixtures.h"
#include "match/legal_forms.h"

static struct snapshot *companies(void)
{
    return fx_build_json(
        "{\"format\":\"restrictd-rulings/2\",\"sources\":[{\"id\":\"src\",\"authority\":\"A\","
        "\"jurisdiction\":\"US\",\"kind\":\"sanctions\",\"title\":\"T\",\"citation\":\"C\"}],"
        "\"subjects\":["
        "{\"id\":\"prohuevo\",\"kind\":\"organization\",\"name\":\"PROHUEVO DE COLOMBIA LTDA.\"},"
        "{\"id\":\"zentara\",\"kind\":\"organization\",\"name\":\"ZENTARA BOGOTA\"}"
        "],\"rulings\":[]}");
}

FX_SUITE_SNAPSHOT(companies())
TestSuite(legal_form_typos, .init = setup, .fini = teardown);

Test(legal_form_typos, which_words_may_be_a_misspelt_legal_form)
{
    cr_expect(legal_form_abbreviation_misspelt("ltqa", 4), "a letter changed");
    cr_expect(legal_form_abbreviation_misspelt("gmhb", 4), "two letters swapped");
    cr_expect(legal_form_abbreviation_misspelt("lta", 3), "a letter left out");
    cr_expect(legal_form_abbreviation_misspelt("gmbhh", 5), "a letter more");
    cr_expect_not(legal_form_abbreviation_misspelt("ltda", 4), "the legal form itself");
    cr_expect_not(legal_form_abbreviation_misspelt("corn", 4), "an English word");
    cr_expect_not(legal_form_abbreviation_misspelt("copr", 4), "CORP is an English word itself");
    cr_expect_not(legal_form_abbreviation_misspelt("xiang", 5), "XIAN is a syllable of names");
    cr_expect_not(legal_form_abbreviation_misspelt("opel", 4), "one edit from no short form");
    cr_expect_not(legal_form_abbreviation_misspelt("lt", 2), "too short to tell");
    cr_expect_not(legal_form_abbreviation_misspelt("carl", 4), "a name (SARL)");
    cr_expect_not(legal_form_abbreviation_misspelt("gmbh", 4), "a legal form itself");
    cr_expect_not(legal_form_abbreviation_misspelt("ltq4", 4), "not letters only");
}

Test(legal_form_typos, beside_a_listed_legal_form_it_costs_little)
{
    fx_expect_best(snap, "PROHUEVO DE COLOMBIA LTQA.", "prohuevo");
    fx_expect_best(snap, "Prohuevo de Colombia Lta", "prohuevo");
    fx_expect_best(snap, "PROHUEVO DE COLOMBIA ZTQX", NULL); /* another word: another name */
    fx_expect_best(snap, "ZENTARA BOGOTA LTQA", NULL);       /* no legal form listed: a word */
    fx_expect_best(snap, "PROHUEVO DE COLOMBIA GMHB", NULL); /* near GMBH, not LTDA */
    fx_expect_best(snap, "Prohuevo de Colombia Carl", NULL); /* a name, one letter from SARL */
}
