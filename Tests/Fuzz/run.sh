#!/usr/bin/env bash
# Builds Liaison's libFuzzer targets (Swift with -sanitize=fuzzer,address) and runs each for a bounded
# time, starting from the seed corpus in Tests/Fuzz/corpus/. Crashing inputs land in Tests/Fuzz/crashes/;
# the script exits 1 when any target crashed. Usage: Tests/Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(FuzzCSV FuzzPeriod FuzzNodeLinkJSON FuzzGraphML FuzzEdgeList FuzzDOT); fi
declare -A corpus=([FuzzCSV]=csv [FuzzPeriod]=period [FuzzNodeLinkJSON]=json [FuzzGraphML]=graphml [FuzzEdgeList]=edges [FuzzDOT]=dot)

swift build --scratch-path .build-fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
  | grep -v "Cannot export local symbol" | tail -2
bin="$(swift build --scratch-path .build-fuzz -c debug --show-bin-path)"
mkdir -p crashes
status=0
for t in "${targets[@]}"; do
  work="$(mktemp -d)"
  echo "== $t: ${seconds}s from corpus/${corpus[$t]}"
  if ! ASAN_OPTIONS=detect_leaks=0 "$bin/$t" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 \
       -artifact_prefix="crashes/$t-" "$work" "corpus/${corpus[$t]}" > "crashes/$t.log" 2>&1; then
    echo "   CRASH: see Tests/Fuzz/crashes/$t.log and crashes/$t-*"; status=1
  else
    tail -1 "crashes/$t.log" | sed 's/^/   /'
    rm -f "crashes/$t.log"
  fi
  rm -rf "$work"
done
exit $status
