import Foundation
import Testing
import Liaison

/// A copy of the bundled demo in a temporary folder (to change its files).
func demoCopy(_ dir: TempDir, _ name: String = "demo") throws -> URL {
    let src = packageRoot.appendingPathComponent("Graphs/belgian-hematology")
    let dst = dir.file(name)
    try FileManager.default.copyItem(at: src, to: dst)
    return dst
}

/// Rows of CSV text as dictionaries by header.
func csvRecords(_ text: String) -> [[String: String]] {
    let rows = parseCSV(text)
    guard let header = rows.first else { return [] }
    return rows.dropFirst().map { r in Dictionary(uniqueKeysWithValues: zip(header, r)) }
}

@Suite("plan, trips and board commands", .tags(.cli))
struct PlanningCLITests {
    @Test func helpHasExamplesAndFitsEightyColumns() throws {
        for c in ["plan", "trips", "board", "render"] {
            let h = try liaison([c, "--help"])
            #expect(h.status == 0 && h.stdout.contains("Examples:"), "\(c) --help")
            let long = h.stdout.split(separator: "\n").filter { $0.count > 80 }
            #expect(long.isEmpty, "\(c) --help lines over 80 columns: \(long)")
        }
    }

    @Test func suggestedPlanLoadsAsThePlanAndValidates() throws {
        let dir = try TempDir()
        let demo = try demoCopy(dir)
        let out = dir.file("suggested.csv").path
        let r = try liaison(["plan", demo.path, "--out", out, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r)
        #expect(o["quarter"] as? String == "2027Q1" && o["influence_period"] as? String == "2026-01-01..2026-12-31")
        #expect(o["influence_basis"] as? String == "latest four quarters of referrals")
        let objective = try #require(o["objective"] as? [String: Any])
        #expect((objective["extra_share"] as? Double ?? 1) <= 0.10)
        let liaisons = try #require(o["liaisons"] as? [[String: Any]])
        #expect(liaisons.count == 4)
        for l in liaisons {
            // The demo's liaisons.csv gives the capacities; nothing was committed, so none is exceeded.
            #expect(l["capacity_source"] as? String == "liaisons.csv")
            #expect((l["planned"] as? Int ?? 0) <= (l["capacity"] as? Int ?? -1), "\(l)")
        }
        // The file is a plan.csv: replace the demo's and the dataset still validates; coverage of
        // 2027Q1 then takes its targets from it.
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let rows = csvRecords(text)
        #expect(parseCSV(text).first == ["expert", "period", "planned", "liaison", "influence", "tier", "reason"])
        #expect(!rows.isEmpty && rows.allSatisfy { $0["period"] == "2027Q1" && !($0["reason"] ?? "").isEmpty })
        try FileManager.default.removeItem(at: demo.appendingPathComponent("plan.csv"))
        try FileManager.default.copyItem(atPath: out, toPath: demo.appendingPathComponent("plan.csv").path)
        let v = try liaison(["validate", demo.path])
        #expect(v.status == 0, "validate: \(v.stderr)")
        // Loaded back, the rows are 2027Q1's plan targets, each expecting what the row plans.
        let loaded = try DatasetLoader().load(folder: demo)
        let q = try #require(Period.parse("2027Q1"))
        let targets = try CoverageTargets.compute(loaded, period: q, options: CoverageOptions())
        #expect(targets.source == .plan && targets.experts.count == Set(rows.compactMap { $0["expert"] }).count)
        for row in rows {
            let v = try #require(loaded.expertIndex[row["expert"] ?? ""])
            #expect(targets.expected[v] == Double(row["planned"] ?? ""), "\(row)")
        }
        // Only owned experts: each row's liaison owns the expert (the rule of coverage --liaison).
        let d = try DatasetLoader().load(folder: packageRoot.appendingPathComponent("Graphs/belgian-hematology"))
        let owner = LiaisonOwnership(d).owner
        for row in rows {
            let v = try #require(d.expertIndex[row["expert"] ?? ""])
            #expect(owner[v] == row["liaison"], "\(row)")
        }
    }

    @Test func keepPlanKeepsEveryCommittedRow() throws {
        let dir = try TempDir()
        let demo = try demoCopy(dir)
        let committed = "E001,2027Q1,4\nE002,2027Q1,1\nE150,2027-02,2\n"
        let planURL = demo.appendingPathComponent("plan.csv")
        try (try String(contentsOf: planURL, encoding: .utf8) + committed).write(to: planURL, atomically: true, encoding: .utf8)
        let r = try liaison(["plan", demo.path, "--keep-plan", "--capacity", "10", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = csvRecords(r.stdout)
        for (e, p, n) in [("E001", "2027Q1", 4), ("E002", "2027Q1", 1), ("E150", "2027-02", 2)] {
            #expect(rows.contains { $0["expert"] == e && $0["period"] == p && Int($0["planned"] ?? "") ?? 0 >= n }, "\(e) \(p)")
        }
        let json = try jsonObject(try liaison(["plan", demo.path, "--keep-plan", "--capacity", "10", "--format", "json"]))
        for l in try #require(json["liaisons"] as? [[String: Any]]) {
            let planned = l["planned"] as? Int ?? 0, committed = l["committed"] as? Int ?? 0
            #expect(planned <= max(10, committed), "\(l)")
        }
        // Without --keep-plan the rows are not commitments: E001 gets what the objective gives it.
        let free = csvRecords(try liaison(["plan", demo.path, "--capacity", "10", "--format", "csv"]).stdout)
        #expect(!free.contains { $0["expert"] == "E150" && $0["period"] == "2027-02" })
    }

    @Test func capacityOptionsAndBadLiaisonsFiles() throws {
        let both = try liaison(["plan", "--capacity", "5", "--liaisons", "x.csv"])
        #expect(both.status == 64 && both.stderr.contains("either --capacity or --liaisons"))
        let dir = try TempDir()
        try dir.write("l.csv", "liaison,capacity,home\nSofie Peeters,12,Gent\nLotte Janssens,lots,Leuven\nJulien Dubois,3,Atlantis\n")
        let bad = try liaison(["plan", "--liaisons", dir.file("l.csv").path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("l.csv:3:16: capacity 'lots' is not a whole number"), "\(bad.stderr)")
        #expect(bad.stderr.contains("l.csv:4:17: home 'Atlantis' is neither an institution id nor a city"), "\(bad.stderr)")
        try dir.write("ok.csv", "liaison,capacity\nSofie Peeters,12\n")
        let ok = try jsonObject(try liaison(["plan", "--liaisons", dir.file("ok.csv").path, "--format", "json"]))
        let sofie = try #require((ok["liaisons"] as? [[String: Any]])?.first { $0["liaison"] as? String == "Sofie Peeters" })
        #expect(sofie["capacity"] as? Int == 12 && (sofie["planned"] as? Int ?? 99) <= 12)
    }

    @Test func tripsFollowTheRules() throws {
        let r = try liaison(["trips", "--format", "csv", "--holiday", "2027-01-01"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(parseCSV(r.stdout).first == ["liaison", "date", "day", "institution", "city", "expert", "name", "reason"])
        let rows = csvRecords(r.stdout)
        // Every planned visit (the suggested plan: the demo has no 2027Q1 rows) is on the calendar once.
        let plan = try jsonObject(try liaison(["plan", "--format", "json"]))
        let planned = try #require(plan["rows"] as? [[String: Any]]).reduce(0) { $0 + ($1["planned"] as? Int ?? 0) }
        #expect(rows.count == planned)
        let perDay = ["Julien Dubois": 3, "Lotte Janssens": 4, "Mehdi El Amrani": 5, "Sofie Peeters": 4]
        // Positions of the demo's institutions, by name.
        let inst = csvRecords(try String(contentsOf: packageRoot.appendingPathComponent("Graphs/belgian-hematology/institutions.csv"), encoding: .utf8))
        var where_: [String: GeoPoint] = [:]
        for i in inst { if let a = Double(i["lat"] ?? ""), let b = Double(i["lon"] ?? ""), let p = GeoPoint(lat: a, lon: b) { where_[i["name"] ?? ""] = p } }
        var days: [String: [[String: String]]] = [:], visits: [String: [Day]] = [:]
        for x in rows {
            let day = try #require(Day(iso: x["date"] ?? ""))
            #expect(FieldTrips.isWorkingDay(day) && x["date"] != "2027-01-01" && (x["date"] ?? "") >= "2027-01-01" && (x["date"] ?? "") <= "2027-03-31")
            days["\(x["liaison"] ?? "") \(x["date"] ?? "")", default: []].append(x)
            visits["\(x["liaison"] ?? "") \(x["expert"] ?? "")", default: []].append(day)
        }
        for (key, stops) in days {
            let l = stops[0]["liaison"] ?? ""
            #expect(stops.count <= perDay[l] ?? 0, "\(key): \(stops.count) visits")
            let points = stops.compactMap { where_[$0["institution"] ?? ""] }
            #expect(points.count == stops.count)
            for a in points { for b in points { #expect(a.distanceKm(to: b) <= 50, "\(key): one place") } }
        }
        for (key, dates) in visits {
            let s = dates.sorted()
            for (a, b) in zip(s, s.dropFirst()) { #expect(b.ordinal - a.ordinal >= 14, "\(key)") }
        }
    }

    @Test func tripsReadAPlanFileAndLeaveOutOtherChannels() throws {
        let dir = try TempDir()
        try dir.write("p.csv", "expert,period,planned,channel,liaison\nE085,2027Q1,2,in-person,Mehdi El Amrani\nE168,2027Q1,3,virtual,\nE221,2027-02,1,,\n")
        let r = try jsonObject(try liaison(["trips", "--plan", dir.file("p.csv").path, "--format", "json"]))
        #expect(r["plan_source"] as? String == dir.file("p.csv").path)
        #expect((r["left_out"] as? [String: Any])?["virtual"] as? Int == 3)
        let v = try #require(r["visits"] as? [[String: Any]])
        #expect(v.count == 3 && v.filter { $0["expert"] as? String == "E085" }.count == 2)
        try dir.write("bad.csv", "expert,period,planned\nE085,2027Q1,2\nE999,2027Q1,1\nE001,2027Q5,1\n")
        let bad = try liaison(["trips", "--plan", dir.file("bad.csv").path])
        #expect(bad.status == 1 && bad.stderr.contains("bad.csv:3:1: unknown expert id 'E999'") && bad.stderr.contains("bad.csv:4:6:"), "\(bad.stderr)")
        let demo = try demoCopy(dir)
        let instURL = demo.appendingPathComponent("institutions.csv")
        let text = try String(contentsOf: instURL, encoding: .utf8).replacingOccurrences(of: "50.9311", with: "north")
        try text.write(to: instURL, atomically: true, encoding: .utf8)
        let coords = try liaison(["trips", demo.path])
        #expect(coords.status == 1 && coords.stderr.contains("institutions.csv:2:") && coords.stderr.contains("lat 'north'"), "\(coords.stderr)")
    }

    /// Hundreds of unscheduled visits would push the schedule off the screen: the table lists the
    /// first ten experts and counts the rest, which JSON lists in full.
    @Test func tripsListTheFirstUnscheduledExpertsAndCountTheRest() throws {
        let dir = try TempDir()
        let rows = (1...60).map { String(format: "E%03d,2027Q1,3,in-person,Mehdi El Amrani", $0) }
        try dir.write("p.csv", "expert,period,planned,channel,liaison\n" + rows.joined(separator: "\n") + "\n")
        let args = ["trips", "--plan", dir.file("p.csv").path, "--visits-per-day", "1"]
        let json = try jsonObject(try liaison(args + ["--format", "json"]))
        let all = try #require(json["liaisons"] as? [[String: Any]]).flatMap { ($0["unscheduled"] as? [[String: Any]]) ?? [] }
        let visits = all.map { $0["visits"] as? Int ?? 0 }
        #expect(all.count > 10, "one visit a day cannot hold 180 visits")
        let table = try liaison(args)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("Unscheduled: ") }.count == 10)
        #expect(lines.contains { $0.hasPrefix("Unscheduled: Mehdi El Amrani, E001 (") }, "\(table.stdout)")
        let rest = "… and \(all.count - 10) more unscheduled experts (\(visits.dropFirst(10).reduce(0, +)) visits); "
        #expect(table.stdout.contains(rest), "\(rest)\n\(table.stdout)")
        // The schedule itself follows.
        #expect(lines.contains { $0.hasPrefix("liaison") && $0.contains("date") && $0.contains("reason") })
    }

    @Test func renderTripsPinsInstitutionsAtTheirCoordinates() throws {
        let dir = try TempDir()
        let out = dir.file("t.gv").path
        let r = try liaison(["render", "--trips", "--liaison", "Sofie Peeters", "--format", "dot", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("graph trips"))
        // x grows with longitude, y with latitude: every pair of visited hospitals is in the same order
        // on the map as on the globe (institutions.csv's lat/lon).
        var coordinates: [String: (lat: Double, lon: Double)] = [:]
        let institutions = try String(contentsOf: demoFolder.appendingPathComponent("institutions.csv"), encoding: .utf8)
        let table = parseCSV(institutions)
        let header = try #require(table.first)
        let id = try #require(header.firstIndex(of: "id")), lat = try #require(header.firstIndex(of: "lat")),
            lon = try #require(header.firstIndex(of: "lon"))
        for row in table.dropFirst() where row.count > lon {
            coordinates[row[id]] = (Double(row[lat]) ?? 0, Double(row[lon]) ?? 0)
        }
        var placed: [(x: Double, y: Double, lat: Double, lon: Double)] = []
        let everyone = dir.file("all.gv").path
        #expect(try liaison(["render", "--trips", "--format", "dot", "--out", everyone]).status == 0)
        let all = try String(contentsOfFile: everyone, encoding: .utf8)
        for (key, c) in coordinates {
            guard let start = all.range(of: " · \(key)\"\t") else { continue }
            let rest = all[start.upperBound...]
            let p = try #require(rest.range(of: "pos=\""))
            let xy = rest[p.upperBound...].prefix { $0 != "\"" }.replacingOccurrences(of: "!", with: "")
                .split(separator: ",").compactMap { Double($0) }
            placed.append((xy[0], xy[1], c.lat, c.lon))
        }
        #expect(placed.count >= 5, "only \(placed.count) hospitals on the trips maps")
        for a in placed {
            for b in placed where a.lon < b.lon - 0.01 { #expect(a.x < b.x) }
            for b in placed where a.lat < b.lat - 0.01 { #expect(a.y < b.y) }
        }
        // Graphviz renders it (nop engine with pinned positions) to SVG with every visited hospital.
        let svg = dir.file("t.svg").path
        #expect(try liaison(["render", "--trips", "--liaison", "Sofie Peeters", "--out", svg]).status == 0)
        let s = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(s.contains(">UZ Gent<") && s.contains(" km<"))
        let clash = try liaison(["render", "--trips", "--compare", "2026Q3", "2026Q4", "--out", svg])
        #expect(clash.status == 64)
    }

    /// Key experts no liaison owns (never met, nobody visits their institution) are counted in the
    /// team row, and the note says so; a liaison without any capacity source says what would give one
    /// (the line read "Capacity from: Lea L none").
    @Test func planSaysWhatTheTeamRowCountsAndWhereCapacityIsMissing() throws {
        let dir = try TempDir()
        try dir.write("d/experts.csv", "id,name,institution\nA,Ann A,H1\nB,Bob B,H2\nC,Cy C,H3\nD,Di D,H3\nE,Ed E,H1\n"
                      + "F,Fay F,H2\nG,Gus G,H3\nH,Hal H,H1\nI,Ivy I,H2\nJ,Jo J,H3\n")
        try dir.write("d/referrals.csv", "source,target,patients,period\nC,A,40,2026Q2\nD,A,30,2026Q2\nC,B,40,2026Q2\n"
                      + "D,B,35,2026Q2\nE,A,20,2026Q2\nF,B,25,2026Q2\nG,C,15,2026Q2\nH,D,12,2026Q2\nI,E,12,2026Q2\nJ,F,12,2026Q2\n")
        try dir.write("d/interactions.csv", "id,date,expert,liaison,channel\nI1,2026-05-02,A,Lea L,in-person\nI2,2026-05-20,A,Lea L,virtual\n")
        let r = try liaison(["plan", dir.file("d").path])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try jsonObject(try liaison(["plan", dir.file("d").path, "--format", "json"]))
        let unowned = try #require(json["unassigned_key_experts"] as? [String])
        #expect(!unowned.isEmpty)
        let team = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("team ") })
        let total = try #require(team.split(separator: " ").firstIndex(of: "of").map { Int(team.split(separator: " ")[$0 + 1]) } ?? nil)
        let line = "\(unowned.count) key expert\(unowned.count == 1 ? " has" : "s have") no liaison and cannot be planned; "
            + "the team row counts \(unowned.count == 1 ? "it" : "them") among its \(total) key experts and in its coverage."
        #expect(r.stdout.contains(line), "\(line)\n\(r.stdout)")
        #expect(r.stdout.contains("Capacity from: Lea L: none (no liaisons.csv row or plan rows; --capacity sets one)."), "\(r.stdout)")
    }

    /// On the demo one member reaches every other expert within 2 steps, so members 2–8 of a board of
    /// 8 reach no one new. The table says "0" newly reached and why the running count falls (at an
    /// earlier stop it read "marginal gain −1", as if they cost reach); JSON gives both figures.
    @Test func boardMembersAlreadyWithinReachAddNoOne() throws {
        let r = try liaison(["board", "--size", "8"], environment: ["COLUMNS": "100"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rule = try #require(lines.firstIndex { $0.hasPrefix("─") })
        #expect(lines[rule - 1].contains("newly reached") && lines[rule - 1].contains("reached so far"), "\(lines[rule - 1])")
        let rows = lines[(rule + 1)...].prefix { !$0.isEmpty && !$0.hasPrefix("(") }
        #expect(rows.count == 8)
        #expect(!rows.joined().contains("-1") && !rows.joined().contains("−1"), "\(rows)")
        #expect(r.stdout.contains("Members #2 to #8 were already within 2 steps of the members above"), "\(r.stdout)")
        let j = try jsonObject(try liaison(["board", "--size", "8", "--format", "json"]))
        let members = try #require(j["members"] as? [[String: Any]])
        for (k, m) in members.enumerated() {
            let gain = try #require(m["marginal_gain"] as? Int), newly = try #require(m["newly_reached"] as? Int)
            let before = try #require(m["within_reach_before"] as? Bool)
            #expect(newly >= 0 && newly == gain + (before ? 1 : 0), "member \(k + 1): \(m)")
            #expect(before == (k > 0), "member \(k + 1): \(m)")
        }
    }

    @Test func boardReportsMReachMembersAndConstraints() throws {
        let r = try jsonObject(try liaison(["board", "--size", "4", "--reach", "1", "--format", "json"]))
        let members = try #require(r["members"] as? [[String: Any]])
        #expect(members.count == 4 && r["m_reach"] is Double && r["optimal"] as? Bool == true)
        let reached = members.reduce(0) { $0 + ($1["marginal_gain"] as? Int ?? 0) }
        #expect(reached == r["reached"] as? Int)
        #expect(abs((r["m_reach"] as? Double ?? 0) - Double(reached) / Double(300 - 4)) < 1e-12)
        let csv = try liaison(["board", "--size", "3", "--format", "csv"])
        #expect(parseCSV(csv.stdout).first == ["id", "name", "institution", "marginal_gain"] && parseCSV(csv.stdout).count == 4)
        let one = try jsonObject(try liaison(["board", "--size", "5", "--reach", "1", "--max-per-institution", "1", "--format", "json"]))
        let inst = try #require(one["members"] as? [[String: Any]]).compactMap { $0["institution"] as? String }
        #expect(Set(inst).count == 5)
        let wal = try jsonObject(try liaison(["board", "--size", "3", "--region", "wallonia", "--format", "json"]))
        #expect(try #require(wal["members"] as? [[String: Any]]).allSatisfy { $0["region"] as? String == "Wallonia" })
        let tooMany = try liaison(["board", "--size", "30", "--max-per-institution", "1"])
        #expect(tooMany.status == 1 && tooMany.stderr.contains("at most 29 can sit together"), "\(tooMany.stderr)")
        let region = try liaison(["board", "--size", "3", "--region", "Atlantis"])
        #expect(region.status == 1 && region.stderr.contains("'atlantis'"))
    }

    @Test func reportShowsTheNextQuarterPlan() throws {
        let dir = try TempDir()
        let out = dir.file("r.html").path
        let r = try liaison(["report", "--out", out, "--generated-at", "2026-12-01T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let start = try #require(html.range(of: "<section id=\"next-quarter\">"))
        let section = String(html[start.lowerBound...]).components(separatedBy: "</section>").first ?? ""
        #expect(html.contains("<a href=\"#next-quarter\">Next quarter</a>") && section.contains("suggested plan for 2027Q1"))
        // The same plan as liaison plan: each liaison's visits and experts.
        let plan = try jsonObject(try liaison(["plan", "--format", "json"]))
        let rows = try #require(plan["rows"] as? [[String: Any]])
        for l in try #require(plan["liaisons"] as? [[String: Any]]) {
            let name = l["liaison"] as? String ?? ""
            let experts = rows.filter { $0["liaison"] as? String == name }.count
            #expect(section.contains("\(name): \(l["planned"] as? Int ?? -1) visits to \(experts) experts"), "\(name)")
        }
        for row in rows.prefix(10) {
            #expect(section.contains((row["reason"] as? String ?? "?").replacingOccurrences(of: "'", with: "&#39;")))
        }
    }
}
