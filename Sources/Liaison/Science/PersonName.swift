import Foundation

/// Person names reduced to what can be compared across PubMed, ClinicalTrials.gov and `experts.csv`.
///
/// Folding: accents removed (`Hélène` = `Helene`, `Aydın` = `Aydin`), case ignored, apostrophes and
/// dots dropped (`D'Hondt` = `DHondt`, `H.U.B` = `HUB`). A **family-name key** keeps only letters, so
/// spaces, hyphens and particles written apart or together compare equal (`Van den Broeck` =
/// `Vandenbroeck`, `Morales-Oyarvide` = `Morales Oyarvide`). **Given names** are compared part by part
/// (hyphenated names split into parts): a full word must equal the other side's word, an initial its
/// first letter.
///
/// A name written `First Last` is ambiguous about where the family name starts (`Laura Beane Freeman`),
/// so every split is kept (``splits``) except those that leave a particle (`van`, `de`, `el`, …) at the
/// end of the given names; a name written `Last, First`, or a PubMed author, has one split.
public struct PersonName: Hashable, Sendable {
    /// One given-name part: a word (`pieter`) or an initial (`p`), folded.
    public struct Part: Hashable, Sendable {
        /// Folded text: a whole word, or one letter for an initial.
        public var text: String
        /// Whether the part is an initial.
        public var isInitial: Bool
    }

    /// One reading of the name: a family-name key and the given-name parts.
    public struct Split: Hashable, Sendable {
        /// Letters of the folded family name, particles included (`vandenbroeck`).
        public var familyKey: String
        /// Given-name parts in order.
        public var given: [Part]
        /// How many parts the first given name has (2 for `Pieter-Jan`), so that `Pieter` alone is not
        /// taken for `Pieter-Jan`.
        public var firstNameParts: Int
    }

    /// The possible readings, most likely first.
    public var splits: [Split]

    /// Words that start a family name (`van`, `de`, `el`, …): a given name never ends with one.
    public static let particles: Set<String> = ["van", "von", "de", "den", "der", "du", "da", "di", "del", "della",
                                                "le", "la", "lo", "el", "al", "ben", "ter", "ten", "vande", "vanden",
                                                "vander", "dos", "das", "des", "op", "in", "t", "d", "l", "mc", "mac"]
    /// Academic degrees and titles dropped from names (`Dessy, PhD`, `Prof. Dr.`).
    static let titles: Set<String> = ["dr", "prof", "professor", "pr", "md", "phd", "msc", "mph", "mba", "frcp",
                                      "frcpc", "facp", "mbbs", "bsc", "ma", "ms", "pharmd", "rn", "mr", "mrs",
                                      "mme", "dhr", "mevr", "jr", "sr", "ii", "iii", "do", "mpharm", "frcpath"]

    /// A PubMed author: family name and given names (or initials) as the record gives them.
    public init(family: String, given: String, initials: String = "") {
        var fam = family
        var givenWords = PersonName.words(given)
        // `Hoon, M J L de`: a particle written after the given names belongs to the family name.
        while let last = givenWords.last, PersonName.particles.contains(PersonName.fold(last)), givenWords.count > 1 {
            fam = last + " " + fam
            givenWords.removeLast()
        }
        var parts = PersonName.parts(givenWords)
        if parts.parts.isEmpty, !initials.isEmpty {
            parts = (initials.filter(\.isLetter).map { Part(text: PersonName.fold(String($0)), isInitial: true) }, 1)
        }
        splits = [Split(familyKey: PersonName.key(fam), given: parts.parts, firstNameParts: max(1, parts.first))]
    }

    /// A name as one string: `First Last`, `Last, First`, with titles, degrees and nicknames dropped
    /// (`Prof. Dr. Marie-Claire Dessy, PhD`, `Koen "Bob" Stevens`, `Hamelryck, Thomas`).
    public init(_ text: String) { splits = PersonName.readings(of: text) }

