import ArgumentParser
import Foundation
import NadirStore

/// `nadir audit …`: read and verify the tamper-evident audit trail.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit trail or verify its hash chain.",
        subcommands: [AuditLogCommand.self, AuditVerifyCommand.self])
}

struct AuditLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "The audit trail, oldest first (study admins and monitors).")
    @OptionGroup var store: StoreOptions
    @Option(help: "Only this entity type (read, measurement, adjudication, …).") var entity: String?
    @Option(help: "Only this entity id.") var id: String?
    @Option(help: "At most this many entries.") var limit: Int?

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let entries = try storeCall { () throws(StoreError) in try s.auditLog(by: actor, entity: entity, entityId: id, limit: limit) }
        for e in entries {
            var line = "\(e.seq)\t\(e.at)\t\(e.userId)\t\(e.action)\t\(e.entity) \(e.entityId)"
            if let r = e.reason { line += "\twhy: \(r)" }
            if let b = e.before { line += "\tbefore: \(b)" }
            if let a = e.after { line += "\tafter: \(a)" }
            print(line)
        }
    }
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-compute the hash chain; exit status 1 if any entry or measurement was altered or deleted.")
    @Option(name: .customLong("db"), help: ArgumentHelp("The study database (default: $NADIR_DB, else nadir.sqlite).", valueName: "PATH"))
    var db: String?
    @Option(name: .customLong("expect-head"), help: "The head hash recorded earlier outside the database (detects a removed tail).")
    var expectHead: String?

    func run() throws {
        let path = db ?? ProcessInfo.processInfo.environment["NADIR_DB"] ?? "nadir.sqlite"
        let s = try storeCall { () throws(StoreError) in try ReadingStore.open(path: path, clock: .system) }
        let v = try storeCall { () throws(StoreError) in try s.verifyAudit(expectedHead: expectHead) }
        for p in v.problems { print("TAMPERED: \(p)") }
        print("\(v.entries) entries, head \(v.headHash): \(v.summary)")
        if !v.isIntact { throw ExitCode.failure }
    }
}
