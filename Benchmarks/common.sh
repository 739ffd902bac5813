# Sourced by Benchmarks/run.sh and Benchmarks/scale.sh (from the repository root): sets LIAISON, the binary
# measured, and LABEL, what it was built from. LIAISON=/path/to/liaison uses a prebuilt binary (e.g. one
# built from a snapshot of the tree; LIAISON_LABEL describes it); otherwise the release build in
# .build-bench, built first unless SKIP_BUILD=1. $1 is appended to a label made here.
pick_liaison() {
  if [ -n "${LIAISON:-}" ]; then
    LABEL=${LIAISON_LABEL:-"prebuilt $LIAISON"}
  else
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
      swift build -c release --product liaison --scratch-path .build-bench >&2
    fi
    LIAISON=$PWD/.build-bench/release/liaison
    LABEL="$(git rev-parse --short HEAD)$(git diff --quiet -- Sources || echo ' + uncommitted changes')${1:-}"
  fi
}
