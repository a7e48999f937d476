// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "recruit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "recruit", targets: ["recruit"]),
        .library(name: "Policies", targets: ["Policies"]),
        .library(name: "Recruiting", targets: ["Recruiting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // libpq as a system library: the reference PostgreSQL client (COPY, PG* variables, SQLSTATEs).
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The pure follow-up rule book: no I/O, no database, no clock.
        .target(name: "Policies"),
        // The agency's world on PostgreSQL: database, migrations, embedded server, import, queue, summaries.
        .target(
            name: "Recruiting",
            dependencies: ["CLibPQ", "Policies"],
            resources: [.copy("Resources/sql"), .copy("Resources/samples")]
        ),
        // The commands (argument parsing and rendering), as a library so tests can run them in-process.
        .target(
            name: "RecruitCLI",
            dependencies: [
                "Recruiting", "Policies",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "recruit", dependencies: ["RecruitCLI"]),
        // Printed figures for the rule engine's speed (not a test): `scripts/bench-policies.sh`.
        .executableTarget(name: "policies-bench", dependencies: ["Policies"], path: "Benchmarks/PoliciesBench"),
        // The real-database test harness: one throwaway cluster per test process, one fresh database per test.
        .target(name: "RecruitTestSupport", dependencies: ["Recruiting"], path: "Tests/RecruitTestSupport"),
        .testTarget(
            name: "PoliciesTests",
            dependencies: [
                "Policies",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "RecruitingTests",
            dependencies: [
                "Recruiting", "Policies", "RecruitTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Fixtures/presquash-sql: the development schema files the first release's squashed files replace, to
            // build a database the old way and carry it over (not shipped).
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "recruitTests",
            dependencies: ["RecruitCLI", "Recruiting", "Policies", "RecruitTestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
