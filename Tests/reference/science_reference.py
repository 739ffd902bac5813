#!/usr/bin/env python3
"""Reference values for the scientific columns of `liaison rank` and for `liaison sites`.

    python3 Tests/reference/science_reference.py FIXTURE [--science-weight S]     # JSON on stdout

FIXTURE holds `dataset/` (a Liaison dataset with publications/ and trials/) and `truth.json`, which
says who every author and investigator is (an expert id, or null), in file order. Matching is
checked separately (against truth.json); this script starts from the truth and recomputes, from
the README's definitions and with networkx for the referral measures, independently of the Swift
code:

- per expert: publications (distinct PMIDs), publications_5y (years Y-4..Y, Y = year of the latest
  interaction or publication date), first_last_author, trials, trials_pi (overall official with role
  PRINCIPAL_INVESTIGATOR or STUDY_CHAIR, or a site's PRINCIPAL_INVESTIGATOR), coauthors;
- scientific = sum_k w_k x_k(v) / sum_u x_k(u), divided by the sum of the weights of non-zero columns;
- influence = (1 - s) * (0.4 PR/max + 0.2 B/max + 0.2 C/max + 0.2 S/max) + s * sci / max sci, and
  tiers (first ceil(10 %) tier 1, next ceil(20 %) tier 2; tier 3 without links and science);
- sites: F = patients referred in from other institutions (hidden 1..10 counted 0), K = tier 1-2
  experts, T = trials there (a site whose facility is the institution's name, or a matched
  investigator working there) + those recruiting there (the site's status, else the trial's),
  R = reached / targets of the plan in the quarter of the last interaction;
  score = 0.35 F/maxF + 0.25 K/maxK + 0.25 T/maxT + 0.15 R.

The facility test is exact name equality: enough for the fixture, whose facilities are written as
institutions.csv names them (Liaison's own rule is broader; see InstitutionNames).
"""
import csv
import datetime as dt
import importlib.util
import json
import math
import os
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("pubmed_samples", os.path.join(HERE, "pubmed_samples.py"))
pubmed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pubmed)

WEIGHTS = {"publications_5y": 0.25, "trials_pi": 0.20, "first_last_author": 0.15, "trials": 0.15,
           "coauthors": 0.15, "publications": 0.10}


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def quarter(day):
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end = dt.date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1) - dt.timedelta(days=1)
    return "%dQ%d" % (day.year, q + 1), start, end


