/* A past data set patched from the current one (db/past_patch.h). */
#include "db/past_patch.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/load_queries.h"
#include "db/past_merge.h"
#include "db/past_tables.h"
#include "lib/stringify.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/strmap.h"
#include "rulings/dataset_json.h"

#define NAMED_PREFIX "restrictd_patch"

#define Q_PREPARED                                                                                 \
    "SELECT coalesce(string_agg(name, ' '), '') FROM pg_prepared_statements"                       \
    " WHERE name LIKE '" NAMED_PREFIX "%'"

/* Up to this many changes after the revision, nested loops stay allowed over the rolled-back
 * tables (cheap over few rows; the loader's queries over a few records use the indexes); the
 * JIT compiler is never worth it here. */
#define NESTED_LOOPS_MAX 100

#define Q_PREPARED_LATEST                                                                          \
    "SELECT (" Q_PREPARED "), (SELECT coalesce(max(revision), 0) FROM changes)"

/* How many changes lie between the revision asked ($1) and the base's: those after $2 up to
 * $3 (the current data set: every change after $1; a kept past one: those between the two);
 * whether the database sorts text by its bytes (the merge below compares ids with strcmp, the
 * loader sorted them with ORDER BY): the libc provider with the C locale, or the builtin one
 * (PostgreSQL 17), whose locales are C and C.UTF-8 (code point order, which is byte order in
 * UTF-8); the statements this session has prepared (named_ready); whether at most
 * NESTED_LOOPS_MAX changes follow $1 (what the rolled-back tables decode; in the order of the
 * primary key, which it then reads, not every change: right after an import, before the table
 * is analysed, PostgreSQL scanned the whole table for a LIMIT without it, 4-29 ms); and, for a kept
 * base ($4), whether a subject or source was created or revoked (or restored) between the
 * two, which the span's keys cannot follow (q_keys_span). */
static const char q_check[] =
    "SELECT (SELECT count(*) FROM changes WHERE revision > $2::bigint AND revision <= $3::bigint),"
    " (SELECT CASE coalesce(to_jsonb(d)->>'datlocprovider', 'c') WHEN 'b' THEN true"
    " WHEN 'c' THEN d.datcollate::text IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8') ELSE false END"
    " FROM pg_database d WHERE d.datname = current_database()),"
    " (" Q_PREPARED "),"
    " (SELECT count(*) <= " RD_DIGITS_OF(
        NESTED_LOOPS_MAX) " FROM (SELECT FROM changes"
                          " WHERE revision > $1::bigint ORDER BY revision LIMIT " RD_DIGITS_OF(
                              NESTED_LOOPS_MAX) " + 1) x),"
                                                " $4::bool AND EXISTS (SELECT FROM changes WHERE revision > $2::bigint"
                                                " AND revision <= $3::bigint AND entity IN ('subject', 'source') AND (before IS NULL"
                                                " OR after IS NULL OR (before->'revoked_at') IS DISTINCT FROM (after->'revoked_at')))";

/* The changes after $1 (up to a bound the query adds), and the records (kind, key) whose loader
 * columns they can have made different by changing them: sources (0) changed, and those of a
 * changed ruling (their rule-set instant); subjects (1) changed; aliases (2) by subject, of a
 * changed subject or alias; rulings (3) changed; every published list's source (4,
 * KEY_HEALTH): its health alone, which reads list_imports, not in `changes`. */
#define CHANGES_AFTER(bound)                                                                       \
    "WITH c AS MATERIALIZED (SELECT entity, entity_id, before, after FROM changes"                 \
    " WHERE revision > $1::bigint" bound ")"
