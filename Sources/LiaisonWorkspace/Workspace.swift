#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import Liaison

/// A Liaison workspace: one SQLite file that accumulates a team's data export after export, with the
/// history of every import.
///
/// - The file is created readable and writable by its owner only (mode 0600), before any data is
///   written; SQLite gives its rollback journal the same mode.
/// - Journal mode is SQLite's rollback journal (`DELETE`), not WAL: at rest the workspace is exactly
///   one file. While an import runs, `WORKSPACE-journal` lies beside it; after a crash SQLite uses it
///   to undo the interrupted import the next time the workspace is opened (never delete it by hand).
/// - Every import is one `BEGIN IMMEDIATE` transaction: a second writer waits (up to the busy
///   timeout) and then fails cleanly; readers wait while an import commits.
/// - The schema carries a version (`PRAGMA user_version`, applied by a GRDB `DatabaseMigrator`) and
///   an application id; a workspace written by a newer Liaison is refused.
///
/// Errors are ``DatasetError``s naming the workspace file (or the imported file, line and column),
/// like every other input error in Liaison.
public final class Workspace: Sendable {
    /// How to open a workspace.
    public enum Mode: Sendable {
        /// Read it; it must exist. (Opened read-write when possible so that SQLite can roll back an
        /// import interrupted by a crash; nothing is written otherwise.)
        case read
        /// Read and write it, creating it (mode 0600) when absent.
        case create
    }

    /// The schema version this Liaison writes and reads (stored as `PRAGMA user_version`).
    public static let schemaVersion = 2
    /// `PRAGMA application_id` of Liaison workspaces ("LIAN").
    public static let applicationID: Int32 = 0x4C49_414E
    /// File extensions that name a workspace (`team.liaison`); any file starting with the SQLite
    /// header is opened as one too.
    public static let extensions = ["liaison", "sqlite", "db"]
    /// Default time a command waits for another one holding the workspace, in seconds.
    public static let defaultBusyTimeout: TimeInterval = 120

    /// The path given when opening.
    public let path: String
    /// The file holding the key of its patient pseudonyms (see ``PatientPseudonyms``): beside the
    /// workspace's own name, also while a new workspace is built under a temporary one.
    public let keyPath: String
    let queue: DatabaseQueue

    /// Opens (or, with ``Mode/create``, creates) the workspace at `path`.
    ///
    /// Fails with a clear message when the file is absent (in ``Mode/read``), is a folder, is empty,
    /// is not an SQLite database, is an SQLite database of another program, is damaged, or was
    /// written by a newer version of Liaison. `keyFor` is the workspace name the pseudonym key
    /// belongs beside (default `path`; ``importing(into:busyTimeout:_:)`` builds a new workspace
    /// under a temporary name whose key must still land beside the final one).
    public init(path: String, mode: Mode, busyTimeout: TimeInterval = Workspace.defaultBusyTimeout,
                keyFor: String? = nil) throws(DatasetError) {
        self.path = path
        self.keyPath = PatientPseudonyms.keyPath(forWorkspace: keyFor ?? path)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { throw Workspace.issue(path, "is a folder, not a workspace file") }
        } else {
            guard mode == .create else {
                throw Workspace.issue(path, "no such workspace (create one with `liaison import SOURCE --into \(path)`)")
            }
            try Workspace.createPrivateFile(path)
        }
        let size = (try? fm.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size == 0 && mode == .read {
            throw Workspace.issue(path, "the file is empty: not a Liaison workspace")
        }
        if size > 0 {
            switch Workspace.sniff(path) {
            case .sqlite: break
            case .tooShort:
                throw Workspace.issue(path, "not a Liaison workspace: the file is shorter than an SQLite header (\(size) bytes; truncated?)")
            case .other:
                throw Workspace.issue(path, "not a Liaison workspace: not an SQLite database (a workspace is made by `liaison import`)")
            case .unreadable(let why):
                throw Workspace.issue(path, "cannot read: \(why)")
            }
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "workspace"
        // Deleted rows are overwritten with zeros, so no value an update or a migration replaced
        // (such as clear patient ids) lingers in the file's free pages.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw Workspace.translate(error, path: path)
        }
        try prepareSchema(writable: true)
    }

