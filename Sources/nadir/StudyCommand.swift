import ArgumentParser
import Foundation
import NadirStore
#if canImport(Glibc)
import Glibc
#endif

/// Options shared by every command that works on the study database.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The study database (default: $NADIR_DB, else nadir.sqlite in the working directory).", valueName: "PATH"))
    var db: String?

    @Option(name: .customLong("user"), help: ArgumentHelp("Who is acting (default: $NADIR_USER). Every change is audited under this id.", valueName: "ID"))
    var user: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["NADIR_DB"] ?? "nadir.sqlite" }

    func actor() throws -> String {
        if let user, !user.isEmpty { return user }
        if let u = ProcessInfo.processInfo.environment["NADIR_USER"], !u.isEmpty { return u }
        throw ValidationError("say who is acting: --user ID or NADIR_USER")
    }

    func open() throws -> ReadingStore {
        try storeCall { () throws(StoreError) in try ReadingStore.open(path: path, clock: .system) }
    }
}

/// Runs a store call; a refused or failed call prints its message (which names the rule) and
/// exits with status 1, so scripts can stop on it.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        FileHandle.standardError.write(Data(("error: " + error.description + "\n").utf8))
        throw ExitCode.failure
    }
}

/// `nadir study …`: create the study database and manage its users.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Create a study database and manage its users and sites (see docs/reading-workflow.md).",
        subcommands: [StudyInitCommand.self, StudyAddUserCommand.self, StudyUsersCommand.self, StudyAddSiteCommand.self])
}

struct StudyInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new study database (never overwrites) with its first study admin.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("id"), help: "Study identifier (STUDYID).") var studyID: String
    @Option(name: .customLong("name"), help: "Study title.") var name: String?
    @Option(name: .customLong("admin"), help: "User id of the first study admin.") var admin: String
    @Option(name: .customLong("admin-name"), help: "The admin's full name.") var adminName: String?

    func run() throws {
        let path = store.path
        _ = try storeCall { () throws(StoreError) in
            try ReadingStore.create(path: path, studyID: studyID, studyName: name ?? studyID, admin: admin,
                                    adminName: adminName ?? admin, clock: .system)
        }
        print("created \(path): study \(studyID), study admin \(admin)")
    }
}

struct StudyAddUserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add-user", abstract: "Add a user with a role (study admins only).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The new user's id.") var id: String
    @Option(help: "Full name.") var name: String?
    @Option(help: "reader, adjudicator, study-admin or monitor.") var role: String

    func validate() throws {
        guard Role(rawValue: role) != nil else {
            throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(role)')")
        }
    }

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let r = Role(rawValue: role) ?? .reader
        try storeCall { () throws(StoreError) in try s.addUser(id: id, name: name ?? id, role: r, by: actor) }
        print("added \(id) (\(r.rawValue))")
    }
}

struct StudyAddSiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add-site", abstract: "Add an investigator site (study admins only).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Site id.") var id: String
    @Option(help: "Site name.") var name: String?

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        try storeCall { () throws(StoreError) in try s.addSite(id: id, name: name ?? id, by: actor) }
        print("added site \(id)")
    }
}

struct StudyUsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "List users and roles.")
    @OptionGroup var store: StoreOptions

    func run() throws {
        let s = try store.open()
        for u in try storeCall({ () throws(StoreError) in try s.users() }) { print("\(u.id)\t\(u.role.rawValue)\t\(u.name)") }
    }
}
