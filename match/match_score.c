/* Scoring one alias against an analysed query (match/match_score.h). */
#include "match/match_score.h"

#include <math.h>
#include <string.h>

#include "match/match_words.h"

struct pair {
    float gain;
    uint16_t opt;
    uint8_t pos; /* first alias token */
};

#define MAX_PAIRS 128

/* Every place an option fits the alias, with what it would bring. A four-letter word's typo
 * pairs only in a name typed in Latin letters (`latin`): in a company's name too, where it
 * never makes a match (strong_hit) but keeps the likeness a candidate ("GOMD STAR 3" for GOLD
 * STAR 3 found no candidate, the unknown word weighing the most a word can). */
static size_t find_pairs(const struct match_index *ix, const struct mx_alias *a,
                         const struct mx_query *q, bool latin, struct pair *out)
{
    const uint32_t *toks = ix->alias_tokens + a->tok_off;
    size_t n = 0;
    for (size_t o = 0; o < q->nopt; o++) {
        const struct mx_option *op = &q->opt[o];
        if (op->how == MX_FUZZY4 && !latin) continue;
        for (uint32_t j = 0; j < a->ntok; j++) {
            if (toks[j] != op->tok[0]) continue;
            if (j + op->nat > a->ntok) continue;
            float w = mx_alias_weight(ix, a, j);
            unsigned k = 1;
            for (; k < op->nat && toks[j + k] == op->tok[k]; k++)
                w += mx_alias_weight(ix, a, j + k);
            if (k < op->nat) continue;
            if (n == MAX_PAIRS) return n;
            out[n++] = (struct pair){op->sim * w, (uint16_t)o, (uint8_t)j};
        }
    }
    /* Heaviest first; ties by option then position, so the result never depends on
     * anything but the data. */
    for (size_t i = 1; i < n; i++) {
        struct pair p = out[i];
        size_t k = i;
        while (k > 0 && (out[k - 1].gain < p.gain ||
                         (out[k - 1].gain == p.gain && out[k - 1].opt > p.opt))) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = p;
    }
    return n;
}

/* Numbers are part of a name's identity: the ship "NAMISUKE MARU NO. 11" is not "NO. 1", the
 * fund "GOLDEN LOTUS INVESTMENT NO. 3" not "NO. 8", "SINO IRON I" not "II", the aircraft
 * "YV2485" not "YV2486", the court "BRANCH 2" not "FIRST BRANCH". A number is a token of
 * digits, a roman numeral up to 39 after the first token, an ordinal word up to "tenth" (read
 * as its digits: "1st" is normalised to "first", match/numerals.h), or each run of digits in a
 * token of letters and digits ("VALFAJR2", "DY905"; a held-out set found 4 of 166 changed
 * numbers still matched as a one-letter typo). */
static bool roman(const char *t, size_t n)
{
    static const char *const numerals[] = {
        "i",    "ii",    "iii",    "iv",    "v",    "vi",    "vii",    "viii",    "ix",   "x",
        "xi",   "xii",   "xiii",   "xiv",   "xv",   "xvi",   "xvii",   "xviii",   "xix",  "xx",
        "xxi",  "xxii",  "xxiii",  "xxiv",  "xxv",  "xxvi",  "xxvii",  "xxviii",  "xxix", "xxx",
        "xxxi", "xxxii", "xxxiii", "xxxiv", "xxxv", "xxxvi", "xxxvii", "xxxviii", "xxxix"};
    for (size_t i = 0; i < n; i++) /* most words have another letter: no table to search */
        if (t[i] != 'i' && t[i] != 'v' && t[i] != 'x') return false;
    for (size_t i = 0; i < sizeof numerals / sizeof *numerals; i++)
        if (strlen(numerals[i]) == n && memcmp(numerals[i], t, n) == 0) return true;
    return false;
}

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool number_token(const char *t, size_t n, unsigned pos)
{
    size_t digits = 0;
    while (digits < n && digit(t[digits]))
        digits++;
    return n > 0 && (digits == n || (pos > 0 && n <= 7 && roman(t, n)));
}

