import Foundation
import GRDB
import Testing
@testable import LiaisonWorkspace

/// ``Upsert`` on a real SQLite table: into an empty table rows are inserted without the look-up, and
/// the outcomes and stored rows are those of the look-up path.
@Suite("Upsert", .tags(.unit))
struct UpsertTests {
    static func table() throws -> DatabaseQueue {
        let q = try DatabaseQueue()
        try q.write { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT NOT NULL, v INTEGER, changed_in INTEGER, PRIMARY KEY (k))")
        }
        return q
    }

    static func run(_ q: DatabaseQueue, _ up: Upsert, _ rows: [(String, Int)]) throws -> [Upsert.Outcome] {
        try q.write { db in try rows.map { try up(db, key: [$0.0.databaseValue], values: [$0.1.databaseValue], file: 1) } }
    }

    static func rows(_ q: DatabaseQueue) throws -> [String: Int] {
        try q.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT k, v FROM t").map { ($0["k"] as String, $0["v"] as Int) })
        }
    }

    @Test func aKeySeenAgainInAFirstImportIsLookedUp() throws {
        let q = try Self.table()
        let up = Upsert(table: "t", keys: ["k"], values: ["v"])
        let outcomes = try Self.run(q, up, [("a", 1), ("b", 2), ("a", 3), ("b", 2)])
        #expect(outcomes == [.added, .added, .updated, .unchanged])
        #expect(try Self.rows(q) == ["a": 3, "b": 2])
    }

    @Test func distinctKeysIntoAnEmptyTable() throws {
        let q = try Self.table()
        let outcomes = try Self.run(q, Upsert(table: "t", keys: ["k"], values: ["v"], uniqueKeys: true), [("a", 1), ("b", 2)])
        #expect(outcomes == [.added, .added])
        #expect(try Self.rows(q) == ["a": 1, "b": 2])
    }

    @Test func aTableWithRowsIsAlwaysLookedUp() throws {
        let q = try Self.table()
        _ = try Self.run(q, Upsert(table: "t", keys: ["k"], values: ["v"]), [("a", 1)])
        let outcomes = try Self.run(q, Upsert(table: "t", keys: ["k"], values: ["v"], uniqueKeys: true), [("a", 1), ("c", 4), ("a", 5)])
        #expect(outcomes == [.unchanged, .added, .updated])
        #expect(try Self.rows(q) == ["a": 5, "c": 4])
    }
}
