/* Reading the labelled pairs files and telling the script a name is written in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"
#include "pairs.h"

const char *const PAIR_KIND_NAMES[KIND_COUNT] = {"organisations", "vessels", "persons"};
const char *const PAIR_SCRIPT_NAMES[SCRIPT_COUNT] = {"Latin", "Cyrillic", "Arabic", "CJK", "other"};

/* FollowTheMoney schema -> what the pair names. */
static const struct {
    const char *schema;
    enum pair_kind kind;
} SCHEMAS[] = {
    {"Company", KIND_ORGANISATION},
    {"Organization", KIND_ORGANISATION},
    {"LegalEntity", KIND_ORGANISATION},
    {"PublicBody", KIND_ORGANISATION},
    {"Vessel", KIND_VESSEL},
    {"Person", KIND_PERSON},
};

/* Code point ranges of letters, by script; anything else from U+0370 up that is not
 * punctuation, a symbol or a combining mark is "other". */
static const struct {
    unsigned lo, hi;
    enum pair_script script;
} RANGES[] = {
    {0x0400, 0x052F, SCRIPT_CYRILLIC}, {0x0600, 0x06FF, SCRIPT_ARABIC},
    {0x0750, 0x077F, SCRIPT_ARABIC},   {0x08A0, 0x08FF, SCRIPT_ARABIC},
    {0x1100, 0x11FF, SCRIPT_CJK},      {0x3040, 0x30FF, SCRIPT_CJK}, /* kana */
    {0x3130, 0x318F, SCRIPT_CJK},      {0x3400, 0x4DBF, SCRIPT_CJK},
    {0x4E00, 0x9FFF, SCRIPT_CJK},      {0xAC00, 0xD7AF, SCRIPT_CJK}, /* hangul */
    {0xF900, 0xFAFF, SCRIPT_CJK},      {0xFB50, 0xFDFF, SCRIPT_ARABIC},
    {0xFE70, 0xFEFF, SCRIPT_ARABIC},
};

/* Neither a letter of a script nor Latin: spacing modifiers, combining marks, general
 * punctuation, symbols, CJK punctuation (but not the kana middle dot, in the kana block). */
static bool neutral(unsigned cp)
{
    return cp < 0x0370 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFE00 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20);
}

/* The next code point of valid UTF-8 at *p (advanced past it). */
static unsigned next_code_point(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned cp = s[0], n = cp < 0x80 ? 0 : cp < 0xE0 ? 1 : cp < 0xF0 ? 2 : 3;
    if (n) cp &= 0x3Fu >> n;
    for (unsigned i = 1; i <= n && s[i]; i++)
        cp = (cp << 6) | (s[i] & 0x3Fu);
    *p = s + 1 + n;
    return cp;
}

enum pair_script pairs_script_of(const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    while (*p) {
        unsigned cp = next_code_point(&p);
        if (neutral(cp)) continue;
        for (size_t i = 0; i < sizeof RANGES / sizeof *RANGES; i++)
            if (cp >= RANGES[i].lo && cp <= RANGES[i].hi) return RANGES[i].script;
        if (!(cp >= 0x1E00 && cp <= 0x1EFF)) return SCRIPT_OTHER; /* Latin extended additional */
    }
    return SCRIPT_LATIN;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)n, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

static bool grow(struct pair_set *set)
{
    if (set->n < set->cap) return true;
    size_t cap = set->cap ? 2 * set->cap : 256;
    struct pair *p = realloc(set->pairs, cap * sizeof *p);
    if (!p) return false;
    set->pairs = p;
    set->cap = cap;
    return true;
}

/* One row into a pair; false when the row is malformed. */
static bool add_row(struct pair_set *set, const struct csv_reader *r, unsigned source)
{
    size_t len;
    const char *group = csv_field(r, 0, &len), *schema = csv_field(r, 1, &len),
               *n1 = csv_field(r, 2, &len), *n2 = csv_field(r, 3, &len),
               *label = csv_field(r, 4, &len), *quality = csv_field(r, 5, &len),
               *category = csv_field(r, 6, &len);
    if (!group || !schema || !n1 || !n2 || !label || !*n1 || !*n2) return false;
    int kind = -1;
    for (size_t i = 0; i < sizeof SCHEMAS / sizeof *SCHEMAS; i++)
        if (strcmp(schema, SCHEMAS[i].schema) == 0) kind = (int)SCHEMAS[i].kind;
    if (kind < 0) {
        set->skipped++;
        return true;
    }
    if (!grow(set)) return false;
    struct pair *p = &set->pairs[set->n];
    *p = (struct pair){.name1 = arena_strdup(&set->arena, n1),
                       .name2 = arena_strdup(&set->arena, n2),
                       .group = arena_strdup(&set->arena, group),
                       .category = arena_strdup(&set->arena, category ? category : ""),
                       .source = source,
                       .kind = (enum pair_kind)kind,
                       .is_match = strcmp(label, "true") == 0,
                       .weak = quality && strcmp(quality, "WEAK") == 0};
    if (!p->group || !p->name1 || !p->name2 || !p->category) return false;
    enum pair_script s1 = pairs_script_of(n1), s2 = pairs_script_of(n2);
    p->script = s1 != SCRIPT_LATIN ? s1 : s2;
    p->cross = s1 != s2;
    set->n++;
    return strcmp(label, "true") == 0 || strcmp(label, "false") == 0;
}

bool pairs_load(struct pair_set *set, const char *path, unsigned source)
{
    size_t len = 0;
    char *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "pairs: cannot read %s\n", path);
        return false;
    }
    struct csv_reader r;
    struct rd_error err = {0};
    enum csv_status st = CSV_END;
    bool ok = true, header = true;
    csv_reader_init(&r, data, len);
    while (ok && (st = csv_next(&r, &err)) == CSV_RECORD) {
        if (!header && !add_row(set, &r, source)) {
            fprintf(stderr, "pairs: %s: line %zu: a row without two names and a true/false label\n",
                    path, r.record_line);
            ok = false;
        }
        header = false;
    }
    if (ok && st == CSV_ERROR) {
        fprintf(stderr, "pairs: %s: %s\n", path, err.message);
        ok = false;
    }
    csv_reader_free(&r);
    free(data);
    return ok;
}

void pairs_free(struct pair_set *set)
{
    arena_free(&set->arena);
    free(set->pairs);
    memset(set, 0, sizeof *set);
}
