import Foundation
import GRDB
import Liaison

/// The workspace's tables.
///
/// Keys (a row of an import replaces the stored row with the same key; a key seen for the first time
/// is added): `institution.id`, `expert.id`, `referral (source, target, period)`,
/// `collaboration (a, b, kind)` with `a < b`, `interaction.id`, `plan (expert, period)`,
/// `encounter (pseudonym, expert, date)`. Rows are never deleted by an import.
///
/// - Version 1: the tables, with encounters keyed by the patient id in clear.
/// - Version 2: encounters keyed by the patient's pseudonym (``PatientPseudonyms``); a `meta` table
///   holds the check value of the pseudonym key; referrals keep their text columns (`attributes`). Migrating a version-1 workspace converts its clear
///   ids (making the key when there are any) and leaves none in the file.
enum Schema {
    static let v1 = """
    CREATE TABLE import_batch (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL
    );
    CREATE TABLE import_file (
        id INTEGER PRIMARY KEY,
        batch INTEGER NOT NULL REFERENCES import_batch(id),
        file TEXT NOT NULL,
        kind TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE TABLE institution (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        city TEXT NOT NULL,
        region TEXT NOT NULL,
        attributes TEXT NOT NULL,
        changed_in INTEGER REFERENCES import_file(id)
    );
    CREATE TABLE expert (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        specialty TEXT NOT NULL,
        institution TEXT NOT NULL,
        region TEXT NOT NULL,
        npi TEXT NOT NULL,
        title TEXT NOT NULL,
        attributes TEXT NOT NULL,
        changed_in INTEGER REFERENCES import_file(id)
    );
    CREATE TABLE referral (
        seq INTEGER PRIMARY KEY,
        source TEXT NOT NULL REFERENCES expert(id),
        target TEXT NOT NULL REFERENCES expert(id),
        period TEXT NOT NULL,
        patients INTEGER NOT NULL,
        counts TEXT NOT NULL,
        changed_in INTEGER REFERENCES import_file(id),
        UNIQUE (source, target, period)
    );
    CREATE TABLE collaboration (
        seq INTEGER PRIMARY KEY,
        a TEXT NOT NULL REFERENCES expert(id),
        b TEXT NOT NULL REFERENCES expert(id),
        kind TEXT NOT NULL,
        weight REAL NOT NULL,
        changed_in INTEGER REFERENCES import_file(id),
        UNIQUE (a, b, kind)
    );
    CREATE TABLE interaction (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        date TEXT NOT NULL,
        expert TEXT NOT NULL REFERENCES expert(id),
        liaison TEXT NOT NULL,
        channel TEXT NOT NULL,
        topic TEXT NOT NULL,
        duration_minutes INTEGER,
        changed_in INTEGER REFERENCES import_file(id)
    );
    CREATE TABLE plan (
        seq INTEGER PRIMARY KEY,
        expert TEXT NOT NULL REFERENCES expert(id),
        period TEXT NOT NULL,
        planned INTEGER NOT NULL,
        changed_in INTEGER REFERENCES import_file(id),
        UNIQUE (expert, period)
    );
    CREATE TABLE encounter (
        seq INTEGER PRIMARY KEY,
        patient TEXT NOT NULL,
        expert TEXT NOT NULL REFERENCES expert(id),
        date TEXT NOT NULL,
        institution TEXT NOT NULL,
        changed_in INTEGER REFERENCES import_file(id),
        UNIQUE (patient, expert, date)
    );
    CREATE INDEX interaction_expert ON interaction(expert);
    CREATE INDEX referral_target ON referral(target);
    """
}

extension Schema {
    static let v2Encounters = """
    CREATE TABLE meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE encounter_v2 (
        seq INTEGER PRIMARY KEY,
        pseudonym TEXT NOT NULL,
        expert TEXT NOT NULL REFERENCES expert(id),
        date TEXT NOT NULL,
        institution TEXT NOT NULL,
        changed_in INTEGER REFERENCES import_file(id),
        UNIQUE (pseudonym, expert, date)
    );
    """

    /// The name under which the key's check value is stored in `meta`.
    static let keyCheck = "pseudonym_key_check"
}

extension Workspace {
    /// The migrations up to `version`, in order; each sets `user_version` to its number. `keyPath`
    /// is where the pseudonym key is read or made when clear patient ids are converted.
    static func migrator(keyPath: String, through version: Int = schemaVersion) -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: Schema.v1)
            try db.execute(sql: "PRAGMA application_id = \(Workspace.applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        guard version >= 2 else { return m }
        m.registerMigration("v2") { db in
            try db.execute(sql: Schema.v2Encounters)
            try db.execute(sql: "ALTER TABLE referral ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'")
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM encounter") ?? 0 > 0 {
                let keys = try PatientPseudonyms.loadOrCreate(keyPath)
                try db.execute(sql: "INSERT INTO meta (name, value) VALUES (?, ?)", arguments: [Schema.keyCheck, keys.check])
                let insert = try db.makeStatement(sql: """
                    INSERT INTO encounter_v2 (seq, pseudonym, expert, date, institution, changed_in) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (pseudonym, expert, date) DO NOTHING
                    """)
                let rows = try Row.fetchCursor(db, sql: "SELECT seq, patient, expert, date, institution, changed_in FROM encounter ORDER BY seq")
                while let r = try rows.next() {
                    let pseudonym = keys.pseudonym(r[1] as String)
                    try insert.execute(arguments: [r[0] as Int64, pseudonym, r[2] as String, r[3] as String, r[4] as String,
                                                   r[5] as Int64?])
                }
            }
            try db.execute(sql: "DROP TABLE encounter")
            try db.execute(sql: "ALTER TABLE encounter_v2 RENAME TO encounter")
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        return m
    }
}