#define KEYS_CHANGED                                                                               \
    " SELECT 0, entity_id FROM c WHERE entity = 'source'"                                          \
    " UNION SELECT 0, x FROM c, LATERAL (VALUES (c.before->>'source_id'),"                         \
    " (c.after->>'source_id')) v(x) WHERE c.entity = 'ruling' AND x IS NOT NULL"                   \
    " UNION SELECT 4, s.id FROM sources s WHERE EXISTS (SELECT FROM list_imports i"                \
    " WHERE s.id LIKE i.source_pattern)"                                                           \
    " UNION SELECT k, entity_id FROM c, (VALUES (1), (2)) v(k) WHERE c.entity = 'subject'"         \
    " UNION SELECT 2, x FROM c, LATERAL (VALUES (c.before->>'subject_id'),"                        \
    " (c.after->>'subject_id')) v(x) WHERE c.entity = 'alias' AND x IS NOT NULL"                   \
    " UNION SELECT 3, entity_id FROM c WHERE entity = 'ruling'"

/* From the current data set: the changes after $1, and the records that depend on those
 * changed through the live rows' references: a changed subject's children (the parent column
 * is null under a revoked parent), a changed subject's or source's rulings (left out under a
 * revoked one). A record changed after $1 has its live row's references in one of its images;
 * one not changed has them in its live row. */
static const char q_keys[] = CHANGES_AFTER("") KEYS_CHANGED
    " UNION SELECT 1, l.id FROM subjects l WHERE l.parent_id IN (SELECT entity_id FROM c"
    " WHERE entity = 'subject')"
    " UNION SELECT 3, l.id FROM rulings l WHERE l.subject_id IN (SELECT entity_id FROM c"
    " WHERE entity = 'subject')"
    " UNION SELECT 3, l.id FROM rulings l WHERE l.source_id IN (SELECT entity_id FROM c"
    " WHERE entity = 'source')";

/* From a base kept at another past revision: the changes between the two ($1, $2], and nothing
 * else. A subject's children, and the aliases and rulings of a subject or source, depend on it
 * only by whether it exists and is not revoked, which nothing between the two changed (q_check:
 * else the current data set is the base). The live rows' references are not read: a record
 * changed after both revisions has them as they are now, not then. */
static const char q_keys_span[] = CHANGES_AFTER(" AND revision <= $2::bigint") KEYS_CHANGED;

/* The loader's queries over the rolled-back tables, for the records keyed by $2 alone.
 * Each table joined is narrowed too, by a condition on its own id: a rolled-back table is
 * a UNION ALL whose branches hold an anti-join, which PostgreSQL plans apart and cannot
 * reach with the join's condition, so it read every subject (6 ms of a 7 ms query with
 * the lists); a condition of the table's own, `id = ANY(ARRAY(...))`, it pushes into the
 * branches and the primary key answers it (0.4 ms). */
#define PARENTS_OF_KEYED                                                                           \
    " AND p.id = ANY(ARRAY(SELECT x.parent_id FROM subjects x WHERE x.id = ANY($2::text[])))"
#define SUBJECTS_OF_KEYED                                                                          \
    " AND s.id = ANY(ARRAY(SELECT x.subject_id FROM rulings x WHERE x.id = ANY($2::text[])))"
static const char *const q_some[RECORD_KIND_COUNT] = {
    PAST_ROLLBACK_TABLES Q_SOURCES_WHERE " AND id = ANY($2::text[])" Q_SOURCES_ORDER,
    PAST_ROLLBACK_TABLES Q_SUBJECTS_WHERE_ON(
        PARENTS_OF_KEYED) " AND t.id = ANY($2::text[])" Q_SUBJECTS_ORDER,
    PAST_ROLLBACK_TABLES Q_ALIASES_WHERE " AND a.subject_id = ANY($2::text[])"
                                         " AND s.id = ANY($2::text[])" Q_ALIASES_ORDER,
    PAST_ROLLBACK_TABLES Q_RULINGS_WHERE
    " AND t.id = ANY($2::text[])" SUBJECTS_OF_KEYED Q_RULINGS_ORDER};

#define NO_JIT "SELECT set_config('jit', 'off', true)"

