#!/usr/bin/env python3
"""Checks the size rules of the C code (production and tests): no file over MAX_FILE_LINES
lines, no function over MAX_FUNCTION_LINES lines. Prints each offender as file:line with
its length, then a summary; exits 1 when there is any.

A function is a definition at column 0 the way this code base writes them: the signature,
then `{` alone on a line at column 0, then the body up to the matching `}` (Criterion's
`Test(suite, name)` is a function too). Its length runs from the line with its name to its
closing brace. Data tables are not functions: a top-level initialiser (`... = {`) is not
counted at all, and the lines of a `static` array initialised inside a function (a table of
test cases, say) are left out of that function's length.

    tests/lint/sizes.py [--verbose]    # --verbose also lists the 10 longest functions
"""
import os
import re
import subprocess
import sys

MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
FOLDERS = ["lib", "match", "rulings", "db", "handlers", "server", "tests"]
EXCLUDED = ["tests/fuzz/corpus/"]

STATIC_TABLE = re.compile(r"^\s+static\b[^;(]*\[[^\]]*\]\s*=\s*\{")  # static T name[...] = {
STATIC_STRUCT_TABLE = re.compile(r"^\s+static\b[^;=(]*\bstruct\s*\{\s*$")  # static const struct {
IDENT_BEFORE_PAREN = re.compile(r"([A-Za-z_]\w*)\s*\(")


def code_of(line, in_comment):
    """The line with comments, strings and character literals blanked; and whether a block
    comment is still open at its end."""
    out, i, n = [], 0, len(line)
    while i < n:
        if in_comment:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i, in_comment = end + 2, False
        elif line.startswith("/*", i):
            in_comment, i = True, i + 2
        elif line.startswith("//", i):
            break
        elif line[i] in "\"'":
            quote, i = line[i], i + 1
            while i < n and line[i] != quote:
                i += 2 if line[i] == "\\" else 1
            i += 1
            out.append('""')
        else:
            out.append(line[i])
            i += 1
    return "".join(out), in_comment


def functions(lines):
    """Yields (name, first line, length, table lines left out) for each function, 1-based."""
    code, in_comment = [], False
    for line in lines:
        c, in_comment = code_of(line.rstrip("\n"), in_comment)
        code.append(c)
    i = 0
    while i < len(code):
        if code[i].strip() != "{" or not code[i].startswith("{"):
            i += 1
            continue
        # The signature: the code lines above, back to the one at column 0 after a blank line,
        # a `;`, a `}` or a preprocessor line.
        j = i - 1
        while j >= 0 and not code[j].strip():
            j -= 1
        sig_end = j
        while j > 0 and code[j - 1].strip() and not code[j - 1].rstrip().endswith((";", "}", "{")) \
                and not code[j - 1].lstrip().startswith("#") and not code[j][:1].strip():
            j -= 1
        signature = " ".join(code[k].strip() for k in range(j, sig_end + 1))
        if sig_end < 0 or not signature.endswith(")") or "=" in signature.split("(")[0]:
            i += 1
            continue
        m = IDENT_BEFORE_PAREN.search(signature)
        name = m.group(1) if m else "?"
        if name in ("Test", "ParameterizedTest", "ReportHook"):
            name = signature[m.start():]
        name_line = next((k for k in range(j, sig_end + 1) if m and m.group(1) in code[k]), j)
        # The body: to the matching brace; static tables inside are counted on the side.
        depth, k, tables, table_end = 0, i, 0, -1
        while k < len(code):
            if k > table_end and (STATIC_TABLE.match(code[k]) or STATIC_STRUCT_TABLE.match(code[k])):
                table_end = table_close(code, k)
                tables += table_end - k + 1
            depth += code[k].count("{") - code[k].count("}")
            if depth == 0:
                break
            k += 1
        yield name, name_line + 1, k - name_line + 1 - tables, tables
        i = k + 1


def table_close(code, start):
    """The line of the `;` that ends the initialiser starting at `start`."""
    depth, seen = 0, False
    for k in range(start, len(code)):
        depth += code[k].count("{") - code[k].count("}")
        seen = seen or "{" in code[k]
        if seen and depth <= 0 and ";" in code[k]:
            return k
    return start


def c_files(root):
    try:
        out = subprocess.run(["git", "ls-files", "--", "*.c", "*.h"], cwd=root, check=True,
                             capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):  # an exported tree without .git
        out = [os.path.relpath(os.path.join(d, f), root) for top in FOLDERS
               for d, _, names in os.walk(os.path.join(root, top)) for f in names
               if f.endswith((".c", ".h"))]
    return sorted(f for f in out if f.split("/", 1)[0] in FOLDERS
                  and not any(f.startswith(e) for e in EXCLUDED))


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    verbose = sys.argv[1:] == ["--verbose"]
    if sys.argv[1:] and not verbose:
        print("usage: tests/lint/sizes.py [--verbose]", file=sys.stderr)
        return 2
    long_files, long_functions, n_functions, all_functions = [], [], 0, []
    for rel in c_files(root):
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
        if len(lines) > MAX_FILE_LINES:
            long_files.append(f"{rel}: {len(lines)} lines (at most {MAX_FILE_LINES})")
        for name, line, length, tables in functions(lines):
            n_functions += 1
            all_functions.append((length, f"{rel}:{line}: {name}"))
            if length > MAX_FUNCTION_LINES:
                extra = f", not counting {tables} lines of tables" if tables else ""
                long_functions.append(f"{rel}:{line}: {name}: {length} lines"
                                      f" (at most {MAX_FUNCTION_LINES}{extra})")
    for offender in long_files + long_functions:
        print(offender)
    if verbose:
        print("longest functions:")
        for length, where in sorted(all_functions, reverse=True)[:10]:
            print(f"  {length:4d}  {where}")
    print(f"sizes: {len(c_files(root))} files, {n_functions} functions; "
          f"{len(long_files)} files over {MAX_FILE_LINES} lines, "
          f"{len(long_functions)} functions over {MAX_FUNCTION_LINES} lines")
    return 1 if long_files or long_functions else 0


if __name__ == "__main__":
    sys.exit(main())
