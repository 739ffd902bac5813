import Dispatch
import Foundation

/// Reading a large `experts.csv` in slices, one per thread, cut where referral files are cut
/// (``ReferralReader/sliceBoundaries(url:size:stream:slicing:)``).
///
/// Each slice checks its rows on their own (``ExpertRows/check(row:institutionKnown:)``: the row's
/// width, an empty id or name, an unknown institution, the NPI check digit, the text itself); then
/// one thread takes the rows in file order (``ExpertRows/accept(_:line:at:)``: duplicate ids), so the
/// experts, errors, warnings and their FILE:LINE:COLUMN are exactly those of one pass. On a million
/// experts (68 MB) checking is about three quarters of the single-threaded time (perf: tokenizing,
/// strings, NPIs, institution lookups), the id table the rest.
extension DatasetLoader {
    /// One row of a slice, its lines counted from the slice's start.
    struct ExpertSliceRow {
        var checked: ExpertRows.Checked
        var line: Int
        /// Where the id is, for a duplicate's message.
        var idLine: Int, idColumn: Int
    }

    /// The rows of one slice, and what the slice noticed.
    struct ExpertSlice {
        var rows: [ExpertSliceRow] = []
        var short: ShortRows
        var count = 0
        /// The stream's line after the slice (its line count plus one).
        var endLine = 1
    }

    /// What reading a table row by row needs besides its stream: its width, the last required
    /// column, the id column and how to check a row.
    struct ExpertSliceSetup {
        var url: URL
        var cuts: [Int]
        var width: Int
        var lastRequired: Int
        var idColumn: Int?
        var parser: ExpertRows
        var institutionKnown: ((String) -> Bool)?
        /// Fills an expert's empty region from their institution.
        var fillRegion: (inout Expert) -> Void
        var progress: ((_ bytes: Int, _ rows: Int, _ total: Int) -> Void)?
    }

    /// Checks the rows of every slice (slice 0 continues `first`, which has read the header), in
    /// parallel; returns them in file order, or throws the first problem that stops reading (invalid
    /// UTF-8, a NUL byte) in file order, its line counted from the file's start.
    static func checkExpertSlices(_ setup: ExpertSliceSetup, first: CSVStream) throws(DataIssue) -> [ExpertSlice] {
        let cuts = setup.cuts
        let parts = cuts.count - 1
        first.limitBytes(to: cuts[1])
        let file = first.fileName, delimiter = first.delimiter
        let results = DisjointWrites<Result<ExpertSlice, DataIssue>?>(count: parts, repeating: nil)
        defer { _ = results.buffer.deinitialize(); results.deallocate() }
        // The setup (a parser value, closures over read-only tables) and the first stream are each
        // used by one worker at a time or only read.
        let shared = UncheckedBox((setup, first))
        let scale = Double(cuts[parts]) / Double(cuts[1])
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            let (setup, first) = shared.value
            do throws(DataIssue) {
                let s = k == 0 ? first : try CSVStream(url: setup.url, fileName: file, offset: cuts[k],
                                                       length: cuts[k + 1] - cuts[k], delimiter: delimiter)
                var slice = ExpertSlice(short: ShortRows(file: file, width: setup.width))
                slice.rows.reserveCapacity((cuts[k + 1] - cuts[k]) / 48)
                while try s.next() {
                    slice.count += 1
                    if k == 0, slice.count & 0xFFFF == 0, let p = setup.progress {
                        p(Int(Double(s.bytesRead) * scale), Int(Double(slice.count) * scale), cuts[parts])
                    }
                    if s.fieldCount != setup.width {
                        if let w = s.widthIssue(setup.width, lastRequired: setup.lastRequired) {
                            slice.rows.append(ExpertSliceRow(checked: ("", .failure(w)), line: s.recordLine, idLine: 0, idColumn: 0))
                            continue
                        }
                        slice.short.add(line: s.recordLine, fields: s.fieldCount)
                    }
                    let row = StreamRow(s)
                    var c = setup.parser.check(row: row, institutionKnown: setup.institutionKnown)
                    if case .success(var x) = c.result {
                        setup.fillRegion(&x.expert)
                        c.result = .success(x)
                    }
                    let at = row.issue(setup.idColumn, "")
                    slice.rows.append(ExpertSliceRow(checked: c, line: s.recordLine, idLine: at.line, idColumn: at.column))
                }
                slice.endLine = s.currentLine
                results.buffer[k] = .success(slice)
            } catch {
                results.buffer[k] = .failure(error)
            }
        }
        var slices: [ExpertSlice] = []
        var lineOffset = 0
        for k in 0..<parts {
            switch results.buffer[k] {
            case .success(let slice)?:
                slices.append(slice)
                results.buffer[k] = nil
                lineOffset += slice.endLine - 1
            case .failure(var error)?:
                if error.line > 0 { error.line += lineOffset }
                throw error
            case nil:
                throw DataIssue(file: file, message: "cannot read file")
            }
        }
        return slices
    }

    /// The issue with its line counted from the file's start.
    static func shifted(_ i: DataIssue, by offset: Int) -> DataIssue {
        var i = i
        if i.line > 0 { i.line += offset }
        return i
    }

    /// The row with every line counted from the file's start.
    static func shifted(_ r: ExpertSliceRow, by offset: Int) -> ExpertSliceRow {
        guard offset > 0 else { return r }
        var r = r
        r.line += offset
        if r.idLine > 0 { r.idLine += offset }
        switch r.checked.result {
        case .failure(let e): r.checked.result = .failure(shifted(e, by: offset))
        case .success(let x): if let n = x.npi { r.checked.result = .success((x.expert, shifted(n, by: offset))) }
        }
        return r
    }
}
