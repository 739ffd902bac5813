#!/usr/bin/env python3
"""Regenerates the centrality fixtures used by Tests/LiaisonTests/CentralityTests.swift.

Run from anywhere:  python3 Tests/LiaisonTests/Fixtures/centrality/make_fixtures.py
Needs networkx 3.x, numpy and scipy (nx.pagerank uses scipy).

For every fixture graph NAME this writes, next to this script:

* ``NAME.csv`` — the edge list. Line 1 is ``# nodes=N`` (the node count, so isolated nodes are kept;
  nodes are the integers 0..N-1), line 2 the header ``source,target,weight``, then one edge per line.
  The list is given to ``Digraph(nodeCount:edges:)`` as is, so it may contain parallel edges (which the
  Digraph sums) and self-loops (which the Digraph drops); the expected values are computed on the
  networkx DiGraph with those same rules applied (parallel weights summed, self-loops removed).
* ``NAME.json`` — expected values, each a list indexed by node id: pagerank, pagerank_personalized
  (personalization weight v % 4 for node v), betweenness,
  betweenness_undirected, closeness, in_degree, out_degree, in_strength, out_strength, and (issue 4)
  eigenvector, hub, authority, harmonic, core, wcc, wcc_size, scc, scc_size, betweenness_weighted,
  pagerank_seeded. The ``_about`` field at the top says how it was produced and ``calls`` gives the
  networkx call behind every list.

Eigenvector centrality is on the undirected view U with summed weights (A->B and B->A become one
edge of weight w_AB + w_BA). networkx's ``eigenvector_centrality_numpy`` refuses disconnected graphs,
so for a disconnected U the expected vector is the leading eigenvector of U's whole weighted
adjacency matrix from the dense ``numpy.linalg.eigh`` (unit norm, positive sum — networkx's scaling),
and for a connected U both are computed and must agree to 1e-12. HITS uses ``nx.hits`` on a copy of G
whose ``weight`` attribute is the patients (networkx's HITS reads ``weight``), cross-checked against a
dense SVD. When the leading eigenvalue (singular value) is not simple — the vector is then not unique
— the list is ``null`` and the test checks only the ``ambiguous`` flag; every fixture here is
well-defined. Components get ids 1 = largest, ties by smallest member.

The CKM physicians fixture (``ckm.json`` only, no CSV) is derived from
``../shared/data/ckm-physicians-innovation/CKM-Physicians-Innovation_multiplex.edges`` relative to the
package root, if that folder is present: union of the three layers, weight = number of layers an arc
appears in, 246 nodes (ids 1..246 become 0..245, isolates included per ``..._nodes.txt``). Only the
derived numbers are committed; the test reads the edges from ../shared/data and is skipped without it.
"""
import json
import os

import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
CKM_DIR = os.path.join(PACKAGE_ROOT, "..", "shared", "data", "ckm-physicians-innovation")

PAGERANK_CALL = 'nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-13, max_iter=100000)'
CALLS = {
    "pagerank": PAGERANK_CALL,
    "pagerank_personalized": ('nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-13, max_iter=100000, '
                              "personalization={v: v % 4 for v in G})"),
    "betweenness": "nx.betweenness_centrality(G, normalized=True)",
    "betweenness_undirected": "nx.betweenness_centrality(G.to_undirected(as_view=True), normalized=True)",
    "closeness": "nx.closeness_centrality(G)",
    "in_degree / out_degree": "G.in_degree(v) / G.out_degree(v)",
    "in_strength / out_strength": 'G.in_degree(v, weight="patients") / G.out_degree(v, weight="patients")',
    "eigenvector": ('nx.eigenvector_centrality_numpy(U, weight="patients") with U = undirected, summed weights; '
                    "dense numpy.linalg.eigh leading eigenvector when U is disconnected"),
    "hub / authority": 'nx.hits(H, max_iter=100000, tol=0) with H = G, weight attribute "weight" = patients',
    "harmonic": "nx.harmonic_centrality(G)",
    "core": "nx.core_number(G.to_undirected())",
    "wcc / scc": "nx.weakly_connected_components(G) / nx.strongly_connected_components(G), "
                 "id 1 = largest, ties by smallest member",
    "betweenness_weighted": 'nx.betweenness_centrality(L, normalized=True, weight="length"), L = G with length = 1/patients',
    "pagerank_seeded": 'nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-13, personalization={s: 1 for s in seeds})',
}


def undirected_summed(G):
    """Undirected view with summed weights: u-v weighs w(u,v) + w(v,u)."""
    U = nx.Graph()
    U.add_nodes_from(G)
    for s, t, d in G.edges(data=True):
        if U.has_edge(s, t):
            U[s][t]["patients"] += d["patients"]
        else:
            U.add_edge(s, t, patients=d["patients"])
    return U


def leading_dense(M):
    """Leading eigenvector of a symmetric matrix (unit norm, positive sum), or None if not simple."""
    vals, vecs = np.linalg.eigh(M)
    top = vals[-1]
    if len(vals) > 1 and vals[-2] >= top - 1e-9 * abs(top):
        return None, top
    x = vecs[:, -1]
    x = x / (np.sign(x.sum()) * np.linalg.norm(x))
    return x, top


