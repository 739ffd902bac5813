import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads PubMed XML (`<PubmedArticleSet>`, as efetch returns it and pubmed.ncbi.nlm.nih.gov saves it).
///
/// Per `<PubmedArticle>` (or `<PubmedBookArticle>`): the PMID of `<MedlineCitation>` (not the PMIDs
/// of cited or corrected articles), `<ArticleTitle>`, the journal issue's `<PubDate>` (`<Year>`,
/// `<Month>`, `<Day>`, or `<MedlineDate>`), and each `<Author>` of the article's `<AuthorList>`:
/// `<LastName>`, `<ForeName>`, `<Initials>`, every `<AffiliationInfo><Affiliation>`, and
/// `<Identifier Source="ORCID">`. `<CollectiveName>` authors are kept apart (not persons); authors
/// marked `ValidYN="N"` (misspellings PubMed corrected) and editor lists are skipped.
///
/// Safety: nothing outside the file is ever read. The `<!DOCTYPE …>` declaration (which names NLM's
/// DTD by URL) is blanked out before parsing, so the DTD is never fetched and no entity it or an
/// internal subset declares is expanded; external entities are off as well
/// (`shouldResolveExternalEntities = false`), and processing instructions are blanked as in
/// ``GraphMLReader``. Only XML's five predefined entities and character references are read.
///
/// Errors name the file, the line and column, and the record's PMID.
///
/// - Complexity: O(bytes), one streaming pass of Foundation's XMLParser.
public enum PubMedXMLReader {
    /// File extensions read as PubMed XML.
    public static let extensions = ["xml"]

    /// The articles of one file, or every problem found in it.
    public static func read(bytes input: [UInt8], fileName file: String) throws(DatasetError) -> [Publication] {
        let bytes: [UInt8]
        do throws(DataIssue) { bytes = try checkText(input, displayName: file) } catch { throw DatasetError(issues: [error]) }
        let (blanked, declaresEntities) = blankingDoctype(GraphMLReader.blankingProcessingInstructions(bytes))
        let h = PubMedXMLHandler(file: file)
        let parser = XMLParser(data: Data(blanked))
        parser.delegate = h
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let root = h.rootName, root != "PubmedArticleSet" && root != "PubmedArticle" {
            throw DatasetError(issues: [DataIssue(file: file, line: 1, column: 1,
                                                  message: "not PubMed XML: the root element is <\(root)>, not <PubmedArticleSet>")])
        }
        if !ok || h.fatal != nil {
            var issue = h.fatal ?? DataIssue(file: file, line: max(1, parser.lineNumber), column: max(0, parser.columnNumber),
                                             message: "malformed XML: " + (parser.parserError.map { PubMedXMLHandler.describe($0) } ?? "unknown error"))
            if h.fatal == nil, let pmid = h.current?.pmid, !pmid.isEmpty { issue.message = "PMID \(pmid): " + issue.message }
            if declaresEntities { issue.message += " (the DOCTYPE declares entities, which Liaison never expands)" }
            throw DatasetError(issues: [issue])
        }
        if h.rootName == nil {
            throw DatasetError(issues: [DataIssue(file: file, line: 1, column: 1, message: "not PubMed XML: no <PubmedArticleSet> element")])
        }
        if !h.issues.isEmpty { throw DatasetError(issues: Array(h.issues.prefix(50)), total: h.issues.count) }
        return h.articles
    }

    /// The bytes with the `<!DOCTYPE …>` declaration (internal subset included) replaced by spaces,
    /// line breaks kept so positions stay right; and whether that declaration declared entities.
    static func blankingDoctype(_ b: [UInt8]) -> ([UInt8], Bool) {
        let marker = Array("<!DOCTYPE".utf8)
        var i = 0
        // Only before the root element: skip the XML declaration, comments and white space.
        while i + marker.count <= b.count {
            if b[i] == UInt8(ascii: "<") {
                if b[i..<(i + marker.count)].elementsEqual(marker) { break }
                if i + 1 < b.count, b[i + 1] != UInt8(ascii: "?"), b[i + 1] != UInt8(ascii: "!") { return (b, false) }
            }
            i += 1
        }
        guard i + marker.count <= b.count else { return (b, false) }
        var j = i + marker.count
        var quote: UInt8? = nil
        var bracket = 0
        while j < b.count {
            let c = b[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: "[") {
                bracket += 1
            } else if c == UInt8(ascii: "]") {
                bracket -= 1
            } else if c == UInt8(ascii: ">") && bracket <= 0 {
                break
            }
            j += 1
        }
        let end = min(b.count, j + 1)
        let declaresEntities = String(decoding: b[i..<end], as: UTF8.self).contains("<!ENTITY")
        var out = b
        for k in i..<end where out[k] != 0x0A && out[k] != 0x0D { out[k] = 0x20 }
        return (out, declaresEntities)
    }
}

/// Collects articles from XMLParser's callbacks, following the element path.
final class PubMedXMLHandler: NSObject, XMLParserDelegate {
    let file: String
    var articles: [Publication] = []
    var issues: [DataIssue] = []
    var fatal: DataIssue?
    var rootName: String?
    /// The article being read.
    var current: Publication?

    private var path: [String] = []
    private var text = ""
    private var collecting = false
    private var author: PublicationAuthor?
    private var authorIsCollective = false
    private var authorLine = 0, authorColumn = 0
    private var skipAuthorList = false
    private var identifierSource = ""
    private var date: (year: String, month: String, day: String, medline: String, season: String) = ("", "", "", "", "")
    private var collectiveName = ""

    init(file: String) { self.file = file }

