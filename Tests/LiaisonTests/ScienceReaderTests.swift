import Foundation
import Testing
@testable import Liaison

/// Whether `python3` runs here (the reference reader needs only the standard library).
let python3Here: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import json, xml.etree.ElementTree"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run(); p.waitUntilExit(); return p.terminationStatus == 0 } catch { return false }
}()

let pubmedSamples = sharedData.appendingPathComponent("pubmed-samples")
let pubmedSamplesPresent = FileManager.default.fileExists(atPath: pubmedSamples.path)

/// The real PubMed exports in ../shared/data/pubmed-samples, read whole.
///
/// Expected values were produced by `python3 Tests/reference/pubmed_samples.py FILES` (an
/// independent reader: a line scanner for MEDLINE, ElementTree for XML) and agree with the data
/// README: the six XML files hold 8 articles (pubmed1.xml and pubmed2.xml two each) with 60 person
/// authors, 71 author affiliations on 46 authors, 2 ORCID iDs and one collective author ("Canadian
/// Respiratory Research Network"); the three MEDLINE files hold 6 records with 18 authors, 5
/// article-level affiliations (AD before the first author) and 1 author affiliation (Qiao S, 2012).
/// When python3 is present the test also compares every author field by field with the script.
@Suite("PubMed samples are read whole", .enabled(if: pubmedSamplesPresent, "../shared/data/pubmed-samples is absent"), .tags(.unit))
struct PubMedSampleTests {
    static func files(_ ext: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: pubmedSamples, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == ext }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func read(_ url: URL) throws -> [Publication] {
        let bytes = [UInt8](try Data(contentsOf: url))
        return url.pathExtension == "xml"
            ? try PubMedXMLReader.read(bytes: bytes, fileName: url.lastPathComponent)
            : try MedlineReader.read(bytes: bytes, fileName: url.lastPathComponent)
    }

    @Test func xmlCounts() throws {
        let pubs = try Self.files("xml").flatMap(Self.read)
        #expect(pubs.count == 8)
        let authors = pubs.flatMap(\.authors)
        #expect(authors.count == 60)
        #expect(authors.map(\.affiliations.count).reduce(0, +) == 71)
        #expect(authors.filter { !$0.affiliations.isEmpty }.count == 46)
        #expect(authors.compactMap(\.orcid).sorted() == ["0000-0002-4590-7461", "0000-0003-3525-2788"])
        #expect(pubs.flatMap(\.collectives) == ["Canadian Respiratory Research Network"])
        // Character references are decoded; cited PMIDs are not taken for the article's.
        let taddei = try #require(authors.first { $0.lastName == "Taddei" })
        #expect(taddei.affiliations.first?.contains("Università degli Studi della Tuscia") == true)
        #expect(pubs.first { $0.pmid == "27797938" }?.authors.count == 22)
        #expect(pubs.first { $0.pmid == "27797938" }?.date == PublicationDate(year: 2017, month: 6))
        #expect(pubs.first { $0.pmid == "12091962" }?.date?.year == 1990)   // <Season>, no month
        #expect(authors.contains { $0.lastName == "De Luca" && $0.initials == "F" })
    }

