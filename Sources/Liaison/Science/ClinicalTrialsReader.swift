/// Reads ClinicalTrials.gov study records as its API v2 returns them (JSON): one study object, an
/// array of studies, or a page `{"studies": [...], "nextPageToken": …}`.
///
/// Per study, from `protocolSection`:
/// - `identificationModule.nctId` (required) and `briefTitle`;
/// - `statusModule.overallStatus` and `startDateStruct.date` (`2024-03-15` or `2024-03`);
/// - `conditionsModule.conditions`, `designModule.phases`;
/// - `contactsLocationsModule.overallOfficials[]` {`name`, `affiliation`, `role`} and
///   `locations[]` {`facility`, `city`, `country`, `status`, `contacts[]` {`name`, `role`}}: a location
///   contact whose role is `PRINCIPAL_INVESTIGATOR` or `SUB_INVESTIGATOR` is an investigator at that
///   site (plain `CONTACT`s, usually study coordinators, are not).
///
/// Members Liaison does not use are ignored. Errors name `FILE:LINE:COLUMN` and the study's NCT id:
/// invalid JSON, a study without an NCT id, a member of the wrong type.
///
/// - Complexity: O(bytes).
public enum ClinicalTrialsReader {
    /// File extensions read as ClinicalTrials.gov JSON.
    public static let extensions = ["json"]

    /// The studies of one file, or every problem found in it.
    public static func read(bytes input: [UInt8], fileName file: String) throws(DatasetError) -> [Trial] {
        let bytes: [UInt8]
        do throws(DataIssue) { bytes = try checkText(input, displayName: file) } catch { throw DatasetError(issues: [error]) }
        let lines = LineIndex(bytes)
        func issue(_ offset: Int, _ message: String) -> DataIssue {
            let (l, c) = lines.position(offset)
            return DataIssue(file: file, line: l, column: c, message: message)
        }
        let root: JSONParser.Node
        do { root = try JSONParser.parse(bytes) } catch {
            throw DatasetError(issues: [issue(error.offset, "invalid JSON: \(error.message)")])
        }
        var studies: [JSONParser.Node] = []
        switch root.value {
        case .array(let items): studies = items
        case .object:
            if let s = root.value["studies"] {
                guard case .array(let items) = s.value else {
                    throw DatasetError(issues: [issue(s.offset, "expected 'studies' to be an array of study records, found \(s.value.kind)")])
                }
                studies = items
            } else {
                studies = [root]
            }
        default:
            throw DatasetError(issues: [issue(root.offset, "expected a ClinicalTrials.gov study record, an array of them or {\"studies\": […]}, found \(root.value.kind)")])
        }
        var out: [Trial] = []
        var issues: [DataIssue] = []
        for s in studies {
            do throws(DataIssue) {
                out.append(try study(s, file: file, lines: lines))
            } catch {
                issues.append(error)
                if issues.count >= 50 { break }
            }
        }
        if !issues.isEmpty { throw DatasetError(issues: issues) }
        return out
    }

