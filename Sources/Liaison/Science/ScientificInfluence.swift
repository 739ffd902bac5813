/// The scientific share of the composite influence.
///
/// With a scientific layer, influence = (1 − s) · referral influence + s · scientific / max scientific,
/// where referral influence is ``InfluenceModel``'s score (in [0, 1]), `scientific` is
/// ``ScientificStanding``'s score and s is ``ScienceData/influenceShare`` (`--science-weight`,
/// default ``defaultShare``). Ranks and tiers are then taken on the blended score, and an expert
/// without referral links is tier 3 only when they also have no scientific standing — a researcher
/// with few patients is no longer invisible.
///
/// Without publications or trials — or with s = 0, or when no author or investigator matched an
/// expert — nothing is changed: every figure is exactly what the referral model gives.
///
/// Why s = 0.25 by default: the referral network is the complete record of who treats and receives
/// the patients a medical team serves, while a publication export is partial by nature (the team
/// exports what it searched for) and matching favours precision, so scientific standing is
/// under-counted; a quarter keeps referral flow the larger part — science adds at most 0.25, so a
/// researcher without referrals stays below the referral leaders — while letting the strongest
/// researchers rise by tens of places. On the bundled demo (see the README) s = 0.25 lifts the three
/// planted researchers from ranks 170–229 to 25–31 (tier 1–2) while all seven planted referral
/// influencers stay in tier 1 (ranks 1–11).
///
/// - Complexity: O(n log n) for the new ranks, after ``ScientificStanding/of(_:)``.
public enum ScientificInfluence {
    /// The default scientific share of influence.
    public static let defaultShare = 0.25

    /// Adds the standing to `s` (``ExpertScores/science``) and, when `s` holds influence, blends it in
    /// and re-ranks (and re-tiers, when `s` has tiers).
    public static func apply(to s: inout ExpertScores, _ d: Dataset, graph g: Digraph, model: InfluenceModel) {
        let standing = ScientificStanding.of(d)
        s.science = standing
        let share = min(1, max(0, d.science.influenceShare))
        let n = d.experts.count
        guard share > 0, s.influence.count == n, standing.scientific.count == n, g.nodeCount == n else { return }
        let top = standing.scientific.max() ?? 0
        guard top > 0 else { return }
        s.influence = (0..<n).map { v in (1 - share) * s.influence[v] + share * standing.scientific[v] / top }
        KeyExperts.rankAndTier(&s, ids: d.experts.map(\.id), model: model, tiers: !s.tier.isEmpty) { v in
            g.inDegree(v) == 0 && g.outDegree(v) == 0 && standing.scientific[v] == 0
        }
    }
}
