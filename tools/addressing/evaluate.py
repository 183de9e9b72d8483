#!/usr/bin/env python3
"""Score resolver answers against testset.jsonl, per category (see README.md for the definitions)."""
import argparse, json, math, sys
from collections import defaultdict

INTERPOLATED = ("interpolated", "interpolated_holdout")


def haversine(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def norm(x):
    return "" if x is None else " ".join(str(x).split()).casefold()


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def same_address(exp, ans):
    adr = ans.get("address") or {}
    return all(norm(adr.get(k)) == norm(exp[k]) for k in ("street", "housenumber", "postcode"))


def judge(t, ans):
    """-> (correct, false_match, distance in m or None)."""
    exp, status = t["expect"], ans.get("status")
    if exp["status"] == "not_found":
        return status == "not_found", status == "matched", None
    right = status == "matched" and same_address(exp, ans)
    correct = right and ("method" not in exp or ans.get("method") == exp["method"])
    adr = ans.get("address") or {}
    dist = None
    if right and "true_lon" in t and adr.get("lon") is not None:
        dist = haversine(t["true_lon"], t["true_lat"], adr["lon"], adr["lat"])
    return correct, status == "matched" and not right, dist


def pct(x, n):
    return round(100.0 * x / n, 1) if n else None


def quantile(xs, q):                                    # nearest rank, xs sorted
    return round(xs[max(0, math.ceil(q * len(xs)) - 1)], 1) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--testset", required=True)
    ap.add_argument("--answers", required=True)
    ap.add_argument("--holdout-answers", help="answers for the interpolated_holdout lines only, in order")
    ap.add_argument("--name", default="resolver")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--failures", metavar="FILE", help="write every wrong answer here (JSON lines)")
    a = ap.parse_args()
    tests, answers = read_jsonl(a.testset), read_jsonl(a.answers)
    if len(answers) != len(tests):
        sys.exit(f"evaluate: {len(tests)} test lines but {len(answers)} answer lines")
    if a.holdout_answers:
        hold = iter(read_jsonl(a.holdout_answers))
        answers = [next(hold) if t["category"] == "interpolated_holdout" else x for t, x in zip(tests, answers)]
    mismatched = sum(t["query"] != x.get("query") for t, x in zip(tests, answers))
    if mismatched:
        print(f"evaluate: {mismatched} answers echo a query other than their test line's", file=sys.stderr)

    acc = defaultdict(lambda: defaultdict(int))
    dists, failures = defaultdict(list), []
    for t, x in zip(tests, answers):
        correct, false_match, dist = judge(t, x)
        if not correct:
            got = {k: x.get(k) for k in ("status", "method", "score", "reason", "candidates") if x.get(k) is not None}
            got.update({k: v for k, v in (x.get("address") or {}).items() if k in ("street", "housenumber", "postcode")})
            failures.append({"id": t["id"], "variant": t.get("variant"), "query": t["query"], "expect": t["expect"], "got": got})
        for c in (t["category"], "all"):
            s = acc[c]
            s["n"] += 1
            s["correct"] += correct
            s["false_match"] += false_match
            s["ambiguous"] += x.get("status") == "ambiguous"
            s["not_found"] += x.get("status") == "not_found"
            s["street_level"] += x.get("status") == "matched" and x.get("method") == "street"
        if dist is not None:
            dists[t["category"]].append(dist)
    report = {"name": a.name, "categories": {}}
    for c, s in acc.items():
        n = s["n"]
        r = {"n": n, "top1": pct(s["correct"], n), "false_match": pct(s["false_match"], n),
             "ambiguous": pct(s["ambiguous"], n), "not_found": pct(s["not_found"], n),
             "street_level": pct(s["street_level"], n)}
        if c in INTERPOLATED:
            d = sorted(dists[c])
            r["distance_m"] = {"n": len(d), "median": quantile(d, 0.5), "p95": quantile(d, 0.95),
                               "max": quantile(d, 1.0), "within_60m": pct(sum(x <= 60 for x in d), len(d))}
        report["categories"][c] = r
    report["categories"]["all"] = report["categories"].pop("all")
    if a.failures:
        with open(a.failures, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in failures)
    print(json.dumps(report, indent=1))
    if a.markdown:
        print(f"\n**{a.name}** (rates in %; distances over answers with the right address)\n")
        print("| category | n | top-1 | false match | (of which street-level) | ambiguous | not found "
              "| median m | p95 m | max m | ≤ 60 m |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for c, r in report["categories"].items():
            d = r.get("distance_m", {})
            cells = [r["n"], r["top1"], r["false_match"], r["street_level"], r["ambiguous"], r["not_found"],
                     d.get("median"), d.get("p95"), d.get("max"), d.get("within_60m")]
            print(f"| {c} | " + " | ".join("" if v is None else str(v) for v in cells) + " |")


if __name__ == "__main__":
    main()
