/// Which liaison "owns" each expert, i.e. whose book the expert is in. `plan.csv` has no liaison
/// column, so ownership is taken, in this order, from:
///
/// 1. an `experts.csv` column named `liaison` or `owner`, when non-empty;
/// 2. the liaison with the most interactions with the expert (all dates, all channels; ties by name);
/// 3. the liaison with the most interactions with experts of the same institution (ties by name);
/// 4. otherwise ``none`` (`(none)`).
public struct LiaisonOwnership: Sendable {
    /// The label of experts no liaison owns.
    public static let none = "(none)"

    /// Owner of each expert, indexed like ``Dataset/experts``.
    public var owner: [String]

    /// Derives ownership from a dataset (see the type's documentation).
    public init(_ d: Dataset) {
        func majority(_ counts: [String: Int]) -> String? {
            counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
        }
        var perExpert = [[String: Int]](repeating: [:], count: d.experts.count)
        var perInstitution: [String: [String: Int]] = [:]
        for i in d.interactions where i.expert >= 0 && i.expert < d.experts.count {
            perExpert[i.expert][i.liaison, default: 0] += 1
            perInstitution[d.experts[i.expert].institution, default: [:]][i.liaison, default: 0] += 1
        }
        owner = d.experts.indices.map { v in
            let e = d.experts[v]
            for key in ["liaison", "owner"] {
                if let s = e.attributes[key]?.trimmingSpaces, !s.isEmpty { return s }
            }
            if let m = majority(perExpert[v]) { return m }
            if !e.institution.isEmpty, let m = majority(perInstitution[e.institution] ?? [:]) { return m }
            return LiaisonOwnership.none
        }
    }
}
