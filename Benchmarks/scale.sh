#!/usr/bin/env bash
# National scale and regional speed (issue 16): whole processes, each row against its peer in the same run.
#
#   Benchmarks/scale.sh          # or: Benchmarks/run.sh scale
#
# Rows (median of RUNS whole-process runs, /usr/bin/time: wall seconds and peak RSS):
#   load        liaison summary NAT --no-cache            vs  pyarrow read_csv of the same CSV files (scale_peers.py)
#   load_cms    liaison summary CMS --no-cache            vs  pyarrow read_csv of the same headerless CMS file
#   rank        liaison rank NAT --metric pagerank --columns id,pagerank --all --format csv --no-cache
#                                                          vs  the same job scripted with PEERS (scale_peers.py folder-rank)
#   cached      the same summary and rank with the snapshot cache warm (LIAISON_CACHE_DIR=$BENCH_TMP/cache,
#               one run before to write the snapshot, recorded as "first")
#   demo        every command on the bundled 300-expert demo
#   regional    report, gaps, coverage on REG (100 000 experts, ~1 M referral links), parsed (--no-cache); with
#               REGIONAL_CACHED=1 also from the snapshot and the stored path scores (paths_first: the run
#               that computes and stores them). `report` runs REPORT_RUNS times (default 1: one run took
#               minutes at 100 000 experts on 2 shared cores, all of it computing, not loading)
# NAT = `liaison synth --experts 1000000 --seed 1` (a dataset folder), CMS = the referrals.csv of `liaison synth
# --experts 1000000 --seed 1 --format docgraph` (a CMS shared-patient file, no experts.csv), REG = `liaison synth
# --experts 100000 --links 10 --seed 1`, all under $BENCH_TMP.
#
# Env: PYTHON (python3), BENCH_TMP (/tmp/liaison-bench), RUNS (3), NATIONAL (1000000), REGIONAL (100000),
# REGIONAL_LINKS (10), REPORT_RUNS (1), REGIONAL_CACHED (0), PEERS ("igraph"; any of igraph networkit rustworkx), LIAISON / LIAISON_LABEL, SKIP_BUILD=1.
# Raw lines go to Benchmarks/results/scale.jsonl (replaced each run); Benchmarks/results.md is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-python3}
TMP=${BENCH_TMP:-/tmp/liaison-bench}
RUNS=${RUNS:-3}
NATIONAL=${NATIONAL:-1000000}
REGIONAL=${REGIONAL:-100000}
REGIONAL_LINKS=${REGIONAL_LINKS:-10}
PEERS=${PEERS:-igraph}
REPORT_RUNS=${REPORT_RUNS:-1}
REGIONAL_CACHED=${REGIONAL_CACHED:-0}
OUT=$ROOT/Benchmarks/results
RAW=$OUT/scale.jsonl
mkdir -p "$OUT" "$TMP"

source "$ROOT/Benchmarks/common.sh"
pick_liaison " (release)"

