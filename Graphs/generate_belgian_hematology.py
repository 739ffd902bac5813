#!/usr/bin/env python3
"""Generates Liaison's bundled demo network, ``Graphs/belgian-hematology/``.

A fictional Medical Science Liaison (MSL) team covering Belgian hematology: about 300 invented
hematologists and oncologists working at real Belgian hospitals, their referral (shared-patient)
links per quarter from 2025Q1 to 2026Q4, professional collaborations, four liaisons' logged
interactions and the team's quarterly call plans.

The output is deterministic: one ``random.Random(20261126)`` drives every draw, nothing iterates
over a set or depends on the clock, the locale or ``PYTHONHASHSEED``, and every file is written
sorted, UTF-8, with LF line endings and RFC 4180 quoting. Run it from anywhere:

    python3 Graphs/generate_belgian_hematology.py            # write the files, print a summary line
    python3 Graphs/generate_belgian_hematology.py --facts    # also print the planted facts

Standard library only. The self-check at the end re-reads every file and asserts the format
invariants and the planted story (see Graphs/README.md).
"""

import argparse
import csv
import datetime as dt
import math
import os
import random
import sys

SEED = 20261126
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "belgian-hematology")

PERIODS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]
FIRST_DAY = dt.date(2025, 1, 6)       # first interaction day (first Monday of 2025 after New Year)
EXTRACTION_DAY = dt.date(2026, 11, 20)  # the data's extraction date: 2026Q4 is still running
Q4_2026_ELAPSED = ((EXTRACTION_DAY - dt.date(2026, 10, 1)).days + 1) / 92.0  # ≈ 0.55

# --------------------------------------------------------------------------------------------
# Institutions: real Belgian hospitals (names and cities), with the fictional team's view of them.
# (id, name, kind, city, region, language community, experts to invent, "star" experts)
# --------------------------------------------------------------------------------------------
UNIV, GEN = "university hospital", "general hospital"
INSTITUTIONS = [
    ("uzleuven", "UZ Leuven", UNIV, "Leuven", "Flanders", "nl", 24, 3),
    ("uzgent", "UZ Gent", UNIV, "Gent", "Flanders", "nl", 20, 2),
    ("uza", "UZA (Universitair Ziekenhuis Antwerpen)", UNIV, "Edegem", "Flanders", "nl", 16, 2),
    ("uzbrussel", "UZ Brussel", UNIV, "Brussels", "Brussels", "nl", 13, 1),
    ("saintluc", "Cliniques universitaires Saint-Luc", UNIV, "Brussels", "Brussels", "fr", 19, 2),
    ("erasme", "Hôpital Erasme (H.U.B)", UNIV, "Brussels", "Brussels", "fr", 8, 1),
    ("bordet", "Institut Jules Bordet, H.U.B", UNIV, "Brussels", "Brussels", "fr", 18, 2),
    ("chustpierre", "CHU Saint-Pierre", UNIV, "Brussels", "Brussels", "fr", 8, 0),
    ("chuliege", "CHU de Liège", UNIV, "Liège", "Wallonia", "fr", 17, 2),
    ("chuuclnamur", "CHU UCL Namur – Godinne", UNIV, "Yvoir", "Wallonia", "fr", 12, 1),
    ("azsintjan", "AZ Sint-Jan Brugge", GEN, "Brugge", "Flanders", "nl", 10, 0),
    ("azgroeninge", "AZ Groeninge", GEN, "Kortrijk", "Flanders", "nl", 9, 0),
    ("azdelta", "AZ Delta", GEN, "Roeselare", "Flanders", "nl", 9, 0),
    ("azmmgent", "AZ Maria Middelares", GEN, "Gent", "Flanders", "nl", 6, 0),
    ("olvaalst", "OLV Ziekenhuis Aalst", GEN, "Aalst", "Flanders", "nl", 8, 0),
    ("vitaz", "VITAZ", GEN, "Sint-Niklaas", "Flanders", "nl", 7, 0),
    ("zna", "ZNA Middelheim", GEN, "Antwerpen", "Flanders", "nl", 9, 0),
    ("gza", "GZA Ziekenhuizen – Sint-Augustinus", GEN, "Antwerpen", "Flanders", "nl", 8, 0),
    ("jessa", "Jessa Ziekenhuis", GEN, "Hasselt", "Flanders", "nl", 8, 0),
    ("zol", "Ziekenhuis Oost-Limburg (ZOL)", GEN, "Genk", "Flanders", "nl", 7, 0),
    ("ghdc", "Grand Hôpital de Charleroi", GEN, "Charleroi", "Wallonia", "fr", 9, 0),
    ("heloramons", "CHU HELORA – Hôpital de Mons", GEN, "Mons", "Wallonia", "fr", 7, 0),
    ("jolimont", "HELORA – Hôpital de Jolimont", GEN, "La Louvière", "Wallonia", "fr", 6, 0),
    ("citadelle", "CHR de la Citadelle", GEN, "Liège", "Wallonia", "fr", 9, 0),
    ("montlegia", "CHC MontLégia", GEN, "Liège", "Wallonia", "fr", 8, 0),
    ("cspo", "Clinique Saint-Pierre Ottignies", GEN, "Ottignies-Louvain-la-Neuve", "Wallonia", "fr", 6, 0),
    ("vivalia", "Vivalia – Clinique du Sud-Luxembourg", GEN, "Arlon", "Wallonia", "fr", 5, 0),
    ("europe", "Europe Hospitals", GEN, "Brussels", "Brussels", "fr", 7, 0),
    ("chirec", "Hôpital Delta (CHIREC)", GEN, "Brussels", "Brussels", "fr", 7, 0),
]

# Where each hospital is: latitude and longitude (WGS 84, decimal degrees) of its main campus, to about
# 1 km (for `liaison trips` and `render --trips`). Bordet is on the Erasme campus since November 2021;
# CHU UCL Namur is its Mont-Godinne site, where this demo places its hematologists.
LOCATION = {
    "uzleuven": (50.8807, 4.6713),
    "uzgent": (51.0236, 3.7262),
    "uza": (51.1552, 4.4452),
    "uzbrussel": (50.8874, 4.3079),
    "saintluc": (50.8530, 4.4530),
    "erasme": (50.8136, 4.2661),
    "bordet": (50.8148, 4.2686),
    "chustpierre": (50.8355, 4.3480),
    "chuliege": (50.5722, 5.5669),
    "chuuclnamur": (50.3570, 4.8900),
    "azsintjan": (51.2153, 3.2430),
    "azgroeninge": (50.8172, 3.2870),
    "azdelta": (50.9311, 3.1447),
    "azmmgent": (51.0286, 3.6846),
    "olvaalst": (50.9356, 4.0555),
    "vitaz": (51.1615, 4.1527),
    "zna": (51.1836, 4.4194),
    "gza": (51.1713, 4.4107),
    "jessa": (50.9335, 5.3417),
    "zol": (50.9532, 5.5069),
    "ghdc": (50.4253, 4.4895),
    "heloramons": (50.4597, 3.9435),
    "jolimont": (50.4727, 4.2005),
    "citadelle": (50.6460, 5.5620),
    "montlegia": (50.6390, 5.5230),
    "cspo": (50.6657, 4.5795),
    "vivalia": (49.6857, 5.8230),
    "europe": (50.8060, 4.3720),
    "chirec": (50.8175, 4.4010),
}
assert sorted(LOCATION) == sorted(i[0] for i in INSTITUTIONS), "every institution has a position"

