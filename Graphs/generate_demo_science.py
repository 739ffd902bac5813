#!/usr/bin/env python3
"""Generates the scientific layer of Liaison's demo: ``Graphs/belgian-hematology/publications/``
(PubMed exports, in both formats PubMed gives) and ``trials/`` (ClinicalTrials.gov API v2 JSON).

Everything is fictional. The authors and investigators are the demo's invented experts, plus
invented colleagues abroad (random combinations of common first and last names); titles are made
from templates; PMIDs start at 90 000 001 and NCT numbers at NCT99000001, beyond the ranges PubMed
and ClinicalTrials.gov have issued, so no identifier points at a real article or study. No ORCID
iDs are invented (they could belong to real people).

It reads the demo's CSV files (run ``generate_belgian_hematology.py`` first) and never changes them.
Deterministic: one ``random.Random(20261203)``, no clock, no set iteration, sorted output.

    python3 Graphs/generate_demo_science.py            # write the files, print a summary line
    python3 Graphs/generate_demo_science.py --facts    # also print the planted facts

Standard library only. The self-check at the end re-reads every file (MEDLINE by line, XML with
ElementTree, JSON with json) and asserts the planted story (see Graphs/README.md).
"""

import argparse
import csv
import importlib.util
import json
import os
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

SEED = 20261203
HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "belgian-hematology")
PUB_DIR = os.path.join(DEMO, "publications")
TRIAL_DIR = os.path.join(DEMO, "trials")
FIRST_PMID = 90000001
FIRST_NCT = 99000001

spec = importlib.util.spec_from_file_location("demo", os.path.join(HERE, "generate_belgian_hematology.py"))
demo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(demo)

# Invented colleagues abroad: common first and last names, combined at random, at generic places.
ABROAD_FIRST = ["Anna", "Lukas", "Sophie", "Matteo", "Laura", "Daniel", "Julia", "Marco", "Emma", "Pablo",
                "Lena", "Hugo", "Clara", "Jonas", "Elena", "Paul", "Marta", "Felix", "Chiara", "Tobias"]
ABROAD_LAST = ["Schmidt", "Bakker", "Rossi", "García", "Müller", "de Jong", "Bianchi", "Fernández", "Weber",
               "Visser", "Ricci", "Moreau", "Schulz", "van Dijk", "Romano", "Navarro", "Fischer", "Meijer"]
ABROAD_PLACES = [("Department of Haematology, University Medical Centre", "Utrecht", "the Netherlands"),
                 ("Department of Hematology, University Hospital", "Cologne", "Germany"),
                 ("Service d'hématologie, Centre hospitalier universitaire", "Lille", "France"),
                 ("Division of Hematology, University Hospital", "Bologna", "Italy"),
                 ("Department of Haematology, University Hospital", "Groningen", "the Netherlands"),
                 ("Hematology Unit, University Hospital", "Valencia", "Spain")]
DISEASES = [("Multiple Myeloma", "myeloma"), ("Diffuse Large B-Cell Lymphoma", "DLBCL"),
            ("Acute Myeloid Leukemia", "AML"), ("Chronic Lymphocytic Leukemia", "CLL"),
            ("Myelodysplastic Syndromes", "MDS"), ("Myelofibrosis", "myelofibrosis"),
            ("Mantle Cell Lymphoma", "mantle cell lymphoma"), ("Acute Lymphoblastic Leukemia", "ALL")]
THERAPIES = ["CAR-T cell therapy", "bispecific antibodies", "BTK inhibitors", "JAK inhibition",
             "allogeneic transplantation", "venetoclax combinations", "hypomethylating agents",
             "anti-CD38 antibodies", "maintenance therapy", "frailty-adapted treatment"]
DESIGNS = ["a Belgian multicentre cohort", "a retrospective registry study", "a prospective phase 2 study",
           "real-world outcomes", "a single-centre experience", "a national survey", "a systematic review"]