/*
 * Up to NESTED_LOOPS_MAX changes, q_health and q_some run as statements prepared on the
 * connection, with the plan PostgreSQL makes once for any parameters (a generic plan): of
 * the ~6 ms PostgreSQL spent on a patch near the latest revision with the real lists,
 * ~1.5 ms went to parsing these texts and ~2.5 ms to planning them again each time. Their
 * generic plans are those made for few keys, which few changes give (primary-key lookups;
 * executed in the same time as the plans made for the parameters, 0.2-0.4 ms). q_keys is
 * not among them: its generic plan, made without knowing how many changes follow $1,
 * takes 3 ms where the one made for $1 takes 0.2. Past that many changes they run as a second
 * set of statements (`hashed`), planned with nested loops off (PAST_PLANNER): a generic plan is
 * made once, from the statistics of its time, and one that could loop over thousands of images
 * (the quadratic case below, a plan made before a large import was analysed) must not be the
 * one kept. PostgreSQL keeps a plan across changes of the planner's settings, and plans again
 * (after an ANALYZE) under those of the transaction, which are always the same for each set.
 * Planned anew each time, the three or four statements took 0.7-1.2 ms each to parse and plan.
 */
#define GENERIC_PLANS "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)"
enum { NAMED_HEALTH = RECORD_KIND_COUNT, NAMED_COUNT };
struct named {
    struct db_named st[NAMED_COUNT]; /* q_some by kind, then q_health */
};

#define KEY_HEALTH RECORD_KIND_COUNT
#define KEY_KINDS (RECORD_KIND_COUNT + 1)

/* A list's health at $1 (the loader's own column), for the sources keyed by $2. */
static const char q_health[] =
    PAST_ROLLBACK_TABLES "SELECT id, " Q_SOURCE_HEALTH " FROM sources WHERE revoked_at IS NULL"
                         " AND id = ANY($2::text[])";

/* The keys of one kind: their ids (in no order), a set of them, and the array literal
 * that sends them to PostgreSQL. */
struct keys {
    struct strmap set;
    const char **ids;
    struct strbuf literal; /* {"a","b"} */
    size_t n;
};

static void keys_free(struct keys *k)
{
    for (int i = 0; i < KEY_KINDS; i++) {
        strmap_free(&k[i].set);
        free(k[i].ids);
        sb_free(&k[i].literal);
    }
}

/* Every element quoted, so that no id can read as NULL or break the literal. */
static void literal_add(struct strbuf *sb, const char *id)
{
    sb_putc(sb, sb->len == 0 ? '{' : ',');
    sb_putc(sb, '"');
    for (const char *p = id; *p; p++) {
        if (*p == '"' || *p == '\\') sb_putc(sb, '\\');
        sb_putc(sb, *p);
    }
    sb_putc(sb, '"');
}

/* The keys of `res` (rows of q_keys); they borrow its text. */
static bool keys_read(struct keys *k, const PGresult *res)
{
    size_t rows[KEY_KINDS] = {0};
    for (int r = 0; r < PQntuples(res); r++) {
        int64_t kind = db_int(res, r, 0);
        if (kind < 0 || kind >= KEY_KINDS) return false;
        rows[kind]++;
    }
    for (int i = 0; i < KEY_KINDS; i++)
        if (!strmap_init(&k[i].set, rows[i]) ||
            !(k[i].ids = malloc((rows[i] + 1) * sizeof *k[i].ids)))
            return false;
    for (int r = 0; r < PQntuples(res); r++) {
        struct keys *of = &k[db_int(res, r, 0)];
        const char *id = PQgetvalue(res, r, 1);
        if (strmap_put(&of->set, id, 0, NULL)) continue; /* twice: UNION makes it once */
        literal_add(&of->literal, id);
        of->ids[of->n++] = id;
    }
    for (int i = 0; i < KEY_KINDS; i++) {
        if (k[i].n) sb_putc(&k[i].literal, '}');
        if (k[i].literal.failed) return false;
    }
    return true;
}

/* Prepares on the connection those of the statements the session has not (`have`, q_check's
 * list of names), and has them planned once for all. */