# The liaisons' planning resources (liaisons.csv): visits a quarter, where their days start (a city of
# institutions.csv) and the most visits in one day.
LIAISON_RESOURCES = {
    "Sofie Peeters": (40, "Gent", 4),
    "Lotte Janssens": (48, "Leuven", 4),
    "Julien Dubois": (36, "Liège", 3),
    "Mehdi El Amrani": (56, "Brussels", 5),
}

# Where a hospital's hematologists send patients they cannot treat locally (transplant, CAR-T,
# early trials): mostly the university hospital of their region and language community.
REFERS_TO = {
    "azsintjan": [("uzgent", 0.6), ("uzleuven", 0.35), ("uzbrussel", 0.05)],
    "azgroeninge": [("uzgent", 0.55), ("uzleuven", 0.45)],
    "azdelta": [("uzgent", 0.55), ("uzleuven", 0.45)],
    "azmmgent": [("uzgent", 0.85), ("uzleuven", 0.15)],
    "olvaalst": [("uzgent", 0.35), ("uzbrussel", 0.35), ("uzleuven", 0.3)],
    "vitaz": [("uzgent", 0.55), ("uza", 0.45)],
    "zna": [("uza", 0.7), ("uzleuven", 0.3)],
    "gza": [("uza", 0.6), ("uzleuven", 0.4)],
    "jessa": [("uzleuven", 0.75), ("uza", 0.25)],
    "zol": [("uzleuven", 0.7), ("uza", 0.25), ("chuliege", 0.05)],
    "ghdc": [("chuuclnamur", 0.5), ("saintluc", 0.35), ("bordet", 0.15)],
    "heloramons": [("bordet", 0.4), ("erasme", 0.25), ("saintluc", 0.2), ("chuuclnamur", 0.15)],
    "jolimont": [("bordet", 0.35), ("erasme", 0.2), ("chuuclnamur", 0.25), ("saintluc", 0.2)],
    "citadelle": [("chuliege", 0.85), ("saintluc", 0.15)],
    "montlegia": [("chuliege", 0.6), ("saintluc", 0.4)],
    "cspo": [("saintluc", 0.7), ("chuuclnamur", 0.3)],
    "vivalia": [("chuliege", 0.55), ("chuuclnamur", 0.45)],
    "europe": [("saintluc", 0.5), ("bordet", 0.3), ("uzbrussel", 0.2)],
    "chirec": [("bordet", 0.45), ("saintluc", 0.35), ("erasme", 0.2)],
}
# University hospitals' partners (second opinions, shared programmes, the H.U.B network).
UNIV_PARTNERS = {
    "uzleuven": [("uzgent", 0.35), ("uza", 0.35), ("uzbrussel", 0.3)],
    "uzgent": [("uzleuven", 0.6), ("uza", 0.25), ("uzbrussel", 0.15)],
    "uza": [("uzleuven", 0.6), ("uzgent", 0.4)],
    "uzbrussel": [("uzleuven", 0.6), ("uzgent", 0.2), ("bordet", 0.2)],
    "saintluc": [("chuuclnamur", 0.45), ("chuliege", 0.3), ("bordet", 0.25)],
    "erasme": [("bordet", 0.7), ("saintluc", 0.3)],
    "bordet": [("erasme", 0.45), ("chustpierre", 0.2), ("saintluc", 0.35)],
    "chustpierre": [("bordet", 0.75), ("erasme", 0.25)],
    "chuliege": [("saintluc", 0.55), ("chuuclnamur", 0.25), ("bordet", 0.2)],
    "chuuclnamur": [("saintluc", 0.75), ("chuliege", 0.25)],
}

# Four fictional liaisons and their territories (institution ids).
LIAISONS = {
    "Sofie Peeters": ["uzgent", "azsintjan", "azgroeninge", "azdelta", "azmmgent", "olvaalst", "vitaz"],
    "Lotte Janssens": ["uzleuven", "uza", "zna", "gza", "jessa", "zol"],
    "Julien Dubois": ["chuliege", "chuuclnamur", "citadelle", "montlegia", "vivalia"],
    "Mehdi El Amrani": ["uzbrussel", "saintluc", "erasme", "bordet", "chustpierre", "europe", "chirec",
                        "ghdc", "heloramons", "jolimont", "cspo"],
}
LIAISON_NAMES = sorted(LIAISONS)
WEAK_LIAISON, WEAK_PERIOD = "Julien Dubois", "2026Q3"
WEAK_BACK = dt.date(2026, 9, 14)      # the weak liaison's first working day back that quarter
# How reliably each liaison works through the plan, and how many off-plan contacts they log per quarter.
COMPLIANCE = {"Sofie Peeters": 0.9, "Lotte Janssens": 0.8, "Julien Dubois": 0.86, "Mehdi El Amrani": 0.7}
OFF_PLAN = {"Sofie Peeters": 72, "Lotte Janssens": 76, "Julien Dubois": 62, "Mehdi El Amrani": 80}
# Targets per liaison per quarter (min, max).
PLAN_QUOTA = {"Sofie Peeters": (15, 21), "Lotte Janssens": (16, 23), "Julien Dubois": (13, 18),
              "Mehdi El Amrani": (18, 26)}
# Team-wide activity by quarter (ramp-up in 2025Q1, summer holidays in Q3).
QUARTER_FACTOR = [0.78, 0.92, 0.74, 0.96, 0.86, 0.95, 0.80, 0.95]

# Real congresses (weekdays only; the dates approximate the meetings' actual dates).
CONGRESSES = [
    ("BHS", [dt.date(2025, 1, 31)]),                         # BHS annual meeting 2025
    ("EHA", [dt.date(2025, 6, 12), dt.date(2025, 6, 13)]),   # EHA 2025, Milan
    ("ASH", [dt.date(2025, 12, 8), dt.date(2025, 12, 9)]),   # ASH 2025, Orlando
    ("BHS", [dt.date(2026, 1, 30)]),                         # BHS annual meeting 2026
    ("EHA", [dt.date(2026, 6, 11), dt.date(2026, 6, 12)]),   # EHA 2026, Stockholm
]

TOPICS = [
    "CAR-T referral pathways", "bispecifics in myeloma", "MDS trial enrolment", "CLL sequencing",
    "AML unmet need", "DLBCL second-line options", "myelofibrosis JAK inhibition",
    "mantle cell lymphoma BTK inhibitors", "transplant eligibility assessment",
    "cytokine release syndrome management", "real-world evidence study",
    "investigator-initiated trial proposal", "advisory board follow-up", "medical education request",
]
ONCOLOGY_TOPICS = ["real-world evidence study", "medical education request", "DLBCL second-line options",
                   "investigator-initiated trial proposal", "CLL sequencing"]
PEDIATRIC_TOPICS = ["pediatric ALL and CAR-T access", "CAR-T referral pathways", "medical education request",
                    "transplant eligibility assessment", "investigator-initiated trial proposal"]
