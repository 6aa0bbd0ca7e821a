/* The synthetic name generator (gen_words.h). */
#include "gen_words.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define POOL 40000

static const char *const generic[] = {
    "trading",     "group",       "international", "holding",    "industries",  "company",
    "services",    "shipping",    "energy",        "bank",       "investment",  "technologies",
    "logistics",   "petroleum",   "engineering",   "systems",    "capital",     "construction",
    "development", "import",      "export",        "resources",  "global",      "general",
    "marine",      "electronics", "industrial",    "commercial", "enterprises", "solutions",
    "chemical",    "metals",      "mining",        "oil",        "gas",         "aviation",
    "transport",   "finance",     "management",    "consulting", "security",    "software",
    "lab",         "machinery",   "equipment",     "national",   "united",      "first",
    "new",         "star",        "ocean",         "power",      "steel",       "textile",
    "foods",       "agro",        "pharma",        "medical",    "telecom",     "media",
    "network",     "partners",    "ventures",      "trust",      "insurance",   "properties",
    "real",        "estate",      "tech",          "defense",    "research",    "scientific",
    "supply",      "products",    "fuel",          "cargo",      "line",        "total",
};
#define NGENERIC (sizeof generic / sizeof *generic)

static const char *const countries[] = {"russia", "iran",     "china",     "syria",     "uae",
                                        "turkey", "belarus",  "venezuela", "korea",     "cyprus",
                                        "panama", "malaysia", "hong kong", "singapore", "india"};

static const struct {
    const char *form;
    bool first;
} forms[] = {
    {"LLC", false},   {"Ltd", false},  {"Limited", false}, {"Co., Ltd.", false}, {"Inc.", false},
    {"Corp.", false}, {"GmbH", false}, {"S.A.", false},    {"PLC", false},       {"JSC", false},
    {"B.V.", false},  {"AG", false},   {"FZE", false},     {"Pte Ltd", false},   {"OOO", true},
    {"AO", true},     {"ZAO", true},   {"PAO", true},      {"LLC", true},        {"JSC", true},
};

static const char *const onsets[] = {"b",  "d", "g", "k",  "l",  "m",  "n",  "p",  "r",  "s",
                                     "t",  "v", "z", "sh", "kh", "tr", "st", "pr", "br", "gr",
                                     "kr", "f", "h", "ch", "zh", "ts", "al", "ar", "in", "el"};
static const char *const vowels[] = {"a", "e", "i", "o", "u", "a", "o", "ya", "e", "i"};
static const char *const codas[] = {"", "", "", "n", "r", "s", "k", "m", "l", "t", "v", "sk"};

uint64_t gen_next(struct gen *g)
{
    /* xorshift64* */
    g->state ^= g->state >> 12;
    g->state ^= g->state << 25;
    g->state ^= g->state >> 27;
    return g->state * 2685821657736338717ull;
}

double gen_uniform(struct gen *g)
{
    return (double)(gen_next(g) >> 11) / 9007199254740992.0;
}

#define PICK(g, arr) (arr[gen_next(g) % (sizeof arr / sizeof *arr)])

static void zipf(double *cdf, size_t n, double s)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += 1.0 / pow((double)(i + 1), s);
    double acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc += 1.0 / pow((double)(i + 1), s) / sum;
        cdf[i] = acc;
    }
    cdf[n - 1] = 1.0;
}

static size_t draw(const double *cdf, size_t n, double u)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool gen_init(struct gen *g, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    g->state = seed * 0x9E3779B97F4A7C15ull + 1;
    g->npool = POOL;
    g->pool = malloc(POOL * sizeof *g->pool);
    g->pool_cdf = malloc(POOL * sizeof *g->pool_cdf);
    if (!g->pool || !g->pool_cdf) return false;
    /* The pool depends on a fixed seed, so that the list and unrelated queries share it. */
    uint64_t keep = g->state;
    g->state = 0x5DEECE66Dull;
    for (size_t i = 0; i < POOL; i++) {
        char *w = g->pool[i];
        size_t len = 0;
        unsigned syl = 2 + (unsigned)(gen_next(g) % 3);
        for (unsigned k = 0; k < syl; k++) {
            const char *parts[3] = {PICK(g, onsets), PICK(g, vowels),
                                    k + 1 == syl ? PICK(g, codas) : ""};
            for (int p = 0; p < 3; p++) {
                size_t l = strlen(parts[p]);
                if (len + l < 15) {
                    memcpy(w + len, parts[p], l);
                    len += l;
                }
            }
        }
        w[len] = '\0';
    }
    g->state = keep;
    zipf(g->pool_cdf, POOL, 0.7);
    zipf(g->generic_cdf, NGENERIC, 1.1);
    return true;
}

void gen_free(struct gen *g)
{
    free(g->pool);
    free(g->pool_cdf);
    g->pool = NULL;
    g->pool_cdf = NULL;
}

static const char *name_word(struct gen *g)
{
    return g->pool[draw(g->pool_cdf, g->npool, gen_uniform(g))];
}

static const char *generic_word(struct gen *g)
{
    return generic[draw(g->generic_cdf, NGENERIC, gen_uniform(g))];
}

