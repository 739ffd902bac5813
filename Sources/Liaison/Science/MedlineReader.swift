import Foundation

/// Reads PubMed's MEDLINE text format ("PubMed" format, `.txt` / `.nbib`), as saved from
/// pubmed.ncbi.nlm.nih.gov or returned by efetch with `rettype=medline`.
///
/// A record is a run of lines `TAG - value`: the tag is left-aligned and padded with spaces to four
/// characters, then `- `; a value continues on lines indented by six spaces. Records are separated by
/// blank lines; a record starts with `PMID-`. Line endings may be LF or CRLF.
///
/// - `FAU` (`Hamelryck, Thomas`) starts an author; the `AU` after it (`Hamelryck T`) gives the
///   initials. An `AU` without a preceding `FAU` (older records) starts an author of its own.
/// - `AD` after an author is that author's affiliation (several allowed); an `AD` before the first
///   author is the article's (older records give one per article).
/// - `AUID` with `ORCID:` gives the current author's ORCID iD.
/// - `CN` is a collective author (a study group), kept apart from persons.
/// - `DP` is the publication date (`2006 Mar 1`, `2002 Sep`, `2006`, `1998 Dec-1999 Jan`).
///
/// Errors name `FILE:LINE`: a line that is neither a tag line, a continuation nor blank; a
/// continuation before any tag; a record without `PMID`; a `PMID` that is not a number.
///
/// - Complexity: O(bytes), one pass.
public enum MedlineReader {
    /// File extensions read as MEDLINE text.
    public static let extensions = ["txt", "nbib", "medline"]

