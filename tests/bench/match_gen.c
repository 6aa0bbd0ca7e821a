/*
 * Writes a synthetic screening list as a restrictd data set (docs/data-model.md):
 * organisation names with aliases and a few rulings, for the matching benchmark
 * (tests/bench/match_bench.c; how to run: tests/bench/match.sh).
 *
 *   match_gen [-n 30000] [-s seed] > names.json
 *
 * The token distribution imitates a national screening list: name words drawn from a
 * pool of 40,000 made-up words with a Zipf law of exponent 0.7 (the commonest in about
 * 2 % of names, like "petro" or "trans" in real lists; most rare), generic trade words
 * ("trading", "group", "shipping") also Zipf-distributed, a country now and then, a
 * legal form on most names (before the name for Russian forms), initials, "of"
 * phrases. Aliases: former names, brand short forms, acronyms and, for a fifth of the
 * subjects, the name in Cyrillic. The same seed always writes the same file.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_words.h"

static json_t *source_json(void)
{
    json_t *src = json_object();
    json_object_set_new(src, "id", json_string("synthetic-list"));
    json_object_set_new(src, "authority", json_string("Synthetic screening authority"));
    json_object_set_new(src, "jurisdiction", json_string("US"));
    json_object_set_new(src, "kind", json_string("sanctions"));
    json_object_set_new(src, "title", json_string("Synthetic list for the matching benchmark"));
    json_object_set_new(src, "citation", json_string("none"));
    return src;
}

/* The aliases of a name made of `parts`: each kind gen_alias gives, none twice, not the
 * name itself. */
static json_t *aliases_json(struct gen *g, const struct gen_name *parts, const char *name)
{
    json_t *aliases = json_array();
    char alias[GEN_MAX];
    for (int k = 0; k < GEN_ALIAS_KINDS; k++) {
        const char *kind = gen_alias(g, parts, k, alias, sizeof alias);
        if (!kind || strcmp(alias, name) == 0) continue;
        bool dup = false;
        for (size_t j = 0; j < json_array_size(aliases) && !dup; j++) {
            json_t *prev = json_object_get(json_array_get(aliases, j), "alias");
            dup = strcmp(json_string_value(prev), alias) == 0;
        }
        if (dup) continue;
        json_t *a = json_object();
        json_object_set_new(a, "alias", json_string(alias));
        json_object_set_new(a, "kind", json_string(kind));
        json_array_append_new(aliases, a);
    }
    return aliases;
}

/* A prohibition of the subject `id` under the synthetic list. */
static json_t *ruling_json(const char *id)
{
    json_t *r = json_object();
    char rid[80];
    snprintf(rid, sizeof rid, "ruling-%s", id);
    json_object_set_new(r, "id", json_string(rid));
    json_object_set_new(r, "subject", json_string(id));
    json_object_set_new(r, "source", json_string("synthetic-list"));
    json_object_set_new(r, "status", json_string("prohibited"));
    json_t *m = json_object();
    json_object_set_new(m, "code", json_string("blocking"));
    json_object_set_new(m, "text", json_string("All property and interests blocked."));
    json_object_set_new(r, "measure", m);
    json_object_set_new(r, "binds", json_string("us-persons"));
    json_object_set_new(r, "effective_from", json_string("2022-04-06T04:00:00Z"));
    json_object_set_new(r, "quote", json_string("Synthetic ruling for benchmarking."));
    return r;
}

/* The data set: `n` organisations, a fifth of them with a ruling. */
static json_t *list_json(struct gen *g, unsigned long n)
{
    json_t *root = json_object();
    json_t *sources = json_array(), *subjects = json_array(), *rulings = json_array();
    json_object_set_new(root, "format", json_string("restrictd-rulings/1"));
    json_array_append_new(sources, source_json());
    char name[GEN_MAX], id[64];
    for (unsigned long i = 0; i < n; i++) {
        struct gen_name parts;
        gen_org(g, &parts);
        gen_render(&parts, name, sizeof name);
        snprintf(id, sizeof id, "org-%06lu", i);
        json_t *sub = json_object();
        json_object_set_new(sub, "id", json_string(id));
        json_object_set_new(sub, "kind", json_string("organization"));
        json_object_set_new(sub, "name", json_string(name));
        json_object_set_new(sub, "aliases", aliases_json(g, &parts, name));
        json_array_append_new(subjects, sub);
        if (gen_uniform(g) < 0.2) json_array_append_new(rulings, ruling_json(id));
    }
    json_object_set_new(root, "sources", sources);
    json_object_set_new(root, "subjects", subjects);
    json_object_set_new(root, "rulings", rulings);
    return root;
}

int main(int argc, char **argv)
{
    unsigned long n = 30000, seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-n") == 0)
            n = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-s") == 0)
            seed = strtoul(argv[i + 1], NULL, 10);
        else {
            fprintf(stderr, "usage: match_gen [-n count] [-s seed] > names.json\n");
            return 2;
        }
    }
    if (n == 0 || n > 1000000) {
        fprintf(stderr, "match_gen: -n must be 1..1000000\n");
        return 2;
    }
    struct gen g;
    if (!gen_init(&g, seed)) {
        fprintf(stderr, "match_gen: out of memory\n");
        return 1;
    }
    json_t *root = list_json(&g, n);
    int rc = json_dumpf(root, stdout, JSON_COMPACT) == 0 ? 0 : 1;
    putchar('\n');
    json_decref(root);
    gen_free(&g);
    return rc;
}
