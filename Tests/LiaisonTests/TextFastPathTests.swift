import Foundation
import Testing
@testable import Liaison

/// The fast paths for ASCII text give exactly what the general code gives: folding names and trimming
/// white space, on every printable ASCII character and on random strings mixing ASCII with accents,
/// curly apostrophes and Unicode spaces.
@Suite("ASCII fast paths", .tags(.unit))
struct TextFastPathTests {
    static let alphabet: [String] = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        + ["\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{A0}", "\u{2003}", "\u{85}", "é", "Ø", "’", "ß", "İ", "e\u{301}"]

    static func randomStrings(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { k in
            let n = Int(rng.next() % 12)
            // Half of them ASCII only.
            let pool = k % 2 == 0 ? Array(alphabet.prefix(95)) + ["\t"] : alphabet
            return (0..<n).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }.joined()
        }
    }

    @Test func foldEqualsTheScalarPath() {
        for s in Self.alphabet + Self.randomStrings(count: 4000, seed: 7) {
            #expect(PersonName.fold(s) == PersonName.foldScalars(s), "\(s.debugDescription)")
        }
    }

    @Test func foldedWordsEqualTheCharacterPath() {
        for s in Self.alphabet + Self.randomStrings(count: 4000, seed: 13) {
            #expect(PersonName.foldedWords(s) == PersonName.foldedWordsByCharacter(PersonName.fold(s)), "\(s.debugDescription)")
        }
    }

    @Test func trimmingEqualsFoundation() {
        let padded = Self.randomStrings(count: 2000, seed: 17).enumerated().map { k, s in
            [" ", "\t", "  \t", "\u{A0} ", " \u{301}", ""][k % 6] + s + ["  ", "\t ", "", " \u{A0}", "\u{2003}", " "][k % 6]
        }
        for s in Self.alphabet + Self.randomStrings(count: 4000, seed: 11) + padded {
            #expect(s.trimmedWhitespace == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
            #expect(s.trimmedWhitespaceAndNewlines == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
        }
    }
}
