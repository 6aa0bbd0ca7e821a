#include "rulings/snapshot_names.h"

#include <stdlib.h>
#include <string.h>

#include "match/annotations.h"
#include "match/match.h"
#include "match/normalize.h"

/* What the donor normalised, by text (its names' texts, borrowed). */
struct memo {
    const struct snapshot *s; /* NULL: none */
    struct strmap by_text;
};

/* A former name a listed name gives ("X (ex-Y)", "X f/k/a Y"), as bytes of the name; found
 * once per name (name_parts_find was a fifth of a build when asked three times). */
struct former {
    uint32_t off, len;
};

static struct former former_of(const char *text)
{
    struct name_parts parts;
    name_parts_find(text, strlen(text), &parts);
    return (struct former){(uint32_t)parts.former_off, (uint32_t)parts.former_len};
}

/* How many words come before the comma of a person's name written "SURNAMES, Given names";
 * 0 when it is not written so. */
static uint8_t surname_words(const char *text)
{
    const char *comma = strchr(text, ',');
    if (!comma || comma == text) return 0;
    static _Thread_local struct norm_name n;
    if (normalize_name(text, (size_t)(comma - text), &n) != NORM_OK) return 0;
    return (uint8_t)(n.ntokens > 8 ? 0 : n.ntokens);
}

/* Fills the normalised part of `m` from the donor's name of the same text, or by normalising
 * `text`. False when the text does not normalise (the name is then left out). */
static bool normalised(struct snapshot *s, const struct memo *d, const char *text, bool person,
                       struct match_name *m)
{
    uint32_t k;
    if (d->s && strmap_get(&d->by_text, text, &k)) {
        const struct match_name *dm = &d->s->names[k];
        m->norm = arena_strdup(&s->arena, dm->norm);
        m->legal = dm->legal;
        m->legal_inner = dm->legal_inner;
        m->qualifiers = dm->qualifiers;
        m->hyphened = dm->hyphened;
        m->transliterated = dm->transliterated;
        m->surnames = !person                             ? 0
                      : d->s->entities[dm->entity].person ? dm->surnames
                                                          : surname_words(text);
        return true;
    }
    static _Thread_local struct norm_name n;
    if (normalize_name(text, strlen(text), &n) != NORM_OK) return false;
    m->norm = arena_strndup(&s->arena, n.text, n.len);
    m->legal = n.legal;
    m->legal_inner = n.legal_inner;
    m->qualifiers = n.qualifiers;
    m->hyphened = n.hyphened;
    m->transliterated = n.transliterated;
    m->surnames = person ? surname_words(text) : 0;
    return true;
}

/* Adds one name (a subject's own, or an alias) to the name index. */
static bool add_name(struct snapshot *s, const struct memo *d, uint32_t subject, const char *text,
                     enum alias_kind kind, const struct rd_alias *rec)
{
    struct snap_alias *a = &s->aliases[s->n_aliases];
    struct match_name *m = &s->names[s->n_aliases];
    if (!normalised(s, d, text, s->subjects[subject].rec->kind == SUBJECT_PERSON, m))
        return true; /* unmatched, kept out */
    if (!m->norm) return false;
    a->text = text;
    m->exact_only = rd_alias_kind_weak(kind);
    m->entity = subject;
    m->rank = (uint8_t)kind; /* equal hits: the own name first, then by alias kind */
    m->role = kind == ALIAS_NAME              ? MATCH_ROLE_OWN
              : kind == ALIAS_TRANSLITERATION ? MATCH_ROLE_TRANSLITERATION
                                              : MATCH_ROLE_ALIAS;
    a->kind = (uint8_t)kind;
    a->subject = subject;
    a->rec = rec;
    s->n_aliases++;
    return true;
}

/* Adds a name and, when it gives one, the former name it gives (as an alias of kind
 * former: "NEW (ex-OLD)" listed is found by OLD too) to subject `sub`'s names. */
