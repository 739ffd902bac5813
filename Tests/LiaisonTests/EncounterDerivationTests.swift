import Foundation
import Testing
@testable import Liaison

/// The shared-patient rule on a fixture whose answers are worked out by hand (see each test).
@Suite("Shared-patient networks from encounters", .tags(.unit))
struct EncounterDerivationTests {
    /// P1: A and B on day 0 (A twice: a duplicate), C on day 30 (window edge, counted), D on day 31
    ///     (31 days after A and B: not counted; 1 day after C: counted).
    ///     Transactions: A→B, B→A (same day), A→C, B→C, C→D.
    /// P2: A on days 0 and 9, B on day 19: A→B twice (a patient seeing the same expert twice).
    /// P3: B on day 0, A and C on day 4: B→A, B→C, A→C and C→A (same day).
    static let sortedRows = [
        "P1,A,2026-01-01", "P1,B,2026-01-01", "P1,A,2026-01-01", "P1,C,2026-01-31", "P1,D,2026-02-01",
        "P2,A,2026-03-01", "P2,A,2026-03-10", "P2,B,2026-03-20",
        "P3,B,2026-05-01", "P3,A,2026-05-05T08:00:00Z", "P3,C,2026-05-05",
    ]
    static let header = "patient,expert,date,institution\n"
    static var sortedFile: String { header + sortedRows.map { $0 + ",H1" }.joined(separator: "\n") + "\n" }
    static var unsortedFile: String {
        let order = [8, 0, 5, 1, 9, 2, 6, 3, 10, 4, 7]
        return header + order.map { sortedRows[$0] + ",H1" }.joined(separator: "\n") + "\n"
    }

    /// (source, target) → (patients, pair_count, same_day_count), by expert id.
    static let expected: [String: [Int]] = [
        "A>B": [2, 3, 1], "B>A": [2, 2, 1], "A>C": [2, 2, 1], "B>C": [2, 2, 0], "C>D": [1, 1, 0], "C>A": [1, 1, 1],
    ]