OUTCOMES = ["Outcomes", "Toxicity", "Early relapse", "Access", "Quality of life", "Cost", "Response"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
STATUSES = ["RECRUITING", "RECRUITING", "RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED", "COMPLETED",
            "NOT_YET_RECRUITING", "TERMINATED"]
PHASES = [["PHASE1"], ["PHASE1", "PHASE2"], ["PHASE2"], ["PHASE3"], ["PHASE3"], ["PHASE2"]]


def read_csv(name):
    with open(os.path.join(DEMO, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def split_name(name):
    """'Pieter-Jan Van den Broeck' → ('Pieter-Jan', 'Van den Broeck'): the family name starts at a particle;
    degrees after a comma and nicknames in quotes are dropped."""
    name = re.sub(r'"[^"]*"', " ", name.split(",")[0])
    words = name.split()
    particles = {"van", "de", "den", "der", "el", "ben", "di", "lo", "le", "la", "du"}
    for k in range(1, len(words) - 1):
        if words[k].lower() in particles:
            return " ".join(words[:k]), " ".join(words[k:])
    return " ".join(words[:-1]), words[-1]


def initials(given):
    return "".join(p[0].upper() for w in given.split() for p in w.split("-") if p)


def wrap(tag, value):
    """A MEDLINE field: 'TAG - value', continuation lines indented by six spaces at about 80 columns."""
    lines, cur, words_on_line = [], tag.ljust(4) + "- ", 0
    for w in value.split(" "):
        if words_on_line and len(cur) + len(w) > 80:
            lines.append(cur.rstrip())
            cur, words_on_line = "      ", 0
        cur += w + " "
        words_on_line += 1
    lines.append(cur.rstrip())
    return lines


def generate():
    rng = random.Random(SEED)
    experts = read_csv("experts.csv")
    insts = {r["id"]: r for r in read_csv("institutions.csv")}
    eid = [e["id"] for e in experts]
    index = {e["id"]: k for k, e in enumerate(experts)}
    n = len(experts)
    pairs = {}
    for r in read_csv("referrals.csv"):
        key = (index[r["source"]], index[r["target"]])
        pairs[key] = pairs.get(key, 0) + int(r["patients"])
    _, instr, _, rank, _ = demo.influence_scores(n, pairs)
    coauthors = {}
    for r in read_csv("collaborations.csv"):
        if r["kind"] == "co-author":
            a, b = index[r["a"]], index[r["b"]]
            coauthors.setdefault(a, []).append((b, int(r["weight"])))
            coauthors.setdefault(b, []).append((a, int(r["weight"])))
    univ = [v for v in range(n) if insts[experts[v]["institution"]]["kind"] == "university hospital"]
    # Planted: three university researchers with little referral inflow (influence rank > 150) who
    # publish and lead trials more than anyone.
    quiet = sorted((v for v in univ if rank[v] >= 150 and experts[v]["specialty"] != "Pediatric Hematology"),
                   key=lambda v: (rank[v], eid[v]))
    researchers = [quiet[len(quiet) // 5], quiet[len(quiet) // 2], quiet[(4 * len(quiet)) // 5]]
    activity = []
    for v in range(n):
        kind = insts[experts[v]["institution"]]["kind"]
        w = 0.15 if kind == "general hospital" else (2.0 if experts[v]["title"] == "Prof. Dr." else 0.8)
        if kind == "university hospital" and rank[v] < 30:
            w += 1.5
        if v in researchers:
            w = 9.0
        activity.append(w)
    by_inst = {}
    for v in range(n):
        by_inst.setdefault(experts[v]["institution"], []).append(v)

    def person(v):
        given, family = split_name(experts[v]["name"])
        return {"expert": v, "given": given, "family": family, "inst": experts[v]["institution"]}

    def outsider():
        place = rng.choice(ABROAD_PLACES)
        return {"expert": None, "given": rng.choice(ABROAD_FIRST), "family": rng.choice(ABROAD_LAST), "abroad": place}

    def affiliation(a, lang):
        if a.get("abroad"):
            name, city, country = a["abroad"]
            return "%s, %s, %s." % (name, city, country)
        i = insts[a["inst"]]
        if lang == "fr":
            return "Service d'hématologie, %s, %s, Belgique." % (i["name"], i["city"])
        if lang == "nl":
            return "Dienst Hematologie, %s, %s, België." % (i["name"], i["city"])
        return "Department of Hematology, %s, %s, Belgium." % (i["name"], i["city"])

    # ---- publications ---------------------------------------------------------------------------
    pubs = []
    for k in range(300):
        year = 2012 + min(14, int(rng.random() ** 0.7 * 15))
        lead = demo.weighted_choice(rng, list(range(n)), activity)
        team = [lead]
        size = rng.randint(3, 9)
        while len(team) < size:
            x = rng.random()
            if x < 0.45:
                cand = rng.choice(by_inst[experts[lead]["institution"]])
            elif x < 0.7 and coauthors.get(lead):
                cand = demo.weighted_choice(rng, [c for c, _ in coauthors[lead]], [w for _, w in coauthors[lead]])
            elif x < 0.82:
                cand = demo.weighted_choice(rng, univ, [activity[v] for v in univ])
            else:
                cand = -1
            if cand == -1:
                team.append(-1 - len(team))
            elif cand not in team:
                team.append(cand)
        people = [person(v) if v >= 0 else outsider() for v in team]
        lead_p = people.pop(0)
        pos = rng.random()
        if pos < 0.5:
            people.append(lead_p)
        elif pos < 0.8:
            people.insert(0, lead_p)
        else:
            people.insert(rng.randint(1, len(people) - 1), lead_p)
        disease, short = rng.choice(DISEASES)
        title = "%s of %s in %s: %s." % (rng.choice(OUTCOMES), rng.choice(THERAPIES), short, rng.choice(DESIGNS))
        month = rng.randint(1, 12)
        pubs.append({"pmid": str(FIRST_PMID + k), "year": year, "month": month, "title": title, "authors": people,
                     "disease": disease, "old": year <= 2013, "lang": rng.choice(["en", "en", "fr", "nl"])})
    # Planted namesakes: an invented colleague abroad with the very name of a demo expert (never matched),
    # and initials that fit two experts of one hospital (ambiguous: Jolien and Joke Van Hoof at UZ Leuven).
    namesake = person(researchers[0])
    namesake.update({"expert": None, "abroad": ABROAD_PLACES[1]})
    pubs[7]["authors"].insert(1, namesake)
    for p in (pubs[11], pubs[23]):
        p["authors"].insert(1, {"expert": None, "given": "J", "family": "Van Hoof", "inst": "uzleuven", "initials_only": True})
    for p in pubs:
        p["authors"] = dedupe(p["authors"])
    return {"experts": experts, "insts": insts, "pubs": pubs, "researchers": researchers, "rank": rank,
            "activity": activity, "by_inst": by_inst, "rng": rng, "person": person, "outsider": outsider,
            "affiliation": affiliation, "univ": univ}


def dedupe(authors):
    seen, out = set(), []
    for a in authors:
        key = (a["family"], a["given"], a.get("expert"))
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def trials(g):
    rng, experts, insts = g["rng"], g["experts"], g["insts"]
    n = len(experts)
    out = []
    for k in range(36):
        disease, _ = rng.choice(DISEASES)
        status = rng.choice(STATUSES)
        start_year = rng.randint(2018, 2026) if status != "NOT_YET_RECRUITING" else 2026
        pi = demo.weighted_choice(rng, g["univ"], [g["activity"][v] for v in g["univ"]])
        if k < 6:
            pi = g["researchers"][k % 3]   # the planted researchers lead two trials each (at least)
        home = experts[pi]["institution"]
        others = [i for i in sorted(insts) if i != home]
        sites = [home] + rng.sample(others, rng.randint(1, 6))
        role = "STUDY_CHAIR" if rng.random() < 0.15 else "PRINCIPAL_INVESTIGATOR"
        officials = [(g["person"](pi), role)]
        locations = []
        for s in sites:
            staff = g["by_inst"][s]
            lead = pi if s == home else demo.weighted_choice(rng, staff, [g["activity"][v] + 0.3 for v in staff])
            sub = [v for v in staff if v != lead]
            contacts = [(g["person"](lead), "PRINCIPAL_INVESTIGATOR")]
            if sub and rng.random() < 0.4:
                contacts.append((g["person"](rng.choice(sub)), "SUB_INVESTIGATOR"))
            site_status = status if status != "RECRUITING" or rng.random() < 0.8 else "NOT_YET_RECRUITING"
            locations.append({"inst": s, "status": site_status, "contacts": contacts})
        abroad = g["outsider"]() if rng.random() < 0.35 else None
        out.append({"nct": "NCT%08d" % (FIRST_NCT + k), "disease": disease, "status": status,
                    "start": "%d-%02d" % (start_year, rng.randint(1, 12)), "phases": rng.choice(PHASES),
                    "officials": officials, "locations": locations, "abroad": abroad,
                    "title": "A study of %s in %s" % (rng.choice(THERAPIES), disease.lower())})
    return out


# ---- writers --------------------------------------------------------------------------------------
def medline_record(p, g):
    lines = ["PMID- " + p["pmid"], "OWN - NLM", "STAT- MEDLINE",
             "DP  - %d %s" % (p["year"], MONTHS[p["month"] - 1])]
    lines += wrap("TI", p["title"])
    if p["old"]:  # older records: one affiliation for the article, initials only
        first = p["authors"][0]
        lines += wrap("AD", g["affiliation"](first, p["lang"]))
        for a in p["authors"]:
            lines.append("AU  - %s %s" % (a["family"], initials(a["given"]) if not a.get("initials_only") else a["given"]))
    else:
        for a in p["authors"]:
            if not a.get("initials_only"):
                lines.append("FAU - %s, %s" % (a["family"], a["given"]))
            lines.append("AU  - %s %s" % (a["family"], initials(a["given"]) if not a.get("initials_only") else a["given"]))
            lines += wrap("AD", g["affiliation"](a, p["lang"]))
    lines += ["LA  - eng", "PT  - Journal Article", "PL  - Belgium", "TA  - Belg J Hematol Demo",
              "JT  - Belgian journal of hematology (fictional demo)", "SO  - Belg J Hematol Demo. %d;%d." % (p["year"], p["month"])]
    return "\n".join(lines) + "\n"


def write_medline(path, records, g):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n" + "\n".join(medline_record(p, g) for p in records))


def write_xml(path, records, g):
    root = ET.Element("PubmedArticleSet")
    for p in records:
        art = ET.SubElement(root, "PubmedArticle")
        mc = ET.SubElement(art, "MedlineCitation", Status="MEDLINE", Owner="NLM")
        ET.SubElement(mc, "PMID", Version="1").text = p["pmid"]
        a = ET.SubElement(mc, "Article", PubModel="Print")
        j = ET.SubElement(a, "Journal")
        ji = ET.SubElement(j, "JournalIssue", CitedMedium="Print")
        pd = ET.SubElement(ji, "PubDate")
        ET.SubElement(pd, "Year").text = str(p["year"])
        ET.SubElement(pd, "Month").text = MONTHS[p["month"] - 1]
        ET.SubElement(j, "Title").text = "Belgian journal of hematology (fictional demo)"
        ET.SubElement(a, "ArticleTitle").text = p["title"]
        al = ET.SubElement(a, "AuthorList", CompleteYN="Y")
        for x in p["authors"]:
            au = ET.SubElement(al, "Author", ValidYN="Y")
            ET.SubElement(au, "LastName").text = x["family"]
            if not x.get("initials_only"):
                ET.SubElement(au, "ForeName").text = x["given"]
            ET.SubElement(au, "Initials").text = initials(x["given"]) if not x.get("initials_only") else x["given"]
            ai = ET.SubElement(au, "AffiliationInfo")
            ET.SubElement(ai, "Affiliation").text = g["affiliation"](x, p["lang"])
        ET.SubElement(a, "Language").text = "eng"
        # A cited article's PMID, which is not this article's.
        cc = ET.SubElement(ET.SubElement(mc, "CommentsCorrectionsList"), "CommentsCorrections", RefType="Cites")
        ET.SubElement(cc, "PMID", Version="1").text = str(int(p["pmid"]) - 1)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
                '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n' + body + "\n")


def study(t, g):
    insts = g["insts"]

    def name(p):
        return "%s %s, MD, PhD" % (p["given"], p["family"])
    officials = [{"name": name(p), "affiliation": insts[p["inst"]]["name"], "role": role} for p, role in t["officials"]]
    locations = []
    for loc in t["locations"]:
        i = insts[loc["inst"]]
        locations.append({"facility": i["name"], "status": loc["status"], "city": i["city"], "country": "Belgium",
                          "contacts": [{"name": name(p), "role": role} for p, role in loc["contacts"]]
                          + [{"name": "Trial office", "role": "CONTACT"}]})
    if t["abroad"]:
        place, city, country = t["abroad"]["abroad"]
        locations.append({"facility": place, "status": t["status"], "city": city, "country": country,
                          "contacts": [{"name": "%s %s, MD" % (t["abroad"]["given"], t["abroad"]["family"]),
                                        "role": "PRINCIPAL_INVESTIGATOR"}]})
    return {"protocolSection": {
        "identificationModule": {"nctId": t["nct"], "briefTitle": t["title"]},
        "statusModule": {"overallStatus": t["status"], "startDateStruct": {"date": t["start"], "type": "ACTUAL"}},
        "conditionsModule": {"conditions": [t["disease"]]},
        "designModule": {"studyType": "INTERVENTIONAL", "phases": t["phases"]},
        "contactsLocationsModule": {"overallOfficials": officials, "locations": locations}}}


def write_all(g, ts):
    for d in (PUB_DIR, TRIAL_DIR):
        os.makedirs(d, exist_ok=True)
        for f in sorted(os.listdir(d)):
            os.remove(os.path.join(d, f))
    pubs = g["pubs"]
    write_medline(os.path.join(PUB_DIR, "pubmed-hematology-2012-2019.txt"), [p for p in pubs if p["year"] <= 2019], g)
    write_xml(os.path.join(PUB_DIR, "pubmed-hematology-2020-2026.xml"), [p for p in pubs if p["year"] >= 2020], g)
    # A second search, saved in MEDLINE format, that overlaps the first: myeloma since 2022.
    again = [dict(p, old=False) for p in pubs if p["year"] >= 2022 and p["disease"] == "Multiple Myeloma"]
    write_medline(os.path.join(PUB_DIR, "pubmed-myeloma-search.nbib"), again, g)
    studies = [study(t, g) for t in ts]
    for s in studies[:20]:
        with open(os.path.join(TRIAL_DIR, s["protocolSection"]["identificationModule"]["nctId"] + ".json"), "w",
                  encoding="utf-8", newline="\n") as f:
            json.dump(s, f, ensure_ascii=False, indent=2)
            f.write("\n")
    with open(os.path.join(TRIAL_DIR, "ctgov-search-page.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"studies": studies[20:30], "nextPageToken": "demo"}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(TRIAL_DIR, "ctgov-lymphoma-export.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(studies[30:] + [studies[3]], f, ensure_ascii=False, indent=2)   # study 4 again: counted once
        f.write("\n")
    return len(again)


def self_check(g, ts, again, show):
    pmids, authors = [], 0
    for name in sorted(os.listdir(PUB_DIR)):
        path = os.path.join(PUB_DIR, name)
        if name.endswith(".xml"):
            root = ET.parse(path).getroot()
            for art in root.iter("PubmedArticle"):
                pmids.append(art.find("MedlineCitation/PMID").text)
                authors += len(art.findall("MedlineCitation/Article/AuthorList/Author"))
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            assert "\r" not in text
            for line in text.split("\n"):
                assert line == "" or line.startswith("      ") or line[4:6] == "- ", line
                if line.startswith("PMID- "):
                    pmids.append(line[6:])
                if line.startswith("AU  - "):
                    authors += 1
    assert all(int(p) >= FIRST_PMID for p in pmids)
    assert len(pmids) - len(set(pmids)) == again and len(set(pmids)) == len(g["pubs"])
    ncts = []
    for name in sorted(os.listdir(TRIAL_DIR)):
        with open(os.path.join(TRIAL_DIR, name), encoding="utf-8") as f:
            data = json.load(f)
        items = data["studies"] if isinstance(data, dict) and "studies" in data else (data if isinstance(data, list) else [data])
        ncts += [s["protocolSection"]["identificationModule"]["nctId"] for s in items]
    assert len(set(ncts)) == len(ts) and len(ncts) == len(ts) + 1
    expert_names = {e["name"] for e in g["experts"]}
    for p in g["pubs"]:
        for a in p["authors"]:
            if a["expert"] is None and not a.get("initials_only") and "%s %s" % (a["given"], a["family"]) in expert_names:
                assert a.get("abroad"), "a namesake of an expert works abroad"
    summary = ("belgian-hematology science: %d publications (%d records in 3 files, %d read twice), %d author "
               "entries, %d trials (%d records in %d files)"
               % (len(set(pmids)), len(pmids), again, authors, len(ts), len(ncts), len(os.listdir(TRIAL_DIR))))
    print(summary)
    if show:
        for v in g["researchers"]:
            e = g["experts"][v]
            npub = sum(1 for p in g["pubs"] if any(a["expert"] == v for a in p["authors"]))
            led = sum(1 for t in ts if any(p["expert"] == v for p, _ in t["officials"]))
            print("  planted researcher %s (%s, %s): influence rank %d, %d publications, leads %d trials"
                  % (e["id"], e["name"], e["institution"], g["rank"][v] + 1, npub, led))


def truth(g, ts):
    """Who each author and investigator really is (an expert id, or null for colleagues abroad and for
    initials that fit two experts), in the order the files list them: the key to check matching against."""
    experts = g["experts"]

    def who(p):
        return None if p.get("expert") is None else experts[p["expert"]]["id"]
    out = {"publications": {}, "trials": {}}
    for p in g["pubs"]:
        out["publications"][p["pmid"]] = [who(a) for a in p["authors"]]
    for t in ts:
        people = [who(p) for p, _ in t["officials"]]
        for loc in t["locations"]:
            people += [who(p) for p, _ in loc["contacts"]]
        if t["abroad"]:
            people.append(None)
        out["trials"][t["nct"]] = people
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--facts", action="store_true", help="print the planted facts after the summary")
    ap.add_argument("--truth", action="store_true",
                    help="write nothing; print as JSON who every author and investigator really is")
    args = ap.parse_args()
    g = generate()
    ts = trials(g)
    if args.truth:
        json.dump(truth(g, ts), sys.stdout, sort_keys=True)
        print()
        return
    again = write_all(g, ts)
    self_check(g, ts, again, args.facts)


if __name__ == "__main__":
    main()
