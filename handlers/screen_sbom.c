/* POST /v1/screen: the components of a CycloneDX or SPDX JSON document as rows
 * (handlers/screen_input.h, docs/screening.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/screen_input.h"
#include "lib/utf8.h"

static const char *const cyclonedx_versions[] = {"1.4", "1.5", "1.6"};

enum screen_source sbom_media_source(const char *content_type)
{
    static const struct {
        const char *type;
        enum screen_source source;
    } types[] = {{"application/vnd.cyclonedx+json", SOURCE_CYCLONEDX},
                 {"application/spdx+json", SOURCE_SPDX}};
    if (!content_type) return SOURCE_LIST;
    size_t len = strcspn(content_type, "; \t");
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strlen(types[i].type) == len && strncasecmp(types[i].type, content_type, len) == 0)
            return types[i].source;
    return SOURCE_LIST;
}

static bool list_components(struct screen_reader *r, const json_t *array, int depth, size_t *cap,
                            struct rd_error *err);

/* One component, then those nested in it, into r->components (grown as needed); false,
 * with the reason in err, when nested too deep or out of memory. */
static bool add_component(struct screen_reader *r, const json_t *c, int depth, size_t *cap,
                          struct rd_error *err)
{
    if (r->n_components == *cap) {
        size_t more = *cap ? *cap * 2 : 64;
        const json_t **grown = realloc(r->components, more * sizeof *grown);
        if (!grown) {
            rd_error_set(err, "out of memory listing components");
            return false;
        }
        r->components = grown;
        *cap = more;
    }
    r->components[r->n_components++] = c;
    return list_components(r, json_object_get(c, "components"), depth + 1, cap, err);
}

/* The components of `array` (absent or not an array: none), depth first. */
static bool list_components(struct screen_reader *r, const json_t *array, int depth, size_t *cap,
                            struct rd_error *err)
{
    if (!json_is_array(array) || json_array_size(array) == 0) return true;
    if (depth > SBOM_MAX_DEPTH) {
        rd_error_set(err, "components are nested more than %d deep", SBOM_MAX_DEPTH);
        return false;
    }
    size_t i;
    const json_t *c;
    json_array_foreach(array, i, c)
    {
        if (!add_component(r, c, depth, cap, err)) return false;
    }
    return true;
}

static bool cyclonedx_version_ok(const json_t *doc, struct rd_error *err)
{
    const char *format = json_string_value(json_object_get(doc, "bomFormat"));
    const char *v = json_string_value(json_object_get(doc, "specVersion"));
    if (!format || strcmp(format, "CycloneDX") != 0) {
        rd_error_set(err, "not a CycloneDX document (bomFormat must be \"CycloneDX\")");
        return false;
    }
    for (size_t i = 0; v && i < sizeof cyclonedx_versions / sizeof *cyclonedx_versions; i++)
        if (strcmp(v, cyclonedx_versions[i]) == 0) return true;
    char safe[32];
    utf8_sanitize(safe, sizeof safe, v ? v : "(none)", strlen(v ? v : "(none)"));
    rd_error_set(err, "CycloneDX specVersion %s is not read: send 1.4, 1.5 or 1.6 (JSON)", safe);
    return false;
}

static bool spdx_version_ok(const json_t *doc, struct rd_error *err)
{
    const char *v = json_string_value(json_object_get(doc, "spdxVersion"));
    if (v && strcmp(v, "SPDX-2.3") == 0) return true;
    char safe[32];
    utf8_sanitize(safe, sizeof safe, v ? v : "(none)", strlen(v ? v : "(none)"));
    rd_error_set(err, "spdxVersion %s is not read: send an SPDX-2.3 JSON document", safe);
    return false;
}

/* The document's own date (when it was made: the day the inventory was taken), at `path`
 * (two member names); absent is fine, anything but an RFC 3339 instant refuses the document
 * (it would be every component's error). */
static bool document_date(struct screen_reader *r, const char *outer, const char *inner,
                          const char *field, struct rd_error *err)
{
    const json_t *v = json_object_get(json_object_get(r->doc, outer), inner);
    if (!v || json_is_null(v)) return true;
    const char *s = json_string_value(v);
    bool whole_day = false;
    if (s &&
        screen_date_parse(SCREEN_DATE_INSTANT, s, strlen(s), &r->doc_at, &whole_day) ==
            SCREEN_DATE_OK &&
        !whole_day) {
        r->doc_field = field;
        return true;
    }
    char safe[48];
    utf8_sanitize(safe, sizeof safe, s ? s : "(not a string)", strlen(s ? s : "(not a string)"));
    rd_error_set(err, "%s %s is not an RFC 3339 date-time (2024-09-29T04:00:00Z)", field, safe);
    return false;
}

