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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The import page's file upload (multipart/form-data), parsed as it streams in.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
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
        // Reading mail (RFC 5322, MIME, RFC 2047, mbox, iCalendar invitations): pure, bytes in, no I/O.
        .target(name: "Mail"),
        // The agency's world on PostgreSQL: database, migrations, embedded server, import, queue, summaries (and the
        // summary's HTML page, so the command and the web show the same one).
        .target(
            name: "Recruiting",
            dependencies: [
                "CLibPQ", "Policies", "Mail",
                // bcrypt for the web workspace's passwords (the C implementation and its Swift wrapper only).
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // The HTML summary's template, shared by `recruit summary` and the web workspace.
                .product(name: "Mustache", package: "swift-mustache"),
                // The queue's k-way merge of its sorted batches.
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            resources: [.copy("Resources/sql"), .copy("Resources/samples"), .copy("Resources/templates"), .copy("Resources/profiles")]
        ),
        // `recruit serve`: the team's web workspace. Routes, sessions and templates; no SQL and no rules.
        .target(
            name: "RecruitWeb",
            dependencies: [
                "Recruiting", "Policies",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/static")]
        ),
        // The commands (argument parsing and rendering), as a library so tests can run them in-process.
        .target(
            name: "RecruitCLI",
            dependencies: [
                "Recruiting", "Policies", "RecruitWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .executableTarget(name: "recruit", dependencies: ["RecruitCLI"]),
        // Printed figures for the rule engine's speed (not a test): `scripts/bench-policies.sh`.
        .executableTarget(name: "policies-bench", dependencies: ["Policies"], path: "Benchmarks/PoliciesBench"),
        // Printed figures for reading mail: `scripts/bench-mail.sh`.
        .executableTarget(name: "mail-bench", dependencies: ["Mail"], path: "Benchmarks/MailBench"),
        // The real-database test harness: one throwaway cluster per test process, one fresh database per test.
        .target(name: "RecruitTestSupport", dependencies: ["Recruiting"], path: "Tests/RecruitTestSupport"),
        .testTarget(
            name: "PoliciesTests",
            dependencies: [
                "Policies",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "MailTests", dependencies: ["Mail"], resources: [.copy("Fixtures")]),
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
            dependencies: ["RecruitCLI", "RecruitWeb", "Recruiting", "Policies", "RecruitTestSupport",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types")],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
