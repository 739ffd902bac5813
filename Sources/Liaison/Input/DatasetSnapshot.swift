import Dispatch
import Foundation

/// A ``Dataset`` (without its publications and trials, which are read again) in the snapshot
/// format: the small tables value by value, the experts as one string arena per field, and the
/// referral columns and the referral graph as raw columns.
enum DatasetSnapshot {
    static func write(_ d: Dataset, to w: SnapshotWriter) {
        w.string(d.source)
        // Experts: one arena per field, attributes of the few that have any.
        let e = d.experts
        w.int(e.count)
        for f in [\Expert.id, \.name, \.specialty, \.institution, \.region, \.npi, \.title] { w.strings(e.map { $0[keyPath: f] }) }
        let withAttributes = e.indices.filter { !e[$0].attributes.isEmpty }
        w.column(withAttributes)
        for i in withAttributes { w.dictionary(e[i].attributes) }
        w.int(d.institutions.count)
        for x in d.institutions {
            for s in [x.id, x.name, x.kind, x.city, x.region] { w.string(s) }
            w.dictionary(x.attributes)
        }
        writeLinks(d.links, to: w)
        let g = d.referralGraphAsRead()
        w.int(g.nodeCount)
        w.column(g.outOffsets); w.column(g.outTargets); w.column(g.outWeights)
        w.column(g.inOffsets); w.column(g.inSources); w.column(g.inWeights)
        w.int(d.collaborations.count)
        for c in d.collaborations { w.int(c.a); w.int(c.b); w.string(c.kind); w.column([c.weight]) }
        w.int(d.interactions.count)
        for i in d.interactions {
            w.string(i.id); w.int(i.date.ordinal); w.int(i.expert); w.string(i.liaison); w.string(i.channel)
            w.string(i.topic); w.int(i.durationMinutes ?? -1)
        }
        w.int(d.plan.count)
        for p in d.plan { w.int(p.expert); period(p.period, w); w.int(p.planned) }
        w.strings(d.filesPresent.sorted())
        w.strings(d.warnings)
        let delims = d.csvDelimiters.sorted { $0.key < $1.key }
        w.strings(delims.map(\.key))
        w.column(delims.map(\.value.rawValue))
    }

    private static func period(_ p: Period, _ w: SnapshotWriter) {
        w.string(p.label); w.int(p.start.ordinal); w.int(p.end.ordinal); w.string(p.kind.rawValue)
    }

    private static func period(_ r: inout SnapshotReader) throws(SnapshotError) -> Period {
        let label = try r.string(), start = try r.int(), end = try r.int()
        guard let kind = Period.Kind(rawValue: try r.string()) else { throw SnapshotError() }
        return Period(label: label, start: Day(ordinal: start), end: Day(ordinal: end), kind: kind)
    }

    private static func writeLinks(_ t: ReferralTable, to w: SnapshotWriter) {
        w.column(t.source); w.column(t.target); w.column(t.patients); w.column(t.periodCodes)
        w.int(t.periodTable.count)
        for p in t.periodTable { period(p, w) }
        w.column(t.pair); w.column(t.sameDay); w.column(t.transactions)
        w.int(t.extraCounts.count)
        for c in t.extraCounts { w.string(c.name); w.column(c.values) }
        w.int(t.texts.count)
        for c in t.texts { w.string(c.name); w.column(c.codes); w.strings(c.values) }
    }

    private static func readLinks(_ r: inout SnapshotReader) throws(SnapshotError) -> ReferralTable {
        let source: [Int32] = try r.column(), target: [Int32] = try r.column(), patients: [Int] = try r.column()
        let codes: [Int32] = try r.column()
        var periods: [Period] = []
        for _ in 0..<(try r.count(max: 1 << 24)) { periods.append(try period(&r)) }
        let pair: [Int] = try r.column(), sameDay: [Int] = try r.column(), trans: [Int] = try r.column()
        var extras: [ReferralCountColumn] = []
        for _ in 0..<(try r.count(max: 1 << 16)) { extras.append(ReferralCountColumn(name: try r.string(), values: try r.column())) }
        var texts: [ReferralTextColumn] = []
        for _ in 0..<(try r.count(max: 1 << 16)) {
            texts.append(ReferralTextColumn(name: try r.string(), codes: try r.column(), values: try r.strings()))
        }
        let n = source.count
        guard target.count == n, patients.count == n, codes.isEmpty || codes.count == n,
              [pair, sameDay, trans].allSatisfy({ $0.isEmpty || $0.count == n }),
              extras.allSatisfy({ $0.values.count == n }), texts.allSatisfy({ $0.codes.count == n }),
              codes.allSatisfy({ $0 >= -1 && Int($0) < periods.count }),
              texts.allSatisfy({ t in t.codes.allSatisfy { $0 >= -1 && Int($0) < t.values.count } })
        else { throw SnapshotError() }
        return ReferralTable(source: source, target: target, patients: patients, periodCodes: codes, periodTable: periods,
                             pair: pair, sameDay: sameDay, transactions: trans, extraCounts: extras, texts: texts)
    }

