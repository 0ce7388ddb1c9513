import ArgumentParser
import Foundation
import NadirStats

/// `nadir stats …`: trial-endpoint statistics (see docs/statistics.md). Each subcommand parses,
/// calls NadirStats and prints; the rendering lives in the library too.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Kaplan–Meier with log-rank, exact binomial inference, Simon two-stage designs.",
        subcommands: [KMCommand.self, BinomialCommand.self, SimonCommand.self]
    )
}

enum StatsOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, table
}

/// Writes bytes to standard output in one call (the KM JSON can be tens of megabytes).
func writeStandardOutput(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { p in
        var offset = 0
        while offset < p.count {
            let n = write(1, p.baseAddress! + offset, p.count - offset)
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }
}

/// A library error shown as the message the user needs (file, line, column), exit code 1.
struct StatsFailure: Error, CustomStringConvertible {
    let description: String
}

extension StatsCommand {
    struct KMCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "km",
            abstract: "Kaplan–Meier curves (Greenwood SE), median with Brookmeyer–Crowley CI, log-rank test.",
            discussion: "Matches R survfit/survdiff. std_err is the Greenwood SE of S(t), not R's SE of the cumulative hazard."
        )

        @Argument(help: "CSV file with a header row.")
        var file: String

        @Option(help: "Column with the follow-up time (≥ 0).")
        var time: String

        @Option(help: "Column with the event indicator: 1 = event, 0 = censored.")
        var event: String

        @Option(help: "Column with the group (arm); one curve per group plus the log-rank test.")
        var group: String?

        @Option(name: .customLong("conf-type"), help: "Pointwise CI: log-log (default), log or plain.")
        var confType: String = SurvivalConfidenceType.logLog.rawValue

        @Option(name: .customLong("conf-level"), help: "Confidence level.")
        var confLevel: Double = 0.95

        @Option(help: "json or table.")
        var format: StatsOutputFormat = .table

        func validate() throws {
            guard SurvivalConfidenceType(rawValue: confType) != nil else {
                throw ValidationError("--conf-type must be log-log, log or plain (got '\(confType)')")
            }
            guard confLevel > 0, confLevel < 1 else { throw ValidationError("--conf-level must be between 0 and 1, e.g. 0.95") }
        }

        func run() async throws {
            let type = SurvivalConfidenceType(rawValue: confType) ?? .logLog
            do {
                let data = try SurvivalCSV.read(path: file, time: time, event: event, group: group)
                let analysis = try KaplanMeier.analyse(data, confidenceType: type, confidenceLevel: confLevel)
                switch format {
                case .json: writeStandardOutput(StatsJSON.render(analysis))
                case .table: writeStandardOutput(Array(StatsTable.render(analysis).utf8))
                }
            } catch let e as SurvivalCSVError {
                throw StatsFailure(description: e.description)
            } catch let e as SurvivalDataError {
                throw StatsFailure(description: "\(file): \(e.description)")
            }
        }
    }

    struct BinomialCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "binomial",
            abstract: "Exact Clopper–Pearson CI and one-sided exact test P(X ≥ x | p0)."
        )

        @Option(help: "Number of responders x.")
        var successes: Int

        @Option(help: "Number of subjects n.")
        var n: Int

        @Option(help: "Historical rate p0 for the one-sided test (H1: p > p0).")
        var p0: Double?

        @Option(name: .customLong("conf-level"), help: "Confidence level of the two-sided interval.")
        var confLevel: Double = 0.95

        @Option(help: "json or table.")
        var format: StatsOutputFormat = .table

        func validate() throws {
            guard n >= 1 else { throw ValidationError("--n must be at least 1") }
            guard successes >= 0, successes <= n else {
                throw ValidationError("--successes must be between 0 and --n (got \(successes) of \(n))")
            }
            if let p0, !(p0 > 0 && p0 < 1) { throw ValidationError("--p0 must be strictly between 0 and 1, e.g. 0.2") }
            guard confLevel > 0, confLevel < 1 else { throw ValidationError("--conf-level must be between 0 and 1, e.g. 0.95") }
        }

        func run() async throws {
            let result = try ExactBinomial.inference(successes: successes, trials: n, p0: p0, confidenceLevel: confLevel)
            switch format {
            case .json: writeStandardOutput(StatsJSON.render(result))
            case .table: writeStandardOutput(Array(StatsTable.render(result).utf8))
            }
        }
    }

    struct SimonCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simon",
            abstract: "Simon (1989) optimal and minimax two-stage designs."
        )

        @Option(help: "Unacceptable (null) response rate p0.")
        var p0: Double

        @Option(help: "Desirable response rate p1 > p0.")
        var p1: Double

        @Option(help: "Type I error α, e.g. 0.05.")
        var alpha: Double

        @Option(help: "Power 1 − β, e.g. 0.8 (not β).")
        var power: Double

        @Option(name: .customLong("max-n"), help: "Largest total sample size searched.")
        var maxN: Int = 100

        @Option(help: "json or table.")
        var format: StatsOutputFormat = .table

        func validate() throws {
            guard p0 > 0, p1 < 1, p0 < p1 else { throw ValidationError("need 0 < --p0 < --p1 < 1") }
            guard alpha > 0, alpha < 0.5 else { throw ValidationError("--alpha must be between 0 and 0.5, e.g. 0.05") }
            // A power below one half is almost certainly β typed where 1 − β was meant.
            guard power > 0.5, power < 1 else {
                throw ValidationError("--power is 1 − β and must be between 0.5 and 1; for β = \(power) type --power \(1 - power)")
            }
            guard maxN >= 2, maxN <= 1000 else { throw ValidationError("--max-n must be between 2 and 1000") }
        }

        func run() async throws {
            do {
                let designs = try SimonTwoStage.designs(p0: p0, p1: p1, alpha: alpha, power: power, maximumSampleSize: maxN)
                switch format {
                case .json: writeStandardOutput(StatsJSON.render(designs))
                case .table: writeStandardOutput(Array(StatsTable.render(designs).utf8))
                }
            } catch let e as SimonDesignError {
                throw StatsFailure(description: e.description)
            }
        }
    }
}
