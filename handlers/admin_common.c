/* Helpers shared by the admin handlers (handlers/admin.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "handlers/admin.h"
#include "db/seed.h"
#include "lib/jsonw.h"
#include "lib/utf8.h"
#include "handlers/params.h"
#include "rulings/current.h"
#include "rulings/json_reader.h"

/* JSON is application/json or any application/...+json; no Content-Type is taken as JSON
 * (curl -X PUT --data-binary @file sends none). */
static bool is_json(const char *content_type)
{
    if (!content_type) return true;
    size_t n = strcspn(content_type, ";");
    while (n > 0 && content_type[n - 1] == ' ')
        n--;
    if (n == 16 && strncasecmp(content_type, "application/json", 16) == 0) return true;
    return n > 17 && strncasecmp(content_type, "application/", 12) == 0 &&
           strncasecmp(content_type + n - 5, "+json", 5) == 0;
}

bool admin_read_json(struct request *req, json_t **out)
{
    *out = NULL;
    const char *ct = req_header(req, "Content-Type");
    if (!is_json(ct)) {
        reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE,
                      "send the body as JSON with Content-Type: application/json", NULL);
        return false;
    }
    size_t len;
    const char *body = req_body(req, &len), *path = req_body_path(req);
    if (len == 0 && !path) {
        reply_problem(req, PROBLEM_INVALID_BODY, "the body is empty: send a JSON object", NULL);
        return false;
    }
    json_error_t e;
    /* an import's body is kept on disk (ROUTE_SPOOLED_BODY); a leading BOM is skipped in
     * either, as in every body (lib/utf8.h) */
    size_t bom = utf8_bom_len(body, len);
    *out = path ? jr_load_file(path, &e)
                : json_loadb(body + bom, len - bom, JSON_REJECT_DUPLICATES, &e);
    if (!*out) {
        char detail[300];
        snprintf(detail, sizeof detail, "the body is not valid JSON (line %d, column %d): %s",
                 e.line, e.column, e.text);
        reply_field_problem(req, PROBLEM_INVALID_BODY, "body", "invalid_json", detail, detail);
        return false;
    }
    return true;
}

/* A strong entity tag holding a version: "\"12\"" (W/ tags never match: RFC 9110 13.1.1). */
static bool parse_version_tag(const char *s, int64_t *out)
{
    while (*s == ' ')
        s++;
    if (*s++ != '"') return false;
    char *end;
    if (*s < '0' || *s > '9') return false;
    long long v = strtoll(s, &end, 10);
    /* the ETag of a record sent gzip-compressed names the same version (server/encoding.h) */
    if (strncmp(end, "-gzip\"", 6) == 0) end += 5;
    if (*end++ != '"' || v < 1) return false;
    while (*end == ' ')
        end++;
    if (*end) return false;
    *out = v;
    return true;
}

bool admin_if_match(struct request *req, int64_t *version)
{
    const char *h = req_header(req, "If-Match");
    if (!h) {
        reply_problem(req, PROBLEM_PRECONDITION_REQUIRED,
                      "send If-Match with the version you read (the record's ETag, e.g. "
                      "If-Match: \"3\"), so that no one else's change is overwritten",
                      NULL);
        return false;
    }
    if (!parse_version_tag(h, version)) {
        reply_field_problem(req, PROBLEM_INVALID_PARAMETER, "If-Match", "invalid_value",
                            "must be one record version as a quoted ETag, such as \"3\"", NULL);
        return false;
    }
    return true;
}

void admin_reply_failed(struct request *req, const char *what, const struct rd_error *err)
{
    req_log_error(req, "%s: %s (sqlstate %s)", what, err->message,
                  err->sqlstate[0] ? err->sqlstate : "none");
    reply_problem(req, PROBLEM_INTERNAL, NULL, NULL);
}

void admin_set_revision(struct request *req, long long revision)
{
    char rev[24];
    snprintf(rev, sizeof rev, "%lld", revision);
    reply_header(req, "X-Data-Revision", rev);
}

json_t *admin_editable(const json_t *body, const char *id)
{
    static const char *const read_only[] = {"version", "created_at", "updated_at", "revoked_at",
                                            NULL};
    json_t *copy = json_copy((json_t *)body);
    if (!copy || !json_is_object(copy)) return copy;
    for (const char *const *k = read_only; *k; k++)
        json_object_del(copy, *k);
    if (id && !json_object_get(copy, "id")) json_object_set_new(copy, "id", json_string(id));
    return copy;
}

void admin_wait_served(long long revision)
{
    (void)current_wait_revision(revision, ADMIN_WAIT_SERVED_MS);
}

static void write_fields(struct jw *w, const char *fields)
{
    jw_array_begin(w);
    for (const char *s = fields; s && *s;) {
        size_t n = strcspn(s, ",");
        jw_string_n(w, s, n);
        s += n + (s[n] == ',');
    }
    jw_array_end(w);
}

void admin_write_changes(struct jw *w, const struct seed_report *r, bool dry_run)
{
    JW_MEMBER_INT(w, "changes_total", (long long)r->changes_total);
    jw_key(w, "changes");
    jw_array_begin(w);
    for (size_t i = 0; i < r->n_changes; i++) {
        const struct seed_change *c = &r->changes[i];
        jw_object_begin(w);
        if (!dry_run) /* a dry run's revisions were never given out */
            JW_MEMBER_INT(w, "revision", c->revision);
        JW_MEMBER_STRING(w, "action", c->action);
        JW_MEMBER_STRING(w, "entity", c->entity);
        JW_MEMBER_STRING(w, "id", c->id);
        jw_key(w, "fields");
        write_fields(w, c->fields);
        jw_object_end(w);
    }
    jw_array_end(w);
    JW_MEMBER_INT(w, "changes_not_listed", (long long)(r->changes_total - r->n_changes));
}
