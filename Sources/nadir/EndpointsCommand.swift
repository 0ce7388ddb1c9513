import ArgumentParser
import Foundation
import NadirTrial

/// `nadir endpoints`: re-scores a study's data under its criteria and computes every endpoint.
struct EndpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoints",
        abstract: "ORR, DCR, BOR, PFS, OS, local-treatment proportion and AE tables for a study.",
        discussion: """
        STUDY is a study definition (study.json, see seeds/README.md). DIR holds TU.csv, TR.csv and
        DM.csv, and optionally AE.csv and LT.csv. With --out, writes RS.csv, ADRS.csv, ADTTE.csv and
        endpoints.json there (each atomically).
        """)

    @Option(help: ArgumentHelp("Study definition (JSON).", valueName: "STUDY")) var study: String
    @Option(help: ArgumentHelp("Directory with TU, TR, DM (AE, LT) CSV files.", valueName: "DIR")) var data: String
    @Option(help: ArgumentHelp("Directory for RS.csv, ADRS.csv, ADTTE.csv and endpoints.json.", valueName: "DIR")) var out: String?
    @Option(help: "Output on the terminal: json or table.") var format: OutputFormat = .table

    enum OutputFormat: String, ExpressibleByArgument { case json, table }

    func run() throws {
        do {
            let definition = try StudyDefinition.load(path: study)
            let trial = try TrialData.load(directory: data)
            let endpoints = try TrialEndpoints.compute(study: definition, data: trial)
            if let out { try AnalysisDatasets.writeAll(endpoints, studyID: definition.studyID, to: out) }
            print(format == .json ? try endpoints.json() : endpoints.table(), terminator: "")
        } catch {
            stderrWrite("nadir endpoints: \(error)\n")
            throw ExitCode(2)
        }
    }
}

/// `nadir seeds generate`: writes the seed study's synthetic demonstration cohort.
struct SeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seeds", abstract: "Seed studies and their synthetic demonstration cohorts.",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the 49-patient synthetic demo cohort (TU, TR, DM, AE, LT) into DIR.")
        @Argument(help: ArgumentHelp("Output directory.", valueName: "DIR")) var dir: String
        @Option(help: "Seed (the committed cohort uses the default).") var seed: UInt64 = 20_240_101
        @Option(help: "SampleScans truth.json: its patients join the cohort with their true diameters.") var scans: String?
        @Option(help: "Data cut-off (ISO 8601).") var cutoff: String = "2025-12-31"

        func run() throws {
            guard let date = CalendarDateParser.parse(cutoff) else { throw ValidationError("--cutoff: '\(cutoff)' is not an ISO 8601 date") }
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let counts = try DemoCohort(seed: seed, scanTruthPath: scans).write(to: dir, cutoff: date)
            print("Wrote \(counts.subjects) synthetic subjects, \(counts.trRows) TR rows, \(counts.adverseEvents) adverse events to \(dir)")
        }
    }
}