    /// The records of one file, or every problem found in it.
    public static func read(bytes input: [UInt8], fileName file: String) throws(DatasetError) -> [Publication] {
        let bytes: [UInt8]
        do throws(DataIssue) { bytes = try checkText(input, displayName: file) } catch { throw DatasetError(issues: [error]) }
        var issues: [DataIssue] = []
        var out: [Publication] = []
        var fields: [(tag: String, value: String, line: Int)] = []
        var recordLine = 0

        func finish() {
            defer { fields = []; recordLine = 0 }
            guard !fields.isEmpty else { return }
            switch record(fields, file: file, line: recordLine) {
            case .success(let p): out.append(p)
            case .failure(let e): issues.append(e)
            }
        }

        var lineNo = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNo += 1
            var stop = end
            if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
            let line = bytes[start..<stop]
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                finish()
                continue
            }
            if line.count > 6, line.prefix(6).allSatisfy({ $0 == 0x20 }) {
                guard !fields.isEmpty else {
                    issues.append(DataIssue(file: file, line: lineNo, column: 1,
                                            message: "a continuation line (6 spaces) before any 'TAG - value' line"))
                    continue
                }
                let text = String(decoding: line.dropFirst(6), as: UTF8.self).trimmedWhitespace
                fields[fields.count - 1].value += (fields[fields.count - 1].value.isEmpty ? "" : " ") + text
                continue
            }
            guard let (tag, value) = tagLine(line) else {
                let shown = String(decoding: line.prefix(40), as: UTF8.self)
                issues.append(DataIssue(file: file, line: lineNo, column: 1,
                                        message: "not a MEDLINE line: expected 'TAG - value' or a 6-space continuation, found '\(shown)'"))
                if issues.count >= 50 { break }
                continue
            }
            if fields.isEmpty { recordLine = lineNo }
            // Records exported without blank lines between them still start with PMID.
            if tag == "PMID" && fields.contains(where: { $0.tag == "PMID" }) {
                finish()
                recordLine = lineNo
            }
            fields.append((tag, value, lineNo))
        }
        finish()
        if !issues.isEmpty { throw DatasetError(issues: Array(issues.prefix(50)), total: issues.count) }
        return out
    }

    /// `TAG - value`: a tag of up to four capitals or digits, padded to four, then `- `.
    static func tagLine(_ line: ArraySlice<UInt8>) -> (String, String)? {
        guard line.count >= 5 else { return nil }
        let b = Array(line)
        let tag = b[0..<4]
        guard tag.first.map({ $0 >= 0x41 && $0 <= 0x5A }) == true,
              tag.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 }),
              b[4] == UInt8(ascii: "-") else { return nil }
        // Padding spaces only at the end of the tag.
        let name = String(decoding: tag, as: UTF8.self).trimmedWhitespace
        guard !name.contains(" ") else { return nil }
        let value = b.count > 5 ? String(decoding: b[5...], as: UTF8.self).trimmedWhitespace : ""
        return (name, value)
    }

    /// Builds one publication from its fields.
    static func record(_ fields: [(tag: String, value: String, line: Int)], file: String, line: Int) -> Result<Publication, DataIssue> {
        guard let pmidField = fields.first(where: { $0.tag == "PMID" }) else {
            return .failure(DataIssue(file: file, line: line, column: 1, message: "a MEDLINE record without PMID"))
        }
        let pmid = pmidField.value
        guard !pmid.isEmpty, pmid.allSatisfy(\.isNumber) else {
            return .failure(DataIssue(file: file, line: pmidField.line, column: 7, message: "PMID \(UserText.quoted(pmid)) is not a number"))
        }
        var p = Publication(pmid: pmid, file: file, line: line)
        var current: Int?           // index of the author being described
        var awaitingAU = false      // the current author came from FAU and has no AU yet
        for f in fields {
            switch f.tag {
            case "TI": p.title = f.value
            case "DP": p.date = PublicationDate.parse(f.value)
            case "FAU":
                let (last, fore) = splitFull(f.value)
                p.authors.append(PublicationAuthor(lastName: last, foreName: fore))
                current = p.authors.count - 1
                awaitingAU = true
            case "AU":
                let (last, initials) = splitShort(f.value)
                if awaitingAU, let c = current {
                    if p.authors[c].initials.isEmpty { p.authors[c].initials = initials }
                    awaitingAU = false
                } else {
                    p.authors.append(PublicationAuthor(lastName: last, initials: initials))
                    current = p.authors.count - 1
                }
            case "AD":
                if let c = current { p.authors[c].affiliations.append(f.value) } else { p.articleAffiliations.append(f.value) }
            case "AUID":
                if let c = current, let id = ORCID.normalize(f.value) { p.authors[c].orcid = id }
            case "CN":
                p.collectives.append(f.value)
                current = nil
                awaitingAU = false
            default:
                break
            }
        }
        return .success(p)
    }

    /// `Hamelryck, Thomas` → (`Hamelryck`, `Thomas`); `Hamelryck` → (`Hamelryck`, ``).
    static func splitFull(_ s: String) -> (String, String) {
        guard let c = s.firstIndex(of: ",") else { return (s, "") }
        return (String(s[..<c]).trimmedWhitespace,
                String(s[s.index(after: c)...]).trimmedWhitespace)
    }

    /// `de Hoon MJ` → (`de Hoon`, `MJ`); `Mangalam H` → (`Mangalam`, `H`); `Smith` → (`Smith`, ``).
    static func splitShort(_ s: String) -> (String, String) {
        let words = s.split(separator: " ").map(String.init)
        if words.count >= 2, let last = words.last, last.allSatisfy({ $0.isLetter && $0.isUppercase }) {
            return (words.dropLast().joined(separator: " "), last)
        }
        return (s, "")
    }
}

/// ORCID iDs as written in PubMed (`ORCID: 0000-0002-4590-7461`, `https://orcid.org/0000-…`) and in
/// `experts.csv`.
public enum ORCID {
    /// The 16-character iD (`0000-0002-4590-7461`, check character `X` upper-case), or `nil` when the
    /// text holds none.
    public static func normalize(_ text: String) -> String? {
        let chars = Array(text.uppercased().filter { $0.isNumber || $0 == "X" })
        // The iD is the last 16 digits (a URL or prefix may come before).
        guard chars.count >= 16 else { return nil }
        let id = Array(chars.suffix(16))
        guard id[0..<15].allSatisfy(\.isNumber) else { return nil }
        let s = String(id)
        return [s.prefix(4), s.dropFirst(4).prefix(4), s.dropFirst(8).prefix(4), s.dropFirst(12)].joined(separator: "-")
    }
}