def main():
    fixture = sys.argv[1]
    share = float(sys.argv[sys.argv.index("--science-weight") + 1]) if "--science-weight" in sys.argv else 0.25
    folder = os.path.join(fixture, "dataset")
    truth = json.load(open(os.path.join(fixture, "truth.json"), encoding="utf-8"))
    experts = rows(os.path.join(folder, "experts.csv"))
    ids = [e["id"] for e in experts]
    inst_of = {e["id"]: e["institution"] for e in experts}
    insts = rows(os.path.join(folder, "institutions.csv"))

    # Publications, first file in name order wins per PMID.
    pubs = {}
    pdir = os.path.join(folder, "publications")
    for name in sorted(os.listdir(pdir)):
        recs = pubmed.pubmed_xml(os.path.join(pdir, name)) if name.endswith(".xml") else pubmed.medline(os.path.join(pdir, name))
        for r in recs:
            pubs.setdefault(r["pmid"], r)
    trials = {}
    tdir = os.path.join(folder, "trials")
    for name in sorted(os.listdir(tdir)):
        data = json.load(open(os.path.join(tdir, name), encoding="utf-8"))
        items = data["studies"] if isinstance(data, dict) and "studies" in data else (data if isinstance(data, list) else [data])
        for s in items:
            trials.setdefault(s["protocolSection"]["identificationModule"]["nctId"], s["protocolSection"])

    days = [dt.date.fromisoformat(r["date"][:10]) for r in rows(os.path.join(folder, "interactions.csv"))]
    years = [p["year"] for p in pubs.values() if p["year"]]
    # The data's date: the latest interaction or publication (a publication counts from its first day).
    ref_year = max([d.year for d in days] + years)

    col = {c: {v: 0 for v in ids} for c in WEIGHTS}
    co = {v: set() for v in ids}
    for pmid, p in pubs.items():
        who = truth["publications"][pmid]
        assert len(who) == len(p["authors"]), pmid
        present = [v for v in who if v]
        for k, v in enumerate(who):
            if not v:
                continue
            col["publications"][v] += 1
            if ref_year - 4 <= p["year"] <= ref_year:
                col["publications_5y"][v] += 1
            if k == 0 or k == len(who) - 1:
                col["first_last_author"][v] += 1
            co[v] |= {x for x in present if x != v}
    for v in ids:
        col["coauthors"][v] = len(co[v])
    trial_people = {}
    for nct, s in trials.items():
        people = []
        cl = s.get("contactsLocationsModule", {})
        for o in cl.get("overallOfficials", []):
            people.append((o["role"] in ("PRINCIPAL_INVESTIGATOR", "STUDY_CHAIR"), None))
        for loc in cl.get("locations", []):
            for c in loc.get("contacts", []):
                if c["role"] in ("PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR"):
                    people.append((c["role"] == "PRINCIPAL_INVESTIGATOR", loc))
        who = truth["trials"][nct]
        assert len(who) == len(people), nct
        trial_people[nct] = list(zip(who, people))
        for v in set(x for x in who if x):
            col["trials"][v] += 1
            if any(x == v and lead for x, (lead, _) in trial_people[nct]):
                col["trials_pi"][v] += 1

    sci = {v: 0.0 for v in ids}
    wsum = 0.0
    for c, w in WEIGHTS.items():
        total = sum(col[c].values())
        if total == 0:
            continue
        wsum += w
        for v in ids:
            sci[v] += w * col[c][v] / total
    sci = {v: (x / wsum if wsum else 0.0) for v, x in sci.items()}

    G = nx.DiGraph()
    G.add_nodes_from(ids)
    weights = {}
    for r in rows(os.path.join(folder, "referrals.csv")):
        key = (r["source"], r["target"])
        weights[key] = weights.get(key, 0) + int(r["patients"])
    for (s, t), w in weights.items():
        if w > 0 and s != t:
            G.add_edge(s, t, patients=float(w))
    pr = nx.pagerank(G, alpha=0.85, weight="patients", tol=1e-15, max_iter=100000)
    bc = nx.betweenness_centrality(G, normalized=True)
    cc = nx.closeness_centrality(G)
    st = {v: G.in_degree(v, weight="patients") for v in ids}

    def scaled(x):
        m = max(x.values())
        return {v: (x[v] / m if m > 0 else 0.0) for v in ids}
    a, b, c, d = scaled(pr), scaled(bc), scaled(cc), scaled(st)
    infl = {v: 0.4 * a[v] + 0.2 * b[v] + 0.2 * c[v] + 0.2 * d[v] for v in ids}
    top = max(sci.values())
    if share > 0 and top > 0:
        infl = {v: (1 - share) * infl[v] + share * sci[v] / top for v in ids}
    order = sorted(ids, key=lambda v: (-infl[v], v))
    n = len(ids)
    t1, t2 = math.ceil(0.10 * n - 1e-9), math.ceil(0.20 * n - 1e-9)
    tier = {}
    for r, v in enumerate(order):
        isolated = G.in_degree(v) == 0 and G.out_degree(v) == 0 and sci[v] == 0
        tier[v] = 3 if isolated else (1 if r < t1 else (2 if r < t1 + t2 else 3))

    # Sites.
    qlabel, qstart, qend = quarter(max(days))
    plan = [r for r in rows(os.path.join(folder, "plan.csv")) if r["period"] == qlabel]
    seen = {r["expert"] for r in rows(os.path.join(folder, "interactions.csv"))
            if qstart <= dt.date.fromisoformat(r["date"][:10]) <= min(qend, max(days))}
    site_rows = []
    for inst in insts:
        k = inst["id"]
        members = [v for v in ids if inst_of[v] == k]
        f = sum(w for (s, t), w in weights.items() if inst_of[t] == k and inst_of[s] != k and s != t)
        key = sum(1 for v in members if tier[v] <= 2)
        ran, recruiting = set(), set()
        for nct, s in trials.items():
            status = s.get("statusModule", {}).get("overallStatus", "")
            here, rec = False, False
            for loc in s.get("contactsLocationsModule", {}).get("locations", []):
                if loc.get("facility") == inst["name"]:
                    here = True
                    rec = rec or (loc.get("status") or status) == "RECRUITING"
            if not here and any(v and inst_of[v] == k for v, _ in trial_people[nct]):
                here, rec = True, status == "RECRUITING"
            if here:
                ran.add(nct)
                if rec:
                    recruiting.add(nct)
        targets = [r["expert"] for r in plan if inst_of[r["expert"]] == k]
        reached = [v for v in targets if v in seen]
        site_rows.append({"id": k, "patients_in": f, "key_experts": key, "trials": len(ran), "recruiting": len(recruiting),
                          "targets": len(targets), "reached": len(reached),
                          "reach": len(reached) / len(targets) if targets else 0.0})
    shown_f = {r["id"]: (0 if 0 < r["patients_in"] < 11 else r["patients_in"]) for r in site_rows}
    mf, mk = max(shown_f.values()), max(r["key_experts"] for r in site_rows)
    mt = max(r["trials"] + r["recruiting"] for r in site_rows)
    for r in site_rows:
        r["score"] = (0.35 * (shown_f[r["id"]] / mf if mf else 0) + 0.25 * (r["key_experts"] / mk if mk else 0)
                      + 0.25 * ((r["trials"] + r["recruiting"]) / mt if mt else 0) + 0.15 * r["reach"])
    site_rows.sort(key=lambda r: (-r["score"], r["id"]))

    out = {"science_weight": share, "reference_year": ref_year, "coverage_quarter": qlabel,
           "experts": [dict({"id": v, "influence": infl[v], "tier": tier[v], "scientific": sci[v]},
                            **{c: col[c][v] for c in WEIGHTS}) for v in ids],
           "sites": site_rows}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
