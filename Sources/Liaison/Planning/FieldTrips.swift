/// One expert's in-person visits to schedule for one liaison (from a plan row).
public struct TripRequest: Sendable, Hashable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// The liaison who visits.
    public var liaison: String
    /// Visits in the quarter.
    public var visits: Int
    /// Why (the plan's reason), carried to every visit.
    public var reason: String

    /// Creates a request.
    public init(expert: Int, liaison: String, visits: Int, reason: String = "") {
        self.expert = expert
        self.liaison = liaison
        self.visits = visits
        self.reason = reason
    }
}

/// Where a visit happens: an institution of `institutions.csv`, or the expert's institution text.
public struct TripPlace: Sendable, Hashable {
    /// Institution id (or the expert's institution text; `(no institution) ID` when empty).
    public var key: String
    /// Display name.
    public var name: String
    /// City, when known.
    public var city: String
    /// Position, when `institutions.csv` has `lat` and `lon`.
    public var point: GeoPoint?
}

/// One visit on the calendar.
public struct TripStop: Sendable, Hashable {
    /// Index in ``Dataset/experts``.
    public var expert: Int
    /// Index into ``FieldTrips/places``.
    public var place: Int
    /// Which of the expert's visits this is (1-based, in date order) …
    public var visitNumber: Int
    /// … of how many planned.
    public var visitCount: Int
    /// The plan's reason.
    public var reason: String
}

/// One day on the road: one area (one institution, one city, or nearby institutions), stops in route order.
public struct TripDay: Sendable, Hashable {
    /// The date (a working day).
    public var date: Day
    /// 1-based number among the liaison's days on the road, in date order.
    public var number: Int
    /// The area visited (index into ``LiaisonTrips/areas``).
    public var area: Int
    /// Visits in route order.
    public var stops: [TripStop]
    /// Straight-line km from home through the day's institutions and back (`nil` without coordinates or home).
    public var km: Double?
}

/// One liaison's quarter on the road.
public struct LiaisonTrips: Sendable {
    /// The liaison.
    public var liaison: String
    /// `home` from liaisons.csv, if any.
    public var home: String?
    /// Home's position, when known.
    public var homePoint: GeoPoint?
    /// Most visits a day.
    public var visitsPerDay: Int
    /// Areas: each a list of place indices (one institution, one city, or institutions within the radius).
    public var areas: [[Int]]
    /// Days on the road, by date.
    public var days: [TripDay]
    /// Visits that found no day: (expert, visits not placed, why).
    public var unscheduled: [(expert: Int, visits: Int, why: String)]

    /// Σ of the days' km, `nil` when any day has none.
    public var km: Double? {
        guard !days.isEmpty, days.allSatisfy({ $0.km != nil }) else { return nil }
        return days.reduce(0) { $0 + ($1.km ?? 0) }
    }
}

/// How ``FieldTrips/schedule(_:requests:options:)`` lays visits on the calendar.
public struct FieldTripOptions: Sendable {
    /// The quarter.
    public var quarter: Period
    /// First day that may be used (default: the quarter's first day).
    public var start: Day?
    /// Most visits a day for each liaison (by lower-cased name); others get ``defaultVisitsPerDay``.
    public var visitsPerDay: [String: Int] = [:]
    /// Most visits a day when nothing else says (4).
    public var defaultVisitsPerDay = 4
    /// Home of each liaison (by lower-cased name): an institution id or a city.
    public var homes: [String: String] = [:]
    /// Institutions with coordinates within this many km of a day's first institution share the day.
    public var nearbyKm = 25.0
    /// Least days between two visits to one expert.
    public var spacingDays = 14
    /// Days that are not working days although Monday to Friday (public holidays, congresses).
    public var holidays: Set<Day> = []

    /// Options for `quarter` with the defaults.
    public init(quarter: Period) { self.quarter = quarter }
}

