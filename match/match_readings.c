/* How a word read from another script, or a Korean name's word, is looked up
 * (match/match_readings.h). */
#include "match/match_readings.h"

#include <string.h>

#include "match/korean.h"
#include "match/match_abjad.h"
#include "match/match_query.h"
#include "match/match_skeleton.h"

#define MAX_PER_KEY 16 /* tokens of one key taken */

/* The first listed words (at most cap) whose key of `kind` is key[0..klen); how many. */
static size_t key_tokens(const struct match_index *ix, enum mx_key_kind kind, const char *key,
                         size_t klen, uint32_t *toks, size_t cap)
{
    const struct mx_key_map *m = &ix->keyed[kind];
    uint32_t id;
    size_t k = 0;
    if (!klen || !strmap_get_n(&m->by_key, key, klen, &id)) return 0;
    for (uint32_t t = m->keys[id].first_token; t != UINT32_MAX && k < cap;
         t = ix->tokens[t].next_same_key[kind])
        toks[k++] = t;
    return k;
}

/* The tokens whose key of `kind` is key[0..klen), as options of query tokens [qpos, qpos +
 * qlen). */
static void keyed(const struct match_index *ix, struct mx_option *opt, size_t *n, unsigned qpos,
                  unsigned qlen, enum mx_key_kind kind, const char *key, size_t klen,
                  enum mx_how how, float sim)
{
    uint32_t toks[MAX_PER_KEY];
    size_t k = key_tokens(ix, kind, key, klen, toks, MAX_PER_KEY);
    for (size_t i = 0; i < k; i++)
        mx_add_option(opt, n, qpos, qlen, toks[i], UINT32_MAX, how, sim);
}

/* w[0..len) with every `from` (2 letters) written `to` (0 to 2 letters) into out (room for
 * len + 1); returns the new length, or 0 when `from` does not occur. */
static size_t respell(const char *w, size_t len, const char *from, const char *to, char *out)
{
    size_t m = 0, tl = strlen(to);
    bool any = false;
    for (size_t i = 0; i < len;) {
        if (i + 1 < len && w[i] == from[0] && w[i + 1] == from[1]) {
            memcpy(out + m, to, tl);
            m += tl, i += 2, any = true;
        } else {
            out[m++] = w[i++];
        }
    }
    return any ? m : 0;
}

/* The tokens with the skeleton of v[0..len), as transliteration variants of query word qpos. */
static void variant_of(const struct match_index *ix, struct mx_option *opt, size_t *n,
                       unsigned qpos, const char *v, size_t len)
{
    char sk[2 * SKELETON_MAX + 1];
    size_t sklen = skeleton(v, len, sk);
    uint32_t id;
    if (!sklen || !strmap_get_n(&ix->by_skel, sk, sklen, &id)) return;
    for (uint32_t t = ix->skels[id].first_token; t != UINT32_MAX; t = ix->tokens[t].next_same_skel)
        mx_add_option(opt, n, qpos, 1, t, UINT32_MAX, MX_SKELETON, MX_SIM_SKELETON);
}

struct respelling {
    const char *from, *to;
    bool alone; /* only on its own, not with the script's other rules */
};

/* The spellings other romanisations give a Hangul or Greek word, as transliteration variants:
 * Korean vowels written by McCune-Reischauer and by custom ("jeong" Jong, "eun" Un, "seong"
 * Sung), and the modern Greek readings of ντ, μπ, γκ and ου ("vlantimir" Vladimir, "poutin"
 * Putin). Each rule is tried on the word alone, then the script's rules all together. */
static void reading_variants(const struct match_index *ix, struct mx_option *opt, size_t *n,
                             unsigned qpos, uint8_t reading, const char *w, size_t len)
{
    static const struct respelling hangul[] = {
        {"eo", "o", false}, {"eo", "u", true}, {"eu", "u", false}, {NULL, NULL, false}};
    static const struct respelling greek[] = {{"nt", "d", false},
                                              {"mp", "b", false},
                                              {"gk", "g", false},
                                              {"ou", "u", false},
                                              {NULL, NULL, false}};
    const struct respelling *rules = reading == NORM_READ_HANGUL ? hangul : greek;
    char one[SKELETON_MAX + 1], all[SKELETON_MAX + 1], tmp[SKELETON_MAX + 1];
    if (len > SKELETON_MAX) return;
    memcpy(all, w, len);
    size_t alen = len;
    bool changed = false;
    for (const struct respelling *r = rules; r->from; r++) {
        size_t m = respell(w, len, r->from, r->to, one);
        if (!m) continue;
        variant_of(ix, opt, n, qpos, one, m);
        size_t k = r->alone ? 0 : respell(all, alen, r->from, r->to, tmp);
        if (k) memcpy(all, tmp, alen = k), changed = true;
    }
    if (changed) variant_of(ix, opt, n, qpos, all, alen);
}

