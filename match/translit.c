#include "match/translit.h"

#include <stddef.h>

/* U+0430 .. U+045F, lower case (input is case-folded first). */
// clang-format off
static const char *const cyrillic[] = {
    /* а б в г д е ж з и й к л м н о п */
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    /* р с т у ф х ц ч ш щ ъ ы ь э ю я */
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    /* ѐ ё ђ ѓ є ѕ і ї ј љ њ ћ ќ ѝ ў џ */
    "e", "e", "dj", "g", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "k", "i", "u", "dz",
};
// clang-format on

// clang-format off
static const struct {
    int32_t cp;
    const char *ascii;
} latin_extra[] = {
    {0x00DF, "ss"}, {0x00E6, "ae"}, {0x00F0, "d"}, {0x00F8, "o"},  {0x00FE, "th"},
    {0x0111, "d"},  {0x0127, "h"},  {0x0131, "i"}, {0x0142, "l"},  {0x0153, "oe"},
    {0x0167, "t"},  {0x0491, "g"},  {0x04BB, "h"}, {0x04E9, "o"},  {0x04AF, "u"},
};
// clang-format on

const char *translit_codepoint(int32_t cp, bool *is_cyrillic)
{
    *is_cyrillic = false;
    if (cp >= 0x0430 && cp <= 0x045F) {
        *is_cyrillic = true;
        return cyrillic[cp - 0x0430];
    }
    for (size_t i = 0; i < sizeof latin_extra / sizeof *latin_extra; i++) {
        if (latin_extra[i].cp == cp) {
            *is_cyrillic = cp >= 0x0400 && cp <= 0x04FF;
            return latin_extra[i].ascii;
        }
    }
    return NULL;
}
