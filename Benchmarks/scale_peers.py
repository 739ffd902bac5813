#!/usr/bin/env python3
"""Peers of Benchmarks/scale.sh, each a whole process for /usr/bin/time, on a Liaison dataset folder
(`liaison synth --format liaison`: experts.csv, institutions.csv, referrals.csv source,target,patients,period,
interactions.csv, plan.csv).

Usage:
  scale_peers.py pyarrow-read DIR
      pyarrow.csv.read_csv (multithreaded C++) of every CSV file `liaison summary` reads in DIR; prints the
      row counts to stdout.
  scale_peers.py pyarrow-read-cms FILE
      pyarrow.csv.read_csv of a CMS shared-patient file without header (npi1,npi2,pair_count,bene_count,
      same_day_count; `liaison synth --format docgraph`); prints its row count.
  scale_peers.py folder-rank TOOL DIR
      the job of `liaison rank DIR --metric pagerank --columns id,pagerank --all --format csv` scripted with TOOL
      (igraph, networkit or rustworkx from peers.py): experts.csv and referrals.csv read with pyarrow (the
      fastest CSV reader Python has), ids mapped to 0..n-1, self-referrals dropped, rows of the same pair summed,
      the directed graph weighted by patients built, PageRank (alpha 0.85), and one id,pagerank row per expert
      written as CSV to stdout (pyarrow.csv.write_csv), highest first.
"""
import os
import sys

import numpy as np

FILES = ["experts.csv", "institutions.csv", "referrals.csv", "collaborations.csv", "interactions.csv", "plan.csv",
         "liaisons.csv"]


def pyarrow_read(folder):
    import pyarrow.csv as pv
    for name in FILES:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            t = pv.read_csv(path)
            print(f"{name}: {t.num_rows} rows")


def pyarrow_read_cms(path):
    import pyarrow.csv as pv
    t = pv.read_csv(path, read_options=pv.ReadOptions(autogenerate_column_names=True))
    print(f"{os.path.basename(path)}: {t.num_rows} rows")


def folder_rank(tool, folder):
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv
    from peers import TOOLS
    ids = pv.read_csv(os.path.join(folder, "experts.csv"),
                      convert_options=pv.ConvertOptions(include_columns=["id"])).column("id")
    refs = pv.read_csv(os.path.join(folder, "referrals.csv"),
                       convert_options=pv.ConvertOptions(include_columns=["source", "target", "patients"],
                                                         column_types={"patients": pa.int64()}))
    n = len(ids)
    src = pc.index_in(refs.column("source"), value_set=ids).to_numpy(zero_copy_only=False)
    dst = pc.index_in(refs.column("target"), value_set=ids).to_numpy(zero_copy_only=False)
    w = refs.column("patients").to_numpy().astype(np.float64)
    del refs
    keep = src != dst
    src, dst, w = src[keep].astype(np.int64), dst[keep].astype(np.int64), w[keep]
    key = src * n + dst
    ukey, inv = np.unique(key, return_inverse=True)
    if len(ukey) != len(key):  # rows of the same pair (other periods) summed, as Liaison does
        w = np.bincount(inv, weights=w)
        src, dst = ukey // n, ukey % n
    del key, ukey, inv
    g = TOOLS[tool](n, src, dst, w)
    r = g.pagerank()
    if hasattr(r, "scores"):  # NetworKit
        r = r.scores()
    elif hasattr(r, "keys"):  # rustworkx, networkx: node -> value
        r = [r[i] for i in range(n)]
    pr = np.asarray(r, dtype=np.float64)
    order = np.argsort(-pr, kind="stable")
    out = pa.table({"id": ids.take(pa.array(order)), "pagerank": pa.array(pr[order])})
    pv.write_csv(out, pa.output_stream(sys.stdout.buffer))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "pyarrow-read":
        pyarrow_read(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "pyarrow-read-cms":
        pyarrow_read_cms(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "folder-rank":
        folder_rank(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
