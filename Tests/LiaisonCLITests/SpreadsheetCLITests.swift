import Foundation
import Testing

/// The built `liaison` on files as Excel saves them in a Belgian locale, and as CRMs export them.
@Suite("Spreadsheet files through the command line", .tags(.cli))
struct SpreadsheetCLITests {
    /// Writes a dataset folder as Excel (nl-BE) saves "CSV": semicolons, BOM, CRLF, day-first dates,
    /// an extra text column in referrals, and the empty rows left below the data.
    func excelFolder(_ t: TempDir, _ name: String = "export") throws {
        func file(_ f: String, _ rows: [String]) throws {
            let width = rows[0].filter { $0 == ";" }.count
            let empty = String(repeating: ";", count: width)
            let bytes = Data([0xEF, 0xBB, 0xBF]) + Data((rows + [empty, empty, empty]).map { $0 + "\r\n" }.joined().utf8)
            try FileManager.default.createDirectory(at: t.file(name), withIntermediateDirectories: true)
            try bytes.write(to: t.file("\(name)/\(f)"))
        }
        try file("institutions.csv", ["id;name;city", "H1;UZ Leuven;Leuven", "H2;\"AZ Sint-Jan; Brugge\";Brugge"])
        try file("experts.csv", ["id;name;institution;specialty", "E1;Anna Peeters;H1;Hematologie", "E2;Marc Dubois;H2;Oncologie",
                                 "E3;Lotte Maes;H1;Hematologie", "E4;Jan Claes;H2;Hematologie"])
        try file("referrals.csv", ["source;target;patients;period;source_name", "E1;E2;12;2026Q1;Dr. Anna Peeters",
                                   "E2;E3;14;2026Q1;Dr. Marc Dubois", "E3;E1;20;2026Q1;Dr. Lotte Maes", "E4;E1;15;2026Q1;Dr. Jan Claes"])
        try file("interactions.csv", ["id;date;expert;liaison;channel", "I1;15/01/2026;E1;Sofie;face-to-face",
                                      "I2;03/02/2026;E2;Sofie;Teams", "I3;20/03/2026 14:30;E4;Sofie;telefoon"])
        try file("plan.csv", ["expert;period;planned", "E1;2026Q1;3", "E2;2026Q1;2"])
    }

    @Test("validate and summary: semicolons, BOM, CRLF, empty rows and a text column read; day-first dates need --date-format")
    func validateAndSummary() throws {
        let t = try TempDir()
        try excelFolder(t)
        let refused = try liaison(["validate", "export"], in: t.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("/export/interactions.csv:2:4: date '15/01/2026' is ambiguous without a date format: it looks day-first: give --date-format dd/mm/yyyy"),
                "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 3)   // the three dates, nothing else
        let ok = try liaison(["validate", "export", "--date-format", "dd/mm/yyyy"], in: t.url)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "ok: 4 experts, 4 referral rows, 3 interactions\n")
        let summary = try liaison(["summary", "export", "--date-format", "DD/MM/YYYY"], in: t.url)
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.contains("separator         ; (semicolon) in every file (found from each file's first row)"), "\(summary.stdout)")
        #expect(summary.stdout.contains("3 from 2026-01-15 to 2026-03-20"))
        #expect(summary.stdout.contains("warnings          0"))
        // The same folder ranks as its comma-separated, ISO-dated twin.
        try t.write("plain/experts.csv", "id,name,institution,specialty\nE1,Anna Peeters,H1,Hematologie\nE2,Marc Dubois,H2,Oncologie\nE3,Lotte Maes,H1,Hematologie\nE4,Jan Claes,H2,Hematologie\n")
        try t.write("plain/institutions.csv", "id,name,city\nH1,UZ Leuven,Leuven\nH2,\"AZ Sint-Jan; Brugge\",Brugge\n")
        try t.write("plain/referrals.csv", "source,target,patients,period\nE1,E2,12,2026Q1\nE2,E3,14,2026Q1\nE3,E1,20,2026Q1\nE4,E1,15,2026Q1\n")
        let a = try liaison(["rank", "export", "--date-format", "dd/mm/yyyy", "--format", "csv"], in: t.url)
        let b = try liaison(["rank", "plain", "--format", "csv"], in: t.url)
        #expect(a.status == 0 && a.stdout == b.stdout, "\(a.stderr)")
    }

    @Test("a bad value in a semicolon file is located exactly")
    func located() throws {
        let t = try TempDir()
        try excelFolder(t)
        var text = try String(contentsOf: t.file("export/referrals.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "E2;E3;14;", with: "E2;E3;veertien;")
        try Data(text.utf8).write(to: t.file("export/referrals.csv"))
        let r = try liaison(["validate", "export", "--date-format", "dd/mm/yyyy"], in: t.url)
        #expect(r.status == 1)
        #expect(r.stderr.hasSuffix("/export/referrals.csv:3:7: patients 'veertien' is not a whole number: expected a whole number ≥ 0\n"))
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test("import: the Excel folder into a workspace, with --date-format; it ranks as the folder")
    func importExcel() throws {
        let t = try TempDir()
        try excelFolder(t)
        let imp = try liaison(["import", "export", "--into", "w.liaison", "--date-format", "dd/mm/yyyy"], in: t.url)
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout.contains("4 experts") && imp.stdout.contains("3 interactions"))
        let a = try liaison(["rank", "w.liaison", "--format", "csv"], in: t.url)
        let b = try liaison(["rank", "export", "--date-format", "dd/mm/yyyy", "--format", "csv"], in: t.url)
        #expect(a.status == 0 && a.stdout == b.stdout)
        let ex = try liaison(["export", "w.liaison", "--out", "back"], in: t.url)
        #expect(ex.status == 0)
        let referrals = try String(contentsOf: t.file("back/referrals.csv"), encoding: .utf8)
        #expect(referrals.hasPrefix("source,target,patients,period,source_name\nE1,E2,12,2026Q1,Dr. Anna Peeters\n"))
    }

    static let maineFile = sharedData.appendingPathComponent("cms-doctors-clinicians-maine/DAC_Maine_subset.csv")

    @Test("the CMS Maine roster imports with --map: 3,516 clinicians, its 2,574 empty rows skipped",
          .enabled(if: FileManager.default.fileExists(atPath: maineFile.path), "../shared/data/cms-doctors-clinicians-maine is absent"))
    func maine() throws {
        let file = Self.maineFile
        let t = try TempDir()
        let r = try liaison(["import", file.path, "--kind", "experts", "--into", "w.liaison",
                             "--map", "NPI=id,Provider Name=name,Primary Specialty=specialty"], in: t.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("w.liaison: 3516 experts"), "\(r.stdout)")
    }
}
