#!/usr/bin/env python3
"""Reference values for `liaison rank`, computed with networkx from a dataset folder.

Usage: networkx_rank.py DATASET [--period LABEL] [--seed-experts ID,ID,...] [--weighted-paths]

Builds the referral graph exactly as the README defines it — every expert of experts.csv is a
node; referrals.csv rows are summed per (source, target) over the rows counted (all rows, or those
whose `period` lies inside --period); self-referrals and pairs whose summed count is 0 are no
link — and prints CSV: id,in_degree,out_degree,in_strength,out_strength,pagerank,betweenness,closeness,
eigenvector,hub,authority,harmonic,core,wcc,wcc_size,scc,scc_size (and ppr with --seed-experts).

  pagerank    = nx.pagerank(G, alpha=0.85, weight="patients")  (tol tightened to 1e-15)
  betweenness = nx.betweenness_centrality(G, normalized=True)
                with --weighted-paths: nx.betweenness_centrality(L, weight="length"), length = 1/patients
  closeness   = nx.closeness_centrality(G)
  eigenvector = nx.eigenvector_centrality_numpy(U, weight="patients"), U = undirected view with
                w(u,v) + w(v,u); networkx refuses a disconnected U, then the leading eigenvector of
                U's whole matrix by numpy.linalg.eigh (unit norm, positive sum) is printed
  hub, authority = nx.hits(H, tol=0, max_iter=100000), H = G with weight = patients
  harmonic    = nx.harmonic_centrality(G)
  core        = nx.core_number(G.to_undirected())
  wcc, scc    = weakly / strongly connected components, id 1 = largest, ties by the first member in
                experts.csv order; wcc_size, scc_size their sizes
  ppr         = nx.pagerank(G, alpha=0.85, weight="patients", personalization={seed: 1 ...})

eigenvector, hub and authority are left empty when the leading eigenvalue (singular value) is not
simple, where the vector is not unique.
"""
import csv
import datetime as dt
import re
import sys

import networkx as nx
import numpy as np


def period_bounds(label):
    label = label.strip()
    if ".." in label:
        a, b = label.split("..")
        return dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    m = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", label)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        start = dt.date(y, 3 * q - 2, 1)
        end = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        return start, end
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        end = dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(y, mo, 1), end
    m = re.fullmatch(r"(\d{4})", label)
    if m:
        y = int(m.group(1))
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    raise ValueError(label)


def main():
    folder = sys.argv[1]
    period = None
    if "--period" in sys.argv:
        period = period_bounds(sys.argv[sys.argv.index("--period") + 1])
    seeds = []
    if "--seed-experts" in sys.argv:
        seeds = [x.strip() for x in sys.argv[sys.argv.index("--seed-experts") + 1].split(",") if x.strip()]
    weighted_paths = "--weighted-paths" in sys.argv
    with open(f"{folder}/experts.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    ids = [r["id"].strip() for r in rows]
    G = nx.DiGraph()
    G.add_nodes_from(ids)
    weights = {}
    try:
        with open(f"{folder}/referrals.csv", newline="", encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                s, t = r["source"].strip(), r["target"].strip()
                if s == t:
                    continue
                if period is not None:
                    p = (r.get("period") or "").strip()
                    if not p:
                        continue
                    a, b = period_bounds(p)
                    if a < period[0] or b > period[1]:
                        continue
                weights[(s, t)] = weights.get((s, t), 0) + int(r["patients"])
    except FileNotFoundError:
        pass
    for (s, t), w in weights.items():
        if w > 0:
            G.add_edge(s, t, patients=float(w))
    pr = nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-15, max_iter=100000) if len(G) else {}
    if weighted_paths:
        L = G.copy()
        for _, _, d in L.edges(data=True):
            d["length"] = 1 / d["patients"]
        bc = nx.betweenness_centrality(L, normalized=True, weight="length")
    else:
        bc = nx.betweenness_centrality(G, normalized=True)
    cc = nx.closeness_centrality(G)
    ev = eigenvector(G, ids)
    hub, auth = hits(G, ids)
    hc = nx.harmonic_centrality(G)
    core = nx.core_number(G.to_undirected())
    wcc, wcc_size = component_ids(ids, nx.weakly_connected_components(G))
    scc, scc_size = component_ids(ids, nx.strongly_connected_components(G))
    ppr = None
    if seeds:
        ppr = nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-15, max_iter=100000,
                          personalization={s: 1 for s in seeds})
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["id", "in_degree", "out_degree", "in_strength", "out_strength", "pagerank", "betweenness", "closeness",
                "eigenvector", "hub", "authority", "harmonic", "core", "wcc", "wcc_size", "scc", "scc_size"]
               + (["ppr"] if ppr else []))
    blank = ""
    for v in ids:
        w.writerow([v, G.in_degree(v), G.out_degree(v), repr(float(G.in_degree(v, weight="patients"))),
                    repr(float(G.out_degree(v, weight="patients"))), repr(pr[v]), repr(bc[v]), repr(cc[v]),
                    repr(ev[v]) if ev else blank, repr(hub[v]) if hub else blank, repr(auth[v]) if auth else blank,
                    repr(float(hc[v])), core[v], wcc[v], wcc_size[v], scc[v], scc_size[v]]
                   + ([repr(ppr[v])] if ppr else []))


def leading_dense(M):
    """Leading eigenvector of a symmetric matrix (unit norm, positive sum), or None if not simple."""
    vals, vecs = np.linalg.eigh(M)
    if len(vals) > 1 and vals[-2] >= vals[-1] - 1e-9 * abs(vals[-1]):
        return None
    x = vecs[:, -1]
    return x / (np.sign(x.sum()) * np.linalg.norm(x))


def eigenvector(G, ids):
    U = nx.Graph()
    U.add_nodes_from(ids)
    for s, t, d in G.edges(data=True):
        if U.has_edge(s, t):
            U[s][t]["patients"] += d["patients"]
        else:
            U.add_edge(s, t, patients=d["patients"])
    if len(U) == 0:
        return None
    if nx.is_connected(U):
        return nx.eigenvector_centrality_numpy(U, weight="patients")
    x = leading_dense(nx.to_numpy_array(U, nodelist=ids, weight="patients"))
    return None if x is None else dict(zip(ids, map(float, x)))


def hits(G, ids):
    H = nx.DiGraph()
    H.add_nodes_from(ids)
    H.add_weighted_edges_from((s, t, d["patients"]) for s, t, d in G.edges(data=True))
    if H.number_of_edges() == 0:
        return None, None
    A = nx.to_numpy_array(H, nodelist=ids, weight="weight")
    sv = np.linalg.svd(A, compute_uv=False)
    if len(sv) > 1 and sv[1] >= sv[0] * (1 - 1e-9):
        return None, None
    return nx.hits(H, max_iter=100000, tol=0)


def component_ids(ids, components):
    """Component id (1 = largest, ties by first member in experts.csv order) and size per expert."""
    position = {v: i for i, v in enumerate(ids)}
    comps = sorted((sorted(c, key=position.get) for c in components), key=lambda c: (-len(c), position[c[0]]))
    cid, size = {}, {}
    for i, c in enumerate(comps):
        for v in c:
            cid[v], size[v] = i + 1, len(c)
    return cid, size


if __name__ == "__main__":
    main()
