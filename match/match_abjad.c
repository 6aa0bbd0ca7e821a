/* How a word written in an abjad is looked up (match/match_abjad.h). */
#include "match/match_abjad.h"

#include <string.h>

#include "lib/strmap.h"
#include "match/match_consonants.h"
#include "match/match_query.h"

#define MAX_PER_KEY 16 /* listed words of one key taken */
#define MAX_PER_PART 4 /* listed words taken for each part of a compound given name */
#define SECOND_WAYS 2  /* letters of a word read both ways at most (consonant_reading) */
#define WAYS (1u << SECOND_WAYS)

/* A question word's reading: its consonant key and the long vowels it writes between the
 * key's letters (match/match_consonants.h). */
struct reading {
    char key[CONSONANT_KEY_MAX + 2];
    uint8_t gaps[CONSONANT_KEY_MAX + 2];
    size_t len;
};

/* How lists write the article: said with the word it is written into, never alone. */
static const char *const article_forms[] = {"al", "el"};
#define N_ARTICLES (sizeof article_forms / sizeof *article_forms)

static bool article_word(const struct mx_token *t)
{
    for (size_t f = 0; f < N_ARTICLES; f++)
        if (t->len == 2 && memcmp(t->text, article_forms[f], 2) == 0) return true;
    return false;
}

/* Does the Latin word write the vowels r writes where r writes them: a long vowel's class
 * alone, and an a where r writes alef? */
static bool same_vowels(const struct reading *r, const uint8_t *latin)
{
    const uint8_t long_vowels = CONSONANT_GAP_U | CONSONANT_GAP_I;
    for (size_t j = 0; j <= r->len; j++) {
        uint8_t q = r->gaps[j];
        if ((q & long_vowels) && (latin[j] & long_vowels) != (q & long_vowels)) return false;
        if ((q & CONSONANT_GAP_A) && !(latin[j] & CONSONANT_GAP_A)) return false;
    }
    return true;
}

/* The first listed words (at most cap) of r's key whose vowels agree with the long vowels r
 * writes (consonant_vowels_agree): first those that write the vowels it writes where it writes
 * them (same_vowels: "alany" is AL-ANI before AL-AWNI, "mash" AMMASH before MUSA), then the
 * others; in each, the most used first (the index chains a key's words so). How many. */
static size_t reading_tokens(const struct match_index *ix, const struct reading *r, uint32_t *toks,
                             size_t cap)
{
    const struct mx_key_map *m = &ix->keyed[MX_KEY_CONSONANTS];
    char other[CONSONANT_KEY_MAX + 1];
    uint8_t latin[CONSONANT_KEY_MAX + 1];
    uint32_t id, others[MAX_PER_KEY];
    size_t k = 0, no = 0;
    if (!r->len || cap > MAX_PER_KEY || !strmap_get_n(&m->by_key, r->key, r->len, &id)) return 0;
    /* one walk: those with the same vowels as they come, the others kept for after them */
    for (uint32_t t = m->keys[id].first_token; t != UINT32_MAX && k < cap;
         t = ix->tokens[t].next_same_key[MX_KEY_CONSONANTS]) {
        const struct mx_token *tok = &ix->tokens[t];
        if (article_word(tok) || consonant_key_gaps(tok->text, tok->len, other, latin) != r->len ||
            !consonant_vowels_agree(r->gaps, latin, r->len))
            continue;
        if (same_vowels(r, latin))
            toks[k++] = t;
        else if (no < cap)
            others[no++] = t;
    }
    for (size_t i = 0; i < no && k < cap; i++)
        toks[k++] = others[i];
    return k;
}

/* A reading of w[0..len) (`second`: consonant_reading) past the first `skip` letters of its
 * key; false when nothing is left. */
static bool read_past(const char *w, size_t len, size_t skip, unsigned second, struct reading *r,
                      unsigned *ambiguous)
{
    r->len = consonant_reading(w, len, second, r->key, r->gaps, ambiguous);
    if (r->len <= skip) return false;
    r->len -= skip;
    memmove(r->key, r->key + skip, r->len + 1);
    memmove(r->gaps, r->gaps + skip, r->len + 1);
    return true;
}

/* The listed words of each reading of w past `skip` key letters (the letters lists write two
 * ways read each way: "rdza", رضا, is REDA and REZA), at most cap a reading, the first reading
 * first; toks has room for WAYS * cap. */
static size_t abjad_tokens_past(const struct match_index *ix, const char *w, size_t len,
                                size_t skip, uint32_t *toks, size_t cap)
{
    struct reading r;
    char seen[WAYS][CONSONANT_KEY_MAX + 2];
    unsigned ambiguous = 0, nseen = 0;
    size_t k = 0;
    if (!read_past(w, len, skip, 0, &r, &ambiguous)) return 0;
    unsigned ways = 1u << (ambiguous < SECOND_WAYS ? ambiguous : SECOND_WAYS);
    for (unsigned v = 0; v < ways; v++) {
        if (v && !read_past(w, len, skip, v, &r, NULL)) continue;
        bool again = false; /* two ways that make one key ("ww" read w or v) */
        for (unsigned j = 0; j < nseen; j++)
            again |= strcmp(seen[j], r.key) == 0;
        if (again) continue;
        memcpy(seen[nseen++], r.key, r.len + 1);
        k += reading_tokens(ix, &r, toks + k, v ? (cap + 1) / 2 : cap); /* the second way: fewer */
    }
    return k;
}

