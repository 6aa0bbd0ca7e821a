#ifndef LIB_ENUM_NAMES_H
#define LIB_ENUM_NAMES_H
/* The names of an enum's values, for parsing and printing them: value i is names[i]. */
#include <stddef.h>

struct enum_names {
    const char *const *names;
    int count;
};

/* A struct enum_names from a static array of names. */
// clang-format off
#define ENUM_NAMES(arr) {arr, (int)(sizeof arr / sizeof arr[0])}
// clang-format on

/* Returns the value whose name is `s`, or -1. */
int enum_parse(const struct enum_names *e, const char *s);
/* The one syntax of a boolean parameter: 1 for "true" or "1", 0 for "false" or "0", -1 for
 * anything else. (Given with no value, `?pretty`, a boolean is true: the caller's to see.) */
int enum_parse_bool(const char *s);
/* Returns the name of `v` ("" when out of range). */
const char *enum_name(const struct enum_names *e, int v);
/* Writes "a, b, c" (empty names left out) for error messages. */
void enum_list(const struct enum_names *e, char *buf, size_t size);

#endif
