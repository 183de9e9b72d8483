#!/usr/bin/env python3
"""Peer partitioners on buurt's atoms, scored by evaluate.py with the same definitions as buurt.

Every peer gets the same input: the atoms file's "neighbours" graph, node weight = "households",
and, per connected component of that graph, k = max(1, round(component households / target))
groups (a component with k = 1 is one group, for every method alike).

  gerrychain  recursive_tree_part seed plan at ideal +- tolerance, then a ReCom chain (--steps,
              proposals at +- tolerance, contiguity and population constraints, always accept);
              the final state is scored. When no seed plan is found at the tolerance, the seed is
              retried at 1.5, 2, 3, 5 x the tolerance (each failure's time is counted) and the
              chain's population bound is that looser one; the chain's proposals stay at the
              tolerance, so it tightens the plan as it runs. Time: graph + seed + chain.
  metis       pymetis.part_graph: vertex weights = households, edge weights = touching_m of the
              pair rounded (at least 1), ufactor = tolerance x 1000, contig on, seeded.
  maxp        PySAL spopt MaxPHeuristic: floor = target x (1 - tolerance) households per group,
              heterogeneity on the atoms' representative points (km, EPSG:31370) so it prefers
              compact groups; the number of groups is its own (max-p), not k. AZP was tried: it has
              no population term at all, so its groups range from 0 to 3.6 x target.
  buurt       the "group" property of buurt's own atoms files, one method per --buurt NAME=ATOMS[,REPORT]
              (e.g. scratch=atoms_scratch.geojson,buurt_scratch.json): each file must hold exactly the
              atoms of --atoms (same ids, geometries and properties; only "group" may differ), else the
              run fails. Its "seconds" is the report's balance_seconds (the partitioning alone, on
              ready-made atoms, like the peers'), else the atoms file's runtime_seconds; the report's
              runtime_seconds (the whole plan) is kept as whole_seconds, and the report's own figures
              as buurt_says (to cross-check the scorer).

Usage: peers.py --atoms ATOMS.geojson [--methods gerrychain,metis,maxp] [--steps 1000] [--seed 1]
                [--buurt NAME=ATOMS[,REPORT] ...] [--wall NAME=SECONDS ...] [--assignments DIR] > result.json
"""
import argparse
import json
import os
import random
import sys
import time
import warnings
from functools import partial

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import Atoms, evaluate  # noqa: E402

SEED_LADDER = (1.0, 1.5, 2.0, 3.0, 5.0)
# buurt's --json report figures kept next to the scorer's, to cross-check them.
BUURT_SAYS = ("from", "groups_count", "households", "within_tolerance", "max_deviation", "mean_polsby_popper",
              "non_contiguous", "cut_edges", "households_moved", "atoms", "street_blocks", "split_blocks",
              "runtime_seconds", "balance_seconds")


def _version(dist):
    from importlib.metadata import version
    return version(dist)


def same_atoms(base_path, other_path):
    """Fail loudly unless other_path holds the atoms of base_path: same top-level target/tolerance,
    same features in the same order with equal geometry and properties, "group" aside."""
    a = json.load(open(base_path, encoding="utf-8"))
    b = json.load(open(other_path, encoding="utf-8"))
    problems = []
    for key in ("target", "tolerance", "crs_metric", "touching_minimum_m", "neighbour_minimum_m", "barriers"):
        if a.get(key) != b.get(key):
            problems.append(f"top-level {key}: {a.get(key)!r} vs {b.get(key)!r}")
    fa, fb = a["features"], b["features"]
    if len(fa) != len(fb):
        problems.append(f"{len(fa)} vs {len(fb)} atoms")
    for i, (x, y) in enumerate(zip(fa, fb)):
        if x["geometry"] != y["geometry"]:
            problems.append(f"atom {i}: geometry differs")
        px = {k: v for k, v in x["properties"].items() if k != "group"}
        py = {k: v for k, v in y["properties"].items() if k != "group"}
        if px != py:
            keys = sorted(k for k in set(px) | set(py) if px.get(k) != py.get(k))
            problems.append(f"atom {i}: properties differ ({', '.join(keys)})")
        if len(problems) > 12:
            break
    if problems:
        raise SystemExit(f"peers: {other_path} does not hold the atoms of {base_path}:\n  " + "\n  ".join(problems))


