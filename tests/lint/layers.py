#!/usr/bin/env python3
"""Checks the include directions of the production code (the layout: lib, match, rulings,
db, handlers, server).

Every `#include "..."` of a C file in the folders below must name a header its folder may
include (the table ALLOWED), that header must exist, and the file-level include graph must
have no cycle. Prints each violation as file:line, then one summary line; exits 1 on any.

    tests/lint/layers.py               # check the repository
    tests/lint/layers.py --self-test   # check that a bad include and a cycle are caught
"""
import os
import re
import sys
import tempfile

# Folder -> what its files may include: "folder/" allows every header in that folder, a
# full path allows that one header. Arrows point one way: server -> handlers -> rulings <- db,
# rulings -> match -> lib. Anything may use lib/.
ALLOWED = {
    "lib": ["lib/"],  # general utilities: nothing of the domain, HTTP or SQL
    "match": ["lib/", "match/"],  # the name matcher, on its own corpus of names
    "rulings": ["lib/", "match/", "rulings/"],  # the domain: no HTTP, no SQL
    "db": ["lib/", "match/", "rulings/", "db/"],  # libpq; never renders HTTP
    "handlers": [  # one file per resource; of server/ only the request API
        "lib/", "match/", "rulings/", "db/", "handlers/",
        "server/request.h", "server/problem.h",
    ],
    "server": ["lib/", "match/", "rulings/", "db/", "handlers/", "server/"],  # the process
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def allowed(folder, target):
    return any(target == rule or (rule.endswith("/") and target.startswith(rule))
               for rule in ALLOWED[folder])


def scan(root):
    """Returns ({file: [(line, target)]}) for every .c/.h file under the checked folders."""
    graph = {}
    for folder in ALLOWED:
        top = os.path.join(root, folder)
        for dirpath, _, names in os.walk(top):
            for name in sorted(names):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                edges = []
                with open(path, encoding="utf-8", errors="replace") as f:
                    for n, text in enumerate(f, 1):
                        m = INCLUDE.match(text)
                        if m:
                            edges.append((n, m.group(1)))
                graph[rel] = edges
    return graph


def violations(root, graph):
    out = []
    for rel, edges in sorted(graph.items()):
        folder = rel.split("/", 1)[0]
        for line, target in edges:
            if not allowed(folder, target):
                out.append(f"{rel}:{line}: includes \"{target}\": {folder}/ may include only "
                           + ", ".join(ALLOWED[folder]))
            elif not os.path.isfile(os.path.join(root, target)):
                out.append(f"{rel}:{line}: includes \"{target}\", which does not exist "
                           "(includes are written from the repository root)")
    return out


def cycles(graph):
    """One cycle (a list of files, first == last) per strongly connected component with a
    cycle in it (Tarjan's algorithm, iterative)."""
    succ = {f: sorted({t for _, t in e if t in graph}) for f, e in graph.items()}
    index, low, on_stack, stack, comps = {}, {}, set(), [], []
    counter = 0
    for start in sorted(succ):
        if start in index:
            continue
        work = [(start, iter(succ[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    if len(comp) > 1 or node in succ[node]:
                        comps.append(set(comp))
            elif nxt not in index:
                index[nxt] = low[nxt] = counter
                counter += 1
                stack.append(nxt)
                on_stack.add(nxt)
                work.append((nxt, iter(succ[nxt])))
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
    found = []
    for comp in comps:  # a shortest way back to the component's first file
        first = min(comp)
        prev, queue = {first: None}, [first]
        path = None
        while queue and path is None:
            cur = queue.pop(0)
            for nxt in succ[cur]:
                if nxt == first:
                    path = [first]
                    back = cur
                    while back is not None and back != first:
                        path.insert(1, back)
                        back = prev[back]
                    path.append(first)
                    break
                if nxt in comp and nxt not in prev:
                    prev[nxt] = cur
                    queue.append(nxt)
        found.append(path)
    return sorted(found)


def check(root, quiet=False):
    """Returns (files, includes, violations, cycles) and prints them unless quiet."""
    graph = scan(root)
    bad = violations(root, graph)
    loops = cycles(graph)
    if not quiet:
        for v in bad:
            print(v)
        for c in loops:
            print("include cycle: " + " -> ".join(c))
        n_inc = sum(len(e) for e in graph.values())
        print(f"layers: {len(graph)} files, {n_inc} includes, {len(bad)} violations, "
              + ("no cycle" if not loops else f"{len(loops)} cycles"))
    return graph, bad, loops


def self_test():
    files = {
        "lib/a.h": '#include "lib/b.h"\n',
        "lib/b.h": "",
        "lib/bad.c": '#include "lib/a.h"\n#include "server/http.h"\n',  # lib may not
        "match/p.h": '#include "match/q.h"\n',  # p -> q -> r -> p
        "match/q.h": '#include "lib/a.h"\n#include "match/r.h"\n',
        "match/r.h": '#include "match/p.h"\n',
        "handlers/ok.c": '#include "server/request.h"\n#include "db/x.h"\n',
        "handlers/no.c": '#include "server/config.h"\n',  # not the request API
        "server/http.h": "", "server/request.h": "", "server/config.h": "", "db/x.h": "",
        "rulings/missing.c": '#include "rulings/nowhere.h"\n',
    }
    with tempfile.TemporaryDirectory() as root:
        for rel, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as f:
                f.write(text)
        _, bad, loops = check(root, quiet=True)
    want_bad = ["lib/bad.c:2:", "handlers/no.c:1:", "rulings/missing.c:1:"]
    problems = []
    for w in want_bad:
        if not any(v.startswith(w) for v in bad):
            problems.append(f"not caught: {w}")
    if len(bad) != len(want_bad):
        problems.append(f"{len(bad)} violations, want {len(want_bad)}: {bad}")
    if loops != [["match/p.h", "match/q.h", "match/r.h", "match/p.h"]]:
        problems.append(f"cycles {loops}, want p -> q -> r -> p")
    for p in problems:
        print("layers self-test: " + p)
    print("layers self-test: " + ("FAILED" if problems else
          "ok (a forbidden include, a missing header and a 3-file cycle caught; allowed ones not)"))
    return 1 if problems else 0


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if sys.argv[1:]:
        print("usage: tests/lint/layers.py [--self-test]", file=sys.stderr)
        return 2
    _, bad, loops = check(root)
    return 1 if bad or loops else 0


if __name__ == "__main__":
    sys.exit(main())
