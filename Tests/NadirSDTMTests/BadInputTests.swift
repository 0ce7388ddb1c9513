import Foundation
import Testing
@testable import NadirSDTM
import NadirTestFixtures

@Suite("Bad input: a clear error, nothing written")
struct BadInputTests {
    @Test(arguments: badInputCases)
    func badInputIsRejectedAndNothingIsWritten(_ c: BadInputCase) throws {
        let dir = try TestFiles.temporaryDirectory()
        try TestFiles.write(c.tu ?? goodTU, to: dir + "/TU.csv")
        try TestFiles.write(c.tr ?? goodTR, to: dir + "/TR.csv")
        var dm: String? = nil
        if let text = c.dm { dm = dir + "/DM.csv"; try TestFiles.write(text, to: dm!) }
        // An RS file from an earlier run must survive a failed run untouched.
        try TestFiles.write("earlier results\n", to: dir + "/RS.csv")
        var message = ""
        do {
            try Rescore(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv", dmPath: dm).run(outPath: dir + "/RS.csv")
            Issue.record("expected an error")
        } catch {
            message = "\(error)"
        }
        for part in c.expected { #expect(message.contains(part), "\(part) not in: \(message)") }
        #expect(try TestFiles.read(dir + "/RS.csv") == "earlier results\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func theGoodInputItselfIsAccepted() throws {
        let dir = try TestFiles.temporaryDirectory()
        try TestFiles.write(goodTU, to: dir + "/TU.csv")
        try TestFiles.write(goodTR, to: dir + "/TR.csv")
        let outcome = try Rescore(tuPath: dir + "/TU.csv", trPath: dir + "/TR.csv").run(outPath: dir + "/RS.csv", keepEvaluations: true)
        #expect(outcome.evaluations.first?.timepoints.first?.overall == .partialResponse)
    }
}
