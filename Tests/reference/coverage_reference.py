#!/usr/bin/env python3
"""Independent reference for `liaison coverage` (standard library only).

Usage: coverage_reference.py DATASET QUARTER RANK_CSV [--expect-tier1 3] [--expect-tier2 2]

DATASET   a dataset folder (experts.csv, interactions.csv, optional plan.csv)
QUARTER   a calendar quarter, e.g. 2024Q3 (quarters only; calendar fiscal year)
RANK_CSV  output of `liaison rank DATASET --all --format csv --period QUARTER` (columns id, influence,
          tier): the influence basis `liaison coverage` uses when referrals carry that quarter.

Prints a JSON object with the coverage measures of the quarter, computed from the definitions:
targets = experts with plan rows for QUARTER, else tier 1-2 experts (expecting 3 / 2);
reached = targets with >= 1 interaction in the quarter; reach = reached / targets;
interactions = interactions with targets in the quarter; frequency = interactions / reached;
attainment = sum(min(actual, expected)) / sum(expected);
influence_coverage = sum(influence of reached) / sum(influence of targets);
median_days_since = median over targets ever seen (up to quarter end) of days from the last
interaction to the quarter end; never_seen = targets never seen; below_expectation = actual < expected;
channel_mix = share of interactions (with targets) by channel. Undefined ratios are null.
Also: target_ids, seen_ids (experts with >= 1 interaction in the quarter, targets or not) and
gap_ids: targets with actual < expected, plus (with plan targets) tier 1-2 experts missing from the
plan expecting 3 / 2, sorted by influence * (expected - actual) / expected, highest first, ties by id.
"""
import csv
import datetime as dt
import json
import os
import statistics
import sys


def quarter_bounds(label):
    year, q = int(label[:4]), int(label[-1])
    start = dt.date(year, 3 * (q - 1) + 1, 1)
    end_month = 3 * q
    nxt = dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def read(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main(argv):
    args = argv[1:]
    opts = {"--expect-tier1": 3.0, "--expect-tier2": 2.0}
    pos = []
    i = 0
    while i < len(args):
        if args[i] in opts:
            opts[args[i]] = float(args[i + 1])
            i += 2
        else:
            pos.append(args[i])
            i += 1
    folder, quarter, rank_csv = pos
    start, end = quarter_bounds(quarter)
    with open(rank_csv, newline="", encoding="utf-8") as f:
        ranks = {r["id"]: r for r in csv.DictReader(f)}
    influence = {k: float(r["influence"]) for k, r in ranks.items()}
    tier = {k: int(r["tier"]) for k, r in ranks.items()}

    plan = [r for r in read(folder, "plan.csv") if r["period"].strip() == quarter]
    expected = {}
    if plan:
        for r in plan:
            expected[r["expert"]] = expected.get(r["expert"], 0) + int(r["planned"])
        source = "plan"
    else:
        for k, t in tier.items():
            if t == 1:
                expected[k] = opts["--expect-tier1"]
            elif t == 2:
                expected[k] = opts["--expect-tier2"]
        source = "tiers"

    actual, last, channels = {}, {}, {}
    for r in read(folder, "interactions.csv"):
        day = dt.date.fromisoformat(r["date"])
        e = r["expert"]
        if day > end:
            continue
        last[e] = max(last.get(e, day), day)
        if day >= start:
            actual[e] = actual.get(e, 0) + 1
            if e in expected:
                channels[r["channel"]] = channels.get(r["channel"], 0) + 1

    targets = sorted(expected)
    reached = [e for e in targets if actual.get(e, 0) > 0]
    inter = sum(actual.get(e, 0) for e in targets)
    exp_sum = sum(expected[e] for e in targets)
    att = sum(min(actual.get(e, 0), expected[e]) for e in targets)
    inf_all = sum(influence.get(e, 0.0) for e in targets)
    inf_reached = sum(influence.get(e, 0.0) for e in reached)
    days = [(end - last[e]).days for e in targets if e in last]

    def ratio(a, b):
        return a / b if b > 0 else None

    out = {
        "quarter": quarter,
        "targets_source": source,
        "targets": len(targets),
        "reached": len(reached),
        "reach": ratio(len(reached), len(targets)),
        "interactions": inter,
        "frequency": ratio(inter, len(reached)),
        "expected": exp_sum,
        "attainment": ratio(att, exp_sum),
        "influence_coverage": ratio(inf_reached, inf_all),
        "median_days_since": statistics.median(days) if days else None,
        "never_seen": sum(1 for e in targets if e not in last),
        "below_expectation": sum(1 for e in targets if actual.get(e, 0) < expected[e]),
        "channel_mix": {c: n / inter for c, n in sorted(channels.items())} if inter else {},
    }
    candidates = dict(expected)
    if source == "plan":
        for k, t in tier.items():
            if t <= 2 and k not in candidates:
                candidates[k] = opts["--expect-tier1"] if t == 1 else opts["--expect-tier2"]
    gaps = []
    for e, x in candidates.items():
        a = actual.get(e, 0)
        if x > 0 and a < x:
            gaps.append((-(influence.get(e, 0.0) * (x - a) / x), e))
    out["target_ids"] = targets
    out["seen_ids"] = sorted(e for e, n in actual.items() if n > 0)
    out["gap_ids"] = [e for _, e in sorted(gaps)]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main(sys.argv)
