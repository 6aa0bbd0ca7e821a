/* A short legal-form word misspelt at the end of a question ("PROHUEVO DE COLOMBIA LTQA." for
 * LTDA., "INVERSIONES HERREBE LTAD."): a held-out set's misses, the misspelt word left as an
 * unknown word that cost the name most of its score. It costs what noise costs, and only beside
 * a listed name that has a legal form (match/legal_forms.h, legal_form_abbreviation_misspelt). */
#include <criterion/criterion.h>
#include <string.h>

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
    static const struct {
        const char *word;
        bool misspelt;
        const char *why;
    } cases[] = {
        {"ltqa", true, "a letter changed"},
        {"gmhb", true, "two letters swapped"},
        {"lta", true, "a letter left out"},
        {"gmbhh", true, "a letter more"},
        {"ltda", false, "the legal form itself"},
        {"gmbh", false, "a legal form itself"},
        {"corn", false, "an English word"},
        {"copr", false, "CORP is an English word itself"},
        {"xiang", false, "XIAN is a syllable of names"},
        {"opel", false, "one edit from no short form"},
        {"lt", false, "too short to tell"},
        {"carl", false, "a name (SARL)"},
        {"ltq4", false, "not letters only"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        cr_expect_eq(legal_form_abbreviation_misspelt(cases[i].word, strlen(cases[i].word)) != 0,
                     cases[i].misspelt, "%s: %s", cases[i].word, cases[i].why);
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
