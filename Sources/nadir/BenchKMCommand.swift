import ArgumentParser

// Placeholder: replaced by the issue that builds `nadir km`.
struct BenchKMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "km", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("'km' is not built yet") }
}
