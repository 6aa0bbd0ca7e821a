#ifndef LIB_ASCII_H
#define LIB_ASCII_H
/* ASCII case, whatever the locale: identifiers, schemes and markers are ASCII. */

static inline char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

#endif
