import Foundation

/// What a person typed to name one expert — an id (any case) or a name — resolved against a dataset.
public enum ExpertLookup: Sendable, Equatable {
    /// Exactly one expert.
    case found(Int)
    /// Several experts carry that name: their indices, by id.
    case ambiguous([Int])
    /// No expert: up to five experts whose id or name contains the text, by id.
    case notFound(suggestions: [Int])
}

extension Dataset {
    /// Finds the expert `text` names: its id exactly, else its id ignoring case, else its name ignoring
    /// case, accents and repeated spaces (`julie simon` finds `Julie Simon`; `Hélène` matches
    /// `Helene`). Two experts with that name are ambiguous, never guessed.
    ///
    /// - Complexity: O(n) for n experts.
    public func lookUpExpert(_ text: String) -> ExpertLookup {
        let t = text.trimmingSpaces
        if let v = expertIndex[t] { return .found(v) }
        let key = ExpertLookup.folded(t)
        let byID = experts.indices.filter { ExpertLookup.folded(experts[$0].id) == key }
        if byID.count == 1, let v = byID.first { return .found(v) }
        let byName = experts.indices.filter { ExpertLookup.folded(experts[$0].name) == key }
        if byName.count == 1, let v = byName.first { return .found(v) }
        let sortedByID = { (xs: [Int]) in xs.sorted { self.experts[$0].id < self.experts[$1].id } }
        if byName.count > 1 { return .ambiguous(sortedByID(byName)) }
        if byID.count > 1 { return .ambiguous(sortedByID(byID)) }
        guard !key.isEmpty else { return .notFound(suggestions: []) }
        let near = experts.indices.filter {
            ExpertLookup.folded(experts[$0].id).contains(key) || ExpertLookup.folded(experts[$0].name).contains(key)
        }
        return .notFound(suggestions: Array(sortedByID(near).prefix(5)))
    }
}

extension ExpertLookup {
    /// `text` lower-cased, without accents, with runs of spaces as one.
    static func folded(_ text: String) -> String {
        var out = ""
        var space = false
        for ch in text.trimmingSpaces.lowercased() {
            if ch == " " || ch == "\t" {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" "); space = false }
            // The base letter of an accented one (é → e): its first Unicode scalar after decomposition.
            let base = String(ch).decomposedStringWithCanonicalMapping.unicodeScalars.first.map(Character.init) ?? ch
            out.append(base)
        }
        return out
    }

    /// A sentence for an expert that was not found, or is ambiguous, naming the candidates.
    public func problem(_ text: String, in d: Dataset) -> String? {
        func list(_ xs: [Int]) -> String { xs.map { d.experts[$0].idAndName }.joined(separator: ", ") }
        switch self {
        case .found: return nil
        case .ambiguous(let xs):
            return "\(UserText.quoted(text)) names \(xs.count) experts: \(list(xs)); give the id"
        case .notFound(let near):
            return "no expert of \(d.source) has the id or name \(UserText.quoted(text))" + (near.isEmpty ? "" : "; did you mean \(list(near))?")
        }
    }
}