NAT=$TMP/d$NATIONAL
REG=$TMP/d${REGIONAL}x$REGIONAL_LINKS
[ -s "$NAT/referrals.csv" ] || "$LIAISON" synth --experts "$NATIONAL" --seed 1 --out "$NAT" --force --quiet
CMS=$TMP/g$NATIONAL/referrals.csv
[ -s "$CMS" ] || "$LIAISON" synth --experts "$NATIONAL" --seed 1 --format docgraph --out "$TMP/g$NATIONAL" --force --quiet
[ -s "$REG/referrals.csv" ] || "$LIAISON" synth --experts "$REGIONAL" --links "$REGIONAL_LINKS" --seed 1 --out "$REG" --force --quiet
WORK=$(mktemp -d "$TMP/work.XXXXXX")
export LIAISON_CACHE_DIR=$TMP/cache
rm -rf "$LIAISON_CACHE_DIR"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
dataset_line() {  # name dir
  local rows bytes
  rows=$(($(wc -l < "$2/referrals.csv") - 1))
  bytes=$(cat "$2"/*.csv | wc -c)
  echo "{\"kind\":\"dataset\",\"name\":\"$1\",\"path\":\"$2\",\"experts\":$(($(wc -l < "$2/experts.csv") - 1)),\"referral_rows\":$rows,\"csv_bytes\":$bytes,\"referrals_bytes\":$(stat -c %s "$2/referrals.csv"),\"experts_bytes\":$(stat -c %s "$2/experts.csv")}"
}
{
  echo "{\"kind\":\"machine\",\"date\":\"$(date -u +%FT%TZ)\",\"nproc\":$(nproc),"\
"\"cpu\":\"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\",\"mem\":\"$(free -h | awk '/^Mem:/{print $2}')\","\
"\"swift\":\"$(swift --version 2>&1 | head -1 | sed 's/"/\\"/g')\",\"git\":\"$LABEL\","\
"\"python\":\"$($PY -c 'import sys; print(sys.version.split()[0])')\","\
"\"peers\":\"$($PY -c 'import pyarrow, igraph, networkit, rustworkx; print("pyarrow", pyarrow.__version__, "igraph", igraph.__version__, "networkit", networkit.__version__, "rustworkx", rustworkx.__version__)')\","\
"\"runs\":$RUNS,\"loadavg_start\":\"$(loadavg)\"}"
  dataset_line national "$NAT"
  dataset_line regional "$REG"
  echo "{\"kind\":\"cms_file\",\"path\":\"$CMS\",\"rows\":$(wc -l < "$CMS"),\"bytes\":$(stat -c %s "$CMS")}"
} > "$RAW"

# measure ROW TOOL RUNS cmd...: median, min, max wall seconds and the largest peak RSS of RUNS runs; one JSON line
measure() {
  local row=$1 tool=$2 runs=$3; shift 3
  local ts=() rss=0 f la
  f=$(mktemp)
  la=$(loadavg)
  for ((i = 0; i < runs; i++)); do
    if ! (cd "$WORK" && /usr/bin/time -f "%e %M" -o "$f" "$@" > /dev/null 2> "$f.err"); then
      echo "{\"row\":\"$row\",\"tool\":\"$tool\",\"seconds\":null,\"runs\":0,\"note\":\"failed: $(tail -c 300 "$f.err" | tr -d '\n"\\')\"}" | tee -a "$RAW" >&2
      rm -f "$f" "$f.err"; return 0
    fi
    read -r s m < <(tail -1 "$f")
    ts+=("$s"); ((m > rss)) && rss=$m
  done
  rm -f "$f" "$f.err"
  local sorted med
  sorted=$(printf '%s\n' "${ts[@]}" | sort -g)
  med=$(echo "$sorted" | awk '{a[NR]=$1} END{print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')
  echo "{\"row\":\"$row\",\"tool\":\"$tool\",\"seconds\":$med,\"min\":$(echo "$sorted" | head -1),\"max\":$(echo "$sorted" | tail -1),\"runs\":$runs,\"rss_kb\":$rss,\"all\":\"${ts[*]}\",\"loadavg\":\"$la\",\"command\":\"$(echo "$*" | sed "s|$LIAISON|liaison|g; s|$ROOT/||g; s|$WORK|\$WORK|g; s|$TMP|\$BENCH_TMP|g; s|\"|'|g")\"}" | tee -a "$RAW" >&2
}

L=$LIAISON
echo "== national load ($NAT)" >&2
measure load liaison "$RUNS" "$L" summary "$NAT" --no-cache --quiet
measure load pyarrow "$RUNS" "$PY" "$ROOT/Benchmarks/scale_peers.py" pyarrow-read "$NAT"
echo "== national load, a CMS file ($CMS)" >&2
measure load_cms liaison "$RUNS" "$L" summary "$CMS" --no-cache --quiet
measure load_cms pyarrow "$RUNS" "$PY" "$ROOT/Benchmarks/scale_peers.py" pyarrow-read-cms "$CMS"

echo "== national rank by PageRank" >&2
measure rank liaison "$RUNS" "$L" rank "$NAT" --metric pagerank --columns id,pagerank --all --format csv --no-cache --quiet
for t in $PEERS; do
  measure rank "$t" "$RUNS" "$PY" "$ROOT/Benchmarks/scale_peers.py" folder-rank "$t" "$NAT"
done

echo "== national, snapshot cache ($LIAISON_CACHE_DIR)" >&2
measure cached_first liaison 1 "$L" summary "$NAT" --quiet
measure cached_load liaison "$RUNS" "$L" summary "$NAT" --quiet
measure cached_rank liaison "$RUNS" "$L" rank "$NAT" --metric pagerank --columns id,pagerank --all --format csv --quiet

echo "== demo commands" >&2
DEMO_EXPERT=$(sed -n 2p "$ROOT/Graphs/belgian-hematology/experts.csv" | cut -d, -f1)
measure demo:summary liaison "$RUNS" "$L" summary
measure demo:validate liaison "$RUNS" "$L" validate
measure demo:rank liaison "$RUNS" "$L" rank
measure demo:communities liaison "$RUNS" "$L" communities
measure demo:coverage liaison "$RUNS" "$L" coverage
measure demo:gaps liaison "$RUNS" "$L" gaps
measure demo:compare liaison "$RUNS" "$L" compare 2026Q3 2026Q4
measure demo:plan liaison "$RUNS" "$L" plan
measure demo:trips liaison "$RUNS" "$L" trips
measure demo:board liaison "$RUNS" "$L" board --size 8
measure demo:matches liaison "$RUNS" "$L" matches
measure demo:sites liaison "$RUNS" "$L" sites
measure demo:referrers liaison "$RUNS" "$L" referrers "$DEMO_EXPERT"
measure demo:render liaison "$RUNS" "$L" render --out "$WORK/demo.svg"
measure demo:render-png liaison "$RUNS" "$L" render --out "$WORK/demo.png"
measure demo:report liaison "$RUNS" "$L" report --out "$WORK/demo.html"
rm -f "$WORK/demo.sqlite"
measure demo:import liaison 1 "$L" import "$ROOT/Graphs/belgian-hematology" --into "$WORK/demo.sqlite"
measure demo:history liaison "$RUNS" "$L" history "$WORK/demo.sqlite"
measure demo:export liaison "$RUNS" "$L" export "$WORK/demo.sqlite" --out "$WORK/export"

echo "== regional ($REG)" >&2
for c in gaps coverage; do
  measure "regional:$c" liaison "$RUNS" "$L" "$c" "$REG" --no-cache --quiet
done
measure regional:report liaison "$REPORT_RUNS" "$L" report "$REG" --out "$WORK/reg.html" --no-cache --quiet
if [ "$REGIONAL_CACHED" = 1 ]; then
  measure regional:cache_first liaison 1 "$L" summary "$REG" --quiet
  # The first gaps searches the network's shortest paths and stores betweenness and closeness beside the
  # snapshot; the rows after it read both (as a user's second and later commands on unchanged data do).
  measure regional:paths_first liaison 1 "$L" gaps "$REG" --quiet
  for c in gaps coverage; do
    measure "regional_cached:$c" liaison "$RUNS" "$L" "$c" "$REG" --quiet
  done
  measure regional_cached:report liaison "$REPORT_RUNS" "$L" report "$REG" --out "$WORK/reg.html" --quiet
fi

"$PY" - "$RAW" <<'EOF'
import json, sys
p = sys.argv[1]
lines = open(p).read().splitlines()
m = json.loads(lines[0])
m["loadavg_end"] = " ".join(open("/proc/loadavg").read().split()[:3])
lines[0] = json.dumps(m)
open(p, "w").write("\n".join(lines) + "\n")
EOF
rm -rf "$WORK"
"$PY" Benchmarks/peers.py report "$OUT" > Benchmarks/results.md
sed -n '/^## National scale/,$p' Benchmarks/results.md
