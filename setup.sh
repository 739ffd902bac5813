#!/usr/bin/env bash
# One command on a fresh Debian/Ubuntu machine with Swift 6: installs the Graphviz C libraries if
# missing, builds Liaison (release), and runs the main job on the bundled demo network:
# the key experts, a map and the quarterly report.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists libgvc 2>/dev/null || missing+=(libgraphviz-dev graphviz)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
pkg-config --exists libpng 2>/dev/null || missing+=(libpng-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

echo "==> building liaison (release)"
swift build -c release --product liaison
bin="$(swift build -c release --show-bin-path)/liaison"

mkdir -p out
echo "==> key experts of the demo network"
"$bin" rank --top 15
echo
"$bin" render --out out/belgian-hematology.svg
"$bin" report --out out/liaison-report.html
echo "==> the quarterly report: out/liaison-report.html (open it in a browser); the map: out/belgian-hematology.svg"
echo "    the binary is $bin — try: $bin --help"