static bool named_ready(PGconn *c, struct named *n, const char *have, bool hashed,
                        struct rd_error *err)
{
    for (int i = 0; i < NAMED_COUNT; i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, NAMED_PREFIX "%s%d", hashed ? "h" : "", i);
        db_named_init(&n->st[i], prefix, i == NAMED_HEALTH ? q_health : q_some[i]);
        const char *at = strstr(have, n->st[i].name);
        size_t len = strlen(n->st[i].name);
        if ((!at || (at[len] != ' ' && at[len] != '\0')) && !db_prepare(c, &n->st[i], 2, err))
            return false;
    }
    return db_exec(c, GENERIC_PLANS, err);
}

/* Runs prepared statement `i` of `n` for $1, $2. */
static PGresult *run(PGconn *c, const struct named *n, int i, const char *const p[2],
                     struct rd_error *err)
{
    return db_query_named(c, &n->st[i], 2, p, err);
}

/* Reads the keyed records of every kind into `d`, and the lists' health into
 * `*health`, in one transaction with the keys. */
static enum patch_result read_some(PGconn *c, const struct named *n, const char *rev,
                                   struct keys *keys, struct dataset *d, PGresult **health,
                                   struct rd_error *err)
{
    if (keys[KEY_HEALTH].n > 0) {
        const char *p[] = {rev, keys[KEY_HEALTH].literal.data};
        if (!(*health = run(c, n, NAMED_HEALTH, p, err))) return PATCH_FAILED;
    }
    for (int k = 0; k < RECORD_KIND_COUNT; k++) {
        if (keys[k].n == 0) continue;
        const char *p[] = {rev, keys[k].literal.data};
        PGresult *res = run(c, n, k, p, err);
        if (!res) return PATCH_FAILED;
        bool ok = db_load_fill(d, (enum record_kind)k, res);
        PQclear(res);
        if (!ok) {
            rd_error_set(err, "out of memory patching a past data set");
            return PATCH_FAILED;
        }
    }
    return PATCH_DONE;
}

/* The health of every list source copied from the current data set, as read at $1 (a
 * source read again whole has its own). False when one is missing. */
static bool apply_health(struct dataset *d, const PGresult *res, const struct keys *keys)
{
    if (keys[KEY_HEALTH].n == 0) return true;
    struct strmap rows = {0};
    bool ok = res && strmap_init(&rows, (size_t)PQntuples(res));
    for (int r = 0; ok && r < PQntuples(res); r++)
        (void)strmap_put(&rows, PQgetvalue(res, r, 0), (uint32_t)r, NULL);
    uint32_t row, unused;
    for (size_t i = 0; ok && i < d->n_sources; i++) {
        struct rd_source *s = &d->sources[i]; /* a copy: the current record is not changed */
        if (!strmap_get(&keys[KEY_HEALTH].set, s->id, &unused) ||
            strmap_get(&keys[RECORD_SOURCE].set, s->id, &unused))
            continue;
        ok = strmap_get(&rows, s->id, &row);
        if (!ok || PQgetisnull(res, (int)row, 1)) {
            if (ok) s->list_json = NULL;
            continue;
        }
        s->list_json = arena_strdup(&d->arena, PQgetvalue(res, (int)row, 1));
        ok = s->list_json != NULL;
    }
    strmap_free(&rows);
    return ok;
}

/* The parameters of q_check: the revision asked, the changes between it and the base (after
 * lo up to hi), and whether the base is a kept past revision. */
struct span {
    const char *p[4];
    char rev[DECIMAL_BUFSZ], lo[DECIMAL_BUFSZ], hi[DECIMAL_BUFSZ];
    bool kept;
};

static void span_init(struct span *sp, int64_t revision, const struct patch_base *base)
{
    int64_t lo = base->current || revision < base->revision ? revision : base->revision;
    int64_t hi = base->current ? INT64_MAX : revision > base->revision ? revision : base->revision;
    sp->kept = !base->current;
    sp->p[0] = decimal_format(sp->rev, (long long)revision);
    sp->p[1] = decimal_format(sp->lo, (long long)lo);
    sp->p[2] = decimal_format(sp->hi, (long long)hi);
    sp->p[3] = sp->kept ? "true" : "false";
}

