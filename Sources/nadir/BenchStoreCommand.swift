import ArgumentParser
import Foundation
import NadirSDTM
import NadirStore

/// `nadir bench store`: the reading store against the pure CSV path (docs/benchmarks-store.md).
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark the reading store: SDTM import + committee re-score vs `nadir rescore`; p99 of one audited measurement.")

    func run() throws {
        print("not yet implemented")
    }
}
