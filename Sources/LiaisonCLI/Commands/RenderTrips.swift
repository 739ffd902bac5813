import Foundation
import Liaison
import LiaisonMaps

extension Render {
    /// `render --trips`: the field trips of the quarter on a map.
    func drawTrips(_ d: Dataset, format: MapFormat, started: Date) throws {
        let co = CoverageOptions(expectTier1: filters.expectTier1, expectTier2: filters.expectTier2,
                                 fiscalYearStart: data.fiscalYearStart)
        let q = try Planning.quarter(quarter, d, fiscalYearStart: co.fiscalYearStart)
        let (view, source, _) = try trip.schedule(data, d, quarter: q, coverage: co, capacity: capacity, liaison: filters.liaison)
        let who = view.trips.count == 1 ? view.trips[0].liaison : "\(view.trips.count) liaisons"
        let map = TripMap(view, title: "Field trips \(q.label) — \(who) (from \(source))")
        let rendering = try map.render(format: format)
        try writeMap([UInt8](rendering.data), to: out, format: format)
        if !data.quiet {
            for w in Set(rendering.warnings).sorted() { Console.warn("note: \(w)") }
            let how = map.positions == nil ? "neato layout: institutions.csv has no lat/lon" : "geographic positions (lat/lon, neato -n)"
            Console.warn("wrote \(out) (\(format.rawValue), \(how)): \(view.rows.count) visits on "
                         + "\(view.trips.reduce(0) { $0 + $1.days.count }) days, \(who)")
            Console.warn("took \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
    }
}
