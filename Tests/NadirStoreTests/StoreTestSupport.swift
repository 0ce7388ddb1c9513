import Foundation
import NadirCore
import NadirDICOM
@testable import NadirStore

/// A fresh study database in its own temporary directory, with one user per role:
/// admin (study admin), alice and bob (readers), carol (adjudicator), mon (monitor).
struct StudyFixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let sampleScans = repoRoot + "/SampleScans"
    static let uidRoot = "2.25.27823990023181100753293051764683400755"
    /// NADIR-001's baseline and week-8 CT series (5 mm slices, 128 × 128, 1.953125 mm pixels).
    static let baselineSeries = uidRoot + ".2.1.1.1"
    static let week8Series = uidRoot + ".2.1.2.1"
    static let t01Baseline = uidRoot + ".3.1.1.4"

    let directory: String
    let path: String
    let store: ReadingStore

    init(scans: Bool = false) async throws {
        directory = NSTemporaryDirectory() + "nadir-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/study.sqlite"
        // A stepping clock: every timestamp, and so every audit hash, is reproducible.
        store = try ReadingStore.create(path: path, studyID: "DEMO", studyName: "Demo", admin: "admin", adminName: "Ada Admin",
                                        clock: .stepping(from: Date(timeIntervalSince1970: 1_700_000_000)))
        try store.addUser(id: "alice", name: "Alice Reader", role: .reader, by: "admin")
        try store.addUser(id: "bob", name: "Bob Reader", role: .reader, by: "admin")
        try store.addUser(id: "carol", name: "Carol Adjudicator", role: .adjudicator, by: "admin")
        try store.addUser(id: "mon", name: "Mona Monitor", role: .monitor, by: "admin")
        if scans {
            let result = try await DirectoryScanner.scan(directory: StudyFixture.sampleScans, jobs: 2)
            try store.importScans(result, by: "admin")
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// A target lesion measurement on NADIR-001's baseline series.
    static func target(_ id: String, _ mm: Int64, nodal: Bool = false, site: String = "LUNG", series: String? = nil) -> MeasurementInput {
        MeasurementInput(lesionID: id, kind: nodal ? .shortAxis : .longestDiameter, value: .mm(mm),
                         image: series.map { ImageReference(seriesInstanceUID: $0) },
                         definition: LesionDefinition(role: .target, site: site, isNodal: nodal))
    }

    /// Assigns, measures and submits one read; returns its id.
    @discardableResult
    func read(_ subject: String, visit: Int, date: String, reader: String, _ inputs: [MeasurementInput], submit: Bool = true) throws -> Int64 {
        let r = try store.assign(subject: subject, visit: visit, date: CalendarDate(iso8601: date), reader: reader, by: "admin")
        for m in inputs { try store.record(m, read: r.id, by: reader) }
        if submit { try store.submit(read: r.id, by: reader) }
        return r.id
    }

    /// Runs the sqlite3 command-line shell on the database: edits "outside Nadir".
    func sqlite(_ sql: String) throws -> (status: Int32, output: String) {
        try run(["sqlite3", path, sql])
    }
}

/// Runs a program to completion; returns exit status and combined output.
func run(_ argv: [String]) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = argv
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
