import Foundation
import Testing
@testable import Liaison

/// The fast paths for ASCII text give exactly what the general code gives: folding names and trimming
/// white space, on every printable ASCII character and on random strings mixing ASCII with accents,
/// curly apostrophes and Unicode spaces; and the CSV writer, which appends bytes, gives what its
/// field-by-field rule gives.
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

    /// The CSV writer appends bytes; the rule it implements, field by field, is `csvEscape` of each
    /// cell's `csvText` (with `'` before a text cell that a spreadsheet would read as a formula),
    /// joined by commas, one line per row.
    static func referenceCSV(_ t: TabularOutput, forSpreadsheet: Bool) -> String {
        func field(_ c: Cell) -> String {
            var text = c.csvText(threshold: t.threshold)
            if forSpreadsheet, case .text = c, let first = text.unicodeScalars.first,
               "=+-@\t\r".unicodeScalars.contains(first) {
                text = "'" + text
            }
            return csvEscape(text)
        }
        var out = (forSpreadsheet ? "\u{FEFF}" : "") + t.columns.map(csvEscape).joined(separator: ",") + "\n"
        for r in t.rows { out += r.map(field).joined(separator: ",") + "\n" }
        return out
    }

    @Test func csvWriterEqualsTheFieldByFieldRule() {
        var rng = SplitMix64(seed: 29)
        let texts = Self.alphabet + Self.randomStrings(count: 600, seed: 31) + ["", "=1+1", "-3", "a,b", "\"q\"", "x\r\ny"]
        for trial in 0..<40 {
            let width = 1 + Int(rng.next() % 5)
            var t = TabularOutput(columns: (0..<width).map { texts[Int(rng.next() % UInt64(texts.count))] + "\($0)" },
                                  threshold: 1 + Int(rng.next() % 11))
            for _ in 0..<(trial % 7 == 0 ? 0 : 30) {
                t.rows.append((0..<width).map { _ in
                    let x = Double(bitPattern: rng.next())
                    switch rng.next() % 9 {
                    case 0, 1: return .text(texts[Int(rng.next() % UInt64(texts.count))])
                    case 2: return .int(Int(truncatingIfNeeded: rng.next()) >> Int(rng.next() % 64))
                    case 3: return .number(x.isFinite ? x : 0.1)
                    case 4: return .number([Double.nan, .infinity, 3, -0.0, 1e15, 123.456][Int(rng.next() % 6)])
                    case 5: return .share(Double(rng.next() % 1000) / 999)
                    case 6: return .flag(rng.next() % 2 == 0)
                    case 7: return [.suppressed, .withheld][Int(rng.next() % 2)]
                    default: return .empty
                    }
                })
            }
            for spreadsheet in [false, true] {
                #expect(t.csv(forSpreadsheet: spreadsheet) == Self.referenceCSV(t, forSpreadsheet: spreadsheet))
            }
        }
    }
}
