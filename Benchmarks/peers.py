#!/usr/bin/env python3
"""In-process kernel timings for the peer graph libraries on a DocGraph referrals.csv.

Usage:
  peers.py bench CSV --n N [--tools networkx,igraph,networkit,rustworkx] [--exact-max 10000]
                 [--samples 1000] [--nx-sampled-max 10000] [--timeout 600] [--kernels k1,k2,...]
      prints one JSON line per measurement: {"tool","n","kernel","seconds","runs",...}
  peers.py load-and-rank TOOL CSV
      whole-process workload for /usr/bin/time: parse the CSV, build the graph, run PageRank.
  peers.py kernel TOOL KERNEL CSV [--samples K] [--reps R]
      one slow kernel in a child process (used by `bench` to enforce --timeout): prints {"ready"} after
      loading, {"run": seconds} after each run, {"done"} at the end.

Every tool reads the same headerless CMS file (npi1,npi2,pair_count,bene_count,same_day_count, padded counts)
with numpy.loadtxt; the edge weight is bene_count, as in Liaison. "load" = parse CSV + map NPIs to 0..n-1 +
build the tool's directed weighted graph. Fast kernels: median of 3 runs; a kernel whose first run takes more
than 5 s is run once. Exact betweenness and closeness (unweighted, directed) only up to --exact-max experts.

Slow kernels (exact betweenness, exact closeness, sampled betweenness) run in a child process that loads the
graph again and is killed --timeout wall-clock seconds after its load finished (the kernel time only; its
load is not counted). A killed kernel is recorded as seconds null, note "stopped after T s", cap_seconds T:
never extrapolated. Sampled betweenness uses --samples source pivots (networkx k=K, seed=1; NetworKit
EstimateBetweenness); igraph and rustworkx have none.
"""
import argparse
import json
import os
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
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

    def betweenness_sampled(self, k):
        # Brandes–Pich: k uniformly sampled sources, as `liaison rank --samples k`
        return self.nx.betweenness_centrality(self.G, k=k, normalized=True, seed=1)

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

    # no sampled betweenness: betweenness(cutoff=...) bounds the path length, a different measure
    betweenness_sampled = None

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
        # NetworKit's Closeness follows out-edges (distance *to* others); Liaison, networkx, igraph (mode="in")
        # and rustworkx use incoming distances, so closeness runs on the transposed copy
        self.gu_in = nk.graphtools.transpose(self.gu)

    def pagerank(self):
        pr = self.nk.centrality.PageRank(self.g, damp=0.85)
        pr.run()
        return pr

    def betweenness(self):
        b = self.nk.centrality.Betweenness(self.gu, normalized=True)
        b.run()
        return b

    def betweenness_sampled(self, k):
        # Sanders–Geisberger–Schultes: k sampled sources, linearly scaled contributions (O(m) per sample)
        b = self.nk.centrality.EstimateBetweenness(self.gu, k, normalized=False, parallel=True)
        b.run()
        return b

    def closeness(self):
        c = self.nk.centrality.Closeness(self.gu_in, True, self.nk.centrality.ClosenessVariant.GENERALIZED)
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

    betweenness_sampled = None  # rustworkx has no sampled betweenness

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


FAST = ["pagerank", "wcc", "scc", "louvain"]
SLOW = ["closeness", "betweenness", "betweenness_sampled"]  # run in a child process, under the --timeout cap


def kernel_fn(tool, k, samples):
    """The callable for kernel k of a built tool, or None when the tool has no such kernel."""
    fn = getattr(tool, k, None)
    if fn is None:
        return None
    return (lambda: fn(samples)) if k == "betweenness_sampled" else fn


def reps_of(k):
    return 1 if k == "betweenness" else 3


def skip_reason(name, k, n, args):
    """Why kernel k is not run for this tool at this size (None: run it)."""
    if k in ("closeness", "betweenness") and n > args.exact_max:
        return ""  # not part of this size: no line at all
    if name == "networkx" and k in ("betweenness", "closeness") and n > args.nx_exact_max:
        return "skipped: too slow"
    if name == "networkx" and k == "betweenness_sampled" and n > args.nx_sampled_max:
        return "skipped: too slow"
    if getattr(TOOLS[name], k, None) is None:
        if k == "betweenness_sampled":
            return "not available (no sampled betweenness)"
        return "not available"
    return None


