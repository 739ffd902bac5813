import Foundation
import Testing
@testable import Liaison

/// The streaming tokenizer must give the same records and the same error positions as the
/// in-memory reader wherever the chunk boundaries fall.
@Suite("CSV streaming", .tags(.unit))
struct InputStreamTests {
    /// Records (or the error) read from `text` saved to a file, with chunks of `chunk` bytes.
    func streamed(_ bytes: [UInt8], chunk: Int) throws -> Result<[[String]], DataIssue> {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-stream-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do throws(DataIssue) {
            let s = try CSVStream(url: url, fileName: "t.csv", chunkSize: chunk)
            var out: [[String]] = []
            while try s.next() {
                let r = s.record()
                out.append(r.fields + r.columns.map(String.init) + r.lines.map(String.init) + [String(r.line)])
            }
            return .success(out)
        } catch { return .failure(error) }
    }

    func inMemory(_ bytes: [UInt8]) -> Result<[[String]], DataIssue> {
        do throws(DataIssue) {
            let rs = try CSVReader(bytes: bytes, fileName: "t.csv").records()
            return .success(rs.map { $0.fields + $0.columns.map(String.init) + $0.lines.map(String.init) + [String($0.line)] })
        } catch { return .failure(error) }
    }

    static let samples: [String] = [
        "a,b,c\n1,\"x, y\",\"he said \"\"hi\"\"\"\n",
        "id,note\n1,\"two\nlines\"\n2,after\n",
        "\u{FEFF}id,name\r\nE1,Ann\r\nE2,\"Bob\"",
        "a,b\n\n1,\n,2\n\n3,\"\"\n",
        "a,b\n1,",
        "name,x\nÉlodie,bad\n€€€,\"ü\"\"ö\",z\r\n",
        "id,name\nE1,\"Ann\nE2,Bob\n",          // unbalanced
        "id,name\nE1,\"Ann\"x\n",               // text after closing quote
        "x\r\ny\r",                             // CR at the very end
        "q\n\"a\"\r",                           // quoted field then CR at the end
    ]

    @Test(arguments: [4, 5, 7, 8, 13, 64, 1 << 20])
    func chunksGiveTheSameRecordsAndErrors(chunk: Int) throws {
        for text in Self.samples {
            let bytes = Array(text.utf8)
            let a = try streamed(bytes, chunk: chunk)
            let b = inMemory(bytes)
            switch (a, b) {
            case let (.success(x), .success(y)): #expect(x == y, "\(text.debugDescription) chunk \(chunk)")
            case let (.failure(x), .failure(y)): #expect(x == y, "\(text.debugDescription) chunk \(chunk)")
            default: Issue.record("\(text.debugDescription) chunk \(chunk): \(a) vs \(b)")
            }
        }
    }

    @Test(arguments: [4, 9, 64])
    func invalidUTF8AndNULAreLocatedAcrossChunks(chunk: Int) throws {
        let bad = Array("id,name\nE1,Zoë\nE2,caf".utf8) + [0xE9] + Array("\n".utf8)
        guard case .failure(let i) = try streamed(bad, chunk: chunk) else { Issue.record("accepted"); return }
        #expect(i.line == 3 && i.column == 7 && i.message.contains("UTF-8"))
        let nul = Array("id,name\nE1,Ann\nE2,B".utf8) + [0] + Array("\n".utf8)
        guard case .failure(let j) = try streamed(nul, chunk: chunk) else { Issue.record("accepted"); return }
        #expect(j.line == 3 && j.column == 5 && j.message.contains("NUL"))
    }

    @Test func manyRowsAcrossChunks() throws {
        var text = "source,target,patients\n"
        for i in 0..<5000 { text += "E\(i % 97),\"E\(i % 89)\",\(i)\r\n" }
        guard case .success(let rows) = try streamed(Array(text.utf8), chunk: 1000) else { Issue.record("failed"); return }
        #expect(rows.count == 5001)
        #expect(Array(rows[4999].prefix(3)) == ["E\(4998 % 97)", "E\(4998 % 89)", "4998"])
        #expect(rows[5000].last == "5001")
    }

    @Test func internerFindsWhatItStored() {
        var t = ByteInterner(capacity: 4)
        for i in 0..<10_000 { t.insert("id-\(i)", value: Int32(i)) }
        #expect(t.count == 10_000)
        var s = "id-4321"
        #expect(s.withUTF8 { t.find($0) } == 4321)
        var u = "id-x"
        #expect(u.withUTF8 { t.find($0) } == nil)
        #expect(t.key(17) == "id-17")
        #expect(t.insert("id-5", value: 99).inserted == false)
    }
}
