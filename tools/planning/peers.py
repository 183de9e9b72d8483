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
  buurt       the "group" property of the atoms file (buurt's own plan), time from --buurt-seconds.

Usage: peers.py --atoms ATOMS.geojson [--methods buurt,gerrychain,metis,maxp] [--steps 1000]
                [--seed 1] [--buurt-seconds S] [--assignments DIR] > result.json
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


def _version(dist):
    from importlib.metadata import version
    return version(dist)


def plan_components(atoms):
    comps = atoms.components()
    ks = [max(1, round(int(atoms.households[c].sum()) / atoms.target)) for c in comps]
    return comps, ks


# ---------------------------------------------------------------------------------------------
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
    for ci, (comp, k) in enumerate(zip(comps, ks)):
        if k == 1:
            for i in comp:
                labels[i] = f"{ci}:0"
            continue
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
    for ci, (comp, k) in enumerate(zip(comps, ks)):
        if k == 1:
            for i in comp:
                labels[i] = f"{ci}:0"
            continue
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
    ap.add_argument("--methods", default="buurt,gerrychain,metis,maxp")
    ap.add_argument("--steps", type=int, default=1000, help="ReCom steps per component (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--maxp-construction", type=int, default=99, help="spopt default 99")
    ap.add_argument("--maxp-sa", type=int, default=10, help="spopt default 10")
    ap.add_argument("--buurt-seconds", type=float, help="buurt's runtime_seconds for this atoms file")
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
    xy = None
    for method in [m.strip() for m in a.methods.split(",") if m.strip()]:
        print(f"peers: {method} on {atoms.n} atoms, target {atoms.target}", file=sys.stderr)
        if method == "buurt":
            if atoms.group is None:
                out["methods"]["buurt"] = {"missing": "the atoms file has no \"group\" property"}
                continue
            labels, seconds, info = atoms.group, a.buurt_seconds, {}
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
        res["seconds"] = None if seconds is None else round(seconds, 3)
        res["info"] = info
        out["methods"][method] = res
        if a.assignments:
            os.makedirs(a.assignments, exist_ok=True)
            json.dump(labels, open(os.path.join(a.assignments, f"{method}.json"), "w"))
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
