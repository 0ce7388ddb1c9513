import ArgumentParser
import Foundation
import NadirStore

/// `nadir adjudicate …`: the adjudicator's queue, decisions, and reader agreement.
struct AdjudicateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjudicate",
        abstract: "List adjudication tasks, decide one (reader 1 or 2, with a rationale), report reader agreement.",
        subcommands: [AdjudicateListCommand.self, AdjudicateDecideCommand.self, AdjudicateAgreementCommand.self],
        defaultSubcommand: AdjudicateListCommand.self)
}

struct AdjudicateListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Adjudication tasks (open ones by default).")
    @OptionGroup var store: StoreOptions
    @Flag(help: "All tasks, not only open ones.") var all = false

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let list = try storeCall { () throws(StoreError) in try s.adjudications(viewer: actor, status: all ? nil : .open) }
        for a in list {
            var line = "\(a.id)\t\(a.subjectID)\tthrough visit \(a.throughVisit)\t\(a.status.rawValue)\t\(a.differences)"
            if let slot = a.chosenSlot { line += "\treader \(slot) chosen by \(a.adjudicatorID ?? "?"): \(a.rationale ?? "")" }
            print(line)
        }
    }
}

struct AdjudicateDecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decide", abstract: "Choose reader 1 or reader 2 for a task, with a rationale.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Adjudication id.") var id: Int64
    @Option(help: "1 or 2: the reader whose assessment becomes the committee result.") var choose: Int
    @Option(help: "Why (audited).") var rationale: String

    func validate() throws {
        guard choose == 1 || choose == 2 else { throw ValidationError("--choose must be 1 or 2") }
    }

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let a = try storeCall { () throws(StoreError) in try s.adjudicate(id, choose: choose, rationale: rationale, by: actor) }
        print("adjudication \(a.id) (\(a.subjectID)): reader \(choose) chosen")
    }
}

struct AdjudicateAgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Reader 1 vs reader 2: percent agreement and Cohen's kappa on timepoint responses and BOR.")
    @OptionGroup var store: StoreOptions

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let a = try storeCall { () throws(StoreError) in try s.agreement(by: actor) }
        func line(_ name: String, _ x: AgreementStatistic) -> String {
            let p = x.percentAgreement.map { String(format: "%.1f %%", $0) } ?? "n/a"
            let k = x.kappa.map { String(format: "%.3f", $0) } ?? "n/a"
            return "\(name)\tn = \(x.n)\tagreement \(p)\tCohen's kappa \(k)"
        }
        print(line("timepoint overall response", a.timepointResponse))
        print(line("best overall response", a.bestOverallResponse))
    }
}
