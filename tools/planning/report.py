#!/usr/bin/env python3
"""Markdown section for BENCHMARKS.md from peers.py results (one JSON file per target).

Usage: report.py RESULT_50.json RESULT_100.json RESULT_250.json [--machine TEXT] [--command TEXT]
"""
import argparse
import datetime
import json
import platform
from importlib.metadata import PackageNotFoundError, version

PEERS = ("gerrychain", "metis", "maxp")
NAMES = {"buurt": "buurt", "gerrychain": "GerryChain ReCom", "metis": "METIS (pymetis)", "maxp": "PySAL spopt max-p"}
SPEEDUP = 10.0


def v(dist):
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)


def goals_for(res):
    """Per target: dict goal -> (met: bool|None, detail str). None when buurt's row is missing."""
    m = res["methods"]
    b = m.get("buurt")
    peers = [m[p] for p in PEERS if p in m and "groups" in m[p]]
    if not b or "groups" not in b or not peers:
        return None
    best_dev = min(p["max_deviation"] for p in peers)
    best_pp = max(p["mean_pp"] for p in peers)
    least_moved = min(p["moved"] for p in peers)
    g = {
        "contiguous": (b["noncontiguous"] == 0, f"{b['noncontiguous']} non-contiguous"),
        "deviation": (b["max_deviation"] <= best_dev + 1e-12, f"{b['max_deviation']:.3f} vs {best_dev:.3f}"),
        "pp": (b["mean_pp"] >= best_pp - 1e-12, f"{b['mean_pp']:.3f} vs {best_pp:.3f}"),
        "moved": (b["moved"] < least_moved, f"{b['moved']:,} vs {least_moved:,}"),
    }
    gc = m.get("gerrychain")
    if gc and gc.get("seconds") and b.get("seconds"):
        ratio = gc["seconds"] / b["seconds"]
        g["speed"] = (ratio >= SPEEDUP, f"{ratio:.1f}x")
    else:
        g["speed"] = (None, "no timing")
    return g


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--machine", default=f"{platform.machine()}")
    ap.add_argument("--command", default="bash tools/bench-planning")
    a = ap.parse_args()
    results = [json.load(open(p)) for p in a.results]
    results.sort(key=lambda r: r["target"])
    self_atoms = any(r.get("generator") != "buurt" for r in results)

    out = []
    out.append(f"Measured {datetime.date.today()} with `{a.command}` on {a.machine}; gerrychain {v('gerrychain')}, "
               f"pymetis {v('pymetis')}, spopt {v('spopt')}, networkx {v('networkx')}, scipy {v('scipy')}.")
    if self_atoms:
        out.append("")
        out.append("**Atoms from the Python stand-in `tools/planning/make_atoms.py`, not from `buurt balance`: "
                   "peers only, no buurt row, no goal verdicts.**")
    out.append("")
    # One-line goals statement with verdicts.
    labels = {"contiguous": "every group contiguous", "deviation": "max deviation <= best peer's",
              "pp": "mean Polsby-Popper >= best peer's", "moved": "fewer households moved from current than any peer",
              "speed": f">= {SPEEDUP:.0f}x faster than GerryChain"}
    verdicts = {r["target"]: goals_for(r) for r in results}
    parts = []
    for key, text in labels.items():
        per = {t: (None, "") if g is None else g[key] for t, g in verdicts.items()}
        if all(ok is None for ok, _ in per.values()):
            word = "n/a"
        elif all(ok is True for ok, _ in per.values()):
            word = "yes"
        else:
            word = "**no** (" + ", ".join(
                f"T {t}: {'n/a' if ok is None else ('yes' if ok else 'no')}{f' ({d})' if d else ''}"
                for t, (ok, d) in per.items()) + ")"
        parts.append(f"{text}: {word}")
    out.append("Goals (each at T = " + ", ".join(str(r["target"]) for r in results) + "): " + "; ".join(parts) + ".")
    out.append("")
    out.append("| T | method | groups | max deviation | within ±tol | non-contiguous | mean PP | cut edges | moved vs current | moved, many-to-one | runtime (s) |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        for name in ("buurt",) + PEERS:
            x = r["methods"].get(name)
            if x is None:
                continue
            if "groups" not in x:
                if self_atoms:
                    continue
                out.append(f"| {r['target']} | {NAMES[name]} | {x.get('missing', 'missing')} | | | | | | | | |")
                continue
            bold = "**" if name == "buurt" else ""
            out.append(
                f"| {r['target']} | {bold}{NAMES[name]}{bold} | {x['groups']} | {fmt(x['max_deviation'], '.3f')} | "
                f"{x['groups_within_tolerance']}/{x['groups']} ({fmt(100 * x['within_tolerance'], '.0f')}%) | "
                f"{x['noncontiguous']} | {fmt(x['mean_pp'], '.3f')} | {x['cut_edges']:,} | "
                f"{x['moved']:,} ({fmt(100 * x['moved_share'], '.1f')}%) | {x['moved_majority']:,} | {fmt(x['seconds'], '.2f')} |")
    out.append("")
    for r in results:
        gc = r["methods"].get("gerrychain", {}).get("info")
        mp = r["methods"].get("maxp", {}).get("info")
        line = (f"T = {r['target']} (tolerance ±{100 * r['tolerance']:.0f}%): {r['atoms_n']:,} atoms ({r['empty_atoms']:,} without "
                f"households, largest {r['largest_atom']}), {r['households']:,} households, {r['components']} component(s) "
                f"of the neighbours graph, k = {r['k']}.")
        if gc:
            eps = ", ".join(f"±{100 * e:.1f}%" for e in gc["seed_epsilon"]) or "none needed (k = 1)"
            line += (f" GerryChain: seed plan at {eps} after {gc['failed_seeds']} failed seed attempt(s), "
                     f"{gc['seed_seconds']} s seed + {gc['chain_seconds']} s for {gc['steps']} ReCom steps.")
        if mp:
            line += f" max-p floor {mp['floor']:g} households."
        line += "".join(f" {NAMES[n]}: {x['empty_groups']} group(s) without households." for n, x in r["methods"].items()
                        if x.get("empty_groups"))
        out.append(line)
    out.append("")
    out.append("Definitions in `tools/planning/README.md` (one scorer, `tools/planning/evaluate.py`, for every row). "
               "Every peer gets k = max(1, round(households / T)) groups per component of the neighbours graph, except "
               "max-p, which chooses its own number of groups above a floor of T(1 - tol) households. \"moved vs current\" is the "
               "one-to-one matching of the goal; \"many-to-one\" lets every new group keep the current group it overlaps most. "
               "buurt's runtime is the "
               "`runtime_seconds` of `buurt balance --json` (whole command); the peers' exclude reading the atoms file.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
