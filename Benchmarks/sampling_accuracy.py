"""Compares `liaison rank --samples K` outputs with `liaison rank --exact` (CSV files with the columns id,
pagerank, betweenness, closeness, in_strength, influence, tier) and prints one Markdown row per sampled file.

Usage: sampling_accuracy.py EXACT.csv SAMPLED.csv...  (file names kK-sS.csv give K and the seed)
"""
import csv
import re
import sys

import numpy as np


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    ids = [r["id"] for r in rows]
    cols = {k: np.array([float(r[k] or 0) for r in rows]) for k in ("influence", "tier", "betweenness", "closeness")}
    return ids, cols


def top(v, n):
    return set(np.argsort(-v, kind="stable")[:n].tolist())


def main(exact_path, sampled):
    ids0, ex = load(exact_path)
    at = {i: k for k, i in enumerate(ids0)}
    tier1 = set(np.where(ex["tier"] == 1)[0].tolist())
    print(f"{len(ids0)} experts; exact: max betweenness {ex['betweenness'].max():.5f}, "
          f"max closeness {ex['closeness'].max():.4f}, {len(tier1)} in tier 1\n")
    print("| K | seed | same tier as exact | exact tier 1 kept | top 100 by influence | top 1 000 by influence "
          "| top 100 by betweenness | largest influence error | largest betweenness error |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in sampled:
        ids, x = load(path)
        if sorted(ids) != sorted(ids0):
            sys.exit(f"{path}: not the same experts as {exact_path}")
        perm = np.array([at[i] for i in ids])
        y = {}
        for k, v in x.items():
            y[k] = np.empty_like(v)
            y[k][perm] = v
        m = re.search(r"k(\d+)-s(\d+)", path)
        k, seed = (m.group(1), m.group(2)) if m else (path, "")
        t1 = set(np.where(y["tier"] == 1)[0].tolist())
        share = lambda a, b, n: f"{len(a & b) / n:.1%}"
        print(f"| {k} | {seed} | {np.mean(y['tier'] == ex['tier']):.1%} | {share(t1, tier1, len(tier1))} "
              f"| {share(top(y['influence'], 100), top(ex['influence'], 100), 100)} "
              f"| {share(top(y['influence'], 1000), top(ex['influence'], 1000), 1000)} "
              f"| {share(top(y['betweenness'], 100), top(ex['betweenness'], 100), 100)} "
              f"| {np.max(np.abs(y['influence'] - ex['influence'])):.3f} "
              f"| {np.max(np.abs(y['betweenness'] - ex['betweenness'])):.4f} |")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
