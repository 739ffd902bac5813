#!/usr/bin/env python3
"""Independent reading of PubMed exports, to check Liaison's readers against.

    python3 Tests/reference/pubmed_samples.py FILE...        # JSON on stdout

For each file (MEDLINE text: any name not ending in .xml; PubMed XML: *.xml) prints every record:
PMID, publication year, and every person author with family name, given names, initials, own
affiliations and ORCID, plus the article-level affiliations (MEDLINE `AD` before the first author)
and collective authors. Counts are printed under "totals".

Written from the format descriptions (NLM's MEDLINE element list and the PubMed DTD), not from
Liaison's Swift code: the MEDLINE side is a plain line scanner, the XML side uses the standard
library's ElementTree (which never fetches the DTD named in the DOCTYPE).
"""

import json
import re
import sys
import xml.etree.ElementTree as ET


def orcid(text):
    chars = [c for c in (text or "").upper() if c.isdigit() or c == "X"]
    if len(chars) < 16:
        return None
    s = "".join(chars[-16:])
    return "-".join([s[0:4], s[4:8], s[8:12], s[12:16]])


def medline(path):
    records, fields = [], []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for raw in lines + [""]:
        line = raw.rstrip("\r")
        if not line.strip():
            if fields:
                records.append(fields)
            fields = []
            continue
        if line.startswith("      "):
            fields[-1][1] += " " + line.strip()
            continue
        m = re.match(r"^([A-Z][A-Z0-9 ]{3})- ?(.*)$", line)
        assert m, "not a MEDLINE line: %r" % line
        fields.append([m.group(1).strip(), m.group(2).strip()])
    out = []
    for rec in records:
        pub = {"pmid": None, "year": None, "authors": [], "article_affiliations": [], "collectives": []}
        cur, awaiting = None, False
        for tag, value in rec:
            if tag == "PMID":
                pub["pmid"] = value
            elif tag == "DP":
                pub["year"] = int(re.search(r"\d{4}", value).group(0))
            elif tag == "FAU":
                last, _, fore = value.partition(",")
                cur = {"last": last.strip(), "fore": fore.strip(), "initials": "", "affiliations": [], "orcid": None}
                pub["authors"].append(cur)
                awaiting = True
            elif tag == "AU":
                words = value.split(" ")
                initials = words[-1] if len(words) > 1 and words[-1].isalpha() and words[-1].isupper() else ""
                if awaiting and cur is not None:
                    awaiting = False
                    cur["au_initials"] = initials
                else:
                    last = " ".join(words[:-1]) if initials else value
                    cur = {"last": last, "fore": "", "initials": initials, "affiliations": [], "orcid": None}
                    pub["authors"].append(cur)
            elif tag == "AD":
                (cur["affiliations"] if cur is not None else pub["article_affiliations"]).append(value)
            elif tag == "AUID" and cur is not None and orcid(value):
                cur["orcid"] = orcid(value)
            elif tag == "CN":
                pub["collectives"].append(value)
                cur, awaiting = None, False
        for a in pub["authors"]:
            # Initials from the given names when FAU gave them (all of them), else AU's.
            fi = "".join(p[0].upper() for w in a["fore"].split() for p in w.split("-") if p)
            a["initials"] = fi or a.pop("au_initials", "") or a["initials"]
            a.pop("au_initials", None)
        out.append(pub)
    return out


def pubmed_xml(path):
    out = []
    root = ET.parse(path).getroot()
    for art in root.iter("PubmedArticle"):
        mc = art.find("MedlineCitation")
        pub = {"pmid": mc.findtext("PMID"), "year": None, "authors": [], "article_affiliations": [], "collectives": []}
        pd = mc.find("Article/Journal/JournalIssue/PubDate")
        if pd is not None:
            y = pd.findtext("Year") or re.search(r"\d{4}", pd.findtext("MedlineDate") or "").group(0)
            pub["year"] = int(y)
        al = mc.find("Article/AuthorList")
        for a in (al.findall("Author") if al is not None else []):
            if a.get("ValidYN", "Y") == "N":
                continue
            if a.find("LastName") is None:
                pub["collectives"].append(a.findtext("CollectiveName"))
                continue
            orc = [i.text for i in a.findall("Identifier") if (i.get("Source") or "").upper() == "ORCID"]
            pub["authors"].append({
                "last": a.findtext("LastName").strip(), "fore": (a.findtext("ForeName") or "").strip(),
                "initials": (a.findtext("Initials") or "").strip(),
                "affiliations": [x.findtext("Affiliation").strip() for x in a.findall("AffiliationInfo")],
                "orcid": orcid(orc[0]) if orc else None,
            })
        out.append(pub)
    return out


def main():
    files = sys.argv[1:]
    result = {"files": {}, "totals": {}}
    for path in files:
        recs = pubmed_xml(path) if path.endswith(".xml") else medline(path)
        result["files"][path.rsplit("/", 1)[-1]] = recs
    allrecs = [r for recs in result["files"].values() for r in recs]
    authors = [a for r in allrecs for a in r["authors"]]
    result["totals"] = {
        "records": len(allrecs),
        "distinct_pmids": len({r["pmid"] for r in allrecs}),
        "authors": len(authors),
        "author_affiliations": sum(len(a["affiliations"]) for a in authors),
        "authors_with_affiliation": sum(1 for a in authors if a["affiliations"]),
        "article_affiliations": sum(len(r["article_affiliations"]) for r in allrecs),
        "orcids": sum(1 for a in authors if a["orcid"]),
        "collectives": sum(len(r["collectives"]) for r in allrecs),
    }
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
