// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Liaison",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Liaison", targets: ["Liaison"]),
        .library(name: "LiaisonMaps", targets: ["LiaisonMaps"]),
        .executable(name: "liaison", targets: ["LiaisonCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // SHA-256 and HMAC-SHA-256 (patient pseudonyms): a well-kept implementation, not our own.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System library: Graphviz's cgraph + gvc, found through pkg-config (apt: libgraphviz-dev).
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]
        ),
        // libpng (apt: libpng-dev): the PNG encoder of maps, and the decoder the map tests compare pixels with.
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        // A Graphviz device plugin, in C: cairo draws the page, libpng encodes it (see pngdevice.c).
        .target(name: "CGraphvizPNG", dependencies: ["CGraphviz", "CLibPNG"]),
        // The bundled demo network, shipped as a resource so every command finds it from any directory.
        .target(
            name: "LiaisonDemoData",
            path: "Graphs",
            exclude: ["generate_belgian_hematology.py", "generate_demo_science.py", "README.md"],
            sources: ["DemoData.swift"],
            resources: [.copy("belgian-hematology")]
        ),
        // One CPU hint Swift lacks (a prefetch), header-only C: see include/CPUHints.h.
        .target(name: "CPUHints"),
        // Swift analytics: never imports CGraphviz, and does not ship the demo.
        .target(name: "Liaison", dependencies: ["CPUHints", .product(name: "Crypto", package: "swift-crypto")]),
        // The only module that touches Graphviz.
        .target(name: "LiaisonMaps", dependencies: ["Liaison", "CGraphviz", "CGraphvizPNG"]),
        // The SQLite workspace (imports, history, export); keeps GRDB out of the analytics module.
        .target(
            name: "LiaisonWorkspace",
            dependencies: [
                "Liaison", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "LiaisonCLI",
            dependencies: [
                "Liaison", "LiaisonMaps", "LiaisonWorkspace", "LiaisonDemoData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LiaisonTests", dependencies: ["Liaison"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LiaisonMapsTests", dependencies: ["LiaisonMaps", "Liaison", "CLibPNG"]),
        .testTarget(name: "LiaisonCLITests", dependencies: ["LiaisonCLI", "Liaison"]),
        .testTarget(
            name: "LiaisonWorkspaceTests",
            dependencies: ["LiaisonWorkspace", "Liaison", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
