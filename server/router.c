#include "server/router.h"

#include <stdio.h>
#include <string.h>

/* Does `path` fit `pattern`? Fills params (copied into m->storage). */
static bool fits(const char *pattern, const char *path, struct route_match *m)
{
    size_t used = 0;
    unsigned n = 0;
    memset(m->params, 0, sizeof m->params); /* nothing left over from another candidate */
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *pend = strchr(p, '}');
            const char *send = strchr(s, '/');
            size_t len = send ? (size_t)(send - s) : strlen(s);
            if (!pend || len == 0 || n >= ROUTE_MAX_PARAMS || used + len + 1 > sizeof m->storage)
                return false;
            memcpy(m->storage + used, s, len);
            m->storage[used + len] = '\0';
            m->params[n++] = m->storage + used;
            used += len + 1;
            p = pend + 1;
            s += len;
            continue;
        }
        if (*p != *s) return false;
        p++;
        s++;
    }
    return *p == '\0' && *s == '\0';
}

enum route_result router_match(const char *method, const char *path, struct route_match *m)
{
    memset(m->params, 0, sizeof m->params);
    m->route = NULL;
    m->allow[0] = '\0';
    bool path_known = false;
    bool is_head = strcmp(method, "HEAD") == 0;
    for (size_t i = 0; i < n_routes; i++) {
        const struct route *r = &routes[i];
        if (!fits(r->pattern, path, m)) continue;
        path_known = true;
        if (strcmp(r->method, method) == 0 || (is_head && strcmp(r->method, "GET") == 0)) {
            m->route = r;
            return ROUTE_FOUND;
        }
        size_t used = strlen(m->allow);
        const char *sep = used ? ", " : "";
        snprintf(m->allow + used, sizeof m->allow - used, "%s%s%s", sep, r->method,
                 strcmp(r->method, "GET") == 0 ? ", HEAD" : "");
    }
    return path_known ? ROUTE_METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND;
}
