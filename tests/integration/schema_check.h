#ifndef TESTS_SCHEMA_CHECK_H
#define TESTS_SCHEMA_CHECK_H
/*
 * A small JSON Schema checker for the subset docs/openapi.yaml uses, so the integration
 * tests can validate real answers against the contract. Keywords: $ref (within the
 * document), type (one or a list), enum, const, properties, required,
 * additionalProperties (boolean or schema), items, oneOf, anyOf, allOf, minimum, maximum,
 * minLength, maxLength, pattern (POSIX extended), format (date-time, date); annotations
 * (description, title, examples, example, default, summary, deprecated) are skipped.
 * Any other keyword fails the check: the document must not say what is not checked.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* The served contract (GET /openapi.json on the shared server), fetched once per thread;
 * do not decref. */
json_t *openapi_doc(void);

/* Resolves "#/a/b/c" in `doc`; NULL when absent. */
json_t *schema_resolve(json_t *doc, const char *ref);

/* The documented response `status` ("200", or "default") for `method` ("get") on `path`
 * (as written in the document, "/v1/subjects/{id}"), $ref resolved; NULL when
 * undocumented. _media: its media type object for `media`; _schema: that one's schema. */
json_t *openapi_response(json_t *doc, const char *path, const char *method, const char *status);
json_t *openapi_response_media(json_t *doc, const char *path, const char *method,
                               const char *status, const char *media);
json_t *openapi_response_schema(json_t *doc, const char *path, const char *method,
                                const char *status, const char *media);

/* Validates `value`; on failure writes the JSON path and reason into `why`. */
bool schema_validate(json_t *doc, json_t *schema, json_t *value, char *why, size_t size);

/* Walks a schema and everything nested in it (properties, items, additionalProperties,
 * oneOf/anyOf/allOf) without a value: false, with where, at the first keyword the checker
 * does not know -- so a schema no answer reaches is still checked for typos. */
bool schema_keywords_known(json_t *schema, char *why, size_t size);

/* Asserts (Criterion) that `value` fits the documented response; `what` names the case. */
void expect_documented(const char *path, const char *method, const char *status, const char *media,
                       json_t *value, const char *what);

/* The answer `r` has status `status` and fits the response documented for it (its media
 * type from its Content-Type, no body for 204 and 304), headers included
 * (expect_headers_listed); `what` names the case. */
void expect_answer_documented(const struct http *r, const char *path, const char *method,
                              long status, const char *what);
/* The same against the response `response` ("default" for a status not listed). */
void expect_answer_fits(const struct http *r, const char *path, const char *method,
                        const char *response, const char *what);

/* Every header of the answer `r` is listed in the documented `response` (resolved) and its
 * value fits the header's schema, but for those every answer carries whatever the route
 * (Date, Content-Type, Content-Length, Transfer-Encoding, Connection, and the three fixed
 * security headers the document's info.description states). */
void expect_headers_listed(const struct http *r, json_t *response, const char *what);

#endif
