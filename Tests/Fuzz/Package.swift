// swift-tools-version:6.0
// libFuzzer targets for Liaison's input readers. A separate package, so that building or testing the
// main package never builds these with the fuzzer flags. Run them with `Tests/Fuzz/run.sh`.
import PackageDescription

let fuzzers = ["FuzzCSV", "FuzzPeriod", "FuzzNodeLinkJSON", "FuzzGraphML", "FuzzEdgeList", "FuzzDOT"]

let package = Package(
    name: "LiaisonFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Liaison", path: "../..")],
    targets: [.target(name: "FuzzSupport", dependencies: [.product(name: "Liaison", package: "Liaison")])]
        + fuzzers.map { name in
            .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "Liaison", package: "Liaison")]
                                  + (name == "FuzzDOT" ? [.product(name: "LiaisonMaps", package: "Liaison")] : []))
        },
    swiftLanguageModes: [.v6]
)
