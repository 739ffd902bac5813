/// A publication date as PubMed gives it: a year, often a month, sometimes a day.
///
/// MEDLINE `DP` (`2006 Mar 1`, `2002 Sep`, `2006`, `1998 Dec-1999 Jan`, `2000 Spring`) and XML
/// `<PubDate>` (`<Year>`, `<Month>`, `<Day>`, or `<MedlineDate>`) both come down to this. A range
/// counts by its first part; a season by its year.
public struct PublicationDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// 1–12 when given.
    public var month: Int?
    /// 1–31 when given (only with a month).
    public var day: Int?

    /// Creates a date; month and day are dropped when they do not exist.
    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month.flatMap { (1...12).contains($0) ? $0 : nil }
        if let m = self.month, let d = day, d >= 1, d <= Day.daysIn(month: m, year: year) { self.day = d } else { self.day = nil }
    }

    /// The first calendar day the date can mean (1 January for a bare year).
    public var firstDay: Day? { Day(year: year, month: month ?? 1, day: day ?? 1) }

    /// `2006`, `2006-03` or `2006-03-01`.
    public var description: String {
        var s = String(year)
        if let month { s += "-" + (month < 10 ? "0" : "") + String(month) }
        if let day { s += "-" + (day < 10 ? "0" : "") + String(day) }
        return s
    }

    public static func < (a: PublicationDate, b: PublicationDate) -> Bool {
        (a.year, a.month ?? 0, a.day ?? 0) < (b.year, b.month ?? 0, b.day ?? 0)
    }

    /// English month names and abbreviations as PubMed writes them (`Mar`, `March`, `03`, `3`).
    static func month(_ text: Substring) -> Int? {
        if let n = Int(text), (1...12).contains(n) { return n }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let t = text.lowercased()
        guard t.count >= 3 else { return nil }
        return names.firstIndex { t.hasPrefix($0) }.map { $0 + 1 }
    }

    /// Parses free PubMed date text: the first four-digit year, then a month and a day if they follow.
    static func parse(_ text: String) -> PublicationDate? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" || $0 == "," }).map { Substring($0) }
        guard let yi = words.firstIndex(where: { $0.count == 4 && Int($0) != nil }), let y = Int(words[yi]) else { return nil }
        var m: Int?, d: Int?
        if yi + 1 < words.count { m = month(words[yi + 1]) }
        if m != nil, yi + 2 < words.count, words[yi + 2].count <= 2, let x = Int(words[yi + 2]) { d = x }
        return PublicationDate(year: y, month: m, day: d)
    }
}

/// One author of a publication, as the record names them.
public struct PublicationAuthor: Hashable, Sendable {
    /// Family name (`Hamelryck`, `de Hoon`, `Morales-Oyarvide`).
    public var lastName: String
    /// Given names or initials as written (`Thomas`, `M J L`, `J Michael`); may be empty.
    public var foreName: String
    /// Initials (`T`, `MJ`); derived from ``foreName`` when the record gives none.
    public var initials: String
    /// Affiliations given for this author (MEDLINE `AD` after the author, XML `<AffiliationInfo>`).
    public var affiliations: [String]
    /// ORCID iD (`0000-0002-4590-7461`), when the record gives one.
    public var orcid: String?

    /// Creates an author.
    public init(lastName: String, foreName: String = "", initials: String = "", affiliations: [String] = [],
                orcid: String? = nil) {
        self.lastName = lastName
        self.foreName = foreName
        self.initials = initials.isEmpty ? PersonName.initials(of: foreName) : initials
        self.affiliations = affiliations
        self.orcid = orcid
    }

    /// `Last, Fore` (or `Last Initials` when there is no fore name), for listings.
    public var display: String {
        if !foreName.isEmpty { return lastName + ", " + foreName }
        return initials.isEmpty ? lastName : lastName + " " + initials
    }
}

