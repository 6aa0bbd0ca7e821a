/* A past data set patched from the current one (db/past_patch.h). */
#include "db/past_patch.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "db/conn.h"
#include "db/load_queries.h"
#include "db/past_tables.h"
#include "lib/check.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/strmap.h"
#include "rulings/dataset_json.h"

/* How many changes follow $1, and whether the database sorts text by its bytes (the
 * merge below compares ids with strcmp, the loader sorted them with ORDER BY): the libc
 * provider with the C locale, or the builtin one (PostgreSQL 17), whose locales are C and
 * C.UTF-8 (code point order, which is byte order in UTF-8). */
static const char q_check[] =
    "SELECT (SELECT count(*) FROM changes WHERE revision > $1::bigint),"
    " (SELECT CASE coalesce(to_jsonb(d)->>'datlocprovider', 'c') WHEN 'b' THEN true"
    " WHEN 'c' THEN d.datcollate::text IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8') ELSE false END"
    " FROM pg_database d WHERE d.datname = current_database())";

/* The records (kind, key) whose loader columns the changes after $1 can have made
 * different. Sources (0): those changed; those of a changed ruling (their rule-set
 * instant). Subjects (1): those changed and their children (the parent column is null
 * under a revoked parent). Aliases (2), by subject: of a changed alias or subject.
 * Rulings (3): those changed, and those of a changed subject or source (left out under a
 * revoked one). Every published list's source (4, KEY_HEALTH): its health alone, which
 * reads list_imports, not in `changes`. A record changed after $1 has its live row's references in
 * one of its images; one not changed has them in its live row. */
static const char q_keys[] =
    "WITH c AS MATERIALIZED (SELECT entity, entity_id, before, after FROM changes"
    " WHERE revision > $1::bigint),"
    " subj AS (SELECT entity_id AS id FROM c WHERE entity = 'subject'),"
    " src AS (SELECT entity_id AS id FROM c WHERE entity = 'source')"
    " SELECT 0, id FROM src"
    " UNION SELECT 0, x FROM c, LATERAL (VALUES (c.before->>'source_id'),"
    " (c.after->>'source_id')) v(x) WHERE c.entity = 'ruling' AND x IS NOT NULL"
    " UNION SELECT 4, s.id FROM sources s WHERE EXISTS (SELECT FROM list_imports i"
    " WHERE s.id LIKE i.source_pattern)"
    " UNION SELECT 1, id FROM subj"
    " UNION SELECT 1, l.id FROM subjects l WHERE l.parent_id IN (SELECT id FROM subj)"
    " UNION SELECT 2, id FROM subj"
    " UNION SELECT 2, x FROM c, LATERAL (VALUES (c.before->>'subject_id'),"
    " (c.after->>'subject_id')) v(x) WHERE c.entity = 'alias' AND x IS NOT NULL"
    " UNION SELECT 3, entity_id FROM c WHERE entity = 'ruling'"
    " UNION SELECT 3, l.id FROM rulings l WHERE l.subject_id IN (SELECT id FROM subj)"
    " UNION SELECT 3, l.id FROM rulings l WHERE l.source_id IN (SELECT id FROM src)";

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

/* Up to this many changes, nested loops stay allowed (cheap over few rows; the loader's
 * queries over a few records use the indexes); the JIT compiler is never worth it here. */
#define NESTED_LOOPS_MAX 100
#define NO_JIT "SELECT set_config('jit', 'off', true)"

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

static size_t record_size(enum record_kind k)
{
    static const size_t sizes[RECORD_KIND_COUNT] = {
        sizeof(struct rd_source), sizeof(struct rd_subject), sizeof(struct rd_alias),
        sizeof(struct rd_ruling)};
    return sizes[k];
}

static char *records_of(const struct dataset *ds, enum record_kind k)
{
    switch (k) {
    case RECORD_SOURCE:
        return (char *)ds->sources;
    case RECORD_SUBJECT:
        return (char *)ds->subjects;
    case RECORD_ALIAS:
        return (char *)ds->aliases;
    default:
        return (char *)ds->rulings;
    }
}

/* What the keys name: an alias by its subject, the others by their id. */
static const char *key_of(enum record_kind k, const void *rec)
{
    switch (k) {
    case RECORD_SOURCE:
        return ((const struct rd_source *)rec)->id;
    case RECORD_SUBJECT:
        return ((const struct rd_subject *)rec)->id;
    case RECORD_ALIAS:
        return ((const struct rd_alias *)rec)->subject_id;
    default:
        return ((const struct rd_ruling *)rec)->id;
    }
}

