// swift-tools-version:6.0
// Nadir: imaging response assessment for oncology trials.
//
// Modules depend downward only:
//   NadirCore (RECIST engine, no dependencies)
//   NadirSDTM, NadirStats, NadirDICOM (+ CDcmtkShim), NadirReport   — beside each other above the core
//   nadir (command-line tool)                                          — on top
import PackageDescription

let package = Package(
    name: "Nadir",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nadir", targets: ["nadir"]),
        .library(name: "NadirCore", targets: ["NadirCore"]),
        .library(name: "NadirStats", targets: ["NadirStats"]),
        .library(name: "NadirDICOM", targets: ["NadirDICOM"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SQLite store for the reading workflow (NadirStore only): WAL, DatabasePool, migrations.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The RECIST 1.1 engine: pure values in, values out. No dependencies, no I/O.
        .target(name: "NadirCore"),
        // SDTM-style CSV in and out (TU, TR, DM, RS), streaming batch re-scoring.
        .target(name: "NadirSDTM", dependencies: ["NadirCore"]),
        // Statistics for trial endpoints: exact binomial, Simon designs, Kaplan–Meier, log-rank.
        .target(name: "NadirStats"),
        // C++ shim over DCMTK behind a small extern "C" API; DCMTK headers never reach Swift.
        .target(
            name: "CDcmtkShim",
            linkerSettings: [
                .linkedLibrary("dcmdata"), .linkedLibrary("oflog"), .linkedLibrary("ofstd"),
                .linkedLibrary("dcmimgle"), .linkedLibrary("dcmimage"),
                .linkedLibrary("dcmjpeg"), .linkedLibrary("dcmjpls"),
                .linkedLibrary("z"),  // zlib: PNG IDAT compression and CRC-32 for `nadir render`
            ]
        ),
        // DICOM series metadata, timepoints, measurability, slice rendering, sample scans.
        .target(name: "NadirDICOM", dependencies: ["CDcmtkShim"]),
        // Trial endpoints: study definitions, ORR/DCR, PFS/OS, local treatment, AE tables, ADaM-like outputs.
        .target(name: "NadirTrial", dependencies: ["NadirCore", "NadirSDTM", "NadirStats"]),
        // SVG charts (waterfall, spider, swimmer, Kaplan–Meier) and the HTML trial report.
        .target(name: "NadirReport"),
        // C++ shim over DCMTK dcmsr: DICOM SR TID 1500 measurement reports, extern "C" API.
        .target(
            name: "CNadirSR",
            linkerSettings: [
                .linkedLibrary("dcmsr"), .linkedLibrary("dcmdata"), .linkedLibrary("oflog"), .linkedLibrary("ofstd"),
            ]
        ),
        // The reading workflow on an embedded SQLite store: reads, measurements, adjudication, audit.
        .target(
            name: "NadirStore",
            dependencies: [
                "NadirCore", "NadirSDTM", "NadirDICOM", "CNadirSR",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The trial report: endpoints, per-patient lesion tables and scan thumbnails into NadirReport's model; the demo pipeline.
        .target(name: "NadirTrialReport", dependencies: ["NadirTrial", "NadirReport", "NadirDICOM", "NadirSDTM", "NadirCore"]),
        // Test helper: a child process that imports into a store, to be killed with SIGKILL mid-transaction.
        .executableTarget(name: "NadirStoreCrashHelper", dependencies: ["NadirStore"]),
        .executableTarget(
            name: "nadir",
            dependencies: [
                "NadirCore", "NadirSDTM", "NadirStats", "NadirDICOM", "NadirReport", "NadirTrial", "NadirStore", "NadirTrialReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NadirCoreTests", dependencies: ["NadirCore"]),
        // Test fixtures shared by test targets (the malformed-SDTM table read by rescore and import tests).
        .target(name: "NadirTestFixtures", path: "Tests/NadirTestFixtures"),
        .testTarget(name: "NadirSDTMTests", dependencies: ["NadirSDTM", "NadirCore", "NadirTestFixtures"]),
        .testTarget(name: "NadirStatsTests", dependencies: ["NadirStats"]),
        .testTarget(name: "NadirDICOMTests", dependencies: ["NadirDICOM"]),
        .testTarget(name: "NadirTrialReportTests", dependencies: ["NadirTrialReport", "NadirTrial", "NadirReport"]),
        .testTarget(name: "NadirTrialTests", dependencies: ["NadirTrial", "NadirStats", "NadirSDTM", "NadirCore"]),
        .testTarget(name: "NadirReportTests", dependencies: ["NadirReport"]),
        .testTarget(
            name: "NadirStoreTests",
            dependencies: [
                "NadirStore", "NadirCore", "NadirSDTM", "NadirDICOM", "NadirTestFixtures",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