    @Test func medlineCounts() throws {
        let pubs = try Self.files("txt").flatMap(Self.read)
        #expect(pubs.map(\.pmid) == ["12230038", "16403221", "16377612", "14871861", "14630660", "23039619"])
        #expect(pubs.flatMap(\.authors).count == 18)
        #expect(pubs.flatMap(\.articleAffiliations).count == 5)
        #expect(pubs.flatMap(\.authors).map(\.affiliations.count).reduce(0, +) == 1)
        let h = try #require(pubs.first { $0.pmid == "14630660" })
        #expect(h.authors.first == PublicationAuthor(lastName: "Hamelryck", foreName: "Thomas", initials: "T"))
        #expect(h.articleAffiliations.first?.hasSuffix("Vrije Universiteit Brussel, Pleinlaan 2, 1050 Brussels, Belgium. thamelry@vub.ac.be") == true)
        #expect(h.date == PublicationDate(year: 2003, month: 11, day: 22))
        let dh = try #require(pubs.first { $0.pmid == "14871861" }?.authors.first)
        #expect(dh.lastName == "de Hoon" && dh.foreName == "M J L" && dh.initials == "MJL")
        #expect(pubs.first { $0.pmid == "23039619" }?.authors.first?.affiliations
                == ["School of Biomedical Engineering, Shanghai Jiao Tong University, Shanghai, People's Republic of China."])
        #expect(pubs.first { $0.pmid == "16403221" }?.date == PublicationDate(year: 2006))
    }

    @Test(.enabled(if: python3Here, "python3 is not installed"))
    func sameAsTheReferenceScript() throws {
        let files = try Self.files("xml") + Self.files("txt")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", packageRoot.appendingPathComponent("Tests/reference/pubmed_samples.py").path] + files.map(\.path)
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let byFile = try #require(json["files"] as? [String: [[String: Any]]])
        var compared = 0
        for url in files {
            let mine = try Self.read(url)
            let theirs = try #require(byFile[url.lastPathComponent])
            #expect(mine.count == theirs.count, "\(url.lastPathComponent)")
            for (a, b) in zip(mine, theirs) {
                #expect(a.pmid == b["pmid"] as? String)
                #expect(a.date?.year == b["year"] as? Int)
                #expect(a.articleAffiliations == b["article_affiliations"] as? [String])
                #expect(a.collectives == b["collectives"] as? [String])
                let authors = try #require(b["authors"] as? [[String: Any]])
                #expect(a.authors.count == authors.count, "PMID \(a.pmid)")
                for (x, y) in zip(a.authors, authors) {
                    #expect(x.lastName == y["last"] as? String)
                    #expect(x.foreName == y["fore"] as? String)
                    #expect(x.initials == y["initials"] as? String, "PMID \(a.pmid) \(x.lastName)")
                    #expect(x.affiliations == y["affiliations"] as? [String])
                    #expect(x.orcid == y["orcid"] as? String)
                    compared += 1
                }
            }
        }
        #expect(compared == 78)
    }
}

@Suite("PubMed and ClinicalTrials.gov readers", .tags(.unit))
struct ScienceReaderTests {
    static let medline = """

    PMID- 100
    DP  - 2024 Mar 1
    TI  - A title that
          continues.
    FAU - Van den Broeck, Pieter-Jan
    AU  - Van den Broeck PJ
    AD  - Department of Hematology, UZ Leuven,
          Leuven, Belgium.
    AD  - KU Leuven, Leuven, Belgium.
    AUID- ORCID: 0000-0002-1825-0097
    FAU - Dubois, Hélène
    AU  - Dubois H
    CN  - Belgian Hematology Study Group

    PMID- 101
    DP  - 1998 Dec-1999 Jan
    AD  - Hôpital Erasme, Brussels.
    AU  - Peeters J

    """

