#ifndef HANDLERS_OPENAPI_H
#define HANDLERS_OPENAPI_H
/* The API contract, docs/openapi.yaml, as compact JSON compiled into the binary
 * (generated at build time by handlers/embed_openapi.py). */
#include <stddef.h>

extern const char openapi_json[]; /* NUL-terminated */
extern const size_t openapi_json_len;

#endif