def run_capped(args, name, k, reps):
    """Run kernel k of tool `name` in a child process (`peers.py kernel ...`); kill it `args.timeout` seconds
    after its load finished. Returns (load_seconds or None, run times, extra dict, note or None)."""
    cmd = [sys.executable, os.path.abspath(__file__), "kernel", name, k, args.csv, "--samples", str(args.samples),
           "--reps", str(reps)]
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, start_new_session=True)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buf, load_s, runs, done, deadline, note = b"", None, [], False, None, None
    try:
        while not done:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                note = f"stopped after {args.timeout:g} s"
                break
            if not sel.select(wait):
                continue  # the loop test above turns an expired deadline into the note
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break  # child exited
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                try:
                    d = json.loads(line)
                except ValueError:
                    continue
                if "ready" in d:
                    load_s = d["ready"]
                    deadline = time.monotonic() + args.timeout  # the cap counts kernel time only
                elif "run" in d:
                    runs.append(d["run"])
                elif "done" in d:
                    done = True
    finally:
        sel.close()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the child's own session: only what we started
        proc.wait()
        proc.stdout.close()
    if not done and note is None:
        err.seek(0)
        tail = err.read()[-300:].decode(errors="replace").replace("\n", " ")
        note = f"failed (exit {proc.returncode}): {tail}"
    err.close()
    return load_s, runs, note


def bench(args):
    wanted = args.kernels.split(",") if args.kernels else FAST + SLOW
    parsed = None

    def data():
        nonlocal parsed
        if parsed is None:
            t = time.perf_counter()
            parsed = parse_csv(args.csv), time.perf_counter() - t
            (n, src, dst, w), parse_s = parsed
            emit(tool="python", n=args.n, kernel="parse_csv", seconds=parse_s, runs=1, nodes=n, edges=len(src))
        return parsed

    n_nodes = args.n  # experts; every synthetic expert has links, so this is the node count
    for name in args.tools.split(","):
        try:
            kernels = [k for k in wanted if skip_reason(name, k, n_nodes, args) != ""]
            fast = [k for k in kernels if k in FAST and skip_reason(name, k, n_nodes, args) is None]
            slow = [k for k in kernels if k in SLOW and skip_reason(name, k, n_nodes, args) is None]
            for k in kernels:
                why = skip_reason(name, k, n_nodes, args)
                if why:
                    emit(tool=name, n=args.n, kernel=k, seconds=None, runs=0, note=why)
            if fast or "load" in wanted:
                (n, src, dst, w), parse_s = data()
                cls = TOOLS[name]
                t = time.perf_counter()
                tool = cls(n, src, dst, w)
                build_s = time.perf_counter() - t
                emit(tool=name, n=args.n, kernel="load", seconds=parse_s + build_s, runs=1, build_seconds=build_s,
                     version=version(name))
                tool.prep_undirected(n, src, dst, w)  # not timed: undirected/unweighted copies for Louvain etc.
                for k in fast:
                    sec, runs, out = timed(kernel_fn(tool, k, args.samples), reps_of(k))
                    extra = out if k in ("louvain", "wcc", "scc") else {}
                    emit(tool=name, n=args.n, kernel=k, seconds=sec, runs=runs, **extra)
                del tool
            loaded = False
            for k in slow:
                load_s, runs, note = run_capped(args, name, k, reps_of(k))
                if not loaded and load_s is not None and "load" not in wanted and not fast:
                    # no in-process load measured for this tool: report the child's (parse + build)
                    emit(tool=name, n=args.n, kernel="load", seconds=load_s, runs=1, version=version(name),
                         load_where="child process of the first slow kernel")
                    loaded = True
                extra = {"samples": args.samples} if k == "betweenness_sampled" else {}
                if runs:  # a cap hit after some complete runs keeps those runs
                    emit(tool=name, n=args.n, kernel=k, seconds=statistics.median(runs), runs=len(runs), **extra)
                elif note and note.startswith("stopped"):
                    emit(tool=name, n=args.n, kernel=k, seconds=None, runs=0, note=note, cap_seconds=args.timeout,
                         **extra)
                else:
                    emit(tool=name, n=args.n, kernel=k, seconds=None, runs=0, note=note or "failed", **extra)
        except Exception as e:  # a tool failing must not stop the others
            emit(tool=name, n=args.n, kernel="error", seconds=None, runs=0, note=repr(e))


def kernel_child(args):
    """One slow kernel, reporting as it goes so that the parent can stop it at its cap."""
    t = time.perf_counter()
    n, src, dst, w = parse_csv(args.csv)
    tool = TOOLS[args.tool](n, src, dst, w)
    load_s = time.perf_counter() - t
    tool.prep_undirected(n, src, dst, w)  # not timed, as in `bench`
    print(json.dumps({"ready": load_s}), flush=True)
    fn = kernel_fn(tool, args.kernel, args.samples)
    for i in range(args.reps):
        t = time.perf_counter()
        fn()
        s = time.perf_counter() - t
        print(json.dumps({"run": s}), flush=True)
        if s > 5.0:
            break
    print(json.dumps({"done": True}), flush=True)


def load_and_rank(args):
    n, src, dst, w = parse_csv(args.csv)
    tool = TOOLS[args.tool](n, src, dst, w)
    tool.pagerank()