    static func read(_ r: inout SnapshotReader) throws(SnapshotError) -> Dataset {
        let source = try r.string()
        let n = try r.count(max: Int(Int32.max))
        var fields: [StringArena] = []
        for _ in 0..<7 {
            let a = try r.arena()
            guard a.count == n else { throw SnapshotError() }
            fields.append(a)
        }
        // Made in parallel halves, straight into the array's storage.
        var ex = [Expert](unsafeUninitializedCapacity: n) { p, k in
            let parts = n >= 100_000 ? 2 : 1
            let out = UncheckedPointer(p.baseAddress)
            let f = fields
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                guard let base = out.value else { return }
                for i in (n * part / parts)..<(n * (part + 1) / parts) {
                    (base + i).initialize(to: Expert(id: f[0][i], name: f[1][i], specialty: f[2][i], institution: f[3][i],
                                                     region: f[4][i], npi: f[5][i], title: f[6][i]))
                }
            }
            k = n
        }
        let withAttributes: [Int] = try r.column()
        for i in withAttributes {
            guard i >= 0, i < n else { throw SnapshotError() }
            ex[i].attributes = try r.dictionary()
        }
        var institutions: [Institution] = []
        for _ in 0..<(try r.count(max: 1 << 28)) {
            let id = try r.string(), name = try r.string(), kind = try r.string(), city = try r.string(), region = try r.string()
            institutions.append(Institution(id: id, name: name, kind: kind, city: city, region: region, attributes: try r.dictionary()))
        }
        let links = try readLinks(&r)
        guard links.source.allSatisfy({ $0 >= 0 && Int($0) < n }), links.target.allSatisfy({ $0 >= 0 && Int($0) < n }) else {
            throw SnapshotError()
        }
        let nodes = try r.int()
        let oo: [Int] = try r.column(), ot: [Int32] = try r.column(), ow: [Double] = try r.column()
        let io: [Int] = try r.column(), isrc: [Int32] = try r.column(), iw: [Double] = try r.column()
        guard nodes == n, oo.count == n + 1, io.count == n + 1, oo.last == ot.count, io.last == isrc.count,
              ow.count == ot.count, iw.count == isrc.count, ot.count == isrc.count,
              ot.allSatisfy({ $0 >= 0 && Int($0) < n }), isrc.allSatisfy({ $0 >= 0 && Int($0) < n }) else { throw SnapshotError() }
        for v in 0..<n where oo[v] > oo[v + 1] || io[v] > io[v + 1] { throw SnapshotError() }
        links.memo.set(Digraph(nodeCount: n, outOffsets: oo, outTargets: ot, outWeights: ow, inOffsets: io, inSources: isrc, inWeights: iw))
        func expert() throws(SnapshotError) -> Int {
            let v = try r.int()
            guard v >= 0, v < n else { throw SnapshotError() }
            return v
        }
        var collaborations: [Collaboration] = []
        for _ in 0..<(try r.count(max: 1 << 32)) {
            let a = try expert(), b = try expert(), kind = try r.string()
            let w: [Double] = try r.column()
            guard w.count == 1 else { throw SnapshotError() }
            collaborations.append(Collaboration(a: a, b: b, kind: kind, weight: w[0]))
        }
        var interactions: [Interaction] = []
        for _ in 0..<(try r.count(max: 1 << 32)) {
            let id = try r.string(), day = try r.int(), e = try expert(), liaison = try r.string(), channel = try r.string()
            let topic = try r.string(), minutes = try r.int()
            interactions.append(Interaction(id: id, date: Day(ordinal: day), expert: e, liaison: liaison, channel: channel,
                                            topic: topic, durationMinutes: minutes < 0 ? nil : minutes))
        }
        var plan: [PlanEntry] = []
        for _ in 0..<(try r.count(max: 1 << 32)) {
            let e = try expert()
            let p = try period(&r)
            plan.append(PlanEntry(expert: e, period: p, planned: try r.int()))
        }
        let present = Set(try r.strings())
        let warnings = try r.strings()
        let names = try r.strings()
        let seps: [UInt8] = try r.column()
        guard names.count == seps.count else { throw SnapshotError() }
        var d = Dataset(source: source, experts: ex, institutions: institutions, collaborations: collaborations,
                        interactions: interactions, plan: plan, filesPresent: present, warnings: warnings)
        d.links = links
        for (name, s) in zip(names, seps) {
            guard let sep = CSVDelimiter(rawValue: s) else { throw SnapshotError() }
            d.csvDelimiters[name] = sep
        }
        return d
    }
}

/// A pointer handed to the workers of a `concurrentPerform`, each writing its own elements.
struct UncheckedPointer<T>: @unchecked Sendable {
    let value: UnsafeMutablePointer<T>?
    init(_ value: UnsafeMutablePointer<T>?) { self.value = value }
}
