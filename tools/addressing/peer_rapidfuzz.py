#!/usr/bin/env python3
"""The straightforward baseline: regex parse + rapidfuzz WRatio over the street names + exact house number.

Writes answers in buurt's JSON-lines shape; prints resolves/s (single thread, resolve loop only) on stderr
and writes it to peer_timing.json next to --out.
"""
import argparse, csv, json, os, re, sys, time
from collections import defaultdict
from rapidfuzz import fuzz, process, utils

NUMBER = re.compile(r"[^\W\d_].*?(?<![\w])(\d+[a-zA-Z]?)(?![\w])")   # first number token after letters
POSTCODE = re.compile(r"(?<!\d)\d{4}(?!\d)")


def load(path):
    by_street = defaultdict(lambda: defaultdict(list))    # street -> housenumber.lower() -> rows
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            by_street[r["street"]][r["housenumber"].lower()].append(r)
    return by_street, sorted(by_street)


def resolve(q, by_street, names):
    none = {"query": q, "status": "not_found", "address": None, "method": None}
    m = NUMBER.search(q)
    if not m:
        return none
    number = m.group(1)
    street = POSTCODE.sub(" ", q[:m.start(1)]).replace(",", " ").strip()   # the text before the number
    postcodes = [p for p in POSTCODE.findall(q) if p != number]
    hit = process.extractOne(street, names, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=80)
    if not hit:
        return none
    name, score, _ = hit
    for r in by_street[name].get(number.lower(), []):
        if not postcodes or r["postcode"] in postcodes:
            return {"query": q, "status": "matched", "method": "exact" if street == name else "fuzzy",
                    "score": round(score / 100, 3),
                    "address": {"street": name, "housenumber": r["housenumber"], "box": None, "postcode": r["postcode"],
                                "locality": r["municipality"], "lon": float(r["lon"]), "lat": float(r["lat"])}}
    return none


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--addresses", required=True)
    ap.add_argument("--testset", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    by_street, names = load(a.addresses)
    with open(a.testset, encoding="utf-8") as f:
        queries = [json.loads(line)["query"] for line in f]
    t0 = time.perf_counter()
    answers = [resolve(q, by_street, names) for q in queries]
    secs = time.perf_counter() - t0
    with open(a.out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in answers)
    timing = {"queries": len(queries), "seconds": round(secs, 4), "resolves_per_s": round(len(queries) / secs, 1),
              "threads": 1, "register": a.addresses}
    with open(os.path.join(os.path.dirname(os.path.abspath(a.out)), "peer_timing.json"), "w") as f:
        json.dump(timing, f, indent=1)
    print(f"peer_rapidfuzz: {len(queries)} queries in {secs:.3f} s, {timing['resolves_per_s']} resolves/s "
          "(1 thread, loading excluded)", file=sys.stderr)


if __name__ == "__main__":
    main()
