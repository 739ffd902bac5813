import Foundation
import Testing
@testable import Liaison

/// Files as spreadsheets and CRMs write them: Excel's "CSV" in Belgian, French, German or Dutch
/// locales (semicolons, a byte-order mark, CRLF, day-first dates), tab-separated text, extra text
/// columns, and the empty rows Excel leaves below the data.
@Suite("Spreadsheet files", .tags(.unit))
struct SpreadsheetFilesTests {
    /// One dataset, written with commas and ISO dates.
    static let plain: [String: String] = [
        "institutions.csv": "id,name,city\nH1,UZ Leuven,Leuven\nH2,\"CHU de Liège, site Sart Tilman\",Liège\n",
        "experts.csv": "id,name,institution,specialty\nE1,Ann Peeters,H1,Hematology\nE2,\"Dubois, Marc\",H2,Oncology\nE3,Lotte Maes,H1,Hematology\n",
        "referrals.csv": "source,target,patients,period\nE1,E2,12,2026Q1\nE2,E3,14,2026Q1\nE3,E1,20,\n",
        "collaborations.csv": "a,b,kind,weight\nE1,E2,co-author,2\n",
        "interactions.csv": "id,date,expert,liaison,channel,topic\nI1,2026-01-15,E1,Sofie,in-person,CAR-T\nI2,2026-02-03,E2,Sofie,virtual,\"dosing; new\"\n",
        "plan.csv": "expert,period,planned\nE1,2026Q1,3\n",
    ]

    /// The same dataset as Excel saves it in a Belgian locale: `;`, BOM, CRLF, dd/mm/yyyy dates, and
    /// empty `;;;` rows below the data of every file.
    static func excel(_ sep: String = ";") -> [String: String] {
        var out: [String: String] = [:]
        for (name, text) in plain {
            var rows: [String] = []
            for line in text.split(separator: "\n") {
                // Split outside quotes, then join with the new separator.
                var fields: [String] = [], field = "", quoted = false
                for ch in line {
                    if ch == "\"" { quoted.toggle(); field.append(ch) } else if ch == ",", !quoted { fields.append(field); field = "" } else { field.append(ch) }
                }
                fields.append(field)
                if name == "interactions.csv", fields[1].count == 10, fields[1] != "date" {
                    let p = fields[1].split(separator: "-")
                    fields[1] = "\(p[2])/\(p[1])/\(p[0])"
                }
                rows.append(fields.joined(separator: sep))
            }
            let width = rows[0].filter { String($0) == sep }.count
            let empty = String(repeating: sep, count: width)
            out[name] = "\u{FEFF}" + (rows + [empty, empty]).joined(separator: "\r\n") + "\r\n"
        }
        return out
    }

    func same(_ a: Dataset, _ b: Dataset) {
        #expect(a.experts == b.experts)
        #expect(a.institutions == b.institutions)
        #expect(a.referrals == b.referrals)
        #expect(a.collaborations == b.collaborations)
        #expect(a.interactions == b.interactions)
        #expect(a.plan == b.plan)
    }