PEERS = ["networkx", "igraph", "networkit", "rustworkx"]
KERNELS = [("load", "load (parse CSV + build graph)"), ("pagerank", "PageRank"),
           ("betweenness", "exact betweenness (unweighted, directed)"),
           ("betweenness_sampled", "sampled betweenness, K = {K} source pivots"),
           ("closeness", "exact closeness"),
           ("louvain", "Louvain (undirected, weighted)"),
           ("communities", "`liaison communities` (Louvain + bridges + leaders: by influence up to 50 000 experts, by PageRank above)"),
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
    out.append("Seconds, median of 3 (exact betweenness: 1 run; any kernel whose first run exceeds 5 s: 1 run; "
               "at 1 M experts: 1 run). Liaison = whole process minus whole-process load-only (`liaison summary`); "
               "peers = in-process kernel time. Ratio = fastest peer / Liaison (> 1: Liaison faster). "
               "— = not run or not available. \"> T\" = the peer was stopped at the wall-clock cap of T s "
               "(`PEER_TIMEOUT`; recorded as stopped, never extrapolated); Liaison is never capped. "
               "Sampled betweenness: Liaison `rank --samples K` and networkx `betweenness_centrality(k=K, seed=1)` "
               "use K uniformly sampled sources (Brandes–Pich), NetworKit `EstimateBetweenness(K)` K sampled "
               "sources with scaled contributions (Sanders–Geisberger–Schultes); igraph and rustworkx have none.\n")
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

        def cap(t, k):
            """The wall-clock cap a peer was stopped at, or None."""
            d = R.get((t, k))
            return d.get("cap_seconds") if d and d.get("seconds") is None else None

        samples = sorted({d["samples"] for d in R.values() if d.get("samples")})
        K = "/".join(str(x) for x in samples) or "?"

        if ("liaison", "wp_load") in R:
            out.append("| kernel | Liaison | " + " | ".join(PEERS) + " | fastest peer / Liaison |")
            out.append("|---|" + "---:|" * (len(PEERS) + 2))
            for k, label in KERNELS:
                lv = liaison(k)
                pv = [peer(t, k) for t in PEERS]
                caps = [cap(t, k) for t in PEERS]
                known = [x for x in pv if x is not None]
                capped = [c for c in caps if c is not None]
                if lv is None and not known and not capped:
                    continue
                ratio = "—"
                if lv is not None and lv <= 0 and (known or capped):
                    ratio = "n/a (Liaison below noise)"
                elif lv is not None and known:
                    # the fastest finished peer is the fastest peer: a capped one took longer than the cap
                    ratio = f"{min(known) / lv:.2f}"
                elif lv is not None and capped:
                    ratio = f"> {min(capped) / lv:.2f}"  # every peer that ran was stopped at the cap
                lvs = fmt(lv) if (lv is None or lv > 0) else "≈ 0 (≤ noise)"
                cells = [fmt(x) if c is None else f"> {c:g}" for x, c in zip(pv, caps)]
                out.append(f"| {label.format(K=K)} | {lvs} | " + " | ".join(cells) + f" | {ratio} |")
            out.append("")
            mods = []
            for t in ["liaison"] + PEERS:
                d = R.get((t, "modularity" if t == "liaison" else "louvain"))
                if d and d.get("modularity") is not None:
                    mods.append(f"{t} {d['modularity']:.4f} ({d.get('communities')} communities)")
            if mods:
                out.append("Modularity (undirected, weighted, γ = 1): " + "; ".join(mods) + "\n")
            lw = {k: R.get(("liaison", "wp_" + k)) for k in ["load", "pagerank", "components", "louvain",
                                                            "communities", "closeness", "betweenness",
                                                            "betweenness_sampled"]}
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
    import scale_report  # the rows of Benchmarks/scale.sh, when it has run
    out += scale_report.section(args.dir)
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
    b.add_argument("--samples", type=int, default=1000, help="source pivots of sampled betweenness (default 1000)")
    b.add_argument("--nx-sampled-max", type=int, default=10000,
                   help="networkx sampled betweenness only up to this many nodes (default 10000)")
    b.add_argument("--timeout", type=float, default=600,
                   help="wall-clock cap in seconds of each slow kernel (exact/sampled betweenness, exact closeness), "
                        "counted after its load; a stopped kernel is recorded as null, never extrapolated")
    b.add_argument("--kernels", default="",
                   help="comma-separated subset of " + ",".join(FAST + SLOW) + " (default: all)")
    r = sub.add_parser("load-and-rank")
    r.add_argument("tool")
    r.add_argument("csv")
    kc = sub.add_parser("kernel")
    kc.add_argument("tool", choices=sorted(TOOLS))
    kc.add_argument("kernel", choices=SLOW + FAST)
    kc.add_argument("csv")
    kc.add_argument("--samples", type=int, default=1000)
    kc.add_argument("--reps", type=int, default=1)
    rp = sub.add_parser("report")
    rp.add_argument("dir")
    args = p.parse_args()
    if args.cmd == "bench":
        bench(args)
    elif args.cmd == "report":
        report(args)
    elif args.cmd == "kernel":
        kernel_child(args)
    else:
        load_and_rank(args)


if __name__ == "__main__":
    main()
