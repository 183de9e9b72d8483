#!/usr/bin/env python3
"""One shared scorer for every plan (buurt's and the peers'): an atoms file + atom -> group.

Definitions (T = the file's "target", tol = its "tolerance"; W_g = households of group g):
  groups            number of distinct labels over assigned atoms (empty_groups: those with W_g = 0)
  max_deviation     max over groups of |W_g - T| / T
  within_tolerance  share of groups with |W_g - T| <= tol * T
  noncontiguous     groups whose atoms do not form one connected piece of the "touching" graph
  mean_pp           mean over groups of Polsby-Popper 4 pi A / P^2, with A = sum of the atoms'
                    area_m2 and P = sum of their perimeter_m minus 2 x the touching_m shared by two
                    atoms of the same group
  cut_edges         "neighbours" pairs whose atoms are in different groups
  moved             households whose new group is not matched to their current group, under the
                    maximum-weight one-to-one matching of new to current groups on shared
                    households (scipy linear_sum_assignment); households in an unassigned atom
                    count as moved, households whose atom has no "current" are left out
                    (reported as no_current)
  moved_majority    (JSON only) households whose new group's largest share of households comes from
                    another current group than theirs: a many-to-one reading of "moved" that stays
                    meaningful when there are far more new groups than current ones

Usage: evaluate.py --atoms ATOMS.geojson (--assignment A.json | --property group)
       A.json: {"atom id": label, ...} or [label per atom]; null = unassigned.
"""
import argparse
import json
import math
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import linear_sum_assignment


class Atoms:
    """The atoms file, as plain lists indexed by atom id."""

    def __init__(self, path):
        doc = json.load(open(path, encoding="utf-8"))
        feats = doc["features"]
        self.path = path
        self.target = int(doc["target"])
        self.tolerance = float(doc["tolerance"])
        self.n = len(feats)
        props = [f["properties"] for f in feats]
        for i, p in enumerate(props):
            if int(p["atom"]) != i:
                raise SystemExit(f"{path}: feature {i} has atom {p['atom']} (feature order must equal atom id)")
        self.households = np.array([int(p["households"]) for p in props], dtype=np.int64)
        self.current = [p.get("current") for p in props]
        self.deelgemeente = [p.get("deelgemeente") for p in props]
        self.area = np.array([float(p["area_m2"]) for p in props])
        self.perimeter = np.array([float(p["perimeter_m"]) for p in props])
        self.group = [p.get("group") for p in props] if any("group" in p for p in props) else None
        # Symmetrise both graphs: a pair listed on one side only still counts once.
        self.touching = [dict() for _ in range(self.n)]
        for i, p in enumerate(props):
            for j, m in zip(p.get("touching", []), p.get("touching_m", [])):
                j = int(j)
                if j != i:
                    self.touching[i][j] = self.touching[j][i] = max(float(m), self.touching[i].get(j, 0.0))
        nb = [set() for _ in range(self.n)]
        for i, p in enumerate(props):
            for j in p.get("neighbours", []):
                j = int(j)
                if j != i:
                    nb[i].add(j)
                    nb[j].add(i)
        self.neighbours = [sorted(s) for s in nb]
        self.meta = {k: v for k, v in doc.items() if k not in ("features", "type")}

    def neighbour_edges(self):
        return [(i, j) for i in range(self.n) for j in self.neighbours[i] if i < j]

    def components(self):
        """Connected components of the neighbours graph, each a sorted list, ordered by smallest id."""
        seen = np.zeros(self.n, dtype=bool)
        comps = []
        for s in range(self.n):
            if seen[s]:
                continue
            seen[s] = True
            stack, comp = [s], []
            while stack:
                u = stack.pop()
                comp.append(u)
                for v in self.neighbours[u]:
                    if not seen[v]:
                        seen[v] = True
                        stack.append(v)
            comps.append(sorted(comp))
        return comps


def _connected(members, adj):
    members = set(members)
    start = next(iter(members))
    seen, stack = {start}, [start]
    while stack:
        u = stack.pop()
        for v in adj[u]:
            if v in members and v not in seen:
                seen.add(v)
                stack.append(v)
    return len(seen) == len(members)