static bool add_names(struct snapshot *s, const struct memo *d, uint32_t sub, const char *text,
                      enum alias_kind kind, const struct rd_alias *rec, struct former f)
{
    struct snap_subject *ss = &s->subjects[sub];
    size_t before = s->n_aliases;
    if (!add_name(s, d, sub, text, kind, rec)) return false;
    if (f.len) {
        const char *former = arena_strndup(&s->arena, text + f.off, f.len);
        if (!former || !add_name(s, d, sub, former, ALIAS_FORMER, NULL)) return false;
    }
    for (size_t k = before; k < s->n_aliases; k++)
        ss->aliases[ss->n_aliases++] = (uint32_t)k;
    return true;
}

/* Room for every name: the index's arrays, and each subject's list (its own name and its
 * aliases, each with the former name it gives). */
static bool make_room(struct snapshot *s, const struct former *fs, const struct former *fa)
{
    size_t cap = s->n_subjects + s->ds.n_aliases;
    uint32_t *count = calloc(s->n_subjects + 1, sizeof *count);
    if (!count) return false;
    for (size_t i = 0; i < s->n_subjects; i++) {
        count[i] += fs[i].len ? 2u : 1u;
        cap += fs[i].len > 0;
    }
    for (size_t i = 0; i < s->ds.n_aliases; i++) {
        uint32_t sub;
        cap += fa[i].len > 0;
        if (strmap_get(&s->subject_by_id, s->ds.aliases[i].subject_id, &sub))
            count[sub] += fa[i].len ? 2u : 1u;
    }
    s->aliases = arena_alloc(&s->arena, (cap + 1) * sizeof *s->aliases);
    s->names = arena_alloc(&s->arena, (cap + 1) * sizeof *s->names);
    bool ok = s->aliases && s->names;
    for (size_t i = 0; ok && i < s->n_subjects; i++) {
        s->subjects[i].aliases = arena_alloc(&s->arena, count[i] * sizeof(uint32_t));
        ok = s->subjects[i].aliases != NULL;
    }
    free(count);
    return ok;
}

static bool add_all(struct snapshot *s, const struct memo *d, const struct former *fs,
                    const struct former *fa)
{
    for (size_t i = 0; i < s->n_subjects; i++) {
        if (s->subjects[i].rec->kind == SUBJECT_CATEGORY) continue; /* never found by a name */
        if (!add_names(s, d, (uint32_t)i, s->subjects[i].rec->name, ALIAS_NAME, NULL, fs[i]))
            return false;
    }
    for (size_t i = 0; i < s->ds.n_aliases; i++) {
        const struct rd_alias *rec = &s->ds.aliases[i];
        uint32_t sub;
        if (!strmap_get(&s->subject_by_id, rec->subject_id, &sub)) continue;
        if (s->subjects[sub].rec->kind == SUBJECT_CATEGORY) continue;
        if (!add_names(s, d, sub, rec->alias, rec->kind, rec, fa[i])) return false;
    }
    return true;
}

static bool memo_init(struct memo *d, const struct snapshot *donor)
{
    memset(d, 0, sizeof *d);
    if (!donor || !strmap_init(&d->by_text, donor->n_aliases)) return donor == NULL;
    d->s = donor;
    for (size_t k = 0; k < donor->n_aliases; k++)
        (void)strmap_put(&d->by_text, donor->aliases[k].text, (uint32_t)k, NULL);
    return true;
}

bool snapshot_index_names(struct snapshot *s, const struct snapshot *donor, struct rd_error *err)
{
    struct memo d;
    struct former *fs = calloc(s->n_subjects + 1, sizeof *fs);
    struct former *fa = calloc(s->ds.n_aliases + 1, sizeof *fa);
    bool ok = fs && fa && memo_init(&d, donor);
    for (size_t i = 0; ok && i < s->n_subjects; i++)
        fs[i] = former_of(s->subjects[i].rec->name);
    for (size_t i = 0; ok && i < s->ds.n_aliases; i++)
        fa[i] = former_of(s->ds.aliases[i].alias);
    ok = ok && make_room(s, fs, fa) && add_all(s, &d, fs, fa);
    if (fs && fa) strmap_free(&d.by_text);
    free(fs);
    free(fa);
    if (!ok) rd_error_set(err, "out of memory indexing names");
    return ok;
}