CONGRESS_TOPICS = {"BHS": "BHS meeting follow-up", "EHA": "EHA congress highlights", "ASH": "ASH congress highlights"}

# --------------------------------------------------------------------------------------------
# Names: common Flemish, Walloon and Brussels first and last names, combined at random.
# --------------------------------------------------------------------------------------------
NL_FIRST = [
    "Jan", "Pieter", "Koen", "Bart", "Tom", "Wim", "Els", "An", "Katrien", "Sarah", "Lien", "Inge", "Hilde",
    "Geert", "Dirk", "Jeroen", "Stijn", "Annelies", "Evelien", "Karolien", "Liesbeth", "Thomas", "Maarten",
    "Joris", "Nele", "Veerle", "Griet", "Hans", "Pieter-Jan", "Ruben", "Wouter", "Kristof", "Sven", "Bram",
    "Lore", "Elke", "Tine", "Hanne", "Jolien", "Lieven", "Filip", "Frederik", "Kaat", "Marijke", "Ward",
    "Jasper", "Eline", "Charlotte", "Arne", "Dieter", "Greet", "Mieke", "Toon", "Joke", "Brecht", "Ilse",
]
NL_LAST = [
    "Peeters", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Vermeulen",
    "Van den Broeck", "De Clercq", "Michiels", "Aerts", "Smets", "Verhoeven", "Van Damme", "Lambrecht",
    "Verstraete", "De Backer", "Coppens", "Van Hoof", "D'Hondt", "De Wilde", "Van Acker", "Segers", "Cools",
    "Verbeke", "Martens", "Dewulf", "Vanhove", "De Meyer", "Bogaert", "Claeys", "Pauwels", "Stevens",
    "Hendrickx", "Baert", "Verschueren", "Van Hecke", "De Vos", "Lenaerts", "Geerts", "Bosmans", "Tack",
    "D'Haese", "Vercammen", "Wuyts", "Moens", "Van Laere", "Sels", "Verlinden", "Van Parys", "Desmedt",
]
FR_FIRST = [
    "Jean", "Pierre", "Marie", "Sophie", "Nathalie", "Isabelle", "Christophe", "Olivier", "Laurent", "Julie",
    "Camille", "Aurélie", "Frédéric", "Benoît", "Géraldine", "Hélène", "Céline", "Sébastien", "Jérôme",
    "Amélie", "François", "Véronique", "Xavier", "Thibault", "Gaëlle", "Noémie", "Maxime", "Antoine",
    "Caroline", "Anne-Sophie", "Jean-Pierre", "Marie-Claire", "Jean-François", "Delphine", "Valérie",
    "Florence", "Grégory", "Pascale", "Fabienne", "Ludovic", "Manon", "Élodie", "Bertrand", "Quentin",
    "Emmanuel", "Stéphanie", "Vincent", "Arnaud", "Damien", "Justine", "Martin", "Gilles",
]
FR_LAST = [
    "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Leroy", "Renard", "Lejeune", "Collard", "Piron",
    "Lemaire", "Fontaine", "François", "Gilson", "Henrard", "Delvaux", "Mathieu", "Noël", "Legrand",
    "Jacquet", "Dumont", "Denis", "Lecomte", "Hubert", "Charlier", "Gérard", "Delhaye", "Massart", "Bodart",
    "Thiry", "Lambotte", "Pirard", "Dethier", "Mahieu", "Gillet", "Lefèvre", "Marchal", "Hennuy", "Jadoul",
    "Wilmet", "Lemoine", "Goffin", "Bastin", "Closset", "Wéry", "Dessy", "Fraikin", "Leclercq", "Remacle",
]
# Italian-Belgian families are common in Liège and Hainaut.
IT_LAST = ["Rossi", "Lombardi", "Di Stefano", "D'Amico", "Russo", "Marino", "Greco", "Conti", "Esposito", "Lo Bue"]
# Brussels is Belgium's most diverse region.
BXL_FIRST = ["Yasmina", "Karim", "Nadia", "Samir", "Leila", "Youssef", "Amina", "Sami", "Ayşe", "Elif",
             "Anh", "Ioana", "Andrei", "Katarzyna", "Tomasz", "Sofia", "Luca", "Elena", "Nikos", "Inès"]
BXL_LAST = ["Benali", "El Khattabi", "Bouzid", "Haddad", "Aydın", "Yılmaz", "Kaya", "Nguyen", "Popescu",
            "Nowak", "Kowalski", "Ferreira", "Papadopoulos", "Ouali", "Moreira", "Ben Saïd"]
# Combinations never to produce: the liaisons, and real Belgian hematologists whose names could come
# out of these lists (the experts are fictional; any remaining resemblance is coincidental).
FORBIDDEN_NAMES = {
    "Sofie Peeters", "Julien Dubois", "Lotte Janssens", "Mehdi El Amrani",
    "Ann Janssens", "An Janssens", "Ann Van de Velde", "An Van de Velde", "Cédric Hermans",
    "Peter Vandenberghe", "Michel Delforge", "Gregor Verhoef", "Timothy Devos", "Johan Maertens",
    "Tessa Kerre", "Fritz Offner", "Dominik Selleslag", "Koen Theunissen", "Carlos Graux", "Yves Beguin",
    "Jo Caers", "Xavier Poiré", "Eric Van Den Neste", "Ann De Becker", "Rik Schots", "Dries Deeren",
    "Marie Maerevoet", "Dominique Bron", "Philippe Mineur", "Sylvia Snauwaert", "Pierre Zachée",
    "Wilfried Schroyens", "Alain Kentos", "Marc André", "Nathalie Meuleman", "Chantal Doyen",
    "Lucien Noens", "Isabelle Vande Broek", "Jan Van Droogenbroeck", "Bernard De Prijck",
    "Marie-Christiane Vekemans", "Violaine Havelange", "Sébastien Anguille", "Karel Fostier",
}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def weighted_choice(rng, items, weights):
    total = sum(weights)
    x = rng.random() * total
    acc = 0.0
    for item, w in zip(items, weights):
        acc += w
        if x < acc:
            return item
    return items[-1]


def weighted_sample(rng, items, weights, k):
    """k distinct items, drawn without replacement with probability proportional to weight."""
    items, weights = list(items), list(weights)
    out = []
    while items and len(out) < k:
        if sum(weights) <= 0:
            break
        i = weighted_choice(rng, list(range(len(items))), weights)
        out.append(items.pop(i))
        weights.pop(i)
    return out


def quarter_bounds(label):
    y, q = int(label[:4]), int(label[5])
    start = dt.date(y, 3 * (q - 1) + 1, 1)
    end = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def period_of(day):
    return "%dQ%d" % (day.year, (day.month - 1) // 3 + 1)


def easter(year):
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def belgian_holidays(year):
    e = easter(year)
    fixed = [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)]
    days = {dt.date(year, m, d) for m, d in fixed}
    days |= {e + dt.timedelta(days=1), e + dt.timedelta(days=39), e + dt.timedelta(days=50)}
    return days


HOLIDAYS = belgian_holidays(2025) | belgian_holidays(2026)


