#!/usr/bin/env bash
# How close sampled betweenness, closeness, influence and tiers come to the exact values, and what fewer
# sources would cost: `liaison rank --exact` against `--samples K --seed S` on the 100 000-expert regional
# folder of Benchmarks/scale.sh (synthesised if absent), every expert, one run each. Not a timing benchmark:
# the exact run takes 6-12 minutes on 2 cores; the sampled ones a few seconds.
#
#   Benchmarks/sampling_accuracy.sh                 # K = 300 and 1000, seeds 1 and 2
#   SAMPLES="250 500 1000" SEEDS="1 2 3" Benchmarks/sampling_accuracy.sh
#
# Env: BENCH_TMP (/tmp/liaison-bench), REGIONAL (100000), REGIONAL_LINKS (10), SAMPLES, SEEDS, PYTHON,
# LIAISON / LIAISON_LABEL, SKIP_BUILD=1. Prints a Markdown table (Benchmarks/sampling_accuracy.py) and keeps
# the CSV files under $BENCH_TMP/sampling.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
TMP=${BENCH_TMP:-/tmp/liaison-bench}
REGIONAL=${REGIONAL:-100000}
REGIONAL_LINKS=${REGIONAL_LINKS:-10}
SAMPLES=${SAMPLES:-"300 1000"}
SEEDS=${SEEDS:-"1 2"}
source Benchmarks/common.sh
pick_liaison " (release)"
REG=$TMP/d${REGIONAL}x$REGIONAL_LINKS
OUT=$TMP/sampling
mkdir -p "$OUT"
[ -s "$REG/referrals.csv" ] || "$LIAISON" synth --experts "$REGIONAL" --links "$REGIONAL_LINKS" --seed 1 --out "$REG" --force --quiet
COLS=id,pagerank,betweenness,closeness,in_strength,influence,tier
files=()
for k in $SAMPLES; do
  for s in $SEEDS; do
    echo "== --samples $k --seed $s" >&2
    "$LIAISON" rank "$REG" --no-cache --quiet --samples "$k" --seed "$s" --all --columns $COLS --format csv > "$OUT/k$k-s$s.csv"
    files+=("$OUT/k$k-s$s.csv")
  done
done
if [ ! -s "$OUT/exact.csv" ] || [ "$OUT/exact.csv" -ot "$LIAISON" ] || [ "$OUT/exact.csv" -ot "$REG/referrals.csv" ]; then
  echo "== --exact (several minutes)" >&2
  /usr/bin/time -f "exact: %e s" "$LIAISON" rank "$REG" --no-cache --quiet --exact --all --columns $COLS --format csv > "$OUT/exact.tmp"
  mv "$OUT/exact.tmp" "$OUT/exact.csv"
fi
echo "$LABEL, $(date -u +%FT%TZ), $REG" >&2
"$PY" Benchmarks/sampling_accuracy.py "$OUT/exact.csv" "${files[@]}"