    func links(_ net: SharedPatientNetwork) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for l in net.links {
            out["\(net.expertIDs[l.source])>\(net.expertIDs[l.target])"] = [l.patients, l.pairCount, l.sameDayCount]
        }
        return out
    }

    func read(_ text: String, options: SharedPatientOptions = SharedPatientOptions(), experts: [String]? = nil,
              lenient: Bool = false) throws -> SharedPatientNetwork {
        let t = try TempDataset(["encounters.csv": text])
        return try SharedPatients.read(url: t.url.appendingPathComponent("encounters.csv"), fileName: "encounters.csv",
                                       experts: experts, options: options, lenient: lenient)
    }

    @Test func derivesTheHandComputedNetwork() throws {
        let net = try read(Self.sortedFile)
        #expect(links(net) == Self.expected)
        #expect(net.sortedByPatient)
        #expect(net.patients == 3)
        #expect(net.duplicateEncounters == 1)
        #expect(net.encounters == 10)
        #expect(net.notes.isEmpty)
        // Links come sorted by source then target index (experts indexed in order of appearance: A, B, C, D).
        #expect(net.expertIDs == ["A", "B", "C", "D"])
        #expect(net.links.map { [$0.source, $0.target] } == [[0, 1], [0, 2], [1, 0], [1, 2], [2, 0], [2, 3]])
    }

    @Test func unsortedInputGivesTheSameNetworkWithANote() throws {
        let sorted = try read(Self.sortedFile)
        let unsorted = try read(Self.unsortedFile)
        #expect(links(unsorted) == links(sorted))
        #expect(!unsorted.sortedByPatient)
        #expect(unsorted.notes.count == 1)
        #expect(unsorted.notes.first?.contains("not sorted by patient") == true)
        #expect(unsorted.patients == 3 && unsorted.duplicateEncounters == 1)
    }

    @Test func windowEdges() throws {
        // 30 days apart counts, 31 does not; with --window 31 both do; with 0 only same-day pairs.
        let text = Self.header + "X,A,2026-01-01,\nX,B,2026-01-31,\nY,A,2026-01-01,\nY,C,2026-02-01,\n"
        #expect(links(try read(text)) == ["A>B": [1, 1, 0]])
        #expect(links(try read(text, options: SharedPatientOptions(window: 31))) == ["A>B": [1, 1, 0], "A>C": [1, 1, 0]])
        let same = Self.header + "X,A,2026-01-01,\nX,B,2026-01-01,\nX,C,2026-01-02,\n"
        #expect(links(try read(same, options: SharedPatientOptions(window: 0))) == ["A>B": [1, 1, 1], "B>A": [1, 1, 1]])
    }

    @Test func numericPatientOrderIsSorted() throws {
        let text = Self.header + "9,A,2026-01-01,\n9,B,2026-01-02,\n10,A,2026-01-01,\n10,B,2026-01-03,\n"
        let net = try read(text)
        #expect(net.sortedByPatient)
        #expect(links(net) == ["A>B": [2, 2, 0]])
    }

    @Test func undirectedCountsEachPairOfEncountersOnce() throws {
        let net = try read(Self.sortedFile, options: SharedPatientOptions(directed: false))
        #expect(links(net) == ["A>B": [3, 4, 1], "A>C": [2, 2, 1], "B>C": [2, 2, 0], "C>D": [1, 1, 0]])
    }

    @Test func inMemoryDerivationMatchesTheReader() throws {
        var encounters: [Encounter] = []
        let ids = ["A": 0, "B": 1, "C": 2, "D": 3]
        for (k, row) in Self.sortedRows.reversed().enumerated() {
            let f = row.split(separator: ",").map(String.init)
            let day = try #require(Day(isoDateOrDateTime: f[2]))
            encounters.append(Encounter(patient: Int(f[0].dropFirst()) ?? k, expert: ids[f[1]] ?? -1, day: day))
        }
        let links = SharedPatients.derive(encounters, experts: 4)
        let byKey = Dictionary(uniqueKeysWithValues: links.map { ("\(["A", "B", "C", "D"][$0.source])>\(["A", "B", "C", "D"][$0.target])", [$0.patients, $0.pairCount, $0.sameDayCount]) })
        #expect(byKey == Self.expected)
    }

    @Test func errorsNameThePositionButNeverThePatient() throws {
        let text = Self.header + "PATIENT-SECRET-123,A,2026-13-01,\n,A,2026-01-01,\nPATIENT-SECRET-124,Z,2026-01-01,\n"
        let t = try TempDataset(["encounters.csv": text])
        do {
            _ = try SharedPatients.read(url: t.url.appendingPathComponent("encounters.csv"), fileName: "encounters.csv",
                                        experts: ["A"])
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(!text.contains("SECRET"))
            #expect(error.issues.map(\.description) == [
                "encounters.csv:2:22: date is not an ISO 8601 date (YYYY-MM-DD; for dates like 14/03/2026 give --date-format dd/mm/yyyy or mm/dd/yyyy)",
                "encounters.csv:3:1: empty patient",
                "encounters.csv:4:20: unknown expert id (not in experts.csv)",
            ])
        }
        // Lenient: the bad rows are skipped, and the notes hold no patient id either.
        let net = try read(text, experts: ["A"], lenient: true)
        #expect(net.encounters == 0)
        #expect(!net.notes.joined().contains("SECRET"))
        #expect(net.notes.contains { $0.contains("skipped 3 rows") })
    }

    @Test func missingColumnIsAnError() throws {
        let t = try TempDataset(["encounters.csv": "patient,date\nP1,2026-01-01\n"])
        #expect(throws: DatasetError.self) {
            try SharedPatients.read(url: t.url.appendingPathComponent("encounters.csv"), experts: nil)
        }
    }

    @Test func datasetFolderUsesEncountersAsReferrals() throws {
        let experts = "id,name,specialty\nA,Ann,Hematology\nB,Bob,Hematology\nC,Cas,Oncology\nD,Dee,Oncology\n"
        let t = try TempDataset(["experts.csv": experts, "encounters.csv": Self.sortedFile])
        let d = try t.load()
        #expect(d.filesPresent.contains("encounters.csv"))
        #expect(d.referrals.count == 6)
        let ab = try #require(d.referrals.first { $0.source == 0 && $0.target == 1 })
        #expect(ab.patients == 2 && ab.pairCount == 3 && ab.sameDayCount == 1 && ab.period == nil)

        // With referrals.csv: encounters are not used unless asked, and then summed into the same pair.
        let both = try TempDataset(["experts.csv": experts, "encounters.csv": Self.sortedFile,
                                    "referrals.csv": "source,target,patients\nA,B,20\nD,A,5\n"])
        let plain = try both.load()
        #expect(plain.referrals.count == 2)
        #expect(plain.warnings.contains { $0.contains("encounters.csv: not used") })
        let added = try DatasetLoader(options: .init(addEncounters: true)).load(folder: both.url)
        #expect(added.referrals.count == 7)
        let ab2 = try #require(added.referrals.first { $0.source == 0 && $0.target == 1 })
        #expect(ab2.patients == 22 && ab2.pairCount == 3)

        // An encounter with an expert missing from experts.csv is a located error.
        let e = try #require(try loadError(["experts.csv": "id,name\nA,Ann\n",
                                            "encounters.csv": Self.header + "P,A,2026-01-01,\nP,Q,2026-01-02,\n"]))
        // No value of an encounters file is quoted: in a shifted row the expert column may hold the patient.
        #expect(e.issues.first?.message == "unknown expert id (not in experts.csv)")
        let shifted = try #require(try loadError(["experts.csv": "id,name\nA,Ann\n",
                                                  "encounters.csv": Self.header + "2026,PATIENT-SECRET-9,A,2026-01-02\n"]))
        #expect(!shifted.description.contains("SECRET"))
        #expect(shifted.issues.first?.description.hasSuffix("encounters.csv:2:6: unknown expert id (not in experts.csv)") == true)
    }
}
