import ArgumentParser

/// The `nadir` command-line tool. Each subcommand is a small type that parses its options,
/// calls a library function and prints; the logic lives in the libraries where tests reach it.
@main
struct Nadir: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nadir",
        abstract: "Imaging response assessment for oncology trials (RECIST 1.1).",
        version: "0.1.0",
        subcommands: [
            RescoreCommand.self,
            EndpointsCommand.self,
            SeedsCommand.self,
            ReportCommand.self,
            DemoCommand.self,
            ScanCommand.self,
            RenderCommand.self,
            SamplesCommand.self,
            StatsCommand.self,
            BenchCommand.self,
            StudyCommand.self, ImportCommand.self, ReadCommand.self, AdjudicateCommand.self, ExportCommand.self, AuditCommand.self,
        ]
    )
}

/// `nadir bench …`: benchmarks, each compared side by side with its peer (see docs/benchmarks.md).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark against its peer (see docs/benchmarks.md).",
        subcommands: [BenchRescoreCommand.self, BenchScanCommand.self, BenchKMCommand.self, BenchStoreCommand.self]
    )
}
