import ArgumentParser
import Foundation
import NadirDICOM
import NadirStore

/// `nadir import …`: bring scans and SDTM reads into the study database.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import scanned series (DICOM) or one reader's SDTM TU/TR into the study database.",
        subcommands: [ImportScansCommand.self, ImportSDTMCommand.self])
}

struct ImportScansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scans",
        abstract: "Scan a DICOM directory (as `nadir scan`) and link its series to subjects and timepoints.",
        discussion: "Patient ID is the subject (USUBJID); each Study Date is a timepoint, the first one the baseline (visit 0).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "Directory of DICOM files.") var directory: String
    @Option(help: "Parallel readers.") var jobs = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        let s = try store.open(), actor = try store.actor()
        let scan: ScanResult
        do { scan = try await DirectoryScanner.scan(directory: directory, jobs: jobs) } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        for f in scan.errors { FileHandle.standardError.write(Data("warning: \(f.file): \(f.error.reason)\n".utf8)) }
        let summary = try storeCall { () throws(StoreError) in try s.importScans(scan, by: actor) }
        print("imported \(summary.series) series (\(summary.instances) instances) into \(summary.timepoints) new timepoints of \(summary.subjects) new subjects; \(summary.seriesAlreadyPresent) series already present")
        for uid in summary.seriesSkipped { print("skipped series \(uid): no Patient ID / Study Date, or before baseline") }
    }
}

struct ImportSDTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdtm",
        abstract: "Import TU.csv + TR.csv (+ DM.csv) from DIR as one reader's reads (formats of `nadir rescore`).",
        discussion: "One transaction: a bad row or a RECIST rule violation rolls everything back and names the row (or subject, lesion and rule).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "Directory with TU.csv, TR.csv and optionally DM.csv.") var directory: String
    @Option(help: "The reader whose reads these are.") var reader: String
    @Flag(name: .customLong("in-progress"), help: "Leave the reads open instead of submitting them.") var inProgress = false

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let dm = directory + "/DM.csv"
        let hasDM = FileManager.default.fileExists(atPath: dm)
        let summary = try storeCall { () throws(StoreError) in
            try s.importSDTM(tuPath: directory + "/TU.csv", trPath: directory + "/TR.csv", dmPath: hasDM ? dm : nil,
                             reader: reader, submit: !inProgress, by: actor)
        }
        print("import \(summary.batchID): \(summary.subjects) new subjects, \(summary.reads) reads, \(summary.lesions) lesions, \(summary.measurements) measurements for \(reader)"
              + (summary.adjudicationsOpened > 0 ? "; \(summary.adjudicationsOpened) adjudication tasks opened" : ""))
        for file in ["TU", "TR", "DM"] {
            if let digest = summary.fileDigests[file] { print("  SHA-256 \(file).csv \(digest)") }
        }
    }
}
