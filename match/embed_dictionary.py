#!/usr/bin/env python3
"""Writes the 64-bit FNV-1a hashes of an English word list as a sorted C table, for
match/dictionary.c: embed_dictionary.py /usr/share/dict/american-english OUT.c

Only lower-case words of letters a-z of four letters or more are kept: capitalised entries
are proper names (which the matcher must treat as names), and shorter words are never taken
for typos but as a four-letter word with a letter left out (match/match_query.h, CLIPPED_LEN)."""
import re
import sys

src, out = sys.argv[1], sys.argv[2]
FNV_OFFSET, FNV_PRIME, MASK = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1


def fnv1a64(word):
    h = FNV_OFFSET
    for byte in word.encode("ascii"):
        h = ((h ^ byte) * FNV_PRIME) & MASK
    return h


with open(src, encoding="utf-8") as f:
    words = {w for w in (line.strip() for line in f) if re.fullmatch(r"[a-z]{4,}", w)}
hashes = sorted({fnv1a64(w) for w in words})
if len(hashes) != len(words):
    sys.exit("embed_dictionary.py: two words share a hash; use a wider one")

with open(out, "w", encoding="ascii") as f:
    f.write("/* Generated from %s by match/embed_dictionary.py: do not edit. */\n" % src)
    f.write('#include "match/dictionary.h"\n\n')
    f.write("const uint64_t DICTIONARY_HASHES[] = {\n")
    for i in range(0, len(hashes), 4):
        f.write("    " + " ".join("0x%016xu," % h for h in hashes[i:i + 4]) + "\n")
    f.write("};\n")
    f.write("const size_t N_DICTIONARY_HASHES = %d;\n" % len(hashes))