def working_days(start, end):
    """Weekdays that are not Belgian public holidays, with a visit-likelihood weight."""
    days, weights = [], []
    d = start
    while d <= end:
        if d.weekday() < 5 and d not in HOLIDAYS:
            w = 1.0
            if d.month in (7, 8):
                w = 0.45                      # summer holidays
            if d.month == 12 and d.day >= 22 or d.month == 1 and d.day <= 3:
                w = 0.15                      # Christmas break
            days.append(d)
            weights.append(w)
        d += dt.timedelta(days=1)
    return days, weights


# --------------------------------------------------------------------------------------------
# Network measures (to choose call plans and to verify the planted story). They follow the
# definitions Liaison uses: networkx-style weighted PageRank, unweighted directed betweenness,
# Wasserman–Faust closeness on incoming distances, and the composite influence score.
# --------------------------------------------------------------------------------------------
def pagerank(n, edges, alpha=0.85, tol=1e-10, max_iter=10000):
    out_w = [0.0] * n
    for (s, t), w in edges:
        out_w[s] += w
    adj = [[] for _ in range(n)]
    for (s, t), w in edges:
        adj[s].append((t, w / out_w[s]))
    x = [1.0 / n] * n
    for _ in range(max_iter):
        dangling = sum(x[v] for v in range(n) if out_w[v] == 0)
        base = (alpha * dangling + 1 - alpha) / n
        nx_ = [base] * n
        for v in range(n):
            xv = alpha * x[v]
            for t, w in adj[v]:
                nx_[t] += xv * w
        err = sum(abs(a - b) for a, b in zip(nx_, x))
        x = nx_
        if err < n * tol:
            break
    return x


def betweenness(n, succ):
    bc = [0.0] * n
    for s in range(n):
        stack, pred = [], [[] for _ in range(n)]
        sigma = [0] * n
        sigma[s] = 1
        dist = [-1] * n
        dist[s] = 0
        queue, head = [s], 0
        while head < len(queue):
            v = queue[head]
            head += 1
            stack.append(v)
            for w in succ[v]:
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    pred[w].append(v)
        delta = [0.0] * n
        while stack:
            w = stack.pop()
            for v in pred[w]:
                delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
            if w != s:
                bc[w] += delta[w]
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return [b * scale for b in bc]


def closeness(n, pred_adj):
    cl = [0.0] * n
    for u in range(n):
        dist = {u: 0}
        queue, head = [u], 0
        while head < len(queue):
            v = queue[head]
            head += 1
            for w in pred_adj[v]:
                if w not in dist:
                    dist[w] = dist[v] + 1
                    queue.append(w)
        tot = sum(dist.values())
        if tot > 0 and n > 1:
            r = len(dist) - 1
            cl[u] = (r / tot) * (r / (n - 1))
    return cl


