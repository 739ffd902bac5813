import Testing
@testable import Liaison

@Suite("Dates: one parser for files and options", .tags(.unit))
struct DateFormatTests {
    /// The day written three ways, by a reference formatter that shares nothing with the parser.
    func written(_ d: Day, _ f: DateFormat, separator: String = "/") -> String {
        let (y, m, dd) = d.components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        switch f {
        case .iso: return "\(y)-\(two(m))-\(two(dd))"
        case .dayMonthYear: return "\(two(dd))\(separator)\(two(m))\(separator)\(y)"
        case .monthDayYear: return "\(two(m))\(separator)\(two(dd))\(separator)\(y)"
        }
    }

    @Test("random days read back in every format, from a String and from bytes")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let day = Day(ordinal: 3650 + rng.index(below: 36500))   // 1980 … 2079
            for f in DateFormat.allCases {
                for sep in ["/", ".", "-"] where f != .iso || sep == "/" {
                    let text = written(day, f, separator: sep)
                    #expect(f.parse(text) == day, "\(f.rawValue) \(text)")
                    let viaBytes = Array(text.utf8).withUnsafeBufferPointer { f.parse(bytes: $0) }
                    #expect(viaBytes == day)
                    // A time after the date is read by its date part.
                    #expect(f.parse(text + "T09:30:00Z") == day)
                    #expect(f.parse(text + " 17:45") == day)
                }
                // ISO is read whatever the chosen format.
                #expect(f.parse(written(day, .iso)) == day)
            }
        }
    }

    @Test("slash dates are refused without a format, and the message names --date-format")
    func ambiguous() {
        #expect(DateFormat.iso.parse("15/01/2026") == nil)
        #expect(DateFormat.iso.parse("03/04/2026") == nil)
        #expect(DateFormat.dayMonthYear.parse("03/04/2026")?.description == "2026-04-03")
        #expect(DateFormat.monthDayYear.parse("03/04/2026")?.description == "2026-03-04")
        let dayFirst = DateFormat.iso.complaint("15/01/2026")
        #expect(dayFirst.contains("'15/01/2026'") && dayFirst.contains("--date-format dd/mm/yyyy"))
        #expect(!dayFirst.contains("mm/dd/yyyy"))
        #expect(DateFormat.iso.complaint("01/15/2026").contains("looks month-first: give --date-format mm/dd/yyyy"))
        #expect(DateFormat.iso.complaint("03/04/2026").contains("--date-format dd/mm/yyyy or mm/dd/yyyy"))
        #expect(DateFormat.iso.complaint("March 3rd").contains("--date-format"))
        #expect(DateFormat.iso.complaint("") == "empty date")
        // Without echo, the value is not quoted (encounter dates identify patients).
        #expect(!DateFormat.iso.complaint("15/01/2026", echo: false).contains("15/01"))
        #expect(DateFormat.monthDayYear.complaint("15/01/2026").contains("not a date in mm/dd/yyyy"))
    }

    @Test("impossible, short and malformed dates are refused")
    func malformed() {
        for f in DateFormat.allCases {
            for bad in ["2026-02-30", "2026-13-01", "2026-1-01", "31/02/2026", "1/2/26", "12/12/12026", "1/2/2026/3",
                        "01/02.2026", "aa/bb/cccc", "2026-03-14X", "", " ", "/", "2026/03/14"] {
                #expect(f.parse(bad) == nil, "\(f.rawValue) '\(bad)'")
            }
        }
        #expect(DateFormat.dayMonthYear.parse("1.2.2026")?.description == "2026-02-01")
        #expect(DateFormat.dayMonthYear.parse("29/02/2024")?.description == "2024-02-29")
        #expect(DateFormat.dayMonthYear.parse("29/02/2026") == nil)
        // `Day(iso:)` is the strict form (no time), `Day(isoDateOrDateTime:)` the ISO format.
        #expect(Day(iso: "2026-03-14T09:30") == nil)
        #expect(Day(isoDateOrDateTime: "2026-03-14T09:30")?.description == "2026-03-14")
        #expect(Day(isoDateOrDateTime: "14/03/2026") == nil)
    }

    @Test("interactions.csv: day-first dates need --date-format, named in the error")
    func datasetDates() throws {
        let files = [
            "experts.csv": "id,name\nE1,A\n",
            "interactions.csv": "id,date,expert,liaison,channel\nI1,15/01/2026,E1,alice,phone\nI2,2026-01-20T08:00:00+01:00,E1,alice,phone\n",
        ]
        let e = try #require(try loadError(files))
        #expect(e.issues.map(\.description) == [
            e.issues[0].file + ":2:4: date '15/01/2026' is ambiguous without a date format: it looks day-first: give --date-format dd/mm/yyyy (or write YYYY-MM-DD)",
        ])
        let t = try TempDataset(files)
        let d = try DatasetLoader(options: .init(dateFormat: .dayMonthYear)).load(folder: t.url)
        #expect(d.interactions.map(\.date.description) == ["2026-01-15", "2026-01-20"])
    }
}
