import Foundation

/// A place on the Earth, in decimal degrees (WGS 84, as `institutions.csv` columns `lat` and `lon`).
public struct GeoPoint: Sendable, Hashable {
    /// Latitude, −90…90 (north positive).
    public var lat: Double
    /// Longitude, −180…180 (east positive).
    public var lon: Double

    /// Creates a point; `nil` when a coordinate is not finite or out of range.
    public init?(lat: Double, lon: Double) {
        guard lat.isFinite, lon.isFinite, (-90...90).contains(lat), (-180...180).contains(lon) else { return nil }
        self.lat = lat
        self.lon = lon
    }

    /// Mean radius of the Earth in km (IUGG: (2a + b) / 3 of WGS 84).
    public static let earthRadiusKm = 6371.0088

    /// Great-circle distance in km by the haversine formula (R. W. Sinnott, "Virtues of the
    /// haversine", *Sky and Telescope* 68(2), 1984), on a sphere of radius ``earthRadiusKm``; accurate to
    /// about 0.5 % against the ellipsoid, well within what a road trip estimate needs.
    ///
    /// - Complexity: O(1).
    public func distanceKm(to b: GeoPoint) -> Double {
        let rad = Double.pi / 180
        let dLat = (b.lat - lat) * rad, dLon = (b.lon - lon) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat * rad) * cos(b.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * GeoPoint.earthRadiusKm * asin(min(1, h.squareRoot()))
    }

    /// The mean of `points` (plain average of the coordinates: fine for places a few hundred km apart,
    /// away from the poles and the antimeridian); `nil` for none.
    public static func centre(_ points: [GeoPoint]) -> GeoPoint? {
        guard !points.isEmpty else { return nil }
        let n = Double(points.count)
        return GeoPoint(lat: points.map(\.lat).reduce(0, +) / n, lon: points.map(\.lon).reduce(0, +) / n)
    }
}

extension Institution {
    /// The coordinate columns Liaison reads from `institutions.csv`, in order of preference.
    public static let coordinateColumns = (lat: ["lat", "latitude"], lon: ["lon", "lng", "longitude"])

    /// The institution's position from its `lat` and `lon` columns (also `latitude`, `longitude`,
    /// `lng`); `nil` when either is absent, empty, not a number or out of range.
    public var location: GeoPoint? {
        func value(_ names: [String]) -> Double? {
            for n in names {
                if let s = attributes.first(where: { $0.key.lowercased() == n })?.value.trimmingSpaces, !s.isEmpty {
                    return Double(s)
                }
            }
            return nil
        }
        guard let a = value(Institution.coordinateColumns.lat), let b = value(Institution.coordinateColumns.lon) else {
            return nil
        }
        return GeoPoint(lat: a, lon: b)
    }
}