    /// The readings of a name written as one string (see ``init(_:)``).
    static func readings(of text: String) -> [Split] {
        var s = text
        // Nicknames and notes: "…" and (…) are dropped.
        for (open, close) in [("\"", "\""), ("(", ")"), ("“", "”")] {
            while let a = s.range(of: open), let b = s.range(of: close, range: a.upperBound..<s.endIndex) {
                s.replaceSubrange(a.lowerBound..<b.upperBound, with: " ")
            }
        }
        let commaParts = s.split(separator: ",").map { String($0).trimmedWhitespace }
        let isTitle = { (p: String) in
            let w = PersonName.words(p)
            return !w.isEmpty && w.allSatisfy { PersonName.titles.contains(PersonName.fold($0)) }
        }
        let kept = commaParts.enumerated().filter { $0.offset == 0 || !isTitle($0.element) }.map(\.element)
        func strip(_ w: [String]) -> [String] {
            var x = w
            while let f = x.first, x.count > 1, PersonName.titles.contains(PersonName.fold(f)) { x.removeFirst() }
            while let l = x.last, x.count > 1, PersonName.titles.contains(PersonName.fold(l)) { x.removeLast() }
            return x
        }
        if kept.count >= 2, !kept[1].isEmpty {
            // Last, First
            let fam = strip(PersonName.words(kept[0])).joined(separator: " ")
            return PersonName(family: fam, given: strip(PersonName.words(kept[1])).joined(separator: " ")).splits
        }
        let w = strip(PersonName.words(kept.first ?? ""))
        var out: [Split] = []
        // `Hamelryck T`, `de Hoon MJ`: PubMed's short form, family name then initials.
        if w.count >= 2, let last = w.last, last.count <= 3, last.allSatisfy({ $0.isLetter && $0.isUppercase }) {
            out.append(Split(familyKey: PersonName.key(w.dropLast().joined(separator: " ")),
                             given: last.map { Part(text: PersonName.fold(String($0)), isInitial: true) }, firstNameParts: 1))
        }
        if w.count >= 2 {
            // The family name is the last word, or starts at a particle, or is any longer tail.
            for cut in stride(from: w.count - 1, through: 1, by: -1) {
                let given = Array(w[..<cut]), fam = w[cut...].joined(separator: " ")
                guard let lastGiven = given.last, !PersonName.particles.contains(PersonName.fold(lastGiven)) else { continue }
                let p = PersonName.parts(given)
                out.append(Split(familyKey: PersonName.key(fam), given: p.parts, firstNameParts: max(1, p.first)))
            }
            // A particle-led family name is the likeliest reading: put it first.
            if let k = w.dropFirst().firstIndex(where: { PersonName.particles.contains(PersonName.fold($0)) }) {
                let key = PersonName.key(w[k...].joined(separator: " "))
                out.sort { ($0.familyKey == key ? 0 : 1) < ($1.familyKey == key ? 0 : 1) }
            }
        } else if let only = w.first {
            out.append(Split(familyKey: PersonName.key(only), given: [], firstNameParts: 1))
        }
        return out
    }

    // MARK: - Comparing

    /// How well two names agree.
    public enum Agreement: Int, Comparable, Sendable {
        /// Family names differ, or a given name contradicts the other.
        case none = 0
        /// Family names agree and the given names agree by initials only (or one side has none).
        case initials = 1
        /// Family names agree and the first given name agrees as a whole word.
        case full = 2
        public static func < (a: Agreement, b: Agreement) -> Bool { a.rawValue < b.rawValue }
    }

    /// The best agreement over every pair of readings.
    public func agreement(with other: PersonName) -> Agreement {
        var best = Agreement.none
        for a in splits {
            for b in other.splits where a.familyKey == b.familyKey && !a.familyKey.isEmpty {
                best = max(best, PersonName.given(a, b))
            }
        }
        return best
    }

