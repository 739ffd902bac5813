import Foundation
@testable import Liaison

/// What a load gave — the experts, links and warnings, or the errors — for comparing a read in
/// slices with one pass.
enum LoadOutcome: Equatable {
    case loaded(experts: [Expert], referrals: [Referral], warnings: [String])
    case failed([String], total: Int)

    init(_ load: () throws(DatasetError) -> Dataset) {
        do {
            let d = try load()
            self = .loaded(experts: d.experts, referrals: d.referrals, warnings: d.warnings)
        } catch {
            self = .failed(error.issues.map(\.description), total: error.total)
        }
    }
}

extension DatasetLoader.Options {
    /// Options that cut files of any size into `slices` slices (the thresholds are lowered so that
    /// small test files are sliced), or read every file in one pass when `nil`.
    static func slicing(_ slices: Int?, lenient: Bool) -> Self {
        var options = Self(lenient: lenient)
        if let slices {
            options.slicing.minimumFileBytes = 0
            options.slicing.minimumSliceBytes = 1
            options.slicing.maxSlices = slices
            options.slicing.chunkSize = 1024
        } else {
            options.slicing.maxSlices = 1
        }
        return options
    }
}

/// A random 10-digit NPI starting with 1, whose check digit is right when `valid` (else off by one).
func randomNPI(_ rng: inout SplitMix64, valid: Bool) -> String {
    let body = String(Int.random(in: 0..<100_000_000, using: &rng))
    let nine = "1" + String(repeating: "0", count: 8 - body.count) + body
    let digit = NPI.checkDigit(forFirstNine: nine) ?? 0
    return nine + String(valid ? digit : (digit + 1) % 10)
}

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