/// Field trips: each liaison's planned in-person visits laid on working days.
///
/// **Rules.** A day is a working day (Monday–Friday, not a holiday) inside the quarter, on or after the start; it
/// holds at most `visits_per_day` visits, all in one *area*; two visits to one expert are at least
/// ``FieldTripOptions/spacingDays`` (14) days apart. Areas: with coordinates, institutions are grouped
/// greedily — the institution with the most visits first takes every ungrouped one within
/// ``FieldTripOptions/nearbyKm`` (great-circle distance, ``GeoPoint/distanceKm(to:)``) — so every
/// institution of a day lies within the radius of the area's first; without coordinates, an area is
/// a city (an institution without a city is its own area).
///
/// **Method.** With R the most visits of one expert, the working days are cut into R equal blocks
/// (*rounds*); an expert with k visits takes k rounds spread evenly (one-visit experts go where their
/// area has a partly filled day, else to the lightest round). In each round the areas are taken in the
/// order of a nearest-neighbour tour from home (Rosenkrantz, Stearns and Lewis 1977), their days
/// spread evenly over the block, so consecutive days go to neighbouring areas and the weeks are not
/// all on the road. Each day's stops follow the shortest route home → institutions → home (exhaustive
/// over orders up to 7 institutions, nearest neighbour above). A visit that breaks the spacing or finds
/// its day taken goes to the first later working day that is free or already at its area with room
/// (first fit); what finds none is reported as unscheduled, never dropped silently.
///
/// - Complexity: O(V · D) for V visits and D working days (the first-fit scan), plus O(P²) to group
///   P places and O(I!) per day for I ≤ 7 institutions.
public enum FieldTrips {
    /// Working days (Monday–Friday) from `start` to `end`.
    public static func workingDays(from start: Day, to end: Day) -> [Day] {
        guard start <= end else { return [] }
        return (start.ordinal...end.ordinal).map(Day.init(ordinal:)).filter { isWorkingDay($0) }
    }

    /// Whether `d` is a Monday to Friday (1970-01-01 was a Thursday).
    public static func isWorkingDay(_ d: Day) -> Bool { ((d.ordinal + 3) % 7 + 7) % 7 < 5 }

    /// The place of expert `v`.
    public static func place(of v: Int, in d: Dataset) -> TripPlace {
        if let inst = d.institution(ofExpert: v) {
            return TripPlace(key: inst.id, name: inst.name, city: inst.city.trimmingSpaces, point: inst.location)
        }
        let text = d.experts[v].institution.trimmingSpaces
        if text.isEmpty { return TripPlace(key: "(no institution) \(d.experts[v].id)", name: "(no institution)", city: "", point: nil) }
        return TripPlace(key: text, name: text, city: "", point: nil)
    }

    /// The position of a home: an institution id, else the centre of the institutions of that city.
    public static func homePoint(_ home: String?, in d: Dataset) -> GeoPoint? {
        guard let h = home?.trimmingSpaces, !h.isEmpty else { return nil }
        if let k = d.institutionIndex[h] { return d.institutions[k].location }
        return GeoPoint.centre(d.institutions.filter { $0.city.trimmingSpaces.lowercased() == h.lowercased() }.compactMap(\.location))
    }