def influence_scores(n, pair_weights):
    """pair_weights: {(s, t): patients}. Returns (pagerank, in_strength, influence, rank, tier)."""
    edges = sorted(pair_weights.items())
    pr = pagerank(n, edges)
    succ = [[] for _ in range(n)]
    pred = [[] for _ in range(n)]
    instr = [0.0] * n
    for (s, t), w in edges:
        succ[s].append(t)
        pred[t].append(s)
        instr[t] += w
    bc = betweenness(n, succ)
    cl = closeness(n, pred)

    def scaled(x):
        m = max(x)
        return [v / m for v in x] if m > 0 else [0.0] * n

    a, b, c, d = scaled(pr), scaled(bc), scaled(cl), scaled(instr)
    infl = [(0.4 * a[v] + 0.2 * b[v] + 0.2 * c[v] + 0.2 * d[v]) for v in range(n)]
    order = sorted(range(n), key=lambda v: (-infl[v], v))
    rank = [0] * n
    for r, v in enumerate(order):
        rank[v] = r
    t1 = math.ceil(0.10 * n - 1e-9)
    t2 = math.ceil(0.20 * n - 1e-9)
    tier = []
    for v in range(n):
        if not succ[v] and not pred[v]:
            tier.append(3)
        else:
            tier.append(1 if rank[v] < t1 else (2 if rank[v] < t1 + t2 else 3))
    return pr, instr, infl, rank, tier


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------
def generate():
    rng = random.Random(SEED)
    inst_by_id = {i[0]: i for i in INSTITUTIONS}
    territory_of = {}
    for liaison in LIAISON_NAMES:
        for inst in LIAISONS[liaison]:
            territory_of[inst] = liaison
    assert sorted(territory_of) == sorted(inst_by_id), "every institution belongs to one territory"

    # ---- experts --------------------------------------------------------------------------
    n_experts = sum(i[6] for i in INSTITUTIONS)
    id_numbers = list(range(1, n_experts + 1))
    rng.shuffle(id_numbers)  # ids do not reveal the institution
    experts = []             # dicts; index = position in generation order
    used_names = set()

    def make_name(community, inst_id):
        region = inst_by_id[inst_id][4]
        while True:
            r = rng.random()
            if community == "nl":
                first = rng.choice(BXL_FIRST if r < 0.06 else NL_FIRST)
                last = rng.choice(BXL_LAST if r < 0.06 else NL_LAST)
            else:
                if region == "Brussels" and r < 0.22:
                    first, last = rng.choice(BXL_FIRST), rng.choice(BXL_LAST)
                elif region == "Wallonia" and r < 0.12:
                    first, last = rng.choice(FR_FIRST), rng.choice(IT_LAST)
                elif r > 0.95:
                    first, last = rng.choice(FR_FIRST), rng.choice(NL_LAST)   # Flemish-named francophone
                else:
                    first, last = rng.choice(FR_FIRST), rng.choice(FR_LAST)
            name = "%s %s" % (first, last)
            if name not in used_names and name not in FORBIDDEN_NAMES:
                used_names.add(name)
                return name

    pediatric_slots = {"uzleuven": 2, "uzgent": 2, "saintluc": 2, "chuliege": 1, "uza": 1, "uzbrussel": 1}
    k = 0
    for inst in INSTITUTIONS:
        iid, _, kind, _, region, lang, count, stars = inst
        for j in range(count):
            e = {"index": len(experts), "id": "E%03d" % id_numbers[k], "institution": iid, "region": region,
                 "kind": kind, "lang": lang, "star": j < stars, "pediatric": False}
            k += 1
            e["name"] = make_name(lang, iid)
            if kind == UNIV:
                if e["star"]:
                    e["title"] = "Prof. Dr."
                    e["specialty"] = rng.choice(["Hematology", "Hematology", "Hemato-oncology"])
                elif stars <= j < stars + pediatric_slots.get(iid, 0):
                    e["pediatric"] = True
                    e["title"] = "Prof. Dr." if rng.random() < 0.4 else "Dr."
                    e["specialty"] = "Pediatric Hematology"
                else:
                    e["title"] = "Prof. Dr." if rng.random() < 0.25 else "Dr."
                    if iid == "bordet":
                        e["specialty"] = weighted_choice(rng, ["Hematology", "Medical Oncology"], [0.6, 0.4])
                    else:
                        e["specialty"] = weighted_choice(
                            rng, ["Hematology", "Hemato-oncology", "Medical Oncology"], [0.55, 0.25, 0.2])
            else:
                e["title"] = "Dr."
                e["specialty"] = weighted_choice(
                    rng, ["Hemato-oncology", "Hematology", "Medical Oncology"], [0.4, 0.35, 0.25])
            if lang == "nl":
                e["languages"] = "nl;en;fr" if rng.random() < (0.7 if region == "Brussels" else 0.35) else "nl;en"
            else:
                x = rng.random()
                nl_share = 0.45 if region == "Brussels" else 0.18
                e["languages"] = "fr;en;nl" if x < nl_share else ("fr" if x > 0.93 else "fr;en")
            experts.append(e)
    n = len(experts)

    # Names that exercise CSV quoting: a comma (a degree appended in the CRM) and a double quote.
    quoting_demo = [e for e in experts if e["institution"] == "citadelle"][2]
    quoting_demo["name"] = quoting_demo["name"] + ", PhD"
    nickname_demo = [e for e in experts if e["institution"] == "zna"][3]
    parts = nickname_demo["name"].split(" ", 1)
    nickname_demo["name"] = '%s "Bob" %s' % (parts[0], parts[1])
    assert any("'" in e["name"] for e in experts) and any("é" in e["name"] for e in experts)

    by_inst = {}
    for e in experts:
        by_inst.setdefault(e["institution"], []).append(e["index"])

    # ---- planted roles --------------------------------------------------------------------
    def star(inst, j):
        return by_inst[inst][j]

    hidden = [star("uzleuven", 1), star("uza", 0), star("uzgent", 1), star("saintluc", 1),
              star("bordet", 0), star("chuliege", 0), star("chuuclnamur", 0)]
    hidden_in_plan = hidden[:2]           # on the call plan, yet (almost) never visited
    # Rising experts: non-star university or large general-hospital hematologists who open a new
    # programme (CAR-T, bispecific clinic) in 2026 and draw new referrals.
    def first_plain(inst, specialty_ok=("Hematology", "Hemato-oncology")):
        for v in by_inst[inst]:
            e = experts[v]
            if not e["star"] and not e["pediatric"] and e["specialty"] in specialty_ok and e["title"] == "Dr.":
                return v
        raise AssertionError(inst)

    rising = [first_plain("uzgent"), first_plain("saintluc"), first_plain("jessa")]
    rising_start = {rising[0]: 4, rising[1]: 4, rising[2]: 5}   # quarter index the inflow begins
    # Friendly, low-influence general-hospital experts the liaisons see often.
    friendly = []
    for inst in ["azdelta", "vitaz", "zol", "vivalia", "citadelle", "chirec"]:
        cands = [v for v in by_inst[inst] if v not in rising and experts[v] is not quoting_demo]
        friendly.append(cands[-1])

    # ---- attractiveness (who receives referrals) ------------------------------------------
    attract = []
    for e in experts:
        v = e["index"]
        if e["star"]:
            a = 10.0 * math.exp(rng.gauss(0, 0.2))
        elif e["pediatric"]:
            a = 0.25
        elif e["kind"] == UNIV:
            a = (2.5 if e["title"] == "Prof. Dr." else 1.0) * math.exp(rng.gauss(0, 0.35))
        else:
            a = 0.5 * math.exp(rng.gauss(0, 0.5))
        if v in rising:
            a = 0.1
        if v in friendly:
            a = 0.02
        attract.append(a)

    adult = {iid: [v for v in by_inst[iid] if not experts[v].get("pediatric")] for iid in by_inst}
    general_by_region = {}
    for e in experts:
        if e["kind"] == GEN:
            general_by_region.setdefault(e["region"], []).append(e["index"])
    catchment = {}  # university hospital -> general hospitals referring to it
    for g, lst in REFERS_TO.items():
        for u, w in lst:
            catchment.setdefault(u, []).append((g, w))

    def pick_pool(src):
        e = experts[src]
        inst = e["institution"]
        r = rng.random()
        if e["pediatric"]:
            if r < 0.6:
                return [v for v in by_inst[inst] if experts[v]["star"]] or adult[inst]
            peds = [v for v in range(n) if experts[v]["pediatric"] and experts[v]["institution"] != inst]
            return peds
        if e["kind"] == GEN:
            if r < 0.72:
                hosp = weighted_choice(rng, [h for h, _ in REFERS_TO[inst]], [w for _, w in REFERS_TO[inst]])
                return adult[hosp]
            if r < 0.86:
                return adult[inst]
            if r < 0.97:
                return [v for v in general_by_region[e["region"]] if experts[v]["institution"] != inst]
            return [v for v in range(n) if experts[v]["region"] != e["region"] and not experts[v]["pediatric"]]
        # university hospital
        if r < 0.5:
            return adult[inst]
        if r < 0.78:
            hosp = weighted_choice(rng, [h for h, _ in UNIV_PARTNERS[inst]], [w for _, w in UNIV_PARTNERS[inst]])
            return adult[hosp]
        if r < 0.96 and inst in catchment:
            hosp = weighted_choice(rng, [h for h, _ in catchment[inst]], [w for _, w in catchment[inst]])
            return adult[hosp]
        return [v for v in range(n) if experts[v]["region"] != e["region"] and not experts[v]["pediatric"]]

    # pairs[(s, t)] = list of 8 counts (0 = no row that quarter)
    pairs = {}

    def series(base, start, end, skip_p=0.07):
        counts = [0] * 8
        level = base
        for q in range(8):
            level *= math.exp(rng.gauss(0, 0.1))
            if q < start or q > end or rng.random() < skip_p:
                continue
            c = level * rng.uniform(0.85, 1.15)
            if q in (2, 6):
                c *= 0.92            # summer
            if q == 7:
                c *= Q4_2026_ELAPSED  # 2026Q4 only runs to the extraction date
            counts[q] = max(1, int(round(c))) if c >= 0.5 else 0
        return counts

    for src in range(n):
        e = experts[src]
        if e["pediatric"]:
            k_out = rng.randint(1, 4)
        elif e["kind"] == GEN:
            k_out = rng.randint(5, 13)
        else:
            k_out = rng.randint(3, 10)
        targets = []
        tries = 0
        while len(targets) < k_out and tries < 200:
            tries += 1
            pool = [v for v in pick_pool(src) if v != src and v not in targets]
            if not pool:
                continue
            t = weighted_choice(rng, pool, [attract[v] for v in pool])
            targets.append(t)
        for t in targets:
            if rng.random() < 0.15:
                base = rng.uniform(1.5, 10)
            else:
                base = math.exp(rng.gauss(math.log(22), 0.45)) * (1.35 if experts[t]["star"] else 1.0)
                base = min(max(base, 11.5), 80)
            x = rng.random()
            if x < 0.75:
                start, end = 0, 7
            elif x < 0.86:
                start, end = rng.randint(1, 5), 7          # link appears
            elif x < 0.96:
                start, end = 0, rng.randint(2, 6)          # link disappears
            else:
                start = rng.randint(1, 3)
                end = rng.randint(start + 1, 6)
            counts = series(base, start, end)
            if any(counts):
                pairs[(src, t)] = counts

    # Rising experts: new referral inflow during 2026.
    for r in rising:
        inst = experts[r]["institution"]
        if experts[r]["kind"] == UNIV:
            feeders = [g for g, _ in catchment[inst]]
        else:   # a general hospital's new programme draws from its own province and neighbours
            feeders = {"jessa": ["zol", "zna", "gza", "uzleuven"]}[inst]
        pool = [v for h in feeders + [inst] for v in adult[h] if v != r and (v, r) not in pairs]
        pool = sorted(set(pool))
        new_sources = rng.sample(pool, min(len(pool), 34))
        for s in sorted(new_sources):
            first = rising_start[r] + weighted_choice(rng, [0, 1, 2], [0.35, 0.4, 0.25])
            first = min(first, 6)
            base = rng.uniform(16, 42)
            counts = series(base, first, 7, skip_p=0.02)
            if first < 7 and counts[first]:
                counts[first] = max(1, int(round(counts[first] * 0.6)))   # ramp-up quarter
            if any(counts):
                pairs[(s, r)] = counts

    # ---- referral importance per quarter ---------------------------------------------------
    def quarter_pairs(q):
        return {p: c[q] for p, c in pairs.items() if c[q] > 0}

    per_quarter = [influence_scores(n, quarter_pairs(q)) for q in range(8)]
    overall_pairs = {p: sum(c) for p, c in pairs.items()}
    overall = influence_scores(n, overall_pairs)

    # ---- call plans ------------------------------------------------------------------------
    # Each liaison gets a target list for the quarter, ranked on last quarter's referral data
    # (PageRank and patients received) with noise: the plan is mostly right, but not entirely.
    plan = {}  # (expert, q) -> planned
    liaison_of = [territory_of[e["institution"]] for e in experts]
    for q in range(8):
        basis = per_quarter[max(q - 1, 0)]
        pr, instr = basis[0], basis[1]
        mpr, mst = max(pr), max(instr)
        for liaison in LIAISON_NAMES:
            scored = []
            for v in range(n):
                if liaison_of[v] != liaison or (v in hidden and v not in hidden_in_plan):
                    continue                       # the plan's blind spots
                s = (0.6 * pr[v] / mpr + 0.4 * instr[v] / mst) * math.exp(rng.gauss(0, 0.35))
                scored.append((-s, v))
            scored.sort()
            lo, hi = PLAN_QUOTA[liaison]
            chosen = [v for _, v in scored[:rng.randint(lo, hi)]]
            slot = len(chosen) - 1
            for v in hidden_in_plan:
                if liaison_of[v] == liaison and v not in chosen and q >= 1:
                    chosen[slot] = v
                    slot -= 1
            # imperfect: a few friendly, low-influence experts make it onto the plan
            for f in friendly:
                if liaison_of[f] == liaison and f not in chosen and rng.random() < 0.4:
                    chosen[slot] = f
                    slot -= 1
            chosen_set = set(chosen)
            ordered = [v for _, v in scored if v in chosen_set]
            for rank, v in enumerate(ordered):
                if v in friendly:
                    planned = 2
                elif rank < 4:
                    planned = rng.choice([3, 4, 4])
                elif rank < 10:
                    planned = rng.choice([2, 2, 3])
                else:
                    planned = rng.choice([1, 1, 2])
                plan[(v, q)] = planned

    # ---- interactions ----------------------------------------------------------------------
    interactions = []       # (date, liaison, expert, channel, topic, duration)
    seen = set()            # (date, liaison, expert)

    def topic_for(v, channel, congress=None):
        e = experts[v]
        if congress and rng.random() < 0.5:
            return CONGRESS_TOPICS[congress]
        if v in rising and rng.random() < 0.6:
            return rng.choice(["CAR-T referral pathways", "bispecifics in myeloma"])
        if e["pediatric"]:
            return rng.choice(PEDIATRIC_TOPICS)
        if e["specialty"] == "Medical Oncology":
            return rng.choice(ONCOLOGY_TOPICS)
        return rng.choice(TOPICS)

    def duration_for(channel):
        if rng.random() < 0.07:
            return None
        if channel == "in-person":
            return weighted_choice(rng, [30, 45, 60, 75, 90], [3, 4, 3, 1, 1])
        if channel == "virtual":
            return weighted_choice(rng, [20, 30, 45, 60], [2, 4, 3, 1])
        if channel == "phone":
            return weighted_choice(rng, [15, 20, 30], [4, 3, 2])
        return weighted_choice(rng, [15, 20, 30, 45], [3, 3, 3, 1])

    def add(day, liaison, v, channel, congress=None):
        key = (day, liaison, v)
        if key in seen:
            return False
        seen.add(key)
        interactions.append((day, liaison, v, channel, topic_for(v, channel, congress), duration_for(channel)))
        return True

    def visit_channel(liaison, v):
        far = experts[v]["institution"] in ("vivalia", "jolimont", "heloramons")
        w_virtual = 0.28 + (0.15 if far else 0) + (0.05 if liaison == "Mehdi El Amrani" else 0)
        return weighted_choice(rng, ["in-person", "virtual", "phone"], [0.55, w_virtual, 0.17])

    territory_experts = {l: [v for v in range(n) if territory_of[experts[v]["institution"]] == l]
                         for l in LIAISON_NAMES}
    for q, label in enumerate(PERIODS):
        qs, qe = quarter_bounds(label)
        all_days, all_weights = working_days(max(qs, FIRST_DAY), min(qe, EXTRACTION_DAY))
        partial = Q4_2026_ELAPSED + 0.05 if q == 7 else 1.0
        for liaison in LIAISON_NAMES:
            factor = QUARTER_FACTOR[q]
            days, dweights = all_days, all_weights
            if (liaison, label) == (WEAK_LIAISON, WEAK_PERIOD):
                # on leave until mid-September, then catching up slowly
                factor *= 0.15
                days = [d for d in all_days if d >= WEAK_BACK]
                dweights = all_weights[len(all_days) - len(days):]
            p = min(0.98, COMPLIANCE[liaison] * factor * partial)
            mine = territory_experts[liaison]
            targets = [v for v in mine if (v, q) in plan]
            for v in targets:
                if v in hidden:
                    continue
                visits = sum(1 for _ in range(plan[(v, q)]) if rng.random() < p)
                if rng.random() < 0.12 * factor:
                    visits += 1
                for _ in range(visits):
                    for _attempt in range(10):
                        if add(weighted_choice(rng, days, dweights), liaison, v, visit_channel(liaison, v)):
                            break
            # off-plan contacts
            n_off = int(round(OFF_PLAN[liaison] * factor * partial * math.exp(rng.gauss(0, 0.12))))
            weights = []
            for v in mine:
                if v in hidden:
                    w = 0.0
                elif v in friendly:
                    w = 9.0
                elif (v, q) in plan:
                    w = 0.8
                else:
                    w = 1.0 if experts[v]["kind"] == GEN else 1.3
                weights.append(w)
            for _ in range(n_off):
                v = weighted_choice(rng, mine, weights)
                for _attempt in range(10):
                    if add(weighted_choice(rng, days, dweights), liaison, v, visit_channel(liaison, v)):
                        break
        # congresses in this quarter
        for congress, cdays in CONGRESSES:
            cdays = [d for d in cdays if qs <= d <= qe]
            if not cdays:
                continue
            for liaison in LIAISON_NAMES:
                meetings = rng.randint(6, 12) if congress != "BHS" else rng.randint(8, 14)
                cands, weights = [], []
                for v in range(n):
                    if v in hidden:
                        continue
                    home = territory_of[experts[v]["institution"]] == liaison
                    if experts[v]["star"]:
                        w = 6.0
                    elif (v, q) in plan:
                        w = 2.0
                    elif v in friendly:
                        w = 3.0
                    else:
                        w = 0.3
                    cands.append(v)
                    weights.append(w * (1.0 if home else 0.08))
                for v in weighted_sample(rng, cands, weights, meetings):
                    add(rng.choice(cdays), liaison, v, "congress", congress)

    # The few contacts the hidden influencers did get.
    add(dt.date(2025, 6, 13), territory_of[experts[hidden[2]]["institution"]], hidden[2], "congress", "EHA")
    add(dt.date(2025, 5, 20), territory_of[experts[hidden[0]]["institution"]], hidden[0], "virtual")
    add(dt.date(2025, 12, 8), territory_of[experts[hidden[4]]["institution"]], hidden[4], "congress", "ASH")
    add(dt.date(2025, 10, 14), territory_of[experts[hidden[5]]["institution"]], hidden[5], "phone")

    # ---- collaborations --------------------------------------------------------------------
    collab = {}   # (a, b) with a < b by id -> (kind, weight)

    def add_collab(a, b, kind, weight):
        if a == b:
            return
        ia, ib = experts[a]["id"], experts[b]["id"]
        key = (a, b) if ia < ib else (b, a)
        if key not in collab:
            collab[key] = (kind, weight)

    for iid in sorted(by_inst):                     # tumour boards: colleagues in one hospital
        members = by_inst[iid]
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                if rng.random() < 0.09:
                    add_collab(members[i], members[j], "tumour board", rng.randint(2, 5))
    univ_adult = [v for v in range(n) if experts[v]["kind"] == UNIV and not experts[v]["pediatric"]]
    w_univ = [attract[v] for v in univ_adult]
    for _ in range(110):                             # co-authors: academic, star-centred
        a = weighted_choice(rng, univ_adult, w_univ)
        b = weighted_choice(rng, univ_adult, w_univ)
        add_collab(a, b, "co-author", weighted_choice(rng, [1, 2, 3, 4, 5], [4, 3, 2, 1, 1]))
    linked = sorted(p for p in pairs if experts[p[0]]["kind"] == GEN and experts[p[1]]["kind"] == UNIV)
    for a, b in rng.sample(linked, 80):              # co-investigators: trial sites and their referrers
        add_collab(a, b, "co-investigator", weighted_choice(rng, [1, 2, 3], [3, 2, 1]))
    board = [v for v in range(n) if experts[v]["star"] or experts[v]["title"] == "Prof. Dr."] + list(rising)
    for _ in range(45):                              # national advisory boards
        a, b = rng.sample(board, 2)
        add_collab(a, b, "advisory board", weighted_choice(rng, [1, 2, 3], [3, 2, 1]))

    return {
        "experts": experts, "pairs": pairs, "plan": plan, "interactions": interactions, "collab": collab,
        "hidden": hidden, "hidden_in_plan": hidden_in_plan, "rising": rising, "friendly": friendly,
        "per_quarter": per_quarter, "overall": overall, "territory_of": territory_of,
    }


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------
def write_csv(name, header, rows):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)


