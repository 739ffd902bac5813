#!/usr/bin/env python3
"""In-process kernel timings for the peer graph libraries on a DocGraph referrals.csv.

Usage:
  peers.py bench CSV --n N [--tools networkx,igraph,networkit,rustworkx] [--exact-max 10000]
      prints one JSON line per measurement: {"tool","n","kernel","seconds","runs",...}
  peers.py load-and-rank TOOL CSV
      whole-process workload for /usr/bin/time: parse the CSV, build the graph, run PageRank.

Every tool reads the same headerless CMS file (npi1,npi2,pair_count,bene_count,same_day_count, padded counts)
with numpy.loadtxt; the edge weight is bene_count, as in Liaison. "load" = parse CSV + map NPIs to 0..n-1 +
build the tool's directed weighted graph. Fast kernels: median of 3 runs; a kernel whose first run takes more
than 5 s is run once. Exact betweenness and closeness (unweighted, directed) only up to --exact-max experts.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np


def parse_csv(path):
    a = np.loadtxt(path, delimiter=",", dtype=np.int64, usecols=(0, 1, 3), ndmin=2)
    a = a[a[:, 0] != a[:, 1]]  # Liaison drops self-referrals
    npis, idx = np.unique(a[:, :2].ravel(), return_inverse=True)
    idx = idx.reshape(-1, 2)
    src, dst, w = idx[:, 0], idx[:, 1], a[:, 2].astype(np.float64)
    # sum duplicate pairs (Liaison sums rows of the same pair)
    n = len(npis)
    key = src * n + dst
    ukey, inv = np.unique(key, return_inverse=True)
    if len(ukey) != len(key):
        w = np.bincount(inv, weights=w)
        src, dst = ukey // n, ukey % n
    return n, src.astype(np.int64), dst.astype(np.int64), w


def undirected(n, src, dst, w):
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    ukey, inv = np.unique(lo * n + hi, return_inverse=True)
    return ukey // n, ukey % n, np.bincount(inv, weights=w)


# ---------------------------------------------------------------- tools
class NX:
    name = "networkx"

    def __init__(self, n, src, dst, w):
        import networkx as nx
        self.nx = nx
        G = nx.DiGraph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(zip(src.tolist(), dst.tolist(), w.tolist()))
        self.G = G
        self.U = None

    def prep_undirected(self, n, src, dst, w):
        U = self.nx.Graph()
        U.add_nodes_from(range(n))
        us, ud, uw = undirected(n, src, dst, w)
        U.add_weighted_edges_from(zip(us.tolist(), ud.tolist(), uw.tolist()))
        self.U = U

    def pagerank(self):
        return self.nx.pagerank(self.G, alpha=0.85, weight="weight")

    def betweenness(self):
        return self.nx.betweenness_centrality(self.G, normalized=True)

    def closeness(self):
        return self.nx.closeness_centrality(self.G)

    def louvain(self):
        comms = self.nx.community.louvain_communities(self.U, weight="weight", seed=42)
        return {"modularity": self.nx.community.modularity(self.U, comms, weight="weight"), "communities": len(comms)}

    def wcc(self):
        return {"count": self.nx.number_weakly_connected_components(self.G)}

    def scc(self):
        return {"count": self.nx.number_strongly_connected_components(self.G)}


class IG:
    name = "igraph"

    def __init__(self, n, src, dst, w):
        import igraph as ig
        self.ig = ig
        g = ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=True)
        g.es["weight"] = w
        self.g = g
        self.U = None

    def prep_undirected(self, n, src, dst, w):
        us, ud, uw = undirected(n, src, dst, w)
        U = self.ig.Graph(n=n, edges=np.column_stack([us, ud]), directed=False)
        U.es["weight"] = uw
        self.U = U

    def pagerank(self):
        return self.g.pagerank(damping=0.85, weights="weight", directed=True)

    def betweenness(self):
        b = np.array(self.g.betweenness(directed=True))
        n = self.g.vcount()
        return b / ((n - 1) * (n - 2))

    def closeness(self):
        return self.g.closeness(mode="in", normalized=True)

    def louvain(self):
        c = self.U.community_multilevel(weights="weight")
        return {"modularity": self.U.modularity(c.membership, weights="weight"), "communities": len(c)}

    def wcc(self):
        return {"count": len(self.g.connected_components(mode="weak"))}

    def scc(self):
        return {"count": len(self.g.connected_components(mode="strong"))}


class NK:
    name = "networkit"

    def __init__(self, n, src, dst, w):
        import networkit as nk
        self.nk = nk
        self.g = nk.GraphFromCoo((w, (src.astype(np.uint64), dst.astype(np.uint64))), n=n, weighted=True,
                                 directed=True)
        self.gu = None
        self.U = None

    def prep_undirected(self, n, src, dst, w):
        nk = self.nk
        us, ud, uw = undirected(n, src, dst, w)
        self.U = nk.GraphFromCoo((uw, (us.astype(np.uint64), ud.astype(np.uint64))), n=n, weighted=True,
                                 directed=False)
        # unweighted directed copy: NetworKit's betweenness/closeness use Dijkstra on weighted graphs
        self.gu = nk.graphtools.toUnweighted(self.g)

    def pagerank(self):
        pr = self.nk.centrality.PageRank(self.g, damp=0.85)
        pr.run()
        return pr

    def betweenness(self):
        b = self.nk.centrality.Betweenness(self.gu, normalized=True)
        b.run()
        return b

    def closeness(self):
        c = self.nk.centrality.Closeness(self.gu, True, self.nk.centrality.ClosenessVariant.GENERALIZED)
        c.run()
        return c

    def louvain(self):
        plm = self.nk.community.PLM(self.U)
        plm.run()
        p = plm.getPartition()
        return {"modularity": self.nk.community.Modularity().getQuality(p, self.U),
                "communities": p.numberOfSubsets()}

    def wcc(self):
        c = self.nk.components.WeaklyConnectedComponents(self.g)
        c.run()
        return {"count": c.numberOfComponents()}

    def scc(self):
        c = self.nk.components.StronglyConnectedComponents(self.g)
        c.run()
        return {"count": c.numberOfComponents()}


class RX:
    name = "rustworkx"

    def __init__(self, n, src, dst, w):
        import rustworkx as rx
        self.rx = rx
        g = rx.PyDiGraph(multigraph=False)
        g.add_nodes_from(range(n))
        g.add_edges_from(list(zip(src.tolist(), dst.tolist(), w.tolist())))
        self.g = g
        self.U = None

    def prep_undirected(self, n, src, dst, w):
        pass

    def pagerank(self):
        return self.rx.pagerank(self.g, alpha=0.85, weight_fn=float)

    def betweenness(self):
        return self.rx.digraph_betweenness_centrality(self.g, normalized=True)

    def closeness(self):
        return self.rx.closeness_centrality(self.g, wf_improved=True)

    louvain = None  # rustworkx has no community detection

    def wcc(self):
        return {"count": self.rx.number_weakly_connected_components(self.g)}

    def scc(self):
        return {"count": len(self.rx.strongly_connected_components(self.g))}


TOOLS = {"networkx": NX, "igraph": IG, "networkit": NK, "rustworkx": RX}


def version(tool):
    mod = {"networkx": "networkx", "igraph": "igraph", "networkit": "networkit", "rustworkx": "rustworkx"}[tool]
    return __import__(mod).__version__


def emit(**kw):
    print(json.dumps(kw), flush=True)


def timed(fn, repeats):
    times, out = [], None
    for i in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        if times[-1] > 5.0:
            break
    return statistics.median(times), len(times), out


def bench(args):
    t = time.perf_counter()
    n, src, dst, w = parse_csv(args.csv)
    parse_s = time.perf_counter() - t
    emit(tool="python", n=args.n, kernel="parse_csv", seconds=parse_s, runs=1, nodes=n, edges=len(src))
    for name in args.tools.split(","):
        try:
            cls = TOOLS[name]
            t = time.perf_counter()
            tool = cls(n, src, dst, w)
            build_s = time.perf_counter() - t
            emit(tool=name, n=args.n, kernel="load", seconds=parse_s + build_s, runs=1, build_seconds=build_s,
                 version=version(name))
            tool.prep_undirected(n, src, dst, w)  # not timed: undirected/unweighted copies for Louvain etc.
            kernels = ["pagerank", "wcc", "scc", "louvain"]
            if n <= args.exact_max:
                kernels += ["closeness", "betweenness"]
            for k in kernels:
                fn = getattr(tool, k, None)
                if fn is None:
                    emit(tool=name, n=args.n, kernel=k, seconds=None, runs=0, note="not available")
                    continue
                if name == "networkx" and k in ("betweenness", "closeness") and n > args.nx_exact_max:
                    emit(tool=name, n=args.n, kernel=k, seconds=None, runs=0, note="skipped: too slow")
                    continue
                reps = 1 if k == "betweenness" else 3
                sec, runs, out = timed(fn, reps)
                extra = out if k in ("louvain", "wcc", "scc") else {}
                emit(tool=name, n=args.n, kernel=k, seconds=sec, runs=runs, **extra)
            del tool
        except Exception as e:  # a tool failing must not stop the others
            emit(tool=name, n=args.n, kernel="error", seconds=None, runs=0, note=repr(e))


def load_and_rank(args):
    n, src, dst, w = parse_csv(args.csv)
    tool = TOOLS[args.tool](n, src, dst, w)
    tool.pagerank()


PEERS = ["networkx", "igraph", "networkit", "rustworkx"]
KERNELS = [("load", "load (parse CSV + build graph)"), ("pagerank", "PageRank"),
           ("betweenness", "exact betweenness (unweighted, directed)"), ("closeness", "exact closeness"),
           ("louvain", "Louvain (undirected, weighted)"),
           ("communities", "`liaison communities` (Louvain + bridges + leaders by influence)"),
           ("components", "components (WCC + SCC)")]


def fmt(x, digits=3):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x < 0.01:
        return f"{x:.4f}"
    return f"{x:.{digits}f}"


def report(args):
    import glob
    import os
    out = []
    machines = []
    for f in sorted(glob.glob(os.path.join(args.dir, "machine-*.json"))):
        try:
            machines.append(json.load(open(f)))
        except ValueError:
            pass  # a run in progress
    rows = {}
    for f in glob.glob(os.path.join(args.dir, "raw-*.jsonl")):
        for line in open(f):
            line = line.strip()
            if line.startswith("{"):
                d = json.loads(line)
                if "kind" in d:
                    rows.setdefault(d["n"], {})[("graph", d["kind"])] = d
                else:
                    rows.setdefault(d["n"], {})[(d["tool"], d["kernel"])] = d
    versions = {}
    for n in rows:
        for (t, k), d in rows[n].items():
            if k == "load" and "version" in d:
                versions[t] = d["version"]
    out.append("# Liaison vs peers: results\n")
    for m in machines:
        out.append(f"- Run of sizes {m['sizes']}: {m['date']}, {m['nproc']} cores ({m['cpu']}), {m['mem']} RAM, "
                   f"{m['swift']}, Liaison {m['git']}; load average (1/5/15 min) at start {m['loadavg_start']}, "
                   f"at end {m.get('loadavg_end', '?')}")
    out.append("- Peers: " + ", ".join(f"{t} {v}" for t, v in sorted(versions.items())) +
               f"; Python {sys.version.split()[0]}")
    out.append("")
    out.append("Seconds, median of 3 (betweenness: 1 run; any kernel whose first run exceeds 5 s: 1 run). "
               "Liaison = whole process minus whole-process load-only (`liaison summary`); peers = in-process "
               "kernel time. Ratio = fastest peer / Liaison (> 1: Liaison faster). — = not run or not available.\n")
    for n in sorted(rows):
        R = rows[n]
        g = R.get(("graph", "graph"), {})
        out.append(f"## {n:,} experts ({g.get('rows', '?'):,} referral rows, {g.get('bytes', 0) / 1e6:.1f} MB CSV)\n"
                   if g else f"## {n:,} experts\n")

        def sec(t, k):
            d = R.get((t, k))
            return None if d is None else d.get("seconds")

        def liaison(k):
            if k == "load":
                return sec("liaison", "wp_load")
            a, b = sec("liaison", "wp_load"), sec("liaison", "wp_" + k)
            return None if a is None or b is None else max(b - a, 0.0)

        def peer(t, k):
            if k == "components":
                a, b = sec(t, "wcc"), sec(t, "scc")
                return None if a is None or b is None else a + b
            return sec(t, k)

        if ("liaison", "wp_load") in R:
            out.append("| kernel | Liaison | " + " | ".join(PEERS) + " | fastest peer / Liaison |")
            out.append("|---|" + "---:|" * (len(PEERS) + 2))
            for k, label in KERNELS:
                lv = liaison(k)
                pv = [peer(t, k) for t in PEERS]
                known = [x for x in pv if x is not None]
                if lv is None and not known:
                    continue
                ratio = "—"
                if lv is not None and known:
                    ratio = f"{min(known) / lv:.2f}" if lv > 0 else "n/a (Liaison below noise)"
                lvs = fmt(lv) if (lv is None or lv > 0) else "≈ 0 (≤ noise)"
                out.append(f"| {label} | {lvs} | " + " | ".join(fmt(x) for x in pv) + f" | {ratio} |")
            out.append("")
            mods = []
            for t in ["liaison"] + PEERS:
                d = R.get((t, "modularity" if t == "liaison" else "louvain"))
                if d and d.get("modularity") is not None:
                    mods.append(f"{t} {d['modularity']:.4f} ({d.get('communities')} communities)")
            if mods:
                out.append("Modularity (undirected, weighted, γ = 1): " + "; ".join(mods) + "\n")
            lw = {k: R.get(("liaison", "wp_" + k)) for k in ["load", "pagerank", "components", "louvain",
                                                            "communities", "closeness", "betweenness"]}
            out.append("Liaison whole-process seconds (median) behind the differences: " +
                       ", ".join(f"{k} {fmt(d['seconds'])}" for k, d in lw.items() if d and d.get("seconds") is not None)
                       + ".\n")
        lr = [(t, R.get((t, "load_and_rank"))) for t in ["liaison"] + PEERS]
        lr = [(t, d) for t, d in lr if d]
        if lr:
            out.append("Load and rank (PageRank), whole process: wall seconds (median) / peak RSS\n")
            out.append("| tool | seconds | peak RSS (MB) | runs |")
            out.append("|---|---:|---:|---:|")
            for t, d in lr:
                if d.get("seconds") is None:
                    out.append(f"| {t} | failed | — | 0 |")
                else:
                    out.append(f"| {t} | {fmt(d['seconds'])} | {d['rss_kb'] / 1024:.0f} | {d['runs']} |")
            out.append("")
        notes = [d for (t, k), d in R.items() if d.get("note")]
        for d in notes:
            out.append(f"- note: {d['tool']} {d['kernel']}: {d['note']}")
        if notes:
            out.append("")
    print("\n".join(out))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bench")
    b.add_argument("csv")
    b.add_argument("--n", type=int, required=True)
    b.add_argument("--tools", default="networkx,igraph,networkit,rustworkx")
    b.add_argument("--exact-max", type=int, default=10000)
    b.add_argument("--nx-exact-max", type=int, default=0,
                   help="networkx exact betweenness/closeness only up to this many nodes (default: never)")
    r = sub.add_parser("load-and-rank")
    r.add_argument("tool")
    r.add_argument("csv")
    rp = sub.add_parser("report")
    rp.add_argument("dir")
    args = p.parse_args()
    if args.cmd == "bench":
        bench(args)
    elif args.cmd == "report":
        report(args)
    else:
        load_and_rank(args)


if __name__ == "__main__":
    main()
