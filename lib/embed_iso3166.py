#!/usr/bin/env python3
"""Writes the ISO 3166-1 alpha-2 table of Debian's iso-codes package as C, sorted by code,
for lib/country.c: embed_iso3166.py /usr/share/iso-codes/json/iso_3166-1.json OUT.c"""
import json
import sys

src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    rows = sorted((c["alpha_2"], c["name"]) for c in json.load(f)["3166-1"])


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


with open(out, "w", encoding="utf-8") as f:
    f.write("/* Generated from %s by lib/embed_iso3166.py: do not edit. */\n" % src)
    f.write('#include "lib/country.h"\n\n')
    f.write("const struct country_code COUNTRY_CODES[] = {\n")
    for code, name in rows:
        f.write("    {%s, %s},\n" % (c_string(code), c_string(name)))
    f.write("};\n")
    f.write("const size_t N_COUNTRY_CODES = %d;\n" % len(rows))