def write_all(g):
    os.makedirs(OUT_DIR, exist_ok=True)
    experts = g["experts"]
    eid = [e["id"] for e in experts]
    write_csv("institutions.csv", ["id", "name", "kind", "city", "region", "lat", "lon"],
              sorted((i[0], i[1], i[2], i[3], i[4], "%.4f" % LOCATION[i[0]][0], "%.4f" % LOCATION[i[0]][1])
                     for i in INSTITUTIONS))
    write_csv("liaisons.csv", ["liaison", "capacity", "home", "visits_per_day"],
              [(l, c, h, v) for l, (c, h, v) in sorted(LIAISON_RESOURCES.items())])
    write_csv("experts.csv", ["id", "name", "title", "specialty", "institution", "region", "npi", "languages"],
              sorted((e["id"], e["name"], e["title"], e["specialty"], e["institution"], e["region"], "",
                      e["languages"]) for e in experts))
    rows = []
    for (s, t), counts in g["pairs"].items():
        for q, c in enumerate(counts):
            if c > 0:
                rows.append((eid[s], eid[t], c, PERIODS[q]))
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    write_csv("referrals.csv", ["source", "target", "patients", "period"], rows)
    rows = sorted((eid[a], eid[b], kind, w) for (a, b), (kind, w) in g["collab"].items())
    write_csv("collaborations.csv", ["a", "b", "kind", "weight"], rows)
    rows = sorted((d.isoformat(), eid[v], l, ch, topic, "" if dur is None else dur)
                  for d, l, v, ch, topic, dur in g["interactions"])
    # columns: id,date,expert,liaison,channel,topic,duration_minutes — sorted by date, then expert
    rows = [("I%05d" % (i + 1), r[0], r[1], r[2], r[3], r[4], r[5]) for i, r in enumerate(rows)]
    write_csv("interactions.csv", ["id", "date", "expert", "liaison", "channel", "topic", "duration_minutes"], rows)
    rows = sorted((eid[v], PERIODS[q], p) for (v, q), p in g["plan"].items())
    rows.sort(key=lambda r: (r[1], r[0]))
    write_csv("plan.csv", ["expert", "period", "planned"], rows)


