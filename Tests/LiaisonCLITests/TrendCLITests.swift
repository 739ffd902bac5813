import Foundation
import Testing

/// The whole story, not two quarters: `coverage --by quarter` and the report's trend section give the
/// same numbers as `coverage` quarter by quarter.
@Suite("coverage by quarter and the report's trend", .tags(.cli))
struct TrendCLITests {
    func rows() throws -> [[String: String]] {
        let r = try liaison(["coverage", "--by", "quarter", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = parseCSV(r.stdout)
        let header = try #require(csv.first)
        return csv.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func everyQuarterEqualsCoverageOfThatQuarter() throws {
        let all = try rows()
        let team = all.filter { $0["group"] == "(all)" }
        #expect(team.map { $0["quarter"] ?? "" } == ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"])
        // Only the unfinished quarter is paced, to the last interaction.
        #expect(team.filter { $0["paced"] == "true" }.map { $0["quarter"] ?? "" } == ["2026Q4"])
        #expect(team.last?["as_of"] == "2026-11-20")
        for row in team {
            let q = try #require(row["quarter"])
            let c = try jsonObject(try liaison(["coverage", "--quarter", q, "--format", "json"]))
            for k in ["targets", "reached", "reach", "attainment", "influence_coverage", "interactions"] {
                let mine = Double(row[k] ?? "") ?? -1, theirs = (c[k] as? NSNumber)?.doubleValue ?? -2
                #expect(abs(mine - theirs) < 1e-12, "\(q) \(k): by quarter \(mine), coverage \(theirs)")
            }
        }
        // Each liaison's book, as coverage --by liaison has it.
        let book = try #require(all.first { $0["group"] != "(all)" && $0["quarter"] == "2026Q3" })
        let byLiaison = try liaison(["coverage", "--quarter", "2026Q3", "--by", "liaison", "--format", "json"])
        let groups = try #require(try jsonObject(byLiaison)["groups"] as? [[String: Any]])
        let g = try #require(groups.first { $0["group"] as? String == book["group"] })
        #expect((g["reach"] as? NSNumber)?.doubleValue == Double(book["reach"] ?? ""))
    }

    @Test func theReportTellsTheWholeStory() throws {
        let dir = try TempDir()
        let path = dir.file("r.html").path
        #expect(try liaison(["report", "--out", path, "-q"]).status == 0)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(html.range(of: "<section id=\"trend\">"))
        let end = try #require(html[start.upperBound...].range(of: "</section>"))
        let section = String(html[start.lowerBound..<end.upperBound])
        #expect(section.components(separatedBy: "<svg class=\"chart trend\"").count - 1 == 3)
        // Eight points per chart, the last hollow (paced).
        #expect(section.components(separatedBy: "class=\"trend-point\"").count - 1 == 3 * 7)
        #expect(section.components(separatedBy: "class=\"trend-point paced\"").count - 1 == 3)
        #expect(section.contains("2026Q4 is not over:") && section.contains("paced to 2026-11-20"))
        // The numbers drawn are coverage's, rounded: 2026Q3's attainment.
        let q3 = try #require(try rows().first { $0["group"] == "(all)" && $0["quarter"] == "2026Q3" })
        let attainment = Int((100 * (Double(q3["attainment"] ?? "") ?? 0)).rounded())
        #expect(section.contains("2026Q3: \(attainment) %"))
        #expect(section.contains("id=\"trend-liaisons\"") && section.contains("id=\"trend-rising\""))
    }
}