    /// Schedules every request; returns the places used and each liaison's trips, by liaison name.
    public static func schedule(_ d: Dataset, requests: [TripRequest], options o: FieldTripOptions)
        -> (places: [TripPlace], liaisons: [LiaisonTrips]) {
        var places: [TripPlace] = [], placeIndex: [String: Int] = [:]
        func placeID(_ v: Int) -> Int {
            let p = place(of: v, in: d)
            if let k = placeIndex[p.key] { return k }
            placeIndex[p.key] = places.count
            places.append(p)
            return places.count - 1
        }
        // One request per liaison and expert (rows for one expert add up), so spacing covers them all.
        var byLiaison: [String: [TripRequest]] = [:]
        var slot: [String: [Int: Int]] = [:]
        for r in requests where r.visits > 0 {
            if let k = slot[r.liaison]?[r.expert], var merged = byLiaison[r.liaison]?[k] {
                merged.visits += r.visits
                if !r.reason.isEmpty && !merged.reason.contains(r.reason) {
                    merged.reason += (merged.reason.isEmpty ? "" : "; ") + r.reason
                }
                byLiaison[r.liaison]?[k] = merged
            } else {
                slot[r.liaison, default: [:]][r.expert] = byLiaison[r.liaison]?.count ?? 0
                byLiaison[r.liaison, default: []].append(r)
            }
        }
        let days = workingDays(from: max(o.start ?? o.quarter.start, o.quarter.start), to: o.quarter.end)
            .filter { !o.holidays.contains($0) }
        var out: [LiaisonTrips] = []
        for name in byLiaison.keys.sorted() {
            let reqs = byLiaison[name] ?? []
            let pid = reqs.map { placeID($0.expert) }
            let key = name.lowercased()
            let home = o.homes[key]
            let perDay = max(1, o.visitsPerDay[key] ?? o.defaultVisitsPerDay)
            var trips = LiaisonTrips(liaison: name, home: home, homePoint: homePoint(home, in: d), visitsPerDay: perDay,
                                     areas: [], days: [], unscheduled: [])
            scheduleOne(&trips, reqs: reqs, placeOf: pid, places: places, days: days, options: o)
            out.append(trips)
        }
        return (places, out)
    }

    /// Groups the places into areas (see the type's documentation); returns area of each place index.
    static func areas(_ used: [Int], places: [TripPlace], visits: [Int: Int], nearbyKm: Double) -> (areas: [[Int]], of: [Int: Int]) {
        let order = used.sorted { a, b in
            (visits[a] ?? 0) != (visits[b] ?? 0) ? (visits[a] ?? 0) > (visits[b] ?? 0) : places[a].key < places[b].key
        }
        var areas: [[Int]] = [], of: [Int: Int] = [:]
        for p in order where of[p] == nil {
            var group = [p]
            of[p] = areas.count
            for q in order where of[q] == nil {
                let near: Bool
                if let a = places[p].point, let b = places[q].point { near = a.distanceKm(to: b) <= nearbyKm }
                else if places[p].point == nil && places[q].point == nil { near = !places[p].city.isEmpty && places[p].city.lowercased() == places[q].city.lowercased() }
                else { near = false }
                if near { of[q] = areas.count; group.append(q) }
            }
            areas.append(group)
        }
        return (areas, of)
    }

