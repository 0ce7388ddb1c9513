import ArgumentParser
import Foundation
import NadirCore
import NadirStore

/// `nadir read …`: the blinded read lifecycle (assign → measure → submit; re-open by a study admin).
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Assign, measure, submit and re-open blinded reads (see docs/reading-workflow.md).",
        subcommands: [ReadAssignCommand.self, ReadListCommand.self, ReadShowCommand.self, ReadMeasureCommand.self,
                      ReadSubmitCommand.self, ReadReopenCommand.self])
}

func describe(_ r: ReadInfo) -> String {
    "\(r.id)\t\(r.subjectID)\tvisit \(r.visit)\t\(r.date)\t\(r.readerID)\treader \(r.slot)\t\(r.status.rawValue)"
}

struct ReadAssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign a reader to a subject's timepoint (study admins).")
    @OptionGroup var store: StoreOptions
    @Option(help: "Subject (USUBJID).") var subject: String
    @Option(help: "Visit number (0 = baseline).") var visit: Int
    @Option(help: "Assessment date YYYY-MM-DD, when the timepoint is not yet in the store.") var date: String?
    @Option(help: "The reader.") var reader: String
    @Flag(name: .shortAndLong, help: "Print only the read id.") var quiet = false

    func validate() throws {
        if let date, CalendarDate(iso8601: date) == nil { throw ValidationError("--date must be YYYY-MM-DD (got '\(date)')") }
        guard visit >= 0 else { throw ValidationError("--visit must be 0 (baseline) or more") }
    }

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let d = date.flatMap { CalendarDate(iso8601: $0) }
        let r = try storeCall { () throws(StoreError) in try s.assign(subject: subject, visit: visit, date: d, reader: reader, by: actor) }
        print(quiet ? String(r.id) : describe(r))
    }
}

struct ReadListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the reads you may see (blinded for readers).")
    @OptionGroup var store: StoreOptions
    @Option(help: "Only this subject.") var subject: String?

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        for r in try storeCall({ () throws(StoreError) in try s.reads(visibleTo: actor, subject: subject) }) { print(describe(r)) }
    }
}

struct ReadShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a read's measurements (if blinding allows).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Read id.") var read: Int64
    @Flag(help: "Every version, not only the current one.") var history = false

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let ms = try storeCall { () throws(StoreError) in try s.measurements(read: read, viewer: actor, includeHistory: history) }
        for m in ms {
            var line = "\(m.fragment.map { "\(m.lesionID)/\($0)" } ?? m.lesionID)\tv\(m.version)\t\(m.kind.rawValue)\t\(m.value.map { "\($0) mm" } ?? m.state ?? "")"
            if let i = m.image { line += "\t\(i.seriesInstanceUID)" + (i.sopInstanceUID.map { "/\($0)" } ?? "") + (i.frame.map { "#\($0)" } ?? "") }
            if let c = m.caliper { line += "\t(\(c.x1),\(c.y1))-(\(c.x2),\(c.y2))" }
            if let reason = m.reason { line += "\treason: \(reason)" }
            print(line)
        }
    }
}

struct ReadMeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Record a measurement on your own open read; a second one of the same lesion is a correction (needs --reason).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Read id.") var read: Int64
    @Option(help: "Lesion id (TULNKID).") var lesion: String
    @Option(help: "LD (longest diameter), SA (short axis) or STATE.") var kind: String
    @Option(help: "Diameter in mm.") var value: Double?
    @Option(help: "TOO SMALL TO MEASURE, NOT EVALUABLE, MERGED (targets); PRESENT, ABSENT, UNEQUIVOCAL PROGRESSION, NOT EVALUABLE, EQUIVOCAL (others).")
    var state: String?
    @Option(name: .customLong("merged-into"), help: "For MERGED: the target it coalesced into.") var mergedInto: String?
    @Option(help: "SeriesInstanceUID the measurement was made on.") var series: String?
    @Option(help: "SOPInstanceUID of the image.") var sop: String?
    @Option(help: "Frame number (multi-frame images).") var frame: Int?
    @Option(help: ArgumentHelp("Caliper end points in image pixels: x1,y1,x2,y2.", valueName: "x1,y1,x2,y2")) var points: String?
    @Option(help: "First use of the lesion: TARGET, NON-TARGET or NEW.") var role: String?
    @Option(help: "First use of the lesion: organ or site (TULOC).") var site: String?
    @Flag(help: "First use of the lesion: a lymph node.") var nodal = false
    @Option(help: "Why this corrects an earlier measurement.") var reason: String?

    func validate() throws {
        guard MeasurementKind(rawValue: kind.uppercased()) != nil else { throw ValidationError("--kind must be LD, SA or STATE (got '\(kind)')") }
        guard (value == nil) != (state == nil) else { throw ValidationError("give exactly one of --value and --state") }
        if let value, Length(millimetres: value) == nil { throw ValidationError("--value must be a finite number of mm") }
        if let points, caliper(points) == nil { throw ValidationError("--points must be four numbers x1,y1,x2,y2 (got '\(points)')") }
        if let role, LesionRole(rawValue: role.uppercased()) == nil { throw ValidationError("--role must be TARGET, NON-TARGET or NEW") }
        if (sop != nil || points != nil || frame != nil) && series == nil { throw ValidationError("--sop, --frame and --points need --series") }
    }

    func caliper(_ text: String) -> Caliper? {
        let v = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4 else { return nil }
        return Caliper(x1: v[0], y1: v[1], x2: v[2], y2: v[3])
    }

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        var input = MeasurementInput(lesionID: lesion, kind: MeasurementKind(rawValue: kind.uppercased()) ?? .state,
                                     value: value.flatMap { Length(millimetres: $0) }, state: state?.uppercased(), mergedInto: mergedInto)
        if let series { input.image = ImageReference(seriesInstanceUID: series, sopInstanceUID: sop, frame: frame) }
        input.caliper = points.flatMap(caliper)
        if let role, let r = LesionRole(rawValue: role.uppercased()) {
            input.definition = LesionDefinition(role: r, site: site ?? "", isNodal: nodal)
        }
        let m = try storeCall { () throws(StoreError) in try s.record(input, read: read, by: actor, reason: reason) }
        print("measurement \(m.id): \(m.lesionID) v\(m.version) \(m.value.map { "\($0) mm" } ?? m.state ?? "")")
    }
}

struct ReadSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Submit your read: runs RECIST baseline validation, then locks it.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Read id.") var read: Int64

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let o = try storeCall { () throws(StoreError) in try s.submit(read: read, by: actor) }
        print("read \(o.read.id) \(o.read.status.rawValue)" + (o.timepointLocked ? "; both reads of the timepoint are locked" : "")
              + (o.adjudicationID.map { "; readers disagree: adjudication \($0) opened" } ?? ""))
    }
}

struct ReadReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Re-open a submitted read (study admins, with a reason).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Read id.") var read: Int64
    @Option(help: "Why the read is re-opened (audited).") var reason: String

    func run() throws {
        let s = try store.open(), actor = try store.actor()
        let r = try storeCall { () throws(StoreError) in try s.reopen(read: read, reason: reason, by: actor) }
        print("read \(r.id) \(r.status.rawValue)")
    }
}