def read_report(path):
    """buurt's --json report (tolerating log lines around it)."""
    text = open(path, encoding="utf-8").read()
    try:
        return json.loads(text)
    except ValueError:
        docs = [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]
        for d in docs:
            if isinstance(d, dict) and "runtime_seconds" in d:
                return d
        raise SystemExit(f"peers: no buurt --json report in {path}")


def plan_components(atoms):
    comps = atoms.components()
    ks = [max(1, round(int(atoms.households[c].sum()) / atoms.target)) for c in comps]
    return comps, ks


# ---------------------------------------------------------------------------------------------
def parts_to_split(comps, ks, labels):
    """The connected parts that need more than one group, as (index, atoms, k); a part that
    makes one group is labelled here."""
    for ci, (comp, k) in enumerate(zip(comps, ks)):
        if k == 1:
            for i in comp:
                labels[i] = f"{ci}:0"
        else:
            yield ci, comp, k


def run_gerrychain(atoms, comps, ks, seed, steps):
    import networkx as nx
    from gerrychain import Graph, MarkovChain, Partition
    from gerrychain.accept import always_accept
    from gerrychain.constraints import contiguous, within_percent_of_ideal_population
    from gerrychain.partition import recursive_tree_part
    from gerrychain.proposals import recom
    from gerrychain.tree import bipartition_tree
    from gerrychain.updaters import Tally

    warnings.simplefilter("ignore")
    tol = atoms.tolerance
    labels = [None] * atoms.n
    info = {"seed_seconds": 0.0, "chain_seconds": 0.0, "seed_epsilon": [], "failed_seeds": 0, "steps": steps}
    t_all = time.perf_counter()
    for ci, comp, k in parts_to_split(comps, ks, labels):
        t0 = time.perf_counter()
        G = nx.Graph()
        G.add_nodes_from((i, {"households": int(atoms.households[i])}) for i in comp)
        cset = set(comp)
        G.add_edges_from((i, j) for i in comp for j in atoms.neighbours[i] if j in cset and i < j)
        graph = Graph.from_networkx(G)
        ideal = int(atoms.households[comp].sum()) / k
        assignment, used = None, None
        for n_try, factor in enumerate(SEED_LADDER):
            eps = tol * factor
            try:
                assignment = recursive_tree_part(
                    graph, range(k), ideal, "households", eps,
                    bipartition_tree_fn=partial(bipartition_tree, max_attempts=1000, warn_attempts=10**9),
                    rng=seed + n_try)
                used = eps
                break
            except Exception:  # RuntimeError / PopulationBalanceError: no balanced cut found
                info["failed_seeds"] += 1
        if assignment is None:
            raise SystemExit(f"gerrychain: no seed plan for component {ci} even at {tol * SEED_LADDER[-1]:.2f}")
        info["seed_epsilon"].append(round(used, 4))
        t1 = time.perf_counter()
        info["seed_seconds"] += t1 - t0
        part = Partition(graph, assignment, {"population": Tally("households", alias="population")})
        proposal = partial(recom, pop_col="households", pop_target=ideal, epsilon=tol,
                           bipartition_tree_fn=partial(bipartition_tree, max_attempts=100, warn_attempts=10**9,
                                                       allow_pair_reselection=True))
        chain = MarkovChain(proposal, [contiguous, within_percent_of_ideal_population(part, used)],
                            always_accept, part, total_steps=steps, rng=seed + 100)
        last = part
        for state in chain:
            last = state
        info["chain_seconds"] += time.perf_counter() - t1
        g = last.graph.graph  # the Partition converted the graph to rustworkx: its node ids are new
        for node in g.node_indices:
            labels[int(g.original_nx_node_id_for_internal_node_id(node))] = f"{ci}:{last.assignment[node]}"
    seconds = time.perf_counter() - t_all
    info["seed_seconds"] = round(info["seed_seconds"], 3)
    info["chain_seconds"] = round(info["chain_seconds"], 3)
    return labels, seconds, info


