import Foundation
import Liaison
import Testing
@testable import LiaisonMaps

@Suite("trip maps", .serialized, .tags(.unit))
struct TripMapTests {
    /// Three hospitals with coordinates, one liaison with a home, two visits each.
    static func view(coordinates: Bool) throws -> TripsView {
        let places = [("H1", 51.02, 3.73), ("H2", 51.22, 3.24), ("H3", 50.82, 3.29)]
        let institutions = places.map { id, lat, lon in
            Institution(id: id, name: "Hospital \(id)", city: "City \(id)",
                        attributes: coordinates ? ["lat": String(lat), "lon": String(lon)] : [:])
        }
        let d = Dataset(experts: (0..<3).map { Expert(id: "E\($0)", name: "Dr \($0)", institution: "H\($0 + 1)") },
                        institutions: institutions)
        let q = try #require(Period.parse("2027Q1"))
        var o = FieldTripOptions(quarter: q)
        o.homes = ["ann": "H1"]
        let (p, trips) = FieldTrips.schedule(d, requests: (0..<3).map { TripRequest(expert: $0, liaison: "Ann", visits: 2) }, options: o)
        return TripsView(d, quarter: q, places: p, trips: trips)
    }

    @Test func institutionsArePinnedAtTheirLatitudeAndLongitude() throws {
        let map = TripMap(try Self.view(coordinates: true), title: "Trips")
        let pos = try #require(map.positions)
        let a = try #require(pos["Ann · H1"]), b = try #require(pos["Ann · H2"]), c = try #require(pos["Ann · H3"])
        // x grows eastwards (H2 west of H1), y northwards (H3 south of H1, H2 north).
        #expect(b.x < a.x && c.y < a.y && b.y > a.y)
        // Distances keep their proportions: the projection scales both axes alike.
        let h = try #require(GeoPoint(lat: 51.02, lon: 3.73)), g = try #require(GeoPoint(lat: 51.22, lon: 3.24))
        let k = try #require(GeoPoint(lat: 50.82, lon: 3.29))
        let ratioMap = hypot(b.x - a.x, b.y - a.y) / hypot(c.x - a.x, c.y - a.y)
        #expect(abs(ratioMap - h.distanceKm(to: g) / h.distanceKm(to: k)) < 0.02)
        // Each place is labelled with the numbers of its days.
        let label = try #require(map.document.nodes.first { $0.name == "Ann · H2" }?.attributes["xlabel"])
        #expect(label.contains("days"))
        let svg = String(decoding: try map.render(format: .svg).data, as: UTF8.self)
        #expect(svg.contains(">Hospital H2<") && svg.contains(" km<"))
    }

    @Test func withoutCoordinatesNeatoLaysItOut() throws {
        let map = TripMap(try Self.view(coordinates: false), title: "Trips")
        #expect(map.positions == nil)
        let svg = String(decoding: try map.render(format: .svg).data, as: UTF8.self)
        #expect(svg.contains(">Hospital H3<"))
    }
}
