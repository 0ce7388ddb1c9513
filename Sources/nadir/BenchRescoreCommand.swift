import ArgumentParser

// Placeholder: replaced by the issue that builds `nadir rescore`.
struct BenchRescoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rescore", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("'rescore' is not built yet") }
}