    @Test("a Belgian Excel export (semicolons, BOM, CRLF, day-first dates, empty rows) reads as the plain files")
    func belgianExcel() throws {
        let reference = try TempDataset(Self.plain).load()
        let t = try TempDataset(Self.excel())
        let d = try DatasetLoader(options: .init(dateFormat: .dayMonthYear)).load(folder: t.url)
        same(d, reference)
        #expect(Set(d.csvDelimiters.keys) == Set(Self.plain.keys))
        #expect(d.csvDelimiters.values.allSatisfy { $0 == .semicolon })
        #expect(reference.csvDelimiters.values.allSatisfy { $0 == .comma })
        // Without --date-format the day-first dates are refused, at their field, naming the option.
        let e = try #require(try loadError(Self.excel()))
        #expect(e.issues.map(\.description) == [
            e.issues[0].file + ":2:4: date '15/01/2026' is ambiguous without a date format: it looks day-first: give --date-format dd/mm/yyyy (or write YYYY-MM-DD)",
            e.issues[0].file + ":3:4: date '03/02/2026' is ambiguous without a date format: give --date-format dd/mm/yyyy or mm/dd/yyyy (or write YYYY-MM-DD)",
        ])
    }

    @Test("tab-separated files read as the plain files")
    func tabs() throws {
        let t = try TempDataset(Self.excel("\t"))
        let d = try DatasetLoader(options: .init(dateFormat: .dayMonthYear)).load(folder: t.url)
        same(d, try TempDataset(Self.plain).load())
        #expect(d.csvDelimiters.values.allSatisfy { $0 == .tab })
    }

    @Test("errors in a semicolon file keep their exact line and column")
    func positions() throws {
        var files = Self.excel()
        files["referrals.csv"] = "\u{FEFF}source;target;patients\r\nE1;E2;12\r\n\"Éé\";E3;7\r\nE2;E3;douze\r\n;;\r\n"
        let e = try #require(try loadError(files))
        let lines = e.issues.map { "\($0.line):\($0.column): \($0.message)" }
        #expect(lines.contains("3:1: unknown expert id 'Éé' (not in experts.csv)"))
        #expect(lines.contains("4:7: patients 'douze' is not a whole number: expected a whole number ≥ 0"))
        #expect(!lines.contains { $0.hasPrefix("5:") })       // the empty row is no error
    }

    @Test("extra columns of referrals.csv: text kept per link, counts summed, known counts strict")
    func extraColumns() throws {
        let experts = "id,name\nE1,Anna\nE2,Marc\nE3,Lotte\n"
        let d = try TempDataset(["experts.csv": experts, "referrals.csv": """
            source,target,patients,source_name,pair_count,visits,status1
            E1,E2,12,Dr. Anna Peeters,30,2,NUR
            E1,E2,3,,4,1,MED
            E2,E3,20,Dr. Marc Dubois,,5,7
            ,,,,,,

            """]).load()
        #expect(d.referrals.count == 2)
        let ab = d.referrals[0], bc = d.referrals[1]
        #expect(ab.patients == 15 && ab.pairCount == 34 && ab.extraCounts == ["visits": 3])
        #expect(ab.attributes == ["source_name": "Dr. Anna Peeters", "status1": "NUR"])
        #expect(bc.attributes == ["source_name": "Dr. Marc Dubois", "status1": "7"])   // a text column, whole
        #expect(bc.extraCounts == ["visits": 5])
        // A known count column must hold whole numbers.
        let e = try #require(try loadError(["experts.csv": experts, "referrals.csv": "source,target,patients,pair_count\nE1,E2,12,many\n"]))
        #expect(e.issues.first?.message == "pair_count 'many' is not a whole number: expected a whole number ≥ 0")
        #expect(try #require(try loadError(["experts.csv": experts, "referrals.csv": "source,target,patients\nE1,E2,-3\n"]))
            .issues.first?.message == "patients '-3' is negative: expected a whole number ≥ 0")
    }

    @Test("wholly empty rows are skipped anywhere; a row with some fields is still checked")
    func emptyRows() throws {
        let d = try TempDataset(["experts.csv": "id,name,specialty\nE1,Ann,\n,,\n  , ,\t\nE2,Bob,\n,,\n\"\",,\n"]).load()
        #expect(d.experts.map(\.id) == ["E1", "E2"])
        let e = try #require(try loadError(["experts.csv": "id,name,specialty\nE1,Ann,\n,Bob,\n,,\n"]))
        #expect(e.issues.map { "\($0.line):\($0.column): \($0.message)" } == ["3:1: empty id"])
    }

    @Test("the separator is found from the first row only, outside quotes")
    func detection() {
        func detect(_ s: String) -> CSVDelimiter { Array(s.utf8).withUnsafeBufferPointer { CSVDelimiter.detect($0) } }
        #expect(detect("id,name,city\nE1;x;y;z") == .comma)
        #expect(detect("id;name;city\nE1,x,y,z,w") == .semicolon)
        #expect(detect("id\tname\r\n") == .tab)
        #expect(detect("\"a,b,c\";d;e\n") == .semicolon)
        #expect(detect("\"x;y\"\t\"z;w\"\tv") == .tab)
        #expect(detect("id;name, MD;city\n") == .semicolon)
        #expect(detect("id\n1,2,3\n") == .comma)
        #expect(detect("1000026017,1598773715,56        ,23        ,29\r\n") == .comma)
        #expect(detect("") == .comma)
    }

    @Test("a header of one column says which separators are read")
    func otherSeparator() throws {
        let e = try #require(try loadError(["experts.csv": "id|name\nE1|Ann\n"]))
        #expect(e.issues.first?.message.contains("separated by commas, semicolons or tabs") == true)
    }

    static let maine = sharedData.appendingPathComponent("cms-doctors-clinicians-maine/DAC_Maine_subset.csv")

    @Test("the CMS Maine roster: 3,516 clinicians and 2,574 empty rows read without an error",
          .enabled(if: FileManager.default.fileExists(atPath: maine.path), "../shared/data/cms-doctors-clinicians-maine is absent"))
    func maineRoster() throws {
        let file = Self.maine
        var text = try String(contentsOf: file, encoding: .utf8)
        // The file's own header, renamed to Liaison's column names (the rows are the file's, untouched).
        let header = try #require(text.range(of: "\r\n"))      // the file has CRLF line ends
        #expect(text[..<header.lowerBound].hasPrefix("NPI,Provider Name,Primary Specialty"))
        text = "id,name,specialty,address,city,state,zip" + text[header.lowerBound...]
        let d = try TempDataset(["experts.csv": text]).load()
        #expect(d.experts.count == 3516)
        #expect(d.experts.first?.id == "1003005174" && d.experts.first?.attributes["city"] == "PORTLAND")
        #expect(text.components(separatedBy: ",,,,,,\r\n").count - 1 == 2574)
    }
}
