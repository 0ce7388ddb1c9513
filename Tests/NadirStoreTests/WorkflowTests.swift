import Foundation
import NadirCore
import NadirDICOM
import Testing
@testable import NadirStore

/// The blinded double-read workflow on NADIR-001 of SampleScans (5 mm slices, 128 × 128
/// images, 1.953125 mm pixels): roles, blinding, locking, plausibility, baseline validation at
/// submit, adjudication and the committee result.
@Suite("reading workflow")
struct WorkflowTests {
    static let s0 = StudyFixture.baselineSeries, s1 = StudyFixture.week8Series

    /// Both readers' baselines: alice 32 + 18 = 50 mm, bob 31 + 19 = 50 mm.
    static func baselines(_ f: StudyFixture) throws -> (alice: Int64, bob: Int64) {
        let a = try f.read("NADIR-001", visit: 0, date: "2024-01-15", reader: "alice",
                           [StudyFixture.target("T01", 32, series: s0), StudyFixture.target("T02", 18, nodal: true, site: "LYMPH NODE", series: s0)])
        let b = try f.read("NADIR-001", visit: 0, date: "2024-01-15", reader: "bob",
                           [StudyFixture.target("T01", 31, series: s0), StudyFixture.target("T02", 19, nodal: true, site: "LYMPH NODE", series: s0)])
        return (a, b)
    }

    static func follow(_ id: String, _ mm: Int64, nodal: Bool = false) -> MeasurementInput {
        MeasurementInput(lesionID: id, kind: nodal ? .shortAxis : .longestDiameter, value: .mm(mm), image: ImageReference(seriesInstanceUID: s1))
    }

