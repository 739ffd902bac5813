import Foundation
import Testing
@testable import Liaison

/// Quoting user values in messages (``UserText``) and where the message types apply it.
@Suite("User text in messages", .tags(.unit))
struct UserTextTests {
    @Test("values are cut at 80 scalars with an ellipsis, whatever their length")
    func cut() {
        let long = String(repeating: "x", count: 100_000)
        let q = UserText.quoted(long)
        #expect(q == "'" + String(repeating: "x", count: 80) + "…'")
        // One character of a million combining marks is cut too (scalars, not characters).
        let zalgo = "e" + String(repeating: "\u{301}", count: 1_000_000)
        #expect(UserText.quoted(zalgo).unicodeScalars.count <= 84)
        #expect(UserText.quoted("E085") == "'E085'")
        #expect(UserText.quoted("Noémie Remacle") == "'Noémie Remacle'")
        #expect(UserText.quoted("Иван") == "'Иван'")
    }

    @Test("terminal escapes, controls and invisible characters are shown escaped")
    func escapes() {
        let osc52 = "\u{1B}]52;c;aGVsbG8=\u{07}"
        #expect(UserText.quoted(osc52) == "'\\u{1B}]52;c;aGVsbG8=\\u{07}'")
        #expect(UserText.quoted("a\tb\nc\r") == "'a\\tb\\nc\\r'")
        #expect(UserText.quoted("E085\u{200B}") == "'E085\\u{200B}'")
        #expect(UserText.quoted("\u{202E}txt.exe") == "'\\u{202E}txt.exe'")
        #expect(UserText.quoted("a\u{85}b\u{9B}c") == "'a\\u{85}b\\u{9B}c'")
        for s in UserText.quoted(osc52 + "\u{9B}31m").unicodeScalars {
            #expect(s.value >= 0x20 && s.value != 0x7F && !(0x80...0x9F).contains(s.value))
        }
    }

    @Test("look-alike letters in an id are named")
    func lookAlikes() {
        #expect(UserText.quoted("\u{0415}085") == "'Е085' (U+0415 CYRILLIC CAPITAL LETTER IE)")
        #expect(UserText.quoted("P\u{0430}ul") == "'Pаul' (U+0430 CYRILLIC SMALL LETTER A)")
        #expect(UserText.quoted("\u{FF25}085").contains("U+FF25 FULLWIDTH LATIN CAPITAL LETTER E"))
        #expect(UserText.quoted("\u{0391}\u{0392}\u{0395}\u{0396}1").hasSuffix(", …)"))
    }

    @Test("whole messages: lines kept, controls escaped, each line cut at 1000")
    func messages() {
        #expect(UserText.message("plain\nmessage") == "plain\nmessage")
        #expect(UserText.message("bad \u{1B}[2J\nnext") == "bad \\u{1B}[2J\nnext")
        let long = UserText.message(String(repeating: "y", count: 5000) + "\nshort")
        #expect(long == String(repeating: "y", count: 1000) + "…\nshort")
    }

    @Test("a located issue is one safe line")
    func issue() {
        let i = DataIssue(file: "x\u{1B}.csv", line: 3, column: 4, message: "value '\(String(repeating: "z", count: 3000))'\n\u{07}")
        let d = i.description
        #expect(!d.contains("\u{1B}") && !d.contains("\n") && !d.contains("\u{07}"))
        #expect(d.hasPrefix("x\\u{1B}.csv:3:4: value 'zzz"))
        #expect(d.hasSuffix("…") && d.unicodeScalars.count < UserText.lineLimit + 20)
    }
}