def eigenvector(G):
    n = G.number_of_nodes()
    U = undirected_summed(G)
    M = nx.to_numpy_array(U, nodelist=range(n), weight="patients")
    dense, _ = leading_dense(M)
    if n and nx.is_connected(U):
        ev = nx.eigenvector_centrality_numpy(U, weight="patients")
        x = [ev[v] for v in range(n)]
        assert dense is not None and max(abs(a - b) for a, b in zip(x, dense)) < 1e-12
        return x
    return None if dense is None else [float(v) for v in dense]


def hits(G):
    n = G.number_of_nodes()
    H = nx.DiGraph()
    H.add_nodes_from(G)
    H.add_weighted_edges_from((s, t, d["patients"]) for s, t, d in G.edges(data=True))
    A = nx.to_numpy_array(H, nodelist=range(n), weight="weight")
    sv = np.linalg.svd(A, compute_uv=False)
    if len(sv) > 1 and sv[1] >= sv[0] * (1 - 1e-9):
        return None, None
    h, a = nx.hits(H, max_iter=100000, tol=0)
    a_dense, _ = leading_dense(A.T @ A)
    a_dense = a_dense / a_dense.sum()
    assert max(abs(a[v] - a_dense[v]) for v in range(n)) < 1e-10
    return [h[v] for v in range(n)], [a[v] for v in range(n)]


def component_ids(n, components):
    """Component id (1 = largest, ties by smallest member) and size of every node."""
    comps = sorted((sorted(c) for c in components), key=lambda c: (-len(c), c[0]))
    ids, sizes = [0] * n, [0] * n
    for i, c in enumerate(comps):
        for v in c:
            ids[v], sizes[v] = i + 1, len(c)
    return ids, sizes


def seeds_of(n):
    """Seed experts for personalized PageRank: nodes 0, 3 and n // 2 (those that exist)."""
    return sorted({v for v in (0, 3, n // 2) if v < n})


def digraph(n, edges):
    """DiGraph on 0..n-1 with Digraph semantics: parallel weights summed, self-loops and non-positive dropped."""
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for s, t, w in edges:
        if s == t:
            continue
        if G.has_edge(s, t):
            G[s][t]["patients"] += w
        else:
            G.add_edge(s, t, patients=w)
    G.remove_edges_from([(s, t) for s, t, d in G.edges(data=True) if d["patients"] <= 0])
    return G


def expected(G, description):
    n = G.number_of_nodes()
    assert list(G.nodes) == list(range(n))
    pr = nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-13, max_iter=100000)
    ppr = nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-13, max_iter=100000,
                      personalization={v: v % 4 for v in G})
    bc = nx.betweenness_centrality(G, normalized=True)
    bcu = nx.betweenness_centrality(G.to_undirected(as_view=True), normalized=True)
    cl = nx.closeness_centrality(G)
    hub, authority = hits(G)
    L = G.copy()
    for _, _, d in L.edges(data=True):
        d["length"] = 1 / d["patients"]
    bcw = nx.betweenness_centrality(L, normalized=True, weight="length")
    hc = nx.harmonic_centrality(G)
    core = nx.core_number(G.to_undirected())
    wcc, wcc_size = component_ids(n, nx.weakly_connected_components(G))
    scc, scc_size = component_ids(n, nx.strongly_connected_components(G))
    seeds = seeds_of(n)
    pps = nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-13, max_iter=100000,
                      personalization={v: 1 for v in seeds})
    return {
        "_about": (f"{description}. Produced by make_fixtures.py with networkx {nx.__version__}, "
                   f"numpy {np.__version__}; G is an nx.DiGraph on nodes 0..n-1 with edge weight "
                   "attribute 'patients' (parallel edges summed, self-loops dropped)."),
        "calls": CALLS,
        "networkx_version": nx.__version__,
        "nodes": n,
        "edges": G.number_of_edges(),
        "pagerank": [pr[v] for v in range(n)],
        "pagerank_personalized": [ppr[v] for v in range(n)],
        "betweenness": [bc[v] for v in range(n)],
        "betweenness_undirected": [bcu[v] for v in range(n)],
        "closeness": [cl[v] for v in range(n)],
        "in_degree": [G.in_degree(v) for v in range(n)],
        "out_degree": [G.out_degree(v) for v in range(n)],
        "in_strength": [float(G.in_degree(v, weight="patients")) for v in range(n)],
        "out_strength": [float(G.out_degree(v, weight="patients")) for v in range(n)],
        "eigenvector": eigenvector(G),
        "hub": hub,
        "authority": authority,
        "harmonic": [hc[v] for v in range(n)],
        "core": [core[v] for v in range(n)],
        "wcc": wcc,
        "wcc_size": wcc_size,
        "scc": scc,
        "scc_size": scc_size,
        "betweenness_weighted": [bcw[v] for v in range(n)],
        "seeds": seeds,
        "pagerank_seeded": [pps[v] for v in range(n)],
    }


