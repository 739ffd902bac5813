#!/usr/bin/env bash
# Liaison vs networkx / igraph / NetworKit / rustworkx on the same synthetic DocGraph referrals.csv.
#
#   Benchmarks/run.sh                 # sizes 10000 100000 (default)
#   Benchmarks/run.sh 1000000         # sizes >= 1000000: only the "load and rank (PageRank)" row
#   SAMPLED_1M=1 Benchmarks/run.sh 1000000      # ... plus load + sampled betweenness (Liaison vs NetworKit)
#   EXACT_MAX=100000 Benchmarks/run.sh 100000   # exact betweenness/closeness at 100k, peers capped
#   Benchmarks/run.sh scale           # national scale (1 M-expert folder) vs pyarrow and igraph, the snapshot
#                                     # cache, every demo command, regional report/gaps/coverage: Benchmarks/scale.sh
#
# Env: PYTHON (default python3), BENCH_TMP (graphs, default /tmp/liaison-bench), EXACT_MAX (largest size for
# exact betweenness/closeness, default 10000), LIAISON (prebuilt binary; LIAISON_LABEL describes it),
# NX_EXACT_MAX (networkx exact betweenness/closeness, default 0 = never: it takes many minutes at 10k),
# SAMPLES (source pivots of the sampled-betweenness row, default 1000), NX_SAMPLED_MAX (networkx sampled
# betweenness up to this size, default 10000), PEER_TIMEOUT (wall-clock cap in seconds of each peer's slow
# kernel: exact betweenness, exact closeness, sampled betweenness; counted after the peer's load; default 600;
# a stopped peer is recorded as seconds null, note "stopped after T s", shown as "> T", never extrapolated;
# Liaison is not capped), SAMPLED_1M (1 = also load + sampled betweenness at sizes >= 1M; default 0: estimated
# 12-20 min more at 1M on 2 cores, Liaison several minutes and NetworKit stopped at PEER_TIMEOUT),
# PEERS_1M (tools for the 1M rows, default "igraph networkit rustworkx"), SKIP_BUILD=1.
# Raw measurements (one JSON line each) go to Benchmarks/results/raw-<N>.jsonl; the table to
# Benchmarks/results.md (rebuilt from every raw file present).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = scale ] && exec Benchmarks/scale.sh
ROOT=$PWD
PY=${PYTHON:-python3}
TMP=${BENCH_TMP:-/tmp/liaison-bench}
EXACT_MAX=${EXACT_MAX:-10000}
NX_EXACT_MAX=${NX_EXACT_MAX:-0}
SAMPLES=${SAMPLES:-1000}
NX_SAMPLED_MAX=${NX_SAMPLED_MAX:-10000}
PEER_TIMEOUT=${PEER_TIMEOUT:-600}
SAMPLED_1M=${SAMPLED_1M:-0}
PEERS_1M=${PEERS_1M:-"igraph networkit rustworkx"}
OUT=$ROOT/Benchmarks/results
mkdir -p "$OUT" "$TMP"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000)

# LIAISON=/path/to/liaison uses a prebuilt binary and skips the build (Benchmarks/common.sh)
source "$ROOT/Benchmarks/common.sh"
pick_liaison

# --- machine line and load average at start (end added at the end)
TAG=$(IFS=-; echo "${SIZES[*]}")
MACHINE=$OUT/machine-$TAG.json
{
  echo "{\"kind\":\"machine\",\"date\":\"$(date -u +%FT%TZ)\",\"nproc\":$(nproc),"\
"\"cpu\":\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\","\
"\"mem\":\"$(free -h | awk '/^Mem:/{print $2}')\","\
"\"swift\":\"$(swift --version 2>&1 | head -1 | sed 's/"/\\"/g')\","\
"\"git\":\"$LABEL\","\
"\"sizes\":\"$TAG\",\"loadavg_start\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
} > "$MACHINE"

# whole-process measurement: median wall seconds of 3 runs, max peak RSS; prints a JSON line
# usage: measure TOOL N KERNEL RUNS cmd...
measure() {
  local tool=$1 n=$2 kernel=$3 runs=$4; shift 4
  local ts=() rss=0 f
  f=$(mktemp)
  for ((i = 0; i < runs; i++)); do
    if ! /usr/bin/time -f "%e %M" -o "$f" "$@" > /dev/null 2> "$f.err"; then
      echo "{\"tool\":\"$tool\",\"n\":$n,\"kernel\":\"$kernel\",\"seconds\":null,\"runs\":0,\"note\":\"failed: $(tail -c 300 "$f.err" | tr -d '\n"\\' )\"}"
      rm -f "$f" "$f.err"; return 0
    fi
    read -r s m < <(tail -1 "$f")
    ts+=("$s"); ((m > rss)) && rss=$m
  done
  rm -f "$f" "$f.err"
  local med
  med=$(printf '%s\n' "${ts[@]}" | sort -g | awk '{a[NR]=$1} END{print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')
  echo "{\"tool\":\"$tool\",\"n\":$n,\"kernel\":\"$kernel\",\"seconds\":$med,\"runs\":$runs,\"rss_kb\":$rss,\"mode\":\"whole-process\",\"all\":\"${ts[*]}\"}"
}

