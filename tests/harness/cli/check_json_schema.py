#!/usr/bin/env python3
"""check_json_schema.py SCHEMA JSON: checks a JSON document against the
subset of JSON Schema that docs/schema/*.json use (type, required,
properties, additionalProperties as a schema, items, enum, const, minimum,
pattern). Standard library only. Exit 0 valid; 1 invalid, printing every
problem with its path; 2 unreadable input."""
import json
import re
import sys

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
}
KNOWN = {"$schema", "$id", "title", "description", "type", "required", "properties",
         "additionalProperties", "items", "enum", "const", "minimum", "pattern"}


def check(schema, value, path, problems):
    unknown = set(schema) - KNOWN
    if unknown:  # a keyword this checker would silently ignore
        problems.append(f"{path}: schema uses unsupported keywords {sorted(unknown)}")
    t = schema.get("type")
    if t is not None and not TYPES[t](value):
        problems.append(f"{path}: expected {t}, got {type(value).__name__} {json.dumps(value)[:60]}")
        return
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path}: must be {json.dumps(schema['const'])}, got {json.dumps(value)}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {json.dumps(value)} is not one of {schema['enum']}")
    if "minimum" in schema and TYPES["number"](value) and value < schema["minimum"]:
        problems.append(f"{path}: {value} is below the minimum {schema['minimum']}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        problems.append(f"{path}: {json.dumps(value)} does not match /{schema['pattern']}/")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{path}: missing required field '{name}'")
        props = schema.get("properties", {})
        for name, sub in value.items():
            if name in props:
                check(props[name], sub, f"{path}.{name}", problems)
            elif isinstance(schema.get("additionalProperties"), dict):
                check(schema["additionalProperties"], sub, f"{path}.{name}", problems)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(schema["items"], item, f"{path}[{i}]", problems)


def main():
    if len(sys.argv) != 3:
        print("usage: check_json_schema.py SCHEMA JSON", file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1]) as f:
            schema = json.load(f)
        with open(sys.argv[2]) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check_json_schema: {e}", file=sys.stderr)
        return 2
    problems = []
    check(schema, doc, "$", problems)
    for p in problems:
        print(f"{sys.argv[2]}: {p}")
    if not problems:
        print(f"{sys.argv[2]}: valid against {sys.argv[1]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