enum screen_status sbom_open(struct screen_reader *r, struct rd_error *err)
{
    json_error_t e;
    size_t bom = utf8_bom_len(r->body, (size_t)(r->end - r->body));
    r->doc =
        json_loadb(r->body + bom, (size_t)(r->end - r->body) - bom, JSON_REJECT_DUPLICATES, &e);
    if (!r->doc || !json_is_object(r->doc)) {
        if (r->doc)
            rd_error_set(err, "the document must be a JSON object");
        else
            rd_error_set(err, "line %d: the document is not well-formed JSON: %s", e.line, e.text);
        return SCREEN_INVALID_BODY;
    }
    size_t cap = 0;
    if (r->source == SOURCE_CYCLONEDX) {
        if (!cyclonedx_version_ok(r->doc, err) ||
            !document_date(r, "metadata", "timestamp", "metadata.timestamp", err))
            return SCREEN_INVALID_BODY;
        const json_t *top = json_object_get(json_object_get(r->doc, "metadata"), "component");
        if (json_is_object(top) && !add_component(r, top, 0, &cap, err)) return SCREEN_INVALID_BODY;
        if (!list_components(r, json_object_get(r->doc, "components"), 0, &cap, err))
            return SCREEN_INVALID_BODY;
    } else {
        if (!spdx_version_ok(r->doc, err) ||
            !document_date(r, "creationInfo", "created", "creationInfo.created", err))
            return SCREEN_INVALID_BODY;
        if (!list_components(r, json_object_get(r->doc, "packages"), 0, &cap, err))
            return SCREEN_INVALID_BODY;
    }
    return SCREEN_ROW;
}

/* A string member into field f; a member of another type is the row's error. */
static void take(struct screen_raw *raw, const json_t *obj, const char *key, enum screen_field f,
                 const char *field)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v) || raw->v[f].text) return;
    if (!json_is_string(v)) {
        field_errors_add(&raw->errors, field, "invalid_type", "must be a string");
        return;
    }
    if (json_string_length(v) == 0) return;
    raw->v[f] = (struct screen_value){json_string_value(v), json_string_length(v), false};
}

/* An SPDX supplier or originator ("Organization: Name (email)", "Person: ...",
 * "NOASSERTION") as the name alone, into r->supplier. */
static void spdx_party(struct screen_reader *r, const json_t *pkg, const char *key)
{
    const char *s = json_string_value(json_object_get(pkg, key));
    if (!s || r->raw.v[SF_PUBLISHER].text) return;
    const char *colon = strchr(s, ':');
    if (!colon) return; /* NOASSERTION */
    s = colon + 1;
    while (*s == ' ')
        s++;
    size_t n = strcspn(s, "(");
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0 || n >= sizeof r->supplier) return;
    memcpy(r->supplier, s, n);
    r->supplier[n] = '\0';
    r->raw.v[SF_PUBLISHER] = (struct screen_value){r->supplier, n, false};
}

static void spdx_refs(struct screen_raw *raw, const json_t *pkg)
{
    size_t i;
    const json_t *ref;
    json_array_foreach(json_object_get(pkg, "externalRefs"), i, ref)
    {
        const char *type = json_string_value(json_object_get(ref, "referenceType"));
        if (!type) continue;
        if (!strcmp(type, "cpe23Type") || !strcmp(type, "cpe22Type"))
            take(raw, ref, "referenceLocator", SF_CPE, "cpe");
        else if (!strcmp(type, "purl"))
            take(raw, ref, "referenceLocator", SF_PURL, "purl");
    }
}

/* A CycloneDX organisational entity ({"name": ...}) as the publisher. */
static void cyclonedx_entity(struct screen_raw *raw, const json_t *c, const char *key)
{
    const json_t *e = json_object_get(c, key);
    if (json_is_object(e)) take(raw, e, "name", SF_PUBLISHER, key);
}

enum screen_status sbom_next(struct screen_reader *r)
{
    if (r->next_component >= r->n_components) return SCREEN_END;
    screen_row_reset(r);
    const json_t *c = r->components[r->next_component++];
    struct screen_raw *raw = &r->raw;
    if (!json_is_object(c)) {
        field_errors_add(&raw->errors, "row", "invalid_type", "a component must be an object");
        return SCREEN_ROW;
    }
    take(raw, c, "name", SF_NAME, "name");
    if (r->source == SOURCE_CYCLONEDX) {
        take(raw, c, "bom-ref", SF_REF, "bom-ref");
        take(raw, c, "version", SF_VERSION, "version");
        take(raw, c, "publisher", SF_PUBLISHER, "publisher");
        cyclonedx_entity(raw, c, "supplier");
        cyclonedx_entity(raw, c, "manufacturer");
        take(raw, c, "cpe", SF_CPE, "cpe");
        take(raw, c, "purl", SF_PURL, "purl");
        const json_t *notes = json_object_get(c, "releaseNotes");
        if (json_is_object(notes))
            take(raw, notes, "timestamp", SF_RELEASE_NOTES_TIME, "releaseNotes.timestamp");
    } else {
        take(raw, c, "SPDXID", SF_REF, "SPDXID");
        take(raw, c, "versionInfo", SF_VERSION, "versionInfo");
        spdx_party(r, c, "supplier");
        spdx_party(r, c, "originator");
        spdx_refs(raw, c);
        take(raw, c, "releaseDate", SF_RELEASE_DATE, "releaseDate");
        take(raw, c, "builtDate", SF_BUILT_DATE, "builtDate");
    }
    return SCREEN_ROW;
}
