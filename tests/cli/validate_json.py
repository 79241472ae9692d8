"""Validates JSON objects, one per line on stdin, against a JSON Schema (argv[1]).

Run with Debian's /usr/bin/python3 and python3-jsonschema (scripts/lib.sh installs it).
Exit 0 when every line is valid, 1 with the first error otherwise.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
validator.check_schema(schema)
count = 0
for number, line in enumerate(sys.stdin, 1):
    if not line.strip():
        continue
    errors = sorted(validator.iter_errors(json.loads(line)), key=lambda e: list(e.path))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        print(f"line {number}: {best.message} at {list(best.path)}", file=sys.stderr)
        sys.exit(1)
    count += 1
if count == 0:
    print("no JSON objects on stdin", file=sys.stderr)
    sys.exit(1)
print(f"{count} valid")