    private static func scheduleOne(_ t: inout LiaisonTrips, reqs: [TripRequest], placeOf: [Int], places: [TripPlace],
                                     days: [Day], options o: FieldTripOptions) {
        var visitsAt: [Int: Int] = [:]
        for (r, p) in zip(reqs, placeOf) { visitsAt[p, default: 0] += r.visits }
        let (areas, areaOf) = FieldTrips.areas(Array(Set(placeOf)), places: places, visits: visitsAt, nearbyKm: o.nearbyKm)
        t.areas = areas
        guard !days.isEmpty else {
            t.unscheduled = reqs.map { ($0.expert, $0.visits, "no working day between the start and the end of the quarter") }
            return
        }
        let m = days.count, perDay = t.visitsPerDay
        let rounds = max(1, reqs.map(\.visits).max() ?? 1)
        // Area order: nearest-neighbour tour of the area centres from home (else from the busiest area).
        let centre = areas.map { GeoPoint.centre($0.compactMap { places[$0].point }) }
        var tour: [Int] = [], left = Set(areas.indices)
        var at = t.homePoint
        while !left.isEmpty {
            let next = left.min { a, b in
                if let h = at, let ca = centre[a], let cb = centre[b] {
                    let da = h.distanceKm(to: ca), db = h.distanceKm(to: cb)
                    if da != db { return da < db }
                }
                return places[areas[a][0]].key < places[areas[b][0]].key
            } ?? 0
            tour.append(next); left.remove(next)
            at = centre[next] ?? at
        }
        // Rounds of each request's visits.
        var load = [[Int]](repeating: [Int](repeating: 0, count: rounds), count: areas.count)
        var plan: [(req: Int, round: Int)] = []
        let order = reqs.indices.sorted { reqs[$0].visits != reqs[$1].visits ? reqs[$0].visits > reqs[$1].visits : $0 < $1 }
        for k in order {
            let a = areaOf[placeOf[k]] ?? 0, v = reqs[k].visits
            if v == 1 {
                let r = (0..<rounds).min { x, y in
                    let px = load[a][x] % perDay != 0, py = load[a][y] % perDay != 0
                    if px != py { return px }
                    return load[a][x] != load[a][y] ? load[a][x] < load[a][y] : x < y
                } ?? 0
                load[a][r] += 1; plan.append((k, r))
            } else {
                for j in 0..<v {
                    let r = v >= rounds ? min(j, rounds - 1) : Int((Double(j) * Double(rounds - 1) / Double(v - 1)).rounded())
                    load[a][r] += 1; plan.append((k, r))
                }
            }
        }
        var dayArea = [Int?](repeating: nil, count: m)
        var dayStops = [[(req: Int, place: Int)]](repeating: [], count: m)
        var placed = [[Int]](repeating: [], count: reqs.count)  // day indices of each request's visits
        var missing = [Int: (Int, String)]()
        func fits(_ k: Int, _ i: Int) -> Bool {
            guard let last = placed[k].last else { return true }
            return days[i].ordinal - days[last].ordinal >= o.spacingDays
        }
        func put(_ k: Int, _ i: Int, _ a: Int) {
            dayArea[i] = a; dayStops[i].append((k, placeOf[k])); placed[k].append(i)
        }
        for r in 0..<rounds {
            let lo = r * m / rounds, hi = (r + 1) * m / rounds
            var slots: [Int] = []  // area of each area-day, in tour order
            for a in tour { slots += [Int](repeating: a, count: (load[a][r] + perDay - 1) / perDay) }
            let b = hi - lo
            var waiting: [Int] = []
            for a in tour {
                var mine = plan.filter { $0.round == r && areaOf[placeOf[$0.req]] == a }.map(\.req)
                mine.sort { reqs[$0].visits != reqs[$1].visits ? reqs[$0].visits > reqs[$1].visits : $0 < $1 }
                let slotDays = slots.indices.filter { slots[$0] == a }.map { s in
                    slots.count <= b ? lo + s * b / max(1, slots.count) : lo + s
                }.filter { $0 < hi }
                for k in mine {
                    let i = slotDays.first { i in (dayArea[i] == nil || dayArea[i] == a) && dayStops[i].count < perDay && fits(k, i) }
                    if let i { put(k, i, a) } else { waiting.append(k) }
                }
            }
            for k in waiting {
                let a = areaOf[placeOf[k]] ?? 0
                let from = placed[k].last.map { l in days.firstIndex { $0.ordinal - days[l].ordinal >= o.spacingDays } ?? m } ?? 0
                if let i = (from..<m).first(where: { dayArea[$0] == nil || (dayArea[$0] == a && dayStops[$0].count < perDay) }) {
                    put(k, i, a)
                } else {
                    let why = placed[k].isEmpty
                        ? "no working day left that is free or at the same place with room"
                        : "no working day left at least \(o.spacingDays) days after the previous visit that is free or at the same place with room"
                    missing[k] = ((missing[k]?.0 ?? 0) + 1, why)
                }
            }
        }
        t.unscheduled = missing.keys.sorted().map { (reqs[$0].expert, missing[$0]?.0 ?? 0, missing[$0]?.1 ?? "") }
        var number = 0
        for i in 0..<m where !dayStops[i].isEmpty {
            number += 1
            let (route, km) = route(dayStops[i].map(\.place), home: t.homePoint, places: places)
            var stops: [TripStop] = []
            for p in route {
                for (k, _) in dayStops[i] where placeOf[k] == p {
                    let n = (placed[k].firstIndex(of: i) ?? 0) + 1
                    stops.append(TripStop(expert: reqs[k].expert, place: p, visitNumber: n, visitCount: reqs[k].visits,
                                          reason: reqs[k].reason))
                }
            }
            t.days.append(TripDay(date: days[i], number: number, area: dayArea[i] ?? 0, stops: stops, km: km))
        }
    }

