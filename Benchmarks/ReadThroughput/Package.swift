// swift-tools-version:6.0
// Reading throughput of Liaison's referral loader, in-process (no process start-up, no output). A separate
// package so that its build never reaches users of Liaison. Run it with `Benchmarks/read-throughput.sh`.
import PackageDescription

let package = Package(
    name: "LiaisonReadThroughput",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Liaison", path: "../..")],
    targets: [
        .executableTarget(name: "ReadThroughput", dependencies: [.product(name: "Liaison", package: "Liaison")]),
    ],
    swiftLanguageModes: [.v6]
)