void gen_org(struct gen *g, struct gen_name *out)
{
    memset(out, 0, sizeof *out);
    double u = gen_uniform(g);
    unsigned distinct = u < 0.5 ? 1 : u < 0.9 ? 2 : 3;
    u = gen_uniform(g);
    unsigned generics = u < 0.3 ? 0 : u < 0.8 ? 1 : 2;
    if (gen_uniform(g) < 0.05) { /* "Bank of Xyz" */
        out->words[out->nwords++] = generic_word(g);
        out->words[out->nwords++] = "of";
        generics = 0;
    }
    for (unsigned i = 0; i < distinct; i++) {
        out->distinctive[out->nwords] = true;
        out->words[out->nwords++] = name_word(g);
    }
    for (unsigned i = 0; i < generics; i++)
        out->words[out->nwords++] = generic_word(g);
    if (gen_uniform(g) < 0.1) out->words[out->nwords++] = PICK(g, countries);
    if (gen_uniform(g) < 0.75) {
        size_t f = gen_next(g) % (sizeof forms / sizeof *forms);
        out->form = forms[f].form;
        out->form_first = forms[f].first;
    }
}

static void append(char *out, size_t size, size_t *len, const char *s, bool title)
{
    if (*len && *len + 1 < size) out[(*len)++] = ' ';
    for (size_t i = 0; s[i] && *len + 1 < size; i++) {
        bool start = i == 0 || s[i - 1] == ' ';
        out[(*len)++] = title && start ? (char)toupper((unsigned char)s[i]) : s[i];
    }
    out[*len] = '\0';
}

void gen_render(const struct gen_name *n, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    if (n->form && n->form_first) append(out, size, &len, n->form, false);
    for (unsigned i = 0; i < n->nwords; i++)
        append(out, size, &len, n->words[i], strcmp(n->words[i], "of") != 0);
    if (n->form && !n->form_first) append(out, size, &len, n->form, false);
}

/* Latin to Cyrillic, longest spelling first: close enough to what a Russian register
 * would write for these made-up words. */
static const struct {
    const char *lat, *cyr;
} to_cyr[] = {
    {"shch", "щ"}, {"sh", "ш"}, {"ch", "ч"}, {"zh", "ж"}, {"kh", "х"}, {"ts", "ц"}, {"ya", "я"},
    {"yu", "ю"},   {"a", "а"},  {"b", "б"},  {"v", "в"},  {"g", "г"},  {"d", "д"},  {"e", "е"},
    {"z", "з"},    {"i", "и"},  {"y", "ы"},  {"k", "к"},  {"l", "л"},  {"m", "м"},  {"n", "н"},
    {"o", "о"},    {"p", "п"},  {"r", "р"},  {"s", "с"},  {"t", "т"},  {"u", "у"},  {"f", "ф"},
    {"h", "х"},    {"c", "к"},  {"w", "в"},  {"x", "кс"}, {"q", "к"},  {"j", "дж"}, {" ", " "},
};

static void cyrillic(const char *s, char *out, size_t size, size_t *len)
{
    for (size_t i = 0; s[i];) {
        size_t k = 0;
        for (; k < sizeof to_cyr / sizeof *to_cyr; k++)
            if (strncmp(s + i, to_cyr[k].lat, strlen(to_cyr[k].lat)) == 0) break;
        if (k == sizeof to_cyr / sizeof *to_cyr) {
            i++;
            continue;
        }
        size_t l = strlen(to_cyr[k].cyr);
        if (*len + l + 1 >= size) return;
        memcpy(out + *len, to_cyr[k].cyr, l);
        *len += l;
        out[*len] = '\0';
        i += strlen(to_cyr[k].lat);
    }
}

const char *gen_alias(struct gen *g, const struct gen_name *n, int k, char *out, size_t size)
{
    out[0] = '\0';
    size_t len = 0;
    double u = gen_uniform(g);
    switch (k) {
    case 0: { /* a former name: one name word different */
        if (u >= 0.3) return NULL;
        struct gen_name f = *n;
        for (unsigned i = 0; i < f.nwords; i++)
            if (f.distinctive[i]) {
                f.words[i] = name_word(g);
                break;
            }
        gen_render(&f, out, size);
        return "former";
    }
    case 1: /* the brand: its name words alone */
        if (u >= 0.3) return NULL;
        for (unsigned i = 0; i < n->nwords; i++)
            if (n->distinctive[i]) append(out, size, &len, n->words[i], true);
        return len ? "brand" : NULL;
    case 2: /* an acronym of three words or more */
        if (u >= 0.1 || n->nwords < 3) return NULL;
        for (unsigned i = 0; i < n->nwords && len + 1 < size; i++)
            if (strcmp(n->words[i], "of") != 0) out[len++] = (char)toupper(n->words[i][0]);
        out[len] = '\0';
        return "brand";
    default: /* the name in Cyrillic, with a Russian form before it */
        if (u >= 0.2) return NULL;
        if (size < 8) return NULL;
        memcpy(out, "ООО «", strlen("ООО «"));
        len = strlen("ООО «");
        out[len] = '\0';
        for (unsigned i = 0; i < n->nwords; i++) {
            if (i) cyrillic(" ", out, size, &len);
            cyrillic(n->words[i], out, size, &len);
        }
        if (len + 3 < size) {
            memcpy(out + len, "»", strlen("»"));
            len += strlen("»");
            out[len] = '\0';
        }
        return "legal";
    }
}
