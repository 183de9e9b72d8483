#!/usr/bin/env python3
"""Markdown section for BENCHMARKS.md from peers.py results (one JSON file per target).

Expects the methods buurt_scratch and buurt_current (peers.py --buurt scratch=... --buurt current=...)
next to gerrychain, metis and maxp; without buurt rows (--self-atoms) it prints the peers only.

Usage: report.py RESULT_50.json RESULT_100.json RESULT_250.json [--machine TEXT] [--command TEXT]
"""
import argparse
import datetime
import json
import math
import platform
from importlib.metadata import PackageNotFoundError, version

BUURT = ("buurt_scratch", "buurt_current")
PEERS = ("gerrychain", "metis", "maxp")
NAMES = {"buurt_scratch": "buurt (scratch)", "buurt_current": "buurt (current)", "gerrychain": "GerryChain ReCom",
         "metis": "METIS (pymetis)", "maxp": "PySAL spopt max-p"}
SHORT = {"buurt_scratch": "buurt (scratch)", "buurt_current": "buurt (current)", "gerrychain": "GerryChain",
         "metis": "METIS", "maxp": "max-p"}
SPEEDUP = 10.0
GOALS = {
    "contiguous": "every group contiguous (buurt: 0 non-contiguous)",
    "deviation": "max deviation of buurt (scratch) <= best peer's",
    "pp": "mean Polsby-Popper of buurt (scratch) >= best peer's",
    "moved": "households moved (one-to-one) by buurt (current) < every peer's",
    "speed": f">= {SPEEDUP:.0f}x faster than GerryChain (balance_seconds, both buurt modes)",
}


def v(dist):
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)


def secs(x):
    return "n/a" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def scored(m, name):
    x = m.get(name)
    return x if x and "groups" in x else None


def cap(r):
    """Largest group size within tolerance: floor(T (1 + tol)), as evaluate.py counts it."""
    return math.floor(r["target"] * (1 + r["tolerance"]) + 1e-9)


def floor_moved(r):
    """Households moved one-to-one can't go below this while every group stays within tolerance:
    at most C (current groups) new groups are matched, each keeping at most cap(r) households."""
    hh = r.get("households_with_current", r["households"])
    return max(0, hh - r["current_groups"] * cap(r)) if r.get("current_groups") else None


def goals_for(r):
    """Per target: dict goal -> (met: bool|None, detail str), or None when a buurt row is missing."""
    m = r["methods"]
    bs, bc = scored(m, "buurt_scratch"), scored(m, "buurt_current")
    peers = {p: m[p] for p in PEERS if scored(m, p)}
    if not bs or not bc or not peers:
        return None
    g = {}
    allm = [n for n in BUURT + PEERS if scored(m, n)]
    g["contiguous"] = (bs["noncontiguous"] == 0 and bc["noncontiguous"] == 0,
                       ", ".join(f"{SHORT[n]} {m[n]['noncontiguous']}" for n in allm))
    best_dev = min(peers, key=lambda p: peers[p]["max_deviation"])
    g["deviation"] = (bs["max_deviation"] <= peers[best_dev]["max_deviation"] + 1e-12,
                      f"{bs['max_deviation']:.3f} vs {peers[best_dev]['max_deviation']:.3f} ({SHORT[best_dev]})")
    best_pp = max(peers, key=lambda p: peers[p]["mean_pp"])
    g["pp"] = (bs["mean_pp"] >= peers[best_pp]["mean_pp"] - 1e-12,
               f"{bs['mean_pp']:.3f} vs {peers[best_pp]['mean_pp']:.3f} ({SHORT[best_pp]})")
    least = min(peers, key=lambda p: peers[p]["moved"])
    f = floor_moved(r)
    detail = f"{bc['moved']:,} vs {peers[least]['moved']:,} ({SHORT[least]})"
    within = {p: x for p, x in peers.items() if x["groups_within_tolerance"] == x["groups"]}
    if peers[least]["groups_within_tolerance"] != peers[least]["groups"]:
        if within:
            lw = min(within, key=lambda p: within[p]["moved"])
            detail += (f"; best peer with every group within tolerance: {within[lw]['moved']:,} ({SHORT[lw]}), "
                       f"buurt {'fewer' if bc['moved'] < within[lw]['moved'] else 'not fewer'}")
        else:
            detail += "; no peer has every group within tolerance"
    if f is not None:
        detail += f"; floor {f:,}"
    g["moved"] = (bc["moved"] < peers[least]["moved"], detail)
    gc = scored(m, "gerrychain")
    if gc and gc.get("seconds") and bs.get("seconds") and bc.get("seconds"):
        rs, rc = gc["seconds"] / bs["seconds"], gc["seconds"] / bc["seconds"]
        g["speed"] = (min(rs, rc) >= SPEEDUP, f"{rs:.1f}x scratch, {rc:.1f}x current; GerryChain {secs(gc['seconds'])} s")
    else:
        g["speed"] = (None, "no timing")
    return g


