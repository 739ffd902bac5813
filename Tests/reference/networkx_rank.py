#!/usr/bin/env python3
"""Reference values for `liaison rank`, computed with networkx from a dataset folder.

Usage: networkx_rank.py DATASET [--period LABEL]

Builds the referral graph exactly as the README defines it — every expert of experts.csv is a
node; referrals.csv rows are summed per (source, target) over the rows counted (all rows, or those
whose `period` lies inside --period); self-referrals and pairs whose summed count is 0 are no
link — and prints CSV: id,in_degree,out_degree,in_strength,out_strength,pagerank,betweenness,closeness.

  pagerank    = nx.pagerank(G, alpha=0.85, weight="patients")  (tol tightened to 1e-15)
  betweenness = nx.betweenness_centrality(G, normalized=True)
  closeness   = nx.closeness_centrality(G)
"""
import csv
import datetime as dt
import re
import sys

import networkx as nx


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
    bc = nx.betweenness_centrality(G, normalized=True)
    cc = nx.closeness_centrality(G)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["id", "in_degree", "out_degree", "in_strength", "out_strength", "pagerank", "betweenness", "closeness"])
    for v in ids:
        w.writerow([v, G.in_degree(v), G.out_degree(v), repr(float(G.in_degree(v, weight="patients"))),
                    repr(float(G.out_degree(v, weight="patients"))), repr(pr[v]), repr(bc[v]), repr(cc[v])])


if __name__ == "__main__":
    main()
