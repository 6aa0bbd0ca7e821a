#!/usr/bin/env python3
"""Every law case cites a section of the facts files it was written from (the `source`
column of cases.tsv): checks that each cited section exists in the copies kept in
tests/law/facts/, so that a case cannot point at a part of the law the repository lacks.

  tests/law/check_sources.py [cases.tsv]

Prints one summary line; exit status 1 when a citation names no section, 2 on bad usage."""
import csv
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
FILES = {"FACTS": "FACTS.md", "US-VENDOR-BANS": "US-VENDOR-BANS.md"}


def section_exists(text, ref):
    """`ref` is a section number ("4") or a record ("2J2"): a numbered heading, a
    "Record" heading or a row of a record table."""
    if ref.isdigit():
        return re.search(rf"^## {ref}\. ", text, re.M) is not None
    return (re.search(rf"^### Record {ref}:", text, re.M) is not None
            or re.search(rf"^\| {ref} \|", text, re.M) is not None)


def refs_of(part):
    """"FACTS §1-§6" -> ("FACTS", ["1", ..., "6"]); "US-VENDOR-BANS 2L, 10" -> (..., ["2L", "10"])."""
    name, _, rest = part.strip().partition(" ")
    refs = []
    for token in rest.replace("§", "").split(","):
        token = token.strip()
        if re.fullmatch(r"\d+-\d+", token):
            lo, hi = map(int, token.split("-"))
            refs += [str(n) for n in range(lo, hi + 1)]
        elif token:
            refs.append(token)
    return name, refs


def main(argv):
    if len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    cases = pathlib.Path(argv[1]) if len(argv) == 2 else HERE / "cases.tsv"
    texts = {k: (HERE / "facts" / v).read_text(encoding="utf-8") for k, v in FILES.items()}
    cited, missing, n = set(), [], 0
    with cases.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            n += 1
            source = re.sub(r"\s*\(.*\)\s*$", "", row["source"])
            for part in source.split(";"):
                name, refs = refs_of(part)
                if name not in texts or not refs:
                    missing.append(f"{row['id']}: cites {part.strip()!r}, not a facts file and section")
                    continue
                for ref in refs:
                    cited.add((name, ref))
                    if not section_exists(texts[name], ref):
                        missing.append(f"{row['id']}: {name} {ref} is not in tests/law/facts/{FILES[name]}")
    for m in missing:
        print(m)
    print(f"law sources: {n} cases cite {len(cited)} sections; {len(missing)} citations name no section "
          "of tests/law/facts/")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
