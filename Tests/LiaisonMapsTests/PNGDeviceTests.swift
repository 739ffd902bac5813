import CLibPNG
import Foundation
import Liaison
import Testing
@testable import LiaisonMaps

/// Liaison's PNG device (`Sources/CGraphvizPNG`): the page cairo drew, encoded by us — it must hold
/// exactly the pixels Graphviz's own cairo PNG writer gives for the same layout.
@Suite(.serialized, .tags(.unit)) struct PNGDeviceTests {
    /// Width, height and RGBA bytes of a PNG, decoded by libpng.
    static func decode(_ data: Data) -> (width: Int, height: Int, rgba: [UInt8])? {
        data.withUnsafeBytes { raw -> (Int, Int, [UInt8])? in
            var w: UInt32 = 0, h: UInt32 = 0
            guard liaison_png_decode_rgba(raw.baseAddress, raw.count, &w, &h, nil, 0) == 1 else { return nil }
            var pixels = [UInt8](repeating: 0, count: Int(w) * Int(h) * 4)
            let ok = pixels.withUnsafeMutableBufferPointer {
                liaison_png_decode_rgba(raw.baseAddress, raw.count, &w, &h, $0.baseAddress, $0.count)
            }
            return ok == 1 ? (Int(w), Int(h), pixels) : nil
        }
    }

    /// The PNG colour type (IHDR byte 25): 2 RGB, 6 RGBA.
    static func colourType(_ data: Data) -> UInt8? { data.count > 25 ? data[data.startIndex + 25] : nil }

    /// Renders one layout both ways and compares what a viewer would show.
    func expectCairosPixels(_ doc: MapDocument, engine: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let context = try GraphvizContext()
        let graph = try GraphvizRenderer.build(doc)
        let layout = try GraphvizLayout(context: context, graph: graph, engine: engine)
        let ours = try layout.render(format: "png").data
        let cairos = try layout.render(format: "png:cairo:cairo").data
        #expect(ours.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), sourceLocation: sourceLocation)
        #expect(Self.colourType(ours) == Self.colourType(cairos), sourceLocation: sourceLocation)
        let a = try #require(Self.decode(ours), sourceLocation: sourceLocation)
        let b = try #require(Self.decode(cairos), sourceLocation: sourceLocation)
        #expect(a.width == b.width && a.height == b.height, sourceLocation: sourceLocation)
        #expect(a.width > 50 && a.height > 50, sourceLocation: sourceLocation)
        let differing = zip(a.rgba, b.rgba).filter { $0 != $1 }.count
        #expect(a.rgba.count == b.rgba.count && differing == 0, "\(differing) of \(a.rgba.count) bytes differ", sourceLocation: sourceLocation)
    }

    @Test func opaqueMapHasCairosPixels() throws {
        try expectCairosPixels(smallDocument(), engine: "neato")
    }

    /// A transparent background: every antialiased edge is partly transparent, which exercises the
    /// un-premultiplication (cairo stores colour multiplied by alpha; PNG stores it straight).
    @Test func transparentMapHasCairosPixels() throws {
        var doc = smallDocument()
        doc.graphAttributes["bgcolor"] = "transparent"
        doc.nodeDefaults["fillcolor"] = "#3366CC80"
        try expectCairosPixels(doc, engine: "dot")
        let png = try GraphvizRenderer.render(doc, layout: .dot, format: .png)
        #expect(Self.colourType(png) == 6)
        let pixels = try #require(Self.decode(png)).rgba
        let alphas = stride(from: 3, to: pixels.count, by: 4).map { pixels[$0] }
        #expect(alphas.contains(0) && alphas.contains { $0 > 0 && $0 < 255 })
    }

    @Test func demoSizedMapHasCairosPixels() throws {
        let dataset = randomDataset(experts: 300, links: 1500)
        let scores = try KeyExperts.compute(dataset)
        try expectCairosPixels(try NetworkMap.document(dataset, scores: scores), engine: "sfdp")
    }
}
