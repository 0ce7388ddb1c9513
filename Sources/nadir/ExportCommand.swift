import ArgumentParser
import Foundation
import NadirStore

/// `nadir export …`: SDTM (per reader and committee) and DICOM SR measurement reports.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export reads: SDTM TU/TR/RS per reader and the committee RS, or DICOM SR TID 1500 reports.",
        subcommands: [ExportSDTMCommand.self, ExportSRCommand.self])
}

struct ExportSDTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdtm",
        abstract: "Write DIR/DM.csv, DIR/READER/{TU,TR,RS}.csv and DIR/committee/{RS,ADJ}.csv.",
        discussion: "`nadir rescore --tu DIR/R/TU.csv --tr DIR/R/TR.csv --dm DIR/DM.csv` reproduces DIR/R/RS.csv.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Output directory (created if missing).") var directory: String

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let summary = try storeCall { () throws(StoreError) in try s.exportSDTM(directory: directory, by: actor) }
        for (reader, n) in summary.readers.sorted(by: { $0.key < $1.key }) { print("\(reader): \(n) subjects") }
        print("committee: \(summary.committeeSubjects) subjects with a result, \(summary.pendingSubjects) pending")
    }
}

struct ExportSRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sr",
        abstract: "Write one DICOM SR TID 1500 Measurement Report per submitted read: DIR/SR-<read>.dcm (check with dsrdump).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Output directory (created if missing).") var directory: String

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let summary = try storeCall { () throws(StoreError) in try s.exportSR(directory: directory, by: actor) }
        print("wrote \(summary.files.count) SR documents with \(summary.measurements) measurements to \(directory)")
    }
}