# ---------------------------------------------------------------------------------------------
def run_metis(atoms, comps, ks, seed):
    import pymetis

    tol = atoms.tolerance
    labels = [None] * atoms.n
    t0 = time.perf_counter()
    for ci, comp, k in parts_to_split(comps, ks, labels):
        local = {a: n for n, a in enumerate(comp)}
        xadj, adjncy, ew = [0], [], []
        for a in comp:
            for b in atoms.neighbours[a]:
                adjncy.append(local[b])
                ew.append(max(1, int(round(atoms.touching[a].get(b, 1.0)))))
            xadj.append(len(adjncy))
        opts = pymetis.Options(seed=seed, ufactor=int(round(tol * 1000)), contig=1)
        res = pymetis.part_graph(k, xadj=xadj, adjncy=adjncy, vweights=[int(atoms.households[a]) for a in comp],
                                 eweights=ew, options=opts)
        for a, p in zip(comp, res.vertex_part):
            labels[a] = f"{ci}:{int(p)}"
    seconds = time.perf_counter() - t0
    return labels, seconds, {"ufactor": int(round(tol * 1000)), "contig": True, "pymetis": _version("pymetis")}


# ---------------------------------------------------------------------------------------------
def representative_points_km(atoms):
    import shapely
    from pyproj import Transformer
    from shapely.geometry import shape

    doc = json.load(open(atoms.path, encoding="utf-8"))
    pts = np.array([shape(f["geometry"]).representative_point().coords[0] for f in doc["features"]])
    tr = Transformer.from_crs("EPSG:4326", doc.get("crs_metric", "EPSG:31370"), always_xy=True)
    x, y = tr.transform(pts[:, 0], pts[:, 1])
    del shapely
    return np.column_stack([x, y]) / 1000.0


def run_maxp(atoms, comps, ks, seed, construction, sa, xy):
    import libpysal
    import pandas as pd
    from spopt.region import MaxPHeuristic

    warnings.simplefilter("ignore")
    floor = atoms.target * (1 - atoms.tolerance)
    labels = [None] * atoms.n
    t0 = time.perf_counter()
    for ci, comp in enumerate(comps):
        hh = int(atoms.households[comp].sum())
        if len(comp) < 2 or hh < 2 * floor:
            for i in comp:
                labels[i] = f"{ci}:0"
            continue
        local = {a: n for n, a in enumerate(comp)}
        w = libpysal.weights.W({local[a]: [local[b] for b in atoms.neighbours[a]] for a in comp},
                               silence_warnings=True)
        df = pd.DataFrame({"x": xy[comp, 0], "y": xy[comp, 1], "households": atoms.households[comp]})
        np.random.seed(seed)
        random.seed(seed)
        m = MaxPHeuristic(df, w, ["x", "y"], "households", floor, top_n=2,
                          max_iterations_construction=construction, max_iterations_sa=sa)
        m.solve()
        for a, p in zip(comp, m.labels_):
            labels[a] = f"{ci}:{int(p)}"
    seconds = time.perf_counter() - t0
    return labels, seconds, {"floor": floor, "max_iterations_construction": construction, "max_iterations_sa": sa}


