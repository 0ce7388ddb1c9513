import ArgumentParser
import Foundation
import NadirDICOM

/// `nadir samples …`: the synthetic SampleScans cohort.
struct SamplesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "Generate or verify the synthetic SampleScans CT series.",
        subcommands: [Generate.self, Verify.self]
    )

    /// `nadir samples generate DIR`
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the synthetic CT series, truth.json and README.md into DIR.",
            discussion: "Deterministic: the same DCMTK version reproduces the committed SampleScans byte for byte."
        )

        @Argument(help: "Output directory (created if needed; generator files are overwritten).")
        var directory: String

        @Flag(help: "Show DCMTK's own warnings and errors on stderr.")
        var verbose = false

        func run() async throws {
            DICOMToolkit.configure(logging: verbose ? .verbose : .quiet)
            do {
                let m = try SampleScans.generate(to: directory)
                let patients = Set(m.truth.lesions.map(\.patientID)).count
                let series = Set(m.truth.lesions.map(\.seriesInstanceUID)).count
                print("\(directory): \(m.files.count - 2) DICOM files, \(series) series, \(patients) patients; truth.json, README.md")
            } catch {
                FileHandle.standardError.write(Data("nadir samples generate: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    /// `nadir samples verify DIR`
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that DIR holds exactly what `nadir samples generate` writes."
        )

        @Argument(help: "Directory to check, e.g. SampleScans.")
        var directory: String

        func run() async throws {
            do {
                let v = try SampleScans.verify(directory: directory)
                if v.matches {
                    print("\(directory): all \(v.checked) files match the generator")
                } else {
                    for m in v.mismatches { print(m) }
                    FileHandle.standardError.write(Data("nadir samples verify: \(v.mismatches.count) of \(v.checked) files differ; regenerate with `nadir samples generate \(directory)`\n".utf8))
                    throw ExitCode(1)
                }
            } catch let error as DICOMError {
                FileHandle.standardError.write(Data("nadir samples verify: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