static size_t abjad_tokens(const struct match_index *ix, const char *w, size_t len, uint32_t *toks,
                           size_t cap)
{
    return abjad_tokens_past(ix, w, len, 0, toks, cap);
}

/* Does w end in an h that may be a letter said, not the h of sh, ch, kh or gh (ش خ غ)? */
static bool said_final_h(const char *w, size_t len)
{
    return len >= 2 && w[len - 1] == 'h' && !strchr("sckg", w[len - 2]);
}

bool mx_abjad_readable(const char *w, size_t len)
{
    char key[CONSONANT_KEY_MAX + 1];
    size_t n = consonant_reading(w, len, 0, key, NULL, NULL);
    return n >= 2 || (n == 1 && said_final_h(w, len));
}

/* The listed words of w's key with its final h said, for words whose h is a consonant: the
 * key leaves a final h out ("allh" is Allah, ه and ה end names Latin writes with a vowel), but
 * "th" (طه) is Taha. */
static size_t final_h_tokens(const struct match_index *ix, const char *w, size_t len,
                             uint32_t *toks, size_t cap)
{
    struct reading r;
    if (!said_final_h(w, len) || !read_past(w, len - 1, 0, 0, &r, NULL) || r.key[r.len - 1] == 'h')
        return 0;
    r.key[r.len++] = 'h';
    r.gaps[r.len] = 0;
    return reading_tokens(ix, &r, toks, cap);
}

/* The listed words the article is written as (article_forms); how many the list uses. */
static size_t articles(const struct match_index *ix, uint32_t *out)
{
    size_t k = 0;
    for (size_t f = 0; f < N_ARTICLES; f++)
        if (strmap_get_n(&ix->by_text, article_forms[f], 2, &out[k])) k++;
    return k;
}

/* Options of query words [qpos, qpos + qlen): each of toks[0..k), after the words
 * prefix[0..np) ("al" before "tai": AL-TAI). */
static void add_after(struct mx_option *opt, size_t *n, unsigned qpos, unsigned qlen,
                      const uint32_t *prefix, unsigned np, const uint32_t *toks, size_t k)
{
    uint32_t words[MX_MAX_NAT];
    for (unsigned i = 0; i < np; i++)
        words[i] = prefix[i];
    for (size_t i = 0; i < k; i++) {
        words[np] = toks[i];
        mx_add_option_n(opt, n, qpos, qlen, words, np + 1, MX_CONSONANTS, MX_SIM_CONSONANTS);
    }
}

/* The listed words of w's reading, or of its reading with its final h said, as options of
 * query words [qpos, qpos + qlen). */
static void add_word(const struct match_index *ix, struct mx_option *opt, size_t *n, unsigned qpos,
                     unsigned qlen, const char *w, size_t len, bool final_h)
{
    uint32_t toks[WAYS * MAX_PER_KEY];
    size_t k = final_h ? final_h_tokens(ix, w, len, toks, MAX_PER_KEY)
                       : abjad_tokens(ix, w, len, toks, MAX_PER_KEY);
    add_after(opt, n, qpos, qlen, NULL, 0, toks, k);
}

/* A word as it stands, and with the article written into it ("altayy") left out or said
 * apart: TAI, AL-TAI, EL-TAI. */
static void word_and_article(const struct match_index *ix, struct mx_option *opt, size_t *n,
                             unsigned qpos, unsigned qlen, const char *w, size_t len)
{
    uint32_t toks[WAYS * MAX_PER_KEY], art[N_ARTICLES];
    char key[CONSONANT_KEY_MAX + 1];
    /* A word's first option says what it weighs left unpaired (match_query.c): the final h
     * said first when the key is a single letter without it ("th": Taha, not "at") */
    bool h_first = consonant_reading(w, len, 0, key, NULL, NULL) < 2;
    add_word(ix, opt, n, qpos, qlen, w, len, h_first);
    add_word(ix, opt, n, qpos, qlen, w, len, !h_first);
    if (len < 5 || w[0] != 'a' || w[1] != 'l') return;
    /* The name's key is the word's past the article's l: what follows the article is read in
     * the word ("alawadi", العوادي, is AL-AWADI: its w is not a first letter), unless it is
     * another l, which the key would have merged with it ("allibi"), or a w or y right after
     * the article, a consonant there ("alyasin", الياسين, AL-YASSIN; an ain before it is read
     * "a", match/translit_icu.c). */
    bool own = w[2] == 'l' || w[2] == 'w' || w[2] == 'y';
    size_t k = own ? abjad_tokens(ix, w + 2, len - 2, toks, MAX_PER_KEY)
                   : abjad_tokens_past(ix, w, len, 1, toks, MAX_PER_KEY);
    size_t na = articles(ix, art);
    add_after(opt, n, qpos, qlen, NULL, 0, toks, k);
    for (size_t a = 0; a < na; a++)
        add_after(opt, n, qpos, qlen, &art[a], 1, toks, k);
}

