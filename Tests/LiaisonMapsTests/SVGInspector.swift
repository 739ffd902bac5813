import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a parsed SVG contains: node and edge groups, with their ids and titles.
struct SVGInspection {
    var wellFormed = false
    var parseError: String?
    var nodeIDs: [String] = []
    var nodeTitles: [String] = []
    var edgeIDs: [String] = []
    var edgeTitles: [String] = []
    var tooltips: [String] = []
    var texts: [String] = []
    var rootElement: String?

    /// Parses `data` with Foundation's `XMLParser`.
    init(_ data: Data) {
        let collector = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        wellFormed = parser.parse()
        parseError = parser.parserError.map { "\($0)" }
        nodeIDs = collector.nodeIDs
        nodeTitles = collector.nodeTitles
        edgeIDs = collector.edgeIDs
        edgeTitles = collector.edgeTitles
        tooltips = collector.tooltips
        texts = collector.texts
        rootElement = collector.root
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var nodeIDs: [String] = []
        var nodeTitles: [String] = []
        var edgeIDs: [String] = []
        var edgeTitles: [String] = []
        var tooltips: [String] = []
        var texts: [String] = []
        var root: String?
        /// Class of each open `<g>` (nil for other elements).
        private var stack: [String?] = []
        private var text: String?
        private var inTitleOf: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes: [String: String] = [:]) {
            if root == nil { root = name }
            if name == "g" {
                let cls = attributes["class"]
                if cls == "node" { nodeIDs.append(attributes["id"] ?? "") }
                if cls == "edge" { edgeIDs.append(attributes["id"] ?? "") }
                stack.append(cls)
            } else {
                stack.append(nil)
            }
            if name == "title", let owner = stack.dropLast().last(where: { $0 != nil }) ?? nil {
                inTitleOf = owner
                text = ""
            }
            if name == "text" { text = "" }
            if name == "a", let t = attributes["xlink:title"] ?? attributes["title"] { tooltips.append(t) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
            if name == "title", let owner = inTitleOf {
                if owner == "node" { nodeTitles.append(text ?? "") }
                if owner == "edge" { edgeTitles.append(text ?? "") }
                inTitleOf = nil
                text = nil
            }
            if name == "text" {
                texts.append(text ?? "")
                text = nil
            }
        }
    }
}