    @Test func medlineFields() throws {
        let pubs = try MedlineReader.read(bytes: Array(Self.medline.utf8), fileName: "a.txt")
        #expect(pubs.count == 2)
        let p = pubs[0]
        #expect(p.title == "A title that continues." && p.line == 2)
        #expect(p.date == PublicationDate(year: 2024, month: 3, day: 1))
        #expect(p.authors.count == 2 && p.collectives == ["Belgian Hematology Study Group"])
        #expect(p.authors[0].affiliations == ["Department of Hematology, UZ Leuven, Leuven, Belgium.", "KU Leuven, Leuven, Belgium."])
        #expect(p.authors[0].orcid == "0000-0002-1825-0097" && p.authors[0].initials == "PJ")
        #expect(pubs[1].articleAffiliations == ["Hôpital Erasme, Brussels."])
        #expect(pubs[1].authors == [PublicationAuthor(lastName: "Peeters", initials: "J")])
        #expect(pubs[1].date == PublicationDate(year: 1998, month: 12))
        // CRLF line endings read the same.
        let crlf = Self.medline.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try MedlineReader.read(bytes: Array(crlf.utf8), fileName: "a.txt") == pubs)
    }

    @Test func medlineErrorsAreLocated() {
        #expect {
            _ = try MedlineReader.read(bytes: Array("PMID- 1\nAU  - X Y\nthis is not medline\n".utf8), fileName: "b.txt")
        } throws: { e in
            (e as? DatasetError)?.description.hasPrefix("b.txt:3:1: not a MEDLINE line") == true
        }
        #expect {
            _ = try MedlineReader.read(bytes: Array("\nTI  - no id\nAU  - X Y\n\nPMID- 2\n".utf8), fileName: "c.txt")
        } throws: { e in
            (e as? DatasetError)?.description == "c.txt:2:1: a MEDLINE record without PMID"
        }
        #expect {
            _ = try MedlineReader.read(bytes: Array("      continued\nPMID- 1\n".utf8), fileName: "d.txt")
        } throws: { e in
            (e as? DatasetError)?.description.hasPrefix("d.txt:1:1: a continuation line") == true
        }
        #expect {
            _ = try MedlineReader.read(bytes: Array("PMID- 12a\n".utf8), fileName: "e.txt")
        } throws: { e in
            (e as? DatasetError)?.description == "e.txt:1:7: PMID '12a' is not a number"
        }
    }

    static func xml(_ authors: String, doctype: String = "") -> String {
        """
        <?xml version="1.0" ?>
        \(doctype)
        <PubmedArticleSet>
        <PubmedArticle><MedlineCitation><PMID Version="1">555</PMID><Article>
        <Journal><JournalIssue><PubDate><MedlineDate>2019 Nov-Dec</MedlineDate></PubDate></JournalIssue></Journal>
        <ArticleTitle>On <i>CAR-T</i> &amp; myeloma</ArticleTitle>
        <AuthorList CompleteYN="Y">\(authors)</AuthorList></Article>
        <CommentsCorrectionsList><CommentsCorrections><PMID Version="1">999</PMID></CommentsCorrections></CommentsCorrectionsList>
        </MedlineCitation></PubmedArticle>
        </PubmedArticleSet>
        """
    }

    @Test func xmlFields() throws {
        let authors = """
        <Author ValidYN="Y"><LastName>D'Hondt</LastName><ForeName>Els</ForeName><Initials>E</Initials>
        <Identifier Source="ORCID">http://orcid.org/0000-0001-5109-3700</Identifier>
        <AffiliationInfo><Affiliation>AZ Delta, Roeselare, Belgium.</Affiliation></AffiliationInfo></Author>
        <Author ValidYN="N"><LastName>Dhond</LastName><ForeName>Els</ForeName></Author>
        <Author><CollectiveName>BHS group</CollectiveName></Author>
        """
        let pubs = try PubMedXMLReader.read(bytes: Array(Self.xml(authors).utf8), fileName: "x.xml")
        #expect(pubs.count == 1)
        let p = try #require(pubs.first)
        #expect(p.pmid == "555" && p.title == "On CAR-T & myeloma" && p.date == PublicationDate(year: 2019, month: 11))
        #expect(p.authors == [PublicationAuthor(lastName: "D'Hondt", foreName: "Els", initials: "E",
                                                affiliations: ["AZ Delta, Roeselare, Belgium."], orcid: "0000-0001-5109-3700")])
        #expect(p.collectives == ["BHS group"])
    }

    @Test func xmlErrorsNameFileLineAndPMID() {
        #expect {
            _ = try PubMedXMLReader.read(bytes: Array(Self.xml("<Author><LastName>X</Author>").utf8), fileName: "y.xml")
        } throws: { e in
            let s = (e as? DatasetError)?.description ?? ""
            return s.hasPrefix("y.xml:7:") && s.contains("PMID 555: malformed XML")
        }
        #expect {
            _ = try PubMedXMLReader.read(bytes: Array(Self.xml("<Author><ForeName>X</ForeName></Author>").utf8), fileName: "z.xml")
        } throws: { e in
            (e as? DatasetError)?.description.hasPrefix("z.xml:7:") == true
                && (e as? DatasetError)?.description.contains("PMID 555: an <Author> without <LastName>") == true
        }
        #expect {
            _ = try PubMedXMLReader.read(bytes: Array("<graphml></graphml>".utf8), fileName: "g.xml")
        } throws: { e in
            (e as? DatasetError)?.description.contains("not PubMed XML") == true
        }
    }

    /// The DOCTYPE is never acted on: a DTD on disk that would define `&who;` is not read, and an
    /// internal subset's external entity is not expanded; both end in a located error.
    @Test func doctypeIsNeverFetchedNorExpanded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dtd = dir.appendingPathComponent("evil.dtd")
        try Data("<!ENTITY who \"Injected\">".utf8).write(to: dtd)
        let external = Self.xml("<Author><LastName>&who;</LastName></Author>",
                                doctype: "<!DOCTYPE PubmedArticleSet SYSTEM \"\(dtd.path)\">")
        #expect(throws: DatasetError.self) { try PubMedXMLReader.read(bytes: Array(external.utf8), fileName: "e.xml") }
        let secret = dir.appendingPathComponent("secret.txt")
        try Data("TOPSECRET".utf8).write(to: secret)
        let xxe = Self.xml("<Author><LastName>&x;</LastName></Author>",
                           doctype: "<!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM \"file://\(secret.path)\">]>")
        do {
            let p = try PubMedXMLReader.read(bytes: Array(xxe.utf8), fileName: "f.xml")
            Issue.record("read an entity: \(p)")
        } catch {
            #expect(!error.description.contains("TOPSECRET"))
            #expect(error.description.contains("never expands"))
        }
        // The NLM DOCTYPE itself (a URL) is fine: nothing is fetched, the file reads offline.
        let nlm = Self.xml("<Author><LastName>A</LastName></Author>",
                           doctype: "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">")
        #expect(try PubMedXMLReader.read(bytes: Array(nlm.utf8), fileName: "n.xml").first?.authors.first?.lastName == "A")
    }

    static let study = """
    {"protocolSection": {
      "identificationModule": {"nctId": "NCT00000001", "briefTitle": "A trial"},
      "statusModule": {"overallStatus": "RECRUITING", "startDateStruct": {"date": "2025-03", "type": "ACTUAL"}},
      "conditionsModule": {"conditions": ["Multiple Myeloma"]},
      "designModule": {"phases": ["PHASE2", "PHASE3"]},
      "contactsLocationsModule": {
        "overallOfficials": [{"name": "Els D'Hondt, MD", "affiliation": "AZ Delta", "role": "PRINCIPAL_INVESTIGATOR"}],
        "locations": [{"facility": "UZ Leuven", "city": "Leuven", "country": "Belgium", "status": "RECRUITING",
                       "contacts": [{"name": "Jan Peeters", "role": "PRINCIPAL_INVESTIGATOR"},
                                    {"name": "Study Nurse", "role": "CONTACT"}]}]}}}
    """

    @Test func trialShapes() throws {
        let one = try ClinicalTrialsReader.read(bytes: Array(Self.study.utf8), fileName: "t.json")
        #expect(one.count == 1)
        let t = try #require(one.first)
        #expect(t.nctId == "NCT00000001" && t.isRecruiting && t.start == PublicationDate(year: 2025, month: 3))
        #expect(t.conditions == ["Multiple Myeloma"] && t.phases == ["PHASE2", "PHASE3"])
        #expect(t.investigators == [TrialInvestigator(name: "Els D'Hondt, MD", role: "PRINCIPAL_INVESTIGATOR", affiliation: "AZ Delta"),
                                    TrialInvestigator(name: "Jan Peeters", role: "PRINCIPAL_INVESTIGATOR", affiliation: "UZ Leuven, Leuven")])
        #expect(t.sites == [TrialSite(facility: "UZ Leuven", city: "Leuven", country: "Belgium", status: "RECRUITING")])
        let array = try ClinicalTrialsReader.read(bytes: Array("[\(Self.study), \(Self.study)]".utf8), fileName: "a.json")
        #expect(array.count == 2)
        let page = try ClinicalTrialsReader.read(bytes: Array("{\"studies\": [\(Self.study)], \"nextPageToken\": \"x\"}".utf8), fileName: "p.json")
        #expect(page == one.map { var x = $0; x.file = "p.json"; return x })
    }

    @Test func trialErrorsNameFileLineAndStudy() {
        let bad = Self.study.replacingOccurrences(of: "[\"Multiple Myeloma\"]", with: "\"Multiple Myeloma\"")
        #expect {
            _ = try ClinicalTrialsReader.read(bytes: Array(bad.utf8), fileName: "t.json")
        } throws: { e in
            (e as? DatasetError)?.description == "t.json:4:38: study NCT00000001: expected 'conditionsModule.conditions' to be an array, found a string"
        }
        #expect {
            _ = try ClinicalTrialsReader.read(bytes: Array("{\"protocolSection\": {}}".utf8), fileName: "u.json")
        } throws: { e in
            (e as? DatasetError)?.description.contains("u.json:1:21: a study without 'protocolSection.identificationModule.nctId'") == true
        }
        #expect {
            _ = try ClinicalTrialsReader.read(bytes: Array("{\"studies\": [1,}".utf8), fileName: "v.json")
        } throws: { e in
            (e as? DatasetError)?.description.hasPrefix("v.json:1:16: invalid JSON") == true
        }
    }
}
