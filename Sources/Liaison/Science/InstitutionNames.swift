/// Finds the dataset's institutions, and their cities, in free affiliation text
/// (`Department of Hematology, UZ Leuven, Leuven, Belgium.`, a trial site's facility).
///
/// Each institution is known by **forms**: its name; the part in parentheses and the name without
/// it (`UZA (Universitair Ziekenhuis Antwerpen)` → `UZA`, `Universitair Ziekenhuis Antwerpen`); each
/// side of a dash or comma (`CHU UCL Namur – Godinne` → `Godinne`); and every entry of an optional
/// `aliases` column of `institutions.csv` (separated by `;`). Text and forms are folded (accents,
/// case, dots: `H.U.B` = `hub`) into words; articles and particles (`de`, `van`, `the`, `of`, …) are
/// dropped. A text **mentions** a form when the form's words appear in it consecutively.
///
/// A form that would not tell institutions apart is not used: one made only of generic words
/// (`Hospital`, `CHU`, `UZ`), or one found inside another institution's form (`HELORA` of
/// `HELORA – Hôpital de Jolimont` is inside `CHU HELORA – Hôpital de Mons`; `H.U.B` belongs to two).
///
/// - Complexity: building O(Σ form words²); a look-up O(institutions · forms · text words).
public struct InstitutionNames: Sendable {
    /// Words dropped from text and forms before comparing.
    static let stopwords: Set<String> = ["de", "du", "des", "la", "le", "les", "van", "der", "den", "het", "the", "of",
                                         "and", "et", "en", "d", "l", "y", "s", "a"]
    /// Words that alone name no particular institution.
    static let generic: Set<String> = ["hospital", "hospitals", "hopital", "hopitaux", "ziekenhuis", "ziekenhuizen", "clinique",
                                       "cliniques", "kliniek", "klinieken", "university", "universite", "universiteit",
                                       "universitair", "universitaire", "universitaires", "chu", "chr", "chc", "az", "uz",
                                       "center", "centre", "centrum", "institute", "institut", "instituut", "medical",
                                       "general", "saint", "sint", "st", "department", "dept", "service", "hematology",
                                       "haematology", "oncology", "hematologie", "unit", "group", "groupe", "campus"]

    /// Folded words of `text` without stopwords.
    public static func words(_ text: String) -> [String] {
        PersonName.foldedWords(text).filter { !stopwords.contains($0) }
    }

    /// Institution keys (ids from `institutions.csv`, or the institution text experts carry), in order.
    public private(set) var keys: [String]
    /// Distinctive forms of each institution (folded words).
    public private(set) var forms: [[[String]]]
    /// City of each institution (folded words; empty when unknown).
    public private(set) var cities: [[String]]
    private var index: [String: Int]

    /// The institutions of `d`: those of `institutions.csv`, then any other institution text experts carry.
    public init(_ d: Dataset) {
        var keys: [String] = [], names: [[String]] = [], cities: [[String]] = []
        for x in d.institutions {
            var n = [x.name]
            for (k, v) in x.attributes where k.lowercased() == "aliases" {
                n += v.split(whereSeparator: { $0 == ";" || $0 == "|" }).map(String.init)
            }
            keys.append(x.id)
            names.append(n)
            cities.append(InstitutionNames.words(x.city))
        }
        var seen = Set(keys)
        for e in d.experts where !e.institution.isEmpty && !seen.contains(e.institution) {
            seen.insert(e.institution)
            keys.append(e.institution)
            names.append([e.institution])
            cities.append([])
        }
        self.init(keys: keys, names: names, cities: cities)
    }

    /// Institutions given directly: keys, names (first the name, then aliases) and cities.
    public init(keys: [String], names: [[String]], cities: [[String]]) {
        self.keys = keys
        self.cities = cities
        var all: [[[String]]] = names.map { ns in
            var out: [[String]] = []
            for n in ns {
                for piece in InstitutionNames.pieces(n) {
                    let w = InstitutionNames.words(piece)
                    if !w.isEmpty && !out.contains(w) { out.append(w) }
                }
            }
            return out
        }
        // Keep only distinctive forms.
        let raw = all
        for i in all.indices {
            all[i] = all[i].filter { f in
                if f.allSatisfy({ InstitutionNames.generic.contains($0) }) { return false }
                for j in raw.indices where j != i {
                    if raw[j].contains(where: { InstitutionNames.contains($0, f) }) { return false }
                }
                return true
            }
        }
        forms = all
        var idx: [String: Int] = [:]
        for (k, key) in keys.enumerated() where idx[key] == nil { idx[key] = k }
        index = idx
    }

    /// The name, its parenthesised parts, the name without them, and each side of a dash or comma.
    static func pieces(_ name: String) -> [String] {
        var out = [name]
        var outside = "", inside = "", depth = 0
        var parens: [String] = []
        for ch in name {
            if ch == "(" { depth += 1; if depth == 1 { inside = "" }; continue }
            if ch == ")" { depth = max(0, depth - 1); if depth == 0 { parens.append(inside) }; continue }
            if depth > 0 { inside.append(ch) } else { outside.append(ch) }
        }
        out += parens
        if !parens.isEmpty { out.append(outside) }
        for s in [outside] {
            let parts = s.split(whereSeparator: { $0 == "–" || $0 == "—" || $0 == "," }).map(String.init)
            if parts.count > 1 { out += parts }
            // " - " with spaces is a dash; a hyphen inside a word (Sint-Augustinus) is not.
            let dashed = s.components(separatedBy: " - ")
            if dashed.count > 1 { out += dashed }
        }
        return out
    }

    /// Whether `hay` holds `needle`'s words consecutively.
    static func contains(_ hay: [String], _ needle: [String]) -> Bool {
        guard !needle.isEmpty, needle.count <= hay.count else { return false }
        for s in 0...(hay.count - needle.count) where hay[s] == needle[0] {
            if hay[s..<(s + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Index of an institution key.
    public func index(of key: String) -> Int? { index[key] }

    /// Whether the folded words `text` mention institution `k` by one of its distinctive forms.
    public func mentions(_ text: [String], institution k: Int) -> Bool {
        forms[k].contains { InstitutionNames.contains(text, $0) }
    }

    /// Whether the folded words `text` mention institution `k`'s city.
    public func mentionsCity(_ text: [String], institution k: Int) -> Bool {
        !cities[k].isEmpty && InstitutionNames.contains(text, cities[k])
    }

    /// The institutions a text mentions; when several, those whose city it also mentions (if that
    /// leaves any). A facility such as `UZ Leuven, Leuven` gives one institution.
    public func institutions(mentionedIn text: String, city: String = "") -> [Int] {
        let w = InstitutionNames.words(text + " " + city)
        let found = keys.indices.filter { mentions(w, institution: $0) }
        if found.count > 1 {
            let withCity = found.filter { mentionsCity(w, institution: $0) }
            if !withCity.isEmpty { return withCity }
        }
        return found
    }
}
