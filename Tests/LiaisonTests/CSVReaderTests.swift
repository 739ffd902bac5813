import Testing
@testable import Liaison

@Suite("CSV reader", .tags(.unit))
struct CSVReaderTests {
    func read(_ s: String) throws -> [CSVReader.Record] {
        try CSVReader(bytes: Array(s.utf8), fileName: "t.csv").records()
    }

    @Test func plainAndQuotedFields() throws {
        let r = try read("a,b,c\n1,\"x, y\",\"he said \"\"hi\"\"\"\n")
        #expect(r.count == 2)
        #expect(r[1].fields == ["1", "x, y", "he said \"hi\""])
        #expect(r[1].line == 2)
        #expect(r[1].columns == [1, 3, 10])
    }

    @Test func newlineInsideQuotesKeepsLineNumbers() throws {
        let r = try read("id,note\n1,\"two\nlines\"\n2,after\n")
        #expect(r[1].fields == ["1", "two\nlines"])
        #expect(r[2].line == 4)
        #expect(r[2].fields == ["2", "after"])
    }

    @Test func crlfBomAndNoFinalNewline() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\r\nE1,Ann\r\nE2,\"Bob\"".utf8)
        let r = try CSVReader(bytes: bytes, fileName: "t.csv").records()
        #expect(r.map(\.fields) == [["id", "name"], ["E1", "Ann"], ["E2", "Bob"]])
    }

    @Test func blankLinesAndEmptyFields() throws {
        let r = try read("a,b\n\n1,\n,2\n\n3,\"\"\n")
        #expect(r.map(\.fields) == [["a", "b"], ["1", ""], ["", "2"], ["3", ""]])
    }

    @Test func trailingCommaAtEndOfFile() throws {
        let r = try read("a,b\n1,")
        #expect(r.last?.fields == ["1", ""])
    }

    @Test func unbalancedQuoteNamesWhereItOpened() {
        #expect {
            _ = try read("id,name\nE1,\"Ann\nE2,Bob\n")
        } throws: { e in
            guard let i = e as? DataIssue else { return false }
            return i.line == 2 && i.column == 4 && i.message.contains("unbalanced quote")
        }
    }

    @Test func textAfterClosingQuote() {
        #expect {
            _ = try read("id,name\nE1,\"Ann\"x\n")
        } throws: { e in
            guard let i = e as? DataIssue else { return false }
            return i.line == 2 && i.column == 9 && i.message.contains("closing quote")
        }
    }

    @Test func invalidUTF8IsLocated() {
        // "café" in Windows-1252 on line 2.
        let bytes = Array("id,name\nE1,caf".utf8) + [0xE9] + Array("\n".utf8)
        #expect {
            _ = try CSVReader(bytes: bytes, fileName: "x.csv")
        } throws: { e in
            guard let i = e as? DataIssue else { return false }
            return i.line == 2 && i.column == 7 && i.message.contains("UTF-8") && i.description.hasPrefix("x.csv:2:7:")
        }
    }

    @Test func binaryFileIsRefused() {
        #expect(throws: DataIssue.self) { _ = try CSVReader(bytes: [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00], fileName: "x.csv") }
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let r = try read("name,x\nÉlodie,bad\n")
        #expect(r[1].columns == [1, 8])
    }

    @Test func emptyInput() throws {
        #expect(try read("").isEmpty)
    }
}
