#include "server/framing.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "server/request.h"

/* The marks framing_request_line leaves in *con_cls. */
static char nul_in_path, too_many_params;

/* Whether the path of a raw request target (before libmicrohttpd decodes it) holds "%00":
 * decoded, the path would end there, and "/v1/admin/subjects/x%00y" would name "x". */
static bool path_has_nul(const char *uri)
{
    size_t path = strcspn(uri, "?");
    for (size_t i = 0; i + 3 <= path; i++)
        if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0') return true;
    return false;
}

void *framing_request_line(const char *uri)
{
    if (!uri) return NULL;
    if (path_has_nul(uri)) return &nul_in_path;
    char *query = strchr(uri, '?');
    if (!query) return NULL;
    unsigned params = 1;
    for (const char *p = query; *p; p++)
        params += *p == '&';
    if (params <= FRAMING_MAX_PARAMS) return NULL;
    /* libmicrohttpd splits the query at '&' right after this callback, into the fixed
     * memory of the connection; the request is refused whole, so one parameter will do. */
    for (char *p = query; *p; p++)
        if (*p == '&') *p = ';';
    return &too_many_params;
}

bool framing_is_mark(const void *con_cls)
{
    return con_cls == &nul_in_path || con_cls == &too_many_params;
}

/* One pass over the headers and parameters gathers what the refusals need (a look-up by
 * name walks the same list again each time). */
struct header_scan {
    unsigned content_lengths;
    bool host;
    const char *te, *expect; /* the first of each, or NULL */
    char nul_in[64];         /* the first header or parameter holding a NUL ("" none) */
};

static enum MHD_Result scan_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size)
{
    struct header_scan *scan = cls;
    bool nul_in_key = strlen(key) != key_size;
    bool nul = nul_in_key || (value && strlen(value) != value_size);
    /* named as the client named it; a name cut short by its NUL is "query" or "header" */
    if (nul && !scan->nul_in[0])
        snprintf(scan->nul_in, sizeof scan->nul_in, "%s",
                 !nul_in_key && key_size < sizeof scan->nul_in ? key
                 : kind == MHD_HEADER_KIND                     ? "header"
                                                               : "query");
    /* a name cut by a NUL is refused as such; it is not the header it starts like */
    if (kind != MHD_HEADER_KIND || nul_in_key) return MHD_YES;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        scan->content_lengths++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
        scan->host = true;
    else if (!scan->te && strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
        scan->te = value ? value : "";
    else if (!scan->expect && strcasecmp(key, MHD_HTTP_HEADER_EXPECT) == 0)
        scan->expect = value ? value : "";
    return MHD_YES;
}

static bool refuse_field(struct request *req, const char *field, const char *code,
                         const char *message)
{
    reply_field_problem(req, PROBLEM_INVALID_PARAMETER, field, code, message, NULL);
    return true;
}

/* The headers: a NUL anywhere, Content-Length repeated or beside Transfer-Encoding, a
 * Transfer-Encoding other than chunked, an unknown expectation. */
static bool refuse_headers(struct request *req, const struct header_scan *scan)
{
    if (scan->nul_in[0])
        return refuse_field(req, scan->nul_in, "invalid_encoding",
                            "holds a NUL character, which no header or parameter may");
    const char *te = scan->te;
    if (scan->content_lengths > 1 || (te && scan->content_lengths))
        return refuse_field(req, "Content-Length", "ambiguous",
                            "given more than once, or with Transfer-Encoding: the body's "
                            "length must be stated once (RFC 9112, 6.3)");
    if (te && strcasecmp(te, "chunked") != 0) {
        reply_problem(req, PROBLEM_NOT_IMPLEMENTED,
                      "Transfer-Encoding: only chunked is read (or send a Content-Length)", NULL);
        return true;
    }
    const char *expect = scan->expect;
    if (expect && strcasecmp(expect, "100-continue") != 0) {
        reply_problem(req, PROBLEM_EXPECTATION_FAILED,
                      "Expect: only 100-continue is an expectation this server meets", NULL);
        return true;
    }
    return false;
}

bool framing_refuse(struct request *req, const void *mark, const char *version)
{
    if (mark == &nul_in_path)
        return refuse_field(req, "path", "invalid_encoding",
                            "holds an encoded NUL (%00), which no path may");
    if (mark == &too_many_params)
        return refuse_field(req, "query", "too_many",
                            "more than 64 parameters; no route takes more than a dozen");
    struct header_scan scan = {0};
    MHD_get_connection_values_n(req->conn, MHD_HEADER_KIND | MHD_GET_ARGUMENT_KIND, scan_one,
                                &scan);
    if (version && strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && !scan.host)
        return refuse_field(req, "Host", "required",
                            "an HTTP/1.1 request must send Host (RFC 9112, section 3.2)");
    return refuse_headers(req, &scan);
}
