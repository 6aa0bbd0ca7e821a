/* The index's deletion hashes, for looking up a word's likenesses by edits
 * (match/match_deletions.h). */
#include "match/match_deletions.h"

#include <stdlib.h>
#include <string.h>

#include "match/match_fuzzy.h"

/* Two passes of a 16-bit radix sort on the 32-bit hash: stable and linear. It needs a
 * buffer the size of the array, as glibc's qsort would (it merge-sorts through one). */
enum { RADIX_BITS = 16, RADIX_BUCKETS = 1 << RADIX_BITS, RADIX_MASK = RADIX_BUCKETS - 1 };

static bool sort_dels(struct mx_del *v, size_t n)
{
    struct mx_del *tmp = malloc((n + 1) * sizeof *tmp);
    size_t *count = malloc((RADIX_BUCKETS + 1) * sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return false;
    }
    for (unsigned shift = 0; shift < 32; shift += RADIX_BITS) {
        memset(count, 0, (RADIX_BUCKETS + 1) * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[((v[i].hash >> shift) & RADIX_MASK) + 1]++;
        for (size_t b = 0; b < RADIX_BUCKETS; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            tmp[count[(v[i].hash >> shift) & RADIX_MASK]++] = v[i];
        memcpy(v, tmp, n * sizeof *v);
    }
    free(tmp);
    free(count);
    return true;
}

/* The edits a skeleton is looked up within: those its longest word's letters allow, as a
 * question word is (match_query.c), not its own length's: "majeed" folds to "maed", and
 * "majfed" is one edit from it. */
static unsigned skel_depth(const struct match_index *ix, const struct mx_skel *sk)
{
    size_t len = sk->len;
    for (uint32_t t = sk->first_token; t != UINT32_MAX; t = ix->tokens[t].next_same_skel)
        if (ix->tokens[t].len > len) len = ix->tokens[t].len;
    return fuzzy_budget(len);
}

bool mx_build_deletions(struct match_index *ix)
{
    size_t total = 0;
    for (size_t k = 0; k < ix->n_skels; k++) {
        size_t len = ix->skels[k].len;
        if (len <= FUZZY_MAX_LEN) total += fuzzy_deletes_count(len, skel_depth(ix, &ix->skels[k]));
    }
    /* Shrunk after dropping repeats: this is the largest part of the index, and a reload
     * builds it while the previous snapshot still serves. */
    struct mx_del *all = malloc((total + 1) * sizeof *all);
    if (!all) return false;
    uint32_t hashes[1 + FUZZY_MAX_LEN + FUZZY_MAX_LEN * (FUZZY_MAX_LEN - 1) / 2];
    size_t n = 0;
    for (size_t k = 0; k < ix->n_skels; k++) {
        const struct mx_skel *sk = &ix->skels[k];
        if (sk->len > FUZZY_MAX_LEN) continue;
        size_t m = fuzzy_deletes(sk->text, sk->len, skel_depth(ix, sk), hashes,
                                 sizeof hashes / sizeof *hashes);
        for (size_t i = 0; i < m; i++)
            all[n++] = (struct mx_del){hashes[i], (uint32_t)k};
    }
    if (!sort_dels(all, n)) {
        free(all);
        return false;
    }
    /* Drop repeats (one skeleton reaching one string by two ways). */
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out && all[out - 1].hash == all[i].hash && all[out - 1].skel == all[i].skel) continue;
        all[out++] = all[i];
    }
    struct mx_del *fit = realloc(all, (out + 1) * sizeof *all);
    ix->dels = fit ? fit : all; /* a failed shrink keeps the larger block */
    ix->n_dels = out;
    ix->del_seen = arena_alloc(&ix->arena, ((size_t)1 << MX_SEEN_BITS) / 8);
    if (!ix->del_seen) return false;
    for (size_t k = 0; k < out; k++) {
        uint32_t bit = ix->dels[k].hash >> (32 - MX_SEEN_BITS);
        ix->del_seen[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
    /* A directory on the top bits, about eight hashes a bucket: small, and a bucket is
     * still a short scan (sorted, so a look-up stops early). */
    unsigned bits = 4;
    while (bits < 24 && ((size_t)1 << bits) < out / 8)
        bits++;
    ix->del_shift = 32 - bits;
    size_t buckets = (size_t)1 << bits;
    ix->del_dir = arena_alloc(&ix->arena, (buckets + 1) * sizeof *ix->del_dir);
    if (!ix->del_dir) return false;
    size_t i = 0;
    for (size_t b = 0; b <= buckets; b++) {
        while (i < out && (ix->dels[i].hash >> ix->del_shift) < b)
            i++;
        ix->del_dir[b] = (uint32_t)i;
    }
    return true;
}
