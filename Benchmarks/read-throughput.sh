#!/usr/bin/env bash
# In-process reading throughput of Liaison's referral loader on the benchmark graphs (see
# Benchmarks/ReadThroughput): median of RUNS loads, in MB/s of CSV, without process start-up or output.
#
#   Benchmarks/read-throughput.sh                 # sizes 100000 1000000, 3 runs each
#   RUNS=5 Benchmarks/read-throughput.sh 1000000
# Env: BENCH_TMP (graphs, default /tmp/liaison-bench; made with `liaison synth` if missing), RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
TMP=${BENCH_TMP:-/tmp/liaison-bench}
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100000 1000000)
swift build -c release --package-path Benchmarks/ReadThroughput --scratch-path .build-readbench >&2
BIN=.build-readbench/release/ReadThroughput
for N in "${SIZES[@]}"; do
  if [ ! -s "$TMP/g$N/referrals.csv" ]; then
    swift build -c release --product liaison --scratch-path .build-bench >&2
    .build-bench/release/liaison synth --experts "$N" --seed 1 --format docgraph --out "$TMP/g$N" --force >&2
  fi
  echo "== $N experts ($(cut -d' ' -f1-3 /proc/loadavg) load average)" >&2
  "$BIN" "$TMP/g$N/referrals.csv" "$RUNS"
done
