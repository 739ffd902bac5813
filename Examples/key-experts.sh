#!/usr/bin/env bash
# Key experts of a network, as a manager would use them: the ranking, a CSV for the CRM team, a map of the
# whole network and one of the top expert's neighbourhood.
#
#   Examples/key-experts.sh                 # the bundled demo
#   Examples/key-experts.sh path/to/dataset # your own dataset folder
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
swift build -c release --product liaison --package-path "$here" >/dev/null
liaison="$(swift build -c release --show-bin-path --package-path "$here")/liaison"
dataset=("$@")
out="${OUT:-$here/out}"
mkdir -p "$out"

"$liaison" summary "${dataset[@]}"
echo
"$liaison" rank "${dataset[@]}" --top 10
"$liaison" rank "${dataset[@]}" --all --format csv > "$out/key-experts.csv"
echo "wrote $out/key-experts.csv"

"$liaison" render "${dataset[@]}" --out "$out/network.svg"
top=$("$liaison" rank "${dataset[@]}" --top 1 --format csv --columns id | tail -n 1)
"$liaison" render "${dataset[@]}" --focus "$top" --depth 1 --format png --out "$out/top-expert.png"
echo "wrote $out/network.svg and $out/top-expert.png (neighbourhood of $top)"