def evaluate(atoms, labels):
    """labels: list of length atoms.n (None = unassigned). Returns a dict of metrics."""
    if len(labels) != atoms.n:
        raise ValueError(f"{len(labels)} labels for {atoms.n} atoms")
    T, tol = atoms.target, atoms.tolerance
    members = defaultdict(list)
    for i, g in enumerate(labels):
        if g is not None:
            members[g].append(i)
    unassigned = [i for i, g in enumerate(labels) if g is None]
    keys = sorted(members, key=str)
    W = {g: int(atoms.households[members[g]].sum()) for g in keys}
    dev = {g: abs(W[g] - T) / T for g in keys}
    within = sum(1 for g in keys if abs(W[g] - T) <= tol * T + 1e-9)
    noncontig = [g for g in keys if not _connected(members[g], atoms.touching)]
    pps = []
    for g in keys:
        ms = members[g]
        a = float(atoms.area[ms].sum())
        p = float(atoms.perimeter[ms].sum())
        mset = set(ms)
        inner = sum(m for i in ms for j, m in atoms.touching[i].items() if j in mset and i < j)
        p -= 2 * inner
        pps.append(4 * math.pi * a / (p * p) if p > 0 else 0.0)
    cut = sum(1 for i, j in atoms.neighbour_edges()
              if labels[i] is not None and labels[j] is not None and labels[i] != labels[j])
    # Households moved against "current".
    cur_keys = sorted({c for c in atoms.current if c is not None})
    ci = {c: k for k, c in enumerate(cur_keys)}
    gi = {g: k for k, g in enumerate(keys)}
    M = np.zeros((len(keys), len(cur_keys)), dtype=np.int64)
    no_current = 0
    unassigned_hh = 0
    for i in range(atoms.n):
        h = int(atoms.households[i])
        if atoms.current[i] is None:
            no_current += h
        elif labels[i] is None:
            unassigned_hh += h
        else:
            M[gi[labels[i]], ci[atoms.current[i]]] += h
    kept = 0
    if M.size:
        r, c = linear_sum_assignment(M, maximize=True)
        kept = int(M[r, c].sum())
    with_current = int(atoms.households.sum()) - no_current
    moved = with_current - kept
    # Extra, not in the tables: many-to-one, each new group keeps the current group it overlaps most.
    majority_kept = int(M.max(axis=1).sum()) if M.size else 0
    return {
        "groups": len(keys),
        "households": int(atoms.households.sum()),
        "target": T,
        "tolerance": tol,
        "max_deviation": max(dev.values()) if dev else None,
        "within_tolerance": within / len(keys) if keys else None,
        "groups_within_tolerance": within,
        "noncontiguous": len(noncontig),
        "mean_pp": float(np.mean(pps)) if pps else None,
        "cut_edges": cut,
        "moved": moved,
        "moved_share": moved / with_current if with_current else None,
        "moved_majority": with_current - majority_kept,
        "no_current": no_current,
        "unassigned_atoms": len(unassigned),
        "unassigned_households": unassigned_hh,
        "empty_groups": sum(1 for g in keys if W[g] == 0),
        "smallest_group": min(W.values()) if W else None,
        "largest_group": max(W.values()) if W else None,
    }


def read_assignment(path, n):
    obj = json.load(open(path, encoding="utf-8"))
    if isinstance(obj, dict) and "assignment" in obj:
        obj = obj["assignment"]
    if isinstance(obj, list):
        labels = list(obj)
    else:
        labels = [None] * n
        for k, v in obj.items():
            labels[int(k)] = v
    if len(labels) != n:
        raise SystemExit(f"{path}: {len(labels)} labels for {n} atoms")
    return labels


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--atoms", required=True)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--assignment", help="JSON: object atom id -> label, or list of labels")
    src.add_argument("--property", help="read the labels from this property of the atoms file (e.g. group)")
    a = ap.parse_args()
    atoms = Atoms(a.atoms)
    if a.property:
        labels = [None] * atoms.n
        doc = json.load(open(a.atoms, encoding="utf-8"))
        for i, f in enumerate(doc["features"]):
            labels[i] = f["properties"].get(a.property)
    else:
        labels = read_assignment(a.assignment, atoms.n)
    json.dump(evaluate(atoms, labels), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
