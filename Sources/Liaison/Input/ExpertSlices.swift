import Dispatch
import Foundation

/// Reading a large `experts.csv` in slices, one per thread (cut as referral files are, see
/// ``ReferralReader/sliceBoundaries(url:size:stream:slicing:)``).
///
/// Each slice is parsed by its own ``ExpertRows`` with its own id table, and the slices are joined
/// in file order: the later slices' ids go into the first one's table with the positions one pass
/// would have given them. The sliced read is kept only when one pass could not have read the file
/// differently: any row problem in any slice (strict or lenient), a problem that stops reading, or
/// an id accepted in two slices (one pass refuses the second as a duplicate of the first's line)
/// sends the loader back to one pass over the whole file, which then reports exactly what it always
/// did. Clean files — in practice the ones large enough to slice — are read on every core; a large
/// file with problems is read a second time.
///
/// Why not hold the rows and take them in order (tried at an earlier stop): the id table then stays
/// sequential and the held rows cost more than the parallel checks saved. Here each slice's table
/// does the duplicate checks of its own rows, and the join only inserts known-new ids.
extension DatasetLoader {
    /// Where to cut `experts.csv` (`size` bytes) into slices, or `[]` to read it in one pass: like
    /// referral files (see ``ReferralReader/sliceBoundaries(url:size:stream:slicing:)``), but quoted
    /// fields are allowed — the exports of CRM systems quote every field. Each cut goes just after the
    /// first line feed at or past its share that has an even number of `"` before it: outside every
    /// quoted field of a well-formed file, where a quote inside a quoted field is doubled. In a
    /// malformed file (a stray quote inside an unquoted field, which is read as a character) a cut can
    /// fall inside a quoted field; the slice before it then ends inside an open quote, a problem that
    /// sends the loader back to one pass — so a cut never changes what is read.
    ///
    /// - Complexity: one read of the file up to its last cut, counting quotes.
    static func expertSliceBoundaries(url: URL, size: Int, stream: CSVStream, slicing: ReferralSlicing) -> [Int] {
        let parts = min(slicing.maxSlices, size / max(1, slicing.minimumSliceBytes))
        guard parts >= 2, size >= slicing.minimumFileBytes else { return [] }
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        let block = 1 << 20
        let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: block)
        defer { buf.deallocate() }
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n")
        var cuts = [0]
        var target = size / parts
        var pos = 0, quotes = 0  // quotes in the file before `pos + i`
        reading: while pos < size {
            let r = pread(fd, buf, min(block, size - pos), off_t(pos))
            guard r > 0 else { return [] }
            var i = 0
            // Before the next share: count quotes only (a loop the compiler vectorizes).
            let stop = min(r, max(0, target - pos))
            var n = 0
            while i < stop { n &+= buf[i] == quote ? 1 : 0; i &+= 1 }
            quotes += n
            // At or past it: the first line feed outside quotes ends the slice.
            while i < r {
                let c = buf[i]
                if c == quote {
                    quotes += 1
                } else if c == lf && quotes & 1 == 0 && pos + i + 1 >= target {
                    let cut = pos + i + 1
                    guard cut < size else { break reading }
                    cuts.append(cut)
                    if cuts.count == parts { break reading }
                    target = size / parts * cuts.count
                    if target > pos + i + 1 {
                        // Count up to the next share again.
                        i += 1
                        let stop = min(r, target - pos)
                        var n = 0
                        while i < stop { n &+= buf[i] == quote ? 1 : 0; i &+= 1 }
                        quotes += n
                        continue
                    }
                }
                i += 1
            }
            pos += r
        }
        // The first slice is read by `stream`, which must not have read past the first cut.
        guard cuts.count == parts, stream.bytesRead <= cuts[1] else { return [] }
        cuts.append(size)
        return cuts
    }

    /// What one slice of `experts.csv` gave.
    struct ExpertSlice {
        var experts: [Expert] = []
        var parser: ExpertRows
        var short: ShortRows
        var rows = 0
        /// The stream's line after the slice (the slice's line count plus one).
        var endLine = 1
        /// Every row was taken: no row problem, nothing that stopped the reading.
        var clean = true
    }

    /// How every slice reads its rows. Unchecked: its closures only read the institutions' table,
    /// which nothing writes while the slices run.
    struct ExpertSliceSetup: @unchecked Sendable {
        var header: CSVHeader
        var lastRequired: Int
        /// Whether an institution id is known (`nil`: no institutions file to check against).
        var institutionKnown: ((String) -> Bool)?
        /// The region of an institution, for experts whose own region is empty.
        var region: (String) -> String?

        /// Parses the current record of `s` with `parser` and appends its expert to `experts`, its
        /// region filled from its institution when empty — the row of one pass and of every slice.
        func take(_ s: CSVStream, parser: inout ExpertRows, into experts: inout [Expert]) throws(DataIssue) {
            experts.append(try parser.parse(s, institutionKnown: institutionKnown))
            // In place: a copy of the record cost a retain and a release per field.
            let last = experts.count - 1
            if experts[last].region.isEmpty, let r = region(experts[last].institution) { experts[last].region = r }
        }
    }

    /// Reads the records of `s` to its end as one slice of `experts.csv`, stopping at the first row
    /// problem (the slice is then not clean).
    static func readExpertSlice(_ s: CSVStream, setup: ExpertSliceSetup, idCapacity: Int, reserve: Int,
                                progress: (Int, Int) -> Void) -> ExpertSlice {
        let width = setup.header.header.count
        var slice = ExpertSlice(parser: ExpertRows(header: setup.header, capacity: idCapacity),
                                short: ShortRows(file: s.fileName, width: width))
        slice.experts.reserveCapacity(reserve)
        do {
            while try s.next() {
                slice.rows += 1
                if slice.rows & 0xFFFF == 0 { progress(s.bytesRead, slice.rows) }
                if s.fieldCount != width {
                    if s.widthIssue(width, lastRequired: setup.lastRequired) != nil { slice.clean = false; break }
                    slice.short.add(line: s.recordLine, fields: s.fieldCount)
                }
                try setup.take(s, parser: &slice.parser, into: &slice.experts)
            }
        } catch {
            slice.clean = false
        }
        slice.endLine = s.currentLine
        return slice
    }

    /// Reads `experts.csv` (at `url`) in the slices `cuts` on every core, `first` — the stream that
    /// read the header — reading the first; `nil` when the file must be read in one pass instead.
    ///
    /// - Complexity: O(rows) work, about rows / cores of it on each core; the join inserts the
    ///   later slices' ids once more (prefetched) and moves their records.
    static func readExpertsInSlices(first: CSVStream, url: URL, cuts: [Int], setup: ExpertSliceSetup, capacity: Int,
                                    progress: (@Sendable (LoadProgress) -> Void)?) -> ExpertSlice? {
        first.limitBytes(to: cuts[1])
        let parts = cuts.count - 1
        let total = cuts[parts]
        let results = DisjointWrites<ExpertSlice?>(count: parts, repeating: nil)
        defer { _ = results.buffer.deinitialize(); results.deallocate() }
        let first0 = UncheckedBox(first)
        let scale = Double(total) / Double(cuts[1])
        let file = first.fileName, delimiter = first.delimiter
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            let stream: CSVStream
            if k == 0 {
                stream = first0.value
            } else {
                // A slice that cannot be opened leaves no result: the file is then read in one pass.
                guard let s = try? CSVStream(url: url, fileName: file, offset: cuts[k], length: cuts[k + 1] - cuts[k],
                                             delimiter: delimiter) else { return }
                stream = s
            }
            // The first slice's table and records are sized for the whole file: the others join it.
            let share = Int(Double(capacity) * Double(cuts[k + 1] - cuts[k]) / Double(max(1, total))) + 16
            results.buffer[k] = readExpertSlice(stream, setup: setup, idCapacity: k == 0 ? capacity : share,
                                                reserve: k == 0 ? capacity : share) { bytes, rows in
                // Slices advance together; the first one reports for all.
                if k == 0 {
                    progress?(LoadProgress(file: file, bytesRead: Int(Double(bytes) * scale), totalBytes: total,
                                           rows: Int(Double(rows) * scale), done: false))
                }
            }
        }
        var slices: [ExpertSlice] = []
        for k in 0..<parts {
            guard let sl = results.buffer[k], sl.clean else { return nil }
            slices.append(sl)
            results.buffer[k] = nil  // the slice has one owner: `slices`
        }
        var joined = slices.removeFirst()
        var lineOffset = joined.endLine - 1
        for sl in slices {
            guard joined.parser.absorb(sl.parser, lineOffset: lineOffset) else { return nil }
            joined.experts.append(contentsOf: sl.experts)
            joined.short.append(sl.short, lineOffset: lineOffset)
            joined.rows += sl.rows
            lineOffset += sl.endLine - 1
        }
        return joined
    }
}
