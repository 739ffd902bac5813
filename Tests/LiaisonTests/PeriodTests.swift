import Testing
@testable import Liaison

@Suite("Days and periods", .tags(.unit))
struct PeriodTests {
    @Test func dayRoundTrip() throws {
        for text in ["1970-01-01", "2024-02-29", "2026-12-31", "1999-03-01", "2000-02-29"] {
            let d = try #require(Day(iso: text))
            #expect(d.description == text)
        }
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-1-01") == nil)
        #expect(Day(iso: "14/03/2026") == nil)
        #expect(Day(iso: "1970-01-02")?.ordinal == 1)
    }

    @Test func dayOrdinalsAreConsecutiveAcrossYears() throws {
        var d = try #require(Day(year: 1999, month: 12, day: 25))
        var last = d.ordinal
        for _ in 0..<800 {
            d = d.adding(days: 1)
            #expect(d.ordinal == last + 1)
            let (y, m, dd) = d.components
            #expect(Day(year: y, month: m, day: dd) == d)
            last = d.ordinal
        }
    }

    @Test func parsesQuartersYearsMonthsAndRanges() throws {
        let q = try #require(Period.parse("2026Q2"))
        #expect(q.start.description == "2026-04-01" && q.end.description == "2026-06-30" && q.kind == .quarter)
        #expect(Period.parse("2026-Q2") == q)
        let y = try #require(Period.parse("2026"))
        #expect(y.dayCount == 365 && y.kind == .year)
        let m = try #require(Period.parse("2024-02"))
        #expect(m.dayCount == 29)
        let r = try #require(Period.parse("2026-01-01..2026-03-31"))
        #expect(r.dayCount == 90 && r.kind == .range)
        #expect(Period.parse("2026Q5") == nil)
        #expect(Period.parse("2026-03-31..2026-01-01") == nil)
        #expect(Period.parse("Q2 2026") == nil)
        #expect(Period.parse("") == nil)
    }

    @Test func fiscalQuartersAndPrevious() throws {
        let q1 = try #require(Period.quarter(2026, 1, fiscalYearStart: 4))
        #expect(q1.start.description == "2026-04-01" && q1.end.description == "2026-06-30")
        let q4 = try #require(Period.quarter(2026, 4, fiscalYearStart: 4))
        #expect(q4.start.description == "2027-01-01" && q4.end.description == "2027-03-31")
        let d = try #require(Day(iso: "2027-02-10"))
        #expect(Period.quarter(containing: d, fiscalYearStart: 4) == q4)
        let q = try #require(Period.parse("2026Q1"))
        #expect(q.previous().label == "2025Q4")
        #expect(Period.quarter(containing: try #require(Day(iso: "2026-03-31"))).label == "2026Q1")
        #expect(Period.quarter(containing: try #require(Day(iso: "2026-04-01"))).label == "2026Q2")
    }

    @Test func nestedPeriods() throws {
        let q = try #require(Period.parse("2026Q2")), y = try #require(Period.parse("2026"))
        #expect(q.isWithin(y) && !y.isWithin(q))
    }
}
