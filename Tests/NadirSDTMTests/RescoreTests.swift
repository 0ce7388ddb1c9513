import Foundation
import Testing
@testable import NadirCore
@testable import NadirSDTM

@Suite("nadir rescore: SDTM in, RS out")
struct RescoreTests {
    let tu = TestFiles.fixtures + "/TU.csv"
    let tr = TestFiles.fixtures + "/TR.csv"

    /// The fixture exercises CR with normal nodes, an equivocal new lesion confirmed later,
    /// split and merged lesions, "too small to measure" and non-target-only disease; the
    /// expected RS was derived by hand from RECIST 1.1 (see docs/recist.md).
    @Test func fixtureMatchesHandDerivedResponses() throws {
        let dir = try TestFiles.temporaryDirectory()
        try Rescore(tuPath: tu, trPath: tr).run(outPath: dir + "/RS.csv")
        #expect(try TestFiles.read(dir + "/RS.csv") == TestFiles.read(TestFiles.fixtures + "/RS.expected.csv"))
    }

    /// Row order of the input does not change the output: TR rows shuffled (so subjects are
    /// scattered and need the second pass) and TU rows reversed give byte-identical RS.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func rowOrderDoesNotChangeOutput(seed: UInt64) throws {
        let dir = try TestFiles.temporaryDirectory()
        try SyntheticCohort(subjects: 40, visits: 6, seed: 7).write(to: dir)
        try Rescore(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv", dmPath: dir + "/DM.csv").run(outPath: dir + "/RS1.csv")

        var rng = SyntheticCohort.Random(state: seed)
        var trLines = try TestFiles.read(dir + "/TR.csv").split(separator: "\n").map(String.init)
        let trHeader = trLines.removeFirst()
        for i in stride(from: trLines.count - 1, to: 0, by: -1) { trLines.swapAt(i, rng.int(0...i)) }
        try TestFiles.write(([trHeader] + trLines).joined(separator: "\n") + "\n", to: dir + "/TR2.csv")
        var tuLines = try TestFiles.read(dir + "/TU.csv").split(separator: "\n").map(String.init)
        let tuHeader = tuLines.removeFirst()
        try TestFiles.write(([tuHeader] + tuLines.reversed()).joined(separator: "\n") + "\n", to: dir + "/TU2.csv")

        var shuffled = Rescore(tuPath: dir + "/TU2.csv", trPath: dir + "/TR2.csv", dmPath: dir + "/DM.csv")
        shuffled.parallelThreshold = seed % 2 == 0 ? 0 : Int.max  // both the one- and two-thread paths
        let outcome = try shuffled.run(outPath: dir + "/RS2.csv")
        #expect(outcome.subjectsReread > 0, "the shuffle should scatter subjects")
        #expect(try TestFiles.read(dir + "/RS1.csv") == TestFiles.read(dir + "/RS2.csv"))
    }

    /// How the subjects' blocks of TR rows are arranged.
    enum BlockOrder: String, CaseIterable, Sendable { case sorted, reversed }