for N in "${SIZES[@]}"; do
  D=$TMP/g$N
  RAW=$OUT/raw-$N.jsonl
  : > "$RAW"
  echo "== $N experts: synth" >&2
  if [ ! -s "$D/referrals.csv" ]; then
    "$LIAISON" synth --experts "$N" --seed 1 --format docgraph --out "$D" --force >&2
  fi
  CSV=$D/referrals.csv
  echo "{\"kind\":\"graph\",\"n\":$N,\"rows\":$(wc -l < "$CSV"),\"bytes\":$(stat -c %s "$CSV")}" >> "$RAW"
  echo "{\"kind\":\"config\",\"n\":$N,\"samples\":$SAMPLES,\"peer_timeout\":$PEER_TIMEOUT,\"exact_max\":$EXACT_MAX}" >> "$RAW"

  # ---- the load-and-rank row (whole process, every tool)
  echo "== $N: load and rank, whole process" >&2
  measure liaison "$N" load_and_rank 3 "$LIAISON" rank "$D" --columns id,pagerank --metric pagerank --format csv --quiet | tee -a "$RAW" >&2
  if ((N >= 1000000)); then PEERS="$PEERS_1M"; else PEERS="networkx igraph networkit rustworkx"; fi
  for t in $PEERS; do
    reps=3; ((N >= 1000000)) && reps=1
    measure "$t" "$N" load_and_rank $reps "$PY" Benchmarks/peers.py load-and-rank "$t" "$CSV" | tee -a "$RAW" >&2
  done
  if ((N >= 1000000)); then
    # ---- sampled betweenness only (the other kernels do not fit the time box at this size); 1 run each
    if [ "$SAMPLED_1M" = 1 ]; then
      echo "== $N: liaison load + sampled betweenness (K = $SAMPLES)" >&2
      {
        measure liaison "$N" wp_load 3 "$LIAISON" summary "$D" --quiet
        measure liaison "$N" wp_betweenness_sampled 1 "$LIAISON" rank "$D" --columns id,betweenness --metric betweenness --samples "$SAMPLES" --format csv --quiet
      } | tee -a "$RAW" >&2
      echo "== $N: peers, sampled betweenness" >&2
      "$PY" Benchmarks/peers.py bench "$CSV" --n "$N" --tools "$(echo $PEERS_1M | tr ' ' ',')" \
        --kernels betweenness_sampled --samples "$SAMPLES" --nx-sampled-max "$NX_SAMPLED_MAX" \
        --timeout "$PEER_TIMEOUT" | tee -a "$RAW" >&2
    fi
    continue
  fi

  # ---- Liaison kernels: whole process minus load-only (median of 3 each)
  echo "== $N: liaison kernels" >&2
  {
    measure liaison "$N" wp_load 3 "$LIAISON" summary "$D" --quiet
    measure liaison "$N" wp_pagerank 3 "$LIAISON" rank "$D" --columns id,pagerank --metric pagerank --format csv --quiet
    measure liaison "$N" wp_components 3 "$LIAISON" rank "$D" --columns id,wcc,scc --metric in-strength --format csv --quiet
    measure liaison "$N" wp_louvain 3 "$LIAISON" rank "$D" --columns id,community --metric in-strength --format csv --quiet
    measure liaison "$N" wp_communities 3 "$LIAISON" communities "$D" --format json --quiet
    measure liaison "$N" wp_betweenness_sampled 3 "$LIAISON" rank "$D" --columns id,betweenness --metric betweenness --samples "$SAMPLES" --format csv --quiet
    if ((N <= EXACT_MAX)); then
      # exact closeness: 3 runs up to 10k, 1 above (minutes per run); exact betweenness: 1 run. Never capped.
      creps=3; ((N > 10000)) && creps=1
      measure liaison "$N" wp_closeness $creps "$LIAISON" rank "$D" --columns id,closeness --metric closeness --exact --format csv --quiet
      measure liaison "$N" wp_betweenness 1 "$LIAISON" rank "$D" --columns id,betweenness --metric betweenness --exact --format csv --quiet
    fi
  } | tee -a "$RAW" >&2
  # modularity as Liaison reports it
  "$LIAISON" communities "$D" --format json --quiet 2>/dev/null \
    | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"tool":"liaison","n":'"$N"',"kernel":"modularity","modularity":d.get("modularity"),"communities":d.get("community_count")}))' \
    | tee -a "$RAW" >&2 || true

  # ---- peers, in-process
  echo "== $N: peers" >&2
  "$PY" Benchmarks/peers.py bench "$CSV" --n "$N" --exact-max "$EXACT_MAX" --nx-exact-max "$NX_EXACT_MAX" \
    --samples "$SAMPLES" --nx-sampled-max "$NX_SAMPLED_MAX" --timeout "$PEER_TIMEOUT" | tee -a "$RAW" >&2
done

"$PY" - "$MACHINE" <<'EOF'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["loadavg_end"] = " ".join(open("/proc/loadavg").read().split()[:3])
json.dump(d, open(p, "w"))
EOF
"$PY" Benchmarks/peers.py report "$OUT" > Benchmarks/results.md
cat Benchmarks/results.md