# ---------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--atoms", required=True)
    ap.add_argument("--methods", default="gerrychain,metis,maxp")
    ap.add_argument("--steps", type=int, default=1000, help="ReCom steps per component (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--maxp-construction", type=int, default=99, help="spopt default 99")
    ap.add_argument("--maxp-sa", type=int, default=10, help="spopt default 10")
    ap.add_argument("--buurt", action="append", default=[], metavar="NAME=ATOMS[,REPORT]",
                    help="score the \"group\" of buurt's atoms file ATOMS as method buurt_NAME (REPORT: its --json "
                         "report); ATOMS must hold the atoms of --atoms")
    ap.add_argument("--wall", action="append", default=[], metavar="NAME=SECONDS",
                    help="process wall-clock seconds of buurt_NAME's command, kept as wall_seconds")
    ap.add_argument("--assignments", help="write each method's atom -> group list here as METHOD.json")
    a = ap.parse_args()

    atoms = Atoms(a.atoms)
    comps, ks = plan_components(atoms)
    out = {
        "atoms": a.atoms,
        "generator": atoms.meta.get("generator", "buurt"),
        "target": atoms.target,
        "tolerance": atoms.tolerance,
        "atoms_n": atoms.n,
        "empty_atoms": int((atoms.households == 0).sum()),
        "largest_atom": int(atoms.households.max()),
        "households": int(atoms.households.sum()),
        "components": len(comps),
        "k": int(sum(ks)),
        "methods": {},
    }
    out["current_groups"] = len({c for c in atoms.current if c is not None})
    out["households_with_current"] = int(sum(int(h) for h, c in zip(atoms.households, atoms.current) if c is not None))
    walls = dict(w.split("=", 1) for w in a.wall)
    jobs = []
    for spec in a.buurt:
        name, _, files = spec.partition("=")
        path, _, report = files.partition(",")
        if not name or not path:
            raise SystemExit(f"peers: --buurt {spec!r}: expected NAME=ATOMS[,REPORT]")
        jobs.append(("buurt_" + name, path, report or None))
    jobs += [(m.strip(), None, None) for m in a.methods.split(",") if m.strip()]
    xy = None
    for method, bpath, breport in jobs:
        print(f"peers: {method} on {atoms.n} atoms, target {atoms.target}", file=sys.stderr)
        if bpath is not None:
            if os.path.realpath(bpath) != os.path.realpath(a.atoms):
                same_atoms(a.atoms, bpath)
            bdoc = json.load(open(bpath, encoding="utf-8"))
            labels = [f["properties"].get("group") for f in bdoc["features"]]
            if all(g is None for g in labels):
                out["methods"][method] = {"missing": f"{bpath} has no \"group\" property"}
                continue
            info = {"atoms_file": bpath, "from": bdoc.get("from"), "generator": bdoc.get("generator"),
                    "atoms_runtime_seconds": bdoc.get("runtime_seconds")}
            seconds = bdoc.get("runtime_seconds")
            whole = None
            if breport:
                rep = read_report(breport)
                info["buurt_says"] = {k: rep.get(k) for k in BUURT_SAYS if k in rep}
                bad = [g for g in rep.get("groups", []) if not g.get("contiguous", True)
                       or abs(float(g.get("deviation", 0))) > atoms.tolerance + 1e-9]
                info["buurt_says"]["odd_groups"] = bad[:20]
                if rep.get("balance_seconds") is not None:
                    seconds = float(rep["balance_seconds"])
                whole = rep.get("runtime_seconds")
        elif method == "gerrychain":
            labels, seconds, info = run_gerrychain(atoms, comps, ks, a.seed, a.steps)
        elif method == "metis":
            labels, seconds, info = run_metis(atoms, comps, ks, a.seed)
        elif method == "maxp":
            if xy is None:
                xy = representative_points_km(atoms)
            labels, seconds, info = run_maxp(atoms, comps, ks, a.seed, a.maxp_construction, a.maxp_sa, xy)
        else:
            raise SystemExit(f"unknown method {method}")
        res = evaluate(atoms, labels)
        res["seconds"] = None if seconds is None else round(seconds, 4)
        if bpath is not None:
            res["whole_seconds"] = whole
            w = walls.get(method[len("buurt_"):])
            res["wall_seconds"] = None if w is None else round(float(w), 3)
        res["info"] = info
        out["methods"][method] = res
        if a.assignments:
            os.makedirs(a.assignments, exist_ok=True)
            json.dump(labels, open(os.path.join(a.assignments, f"{method}.json"), "w"))
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
