import Foundation
import Testing
@testable import Liaison

@Suite("field trips", .tags(.unit))
struct FieldTripsTests {
    /// A world of institutions (some with coordinates, some only a city) and random requests.
    static func world(seed: UInt64) -> (Dataset, [TripRequest], FieldTripOptions) {
        var rng = SplitMix64(seed: seed)
        let withCoordinates = seed % 3 != 0
        let institutions = (0..<8).map { k -> Institution in
            var attributes: [String: String] = [:]
            if withCoordinates || k % 2 == 0 {
                attributes["lat"] = String(50 + Double(rng.index(below: 1000)) / 1000)
                attributes["lon"] = String(4 + Double(rng.index(below: 1500)) / 1000)
            }
            return Institution(id: "H\(k)", name: "Hospital \(k)", city: ["Gent", "Leuven", "Liège", ""][k % 4], attributes: attributes)
        }
        let n = 10 + rng.index(below: 30)
        let experts = (0..<n).map { Expert(id: "E\($0)", name: "Dr \($0)", institution: "H\(rng.index(below: 8))") }
        let d = Dataset(experts: experts, institutions: institutions)
        let liaisons = ["Ann", "Bob", "Cas"].prefix(1 + rng.index(below: 3))
        let requests = (0..<n).compactMap { v -> TripRequest? in
            rng.index(below: 3) == 0 ? nil
                : TripRequest(expert: v, liaison: liaisons[rng.index(below: liaisons.count)], visits: 1 + rng.index(below: 3), reason: "r\(v)")
        }
        let q = Period.quarter(2027, 1 + rng.index(below: 4)) ?? Period(label: "?", start: Day(ordinal: 0), end: Day(ordinal: 90), kind: .range)
        var o = FieldTripOptions(quarter: q)
        o.defaultVisitsPerDay = 1 + rng.index(below: 5)
        o.homes = ["ann": "Gent", "bob": "H1"]
        o.nearbyKm = Double(rng.index(below: 60))
        if seed % 4 == 0, let h = FieldTrips.workingDays(from: q.start, to: q.end).first { o.holidays = [h] }
        return (d, requests, o)
    }