/* The loader's order (Q_*_ORDER), ids by their bytes (q_check). */
static int order(enum record_kind k, const void *x, const void *y)
{
    int c = strcmp(key_of(k, x), key_of(k, y));
    if (c || k != RECORD_ALIAS) return c;
    int64_t a = ((const struct rd_alias *)x)->id, b = ((const struct rd_alias *)y)->id;
    return (a > b) - (a < b);
}

bool db_dataset_in_key_order(const struct dataset *ds)
{
    for (int k = 0; k < RECORD_KIND_COUNT; k++) {
        size_t size = record_size((enum record_kind)k), n = dataset_count(ds, (enum record_kind)k);
        const char *recs = records_of(ds, (enum record_kind)k);
        for (size_t i = 1; i < n; i++)
            if (order((enum record_kind)k, recs + (i - 1) * size, recs + i * size) >= 0)
                return false;
    }
    return true;
}

/* The first of the records [lo, hi) of kind `k` at `recs` (in order) for which `above`
 * holds; it holds of every record after that. */
struct probe {
    const void *rec; /* a record: those that sort after it */
    const char *id;  /* else a key: those whose key is not below it (`after`: above it) */
    bool after;
};

static bool above(enum record_kind k, const void *x, const struct probe *p)
{
    int c = p->rec ? order(k, x, p->rec) : strcmp(key_of(k, x), p->id);
    return c > 0 || (c == 0 && !p->rec && !p->after);
}

