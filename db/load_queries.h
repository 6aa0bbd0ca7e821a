#ifndef DB_LOAD_QUERIES_H
#define DB_LOAD_QUERIES_H
/*
 * The four queries of a snapshot (db/load.c), each as its SELECT up to its WHERE clause
 * (Q_*_WHERE) and its order (Q_*_ORDER): the live load and a past rebuild run them whole;
 * a past data set patched in memory (db/past_patch.c) runs them over a few records only,
 * by adding a condition to the WHERE clause, so that the records it replaces are read by
 * the very same text. Every column a record gets from the loader is computed here.
 */
#include <libpq-fe.h>

#include "db/records.h"
#include "rulings/dataset.h"

/* An instant as the API writes it: RFC 3339 in UTC with a Z. */
#define UTC(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* A published list's health: what is served, and the latest attempt (migration 0007). */
#define Q_SOURCE_HEALTH                                                                                                                   \
    "(SELECT json_build_object('format', a.format, 'published_at', " UTC("ok.published_at") ", 'imported_at', " UTC(                      \
        "ok.finished_at") ", 'revision', ok.revision, 'counts', ok.counts,"                                                               \
                          " 'last_attempt', json_build_object('result', a.result, 'at', " UTC("a.finished_at") ", 'published_at', " UTC(  \
                              "a.published_at") ", 'actor', a.actor,"                                                                     \
                                                " 'message', nullif(a.message, ''), 'counts', a.counts))::text"                           \
                                                " FROM (SELECT * FROM list_imports i WHERE sources.id LIKE i.source_pattern"              \
                                                "   ORDER BY i.id DESC LIMIT 1) a"                                                        \
                                                " LEFT JOIN LATERAL (SELECT * FROM list_imports i WHERE sources.id LIKE i.source_pattern" \
                                                "   AND i.result = 'imported' ORDER BY i.id DESC LIMIT 1) ok ON true)"
/* The four queries of a snapshot. The same text reads the live tables, or, behind
 * PAST_TABLES, the tables as they stood at a past revision (db_load_dataset_at). */
#define Q_SOURCES_WHERE                                                                            \
    "SELECT id, authority, jurisdiction, kind, title, citation, document, signed_on::text,"        \
    " published_on::text, url, summary, version," /* when the rule set last changed: the source or \
                                                     any of its rulings */                         \
    " floor(extract(epoch FROM greatest(updated_at, (SELECT max(r.updated_at) FROM rulings r"      \
    " WHERE r.source_id = sources.id))))::bigint, " Q_SOURCE_HEALTH                                \
    " FROM sources WHERE revoked_at IS NULL"
/* `parent_on`: more of the parent's join condition (db/past_patch.c narrows it). */
#define Q_SUBJECTS_WHERE_ON(parent_on)                                                              \
    "SELECT t.id, t.kind, t.name, t.country, p.id, CASE WHEN p.id IS NOT NULL THEN t.relation END," \
    " t.note, " RECORD_SUBJECT_TERMS ", t.version FROM subjects t"                                  \
    " LEFT JOIN subjects p ON p.id = t.parent_id AND p.revoked_at IS NULL" parent_on                \
    " WHERE t.revoked_at IS NULL"
#define Q_SUBJECTS_WHERE Q_SUBJECTS_WHERE_ON("")
#define Q_ALIASES_WHERE                                                                            \
    "SELECT a.id, a.subject_id, a.alias, a.kind, a.lang, a.version FROM aliases a"                 \
    " JOIN subjects s ON s.id = a.subject_id AND s.revoked_at IS NULL"                             \
    " WHERE a.revoked_at IS NULL"
#define Q_RULINGS_WHERE                                                                             \
    "SELECT t.id, t.subject_id, t.source_id, t.status, t.measure_code, t.measure,"                  \
    " extract(epoch FROM t.effective_from)::bigint, extract(epoch FROM t.effective_until)::bigint," \
    " t.quote, t.quote_verbatim, t.note, " RECORD_RULING_TERMS ", t.version FROM rulings t"         \
    " JOIN subjects s ON s.id = t.subject_id AND s.revoked_at IS NULL"                              \
    " JOIN sources o ON o.id = t.source_id AND o.revoked_at IS NULL"                                \
    " WHERE t.revoked_at IS NULL"

#define Q_SOURCES_ORDER " ORDER BY id"
#define Q_SUBJECTS_ORDER " ORDER BY t.id"
#define Q_ALIASES_ORDER " ORDER BY a.subject_id, a.id"
#define Q_RULINGS_ORDER " ORDER BY t.id"
#define Q_SOURCES Q_SOURCES_WHERE Q_SOURCES_ORDER
#define Q_SUBJECTS Q_SUBJECTS_WHERE Q_SUBJECTS_ORDER
#define Q_ALIASES Q_ALIASES_WHERE Q_ALIASES_ORDER
#define Q_RULINGS Q_RULINGS_WHERE Q_RULINGS_ORDER

/* Appends every row of `res`, a result of the query of kind `k`, to the records of that
 * kind in `ds` (room made for them: the kind must be empty before). False when out of
 * memory. */
bool db_load_fill(struct dataset *ds, enum record_kind k, const PGresult *res) RD_MUST_CHECK;

#endif
