#include "server/accept.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/request.h"

/* The length of s up to the first of `stop` (or its end), without trailing blanks. */
static size_t token_len(const char *s, const char *stop)
{
    size_t n = strcspn(s, stop);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n;
}

/* q of a range's parameters ("; q=0.5"), [params, params + len): 1 when not given. */
static double quality(const char *params, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (params[i] != ';') continue;
        size_t k = i + 1;
        while (k < len && (params[k] == ' ' || params[k] == '\t'))
            k++;
        if (k + 2 <= len && (params[k] == 'q' || params[k] == 'Q') && params[k + 1] == '=')
            return strtod(params + k + 2, NULL);
    }
    return 1.0;
}

/* Does the range [r, r+n) cover type/sub: the same, or with a wildcard type or subtype? */
static bool covers(const char *r, size_t n, const char *type, size_t tlen, const char *sub,
                   size_t slen)
{
    const char *slash = memchr(r, '/', n);
    if (!slash) return false;
    size_t rt = (size_t)(slash - r), rs = n - rt - 1;
    bool type_ok = (rt == 1 && r[0] == '*') || (rt == tlen && strncasecmp(r, type, tlen) == 0);
    bool sub_ok =
        (rs == 1 && slash[1] == '*') || (rs == slen && strncasecmp(slash + 1, sub, slen) == 0);
    return type_ok && sub_ok;
}

bool accept_allows(const char *accept, const char *media)
{
    if (!accept) return true;
    size_t mlen = token_len(media, ";");
    const char *slash = memchr(media, '/', mlen);
    if (!slash) return true;
    size_t tlen = (size_t)(slash - media), slen = mlen - tlen - 1;
    for (const char *p = accept; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t item = strcspn(p, ",");
        size_t range = token_len(p, ";,");
        if (range && covers(p, range, media, tlen, slash + 1, slen) &&
            quality(p + range, item - range) > 0)
            return true;
        p += item;
    }
    /* an empty Accept (or only blanks and commas) asks for nothing in particular */
    return token_len(accept + strspn(accept, " \t,"), "") == 0;
}

bool accept_coding_allows(const char *accept_encoding, const char *coding)
{
    if (!accept_encoding) return false;
    size_t clen = strlen(coding);
    for (const char *p = accept_encoding; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t item = strcspn(p, ",");
        size_t name = token_len(p, ";,");
        bool named =
            (name == clen && strncasecmp(p, coding, clen) == 0) || (name == 1 && p[0] == '*');
        if (named && quality(p + name, item - name) > 0) return true;
        p += item;
    }
    return false;
}

bool accept_enforce(struct request *req)
{
    if (req->stream || !req->content_type || req->status < 200 || req->status >= 300) return false;
    const char *accept = req_header(req, "Accept");
    if (accept_allows(accept, req->content_type)) return false;
    char detail[200];
    snprintf(detail, sizeof detail,
             "Accept does not allow %.*s, the only type this answer comes in",
             (int)token_len(req->content_type, ";"), req->content_type);
    reply_drop_body(req);
    req->resp_len = 0;
    req->n_headers = 0;
    req->replied = false;
    reply_problem(req, PROBLEM_NOT_ACCEPTABLE, detail, NULL);
    return true;
}