    @Test("blinding: a reader sees only their own read until both reads of the timepoint are submitted")
    func blinding() async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let a = try f.read("NADIR-001", visit: 0, date: "2024-01-15", reader: "alice",
                           [StudyFixture.target("T01", 32, series: Self.s0), StudyFixture.target("T02", 18, nodal: true, site: "LYMPH NODE", series: Self.s0)])
        let b = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "bob", by: "admin")
        #expect(b.slot == 2)
        #expect(try f.store.reads(visibleTo: "bob").map(\.id) == [b.id])
        #expect(throws: StoreError.forbidden(user: "bob", role: .reader, action: "see read \(a) of alice", rule: WorkflowRule.blinding)) {
            try f.store.measurements(read: a, viewer: "bob")
        }
        // Adjudicators see locked reads only.
        #expect(try f.store.reads(visibleTo: "carol").isEmpty)
        try f.store.record(StudyFixture.target("T01", 31, series: Self.s0), read: b.id, by: "bob")
        try f.store.record(StudyFixture.target("T02", 19, nodal: true, site: "LYMPH NODE", series: Self.s0), read: b.id, by: "bob")
        let outcome = try f.store.submit(read: b.id, by: "bob")
        #expect(outcome.timepointLocked && outcome.read.status == .locked)
        #expect(try f.store.measurements(read: a, viewer: "bob").map(\.value) == [.mm(32), .mm(18)])
        #expect(try f.store.reads(visibleTo: "alice").count == 2)
        #expect(try f.store.reads(visibleTo: "carol").count == 2)
        // Re-opening brings blinding back for the re-opened timepoint.
        try f.store.reopen(read: a, reason: "T02 measured on the wrong node", by: "admin")
        #expect(try f.store.reads(visibleTo: "bob").map(\.id) == [b.id])
        #expect(try f.store.reads(visibleTo: "bob").first?.status == .submitted)
    }

    enum Forbidden: String, CaseIterable, Sendable {
        case readerRecordsOnOthersRead, monitorRecords, readerAssigns, readerReopens, adjudicatorReopens, readerSubmitsOthersRead,
             readerAddsUser, adjudicatorReadsAudit, readerExports, readerAdjudicates, adminAdjudicates, readerImportsScans, unknownUser
    }

    /// Each forbidden request gets a typed error naming the rule.
    @Test(arguments: Forbidden.allCases)
    func roles(_ request: Forbidden) async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let (a, _) = try Self.baselines(f)
        let open = try f.store.assign(subject: "NADIR-001", visit: 1, reader: "alice", by: "admin").id
        var week8 = Self.follow("T01", 20); week8.image = nil
        let scan = await DirectoryScanner.scan(files: [], jobs: 1)
        let result: Result<Void, StoreError>
        func attempt(_ body: () throws(StoreError) -> Void) -> Result<Void, StoreError> {
            do { try body(); return .success(()) } catch { return .failure(error) }
        }
        switch request {
        case .readerRecordsOnOthersRead: result = attempt { () throws(StoreError) in _ = try f.store.record(week8, read: open, by: "bob") }
        case .monitorRecords: result = attempt { () throws(StoreError) in _ = try f.store.record(week8, read: open, by: "mon") }
        case .readerAssigns: result = attempt { () throws(StoreError) in _ = try f.store.assign(subject: "NADIR-001", visit: 2, reader: "bob", by: "alice") }
        case .readerReopens: result = attempt { () throws(StoreError) in _ = try f.store.reopen(read: a, reason: "typo", by: "alice") }
        case .adjudicatorReopens: result = attempt { () throws(StoreError) in _ = try f.store.reopen(read: a, reason: "typo", by: "carol") }
        case .readerSubmitsOthersRead: result = attempt { () throws(StoreError) in _ = try f.store.submit(read: open, by: "bob") }
        case .readerAddsUser: result = attempt { () throws(StoreError) in try f.store.addUser(id: "eve", name: "Eve", role: .studyAdmin, by: "alice") }
        case .adjudicatorReadsAudit: result = attempt { () throws(StoreError) in _ = try f.store.auditLog(by: "carol") }
        case .readerExports: result = attempt { () throws(StoreError) in _ = try f.store.exportSDTM(directory: f.directory + "/x", by: "alice") }
        case .readerAdjudicates: result = attempt { () throws(StoreError) in _ = try f.store.adjudications(viewer: "alice") }
        case .adminAdjudicates: result = attempt { () throws(StoreError) in _ = try f.store.adjudicate(1, choose: 1, rationale: "x", by: "admin") }
        case .readerImportsScans: result = attempt { () throws(StoreError) in _ = try f.store.importScans(scan, by: "bob") }
        case .unknownUser: result = attempt { () throws(StoreError) in _ = try f.store.reads(visibleTo: "mallory") }
        }
        guard case .failure(let error) = result else { Issue.record("\(request) was allowed"); return }
        switch (request, error) {
        case (.unknownUser, .unknownUser("mallory")): break
        case (.readerRecordsOnOthersRead, .forbidden(_, _, _, let rule)), (.readerSubmitsOthersRead, .forbidden(_, _, _, let rule)):
            #expect(rule == WorkflowRule.ownRead)
        case (.readerReopens, .forbidden(_, _, _, let rule)), (.adjudicatorReopens, .forbidden(_, _, _, let rule)):
            #expect(rule == WorkflowRule.lockedRead)
        case (_, .forbidden(_, _, _, let rule)):
            #expect(rule.hasPrefix(WorkflowRule.role))
        default:
            Issue.record("unexpected error for \(request): \(error)")
        }
        if request != .unknownUser { #expect(error.description.contains("[")) }  // the message names the rule
    }

    /// Plausibility and measurability of one measurement on the baseline read (5 mm slices).
    @Test(arguments: [
        ("zero diameter at baseline", StudyFixture.target("T01", 0, series: s0), WorkflowRule.positive),
        ("negative diameter", MeasurementInput(lesionID: "T01", kind: .longestDiameter, value: Length(micrometres: -3000),
                                               definition: LesionDefinition(role: .target, site: "LUNG", isNodal: false)), WorkflowRule.positive),
        ("series of another timepoint", StudyFixture.target("T01", 32, series: s1), WorkflowRule.seriesOfTimepoint),
        ("series not in the study", StudyFixture.target("T01", 32, series: "1.2.3"), WorkflowRule.seriesOfTimepoint),
        ("caliper outside the image", { var m = StudyFixture.target("T01", 32, series: s0); m.caliper = Caliper(x1: 100, y1: 50, x2: 140, y2: 50); return m }(), WorkflowRule.withinImage),
        ("caliper length disagrees", { var m = StudyFixture.target("T01", 40, series: s0); m.caliper = Caliper(x1: 24.8, y1: 59.5, x2: 41.2, y2: 59.5); return m }(), WorkflowRule.caliperLength),
        ("SOP instance of another series", { var m = StudyFixture.target("T01", 32, series: s0); m.image?.sopInstanceUID = StudyFixture.uidRoot + ".3.1.2.4"; return m }(), WorkflowRule.instanceOfSeries),
        ("frame beyond a single-frame image", { var m = StudyFixture.target("T01", 32, series: s0); m.image?.sopInstanceUID = StudyFixture.t01Baseline; m.image?.frame = 2; return m }(), WorkflowRule.instanceOfSeries),
        ("non-nodal target below 10 mm (RECIST 1.1 §3.1.1)", StudyFixture.target("T01", 8, series: s0), WorkflowRule.measurable),
        ("short axis for a non-nodal target", { var m = StudyFixture.target("T01", 32, series: s0); m.kind = .shortAxis; return m }(), WorkflowRule.kindMatchesLesion),
        ("state for a target", MeasurementInput(lesionID: "T01", kind: .state, state: "PRESENT",
                                                definition: LesionDefinition(role: .target, site: "LUNG", isNodal: false)), WorkflowRule.kindMatchesLesion),
    ])
    func plausibility(_ name: String, _ input: MeasurementInput, _ rule: String) async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let r = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "alice", by: "admin")
        do {
            try f.store.record(input, read: r.id, by: "alice")
            Issue.record("\(name): accepted")
        } catch {
            guard case .implausible(let lesion, let got, _) = error else { Issue.record("\(name): \(error)"); return }
            #expect(got == rule, "\(name)")
            #expect(lesion.hasPrefix("T01"))
        }
        // A plausible measurement with calipers on the right image is accepted: 16.4 px × 1.953125 mm = 32.03 mm.
        var good = StudyFixture.target("T01", 32, series: Self.s0)
        good.image?.sopInstanceUID = StudyFixture.t01Baseline
        good.caliper = Caliper(x1: 24.8, y1: 59.5, x2: 41.2, y2: 59.5)
        #expect(try f.store.record(good, read: r.id, by: "alice").version == 1)
    }

    /// RECIST baseline validation runs at submit; errors name lesion and rule; the read stays open.
    @Test(arguments: [
        ("three targets in one organ", [StudyFixture.target("T01", 32), StudyFixture.target("T02", 20), StudyFixture.target("T03", 15)], "T03", Rules.maxPerOrgan),
        ("nodal target below 15 mm", [StudyFixture.target("T01", 32), StudyFixture.target("T02", 12, nodal: true, site: "LYMPH NODE")], "T02", Rules.nodalMinimum),
        ("non-target absent at baseline", [StudyFixture.target("T01", 32),
                                           MeasurementInput(lesionID: "NT01", kind: .state, state: "ABSENT",
                                                            definition: LesionDefinition(role: .nonTarget, site: "BONE", isNodal: false))],
         "NT01", Rules.nonTargetAtBaseline),
    ])
    func baselineValidationAtSubmit(_ name: String, _ inputs: [MeasurementInput], _ lesion: String, _ rule: String) async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let id = try f.read("NADIR-001", visit: 0, date: "2024-01-15", reader: "alice", inputs, submit: false)
        do {
            try f.store.submit(read: id, by: "alice")
            Issue.record("\(name): submitted")
        } catch {
            guard case .baseline(let v) = error else { Issue.record("\(error)"); return }
            #expect(v.contains { $0.lesionID == lesion && $0.rule == rule }, "\(name): \(v)")
        }
        #expect(try f.store.reads(visibleTo: "alice").first?.status == .inProgress)
    }

    @Test("a submitted read is locked; corrections are new versions with a reason; rows are append-only")
    func lockingAndCorrections() async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        let r = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "alice", by: "admin").id
        try f.store.record(StudyFixture.target("T01", 32, series: Self.s0), read: r, by: "alice")
        #expect(throws: StoreError.self) { try f.store.record(StudyFixture.target("T01", 33, series: Self.s0), read: r, by: "alice") }
        let v2 = try f.store.record(StudyFixture.target("T01", 33, series: Self.s0), read: r, by: "alice", reason: "re-measured on the centre slice")
        #expect(v2.version == 2 && v2.reason == "re-measured on the centre slice")
        #expect(try f.store.measurements(read: r, viewer: "alice", includeHistory: true).map(\.version) == [1, 2])
        #expect(try f.store.measurements(read: r, viewer: "alice").map(\.value) == [.mm(33)])
        try f.store.submit(read: r, by: "alice")
        do {
            try f.store.record(StudyFixture.target("T01", 34, series: Self.s0), read: r, by: "alice", reason: "again")
            Issue.record("recorded on a submitted read")
        } catch {
            guard case .workflow(let rule, _) = error else { Issue.record("\(error)"); return }
            #expect(rule == WorkflowRule.lockedRead)
        }
        #expect(throws: StoreError.self) { try f.store.submit(read: r, by: "alice") }
        // Even raw SQL through Nadir's own connection cannot rewrite a measurement.
        let update = try f.sqlite("UPDATE measurement SET value = 1 WHERE id = 1")
        #expect(update.status != 0 && update.output.contains("append-only"))
        let delete = try f.sqlite("DELETE FROM audit WHERE seq = 1")
        #expect(delete.status != 0 && delete.output.contains("append-only"))
        // Re-open by the admin with a reason; the reader corrects and submits again.
        try f.store.reopen(read: r, reason: "query from the sponsor on T01", by: "admin")
        try f.store.record(StudyFixture.target("T01", 34, series: Self.s0), read: r, by: "alice", reason: "sponsor query")
        #expect(try f.store.submit(read: r, by: "alice").read.status == .submitted)
        let log = try f.store.auditLog(by: "mon", entity: "read", entityId: String(r))
        #expect(log.map(\.action) == ["assign", "start", "submit", "reopen", "submit"])
        #expect(log[3].reason == "query from the sponsor on T01")
    }

    @Test("disagreement opens an adjudication; the adjudicator's choice becomes the committee result")
    func adjudicationFlow() async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        _ = try Self.baselines(f)
        // Week 8: alice 20 + 10 = 30 mm (−40 %: PR); bob 30 + 17 = 47 mm (−6 %: SD).
        try f.read("NADIR-001", visit: 1, date: "2024-03-11", reader: "alice", [Self.follow("T01", 20), Self.follow("T02", 10, nodal: true)])
        #expect(try f.store.adjudications(viewer: "carol").isEmpty)
        let b = try f.store.assign(subject: "NADIR-001", visit: 1, reader: "bob", by: "admin").id
        try f.store.record(Self.follow("T01", 30), read: b, by: "bob")
        try f.store.record(Self.follow("T02", 17, nodal: true), read: b, by: "bob")
        let outcome = try f.store.submit(read: b, by: "bob")
        let task = try #require(outcome.adjudicationID)
        let open = try f.store.adjudications(viewer: "carol", status: .open)
        #expect(open.map(\.id) == [task])
        #expect(open[0].differences == #"{"bestOverallResponse":null,"timepoints":[[1,"PR","SD"]]}"#)
        var committee = try f.store.committeeResults(by: "carol").first { $0.subjectID == "NADIR-001" }
        #expect(committee?.source == .pending && committee?.committee == nil)
        // Rules of the decision.
        #expect(throws: StoreError.self) { try f.store.adjudicate(task, choose: 1, rationale: "  ", by: "carol") }
        #expect(throws: StoreError.self) { try f.store.adjudicate(task, choose: 3, rationale: "x", by: "carol") }
        #expect(throws: StoreError.self) { try f.store.adjudicate(task, choose: 1, rationale: "x", by: "alice") }
        let decided = try f.store.adjudicate(task, choose: 1, rationale: "Reader 2 measured T02 on a partial-volume slice", by: "carol")
        #expect(decided.status == .decided && decided.chosenSlot == 1)
        #expect(throws: StoreError.self) { try f.store.adjudicate(task, choose: 2, rationale: "changed my mind", by: "carol") }
        committee = try f.store.committeeResults(by: "admin").first { $0.subjectID == "NADIR-001" }
        #expect(committee?.source == .adjudicatedReader1)
        #expect(committee?.committee?.timepoints.map(\.overall) == [.partialResponse])
        #expect(committee?.reader2?.timepoints.map(\.overall) == [.stableDisease])
        // Agreement: one timepoint pair (PR vs SD) and one BOR pair (SD vs SD: the PR is unconfirmed).
        let agreement = try f.store.agreement(by: "mon")
        #expect(agreement.timepointResponse.n == 1 && agreement.timepointResponse.agreements == 0)
        #expect(agreement.bestOverallResponse.n == 1 && agreement.bestOverallResponse.percentAgreement == 100)
        // Committee RS export: reader 1's PR at visit 1.
        let summary = try f.store.exportSDTM(directory: f.directory + "/export", by: "admin")
        #expect(summary.committeeSubjects == 1 && summary.readers == ["alice": 1, "bob": 1])
        let rs = try String(contentsOfFile: f.directory + "/export/committee/RS.csv", encoding: .utf8)
        #expect(rs.contains("NADIR-001,1,2024-03-11,OVRLRESP,PR"))
        let adj = try String(contentsOfFile: f.directory + "/export/committee/ADJ.csv", encoding: .utf8)
        #expect(adj.contains("NADIR-001,adjudicated-reader-1,\(task),carol,Reader 2 measured T02 on a partial-volume slice"))
        #expect(try f.store.verifyAudit().isIntact)
    }

    @Test("a subject has exactly two readers, each in one slot")
    func twoReaders() async throws {
        let f = try await StudyFixture(scans: true); defer { f.remove() }
        try f.store.addUser(id: "dave", name: "Dave", role: .reader, by: "admin")
        _ = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "alice", by: "admin")
        _ = try f.store.assign(subject: "NADIR-001", visit: 0, reader: "bob", by: "admin")
        #expect(throws: StoreError.self) { try f.store.assign(subject: "NADIR-001", visit: 0, reader: "alice", by: "admin") }
        do {
            _ = try f.store.assign(subject: "NADIR-001", visit: 1, reader: "dave", by: "admin")
            Issue.record("third reader accepted")
        } catch {
            guard case .workflow(let rule, _) = error else { Issue.record("\(error)"); return }
            #expect(rule == WorkflowRule.twoReaders)
        }
        #expect(try f.store.assign(subject: "NADIR-001", visit: 1, reader: "bob", by: "admin").slot == 2)
        #expect(throws: StoreError.self) { try f.store.assign(subject: "NADIR-001", visit: 1, reader: "carol", by: "admin") }
    }
}
