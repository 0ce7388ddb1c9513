import ArgumentParser
import NadirCore
import NadirSDTM
#if canImport(Glibc)
import Glibc
#endif

/// `nadir rescore`: re-scores a whole trial from SDTM-style TU/TR (and DM) under RECIST 1.1.
struct RescoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescore",
        abstract: "Re-score every subject under RECIST 1.1: TU.csv + TR.csv (+ DM.csv) in, RS.csv out.",
        discussion: """
        Input CSVs have a header row; columns may come in any order and extra columns are ignored. \
        RS.csv is written only when the whole run succeeds.

        With --diff, every visit result or best overall response that differs from OLD_RS.csv is \
        printed, per subject.
        """
    )

    @Option(name: .customLong("tu"), help: ArgumentHelp("Tumour identification: USUBJID, TULNKID, TUSTRESC, TULOC, TUNODAL.", valueName: "TU.csv"))
    var tu: String

    @Option(name: .customLong("tr"), help: ArgumentHelp("Tumour results: USUBJID, TRLNKID, VISITNUM, TRDTC, TRTESTCD, TRSTRESC, TRSTRESN.", valueName: "TR.csv"))
    var tr: String

    @Option(name: .customLong("dm"), help: ArgumentHelp("Demographics with RFSTDTC (treatment start); without it the baseline date is the reference.", valueName: "DM.csv"))
    var dm: String?

    @Option(name: .customLong("confirm-days"), help: "Minimum days between a CR/PR and its confirmation (RECIST 1.1 §4.4.1).")
    var confirmDays: Int = 28

    @Option(name: .customLong("sd-min-days"), help: "Minimum days from treatment start for SD to count as best response (RECIST 1.1 §4.4.1).")
    var sdMinDays: Int = 42

    @Flag(name: .customLong("no-confirmation"), help: "Best overall response without confirmation of CR/PR.")
    var noConfirmation = false

    @Option(name: .customLong("out"), help: ArgumentHelp("Output response file.", valueName: "RS.csv"))
    var out: String

    @Option(name: .customLong("diff"), help: ArgumentHelp("An earlier RS.csv to compare with.", valueName: "OLD_RS.csv"))
    var diff: String?

    func validate() throws {
        guard confirmDays >= 0 else { throw ValidationError("--confirm-days must be 0 or more (got \(confirmDays))") }
        guard sdMinDays >= 0 else { throw ValidationError("--sd-min-days must be 0 or more (got \(sdMinDays))") }
    }

    func run() throws {
        let parameters = RECISTParameters(confirmationDays: confirmDays, stableDiseaseMinimumDays: sdMinDays,
                                          requiresConfirmation: !noConfirmation)
        let job = Rescore(tuPath: tu, trPath: tr, dmPath: dm, criteria: RECIST11(parameters: parameters))
        do {
            // Read the old file before writing: --diff may name the --out file itself.
            let old = try diff.map { try ResponseDiff.read(path: $0) }
            let outcome = try job.run(outPath: out, keepEvaluations: old != nil)
            if let old {
                let new = outcome.evaluations.flatMap(ResponseRecord.rows(for:))
                print(ResponseDiff.format(ResponseDiff.compare(old: old, new: new)), terminator: "")
            }
            let subjects = outcome.subjects
            stderrWrite("Scored \(subjects) subject\(subjects == 1 ? "" : "s") from \(outcome.trRows) TR rows under RECIST 1.1 → \(out)\n")
        } catch {
            stderrWrite("nadir rescore: nothing written.\n\(error)\n")
            throw ExitCode(2)
        }
    }
}

/// Writes to standard error (progress and errors; standard output stays for results).
func stderrWrite(_ s: String) {
    var s = s
    s.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