    /// One study record.
    static func study(_ node: JSONParser.Node, file: String, lines: LineIndex) throws(DataIssue) -> Trial {
        var id = ""
        func issue(_ offset: Int, _ message: String) -> DataIssue {
            let (l, c) = lines.position(offset)
            return DataIssue(file: file, line: l, column: c, message: (id.isEmpty ? "" : "study \(id): ") + message)
        }
        guard node.value.members != nil else { throw issue(node.offset, "expected a study object, found \(node.value.kind)") }
        /// An object member, checked to be an object.
        func object(_ n: JSONParser.Node?, _ path: String) throws(DataIssue) -> JSONParser.Node? {
            guard let n else { return nil }
            if case .null = n.value { return nil }
            guard n.value.members != nil else { throw issue(n.offset, "expected '\(path)' to be an object, found \(n.value.kind)") }
            return n
        }
        func string(_ n: JSONParser.Node?, _ path: String) throws(DataIssue) -> String {
            guard let n else { return "" }
            switch n.value {
            case .null: return ""
            case .string(let s): return s.trimmedWhitespaceAndNewlines
            default: throw issue(n.offset, "expected '\(path)' to be a string, found \(n.value.kind)")
            }
        }
        func array(_ n: JSONParser.Node?, _ path: String) throws(DataIssue) -> [JSONParser.Node] {
            guard let n else { return [] }
            switch n.value {
            case .null: return []
            case .array(let items): return items
            default: throw issue(n.offset, "expected '\(path)' to be an array, found \(n.value.kind)")
            }
        }
        func strings(_ n: JSONParser.Node?, _ path: String) throws(DataIssue) -> [String] {
            var out: [String] = []
            for item in try array(n, path) { out.append(try string(item, path + "[]")) }
            return out.filter { !$0.isEmpty }
        }

        guard let ps = try object(node.value["protocolSection"], "protocolSection") else {
            throw issue(node.offset, "a study record without 'protocolSection' (expected ClinicalTrials.gov API v2 JSON)")
        }
        let ident = try object(ps.value["identificationModule"], "protocolSection.identificationModule")
        id = try string(ident?.value["nctId"], "identificationModule.nctId")
        guard !id.isEmpty else {
            throw issue(ident?.offset ?? ps.offset, "a study without 'protocolSection.identificationModule.nctId'")
        }
        var t = Trial(nctId: id, file: file, line: lines.position(node.offset).line)
        t.title = try string(ident?.value["briefTitle"], "identificationModule.briefTitle")
        if let status = try object(ps.value["statusModule"], "statusModule") {
            t.status = try string(status.value["overallStatus"], "statusModule.overallStatus").uppercased()
            if let sd = try object(status.value["startDateStruct"], "statusModule.startDateStruct") {
                let text = try string(sd.value["date"], "startDateStruct.date")
                if !text.isEmpty {
                    guard let d = PublicationDate.parse(text) else {
                        throw issue(sd.offset, "startDateStruct.date \(UserText.quoted(text)) is not a date (YYYY-MM-DD or YYYY-MM)")
                    }
                    t.start = d
                }
            }
        }
        if let cm = try object(ps.value["conditionsModule"], "conditionsModule") {
            t.conditions = try strings(cm.value["conditions"], "conditionsModule.conditions")
        }
        if let dm = try object(ps.value["designModule"], "designModule") {
            t.phases = try strings(dm.value["phases"], "designModule.phases")
        }
        if let cl = try object(ps.value["contactsLocationsModule"], "contactsLocationsModule") {
            for o in try array(cl.value["overallOfficials"], "overallOfficials") {
                guard try object(o, "overallOfficials[]") != nil else { continue }
                let name = try string(o.value["name"], "overallOfficials[].name")
                guard !name.isEmpty else { continue }
                t.investigators.append(TrialInvestigator(name: name, role: try string(o.value["role"], "overallOfficials[].role").uppercased(),
                                                         affiliation: try string(o.value["affiliation"], "overallOfficials[].affiliation")))
            }
            for l in try array(cl.value["locations"], "locations") {
                guard try object(l, "locations[]") != nil else { continue }
                let site = TrialSite(facility: try string(l.value["facility"], "locations[].facility"),
                                     city: try string(l.value["city"], "locations[].city"),
                                     country: try string(l.value["country"], "locations[].country"),
                                     status: try string(l.value["status"], "locations[].status").uppercased())
                t.sites.append(site)
                for c in try array(l.value["contacts"], "locations[].contacts") {
                    guard try object(c, "locations[].contacts[]") != nil else { continue }
                    let role = try string(c.value["role"], "contacts[].role").uppercased()
                    let name = try string(c.value["name"], "contacts[].name")
                    guard !name.isEmpty, role == "PRINCIPAL_INVESTIGATOR" || role == "SUB_INVESTIGATOR" else { continue }
                    let where_ = [site.facility, site.city].filter { !$0.isEmpty }.joined(separator: ", ")
                    t.investigators.append(TrialInvestigator(name: name, role: role, affiliation: where_))
                }
            }
        }
        return t
    }
}