static bool column_true(const PGresult *res, int col)
{
    return !PQgetisnull(res, 0, col) && strcmp(PQgetvalue(res, 0, col), "t") == 0;
}

static void say_collation(bool bytewise)
{
    static atomic_bool said;
    if (!bytewise && !atomic_exchange(&said, true))
        log_msg(LOG_WARN,
                "past revisions are read from every table, never patched: the "
                "database's collation does not sort ids by their bytes (C, POSIX, "
                "C.UTF-8 or the builtin provider would; docs/decisions/0008-known-at.md)");
}

/* The keys of the records the changes between the revision and the base can have changed. */
static PGresult *keys_of(PGconn *c, const struct span *sp, struct rd_error *err)
{
    return sp->kept ? db_query(c, q_keys_span, 2, sp->p + 1, err)
                    : db_query(c, q_keys, 1, sp->p, err);
}

/* Asks PostgreSQL, in one transaction, whether patching is sure to do, and what to
 * read again; fills `d` with what was. */
static enum patch_result ask(PGconn *c, const struct span *sp, size_t max_changes,
                             struct keys *keys, struct dataset *d, PGresult *kept[2],
                             struct rd_error *err)
{
    if (!db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) return PATCH_FAILED;
    PGresult *res = db_query(c, q_check, 4, sp->p, err);
    if (!res) return PATCH_FAILED;
    int64_t changes = db_int(res, 0, 0);
    bool bytewise = column_true(res, 1), few = column_true(res, 3), moved = column_true(res, 4);
    bool sure = changes <= (int64_t)max_changes && bytewise && !moved;
    struct named named;
    char *have = strdup(PQgetvalue(res, 0, 2));
    PQclear(res);
    if (!have) {
        rd_error_set(err, "out of memory patching a past data set");
        return PATCH_FAILED;
    }
    say_collation(bytewise);
    enum patch_result r = sure ? PATCH_DONE : PATCH_UNSURE;
    /* The keys read no rolled-back table: nested loops over the indexes of the live ones (3-4 ms
     * fewer of 5-9 for 500-800 changes). Past NESTED_LOOPS_MAX changes after the revision, a
     * nested loop over them in the rolled-back tables (the planner knows nothing of past_images,
     * and right after a large import not the tables either) is quadratic: 6.8 s for the
     * sources of 4,000 changes back, as against 40 ms hashed. */
    if (r == PATCH_DONE && (!db_exec(c, NO_JIT, err) || !(kept[0] = keys_of(c, sp, err)) ||
                            (!few && !db_exec(c, PAST_PLANNER, err))))
        r = PATCH_FAILED;
    if (r == PATCH_DONE && !keys_read(keys, kept[0])) {
        rd_error_set(err, "out of memory patching a past data set");
        r = PATCH_FAILED;
    }
    if (r == PATCH_DONE && !named_ready(c, &named, have, !few, err)) r = PATCH_FAILED;
    free(have);
    if (r == PATCH_DONE) r = read_some(c, &named, sp->p[0], keys, d, &kept[1], err);
    if (r == PATCH_DONE && !db_exec(c, "COMMIT", err)) return PATCH_FAILED;
    return r;
}

bool db_patch_warm(PGconn *c, struct rd_error *err)
{
    if (!db_exec(c, "BEGIN READ ONLY", err) || !db_exec(c, NO_JIT, err)) return false;
    PGresult *res = db_query(c, Q_PREPARED_LATEST, 0, NULL, err);
    struct named named;
    const char *const p[2] = {res ? PQgetvalue(res, 0, 1) : "0", "{}"};
    bool ok = res != NULL;
    /* each set executed once, at the latest revision (nothing to roll back) for no keys, under
     * its planner's settings: PostgreSQL makes the generic plan and keeps it */
    for (int hashed = 0; ok && hashed < 2; hashed++) {
        ok = (!hashed || db_exec(c, PAST_PLANNER, err)) &&
             named_ready(c, &named, PQgetvalue(res, 0, 0), hashed, err);
        for (int i = 0; ok && i < NAMED_COUNT; i++) {
            PGresult *none = run(c, &named, i, p, err);
            ok = none != NULL;
            PQclear(none);
        }
    }
    /* and the queries planned each time, whose first planning in a session reads the
     * catalogs of every table they touch */
    const char *const check[4] = {p[0], p[0], p[0], "true"};
    const struct {
        const char *sql;
        int n;
        const char *const *p;
    } planned[] = {{q_check, 4, check}, {q_keys, 1, p}, {q_keys_span, 2, check}};
    for (size_t i = 0; ok && i < sizeof planned / sizeof *planned; i++) {
        PGresult *none = db_query(c, planned[i].sql, planned[i].n, planned[i].p, err);
        ok = none != NULL;
        PQclear(none);
    }
    PQclear(res);
    if (ok && db_exec(c, "COMMIT", err)) return true;
    db_rollback(c);
    return false;
}

