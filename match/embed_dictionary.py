#!/usr/bin/env python3
"""Writes the 64-bit FNV-1a hashes of an English word list, and of the short proper names of a
larger one, as sorted C tables for match/dictionary.c:
    embed_dictionary.py /usr/share/dict/american-english /usr/share/dict/american-english-large OUT.c

Words: the lower-case entries of letters a-z of three letters or more of the first list:
capitalised entries are proper names (which the matcher must treat as names), and shorter words
are never taken for typos (a three-letter word is, of a four-letter word with a letter left out:
match/match_query.h, CLIPPED_LEN).

Names: the capitalised entries of three to five letters of the second list (wamerican-large:
given names, places and brands such as Joan, Dian, Nike, Oran, Paros that the smaller list partly
lacks), lower-cased: a short word one letter from a listed word that is itself a name is as
often another name as a typo (match/match_score.c, match/match_gap.c, match/legal_forms.c)."""
import re
import sys

words_src, names_src, out = sys.argv[1], sys.argv[2], sys.argv[3]
FNV_OFFSET, FNV_PRIME, MASK = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1


def fnv1a64(word):
    h = FNV_OFFSET
    for byte in word.encode("ascii"):
        h = ((h ^ byte) * FNV_PRIME) & MASK
    return h


def hashes_of(src, pattern, fold):
    with open(src, encoding="utf-8") as f:
        entries = {fold(w) for w in (line.strip() for line in f) if re.fullmatch(pattern, w)}
    hashes = sorted({fnv1a64(w) for w in entries})
    if len(hashes) != len(entries):
        sys.exit("embed_dictionary.py: two entries of %s share a hash; use a wider one" % src)
    return hashes


def table(f, name, hashes):
    f.write("const uint64_t %s_HASHES[] = {\n" % name)
    for i in range(0, len(hashes), 4):
        f.write("    " + " ".join("0x%016xu," % h for h in hashes[i:i + 4]) + "\n")
    f.write("};\n")
    f.write("const size_t N_%s_HASHES = %d;\n" % (name, len(hashes)))


words = hashes_of(words_src, r"[a-z]{3,}", lambda w: w)
names = hashes_of(names_src, r"[A-Z][a-z]{2,4}", str.lower)
with open(out, "w", encoding="ascii") as f:
    f.write("/* Generated from %s and %s by match/embed_dictionary.py: do not edit. */\n"
            % (words_src, names_src))
    f.write('#include "match/dictionary.h"\n\n')
    table(f, "DICTIONARY", words)
    table(f, "NAME", names)
