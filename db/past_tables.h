#ifndef DB_PAST_TABLES_H
#define DB_PAST_TABLES_H
/*
 * The data tables as they stood at a past revision ($1), rebuilt from the change log
 * alone (docs/decisions/0008-known-at.md): each record is the after-image of its last
 * change at or before $1, made a row of its table again by jsonb_populate_record. Put in
 * front of a query that reads `sources`, `subjects`, `aliases`, `rulings` and
 * `list_imports`, these common table expressions take the tables' names, so that the
 * snapshot loader's own queries (db/load.c) read the past unchanged. Replay reads only
 * `changes` (and list_imports, which is only ever appended to): what a later write or
 * migration does to the live rows cannot change a past answer. Roll-back (a revision close
 * to the latest, RESTRICTD_PAST_ROLLBACK_MAX) reads the live rows less the changes after
 * the revision: it relies on every write of the live rows being logged as a change (the
 * triggers); a migration that rewrote live rows without logging would make the two
 * disagree, and RESTRICTD_PAST_ROLLBACK_MAX=0 gives back the log-only guarantee.
 *
 * Images written before a column existed lack it: they read as the value the migration
 * that added it gave existing rows (0004: binds became a list, reach came from
 * extends_to_affiliates; 0004, 0006, 0009: empty lists).
 * Each table is made once (MATERIALIZED); PostgreSQL cannot know how many rows they hold,
 * and would join them in nested loops (minutes for a real list): the loader turns those
 * off for its transaction (PAST_PLANNER), and with them the JIT compiler, which the cost
 * of a plan without them sets off (a second spent compiling a query of milliseconds).
 * A list import's health is what list_imports said just before the next revision: the
 * written imports up to $1, and the refused ones recorded before the change after $1.
 */

#define PAST_RULING_DEFAULTS                                                                       \
    "'{\"affects\": [], \"condition\": null, \"exempts\": [], \"suspensions\": [],"                \
    " \"certainty\": \"known\", \"quote_source\": null}'::jsonb"
#define PAST_SUBJECT_DEFAULTS                                                                      \
    "'{\"categories\": [], \"identifiers\": [], \"born\": [], \"nationalities\": [],"              \
    " \"addresses\": []}'::jsonb"

/* A ruling image of before migration 0004, as that migration rewrote the rows. */
#define PAST_RULING_IMAGE                                                                          \
    "(" PAST_RULING_DEFAULTS " || c.after"                                                         \
    " || CASE WHEN jsonb_typeof(c.after->'binds') = 'string'"                                      \
    " THEN jsonb_build_object('binds', jsonb_build_array(c.after->'binds')) ELSE '{}' END"         \
    " || CASE WHEN c.after ? 'reach' THEN '{}' ELSE jsonb_build_object('reach',"                   \
    " jsonb_build_object('group', coalesce(c.after->'extends_to_affiliates', 'false'),"            \
    " 'products', 'all', 'incorporating', true)) END)"

#define PAST_TABLE(name, entity, image)                                                            \
    name " AS MATERIALIZED (SELECT r.* FROM past_images c, jsonb_populate_record(NULL::" name      \
         ", " image ") r WHERE c.entity = '" entity "')"

/* Run in the loading transaction, before the queries. */
#define PAST_PLANNER                                                                               \
    "SELECT set_config('enable_nestloop', 'off', true), set_config('jit', 'off', true)"

/* The four tables, each of its images in past_images (member `after`), and list_imports. */
#define PAST_SUBJECT_IMAGE "(" PAST_SUBJECT_DEFAULTS " || c.after)"
#define PAST_LIST_IMPORTS                                                                          \
    "list_imports AS (SELECT * FROM list_imports i WHERE CASE WHEN i.revision IS NOT NULL"         \
    " THEN i.revision <= $1::bigint ELSE i.finished_at < coalesce((SELECT min(x.at)"               \
    " FROM changes x WHERE x.revision > $1::bigint), 'infinity') END) "
#define PAST_ALL(table)                                                                            \
    table("sources", "source", "c.after") ", " table(                                              \
        "subjects", "subject",                                                                     \
        PAST_SUBJECT_IMAGE) ", " table("aliases", "alias",                                         \
                                       "c.after") ", " table("rulings", "ruling",                  \
                                                             PAST_RULING_IMAGE) ", " PAST_LIST_IMPORTS

/* Replay: the after-image of each record's last change at or before $1. */
#define PAST_TABLES                                                                                \
    "WITH past_images AS MATERIALIZED (SELECT DISTINCT ON (entity, entity_id) entity, after"       \
    " FROM changes WHERE revision <= $1::bigint"                                                   \
    " ORDER BY entity DESC, entity_id DESC, revision DESC), " PAST_ALL(PAST_TABLE)

/*
 * Roll-back (docs/decisions/0008-known-at.md, "Rolling back near the latest revision"): the
 * live rows of the records no change after $1 touched, and for the others the before-image
 * of their first change after $1 (none: created after $1). Only the changes after $1 are
 * decoded. Inside a CTE its own name is the table: `FROM subjects l` reads the live rows.
 * The before-image is named `after` so that the image expressions above serve both.
 * The tables are not materialised: the planner then joins the live tables' rows as it does
 * for a live load (the four queries in 0.44 s instead of 0.60 s with the real lists).
 */
#define PAST_UNDONE_TABLE(name, entity, image)                                                     \
    name " AS NOT MATERIALIZED (SELECT l.* FROM " name " l WHERE NOT EXISTS (SELECT FROM"          \
         " past_images c WHERE c.entity = '" entity "' AND c.entity_id = l.id::text)"              \
         " UNION ALL SELECT r.* FROM past_images c, jsonb_populate_record(NULL::" name ", " image  \
         ") r WHERE c.entity = '" entity "' AND c.after IS NOT NULL)"
#define PAST_ROLLBACK_TABLES                                                                       \
    "WITH past_images AS MATERIALIZED (SELECT DISTINCT ON (entity, entity_id) entity, entity_id,"  \
    " before AS after FROM changes WHERE revision > $1::bigint"                                    \
    " ORDER BY entity, entity_id, revision), " PAST_ALL(PAST_UNDONE_TABLE)

#endif
