#!/usr/bin/env bash
# Liaison on networks nobody here made (../shared/data, see its README): the CKM physicians (a layered
# edge list with a node file), the New York primary-care → cardiology referral network (D3 node-link
# JSON) and real CMS shared-patient rows (DocGraph). Prints what it finds and checks what is known
# about each; exits 1 when a check fails. Skips (exit 0) when the data folder is absent.
#
#   Examples/real-networks.sh                      # builds liaison (release) and runs
#   LIAISON=path/to/liaison Examples/real-networks.sh
#   DATA=path/to/shared/data Examples/real-networks.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${DATA:-$here/../shared/data}"
if [ ! -d "$data" ]; then
  echo "real-networks: $data is absent; skipped"
  exit 0
fi
if [ -n "${LIAISON:-}" ]; then
  liaison="$LIAISON"
else
  swift build -c release --product liaison --package-path "$here" >/dev/null
  liaison="$(swift build -c release --show-bin-path --package-path "$here")/liaison"
fi

failures=0
check() {   # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then
    echo "  ok: $1 = $3"
  else
    echo "  FAILED: $1: expected $2, got $3"
    failures=$((failures + 1))
  fi
}
# Tables below print counts of 1–10 (nominations, degrees), which are not patient counts: --min-cell 0.
rank() { "$liaison" rank "$@" --min-cell 0 --quiet; }

# ---------------------------------------------------------------------------------------------------
ckm_dir="$data/ckm-physicians-innovation"
ckm="$ckm_dir/CKM-Physicians-Innovation_multiplex.edges"
if [ -f "$ckm" ]; then
  echo "== CKM physicians: Coleman, Katz & Menzel, 'Medical Innovation' (4 Illinois towns, 3 layers)"
  "$liaison" summary "$ckm" --layer advice --quiet
  # The most-nominated physicians of each layer: in_degree = colleagues naming them.
  most() {   # most LAYER → "ids count"
    rank "$ckm" --layer "$1" --all --format csv --columns id,in_degree |
      awk -F, 'NR > 1 { d[$1] = $2; if ($2 + 0 > m) m = $2 + 0 }
               END { s = ""; for (i in d) if (d[i] + 0 == m) s = s (s == "" ? "" : " ") i; print s, m }' |
      awk '{ c = $NF; $NF = ""; n = split($0, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
             if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
             s = ""; for (i = 1; i <= n; i++) s = s (i > 1 ? "," : "") "#" a[i]; print s " with " c }'
  }
  check "advice: most nominated" "#29,#122 with 20" "$(most advice)"
  check "discussion: most nominated" "#122 with 19" "$(most discussion)"
  check "friend: most nominated" "#141 with 10" "$(most friend)"
  echo "  advice layer, top 5 by PageRank:"
  rank "$ckm" --layer advice --metric pagerank --top 5 --columns rank,id,in_degree,pagerank | sed 's/^/    /'

  # Towns (nodeCity 1 Peoria, 2 Bloomington, 3 Quincy, 4 Galesburg, as the data's README documents):
  # no link crosses towns exactly when every weakly connected component lies in one town.
  nodes="$ckm_dir/CKM-Physicians-Innovation_nodes.txt"
  rank "$ckm" --all --format csv --columns id,wcc,wcc_size > "${TMPDIR:-/tmp}/ckm-wcc.$$.csv"
  towns=$(awk 'FNR == 1 { next }
               FILENAME == ARGV[1] { sub(/\r$/, ""); city[$1] = $2; next }
               { split($0, f, ","); key = f[2] SUBSEP city[f[1]]; if (!(key in seen)) { seen[key] = 1; n[f[2]]++ } }
               END { bad = 0; for (c in n) if (n[c] > 1) bad++; print bad }' "$nodes" "${TMPDIR:-/tmp}/ckm-wcc.$$.csv")
  check "components spanning two towns (all layers)" "0" "$towns"
  isolates=$(awk -F, 'NR > 1 && $3 == 1 { print $1 }' "${TMPDIR:-/tmp}/ckm-wcc.$$.csv" | sort -n | paste -sd, -)
  check "isolates" "154,165,195,201,203" "$isolates"
  experts=$(awk 'NR > 1' "${TMPDIR:-/tmp}/ckm-wcc.$$.csv" | wc -l | tr -d ' ')
  check "physicians" "246" "$experts"
  rm -f "${TMPDIR:-/tmp}/ckm-wcc.$$.csv"
  awk 'NR > 1 { sub(/\r$/, ""); split("Peoria Bloomington Quincy Galesburg", town, " "); n[town[$2]]++
                if ($1 == 29 || $1 == 122) m[$1] = $3 }
       END { printf "  towns: Peoria %d, Bloomington %d, Quincy %d, Galesburg %d\n", n["Peoria"], n["Bloomington"], n["Quincy"], n["Galesburg"]
             printf "  tetracycline adoption month (1 = Nov 1953): #29 month %s, #122 month %s\n", m[29], m[122] }' "$nodes"
  echo