    /// Runs `body` (an import) on the workspace at `path`, creating it when absent — so that a
    /// failed first import leaves no file behind: a new workspace is built under a temporary name
    /// beside `path` (`.NAME.PID.tmp`, the pattern ``OutputFile`` cleans up after a kill) and only
    /// linked into place once `body` succeeded. An existing workspace is opened in place (its own
    /// transaction keeps a failed import from changing anything).
    ///
    /// - Throws: what `body` throws (naming `path`, never the temporary name), or a ``DatasetError``
    ///   when another command created `path` meanwhile (nothing was imported then).
    public static func importing<T>(into path: String, busyTimeout: TimeInterval = Workspace.defaultBusyTimeout,
                                    _ body: (Workspace) throws(DatasetError) -> T) throws(DatasetError) -> T {
        var st = stat()
        if lstat(path, &st) == 0 { return try body(Workspace(path: path, mode: .create, busyTimeout: busyTimeout)) }
        OutputFile.removeStaleTemporaries(for: path)
        let tmp = OutputFile.temporaryPath(for: path)
        let keyPath = PatientPseudonyms.keyPath(forWorkspace: path)
        let keyExisted = lstat(keyPath, &st) == 0
        func discard() { unlink(tmp); unlink(tmp + "-journal") }
        discard()
        let result: T
        do throws(DatasetError) {
            let ws = try Workspace(path: tmp, mode: .create, busyTimeout: busyTimeout, keyFor: path)
            result = try body(ws)
        } catch {
            discard()
            if !keyExisted { unlink(keyPath) }   // a key made for encounters that were not kept
            throw DatasetError(issues: error.issues.map { i in
                var i = i
                if i.file == tmp { i.file = path }
                i.message = i.message.replacingOccurrences(of: tmp, with: path)
                return i
            }, total: error.total)
        }
        // link(2) never replaces: a workspace another command created meanwhile is left alone.
        if link(tmp, path) != 0 {
            let why = errno
            if why == EEXIST {
                discard()
                throw issue(path, "another command created this workspace while the import ran; nothing was imported: run it again")
            }
            guard rename(tmp, path) == 0 else {   // a file system without hard links
                discard()
                throw issue(path, "cannot create the workspace: \(String(cString: strerror(why)))")
            }
        }
        discard()
        return result
    }

    // MARK: Schema

    private func prepareSchema(writable: Bool) throws(DatasetError) {
        let path = self.path
        let migrator = Workspace.migrator(keyPath: keyPath)
        do {
            let state = try queue.read { db -> (appID: Int32, version: Int, tables: Int, superseded: Bool, complete: Bool) in
                let app = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let v = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                let t = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                let superseded = try db.tableExists("grdb_migrations") ? try migrator.hasBeenSuperseded(db) : false
                let complete = try db.tableExists("grdb_migrations") ? try migrator.hasCompletedMigrations(db) : false
                return (app, v, t, superseded, complete)
            }
            if state.appID != Workspace.applicationID && state.tables > 0 {
                throw Workspace.issue(path, "not a Liaison workspace: an SQLite database of another program (application id \(state.appID))")
            }
            if state.version > Workspace.schemaVersion || state.superseded {
                throw Workspace.issue(path, "this workspace was written by a newer version of Liaison (schema version \(state.version); this one reads up to \(Workspace.schemaVersion)): upgrade Liaison to open it")
            }
            if state.complete && state.version == Workspace.schemaVersion { return }
            do {
                try migrator.migrate(queue)
            } catch {
                // Another process may have created the schema at the same moment: accept its work.
                let done = (try? queue.read { db in try db.tableExists("grdb_migrations") && migrator.hasCompletedMigrations(db) }) ?? false
                if !done { throw error }
            }
        } catch let e as DatasetError {
            throw e
        } catch {
            throw Workspace.translate(error, path: path)
        }
    }

