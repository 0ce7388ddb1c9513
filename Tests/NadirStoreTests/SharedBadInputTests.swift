import Foundation
import NadirTestFixtures
import Testing
@testable import NadirStore

/// `nadir import sdtm` against the malformed-SDTM table that `nadir rescore` is tested with
/// (NadirTestFixtures): the store's TR reader is its own (it fills the store's rows while it
/// parses), so every case must be refused the same way, naming the same file, row and field
/// (or, for a RECIST rule, the same subject, lesion and section), and leave the study as it was.
@Suite("import sdtm refuses every input nadir rescore refuses")
struct SharedBadInputTests {
    @Test(arguments: badInputCases)
    func importRefusesLikeRescore(_ c: BadInputCase) async throws {
        let f = try await StudyFixture(); defer { f.remove() }
        // An earlier, committed import of another reader must survive the failed one.
        try f.store.importSDTM(tuPath: ImportExportTests.fixtures + "/TU.csv", trPath: ImportExportTests.fixtures + "/TR.csv", reader: "bob", by: "admin")
        let before = try ImportExportTests.counts(f)
        let head = try f.store.verifyAudit().headHash
        let dir = f.directory + "/bad"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try (c.tu ?? goodTU).write(toFile: dir + "/TU.csv", atomically: true, encoding: .utf8)
        try (c.tr ?? goodTR).write(toFile: dir + "/TR.csv", atomically: true, encoding: .utf8)
        var dm: String? = nil
        if let text = c.dm { dm = dir + "/DM.csv"; try text.write(toFile: dm!, atomically: true, encoding: .utf8) }
        do {
            try f.store.importSDTM(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv", dmPath: dm, reader: "alice", by: "admin")
            Issue.record("imported")
        } catch {
            switch error {
            case .importRow(let file, let line, let field, _):
                #expect(c.file.map { file == dir + "/" + $0 } == true, "file: \(error)")
                if let row = c.row { #expect(line == row, "row: \(error)") }
                if let column = c.field { #expect(field == column, "field: \(error)") }
            case .baseline:
                // The engine's own rule texts: the same as rescore's.
                #expect(c.file == nil, "\(error)")
                for part in c.expected { #expect(error.description.contains(part), "\(part) not in: \(error)") }
            default:
                Issue.record("not a bad-input error: \(error)")
            }
        }
        #expect(try ImportExportTests.counts(f) == before)
        let audit = try f.store.verifyAudit()
        #expect(audit.isIntact && audit.headHash == head)
    }
}
