import Foundation
import Testing

/// The cache folder as a user meets it: a second command on unchanged data reads the snapshot and the
/// stored path scores and prints exactly what a fresh computation prints; `--no-cache` stores nothing;
/// a damaged path-score file is recomputed and rewritten, never believed.
@Suite("snapshot and path-score cache", .tags(.cli))
struct CacheCLITests {
    static func files(_ dir: URL, _ suffix: String) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.lastPathComponent.hasSuffix(suffix) }
    }

    static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    @Test func secondRunsReadTheCacheAndPrintTheSame() throws {
        let t = try TempDir()
        let data = t.file("net").path
        #expect(try liaison(["synth", "--experts", "1500", "--seed", "3", "--out", data, "-q"]).status == 0)
        let cache = t.file("cache")
        // Small thresholds, so that this small network is cached like a national one.
        let env = ["LIAISON_CACHE_DIR": cache.path, "LIAISON_CACHE_MIN_BYTES": "0", "LIAISON_PATHS_MIN_WORK": "0"]
        let fresh = try liaison(["gaps", data, "--no-cache", "-q", "--format", "csv"], environment: env)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(parseCSV(fresh.stdout).count > 2)
        #expect(Self.files(cache, ".paths").isEmpty && Self.files(cache, ".snapshot").isEmpty)

        let first = try liaison(["gaps", data, "-q", "--format", "csv"], environment: env)
        #expect(first.status == 0 && first.stdout == fresh.stdout, "\(first.stderr)")
        let paths = Self.files(cache, ".paths")
        #expect(paths.count == 1 && Self.files(cache, ".snapshot").count == 1)
        guard let file = paths.first else { return }
        let written = Self.modified(file)
        Thread.sleep(forTimeInterval: 0.05)

        // Read, not recomputed: the file is not written again.
        for args in [["gaps", data, "-q", "--format", "csv"], ["coverage", data, "-q", "--format", "csv"]] {
            let r = try liaison(args, environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            if args[0] == "gaps" { #expect(r.stdout == fresh.stdout) }
        }
        #expect(Self.modified(file) == written && Self.files(cache, ".paths").count == 1)

        // Damaged: recomputed (the same output) and rewritten whole.
        let whole = try Data(contentsOf: file)
        try Data(whole.prefix(whole.count - 8)).write(to: file)
        let again = try liaison(["gaps", data, "-q", "--format", "csv"], environment: env)
        #expect(again.status == 0 && again.stdout == fresh.stdout, "\(again.stderr)")
        #expect(try Data(contentsOf: file) == whole)
    }
}
