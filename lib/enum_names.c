#include "lib/enum_names.h"

#include <stdio.h>
#include <string.h>

int enum_parse(const struct enum_names *e, const char *s)
{
    if (!s || !*s) return -1;
    for (int i = 0; i < e->count; i++)
        if (strcmp(e->names[i], s) == 0) return i;
    return -1;
}

const char *enum_name(const struct enum_names *e, int v)
{
    return v >= 0 && v < e->count ? e->names[v] : "";
}

void enum_list(const struct enum_names *e, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < e->count; i++) {
        if (!*e->names[i]) continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", e->names[i]);
        if (n < 0 || (size_t)n >= size - used) break;
        used += (size_t)n;
    }
}

int enum_parse_bool(const char *s)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0) return 1;
    if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0) return 0;
    return -1;
}
