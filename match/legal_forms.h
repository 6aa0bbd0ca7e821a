#ifndef MATCH_LEGAL_FORMS_H
#define MATCH_LEGAL_FORMS_H
/*
 * Legal-form words as symbols: "АО", "AO" and "JSC" are the same symbol, so that
 * they can agree across languages instead of vanishing. The table is in
 * legal_forms.c; each entry is a phrase of one or more normalised tokens and says
 * where in a name it is written: every form may end a name ("Kaspersky Lab ZAO"),
 * only some are written before it ("АО «Лаборатория Касперского»", "PT Bank X"),
 * so that "Co-operative Bank" keeps its "co".
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// clang-format off
enum legal_form {
    LF_INC, LF_CORP, LF_CO, LF_LLC, LF_LTD, LF_PLC, LF_JSC, LF_CJSC, LF_PJSC, LF_OJSC,
    LF_LP, LF_LLP, LF_GMBH, LF_AG, LF_SA, LF_NV, LF_BV, LF_AB, LF_AS, LF_OY, LF_KK,
    LF_PTE, LF_PTY, LF_SARL, LF_SAS, LF_SPA, LF_SRL, LF_KG, LF_SE, LF_SUE, LF_GP,
    LF_COUNT
};
// clang-format on
_Static_assert(LF_COUNT <= 32, "legal forms are a 32-bit set");

enum legal_place { LF_AT_START = 1, LF_AT_END = 2 };

/* If the normalised tokens starting at words[0] begin with a legal-form phrase that is
 * written before names, returns how many tokens it spans and sets *form; else 0.
 * `words`/`lens` describe `n` tokens. The longest phrase wins. */
size_t legal_form_at(const char *const *words, const size_t *lens, size_t n, enum legal_form *form);
/* Same, for any legal-form phrase that ends at words[n-1]. */
size_t legal_form_ending(const char *const *words, const size_t *lens, size_t n,
                         enum legal_form *form);
/* Is this one token a legal-form word on its own ("gmbh", "ltd", "ooo")? Sets *form
 * (may be NULL). For words in the middle of a name, which the scorer counts as noise
 * and whose symbol still takes part in comparing forms ("Acme Inc. (USA)"). */
bool legal_form_word(const char *word, size_t len, enum legal_form *form);

/* The word of a legal-form phrase, of seven letters or more, that `word` is or is one edit
 * from ("compsny" for "company", "liwmited" for "limited", "privtae" for "private"), with its
 * length in *out_len (it ends at a space or NUL); NULL when there is none. Typed names misspell
 * legal forms as often as names, and a legal form left as an unknown word costs a name most of its
 * score. */
const char *legal_form_misspelt(const char *word, size_t len, size_t *out_len);

/* The legal forms (a set of enum legal_form) of which `word` (letters only, three to seven)
 * may be the word misspelt: one edit from a legal form written as one word of four to six
 * letters that is no English word ("ltqa" for LTDA, "gmhb" for GMBH), being itself no legal
 * form, no English word and no name ("Carl" and "Sara" are one letter from SARL); 0 when none.
 * The normaliser cannot tell it from a name's last word; the scorer weighs it as noise where
 * the listed name has one of those forms. */
uint32_t legal_form_abbreviation_misspelt(const char *word, size_t len);

const char *legal_form_name(enum legal_form f); /* "JSC", "LLC", ... */

#endif
