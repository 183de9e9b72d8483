#!/usr/bin/env python3
"""Validates Sources/BuurtServer/openapi.json: OpenAPI 3.1 validity (openapi-spec-validator), then the
house rules of the buurt API document. Exit status 1 on any problem.

Usage: python3 tools/api/check_openapi.py [PATH]
"""
import json
import sys
from pathlib import Path

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

ROOT = Path(__file__).resolve().parents[2]
path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "Sources/BuurtServer/openapi.json"
spec_dict, base_uri = read_from_filename(str(path))
validate(spec_dict)  # raises on an invalid document

doc = json.loads(path.read_text())
problems = []
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
PROBLEM_TYPES = {
    "invalid-parameter": 400, "malformed-body": 400, "unauthorized": 401, "not-found": 404, "conflict": 409,
    "payload-too-large": 413, "unsupported-media-type": 415, "unprocessable": 422, "rate-limited": 429, "internal": 500, "unavailable": 503,
    "disk-full": 507,
}


def deref(obj):
    while isinstance(obj, dict) and "$ref" in obj:
        node = doc
        for part in obj["$ref"].lstrip("#/").split("/"):
            node = node[part]
        obj = node
    return obj


if not doc.get("openapi", "").startswith("3.1"):
    problems.append("openapi must be 3.1.x")
if doc.get("servers") != [{"url": "http://127.0.0.1:8080"}]:
    problems.append("servers must be [{url: http://127.0.0.1:8080}]")
for name in ("staff", "enrollment"):
    s = doc["components"]["securitySchemes"].get(name, {})
    if (s.get("type"), s.get("scheme")) != ("http", "bearer"):
        problems.append(f"security scheme {name} must be http bearer")

op_ids = set()
for route, item in doc["paths"].items():
    for method, op in item.items():
        if method not in METHODS:
            continue
        where = f"{method.upper()} {route}"
        oid = op.get("operationId")
        if not oid:
            problems.append(f"{where}: no operationId")
        elif oid in op_ids:
            problems.append(f"{where}: operationId {oid} used twice")
        op_ids.add(oid)
        if not op.get("summary"):
            problems.append(f"{where}: no summary")
        responses = op.get("responses", {})
        for code in ("500", "503"):
            if code not in responses:
                problems.append(f"{where}: no {code} response")
        staff = any("staff" in req for req in op.get("security", []))
        if staff and "401" not in responses:
            problems.append(f"{where}: staff route without 401")
        if route.startswith("/v1/") and not staff and "429" not in responses:
            problems.append(f"{where}: public route without 429")
        if staff and "429" in responses:
            problems.append(f"{where}: staff route documents 429 (staff routes are not rate limited)")
        if method != "get" and "507" not in responses:
            problems.append(f"{where}: a write without 507 (disk full)")
        if "requestBody" in op:
            for code in ("400", "413", "415", "422"):
                if code not in responses:
                    problems.append(f"{where}: accepts a body but has no {code}")
        for code, resp in responses.items():
            resp = deref(resp)
            content = resp.get("content", {})
            if code == "204":
                if content:
                    problems.append(f"{where}: 204 with content")
                continue
            if not content:
                problems.append(f"{where}: {code} without content")
            for media, m in content.items():
                if "schema" not in m:
                    problems.append(f"{where}: {code} {media} without schema")
                if int(code) >= 400 and media != "application/problem+json":
                    problems.append(f"{where}: {code} is {media}, not application/problem+json")
            if code in ("429", "503") and "Retry-After" not in resp.get("headers", {}):
                problems.append(f"{where}: {code} without Retry-After")
            if code == "401" and staff and "WWW-Authenticate" not in resp.get("headers", {}):
                problems.append(f"{where}: 401 without WWW-Authenticate")

# Every problem response pins its type URI to one of the listed problem types, with that type's status.
def pinned(schema):
    """(type URI, status) pairs a problem schema allows, from the consts in its allOf/anyOf branches."""
    schema = deref(schema)
    if "anyOf" in schema or "oneOf" in schema:
        return [p for s in schema.get("anyOf", schema.get("oneOf")) for p in pinned(s)]
    t = st = None
    for part in [schema] + [deref(s) for s in schema.get("allOf", [])]:
        props = part.get("properties", {})
        t = props.get("type", {}).get("const", t)
        st = props.get("status", {}).get("const", st)
    return [(t, st)]


for name, resp in doc["components"]["responses"].items():
    schema = resp.get("content", {}).get("application/problem+json", {}).get("schema")
    if schema is None:
        problems.append(f"response {name}: not application/problem+json")
        continue
    for t, st in pinned(schema):
        ptype = (t or "").removeprefix("https://buurt.lanaken.be/problems/")
        if PROBLEM_TYPES.get(ptype) != st:
            problems.append(f"response {name}: type {t} with status {st}")

# No 3.0-style nullable.
if '"nullable"' in path.read_text():
    problems.append('use "type": [..., "null"], not nullable (3.0)')

for p in problems:
    print(f"check_openapi: {p}", file=sys.stderr)
print(f"check_openapi: {path.name}: {len(op_ids)} operations, " + ("ok" if not problems else f"{len(problems)} problems"))
sys.exit(1 if problems else 0)