fi

# ---------------------------------------------------------------------------------------------------
nyc="$data/nyc-pcp-cardiology-referral-network"
if [ -f "$nyc/network.json" ]; then
  echo "== New York primary care → cardiology referrals (D3 node-link JSON, links by node index)"
  "$liaison" summary "$nyc/network.json" --quiet
  # Columns ordered so that the quoted name ("LAST, FIRST") comes last.
  top_degree=$(rank "$nyc/network.json" --all --format csv --columns id,in_degree,out_degree,name |
    awk -F, 'NR > 1 { d = $2 + $3; name = $0; sub(/^[^,]*,[^,]*,[^,]*,/, "", name); gsub(/"/, "", name)
                      if (d > m) { m = d; best = name } } END { print best " (" m ")" }')
  check "top degree" "OKIN, PETER (84)" "$top_degree"
  published=$(grep -o '"name": "[^"]*"' "$nyc/topdocs_eigenvector_top20.json" | sed 's/^"name": "//; s/"$//; s/^DR\. //' | sort)
  check "published top 20 (eigenvector, weighted; weights not published)" "20" "$(printf '%s\n' "$published" | grep -c .)"
  for metric in pagerank influence eigenvector; do
    ours=$(rank "$nyc/network.json" --metric "$metric" --top 20 --format csv --columns id,name |
      awk 'NR > 1 { sub(/^[^,]*,/, ""); gsub(/"/, ""); print }' | sort)
    overlap=$(comm -12 <(printf '%s\n' "$ours") <(printf '%s\n' "$published") | grep -c . || true)
    echo "  overlap of our top 20 by $metric with the published top 20: $overlap of 20"
    if [ "$overlap" -lt 0 ] || [ "$overlap" -gt 20 ]; then echo "  FAILED: overlap out of range"; failures=$((failures + 1)); fi
  done
  echo "  top 5 by PageRank:"
  rank "$nyc/network.json" --metric pagerank --top 5 --columns rank,id,name,in_degree,pagerank | sed 's/^/    /'
  echo
fi

# ---------------------------------------------------------------------------------------------------
cms="$data/cms-physician-shared-patient-patterns-sample/pspp_sample_normalized.csv"
if [ -f "$cms" ]; then
  echo "== CMS Physician Shared Patient Patterns (DocGraph): 200 real rows"
  summary=$("$liaison" summary --referrals "$cms" --quiet)
  printf '%s\n' "$summary" | sed 's/^/  /'
  check "pairs" "200" "$(printf '%s\n' "$summary" | awk '/^referral links/ { print $3 }')"
  npis=$(rank --referrals "$cms" --all --format csv --columns id | awk 'NR > 1')
  check "NPIs" "396" "$(printf '%s\n' "$npis" | grep -c .)"
  # The NPI check digit: Luhn over 80840 + the first 9 digits (the constant 24 stands for the prefix).
  bad=$(printf '%s\n' "$npis" | awk '{ s = 24; for (i = 1; i <= 9; i++) { d = substr($1, i, 1) + 0
                                        if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9 } s += d }
                                      if (length($1) != 10 || (10 - s % 10) % 10 != substr($1, 10, 1) + 0) n++ }
                                    END { print n + 0 }')
  check "NPIs failing the check digit" "0" "$bad"
  echo
fi

if [ "$failures" -gt 0 ]; then
  echo "real-networks: $failures check(s) FAILED"
  exit 1
fi
echo "real-networks: all checks passed"
