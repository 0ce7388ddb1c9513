import ArgumentParser

// Placeholder: replaced by the issue that builds `nadir render`.
struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("'render' is not built yet") }
}