static size_t bound(enum record_kind k, const char *recs, size_t lo, size_t hi,
                    const struct probe *p)
{
    size_t size = record_size(k);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (above(k, recs + mid * size, p))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

struct range {
    size_t lo, hi;
};

static int range_order(const void *a, const void *b)
{
    size_t x = ((const struct range *)a)->lo, y = ((const struct range *)b)->lo;
    return (x > y) - (x < y);
}

/* Records appended in order: false when `n` records at `recs` (in order among
 * themselves) would not follow the last strictly (a record twice). */
struct appender {
    enum record_kind k;
    size_t size, n;
    char *out;
};

static bool append(struct appender *a, const char *recs, size_t n)
{
    if (n == 0) return true;
    if (a->n > 0 && order(a->k, a->out + (a->n - 1) * a->size, recs) >= 0) return false;
    memcpy(a->out + a->n * a->size, recs, n * a->size);
    a->n += n;
    return true;
}

/* The ranges of the current records of kind `k` that the keys name, in order. */
static size_t keyed_ranges(enum record_kind k, const char *cur, size_t n_now,
                           const struct keys *key, struct range *out)
{
    size_t n = 0;
    for (size_t i = 0; i < key->n; i++) {
        struct probe from = {NULL, key->ids[i], false}, past = {NULL, key->ids[i], true};
        struct range r = {bound(k, cur, 0, n_now, &from), bound(k, cur, 0, n_now, &past)};
        if (r.lo < r.hi) out[n++] = r;
    }
    qsort(out, n, sizeof *out, range_order);
    return n;
}

/* Kind `k` of `d` is `now`'s array itself, not a copy (its pages are not touched again):
 * `d` only reads its records, and `now` outlives it (db_patch_dataset). */
static void lend_kind(struct dataset *d, enum record_kind k, const struct dataset *now)
{
    switch (k) {
    case RECORD_SUBJECT:
        d->subjects = now->subjects;
        d->n_subjects = now->n_subjects;
        break;
    case RECORD_ALIAS:
        d->aliases = now->aliases;
        d->n_aliases = now->n_aliases;
        break;
    default:
        RD_ASSERT(k == RECORD_RULING);
        d->rulings = now->rulings;
        d->n_rulings = now->n_rulings;
    }
}

/* Kind `k` of `d` (the records read again) becomes the current records not keyed,
 * merged in order with those read again: the current ones are copied in runs (they are
 * in order, db_dataset_in_key_order), each record read again put where it sorts. False
 * when the result would not be strictly in order (a record twice). */
static bool merge_kind(struct dataset *d, enum record_kind k, const struct dataset *now,
                       const struct keys *key)
{
    size_t size = record_size(k), n_add = dataset_count(d, k), n_now = dataset_count(now, k);
    const char *add = records_of(d, k), *cur = records_of(now, k);
    /* nothing of this kind changed: the same records (not the few sources, whose health
     * apply_health writes into the copies) */
    if (key->n == 0 && n_add == 0 && k != RECORD_SOURCE) {
        lend_kind(d, k, now);
        return true;
    }
    struct range *skip = malloc((key->n + 1) * sizeof *skip);
    if (!skip || !dataset_reserve_kind(d, k, n_now + n_add)) {
        free(skip);
        return false;
    }
    size_t n_skip = keyed_ranges(k, cur, n_now, key, skip), i = 0, j = 0;
    struct appender a = {k, size, 0, records_of(d, k)};
    bool ok = true;
    for (size_t r = 0; ok && r <= n_skip; r++) {
        size_t end = r < n_skip ? skip[r].lo : n_now;
        while (ok && i < end) {
            struct probe next = {add + j * size, NULL, false};
            size_t p = j < n_add ? bound(k, cur, i, end, &next) : end;
            ok = append(&a, cur + i * size, p - i);
            i = p;
            if (ok && i < end) ok = append(&a, add + j++ * size, 1);
        }
        if (r < n_skip) i = skip[r].hi;
    }
    for (; ok && j < n_add; j++)
        ok = append(&a, add + j * size, 1);
    free(skip);
    size_t *counts[RECORD_KIND_COUNT] = {&d->n_sources, &d->n_subjects, &d->n_aliases,
                                         &d->n_rulings};
    *counts[k] = a.n;
    return ok;
}

/* Reads the keyed records of every kind into `d`, and the lists' health into
 * `*health`, in one transaction with the keys. */
static enum patch_result read_some(PGconn *c, const char *rev, struct keys *keys, struct dataset *d,
                                   PGresult **health, struct rd_error *err)
{
    if (keys[KEY_HEALTH].n > 0) {
        const char *p[] = {rev, keys[KEY_HEALTH].literal.data};
        if (!(*health = db_query(c, q_health, 2, p, err))) return PATCH_FAILED;
    }
    for (int k = 0; k < RECORD_KIND_COUNT; k++) {
        if (keys[k].n == 0) continue;
        const char *p[] = {rev, keys[k].literal.data};
        PGresult *res = db_query(c, q_some[k], 2, p, err);
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

/* Asks PostgreSQL, in one transaction, whether patching is sure to do, and what to
 * read again; fills `d` with what was. */
static enum patch_result ask(PGconn *c, int64_t revision, size_t max_changes, struct keys *keys,
                             struct dataset *d, PGresult *kept[2], struct rd_error *err)
{
    char rev[DECIMAL_BUFSZ];
    const char *p[] = {decimal_format(rev, (long long)revision)};
    if (!db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) return PATCH_FAILED;
    PGresult *res = db_query(c, q_check, 1, p, err);
    if (!res) return PATCH_FAILED;
    int64_t changes = db_int(res, 0, 0);
    bool bytewise = !PQgetisnull(res, 0, 1) && strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    bool sure = changes <= (int64_t)max_changes && bytewise;
    PQclear(res);
    static atomic_bool said;
    if (!bytewise && !atomic_exchange(&said, true))
        log_msg(LOG_WARN,
                "past revisions are read from every table, never patched: the "
                "database's collation does not sort ids by their bytes (C, POSIX, "
                "C.UTF-8 or the builtin provider would; docs/decisions/0008-known-at.md)");
    if (!sure) return PATCH_UNSURE;
    /* Past NESTED_LOOPS_MAX changes, a nested loop over them (the planner knows nothing of
     * past_images, and right after a large import not the tables either) is quadratic:
     * 6.8 s for the sources of 4,000 changes back, as against 40 ms hashed. */
    if (!db_exec(c, changes > NESTED_LOOPS_MAX ? PAST_PLANNER : NO_JIT, err)) return PATCH_FAILED;
    kept[0] = db_query(c, q_keys, 1, p, err);
    if (!kept[0]) return PATCH_FAILED;
    if (!keys_read(keys, kept[0])) {
        rd_error_set(err, "out of memory patching a past data set");
        return PATCH_FAILED;
    }
    enum patch_result r = read_some(c, p[0], keys, d, &kept[1], err);
    if (r == PATCH_DONE && !db_exec(c, "COMMIT", err)) return PATCH_FAILED;
    return r;
}

enum patch_result db_patch_dataset(PGconn *c, int64_t revision, const struct dataset *now,
                                   int64_t now_revision, size_t max_changes, struct dataset *out,
                                   struct rd_error *err)
{
    memset(out, 0, sizeof *out);
    if (now_revision <= revision || !now->in_key_order) return PATCH_UNSURE;
    struct keys keys[KEY_KINDS] = {0};
    PGresult *kept[2] = {NULL, NULL}; /* the keys, the lists' health */
    enum patch_result r = ask(c, revision, max_changes, keys, out, kept, err);
    if (r != PATCH_DONE) db_rollback(c);
    for (int k = 0; r == PATCH_DONE && k < RECORD_KIND_COUNT; k++)
        if (!merge_kind(out, (enum record_kind)k, now, &keys[k])) r = PATCH_UNSURE;
    if (r == PATCH_DONE && !apply_health(out, kept[1], keys)) r = PATCH_UNSURE;
    keys_free(keys);
    PQclear(kept[0]);
    PQclear(kept[1]);
    if (r != PATCH_DONE) dataset_free(out);
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
