import Foundation
import Testing
import Liaison
@testable import LiaisonMaps

/// DOT input that cgraph would read wrongly, slowly or partly: refused with a located error.
@Suite(.serialized, .tags(.unit)) struct DOTHostileTests {
    let reader = DOTNetworkReader()

    func error(_ text: String, _ name: String = "h.gv") -> String? {
        do { _ = try reader.load(text: text, fileName: name); return nil } catch { return error.description }
    }

    @Test("two edges of Int64.max for one pair: a located error, not a trap")
    func hugeCounts() {
        let m = "9223372036854775807"
        let e = error("digraph { A -> B [patients=\(m)]; A -> B [patients=\(m)]; }")
        #expect(e?.contains("h.gv: edge A -> B: patients '\(m)' is above 1 000 000 000") == true, "\(e ?? "loaded")")
        let w = error("digraph { A -> B [weight=\"1e300\"]; }")
        #expect(w?.contains("weight '1e300' is above 1 000 000 000") == true, "\(w ?? "loaded")")
        let sum = error("graph { A -- B [patients=600000000]; B -- A [patients=600000000]; }")
        #expect(sum?.contains("sum to more than 1 000 000 000") == true, "\(sum ?? "loaded")")
        let periods = error("digraph { A -> B [patients=600000000, period=\"2026Q1\"]; A -> B [patients=600000000, period=\"2026Q2\"]; }")
        #expect(periods?.contains("summed over the pair's rows and periods") == true, "\(periods ?? "loaded")")
    }

    @Test("4000 nested subgraphs: refused, not read as an empty graph")
    func deepNesting() {
        let nested = "digraph { A -> B; " + String(repeating: "subgraph { ", count: 4000) + "C -> D; "
            + String(repeating: "} ", count: 4000) + "E -> F; }"
        let e = error(nested)
        #expect(e?.contains("subgraphs nested more than 1000 deep") == true, "\(e ?? "loaded")")
        #expect(e?.hasPrefix("h.gv:1:") == true)
    }

    @Test("a statement that exhausts cgraph's parser stack: cgraph's error surfaces, edges are not lost")
    func parserStackExhausted() {
        let chain = "digraph { " + (0..<5000).map { "A\($0)" }.joined(separator: " -> ") + "; X -> Y; }"
        let e = error(chain)
        #expect(e?.contains("h.gv:1: memory exhausted") == true, "\(e ?? "loaded")")
        #expect(e?.contains("statement too long") == true)
    }

    @Test("text after the graph is refused: cgraph would read the first graph only")
    func trailingGraph() throws {
        let e = error("digraph { A -> B }\ndigraph { C -> D }\n")
        #expect(e?.contains("h.gv:2:1: text after the end of the graph (its closing brace is at line 1, column 18)") == true,
                "\(e ?? "loaded")")
        let ok = try reader.load(text: "digraph { A -> B }\n// the end\n/* really */\n# cpp line\n", fileName: "ok.gv")
        #expect(ok.experts.count == 2)
    }

    @Test("a token past 256 KiB is refused before cgraph's quadratic scanner sees it")
    func longToken() throws {
        let big = String(repeating: "x", count: DOTInputLimits.maxTokenBytes + 1)
        let e = error("digraph {\n  A [label=\"\(big)\"]; A -> B; }")
        #expect(e?.hasPrefix("h.gv:2:12: a quoted string longer than 256 KiB") == true, "\(e?.prefix(200) ?? "loaded")")
        let html = error("digraph { A [label=<\(big)>]; }")
        #expect(html?.contains("an HTML string <…> longer than 256 KiB") == true)
        let name = error("digraph { \(big) -> B }")
        #expect(name?.contains("a name or number longer than 256 KiB") == true)
        let comment = error("digraph { A -> B /* \(big) */ }")
        #expect(comment?.contains("a comment longer than 256 KiB") == true)
        // Just within the limit is read.
        let fits = String(repeating: "y", count: DOTInputLimits.maxTokenBytes - 2)
        let d = try reader.load(text: "digraph { A [label=\"\(fits)\"]; A -> B; }", fileName: "fits.gv")
        #expect(d.experts.first?.name.count == fits.count)
    }

    @Test("--positions-from goes through the same checks")
    func positions() {
        #expect(throws: (any Error).self) {
            try MapPositions.read(dot: "digraph { A [pos=\"1,2\"] } graph { B }", fileName: "p.gv")
        }
    }
}