def word(ok):
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def floor_line(r):
    """The tolerance floor on households moved, and who is below it (hence out of tolerance)."""
    f = floor_moved(r)
    if f is None:
        return None
    m = r["methods"]
    C, T, tol, c = r["current_groups"], r["target"], r["tolerance"], cap(r)
    hh = r.get("households_with_current", r["households"])
    line = (f"T = {T}: {C} current groups, so at most {C} new groups can be matched one-to-one, each within tolerance "
            f"holding at most floor({T} × {1 + tol:g}) = {c} households: moved ≥ {hh:,} − {C} × {c} = **{f:,}**.")
    below = [n for n in BUURT + PEERS if scored(m, n) and m[n]["moved"] < f]
    if below:
        line += " Below that floor, hence breaking the tolerance: " + "; ".join(
            f"{NAMES[n]} ({m[n]['moved']:,} moved; {m[n]['groups'] - m[n]['groups_within_tolerance']} of "
            f"{m[n]['groups']} groups out of ±{100 * tol:.0f}%, largest {m[n]['largest_group']})" for n in below) + "."
    else:
        line += " Nobody is below it."
    bc = scored(m, "buurt_current")
    if bc:
        line += f" buurt (current) is {bc['moved'] - f:,} above it."
    return line


def crosscheck(r, name):
    """Differences between buurt's own --json figures and the scorer's, as text (empty when they agree)."""
    x = scored(r["methods"], name)
    says = (x or {}).get("info", {}).get("buurt_says")
    if not says:
        return []
    pairs = [("groups_count", "groups", 0), ("households", "households", 0), ("within_tolerance", "groups_within_tolerance", 0),
             ("non_contiguous", "noncontiguous", 0), ("cut_edges", "cut_edges", 0), ("households_moved", "moved", 0),
             ("max_deviation", "max_deviation", 0.0051), ("mean_polsby_popper", "mean_pp", 0.0051)]
    out = []
    for k, ours, slack in pairs:
        if k in says and says[k] is not None and x.get(ours) is not None and abs(says[k] - x[ours]) > slack:
            out.append(f"{k} {says[k]} (scorer: {x[ours]:.3f})" if isinstance(x[ours], float) else f"{k} {says[k]} (scorer: {x[ours]})")
    if "atoms" in says and says["atoms"] != r["atoms_n"]:
        out.append(f"atoms {says['atoms']} (atoms file: {r['atoms_n']})")
    if says.get("from") and not name.endswith(says["from"]):
        out.append(f"from {says['from']}")
    for grp in says.get("odd_groups", []):
        out.append(f"group {grp.get('name')} reported with deviation {grp.get('deviation')}, contiguous {grp.get('contiguous')}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--machine", default=f"{platform.machine()}")
    ap.add_argument("--command", default="bash tools/bench-planning")
    a = ap.parse_args()
    results = [json.load(open(p)) for p in a.results]
    results.sort(key=lambda r: r["target"])
    self_atoms = any(not str(r.get("generator", "")).startswith("buurt") for r in results)
    gen = next((r["methods"][n]["info"].get("generator") for r in results for n in BUURT
                if n in r["methods"] and "info" in r["methods"][n]), None)

    out = []
    out.append(f"Measured {datetime.date.today()} with `{a.command}` on {a.machine}; "
               + (f"{gen}, " if gen else "")
               + f"gerrychain {v('gerrychain')}, pymetis {v('pymetis')}, spopt {v('spopt')}, networkx {v('networkx')}, "
               f"scipy {v('scipy')}.")
    if self_atoms:
        out.append("")
        out.append("**Atoms from the Python stand-in `tools/planning/make_atoms.py`, not from `buurt balance`: "
                   "peers only, no buurt rows, no goal verdicts.**")
    out.append("")
    verdicts = {r["target"]: goals_for(r) for r in results}
    targets = [r["target"] for r in results]
    parts = []
    for key, text in GOALS.items():
        oks = [None if verdicts[t] is None else verdicts[t][key][0] for t in targets]
        if all(ok is None for ok in oks):
            w = "n/a"
        elif all(ok is True for ok in oks):
            w = "yes"
        elif all(ok is False for ok in oks):
            w = "**no**"
        else:
            w = "**no** at T " + ", ".join(str(t) for t, ok in zip(targets, oks) if ok is not True)
        parts.append(f"{text}: {w}")
    out.append("Goals (at T = " + ", ".join(map(str, targets)) + "): " + "; ".join(parts) + ".")
    out.append("")
    if any(g is not None for g in verdicts.values()):
        out.append("| goal | " + " | ".join(f"T = {t}" for t in targets) + " |")
        out.append("|---|" + "---|" * len(targets))
        for key, text in GOALS.items():
            cells = []
            for t in targets:
                g = verdicts[t]
                if g is None:
                    cells.append("n/a")
                else:
                    ok, d = g[key]
                    cells.append(f"{word(ok)} ({d})" if d else word(ok))
            out.append(f"| {text} | " + " | ".join(cells) + " |")
        out.append("")
    lines = [floor_line(r) for r in results]
    if not self_atoms and any(lines):
        out.append("The floor on \"moved vs current\" set by the tolerance: " + " ".join(l for l in lines if l))
        out.append("")
    out.append("| T | method | groups | max deviation | within ±tol | non-contiguous | mean PP | cut edges | moved vs current | moved, many-to-one | runtime (s) |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        for name in BUURT + PEERS:
            x = r["methods"].get(name)
            if x is None:
                continue
            if "groups" not in x:
                out.append(f"| {r['target']} | {NAMES[name]} | {x.get('missing', 'missing')} | | | | | | | | |")
                continue
            bold = "**" if name in BUURT else ""
            out.append(
                f"| {r['target']} | {bold}{NAMES[name]}{bold} | {x['groups']} | {fmt(x['max_deviation'], '.3f')} | "
                f"{x['groups_within_tolerance']}/{x['groups']} ({fmt(100 * x['within_tolerance'], '.0f')}%) | "
                f"{x['noncontiguous']} | {fmt(x['mean_pp'], '.3f')} | {x['cut_edges']:,} | "
                f"{x['moved']:,} ({fmt(100 * x['moved_share'], '.1f')}%) | {x['moved_majority']:,} | {secs(x['seconds'])} |")
    out.append("")
    for r in results:
        m = r["methods"]
        gc = m.get("gerrychain", {}).get("info")
        mp = m.get("maxp", {}).get("info")
        line = (f"T = {r['target']} (tolerance ±{100 * r['tolerance']:.0f}%): {r['atoms_n']:,} atoms ({r['empty_atoms']:,} without "
                f"households, largest {r['largest_atom']}), {r['households']:,} households, {r['components']} component(s) "
                f"of the neighbours graph, k = {r['k']}.")
        bparts = []
        for n in BUURT:
            x = scored(m, n)
            if not x:
                continue
            says = x["info"].get("buurt_says", {})
            bparts.append(f"{n.split('_')[1]} {secs(x['seconds'])} s balancing, {secs(x.get('whole_seconds'))} s "
                          f"runtime_seconds" + (f", {secs(x['wall_seconds'])} s process wall" if x.get("wall_seconds") else ""))
        if bparts:
            says = m[BUURT[0]]["info"].get("buurt_says", {})
            blocks = (f" from {says['street_blocks']} street blocks ({says.get('split_blocks', '?')} cut)"
                      if "street_blocks" in says else "")
            line += f" buurt{blocks}: " + "; ".join(bparts) + "."
        if gc:
            eps = ", ".join(f"±{100 * e:.1f}%" for e in gc["seed_epsilon"]) or "none needed (k = 1)"
            line += (f" GerryChain: seed plan at {eps} after {gc['failed_seeds']} failed seed attempt(s), "
                     f"{gc['seed_seconds']} s seed + {gc['chain_seconds']} s for {gc['steps']} ReCom steps.")
        if mp:
            line += f" max-p floor {mp['floor']:g} households."
        line += "".join(f" {NAMES[n]}: {x['empty_groups']} group(s) without households." for n, x in m.items()
                        if x.get("empty_groups"))
        for n in BUURT:
            diff = crosscheck(r, n)
            if diff:
                line += f" {NAMES[n]}'s own report differs from the scorer: " + "; ".join(diff) + "."
        out.append(line)
    out.append("")
    out.append("Definitions in `tools/planning/README.md` (one scorer, `tools/planning/evaluate.py`, for every row). "
               "Every peer runs once per target on the atoms of `buurt balance --from scratch --atoms-output`; "
               "`--from current` writes the same atoms (checked), only its groups differ. "
               "Every peer gets k = max(1, round(households / T)) groups per component of the neighbours graph, except "
               "max-p, which chooses its own number of groups above a floor of T(1 - tol) households. \"moved vs current\" is the "
               "one-to-one matching of the goal; \"many-to-one\" lets every new group keep the current group it overlaps most. "
               "buurt's runtime in the table is `balance_seconds` of `buurt balance --json`: the partitioning alone, on "
               "ready-made atoms, like the peers (whose times exclude reading the atoms file); the notes add "
               "`runtime_seconds` (the whole plan: street blocks, balancing, outlines) and the process wall-clock time "
               "(reading the data and writing the files too).")
    print("\n".join(out))


if __name__ == "__main__":
    main()
