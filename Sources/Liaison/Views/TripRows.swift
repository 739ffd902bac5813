/// One visit of the field trips as a person reads it.
public struct TripRowView: Sendable, Hashable {
    /// The liaison.
    public var liaison: String
    /// The date and the day's number among the liaison's days on the road.
    public var date: Day, day: Int
    /// Institution name and city.
    public var institution: String, city: String
    /// Expert id and name.
    public var id: String, name: String
    /// "visit 2 of 3 · tier 1, not seen for 184 days".
    public var reason: String
}

/// The field trips as rows, per-liaison summaries and JSON, for the CLI and the maps.
///
/// Rows: by liaison, date, then route order. Reason: `visit k of n` when an expert has several
/// visits, then the plan's reason. Summary per liaison: days on the road, visits, the day limit,
/// straight-line km from home and back (when coordinates and home exist), visits that found no day.
public struct TripsView: Sendable {
    /// The quarter.
    public let quarter: Period
    /// Places (``FieldTrips/schedule(_:requests:options:)``).
    public let places: [TripPlace]
    /// Each liaison's trips.
    public let trips: [LiaisonTrips]
    /// The rows.
    public let rows: [TripRowView]
    /// The dataset.
    public let dataset: Dataset
    /// CSV columns.
    public static let csvColumns = ["liaison", "date", "day", "institution", "city", "expert", "name", "reason"]

    /// The rows of a schedule.
    public init(_ d: Dataset, quarter: Period, places: [TripPlace], trips: [LiaisonTrips]) {
        dataset = d
        self.quarter = quarter
        self.places = places
        self.trips = trips
        var rows: [TripRowView] = []
        for t in trips {
            for day in t.days {
                for s in day.stops {
                    let p = places[s.place], e = d.experts[s.expert]
                    var reason = s.visitCount > 1 ? "visit \(s.visitNumber) of \(s.visitCount)" : ""
                    if !s.reason.isEmpty { reason += (reason.isEmpty ? "" : " · ") + s.reason }
                    rows.append(TripRowView(liaison: t.liaison, date: day.date, day: day.number, institution: p.name, city: p.city,
                                            id: e.id, name: e.name, reason: reason))
                }
            }
        }
        self.rows = rows
    }

    /// km with one decimal, or `nil`.
    public static func km(_ x: Double?) -> Double? { x.map { ($0 * 10).rounded() / 10 } }

    /// Visits scheduled for liaison trips `t`.
    public static func visits(_ t: LiaisonTrips) -> Int { t.days.reduce(0) { $0 + $1.stops.count } }

    /// The rows as CSV.
    public var csv: TabularOutput {
        var t = TabularOutput(columns: TripsView.csvColumns)
        for r in rows {
            t.rows.append([.text(r.liaison), .text(r.date.description), .int(r.day), .text(r.institution), .text(r.city),
                           .text(r.id), .text(r.name), .text(r.reason)])
        }
        return t
    }

    /// The per-liaison summary table.
    public var summary: TabularOutput {
        var t = TabularOutput(columns: ["liaison", "home", "days on the road", "visits", "per day ≤", "km (straight line)", "unscheduled"])
        for x in trips {
            t.rows.append([.text(x.liaison), .text(x.home ?? "–"), .int(x.days.count), .int(TripsView.visits(x)), .int(x.visitsPerDay),
                           x.km.map { .int(Int($0.rounded())) } ?? .text("–"), .int(x.unscheduled.reduce(0) { $0 + $1.visits })])
        }
        return t
    }

    /// Everything as JSON (`source` says where the plan came from).
    public func json(source: String, leftOut: [String: Int]) -> JSONValue {
        let d = dataset
        return .object([
            ("quarter", .string(quarter.label)), ("plan_source", .string(source)),
            ("left_out", .object(leftOut.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("liaisons", .array(trips.map { t in
                .object([
                    ("liaison", .string(t.liaison)), ("home", t.home.map(JSONValue.string) ?? .null),
                    ("visits_per_day", .int(t.visitsPerDay)), ("days", .int(t.days.count)), ("visits", .int(TripsView.visits(t))),
                    ("km", TripsView.km(t.km).map(JSONValue.number) ?? .null),
                    ("unscheduled", .array(t.unscheduled.map { u in
                        .object([("expert", .string(d.experts[u.expert].id)), ("visits", .int(u.visits)), ("why", .string(u.why))])
                    })),
                ])
            })),
            ("visits", .array(rows.map { r in
                .object([("liaison", .string(r.liaison)), ("date", .string(r.date.description)), ("day", .int(r.day)),
                         ("institution", .string(r.institution)), ("city", .string(r.city)), ("expert", .string(r.id)),
                         ("name", .string(r.name)), ("reason", .string(r.reason))])
            })),
        ])
    }
}
