import Foundation
@testable import Liaison

/// A temporary dataset folder, removed when the value is released.
final class TempDataset {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }

    func load(lenient: Bool = false) throws(DatasetError) -> Dataset {
        try DatasetLoader(options: .init(lenient: lenient)).load(folder: url)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The error a load throws, or `nil` when it succeeds.
func loadError(_ files: [String: String], lenient: Bool = false) throws -> DatasetError? {
    let t = try TempDataset(files)
    do { _ = try t.load(lenient: lenient); return nil } catch { return error }
}

/// The package root, derived from this file's path (Tests/LiaisonTests/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/data` beside the package, where real third-party networks live (absent on some machines).
let sharedData = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
