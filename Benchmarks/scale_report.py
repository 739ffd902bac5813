"""The results.md section of Benchmarks/scale.sh (raw lines in results/scale.jsonl); called by `peers.py report`."""
import json
import os

# row -> (what, target text, check(liaison, peer) -> bool or None)
TIME_RATIO = "time ratio"


def _fmt(x):
    if x is None:
        return "—"
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def _cell(d):
    if not d or d.get("seconds") is None:
        return "failed" if d else "—"
    s = _fmt(d["seconds"])
    if d.get("runs", 1) > 1:
        s += f" ({_fmt(d['min'])}–{_fmt(d['max'])})"
    return s


def _mb(d):
    return d["rss_kb"] / 1024 if d and d.get("rss_kb") else None


def _met(ok):
    return "—" if ok is None else ("met" if ok else "**missed**")


def section(folder):
    path = os.path.join(folder, "scale.jsonl")
    if not os.path.exists(path):
        return []
    lines = [json.loads(x) for x in open(path) if x.strip().startswith("{")]
    m = next((x for x in lines if x.get("kind") == "machine"), {})
    sets = {x["name"]: x for x in lines if x.get("kind") == "dataset"}
    rows = {(x["row"], x["tool"]): x for x in lines if "row" in x}
    out = ["## National scale and regional speed (`Benchmarks/scale.sh`)\n"]
    out.append(f"- Run of {m.get('date', '?')}, {m.get('nproc', '?')} cores ({m.get('cpu', '?')}), {m.get('mem', '?')} RAM, "
               f"{m.get('swift', '?')}, Liaison {m.get('git', '?')}; Python {m.get('python', '?')}, {m.get('peers', '?')}; "
               f"load average (1/5/15 min) at start {m.get('loadavg_start', '?')}, at end {m.get('loadavg_end', '?')}")
    for name, d in sets.items():
        out.append(f"- {name}: `{d['path']}`, {d['experts']:,} experts, {d['referral_rows']:,} referral rows; "
                   f"{d['csv_bytes'] / 1e6:.0f} MB of CSV (experts.csv {d['experts_bytes'] / 1e6:.0f} MB, "
                   f"referrals.csv {d['referrals_bytes'] / 1e6:.0f} MB)")
    for d in (x for x in lines if x.get("kind") == "cms_file"):
        out.append(f"- CMS file: `{d['path']}`, {d['rows']:,} rows without header, {d['bytes'] / 1e6:.0f} MB")
    out.append("")
    out.append("Whole processes (`/usr/bin/time`): wall seconds, median of the runs (range), and the largest peak RSS. "
               "Each ratio is Liaison / its peer measured in the same run (< 1: Liaison faster or smaller).\n")
    nat = sets.get("national", {}).get("experts", 0)
    out.append(f"### Against peers, {nat:,} experts\n")
    out.append("| row | Liaison s | peer | peer s | time ratio | Liaison MB | peer MB | memory ratio | target | |")
    out.append("|---|---:|---|---:|---:|---:|---:|---:|---|---|")
    for row, label, targets in [("load", "load (`summary --no-cache`)", {"time": 1.0}),
                                ("load_cms", "load of a CMS file (`summary FILE --no-cache`)", {"time": 1.0}),
                                ("rank", "`rank --metric pagerank --all --format csv --no-cache`", {"time": 0.2, "mem": 0.5})]:
        lv = rows.get((row, "liaison"))
        peers = [(t, d) for (r, t), d in rows.items() if r == row and t != "liaison"]
        for t, pv in peers or [("—", None)]:
            ls, ps = (lv or {}).get("seconds"), (pv or {}).get("seconds")
            lm, pm = _mb(lv), _mb(pv)
            tr = ls / ps if ls and ps else None
            mr = lm / pm if lm and pm else None
            text, oks = [], []
            if "time" in targets:
                text.append(f"time ≤ {targets['time']}")
                oks.append(None if tr is None else tr <= targets["time"])
            if "mem" in targets:
                text.append(f"memory ≤ {targets['mem']}")
                oks.append(None if mr is None else mr <= targets["mem"])
            verdict = ", ".join(f"{w.split(' ')[0]} {_met(o)}" for w, o in zip(text, oks))
            out.append(f"| {label} | {_cell(lv)} | {t} | {_cell(pv)} | {_fmt(tr)} | {_fmt(lm)} | {_fmt(pm)} | "
                       f"{_fmt(mr)} | {'; '.join(text)} | {verdict} |")
    out.append("")
    out.append("### Absolute targets\n")
    out.append("| row | command | seconds | peak MB | target | |")
    out.append("|---|---|---:|---:|---:|---|")

    def target_of(row):
        if row in ("cached_load", "cached_rank"):
            return 1.5 if row == "cached_load" else None
        if row.startswith("demo:"):
            return 0.3
        if row.endswith(":report"):
            return 10.0
        if row.endswith(":gaps") or row.endswith(":coverage"):
            return 2.0
        return None

    for (row, tool), d in rows.items():
        if tool != "liaison" or row in ("load", "load_cms", "rank"):
            continue
        tg = target_of(row)
        ok = None if tg is None or d.get("seconds") is None else d["seconds"] <= tg
        out.append(f"| {row} | `{d.get('command', '')}` | {_cell(d)} | {_fmt(_mb(d))} | "
                   f"{'≤ ' + _fmt(tg) if tg else '—'} | {_met(ok)} |")
    out.append("")
    out.append("`cached_first` is the run that parses and writes the snapshot; `cached_*` and `regional_cached:*` read "
               "it (the cache folder is emptied at the start of the run); `regional:paths_first` is the first `gaps` with the "
               "cache, which searches the shortest paths and stores betweenness and closeness, and the `regional_cached:*` "
               "rows after it read them too. `demo:import` is the first import into a new "
               "workspace (one run). `regional:*` parse the CSV files (`--no-cache`).\n")
    if m.get("note"):
        out.append(f"- note: run: {m['note']}")
    notes = [d for d in rows.values() if d.get("note")]
    for d in notes:
        out.append(f"- note: {d['row']} {d['tool']}: {d['note']}")
    return out