    // MARK: Files

    /// Creates an empty file readable and writable by its owner only. Succeeds when another process
    /// created it first.
    static func createPrivateFile(_ path: String) throws(DatasetError) {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw issue(path, "cannot create the workspace: \(String(cString: strerror(errno)))")
        }
        // The mode given to open(2) is filtered by the umask; make sure it is exactly 0600.
        fchmod(fd, 0o600)
        close(fd)
    }

    enum Sniff { case sqlite, tooShort, other, unreadable(String) }

    /// The 16-byte magic string at the start of every SQLite 3 database.
    static let sqliteMagic: [UInt8] = Array("SQLite format 3".utf8) + [0]

    /// Whether the file at `url` starts with the SQLite 3 header (whatever its extension).
    public static func isSQLiteFile(_ url: URL) -> Bool {
        if case .sqlite = sniff(url.path) { return true }
        return false
    }

    static func sniff(_ path: String) -> Sniff {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 100)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 100) }
        if n < 0 { return .unreadable(String(cString: strerror(errno))) }
        if n >= 16, Array(head[0..<16]) == sqliteMagic { return n == 100 ? .sqlite : .tooShort }
        return .other
    }

    // MARK: Errors

    static func issue(_ path: String, _ message: String) -> DatasetError {
        DatasetError(issues: [DataIssue(file: path, message: message)])
    }

    /// Turns an SQLite error into a message a user can act on.
    static func translate(_ error: any Error, path: String) -> DatasetError {
        if let e = error as? DatasetError { return e }
        guard let e = error as? DatabaseError else { return issue(path, "\(error)") }
        let detail = e.message ?? "\(e.resultCode)"
        switch e.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return issue(path, "the workspace file is damaged (SQLite: \(detail)); restore it from a backup copy")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return issue(path, "the workspace is busy: another liaison command kept it locked for too long; nothing was changed, try again")
        case .SQLITE_READONLY:
            return issue(path, "cannot write the workspace (read-only file or folder): \(detail)")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return issue(path, "cannot open the workspace: \(detail)")
        case .SQLITE_FULL:
            return issue(path, "the disk is full; nothing was changed")
        case .SQLITE_IOERR:
            return issue(path, "input/output error on the workspace (SQLite: \(detail)); nothing was changed")
        default:
            return issue(path, "SQLite error: \(detail)")
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it is committed, or none.
    func writeTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            guard let result else { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "transaction produced no result") }
            return result
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot).
    func snapshot<T>(_ body: (Database) throws -> T) throws(DatasetError) -> T {
        do { return try queue.read { db in try body(db) } } catch { throw Workspace.translate(error, path: path) }
    }

    /// Checks the file's integrity with `PRAGMA quick_check`; throws when SQLite finds damage.
    public func checkIntegrity() throws(DatasetError) {
        let problems: [String] = try snapshot { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        if problems != ["ok"] {
            throw Workspace.issue(path, "the workspace file is damaged (SQLite: \(problems.prefix(3).joined(separator: "; "))); restore it from a backup copy")
        }
    }
}

extension DatasetFileReader {
    /// Liaison workspaces, recognised by the SQLite header whatever their extension: this module's
    /// contribution to ``DatasetSources``.
    public static let workspace = DatasetFileReader(
        extensions: Workspace.extensions,
        description: "a Liaison workspace (SQLite, made by `liaison import`; recognised by its header whatever its extension)",
        recognises: { Workspace.isSQLiteFile($0) }) { url, o throws(DatasetError) in
        try Workspace(path: url.path, mode: .read).dataset(addEncounters: o.addEncounters, encounterOptions: o.encounterOptions)
    }
}