    /// Words for the parser's commonest error codes (Foundation on Linux gives only the number).
    static func describe(_ error: any Error) -> String {
        let e = error as NSError
        let known: [Int: String] = [
            5: "the document ends early (an element is not closed, or its end tag does not match)",
            9: "a character that XML does not allow", 23: "an entity reference without ';' (write & as &amp;)",
            26: "an entity that is not declared (only &amp; &lt; &gt; &quot; &apos; and character references are read)",
            42: "an attribute is given twice", 68: "a name is missing (a lone '&' or '<'? write &amp; or &lt;)",
            73: "'>' is missing, or an attribute value is not in quotes", 76: "an end tag does not match its start tag",
        ]
        return known[e.code].map { "\($0) (XML parser error \(e.code))" } ?? e.localizedDescription
    }

    private var parent: String? { path.count >= 2 ? path[path.count - 2] : nil }

    private static let textElements: Set<String> = ["PMID", "ArticleTitle", "BookTitle", "Year", "Month", "Day", "MedlineDate",
                                                    "Season", "LastName", "ForeName", "Initials", "CollectiveName",
                                                    "Affiliation", "Identifier"]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes a: [String: String] = [:]) {
        path.append(name)
        if rootName == nil {
            rootName = name
            if name != "PubmedArticleSet" && name != "PubmedArticle" { parser.abortParsing(); return }
        }
        switch name {
        case "PubmedArticle", "PubmedBookArticle":
            current = Publication(pmid: "", file: file, line: parser.lineNumber)
            date = ("", "", "", "", "")
        case "AuthorList":
            skipAuthorList = (a["Type"] ?? "authors").lowercased() != "authors"
                || !["Article", "BookDocument", "Book"].contains(parent ?? "")
        case "Author" where parent == "AuthorList" && !skipAuthorList && current != nil:
            if (a["ValidYN"] ?? "Y") == "N" { break }
            author = PublicationAuthor(lastName: "")
            authorIsCollective = false
            collectiveName = ""
            authorLine = parser.lineNumber
            authorColumn = parser.columnNumber
        default:
            break
        }
        if name == "Identifier" { identifierSource = a["Source"] ?? "" }
        if PubMedXMLHandler.textElements.contains(name) {
            text = ""
            collecting = true
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName qName: String?) {
        defer { path.removeLast() }
        let value = text.trimmedWhitespaceAndNewlines
        let inAuthor = author != nil && path.contains("Author")
        let p = parent ?? ""
        switch name {
        case "PMID" where p == "MedlineCitation" || p == "BookDocument":
            if current?.pmid.isEmpty == true { current?.pmid = value }
        case "ArticleTitle" where p == "Article" || p == "BookDocument", "BookTitle" where p == "Book":
            if current?.title.isEmpty == true { current?.title = value }
        case "Year" where p == "PubDate": date.year = value
        case "Month" where p == "PubDate": date.month = value
        case "Day" where p == "PubDate": date.day = value
        case "MedlineDate" where p == "PubDate": date.medline = value
        case "Season" where p == "PubDate": date.season = value
        case "PubDate" where p == "JournalIssue" || p == "Book":
            if current?.date == nil {
                if let y = Int(date.year) {
                    current?.date = PublicationDate(year: y, month: PublicationDate.month(Substring(date.month)), day: Int(date.day))
                } else {
                    current?.date = PublicationDate.parse(date.medline)
                }
            }
        case "LastName" where inAuthor: author?.lastName = value
        case "ForeName" where inAuthor: author?.foreName = value
        case "Initials" where inAuthor: author?.initials = value
        case "CollectiveName" where inAuthor:
            authorIsCollective = true
            collectiveName = value
        case "Affiliation" where inAuthor && p == "AffiliationInfo":
            if !value.isEmpty { author?.affiliations.append(value) }
        case "Identifier" where inAuthor && p == "Author":
            if identifierSource.uppercased() == "ORCID", let id = ORCID.normalize(value) { author?.orcid = id }
        case "Author" where author != nil && p == "AuthorList":
            if var x = author {
                if authorIsCollective && x.lastName.isEmpty {
                    current?.collectives.append(collectiveName)
                } else if x.lastName.isEmpty {
                    issues.append(DataIssue(file: file, line: authorLine, column: authorColumn,
                                            message: "PMID \(current?.pmid ?? "?"): an <Author> without <LastName> or <CollectiveName>"))
                } else {
                    if x.initials.isEmpty { x.initials = PersonName.initials(of: x.foreName) }
                    current?.authors.append(x)
                }
            }
            author = nil
        case "AuthorList":
            skipAuthorList = false
        case "PubmedArticle", "PubmedBookArticle":
            if let c = current {
                if c.pmid.isEmpty {
                    issues.append(DataIssue(file: file, line: c.line, column: 1, message: "a PubMed article without a <PMID>"))
                } else if !c.pmid.allSatisfy(\.isNumber) {
                    issues.append(DataIssue(file: file, line: c.line, column: 1, message: "PMID \(UserText.quoted(c.pmid)) is not a number"))
                } else {
                    articles.append(c)
                }
            }
            current = nil
        default:
            break
        }
        if PubMedXMLHandler.textElements.contains(name) { collecting = false; text = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if collecting { text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if fatal == nil, rootName == nil || rootName == "PubmedArticleSet" || rootName == "PubmedArticle" {
            let pmid = current.map { $0.pmid.isEmpty ? "" : "PMID \($0.pmid): " } ?? ""
            fatal = DataIssue(file: file, line: max(1, parser.lineNumber), column: max(0, parser.columnNumber),
                              message: pmid + "malformed XML: " + PubMedXMLHandler.describe(parseError))
        }
    }
}
