#ifndef RULINGS_CHANGE_IMAGE_H
#define RULINGS_CHANGE_IMAGE_H
/*
 * The audit trail keeps every write as full row images (the JSON of a table row, as
 * the audit trigger stores it: subject_id, measure_code, "+00:00" offsets ...). This
 * renders an image as the record the API speaks of everywhere else: the data-set form
 * (rulings/dataset_json.h: subject, measure {code, text}, RFC 3339 instants in UTC) plus
 * version, created_at, updated_at and revoked_at. Columns it does not know (a later
 * migration's) follow under their own names, so nothing stored is ever hidden.
 */
#include <jansson.h>
#include <stdbool.h>

#include "lib/jsonw.h"

/* The API field a column holds for `entity` ("subject_id" -> "subject", "measure_code"
 * -> "measure.code"); other columns keep their name. */
const char *image_field_of_column(const char *column);

/* Writes `image` (a JSON object; NULL or JSON null writes null) for `entity` ("source",
 * "subject", "alias", "ruling"; anything else is copied as it is). */
void change_image_write(struct jw *w, const char *entity, const json_t *image);

/* Writes the array of API fields whose values differ between two images (version and
 * timestamps left out), sorted; [] when either is not an object. */
void change_image_changed(struct jw *w, const json_t *before, const json_t *after);

#endif