    /// The streaming path (RS rows written while scoring) writes exactly what the general path
    /// (every evaluation kept, sorted, then written) writes; TR whose subjects are not in
    /// USUBJID order falls back to the general path; no temporary file is left behind.
    @Test(arguments: [false, true], BlockOrder.allCases)
    func streamingMatchesGeneralPath(twoThreads: Bool, order: BlockOrder) throws {
        let dir = try TestFiles.temporaryDirectory()
        try SyntheticCohort(subjects: 150, visits: 6, seed: 9).write(to: dir)
        var tr = dir + "/TR.csv"
        if order == .reversed {
            var lines = try TestFiles.read(tr).split(separator: "\n").map(String.init)
            let header = lines.removeFirst()
            var blocks: [[String]] = []
            for line in lines {
                if let last = blocks.last?.last, last.split(separator: ",")[1] == line.split(separator: ",")[1] {
                    blocks[blocks.count - 1].append(line)
                } else {
                    blocks.append([line])
                }
            }
            tr = dir + "/TR-reversed.csv"
            try TestFiles.write(([header] + blocks.reversed().flatMap { $0 }).joined(separator: "\n") + "\n", to: tr)
        }
        var job = Rescore(tuPath: dir + "/TU.csv", trPath: tr, dmPath: dir + "/DM.csv")
        job.parallelThreshold = twoThreads ? 0 : Int.max
        let streamed = try job.run(outPath: dir + "/RS-streamed.csv")
        let general = try job.run(outPath: dir + "/RS-general.csv", keepEvaluations: true)
        #expect(try TestFiles.read(dir + "/RS-streamed.csv") == TestFiles.read(dir + "/RS-general.csv"))
        // The worker holding no parsed rows before TU is read (it waits at once) changes nothing.
        var waiting = job
        waiting.pendingLimit = 0
        try waiting.run(outPath: dir + "/RS-waiting.csv")
        #expect(try TestFiles.read(dir + "/RS-waiting.csv") == TestFiles.read(dir + "/RS-general.csv"))
        #expect(streamed.subjects == 150 && general.subjects == 150 && general.evaluations.count == 150)
        // Sorted input streams (nothing kept); reversed input needs the general path.
        #expect(streamed.evaluations.isEmpty == (order == .sorted))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    /// The streaming path cuts TR at the next newline without reading what comes before; when
    /// most of the file is quoted multi-line comments, that newline is inside a quoted field.
    /// The run must notice (the first thread's parse does not end at the cut) and still write
    /// exactly what one thread writes.
    @Test func cutInsideAQuotedFieldFallsBackCorrectly() throws {
        let dir = try TestFiles.temporaryDirectory()
        try SyntheticCohort(subjects: 200, visits: 5, seed: 17).write(to: dir)
        var lines = try TestFiles.read(dir + "/TR.csv").split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let comment = "\"reader note:\nline two, with a comma\n\"\"quoted\"\"\n" + String(repeating: "x", count: 300) + "\""
        let tr = ([header + ",COMMENT"] + lines.map { $0 + "," + comment }).joined(separator: "\n") + "\n"
        try TestFiles.write(tr, to: dir + "/TR-notes.csv")
        var sequential = Rescore(tuPath: dir + "/TU.csv", trPath: dir + "/TR-notes.csv", dmPath: dir + "/DM.csv")
        sequential.parallelThreshold = Int.max
        var parallel = sequential
        parallel.parallelThreshold = 0
        try sequential.run(outPath: dir + "/RS-1.csv")
        try parallel.run(outPath: dir + "/RS-2.csv")
        #expect(try TestFiles.read(dir + "/RS-1.csv") == TestFiles.read(dir + "/RS-2.csv"))
        // On the plain file the first thread's parse ends exactly at the cut.
        var plainParallel = parallel
        plainParallel.trPath = dir + "/TR.csv"
        let clean = try plainParallel.runPasses(firstSink: nil, secondSinkPath: nil, exactLines: false)
        #expect(clean.cut != Int.max && clean.firstEnd == clean.cut)
        // Same scores as without the comments.
        try sequential.run(outPath: dir + "/RS-1.csv")
        var plain = sequential
        plain.trPath = dir + "/TR.csv"
        try plain.run(outPath: dir + "/RS-plain.csv")
        #expect(try TestFiles.read(dir + "/RS-1.csv") == TestFiles.read(dir + "/RS-plain.csv"))
    }

    /// The worst case for the unchecked cut: each comment holds, after a newline, text that is
    /// itself a valid TR row (the row's subject, target T1, visit 9). A worker starting inside a
    /// comment parses it without any error, so only the check that the first thread's parse
    /// ends exactly at the cut stops a comment from being scored as a measurement.
    @Test func cutInsideAQuotedRowLookalikeIsCaught() throws {
        let dir = try TestFiles.temporaryDirectory()
        var tu = "USUBJID,TULNKID,TUSTRESC,TULOC,TUNODAL\n"
        var tr = "USUBJID,TRLNKID,VISITNUM,TRDTC,TRTESTCD,TRSTRESC,TRSTRESN,COMMENT\n"
        let note = String(repeating: "x", count: 2_000)
        for i in 1...60 {
            let s = String(format: "S%03d", i)
            tu += "\(s),T1,TARGET,LIVER,N\n"
            for (visit, date, mm) in [(0, "2024-01-02", 40), (1, "2024-02-13", 30), (2, "2024-03-26", 26)] {
                // A long note before the embedded newline: the cut (the first newline after 46 %
                // of the file) lands inside a comment for any file length.
                tr += "\(s),T1,\(visit),\(date),LDIAM,\(mm),\(mm),\"reader note \(note)\n\(s),T1,9,2030-01-01,LDIAM,90,90,end\"\n"
            }
        }
        try TestFiles.write(tu, to: dir + "/TU.csv")
        try TestFiles.write(tr, to: dir + "/TR.csv")
        var sequential = Rescore(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv")
        sequential.parallelThreshold = Int.max
        var parallel = sequential
        parallel.parallelThreshold = 0
        let passes = try parallel.runPasses(firstSink: nil, secondSinkPath: nil, exactLines: false)
        #expect(passes.second.failure == nil && passes.second.rowErrors.isEmpty, "the look-alike row parses cleanly")
        #expect(passes.cut != Int.max && passes.firstEnd != passes.cut)
        try sequential.run(outPath: dir + "/RS-1.csv")
        try parallel.run(outPath: dir + "/RS-2.csv")
        #expect(try TestFiles.read(dir + "/RS-1.csv") == TestFiles.read(dir + "/RS-2.csv"))
        #expect(!(try TestFiles.read(dir + "/RS-2.csv")).contains(",9,"), "no visit 9 scored from a comment")
    }

    /// A subject's result does not depend on the other subjects in the file.
    @Test func subjectsAreIndependent() throws {
        let dir = try TestFiles.temporaryDirectory()
        try SyntheticCohort(subjects: 12, visits: 5, seed: 11).write(to: dir)
        let all = try Rescore(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv", dmPath: dir + "/DM.csv").evaluate()
        let tuLines = try TestFiles.read(dir + "/TU.csv").split(separator: "\n").map(String.init)
        let trLines = try TestFiles.read(dir + "/TR.csv").split(separator: "\n").map(String.init)
        for e in all.evaluations {
            let mine = { (lines: [String]) in [lines[0]] + lines.dropFirst().filter { $0.split(separator: ",")[1] == e.subjectID } }
            try TestFiles.write(mine(tuLines).joined(separator: "\n"), to: dir + "/TU1.csv")
            try TestFiles.write(mine(trLines).joined(separator: "\n"), to: dir + "/TR1.csv")
            let alone = try Rescore(tuPath: dir + "/TU1.csv", trPath: dir + "/TR1.csv", dmPath: dir + "/DM.csv").evaluate()
            #expect(alone.evaluations == [e])
        }
    }

    /// Two threads parse the two halves of a large TR: the same bytes out as one thread, the
    /// subject straddling the cut re-read whole, and row numbers right in the second half.
    @Test(arguments: [false, true])
    func parallelParsingMatchesSequential(shuffled: Bool) throws {
        let dir = try TestFiles.temporaryDirectory()
        try SyntheticCohort(subjects: 300, visits: 6, seed: 21).write(to: dir)
        var tr = dir + "/TR.csv"
        if shuffled {
            var rng = SeededRandom(state: 5)
            var lines = try TestFiles.read(tr).split(separator: "\n").map(String.init)
            let header = lines.removeFirst()
            for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, rng.int(0...i)) }
            tr = dir + "/TR-shuffled.csv"
            try TestFiles.write(([header] + lines).joined(separator: "\n") + "\n", to: tr)
        }
        var sequential = Rescore(tuPath: dir + "/TU.csv", trPath: tr, dmPath: dir + "/DM.csv")
        sequential.parallelThreshold = Int.max
        var parallel = sequential
        parallel.parallelThreshold = 0
        try sequential.run(outPath: dir + "/RS-1.csv")
        let outcome = try parallel.run(outPath: dir + "/RS-2.csv")
        #expect(try TestFiles.read(dir + "/RS-1.csv") == TestFiles.read(dir + "/RS-2.csv"))
        if !shuffled { #expect(outcome.subjectsReread <= 1) }

        // A bad row in the second half is reported with its true row number.
        var lines = try TestFiles.read(tr).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = lines.count - 10
        var fields = lines[target].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[4] = "2024-02-31"  // TRDTC
        lines[target] = fields.joined(separator: ",")
        try TestFiles.write(lines.joined(separator: "\n"), to: dir + "/TR-bad.csv")
        var bad = parallel
        bad.trPath = dir + "/TR-bad.csv"
        #expect(throws: RescoreError.self) { try bad.evaluate() }
        do { _ = try bad.evaluate() } catch {
            #expect("\(error)".contains("row \(target + 1), TRDTC"), "\(error)")
        }
    }

    @Test func syntheticCohortIsReproducibleAndValid() throws {
        let a = try TestFiles.temporaryDirectory(), b = try TestFiles.temporaryDirectory()
        let counts = try SyntheticCohort(subjects: 200, visits: 8, seed: 3).write(to: a)
        try SyntheticCohort(subjects: 200, visits: 8, seed: 3).write(to: b)
        for f in ["TU.csv", "TR.csv", "DM.csv"] { #expect(try TestFiles.read(a + "/" + f) == TestFiles.read(b + "/" + f)) }
        let outcome = try Rescore(tuPath: a + "/TU.csv", trPath: a + "/TR.csv", dmPath: a + "/DM.csv").evaluate()
        #expect(outcome.evaluations.count == 200)
        #expect(outcome.trRows == counts.trRows)
        // The generator's trajectories produce every best response category.
        let bors = Set(outcome.evaluations.map(\.bestOverallResponse))
        #expect(bors.isSuperset(of: [.completeResponse, .partialResponse, .stableDisease, .progressiveDisease]))
    }

    @Test func confirmationParametersReachTheEngine() throws {
        let dir = try TestFiles.temporaryDirectory()
        let unconfirmed = RECIST11(parameters: RECISTParameters(requiresConfirmation: false))
        let strict = RECIST11(parameters: RECISTParameters(confirmationDays: 60))
        let a = try Rescore(tuPath: tu, trPath: tr, criteria: unconfirmed).run(outPath: dir + "/a.csv", keepEvaluations: true)
        let b = try Rescore(tuPath: tu, trPath: tr, criteria: strict).run(outPath: dir + "/b.csv", keepEvaluations: true)
        // P02 had SD then PD: unchanged. P03's PR was confirmed 42 days later: not with 60.
        #expect(a.evaluations.first { $0.subjectID == "P03" }?.bestOverallResponse == .partialResponse)
        #expect(b.evaluations.first { $0.subjectID == "P03" }?.bestOverallResponse == .stableDisease)
    }

    @Test func diffListsEveryChangedVisitAndBestResponse() throws {
        let dir = try TestFiles.temporaryDirectory()
        let old = try Rescore(tuPath: tu, trPath: tr).run(outPath: dir + "/old.csv")
        // A re-read changes P02's visit-1 measurement of T01 from 24 to 16 mm (SD → PR).
        let changed = try TestFiles.read(tr).replacingOccurrences(of: "P02,T01,,1,2024-02-21,LDIAM,24,24", with: "P02,T01,,1,2024-02-21,LDIAM,12,12")
        try TestFiles.write(changed, to: dir + "/TR.csv")
        let new = try Rescore(tuPath: tu, trPath: dir + "/TR.csv").run(outPath: dir + "/new.csv", keepEvaluations: true)
        let changes = ResponseDiff.compare(old: try ResponseDiff.read(path: dir + "/old.csv"),
                                           new: new.evaluations.flatMap(ResponseRecord.rows(for:)))
        #expect(changes.map(\.subjectID) == ["P02"])
        let lines = changes[0].changes.map { "\($0.visit.map(String.init) ?? "BOR") \($0.testCode) \($0.old ?? "-")→\($0.new ?? "-")" }
        #expect(lines.contains("1 SUMDIAM 38→26"))
        #expect(lines.contains("1 TRGRESP SD→PR"))
        #expect(lines.contains("1 OVRLRESP SD→PR"))
        #expect(lines.contains("2 TRGRESP SD→PD"))  // 41 mm is now ≥ 20 % over the 26 mm nadir
        #expect(!lines.contains { $0.hasPrefix("BOR") })  // the PR is unconfirmed: BOR stays SD
        #expect(ResponseDiff.format(changes).contains("P02\n  visit 1 SUMDIAM: 38 -> 26"))
        _ = old
    }
}
