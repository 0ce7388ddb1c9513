import ArgumentParser

// Placeholder: replaced by the issue that builds `nadir samples`.
struct SamplesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "samples", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("'samples' is not built yet") }
}