enum patch_result db_patch_dataset(PGconn *c, int64_t revision, const struct patch_base *base,
                                   size_t max_changes, struct dataset *out, struct rd_error *err)
{
    memset(out, 0, sizeof *out);
    const struct dataset *now = base->ds;
    if ((base->current ? base->revision <= revision : base->revision == revision) ||
        !now->in_key_order)
        return PATCH_UNSURE;
    struct span sp;
    span_init(&sp, revision, base);
    struct keys keys[KEY_KINDS] = {0};
    PGresult *kept[2] = {NULL, NULL}; /* the keys, the lists' health */
    enum patch_result r = ask(c, &sp, max_changes, keys, out, kept, err);
    if (r != PATCH_DONE) db_rollback(c);
    /* a statement prepared before a migration changed what it returns fails for good
     * ("cached plan must not change result type"): the next patch prepares them anew */
    if (r == PATCH_FAILED && PQtransactionStatus(c) == PQTRANS_IDLE) {
        struct rd_error ignored = {0};
        if (!db_exec(c, "DEALLOCATE ALL", &ignored)) {
            /* the connection is broken: whoever holds it closes it */
        }
    }
    for (int k = 0; r == PATCH_DONE && k < RECORD_KIND_COUNT; k++)
        if (!past_merge_kind(out, (enum record_kind)k, now, keys[k].ids, keys[k].n))
            r = PATCH_UNSURE;
    if (r == PATCH_DONE && !apply_health(out, kept[1], keys)) r = PATCH_UNSURE;
    keys_free(keys);
    PQclear(kept[0]);
    PQclear(kept[1]);
    if (r != PATCH_DONE) dataset_free(out);
    /* merged in order, or lent by the base, which is (a patched one can be a base in turn) */
    out->in_key_order = r == PATCH_DONE;
    return r;
}

/* A data set as JSON with every loader column: the data-set form, then per record what
 * that form leaves out. */
static void write_all(struct strbuf *sb, const struct dataset *ds)
{
    struct jw w;
    jw_init(&w, sb);
    jw_array_begin(&w);
    if (!dataset_json_write(&w, ds)) sb->failed = true;
    for (size_t i = 0; i < ds->n_sources; i++) {
        const struct rd_source *s = &ds->sources[i];
        jw_int(&w, s->version);
        jw_int(&w, s->updated_at);
        jw_string(&w, s->list_json);
    }
    for (size_t i = 0; i < ds->n_subjects; i++)
        jw_int(&w, ds->subjects[i].version);
    for (size_t i = 0; i < ds->n_aliases; i++) {
        jw_int(&w, ds->aliases[i].id);
        jw_int(&w, ds->aliases[i].version);
    }
    for (size_t i = 0; i < ds->n_rulings; i++)
        jw_int(&w, ds->rulings[i].version);
    jw_array_end(&w);
}

bool db_dataset_same(const struct dataset *a, const struct dataset *b)
{
    struct strbuf x = {0}, y = {0};
    write_all(&x, a);
    write_all(&y, b);
    bool same = !x.failed && !y.failed && x.len == y.len &&
                (x.len == 0 || memcmp(x.data, y.data, x.len) == 0);
    sb_free(&x);
    sb_free(&y);
    return same;
}
