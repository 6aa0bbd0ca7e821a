#!/usr/bin/env python3
"""Build step: docs/openapi.yaml -> a C file holding the document as compact JSON.

restrictd serves the contract at GET /openapi.json from the binary itself, so the YAML
(the one source people edit) is converted when restrictd is built. Needs python3-yaml
(tests/lib/deps.sh BUILD). Fails the build when the YAML does not parse or is not an
OpenAPI 3.1 document with paths.

    embed_openapi.py docs/openapi.yaml build/generated/openapi_json.c
"""
import json
import sys

import yaml


def main(src, out):
    with open(src, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3.1"):
        sys.exit(f"{src}: not an OpenAPI 3.1 document")
    if not isinstance(doc.get("paths"), dict) or not doc["paths"]:
        sys.exit(f"{src}: no paths")
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str)
    data = text.encode("utf-8")
    lines = []
    for i in range(0, len(data), 20):
        lines.append("    " + ", ".join(f"0x{b:02x}" for b in data[i:i + 20]) + ",")
    with open(out, "w", encoding="ascii") as f:
        f.write("/* Generated from docs/openapi.yaml by handlers/embed_openapi.py: do not edit. */\n")
        f.write("#include <stddef.h>\n\n")
        f.write("extern const char openapi_json[];\n")
        f.write("extern const size_t openapi_json_len;\n\n")
        f.write("const char openapi_json[] = {\n")
        f.write("\n".join(lines) + "\n    0x00\n};\n")
        f.write(f"const size_t openapi_json_len = {len(data)};\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: embed_openapi.py OPENAPI_YAML OUTPUT_C")
    main(sys.argv[1], sys.argv[2])
