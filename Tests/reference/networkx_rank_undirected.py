#!/usr/bin/env python3
"""Reference values for `liaison rank --undirected`, computed with networkx.

Usage: networkx_rank_undirected.py DATASET

Builds an undirected nx.Graph: every expert of experts.csv is a node; referrals.csv rows are summed per
unordered pair {source, target} (self-referrals dropped; a pair whose sum is 0 is no link), and prints
CSV id,pagerank,betweenness,closeness with

  pagerank    = nx.pagerank(U, alpha=0.85, weight="patients")   (tol tightened to 1e-15)
  betweenness = nx.betweenness_centrality(U, normalized=True)
  closeness   = nx.closeness_centrality(U)
"""
import csv
import sys

import networkx as nx


def main():
    folder = sys.argv[1]
    with open(f"{folder}/experts.csv", newline="", encoding="utf-8-sig") as f:
        ids = [r["id"].strip() for r in csv.DictReader(f)]
    U = nx.Graph()
    U.add_nodes_from(ids)
    w = {}
    with open(f"{folder}/referrals.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            s, t = r["source"].strip(), r["target"].strip()
            if s == t:
                continue
            k = (min(s, t), max(s, t))
            w[k] = w.get(k, 0) + int(r["patients"])
    for (a, b), x in w.items():
        if x > 0:
            U.add_edge(a, b, patients=float(x))
    pr = nx.pagerank(U, alpha=0.85, weight="patients", tol=1e-15, max_iter=100000)
    bc = nx.betweenness_centrality(U, normalized=True)
    cc = nx.closeness_centrality(U)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "pagerank", "betweenness", "closeness"])
    for v in ids:
        out.writerow([v, repr(pr[v]), repr(bc[v]), repr(cc[v])])


if __name__ == "__main__":
    main()