    /// Given-name agreement of two readings with the same family name.
    static func given(_ a: Split, _ b: Split) -> Agreement {
        guard let a0 = a.given.first, let b0 = b.given.first else { return .none }   // a family name alone proves nothing
        // Two whole first names: the first name must be the same name, hyphenated parts included.
        if !a0.isInitial && !b0.isInitial {
            let na = a.firstNameParts, nb = b.firstNameParts
            // `Pieter` is not `Pieter-Jan`, unless the other side writes the second part apart (`Pieter Jan`, `Pieter J`).
            if na != nb {
                let longer = na > nb ? a : b, shorter = na > nb ? b : a
                if shorter.given.count < longer.firstNameParts { return .none }
            }
        }
        for k in 0..<min(a.given.count, b.given.count) {
            let x = a.given[k], y = b.given[k]
            if x.isInitial || y.isInitial {
                if x.text.first != y.text.first { return .none }
            } else if x.text != y.text {
                return .none
            }
        }
        return a0.isInitial || b0.isInitial ? .initials : .full
    }

    // MARK: - Folding

    /// Folds text for comparison: accents removed, lower case, apostrophes and dots dropped.
    public static func fold(_ s: String) -> String {
        // ASCII text (most names and affiliations) has nothing to decompose and no marks: drop the
        // apostrophes, backticks and dots, lower the capitals. The same result without Foundation's
        // decomposition, which was 4 % of `report` on the demo (perf).
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(s.utf8.count)
            for b in s.utf8 where b != UInt8(ascii: "'") && b != UInt8(ascii: "`") && b != UInt8(ascii: ".") {
                bytes.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return foldScalars(s)
    }

    /// ``fold(_:)`` scalar by scalar, for any text (tests check the ASCII path against it).
    static func foldScalars(_ s: String) -> String {
        var out = ""
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default: break
            }
            switch scalar {
            case "'", "’", "‘", "`", "´", ".": continue
            case "ı": out += "i"
            case "ø", "Ø": out += "o"
            case "æ", "Æ": out += "ae"
            case "œ", "Œ": out += "oe"
            case "ß": out += "ss"
            case "ł", "Ł": out += "l"
            case "đ", "Đ": out += "d"
            case "þ", "Þ": out += "th"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.lowercased()
    }

    /// Letters of the folded text only: the family-name key.
    public static func key(_ s: String) -> String { String(fold(s).filter { $0.isLetter }) }

    /// Folded words of a text, split on anything that is not a letter or digit (hyphens included).
    public static func foldedWords(_ s: String) -> [String] {
        let folded = fold(s)
        // ASCII: letters and digits are the alphanumerics; split by bytes, without Character properties.
        if folded.utf8.allSatisfy({ $0 < 0x80 }) {
            func isWordByte(_ b: UInt8) -> Bool {
                (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
            }
            return folded.utf8.split(whereSeparator: { !isWordByte($0) }).map { String(Substring($0)) }
        }
        return foldedWordsByCharacter(folded)
    }

    /// Words of folded text split on anything that is not a letter or number, by `Character`.
    static func foldedWordsByCharacter(_ folded: String) -> [String] {
        folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// Words of a name as written, split on spaces (hyphenated names stay one word).
    static func words(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init).filter { !$0.isEmpty }
    }

    /// Initials of given names: `Thomas` → `T`, `Pieter-Jan` → `PJ`, `J Michael` → `JM`, `MJ` → `MJ`.
    public static func initials(of given: String) -> String {
        parts(words(given)).parts.compactMap { $0.text.first.map { String($0).uppercased() } }.joined()
    }

    /// Given-name words to parts, and the number of parts of the first word. A word of two or three
    /// capitals without lower case (`MJ`) is a run of initials; a single letter is an initial.
    static func parts(_ words: [String]) -> (parts: [Part], first: Int) {
        var out: [Part] = []
        var first = 0
        for (i, w) in words.enumerated() {
            let letters = w.filter(\.isLetter)
            guard !letters.isEmpty else { continue }
            let before = out.count
            if letters.count <= 3 && letters.allSatisfy(\.isUppercase) && !w.contains("-") && letters.count > 1 {
                for c in letters { out.append(Part(text: fold(String(c)), isInitial: true)) }
            } else {
                for piece in w.split(separator: "-") {
                    let f = fold(String(piece)).filter { $0.isLetter || $0.isNumber }
                    guard !f.isEmpty else { continue }
                    out.append(Part(text: f, isInitial: f.count == 1))
                }
            }
            if i == 0 || first == 0 { first = out.count - before }
        }
        return (out, first)
    }
}