    @Test func everyVisitOnExactlyOneWorkingDayWithinTheRules() {
        for seed in UInt64(1)...150 {
            let (d, requests, o) = Self.world(seed: seed)
            let (places, trips) = FieldTrips.schedule(d, requests: requests, options: o)
            var placed: [String: [Day]] = [:]
            for t in trips {
                var dates = Set<Day>()
                for day in t.days {
                    #expect(FieldTrips.isWorkingDay(day.date) && o.quarter.contains(day.date) && !o.holidays.contains(day.date),
                            "seed \(seed): \(day.date) is a working day of the quarter")
                    #expect(dates.insert(day.date).inserted, "seed \(seed): one entry per date")
                    #expect(day.stops.count <= t.visitsPerDay && !day.stops.isEmpty, "seed \(seed): day limit")
                    // One place: every institution of the day in the day's area, which is one city, one
                    // institution, or institutions within the radius of the area's first.
                    let area = t.areas[day.area]
                    for s in day.stops {
                        #expect(area.contains(s.place), "seed \(seed): stop in the day's area")
                        let a = places[area[0]], p = places[s.place]
                        if let x = a.point, let y = p.point {
                            #expect(x.distanceKm(to: y) <= o.nearbyKm + 1e-9, "seed \(seed): within \(o.nearbyKm) km")
                        } else {
                            #expect(a.key == p.key || (!a.city.isEmpty && a.city == p.city), "seed \(seed): one city")
                        }
                        placed["\(t.liaison) \(s.expert)", default: []].append(day.date)
                    }
                }
                // Unscheduled visits are explained; here the calendar has room, so there are none.
                #expect(t.unscheduled.isEmpty, "seed \(seed): \(t.liaison) unscheduled \(t.unscheduled.map(\.why))")
            }
            // Every planned visit exactly once (as many dates as visits), repeats ≥ 14 days apart.
            var wanted: [String: Int] = [:]
            for r in requests { wanted["\(r.liaison) \(r.expert)", default: 0] += r.visits }
            for (key, n) in wanted {
                let dates = (placed[key] ?? []).sorted()
                #expect(dates.count == n, "seed \(seed): \(key) has \(dates.count) of \(n) visits")
                for (a, b) in zip(dates, dates.dropFirst()) {
                    #expect(b.ordinal - a.ordinal >= 14, "seed \(seed): \(key) visits \(a) and \(b) 14+ days apart")
                }
            }
        }
    }

    @Test func overfullCalendarsReportWhatDoesNotFit() throws {
        let d = Dataset(experts: (0..<30).map { Expert(id: "E\($0)", name: "Dr \($0)", institution: "H\($0)") })
        let q = try #require(Period.parse("2027Q1"))
        var o = FieldTripOptions(quarter: q)
        o.defaultVisitsPerDay = 1
        o.start = Day(iso: "2027-03-01")
        let requests = (0..<30).map { TripRequest(expert: $0, liaison: "Ann", visits: 2) }
        let (_, trips) = FieldTrips.schedule(d, requests: requests, options: o)
        let t = try #require(trips.first)
        let scheduled = t.days.reduce(0) { $0 + $1.stops.count }
        let missing = t.unscheduled.reduce(0) { $0 + $1.visits }
        #expect(scheduled + missing == 60 && missing > 0 && scheduled == t.days.count)
        #expect(t.days.allSatisfy { $0.date >= (Day(iso: "2027-03-01") ?? q.start) })
    }

    @Test func greatCircleDistanceAndRoutes() throws {
        let gent = try #require(GeoPoint(lat: 51.0236, lon: 3.7262)), brugge = try #require(GeoPoint(lat: 51.2153, lon: 3.2430))
        // ≈ 39.6 km (haversine on the mean radius).
        #expect(abs(gent.distanceKm(to: brugge) - 39.6) < 0.5)
        #expect(GeoPoint(lat: 91, lon: 0) == nil)
        let london = try #require(GeoPoint(lat: 51.5074, lon: -0.1278)), paris = try #require(GeoPoint(lat: 48.8566, lon: 2.3522))
        #expect(abs(london.distanceKm(to: paris) - 343.5) < 1.5)
        // A day's route is the shortest tour from home: compare with every order.
        let places = (0..<5).map { (k: Int) -> TripPlace in
            let lat: Double = 50 + Double((k * 37) % 11) / 10
            let lon: Double = 4 + Double((k * 53) % 7) / 10
            return TripPlace(key: "P\(k)", name: "P\(k)", city: "", point: GeoPoint(lat: lat, lon: lon))
        }
        let (route, km) = FieldTrips.route([0, 1, 2, 3, 4, 2], home: gent, places: places)
        #expect(Set(route) == Set(0..<5) && route.count == 5)
        var best = Double.infinity
        var p = [0, 1, 2, 3, 4]
        repeat {
            var at = gent, total = 0.0
            for k in p { if let x = places[k].point { total += at.distanceKm(to: x); at = x } }
            best = min(best, total + at.distanceKm(to: gent))
        } while FieldTrips.nextPermutation(&p)
        #expect(abs((km ?? 0) - best) < 1e-9)
    }

    @Test func plansLeaveOutOtherChannels() throws {
        let d = Dataset(experts: [Expert(id: "A", name: "A", attributes: ["liaison": "Ann"]), Expert(id: "B", name: "B")])
        let q = try #require(Period.parse("2027Q1")), m = try #require(Period.parse("2027-02")), other = try #require(Period.parse("2026Q4"))
        let rows = [PlanFileRow(expert: 0, period: q, planned: 2), PlanFileRow(expert: 0, period: m, planned: 1, channel: "virtual"),
                    PlanFileRow(expert: 1, period: q, planned: 1), PlanFileRow(expert: 0, period: other, planned: 5),
                    PlanFileRow(expert: 1, period: q, planned: 3, liaison: "Bob", channel: "in-person")]
        let (requests, left) = FieldTrips.requests(rows, dataset: d, quarter: q)
        #expect(requests.map(\.visits) == [2, 3] && requests.map(\.liaison) == ["Ann", "Bob"])
        #expect(left == ["virtual": 1, "(no liaison)": 1])
    }
}
