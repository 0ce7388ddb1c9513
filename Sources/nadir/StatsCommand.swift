import ArgumentParser

// Placeholder: replaced by the issue that builds `nadir stats`.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("'stats' is not built yet") }
}
