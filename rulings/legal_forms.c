#include "rulings/legal_forms.h"

#include <string.h>

/* Phrases are normalised text (lower case, Latin, single spaces): Cyrillic forms arrive
 * here already transliterated (АО -> "ao", ООО -> "ooo", ЗАО -> "zao", ПАО -> "pao"). */
static const struct {
    const char *phrase;
    enum legal_form form;
} legal_forms[] = {
    {"inc", LF_INC},
    {"incorporated", LF_INC},
    {"corp", LF_CORP},
    {"corporation", LF_CORP},
    {"co", LF_CO},
    {"company", LF_CO},
    {"llc", LF_LLC},
    {"limited liability company", LF_LLC},
    {"ooo", LF_LLC},
    {"obshchestvo s ogranichennoy otvetstvennostyu", LF_LLC},
    {"obshchestvo s ogranichennoi otvetstvennostiu", LF_LLC},
    {"ltd", LF_LTD},
    {"limited", LF_LTD},
    {"plc", LF_PLC},
    {"public limited company", LF_PLC},
    {"jsc", LF_JSC},
    {"ao", LF_JSC},
    {"joint stock company", LF_JSC},
    {"aktsionernoe obshchestvo", LF_JSC},
    {"cjsc", LF_CJSC},
    {"zao", LF_CJSC},
    {"closed joint stock company", LF_CJSC},
    {"zakrytoe aktsionernoe obshchestvo", LF_CJSC},
    {"pjsc", LF_PJSC},
    {"pao", LF_PJSC},
    {"public joint stock company", LF_PJSC},
    {"publichnoe aktsionernoe obshchestvo", LF_PJSC},
    {"ojsc", LF_OJSC},
    {"oao", LF_OJSC},
    {"open joint stock company", LF_OJSC},
    {"otkrytoe aktsionernoe obshchestvo", LF_OJSC},
    {"lp", LF_LP},
    {"limited partnership", LF_LP},
    {"llp", LF_LLP},
    {"limited liability partnership", LF_LLP},
    {"gmbh", LF_GMBH},
    {"gesellschaft mit beschrankter haftung", LF_GMBH},
    {"ag", LF_AG},
    {"aktiengesellschaft", LF_AG},
    {"sa", LF_SA},
    {"nv", LF_NV},
    {"bv", LF_BV},
    {"ab", LF_AB},
    {"as", LF_AS},
    {"oy", LF_OY},
    {"kk", LF_KK},
    {"pte", LF_PTE},
    {"pty", LF_PTY},
    {"sarl", LF_SARL},
    {"sas", LF_SAS},
    {"spa", LF_SPA},
    {"srl", LF_SRL},
    {"kg", LF_KG},
    {"se", LF_SE},
};

static const char *const legal_form_names[LF_COUNT] = {
    "INC", "CORP", "CO",  "LLC", "LTD", "PLC", "JSC", "CJSC", "PJSC", "OJSC",
    "LP",  "LLP",  "GMBH", "AG", "SA",  "NV",  "BV",  "AB",   "AS",   "OY",
    "KK",  "PTE",  "PTY", "SARL", "SAS", "SPA", "SRL", "KG",  "SE"};

const char *legal_form_name(enum legal_form f)
{
    return (unsigned)f < LF_COUNT ? legal_form_names[f] : "";
}

/* Does `phrase` equal the n tokens words[0..n-1] joined by spaces? Returns tokens used. */
static size_t phrase_tokens(const char *phrase)
{
    size_t n = 1;
    for (const char *p = phrase; *p; p++) n += *p == ' ';
    return n;
}

static int phrase_equals(const char *phrase, const char *const *words, const size_t *lens,
                         size_t n)
{
    const char *p = phrase;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(p, words[i], lens[i]) != 0) return 0;
        p += lens[i];
        if (i + 1 < n) {
            if (*p != ' ') return 0;
            p++;
        }
    }
    return *p == '\0';
}

size_t legal_form_at(const char *const *words, const size_t *lens, size_t n,
                     enum legal_form *form)
{
    size_t best = 0;
    for (size_t i = 0; i < sizeof legal_forms / sizeof *legal_forms; i++) {
        size_t k = phrase_tokens(legal_forms[i].phrase);
        if (k <= n && k > best && phrase_equals(legal_forms[i].phrase, words, lens, k)) {
            best = k;
            *form = legal_forms[i].form;
        }
    }
    return best;
}

size_t legal_form_ending(const char *const *words, const size_t *lens, size_t n,
                         enum legal_form *form)
{
    size_t best = 0;
    for (size_t i = 0; i < sizeof legal_forms / sizeof *legal_forms; i++) {
        size_t k = phrase_tokens(legal_forms[i].phrase);
        if (k <= n && k > best &&
            phrase_equals(legal_forms[i].phrase, words + (n - k), lens + (n - k), k)) {
            best = k;
            *form = legal_forms[i].form;
        }
    }
    return best;
}