static void push_number(struct mx_numbers *ns, const char *t, size_t n)
{
    if (ns->n < MX_MAX_NUMBERS) {
        ns->t[ns->n] = t;
        ns->len[ns->n++] = (uint8_t)(n > 255 ? 255 : n);
    }
}

static void add_number(struct mx_numbers *ns, const char *t, size_t n, unsigned pos)
{
    static const char *const ordinals[] = {"first", "second",  "third",  "fourth", "fifth",
                                           "sixth", "seventh", "eighth", "ninth",  "tenth"};
    static const char *const values[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
    if (number_token(t, n, pos)) {
        push_number(ns, t, n);
        return;
    }
    for (size_t k = 0; k < sizeof ordinals / sizeof *ordinals; k++)
        if (n && ordinals[k][0] == t[0] && strlen(ordinals[k]) == n &&
            memcmp(ordinals[k], t, n) == 0) {
            push_number(ns, values[k], strlen(values[k]));
            return;
        }
    for (size_t i = 0; i < n;) { /* letters and digits: each run of digits */
        if (!digit(t[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && digit(t[j]))
            j++;
        push_number(ns, t + i, j - i);
        i = j;
    }
}

void mx_numbers_of(const struct norm_name *name, struct mx_numbers *out)
{
    out->n = 0;
    for (unsigned i = 0; i < name->ntokens; i++)
        add_number(out, name->text + name->tokens[i].off, name->tokens[i].len, i);
}

/* Whether both names state numbers and they are not the same ones. */
static bool numbers_differ(const struct match_index *ix, const struct mx_alias *a,
                           const struct mx_query *q)
{
    const struct mx_numbers *qn = &q->numbers;
    if (!qn->n) return false;
    struct mx_numbers an = {0};
    for (unsigned i = 0; i < a->ntok; i++) {
        const struct mx_token *t = &ix->tokens[ix->alias_tokens[a->tok_off + i]];
        add_number(&an, t->text, t->len, i);
    }
    if (!an.n || an.n != qn->n) return an.n != 0;
    uint32_t used = 0;
    for (unsigned i = 0; i < qn->n; i++) {
        unsigned k = 0;
        while (k < an.n && ((used >> k) & 1u || an.len[k] != qn->len[i] ||
                            memcmp(an.t[k], qn->t[i], qn->len[i]) != 0))
            k++;
        if (k == an.n) return true;
        used |= 1u << k;
    }
    return false;
}

/* Whether a distinctive alias token paired this way is evidence enough for a whole-name
 * match: not a one-edit likeness of a short word ("Cisco" and "ZISCO", "Ciena" and "SIENNA"
 * are different companies), nor a skeleton likeness of a three-letter one ("Dow", "DOV"). */
static bool strong_evidence(uint8_t how, uint32_t len)
{
    switch ((enum mx_how)how) {
    case MX_FUZZY:
        return len > MX_SHORT_WORD;
    case MX_SKELETON:
        return len > 3;
    case MX_CONSONANTS: /* counted apart: see weigh_evidence */
    case MX_FUZZY4:
        return false;
    default:
        return true;
    }
}

/* What the distinctive words paired tell: that there was one, that one was strong evidence
 * (strong_evidence), how many question words were paired by their consonants, whether one
 * was a short word's typo, and which alias words were said as written (or by skeleton). */
struct evidence {
    bool distinctive, strong, typo, typo4, typo4_word; /* its question word a word or a name */
    unsigned keys;                                     /* question words paired by consonants */
    uint64_t said;
    uint64_t joined;             /* in: the words of hyphenated given names (joined_given) */
    uint8_t at[NORM_MAX_TOKENS]; /* 1 + where query word i paired alone; 0 when it did not */
};

/* The words of a person's given names that a hyphen joins to another ("KIM, Young-Chol": young
 * and chol), parts of one given name. */
static uint64_t joined_given(const struct match_name *sa)
{
    uint64_t h = match_given_hyphens(sa);
    return h | h >> 1;
}

/* Adds what option `op`, paired at alias position `pos`, tells to `e`. A four-letter part of a
 * hyphenated given name (e->joined) is not a four-letter name: "Kuk-Rypl" is "Kuk-Ryol" with
 * one letter changed, as a longer word's typo is. */
static void weigh_evidence(const struct match_index *ix, const struct mx_alias *a,
                           const struct mx_query *q, const struct mx_option *op, unsigned pos,
                           struct evidence *e)
{
    unsigned letters = 0; /* of the consonant keys of the distinctive words paired */
    bool distinctive = false;
    for (unsigned k = 0; k < op->nat; k++) {
        const struct mx_token *t = &ix->tokens[ix->alias_tokens[a->tok_off + pos + k]];
        if (!t->distinctive || ((a->damped >> (pos + k)) & 1u)) continue;
        distinctive = true;
        e->strong |= strong_evidence(op->how, t->len);
        e->typo |= op->how == MX_FUZZY || op->how == MX_FUZZY4;
        bool typo4 = op->how == MX_FUZZY4 && !((e->joined >> (pos + k)) & 1u);
        e->typo4 |= typo4;
        e->typo4_word |= typo4 && (q->real_words >> op->qpos) & 1u;
        if (op->how == MX_CONSONANTS) letters += t->consonants;
    }
    e->distinctive |= distinctive;
    /* Question words paired by their consonants count once each, whatever they stand for
     * ("bdalkhalq" is ABD AL-KHALIQ); two read as one ("bd allh" for Abdullah) agree as two
     * unless their key is a short one ("bi pnini" is not Pennie); one word of six consonants
     * or more as two ("kasbrski", كاسبرسكي, is Kaspersky; five coincide: "kristyan" and
     * OKRESTINA). */
    if (op->how == MX_CONSONANTS && distinctive)
        e->keys += letters < 3 ? 1 : letters >= 6 && op->nat == 1 ? 2 : op->qlen;
    if (op->how == MX_SAME || op->how == MX_SKELETON) e->said |= mx_span(pos, op->nat);
    if (op->qlen == 1 && op->nat == 1) e->at[op->qpos] = (uint8_t)(pos + 1);
}

/* Whether at least `needed` words of the alias that `counts` were said as listed. */
static bool said_at_least(const struct match_index *ix, const struct mx_alias *a,
                          const struct evidence *e, unsigned needed,
                          bool (*counts)(const struct mx_token *t, bool damped))
{
    unsigned said = 0;
    for (unsigned j = 0; j < a->ntok && j < 64 && said < needed; j++) {
        const struct mx_token *t = &ix->tokens[ix->alias_tokens[a->tok_off + j]];
        if ((e->said >> j) & 1u && counts(t, (a->damped >> j) & 1u)) said++;
    }
    return said >= needed;
}

static bool name_word(const struct mx_token *t, bool damped) /* no title, generic, noise */
{
    (void)damped;
    return t->len >= 2 && word_class(t->text, t->len) == WORD_NAME;
}

/* A short word's typo is evidence in a person's name when the other names were said as
 * listed ("AWEA, Abd Al Aziz", "KIM, Yoog Chol"), where a company's one short word changed is
 * another company ("Cisco" / "ZISCO"). A four-letter name one letter away is as often another
 * name (Jian: Joan, Dian; Deng: Meng; review 27): two other names, a longer word's one. */
static bool names_said(const struct match_index *ix, const struct mx_alias *a,
                       const struct evidence *e)
{
    return said_at_least(ix, a, e, e->typo4 ? 2 : 1, name_word);
}

/* A witness of a company's or a vessel's four-letter word's typo, two of which must be said:
 * distinctive, of MX_WITNESS_LEN letters or more, no English word, no qualifier ("SHAFAGH
 * SENOBAR UAZD"; not "Tai Fung Hotel" for TAI LUNG HOTEL, nor "Farmacia Vita" for FARMACIA
 * VIDA: the adversarial review, docs/matching.md). */
static bool witness_word(const struct mx_token *t, bool damped)
{
    return t->distinctive && !t->dictionary && t->len >= MX_WITNESS_LEN && !damped;
}

/* How a name every word of which was said, and nothing more, was found. */
static enum match_method exact_method(const struct mx_query *q, const struct match_name *sa,
                                      bool variant)
{
    if (variant || q->name->transliterated || sa->transliterated ||
        sa->role == MATCH_ROLE_TRANSLITERATION)
        return MATCH_TRANSLITERATED;
    return sa->role == MATCH_ROLE_OWN ? MATCH_EXACT : MATCH_ALIAS;
}

static const uint8_t evidence_how[] = {
    [MX_SAME] = EV_SAME,   [MX_SKELETON] = EV_TRANSLITERATED,
    [MX_FUZZY] = EV_TYPO,  [MX_SPLIT] = EV_SPLIT,
    [MX_JOIN] = EV_JOINED, [MX_CONSONANTS] = EV_TRANSLITERATED,
    [MX_FUZZY4] = EV_TYPO,
};

static void note(struct match_explanation *ev, struct match_evidence e)
{
    if (ev && ev->n < MATCH_MAX_EVIDENCE) ev->e[ev->n++] = e;
}

/* A pair as evidence: a number said the same way is named as such, it is part of the
 * name's identity. */
static void note_pair(struct match_explanation *ev, const struct match_index *ix,
                      const struct mx_alias *a, const struct mx_option *op, unsigned pos,
                      float gain)
{
    if (!ev) return;
    const struct mx_token *t = &ix->tokens[ix->alias_tokens[a->tok_off + pos]];
    uint8_t how = evidence_how[op->how];
    if (how == EV_SAME && number_token(t->text, t->len, pos)) how = EV_NUMBER;
    note(ev, (struct match_evidence){op->qpos, op->qlen, (uint8_t)pos, op->nat, how, op->sim,
                                     op->sim > 0 ? gain / op->sim : 0});
}

/* The words left over: the question's that explain nothing, the listed name's not said. */
static void note_leftovers(struct match_explanation *ev, const struct match_index *ix,
                           const struct mx_alias *a, const struct mx_query *q,
                           const struct match_name *sa, uint64_t qused, uint64_t aused)
{
    if (!ev) return;
    for (unsigned i = 0; i < q->ntok; i++)
        if (!((qused >> i) & 1u))
            note(ev, (struct match_evidence){(uint8_t)i, 1, 0, 0, EV_UNPAIRED, NAN,
                                             mx_unpaired_cost(q, sa->legal, i)});
    for (unsigned j = 0; j < a->ntok && j < 64; j++)
        if (!((aused >> j) & 1u))
            note(ev, (struct match_evidence){0, 0, (uint8_t)j, 1, EV_UNSAID, NAN,
                                             mx_alias_weight(ix, a, j)});
}

/* The caps: different numbers, or nothing but a short word's likeness to go on. */
static double held_down(double score, const struct match_index *ix, const struct mx_alias *a,
                        const struct mx_query *q, bool weak, struct match_explanation *ev)
{
    if (score > MX_NUMBER_CAP && numbers_differ(ix, a, q)) {
        score = MX_NUMBER_CAP;
        if (ev) ev->numbers_differ = true;
    }
    if (score > MX_WEAK_CAP && weak) {
        score = MX_WEAK_CAP;
        if (ev) ev->weak = true;
    }
    return score;
}

/* Whether a pair makes the hit a transliteration variant or an inexact one. Syllables a
 * romanisation writes apart ("xi jin ping" for "XI Jinping") are part of the
 * transliteration, not a misspelling. */
static void note_how(const struct mx_option *op, const struct mx_query *q, bool *variant,
                     bool *inexact)
{
    bool syllables = (op->how == MX_JOIN || op->how == MX_SPLIT) && q->name->transliterated;
    if (op->how == MX_SKELETON || op->how == MX_CONSONANTS || syllables)
        *variant = true;
    else if (op->how != MX_SAME)
        *inexact = true;
}

/* The unpaired given name (any name word when the name is not written "SURNAMES, Given
 * names") from position `from` on that begins with `c`, or a->ntok when none. */
static unsigned given_name_with(const struct match_index *ix, const struct mx_alias *a,
                                unsigned from, uint64_t aused, char c)
{
    for (unsigned j = from; j < a->ntok && j < 64; j++) {
        const struct mx_token *t = &ix->tokens[ix->alias_tokens[a->tok_off + j]];
        if (!((aused >> j) & 1u) && t->len >= 2 && t->text[0] == c) return j;
    }
    return a->ntok;
}

/* Where the given name that word j begins ends: past the words a hyphen joins to it
 * ("Jean-Marie", "Abd-al-Rahman" are one given name: match_given_hyphens), unless the initials
 * name the next of them themselves (`next`: "J.-M." for Jean-Marie) or it was said. */
static unsigned given_name_end(const struct match_index *ix, const struct mx_alias *a,
                               uint64_t hyphened, uint64_t taken, unsigned j, char next)
{
    unsigned end = j + 1;
    while (end < a->ntok && end < 64 && (hyphened >> end) & 1u && !((taken >> end) & 1u) &&
           ix->tokens[ix->alias_tokens[a->tok_off + end]].text[0] != next)
        end++;
    return end;
}

/* A person's initials: "N. Maduro" for "MADURO MOROS, Nicolas", "V. V. Putin" (joined "vv")
 * for "PUTIN, Vladimir Vladimirovich". Each letter of a question's initials word left unpaired
 * pairs with the next unpaired given name that begins with it, all of the word's letters or
 * none; a hyphenated given name is one ("J. Runiga" for "RUNIGA, Jean-Marie"). An initial is
 * never distinctive evidence on its own; it only spares the given name's weight. Returns what
 * the pairs bring to M. */
static double pair_initials(const struct match_index *ix, const struct mx_alias *a,
                            const struct match_name *sa, const struct mx_query *q, uint64_t *qused,
                            uint64_t *aused, struct match_explanation *ev)
{
    double m = 0;
    for (unsigned i = 0; i < q->ntok; i++) {
        if (!((q->initials >> i) & 1u) || ((*qused >> i) & 1u)) continue;
        const char *w = q->name->text + q->name->tokens[i].off;
        unsigned len = q->name->tokens[i].len, at[3], end[3], from = sa->surnames, k = 0;
        uint64_t taken = *aused;
        for (; k < len; k++) {
            at[k] = given_name_with(ix, a, from, taken, w[k]);
            if (at[k] >= a->ntok) break;
            end[k] = given_name_end(ix, a, match_given_hyphens(sa), taken, at[k],
                                    k + 1 < len ? w[k + 1] : 0);
            taken |= mx_span(at[k], end[k] - at[k]);
            from = end[k];
        }
        if (k < len) continue;
        *qused |= 1ull << i;
        *aused = taken;
        for (k = 0; k < len; k++) {
            float wt = 0;
            for (unsigned j = at[k]; j < end[k]; j++)
                wt += mx_alias_weight(ix, a, j);
            m += MX_SIM_INITIAL * wt;
            note(ev,
                 (struct match_evidence){(uint8_t)i, 1, (uint8_t)at[k], (uint8_t)(end[k] - at[k]),
                                         EV_INITIAL, MX_SIM_INITIAL, wt});
        }
    }
    return m;
}

/* A Korean name's syllables are its names, each one paired: a syllable paired with nothing is
 * another name ("Park Se-jong" is not PAK, Yong Sik, "Kim Seong-uk" not KIM, Song; a listed
 * word unsaid may be a name the question leaves out, as "Paul" of JON, Hana Paul); two said
 * one after the other and paired with two listed words one before the other are a given name
 * in the other order ("Seung-jun" is not "Chun Song"; the surname, word `surname`, may stand
 * first or last: "Hana JON" is JON, Hana Paul). at[i] is 1 + where word i paired alone, or 0. */
static bool other_syllables(const uint8_t *at, unsigned n, unsigned surname, bool all_paired)
{
    if (!all_paired) return true;
    for (unsigned i = 0; i + 1 < n; i++)
        if (i != surname && i + 1 != surname && at[i] && at[i + 1] && at[i + 1] + 1 == at[i])
            return true;
    return false;
}

/* Is the evidence enough for a match, not only a likeness? `all_paired`: every word of the
 * question paired. */
static bool strong_hit(const struct match_index *ix, const struct mx_alias *a,
                       const struct mx_query *q, const struct evidence *e, bool typed,
                       bool all_paired)
{
    /* Consonants alone coincide often ("shanshan" and "SUNSHINE", "usyk" and "ZISCO"): it takes
     * two words of the question that agree so ("ahmd hsn", "bd allh" for "Abdullah"), or one of
     * six consonants, as weigh_evidence counts them. */
    bool strong = e->strong || e->keys >= 2 || (typed && e->typo && names_said(ix, a, e));
    /* A four-letter word's typo (of a word the list does not know: match/match_query.c) holds
     * the hit down unless two of the person's other names were said ("Joan Zhang" is not
     * "ZHANG, Jian"); in a company's name, unless the question's word is no English word nor
     * name ("Nike Fantasy" is not NICE FANTASY) and two witnesses were said (witness_word).
     * docs/matching.md, "Four-letter typos in companies' names". */
    bool enough =
        typed ? names_said(ix, a, e) : !e->typo4_word && said_at_least(ix, a, e, 2, witness_word);
    if (e->typo4 && !enough) strong = false;
    if (q->korean && other_syllables(e->at, q->ntok, q->surname, all_paired)) strong = false;
    return strong;
}

bool mx_score(const struct match_index *ix, uint32_t alias, bool same_text,
              const struct mx_query *q, struct mx_result *r, struct match_explanation *ev)
{
    const struct mx_alias *a = &ix->aliases[alias];
    const struct match_name *sa = &ix->corpus.names[alias];
    if (a->ntok == 0 || a->weight <= 0) return false;
    struct pair pairs[MAX_PAIRS];
    /* A romanised syllable changed is another character ("xi jin peng" is not "XI Jinping"),
     * not a typo: the person rules for typos are for names written in Latin letters. */
    bool person = ix->corpus.entities[sa->entity].person;
    bool typed = person && !q->name->transliterated;
    size_t np = find_pairs(ix, a, q, !q->name->transliterated, pairs);

    uint64_t qused = 0, aused = 0;
    double m = 0;
    struct evidence e = {.joined = person ? joined_given(sa) : 0};
    bool inexact = false, variant = false;
    for (size_t i = 0; i < np; i++) {
        const struct mx_option *op = &q->opt[pairs[i].opt];
        uint64_t qbits = mx_span(op->qpos, op->qlen), abits = mx_span(pairs[i].pos, op->nat);
        if ((qused & qbits) || (aused & abits)) continue;
        qused |= qbits;
        aused |= abits;
        m += pairs[i].gain;
        note_pair(ev, ix, a, op, pairs[i].pos, pairs[i].gain);
        weigh_evidence(ix, a, q, op, pairs[i].pos, &e);
        note_how(op, q, &variant, &inexact);
    }
    /* Generic words alone never make a match, unless the query is the listed name itself, or
     * that but one misspelt word (match/match_gap.h). */
    if (!e.distinctive && !same_text) return false;
    if (q->initials && person) {
        double mi = pair_initials(ix, a, sa, q, &qused, &aused, ev);
        m += mi;
        inexact |= mi > 0;
    }

    double extra = 0;
    for (unsigned i = 0; i < q->ntok; i++)
        if (!((qused >> i) & 1u)) extra += mx_unpaired_cost(q, sa->legal, i);
    bool whole = aused == (a->ntok == 64 ? ~0ull : ((1ull << a->ntok) - 1));
    double cover = m / a->weight;
    double focus = m / (m + extra);
    double score =
        cover * focus *
        mx_legal_factor(q->name->legal | q->name->legal_inner, sa->legal | sa->legal_inner);
    if (score > 1) score = 1;
    note_leftovers(ev, ix, a, q, sa, qused, aused);
    bool strong = strong_hit(ix, a, q, &e, typed, qused == mx_span(0, q->ntok));
    score = held_down(score, ix, a, q, !strong && !same_text, ev);
    /* Six decimals: equal answers compare equal whatever the summation order. */
    r->score = floor(score * 1e6 + 0.5) / 1e6;
    r->method = inexact || !whole || extra > 0 ? MATCH_FUZZY : exact_method(q, sa, variant);
    return true;
}