#define MAX_PER_SYLLABLE 8 /* listed words of one syllable's key paired with the next's */

/* The first listed words of the Korean key of w[0..len), at most MAX_PER_SYLLABLE. */
static size_t korean_tokens(const struct match_index *ix, const char *w, size_t len, uint32_t *toks)
{
    char key[KOREAN_KEY_MAX + 1];
    size_t klen = korean_key(w, len, key, NULL);
    return key_tokens(ix, MX_KEY_KOREAN, key, klen, toks, MAX_PER_SYLLABLE);
}

/* A Korean name's word: the listed words that may be the same syllables in another
 * romanisation ("jeong" Jong, "eun" Un, "young" Yong, "ri" Lee); a given name of two
 * syllables written as one word, the two listed words they may be ("hwangsig" for Hwang Sik,
 * "jeongeun" for Jong Un: the Revised Romanization writes a given name joined). */
static void korean_word(const struct match_index *ix, struct mx_option *opt, size_t *n,
                        unsigned qpos, const char *w, size_t len, const char *key, size_t klen,
                        unsigned syllables)
{
    keyed(ix, opt, n, qpos, 1, MX_KEY_KOREAN, key, klen, MX_SKELETON, MX_SIM_KOREAN);
    size_t cut = syllables == 2 ? korean_second_syllable(w, len) : 0;
    uint32_t first[MAX_PER_SYLLABLE], second[MAX_PER_SYLLABLE];
    size_t nf = cut ? korean_tokens(ix, w, cut, first) : 0;
    size_t ns = nf ? korean_tokens(ix, w + cut, len - cut, second) : 0;
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < ns; j++) {
            uint32_t pair[2] = {first[i], second[j]};
            mx_add_option_n(opt, n, qpos, 1, pair, 2, MX_SPLIT, MX_SIM_KOREAN);
        }
}

/* A Korean word's skeleton variants other romanisations do not share weigh less, and the
 * typos of a word written in Hangul go: the skeleton reads j as y ("Jusuf", "Yusuf"), but 정
 * jeong is not 영 yeong, and at the skeleton's 0.97 "Jung Suk-yeong" paired its words with
 * Jeong Suk-young's crosswise (yet lists give one man "SON Yong Hyok" and "SON Jong Hyok":
 * kept, below the key's 0.95); a romanised syllable a letter away is another syllable
 * ("ryong" and "hyong"), as match_score.c says of transliterated names (a name typed in
 * Latin keeps its typos: "KIM, Yoog Chol"). Applied to opt[from, *n). */
static void weigh_korean_readings(const struct match_index *ix, struct mx_option *opt, size_t *n,
                                  size_t from, const char *key, bool hangul)
{
    char other[KOREAN_KEY_MAX + 1];
    size_t kept = from;
    for (size_t k = from; k < *n; k++) {
        const struct mx_token *t = &ix->tokens[opt[k].tok[0]];
        if (hangul && (opt[k].how == MX_FUZZY || opt[k].how == MX_FUZZY4)) continue;
        if (opt[k].how == MX_SKELETON && opt[k].nat == 1 && opt[k].sim > MX_SIM_KOREAN_FOLD &&
            (!korean_key(t->text, t->len, other, NULL) || strcmp(key, other) != 0))
            opt[k].sim = MX_SIM_KOREAN_FOLD;
        opt[kept++] = opt[k];
    }
    *n = kept;
}

void mx_reading_options(const struct match_index *ix, struct mx_option *opt, size_t *n,
                        const struct norm_name *name, unsigned i, bool korean, size_t from)
{
    const char *w = name->text + name->tokens[i].off;
    size_t len = name->tokens[i].len;
    uint8_t reading = name->reading[i];
    if (reading == NORM_READ_ABJAD) mx_abjad_options(ix, opt, n, name, i);
    if (reading == NORM_READ_HANGUL || reading == NORM_READ_GREEK)
        reading_variants(ix, opt, n, i, reading, w, len);
    if (reading != NORM_READ_HANGUL && !korean) return;
    char key[KOREAN_KEY_MAX + 1];
    unsigned syllables;
    size_t klen = korean_key(w, len, key, &syllables); /* once for the word's Korean options */
    if (!klen) return;
    if (korean) weigh_korean_readings(ix, opt, n, from, key, reading == NORM_READ_HANGUL);
    korean_word(ix, opt, n, i, w, len, key, klen, syllables);
}
