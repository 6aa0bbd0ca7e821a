#ifndef MATCH_NORMALIZE_H
#define MATCH_NORMALIZE_H
/*
 * Name normalisation: one implementation for the names in a snapshot and the
 * names people ask about, so that both meet in the same form.
 *
 *   "АО «Лаборатория Касперского»" -> text "laboratoriya kasperskogo", legal {JSC}
 *   "Kaspersky Lab, Inc."          -> text "kaspersky lab",            legal {INC}
 *
 * Steps: UTF-8 validation; party labels, vessel prefixes and former names around the name
 * taken off (match/annotations.h); Unicode NFKC + case folding (utf8proc); Cyrillic to
 * Latin (match/translit.c); accents stripped; apostrophes dropped; an ampersand between two
 * letters or digits the word "and" ("AT&T" is "AT and T", "H&M" "H and M"; a spaced "&" stays
 * a separator, as in "GmbH & Co. KG"); a hyphen between two letters or digits a space
 * remembered in `hyphened` ("Young-Chol" is one given name); every other
 * non-alphanumeric character a space; runs of one-letter tokens joined ("S.A." ->
 * "sa"); a leading "the" dropped; legal-form phrases at the end of the name, and
 * those written before names (АО, ООО, JSC, LLC, PT ...) at its start
 * (match/legal_forms.c), taken out of the text and kept as symbols that compare
 * across languages; legal-form words left inside are noted in legal_inner.
 * No allocation beyond utf8proc's own for non-ASCII input.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NORM_MAX_INPUT 1024 /* bytes of input accepted */
#define NORM_MAX_TEXT 2048  /* bytes of normalised text */
#define NORM_MAX_TOKENS 64

enum norm_status { NORM_OK, NORM_INVALID_UTF8, NORM_TOO_LONG };

/* How a token was written, where that changes how its transliteration compares: in an abjad
 * (Arabic, Hebrew: no short vowels, compared by consonants, match/match_consonants.h), in
 * Hangul (romanisations differ in vowels: "jeong", "jong", "chung"), in Greek (modern readings:
 * "nt" for d, "ou" for u), else plain. */
enum norm_reading { NORM_READ_PLAIN, NORM_READ_ABJAD, NORM_READ_HANGUL, NORM_READ_GREEK };

struct norm_token {
    uint16_t off, len; /* into norm_name.text */
};

struct norm_name {
    char text[NORM_MAX_TEXT]; /* tokens joined by single spaces; "" when nothing distinctive */
    size_t len;
    uint32_t legal;       /* bit set of enum legal_form, taken from the ends */
    uint32_t legal_inner; /* forms of legal-form words left inside the text */
    bool transliterated;  /* some Cyrillic letter was transliterated */
    /* A former or other name the text gives ("X (ex-Y)", "X f/k/a Y": match/annotations.h),
     * as bytes of the raw input; former_len 0 when none. */
    uint16_t former_off, former_len;
    unsigned ntokens;
    struct norm_token tokens[NORM_MAX_TOKENS];
    uint8_t reading[NORM_MAX_TOKENS]; /* enum norm_reading of each token */
    uint64_t qualifiers;              /* bit i: token i is a qualifier's (match/qualifiers.h) */
    uint64_t hyphened; /* bit i: token i was joined to token i - 1 by a hyphen ("young-chol":
                        * bit 1), the words of one name */
    uint64_t initials; /* bit i: token i is letters written apart and joined ("Y. C." -> "yc") */
};

enum norm_status normalize_name(const char *s, size_t len, struct norm_name *out);

#endif
