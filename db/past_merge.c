/* The current data set's records merged with those read again (db/past_merge.h). */
#include "db/past_merge.h"

#include <stdlib.h>
#include <string.h>

#include "db/past_patch.h"

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
        size_t size = dataset_record_size((enum record_kind)k),
               n = dataset_count(ds, (enum record_kind)k);
        const char *recs = dataset_records(ds, (enum record_kind)k);
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
    size_t size = dataset_record_size(k);
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
                           const char *const *ids, size_t n_ids, struct range *out)
{
    size_t n = 0;
    for (size_t i = 0; i < n_ids; i++) {
        struct probe from = {NULL, ids[i], false}, past = {NULL, ids[i], true};
        struct range r = {bound(k, cur, 0, n_now, &from), bound(k, cur, 0, n_now, &past)};
        if (r.lo < r.hi) out[n++] = r;
    }
    qsort(out, n, sizeof *out, range_order);
    return n;
}

/* Kind `k` of `d` (the records read again) becomes the current records not keyed,
 * merged in order with those read again: the current ones are copied in runs (they are
 * in order, db_dataset_in_key_order), each record read again put where it sorts. False
 * when the result would not be strictly in order (a record twice). */
bool past_merge_kind(struct dataset *d, enum record_kind k, const struct dataset *now,
                     const char *const *ids, size_t n_ids)
{
    size_t size = dataset_record_size(k), n_add = dataset_count(d, k),
           n_now = dataset_count(now, k);
    const char *add = dataset_records(d, k), *cur = dataset_records(now, k);
    /* nothing of this kind changed: the same records (not the sources: db/past_patch.c
     * writes the lists' health into their copies) */
    if (n_ids == 0 && n_add == 0 && k != RECORD_SOURCE) {
        dataset_use_records(d, k, (void *)cur, n_now); /* not a copy: its pages stay as they are */
        return true;
    }
    struct range *skip = malloc((n_ids + 1) * sizeof *skip);
    if (!skip || !dataset_reserve_kind(d, k, n_now + n_add)) {
        free(skip);
        return false;
    }
    size_t n_skip = keyed_ranges(k, cur, n_now, ids, n_ids, skip), i = 0, j = 0;
    struct appender a = {k, size, 0, dataset_records(d, k)};
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
    dataset_use_records(d, k, a.out, a.n);
    return ok;
}