    /// The shortest order of the distinct places of a day from home and back, and its km (`nil` when
    /// home or a place has no position: then by name).
    static func route(_ stops: [Int], home: GeoPoint?, places: [TripPlace]) -> ([Int], Double?) {
        let distinct = Array(Set(stops)).sorted { places[$0].name != places[$1].name ? places[$0].name < places[$1].name : $0 < $1 }
        guard let h = home, distinct.allSatisfy({ places[$0].point != nil }) else { return (distinct, nil) }
        let pts = distinct.compactMap { places[$0].point }
        func length(_ order: [Int]) -> Double {
            var at = h, km = 0.0
            for k in order { km += at.distanceKm(to: pts[k]); at = pts[k] }
            return km + at.distanceKm(to: h)
        }
        var best = Array(pts.indices), bestKm = length(best)
        if pts.count <= 7 {
            var p = best
            while nextPermutation(&p) {
                let l = length(p)
                if l < bestKm - 1e-9 { bestKm = l; best = p }
            }
        } else {
            var order: [Int] = [], left = Set(pts.indices), at = h
            while let nxt = left.min(by: { at.distanceKm(to: pts[$0]) < at.distanceKm(to: pts[$1]) || (at.distanceKm(to: pts[$0]) == at.distanceKm(to: pts[$1]) && $0 < $1) }) {
                order.append(nxt); left.remove(nxt); at = pts[nxt]
            }
            best = order; bestKm = length(order)
        }
        return (best.map { distinct[$0] }, bestKm)
    }

    /// Rearranges `a` into the next permutation in lexicographic order; false after the last.
    static func nextPermutation(_ a: inout [Int]) -> Bool {
        guard a.count > 1, var i = a.indices.dropLast().last(where: { a[$0] < a[$0 + 1] }) else { return false }
        var j = a.count - 1
        while a[j] <= a[i] { j -= 1 }
        a.swapAt(i, j)
        i += 1
        var k = a.count - 1
        while i < k { a.swapAt(i, k); i += 1; k -= 1 }
        return true
    }
}

extension FieldTrips {
    /// What a plan asks of the trips: in-person rows inside `quarter`, each with its liaison (the
    /// row's `liaison`, else the expert's owner). Rows on another channel, and rows no liaison owns,
    /// are left out and counted (by channel, or `(no liaison)`).
    public static func requests(_ rows: [PlanFileRow], dataset d: Dataset, quarter: Period)
        -> (requests: [TripRequest], leftOut: [String: Int]) {
        let owner = LiaisonOwnership(d).owner
        var out: [TripRequest] = [], left: [String: Int] = [:]
        for r in rows where r.period.isWithin(quarter) && r.planned > 0 {
            guard r.isInPerson else { left[r.channel ?? "", default: 0] += r.planned; continue }
            let l = r.liaison ?? owner[r.expert]
            guard l != LiaisonOwnership.none else { left["(no liaison)", default: 0] += r.planned; continue }
            out.append(TripRequest(expert: r.expert, liaison: l, visits: r.planned, reason: r.reason ?? ""))
        }
        return (out, left)
    }
}