/* The article before a "sun letter" is said as that letter ("al-rahman" is ar-rahman), and
 * lists often write it so: ABDUR REHMAN, ABDERRAHMANE, ABDUS SALAM. */
static bool sun_letter(char c)
{
    return c == 't' || c == 'd' || c == 'r' || c == 'z' || c == 's' || c == 'n';
}

/* عبد, the article and a name, written as one word or two ("bdalkhalq", "bd alkhalq"; `rest` is
 * the name, "khalq"), as lists write such a given name in two or three words: ABD AL-KHALIQ,
 * ABDUL KHALIQ, ABDUR REHMAN. (Written as one listed word, ABDELKHALIQ, it shares the whole
 * word's key; ABDERRAHMANE, with a sun letter, the key of "bd" and the name.) */
static void abd_compound(const struct match_index *ix, struct mx_option *opt, size_t *n,
                         unsigned qpos, unsigned qlen, const char *rest, size_t rlen)
{
    uint32_t abd[WAYS * MAX_PER_PART], abdul[WAYS * MAX_PER_PART], name[WAYS * MAX_PER_PART];
    uint32_t art[N_ARTICLES], pre[2];
    size_t nname = abjad_tokens(ix, rest, rlen, name, MAX_PER_PART);
    if (!nname) return;
    size_t nabd = abjad_tokens(ix, "bd", 2, abd, MAX_PER_PART);
    size_t nabdul = abjad_tokens(ix, "bdl", 3, abdul, MAX_PER_PART), na = articles(ix, art);
    for (size_t i = 0; i < nabdul; i++)
        add_after(opt, n, qpos, qlen, &abdul[i], 1, name, nname);
    if (sun_letter(rest[0]) && rlen + 3 <= CONSONANT_KEY_MAX) {
        char said[CONSONANT_KEY_MAX + 1] = "bd'"; /* "bd'rhmn": the article said as the r */
        memcpy(said + 3, rest, rlen);
        add_word(ix, opt, n, qpos, qlen, said, rlen + 3, false);
        nabdul = abjad_tokens(ix, said, 4, abdul, MAX_PER_PART); /* "bd'r": abdur */
        for (size_t i = 0; i < nabdul; i++)
            add_after(opt, n, qpos, qlen, &abdul[i], 1, name, nname);
    }
    for (size_t i = 0; i < nabd; i++)
        for (size_t a = 0; a < na; a++) {
            pre[0] = abd[i], pre[1] = art[a];
            add_after(opt, n, qpos, qlen, pre, 2, name, nname);
        }
}

static bool starts_with(const char *w, size_t len, const char *prefix, size_t plen)
{
    return len > plen && memcmp(w, prefix, plen) == 0;
}

/* Two words of the question written as one listed word ("bd allh" for ABDULLAH), read apart
 * where they meet (an apostrophe between them: "bd" and "ziz" make no "dz",
 * match/match_consonants.h). */
static void joined_words(const struct match_index *ix, struct mx_option *opt, size_t *n,
                         unsigned qpos, const char *a, size_t la, const char *b, size_t lb)
{
    if (la + 1 + lb > CONSONANT_KEY_MAX) return;
    char joined[CONSONANT_KEY_MAX + 1];
    memcpy(joined, a, la);
    joined[la] = '\'';
    memcpy(joined + la + 1, b, lb);
    add_word(ix, opt, n, qpos, 2, joined, la + 1 + lb, false);
}

void mx_abjad_options(const struct match_index *ix, struct mx_option *opt, size_t *n,
                      const struct norm_name *name, unsigned i)
{
    const char *w = name->text + name->tokens[i].off;
    size_t len = name->tokens[i].len;
    word_and_article(ix, opt, n, i, 1, w, len);
    if (starts_with(w, len, "bdal", 4)) abd_compound(ix, opt, n, i, 1, w + 4, len - 4);
    if (i + 1 >= name->ntokens || name->reading[i + 1] != NORM_READ_ABJAD) return;
    const char *next = name->text + name->tokens[i + 1].off;
    size_t len2 = name->tokens[i + 1].len;
    if (len == 2 && memcmp(w, "bd", 2) == 0 && starts_with(next, len2, "al", 2))
        abd_compound(ix, opt, n, i, 2, next + 2, len2 - 2);
    joined_words(ix, opt, n, i, w, len, next, len2);
    /* the article said as the name's vowel: "nsir aldin" is NASIRUDDIN (not after an initial:
     * "s alsid" is not Seyed) */
    if (len >= 3 && starts_with(next, len2, "al", 2) && len2 > 3)
        joined_words(ix, opt, n, i, w, len, next + 2, len2 - 2);
}