# --------------------------------------------------------------------------------------------
# Self-check: re-read the files and assert the format invariants and the planted story.
# --------------------------------------------------------------------------------------------
def read_csv(name):
    with open(os.path.join(OUT_DIR, name), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with open(os.path.join(OUT_DIR, name), "rb") as f:
        raw = f.read()
    assert b"\r" not in raw, name + ": LF line endings only"
    return rows[0], rows[1:]


def nonneg_int(text):
    assert text.isdigit(), "not a non-negative integer: %r" % text
    return int(text)


def self_check(g, show_facts):
    h, inst_rows = read_csv("institutions.csv")
    assert h == ["id", "name", "kind", "city", "region", "lat", "lon"]
    for r in inst_rows:
        lat, lon = float(r[5]), float(r[6])
        assert 49.4 < lat < 51.6 and 2.5 < lon < 6.5, "inside Belgium: %r" % r
    inst = {r[0]: r for r in inst_rows}
    assert len(inst) == len(inst_rows) and 20 <= len(inst) <= 32
    assert all(r[2] in (UNIV, GEN) and r[4] in ("Flanders", "Wallonia", "Brussels") for r in inst_rows)

    h, lia_rows = read_csv("liaisons.csv")
    assert h == ["liaison", "capacity", "home", "visits_per_day"]
    cities = {r[3] for r in inst_rows}
    assert sorted(r[0] for r in lia_rows) == LIAISON_NAMES and all(r[2] in cities for r in lia_rows)

    h, exp_rows = read_csv("experts.csv")
    assert h == ["id", "name", "title", "specialty", "institution", "region", "npi", "languages"]
    experts = {r[0]: r for r in exp_rows}
    assert len(experts) == len(exp_rows) == 300
    for r in exp_rows:
        assert len(r) == 8 and r[4] in inst and r[5] == inst[r[4]][4] and r[6] == ""
        assert r[2] in ("Dr.", "Prof. Dr.") and r[7]
        assert r[2] == "Dr." or inst[r[4]][2] == UNIV
    assert any("," in r[1] for r in exp_rows) and any("'" in r[1] for r in exp_rows)
    assert any('"' in r[1] for r in exp_rows)
    assert len({r[1] for r in exp_rows}) == 300, "names are unique"

    h, ref_rows = read_csv("referrals.csv")
    assert h == ["source", "target", "patients", "period"]
    keys = set()
    small = mid = 0
    for s, t, c, p in ref_rows:
        assert s in experts and t in experts and s != t and p in PERIODS
        c = nonneg_int(c)
        small += c <= 10
        mid += 11 <= c <= 60
        assert (s, t, p) not in keys
        keys.add((s, t, p))
    distinct_pairs = {(s, t) for s, t, _ in keys}
    assert 2000 <= len(distinct_pairs) <= 3500, len(distinct_pairs)
    assert small > 0 and mid > 0.6 * len(ref_rows)

    h, col_rows = read_csv("collaborations.csv")
    assert h == ["a", "b", "kind", "weight"]
    for a, b, kind, w in col_rows:
        assert a in experts and b in experts and a < b
        assert kind in ("co-author", "co-investigator", "advisory board", "tumour board")
        assert 1 <= nonneg_int(w) <= 5
    assert len({(a, b) for a, b, _, _ in col_rows}) == len(col_rows)
    assert 200 <= len(col_rows) <= 600

    h, int_rows = read_csv("interactions.csv")
    assert h == ["id", "date", "expert", "liaison", "channel", "topic", "duration_minutes"]
    assert len({r[0] for r in int_rows}) == len(int_rows)
    assert 2500 <= len(int_rows) <= 4000, len(int_rows)
    for iid, d, e, l, ch, topic, dur in int_rows:
        day = dt.date.fromisoformat(d)
        assert len(d) == 10 and day.isoformat() == d
        assert FIRST_DAY <= day <= EXTRACTION_DAY and day.weekday() < 5
        assert e in experts and l in LIAISONS and ch in ("in-person", "virtual", "phone", "congress") and topic
        assert dur == "" or 15 <= nonneg_int(dur) <= 90

    h, plan_rows = read_csv("plan.csv")
    assert h == ["expert", "period", "planned"]
    per_period = {}
    for e, p, k in plan_rows:
        assert e in experts and p in PERIODS and 1 <= nonneg_int(k) <= 4
        per_period.setdefault(p, set()).add(e)
    assert sorted(per_period) == PERIODS
    assert all(55 <= len(per_period[p]) <= 95 for p in PERIODS)
    assert len({(e, p) for e, p, _ in plan_rows}) == len(plan_rows)

    # ---- the planted story -------------------------------------------------------------------
    ex = g["experts"]
    eid = [e["id"] for e in ex]
    visits = {}
    for r in int_rows:
        visits[r[2]] = visits.get(r[2], 0) + 1
    pr, _, _, rank, tier = g["overall"]
    pr_rank = {v: r for r, v in enumerate(sorted(range(len(ex)), key=lambda v: (-pr[v], v)))}
    facts = []
    for v in g["hidden"]:
        assert tier[v] == 1 and rank[v] < 20 and pr_rank[v] < 20, (eid[v], rank[v], pr_rank[v])
        assert visits.get(eid[v], 0) <= 2
        q_tiers = [g["per_quarter"][q][4][v] for q in range(8)]
        assert q_tiers.count(1) >= 6, (eid[v], q_tiers)
        facts.append("hidden influencer %s (%s, %s): influence rank %d, PageRank rank %d, %d interactions, "
                     "on plan in %d quarters"
                     % (eid[v], ex[v]["name"], ex[v]["institution"], rank[v] + 1, pr_rank[v] + 1,
                        visits.get(eid[v], 0),
                        sum(1 for p in PERIODS if eid[v] in per_period[p])))
    for v in g["rising"]:
        ranks = [g["per_quarter"][q][3][v] + 1 for q in range(8)]
        assert all(r > 60 for r in ranks[:4]), (eid[v], ranks)
        assert ranks[6] <= 30 and ranks[7] <= 30, (eid[v], ranks)
        facts.append("rising expert %s (%s, %s): influence rank by quarter %s"
                     % (eid[v], ex[v]["name"], ex[v]["institution"], ranks))
    for v in g["friendly"]:
        assert rank[v] >= 150 and visits.get(eid[v], 0) >= 10, (eid[v], rank[v], visits.get(eid[v], 0))
        facts.append("friendly low-influence %s (%s, %s): influence rank %d, %d interactions"
                     % (eid[v], ex[v]["name"], ex[v]["institution"], rank[v] + 1, visits.get(eid[v], 0)))
    # coverage: share of a liaison's planned targets with at least one interaction that quarter
    territory_of = g["territory_of"]
    inst_of = {r[0]: r[4] for r in exp_rows}
    # and attainment: planned interactions actually delivered, min(actual, planned) / planned
    done = {}
    for r in int_rows:
        key = (r[2], period_of(dt.date.fromisoformat(r[1])))
        done[key] = done.get(key, 0) + 1
    planned = {(e, p): int(k) for e, p, k in plan_rows}
    cov, att = {}, {}
    for p in PERIODS:
        for l in LIAISON_NAMES:
            mine = [e for e in sorted(per_period[p]) if territory_of[inst_of[e]] == l]
            cov[(l, p)] = sum(done.get((e, p), 0) > 0 for e in mine) / len(mine)
            att[(l, p)] = (sum(min(done.get((e, p), 0), planned[(e, p)]) for e in mine)
                           / sum(planned[(e, p)] for e in mine))
    for m in (cov, att):
        weak = m[(WEAK_LIAISON, WEAK_PERIOD)]
        others = [m[(WEAK_LIAISON, p)] for p in PERIODS if p not in (WEAK_PERIOD, "2026Q4")]
        assert weak < 0.6 * min(others), (weak, others)
        assert all(weak < 0.6 * m[(l, WEAK_PERIOD)] for l in LIAISON_NAMES if l != WEAK_LIAISON)
    for l in LIAISON_NAMES:
        facts.append("targets reached   %-16s %s" % (l, " ".join("%s=%.0f%%" % (p, 100 * cov[(l, p)]) for p in PERIODS)))
    for l in LIAISON_NAMES:
        facts.append("plan attainment   %-16s %s" % (l, " ".join("%s=%.0f%%" % (p, 100 * att[(l, p)]) for p in PERIODS)))

    summary = ("belgian-hematology: %d institutions, %d experts, %d referral rows (%d pairs), "
               "%d collaborations, %d interactions, %d plan rows"
               % (len(inst_rows), len(exp_rows), len(ref_rows), len(distinct_pairs), len(col_rows),
                  len(int_rows), len(plan_rows)))
    print(summary)
    if show_facts:
        for f in facts:
            print("  " + f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--facts", action="store_true", help="print the planted facts after the summary")
    args = ap.parse_args()
    g = generate()
    write_all(g)
    self_check(g, args.facts)


if __name__ == "__main__":
    main()
