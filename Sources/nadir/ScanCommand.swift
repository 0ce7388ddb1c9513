import ArgumentParser

// Placeholder: replaced by the issue that builds `nadir scan`.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("'scan' is not built yet") }
}
