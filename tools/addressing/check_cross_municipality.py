#!/usr/bin/env python3
"""Scores `buurt resolve --batch` answers on the sets of make_cross_municipality.py.

The answers are line-aligned with queries.txt: the cross queries first, then the control queries.
Prints the figures as one JSON object (and a short text table on stderr). Exit status: 0 when no cross
query is matched, 1 when one is (or the files do not line up).
"""
import argparse, json, sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def same(a, b):
    return " ".join(str(a or "").lower().split()) == " ".join(str(b or "").lower().split())


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sets", required=True, help="the folder make_cross_municipality.py wrote")
    ap.add_argument("--answers", required=True, help="JSON lines from buurt resolve --batch queries.txt")
    ap.add_argument("--failures", help="write every matched cross answer and every missed control here")
    a = ap.parse_args()
    cross, control = load(f"{a.sets}/cross.jsonl"), load(f"{a.sets}/control.jsonl")
    answers = load(a.answers)
    if len(answers) != len(cross) + len(control):
        print(f"{len(answers)} answers for {len(cross) + len(control)} queries", file=sys.stderr)
        return 1
    failures = []
    c = {"queries": len(cross), "matched": 0, "not_found": 0, "ambiguous": 0, "not_found_with_candidates": 0,
         "candidates_name_the_source_postcode": 0}
    for q, r in zip(cross, answers):
        if q["query"] != r.get("query"):
            print(f"line {q['id'] + 1}: answer for {r.get('query')!r}, expected {q['query']!r}", file=sys.stderr)
            return 1
        c[r["status"]] += 1
        candidates = r.get("candidates") or []
        if r["status"] == "not_found" and candidates:
            c["not_found_with_candidates"] += 1
            if any(str(x.get("postcode")) == q["source"]["postcode"] for x in candidates):
                c["candidates_name_the_source_postcode"] += 1
        if r["status"] == "matched":
            failures.append({"query": q, "answer": r})
    k = {"queries": len(control), "matched_right": 0, "matched_wrong": 0, "ambiguous": 0, "not_found": 0}
    for q, r in zip(control, answers[len(cross):]):
        e = q["expect"]
        if r["status"] == "matched":
            ad = r.get("address") or {}
            right = same(ad.get("street"), e["street"]) and same(ad.get("housenumber"), e["housenumber"]) \
                and same(ad.get("postcode"), e["postcode"])
            k["matched_right" if right else "matched_wrong"] += 1
            if not right:
                failures.append({"query": q, "answer": r})
        else:
            k[r["status"]] += 1
            failures.append({"query": q, "answer": r})
    k["share_matched_right"] = round(100 * k["matched_right"] / max(1, len(control)), 2)
    print(json.dumps({"cross": c, "control": k}, sort_keys=True))
    print(f"cross:   {c['queries']} queries, {c['matched']} matched, {c['not_found']} not_found "
          f"({c['not_found_with_candidates']} with candidates, {c['candidates_name_the_source_postcode']} naming "
          f"the street's own postcode), {c['ambiguous']} ambiguous", file=sys.stderr)
    print(f"control: {k['queries']} queries, {k['matched_right']} matched right ({k['share_matched_right']} %), "
          f"{k['matched_wrong']} matched wrong, {k['ambiguous']} ambiguous, {k['not_found']} not_found", file=sys.stderr)
    if a.failures:
        with open(a.failures, "w", encoding="utf-8") as f:
            for d in failures:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return 0 if c["matched"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
