"""Regenerates the community fixtures: python3 make_fixtures.py (networkx 3.x).

For each graph NAME it writes
  NAME.csv   `# nodes=N`, then `source,target,weight`: arcs (directed fixtures) or edges, 0-based;
  NAME.json  networkx's reference values on the undirected view with summed weights:
             louvain_modularity (nx.community.louvain_communities(seed=1), best of seeds 1..5),
             partition (a fixed labelling: networkx's Louvain partition, or v % 3 for `directed_sum`)
             and its modularity at resolutions 0.5, 1 and 2 (nx.community.modularity),
             planted (the planted labels, planted-partition graphs only).
"""
import json
import random

import networkx as nx


def undirected_summed(D):
    G = nx.Graph()
    G.add_nodes_from(D.nodes)
    for u, v, w in D.edges(data="weight", default=1):
        if G.has_edge(u, v):
            G[u][v]["weight"] += w
        else:
            G.add_edge(u, v, weight=w)
    return G


def write(name, G, arcs=None, planted=None, partition=None):
    nodes = sorted(G.nodes, key=str) if not all(isinstance(v, int) for v in G.nodes) else sorted(G.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    with open(name + ".csv", "w") as f:
        f.write(f"# nodes={len(nodes)}\nsource,target,weight\n")
        for u, v, w in (arcs if arcs is not None else G.edges(data="weight", default=1)):
            f.write(f"{index[u]},{index[v]},{w:g}\n")
    best = max((nx.community.louvain_communities(G, weight="weight", seed=s) for s in range(1, 6)),
               key=lambda p: nx.community.modularity(G, p, weight="weight"))
    if partition is None:
        labels = [0] * len(nodes)
        for c, members in enumerate(best):
            for v in members:
                labels[index[v]] = c
    else:
        labels = [partition(index[v]) for v in nodes]
    groups = {}
    for v in nodes:
        groups.setdefault(labels[index[v]], set()).add(v)
    out = {
        "louvain_modularity": nx.community.modularity(G, best, weight="weight"),
        "louvain_communities": len(best),
        "partition": labels,
        "partition_modularity": {str(r): nx.community.modularity(G, groups.values(), weight="weight", resolution=r)
                                 for r in (0.5, 1, 2)},
    }
    if planted is not None:
        out["planted"] = [planted[v] for v in nodes]
    with open(name + ".json", "w") as f:
        json.dump(out, f, indent=1)


write("karate", nx.karate_club_graph())
write("lesmis", nx.les_miserables_graph())
write("florentine", nx.florentine_families_graph())

# Planted partition: 4 groups of 20, dense inside (p_in 0.5), sparse between (p_out 0.01), weights 11..40.
P = nx.planted_partition_graph(4, 20, 0.5, 0.01, seed=3)
rng = random.Random(5)
for u, v in P.edges:
    P[u][v]["weight"] = rng.randint(11, 40)
write("planted", P, planted={v: v // 20 for v in P.nodes})

# A directed referral network with reciprocal arcs: modularity on the undirected view with summed weights.
rng = random.Random(11)
D = nx.DiGraph()
D.add_nodes_from(range(40))
for _ in range(160):
    u, v = rng.randrange(40), rng.randrange(40)
    if u != v:
        w = rng.randint(1, 30)
        if D.has_edge(u, v):
            D[u][v]["weight"] += w
        else:
            D.add_edge(u, v, weight=w)
write("directed_sum", undirected_summed(D), arcs=list(D.edges(data="weight")), partition=lambda i: i % 3)