/// One PubMed record: a journal article with its authors.
public struct Publication: Hashable, Sendable {
    /// PubMed identifier.
    public var pmid: String
    /// Title (may be empty).
    public var title: String
    /// Publication date, when the record has a readable one.
    public var date: PublicationDate?
    /// Authors in byline order (collective authors such as study groups are not persons and are left out).
    public var authors: [PublicationAuthor]
    /// Affiliations the record gives for the article as a whole rather than for one author (older
    /// MEDLINE records: `AD` before the first author).
    public var articleAffiliations: [String]
    /// Collective authors (`<CollectiveName>`, MEDLINE `CN`), kept for listings.
    public var collectives: [String]
    /// Where it was read: file, and the line of the record (MEDLINE) or 0.
    public var file: String
    /// 1-based line of the record's first line in a MEDLINE file; the line of `<PubmedArticle>` in XML.
    public var line: Int

    /// Creates a publication.
    public init(pmid: String, title: String = "", date: PublicationDate? = nil, authors: [PublicationAuthor] = [],
                articleAffiliations: [String] = [], collectives: [String] = [], file: String = "", line: Int = 0) {
        self.pmid = pmid
        self.title = title
        self.date = date
        self.authors = authors
        self.articleAffiliations = articleAffiliations
        self.collectives = collectives
        self.file = file
        self.line = line
    }
}

/// One investigator named by a clinical-trial record.
public struct TrialInvestigator: Hashable, Sendable {
    /// Name as written (`Thomas Hamelryck, MD, PhD`).
    public var name: String
    /// Role as ClinicalTrials.gov spells it (`PRINCIPAL_INVESTIGATOR`, `STUDY_CHAIR`,
    /// `STUDY_DIRECTOR`, `SUB_INVESTIGATOR`).
    public var role: String
    /// Affiliation (overall officials) or the site's facility and city (site investigators).
    public var affiliation: String
    /// Whether the investigator leads the trial or a site: principal investigator or study chair.
    public var isPrincipal: Bool { role == "PRINCIPAL_INVESTIGATOR" || role == "STUDY_CHAIR" }

    /// Creates an investigator.
    public init(name: String, role: String, affiliation: String) {
        self.name = name
        self.role = role
        self.affiliation = affiliation
    }
}

/// One site of a clinical trial.
public struct TrialSite: Hashable, Sendable {
    /// Facility name as registered.
    public var facility: String
    /// City.
    public var city: String
    /// Country.
    public var country: String
    /// The site's own recruitment status, when given.
    public var status: String

    /// Creates a site.
    public init(facility: String, city: String = "", country: String = "", status: String = "") {
        self.facility = facility
        self.city = city
        self.country = country
        self.status = status
    }
}

/// One ClinicalTrials.gov study record (API v2).
public struct Trial: Hashable, Sendable {
    /// NCT number.
    public var nctId: String
    /// Brief title.
    public var title: String
    /// `overallStatus` (`RECRUITING`, `COMPLETED`, …).
    public var status: String
    /// Start date (`startDateStruct.date`), when given.
    public var start: PublicationDate?
    /// Conditions studied.
    public var conditions: [String]
    /// Phases (`PHASE2`, `PHASE3`, …).
    public var phases: [String]
    /// Overall officials and site investigators.
    public var investigators: [TrialInvestigator]
    /// Sites.
    public var sites: [TrialSite]
    /// File it was read from.
    public var file: String
    /// 1-based line where the study object starts.
    public var line: Int

    /// Whether the trial is recruiting now (`overallStatus` RECRUITING).
    public var isRecruiting: Bool { status == "RECRUITING" }

    /// Creates a trial.
    public init(nctId: String, title: String = "", status: String = "", start: PublicationDate? = nil,
                conditions: [String] = [], phases: [String] = [], investigators: [TrialInvestigator] = [],
                sites: [TrialSite] = [], file: String = "", line: Int = 0) {
        self.nctId = nctId
        self.title = title
        self.status = status
        self.start = start
        self.conditions = conditions
        self.phases = phases
        self.investigators = investigators
        self.sites = sites
        self.file = file
        self.line = line
    }
}