def write(name, n, edges, description, csv=True):
    G = digraph(n, edges)
    if csv:
        with open(os.path.join(HERE, name + ".csv"), "w") as f:
            f.write(f"# nodes={n}\n")
            f.write("source,target,weight\n")
            for s, t, w in edges:
                f.write(f"{s},{t},{w:g}\n")
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(expected(G, description), f, indent=1)
        f.write("\n")
    print(f"{name}: {n} nodes, {G.number_of_edges()} arcs")


def both_directions(U):
    """Integer-labelled (sorted labels) undirected graph -> list of arcs in both directions, weight 1."""
    labels = {v: i for i, v in enumerate(sorted(U.nodes))}
    edges = []
    for a, b in U.edges:
        edges.append((labels[a], labels[b], 1))
        edges.append((labels[b], labels[a], 1))
    return len(labels), sorted(edges)


def main():
    n, e = both_directions(nx.krackhardt_kite_graph())
    write("kite", n, e, "Krackhardt kite (nx.krackhardt_kite_graph()), every edge as two arcs of weight 1")

    n, e = both_directions(nx.florentine_families_graph())
    write("florentine", n, e,
          "Florentine families marriage network (nx.florentine_families_graph()), families numbered in "
          "alphabetical order, every edge as two arcs of weight 1")

    # Langville & Meyer, "Deeper inside PageRank" (2004), section 3: 6 pages, page 2 is dangling.
    lm = [(1, 2), (1, 3), (3, 1), (3, 2), (3, 5), (4, 5), (4, 6), (5, 4), (5, 6), (6, 4)]
    write("langville_meyer", 6, [(s - 1, t - 1, 1) for s, t in lm],
          "Langville-Meyer 6-node PageRank example (pages 1..6 -> 0..5; page 2 = node 1 is dangling)")

    # Hand-made: weighted component 0..5 with dangling node 5, a chain 6->7->8 with 8 dangling,
    # a 2-cycle 9<->10 and isolated nodes 11, 12; one parallel edge (0->1 twice) and a self-loop.
    odd = [(0, 1, 3), (0, 1, 2), (1, 2, 1), (2, 0, 4), (2, 3, 7), (3, 4, 2), (4, 2, 1), (4, 5, 9),
           (1, 5, 1), (3, 3, 5), (6, 7, 2), (7, 8, 3), (9, 10, 1), (10, 9, 6)]
    write("dangling_isolated", 13, odd,
          "Hand-made digraph with dangling nodes (5, 8), isolated nodes (11, 12), three weakly connected "
          "parts, a parallel edge 0->1 (weights 3 + 2) and a self-loop 3->3 (dropped)")

    rng = np.random.default_rng(20240601)

    G = nx.gnp_random_graph(60, 0.08, seed=11, directed=True)
    e = [(s, t, int(rng.integers(1, 61))) for s, t in sorted(G.edges)]
    write("random_gnp60", 60, e, "nx.gnp_random_graph(60, 0.08, seed=11, directed=True), weights 1..60 "
          "drawn with numpy default_rng(20240601)")

    M = nx.scale_free_graph(200, seed=7)  # MultiDiGraph with parallel edges and self-loops
    e = [(s, t, int(rng.integers(1, 61))) for s, t, _ in sorted(M.edges(keys=True))]
    write("random_scalefree200", 200, e,
          "nx.scale_free_graph(200, seed=7) (a MultiDiGraph: its parallel arcs are listed separately "
          "and summed, its self-loops listed and dropped), weights 1..60 from the same generator")

    G = nx.gnm_random_graph(300, 1500, seed=5, directed=True)
    e = [(s, t, int(rng.integers(1, 61))) for s, t in sorted(G.edges)]
    write("random_gnm300", 300, e, "nx.gnm_random_graph(300, 1500, seed=5, directed=True), weights 1..60 "
          "from the same generator")

    edges_path = os.path.join(CKM_DIR, "CKM-Physicians-Innovation_multiplex.edges")
    nodes_path = os.path.join(CKM_DIR, "CKM-Physicians-Innovation_nodes.txt")
    if os.path.exists(edges_path) and os.path.exists(nodes_path):
        with open(nodes_path) as f:
            ids = [int(line.split()[0]) for line in f.readlines()[1:] if line.strip()]
        n = max(ids)
        assert n == 246 and sorted(ids) == list(range(1, n + 1))
        e = []
        with open(edges_path) as f:
            for line in f:
                if line.strip():
                    _layer, s, t, _w = line.split()
                    e.append((int(s) - 1, int(t) - 1, 1))  # one per layer: summed = number of layers
        write("ckm", n, e,
              "CKM physicians innovation network (Coleman, Katz & Menzel 1957; ../shared/data/"
              "ckm-physicians-innovation): union of the advice, discussion and friend layers, "
              "weight = number of layers an arc appears in, ids 1..246 -> 0..245", csv=False)
    else:
        print("CKM data not found; ckm.json left as it is")


if __name__ == "__main__":
    main()
