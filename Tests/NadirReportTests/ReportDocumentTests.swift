import Foundation
import Testing
@testable import NadirReport

/// The HTML report: self-contained (no script, no external URL), well-formed, escaped, shows
/// the given numbers, and prints one patient per page.
struct ReportDocumentTests {
    static let hostileIDs = ["<script>alert(\"pwned\")</script>", "A&B 'single' \"double\"", "</td></tr></table><b>x"]

    /// The synthetic model with hostile subject ids and study strings injected everywhere.
    static func hostileModel() throws -> ReportModel {
        var model = SyntheticReportModel.model(thumbnails: try SyntheticReportModel.thumbnails())
        for (i, id) in hostileIDs.enumerated() {
            model.waterfall[i].subjectID = id
            model.spider[i].subjectID = id
            model.swimmer[i].subjectID = id
            model.patients[i].subjectID = id
            model.patients[i].lesions[0].location = "<img src=\"http://evil.example/x.png\">"
        }
        model.study.title = "Study <b>bold</b> & \"quotes\""
        model.adverseEvents?.rows[0] = AdverseEventRow(term: "<script>AE</script>", grade1: 1, grade3: 1)
        model.provenance = "<script src=\"https://evil.example/x.js\"></script>"
        return model
    }

    @Test func noScriptAndNoURLAtAll() throws {
        let html = ReportDocument(model: SyntheticReportModel.model(thumbnails: try SyntheticReportModel.thumbnails())).html()
        #expect(!html.lowercased().contains("<script"))
        // The only URL allowed is the SVG namespace name, which is an identifier, not a fetch.
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            .replacing(/data:image\/png;base64,[A-Za-z0-9+\/=]*/, with: "data:")
        #expect(!withoutNamespace.contains("http://"))
        #expect(!withoutNamespace.contains("https://"))
        #expect(!withoutNamespace.contains("//"), "no protocol-relative URL either")
    }

    /// With URLs planted in the data they appear as escaped text, never as a reference.
    @Test func hostileDataCreatesNoScriptAndNoExternalReference() throws {
        let html = ReportDocument(model: try Self.hostileModel()).html()
        #expect(!html.lowercased().contains("<script"))
        for match in html.matches(of: /url\(([^)]*)\)/) {
            #expect(match.1.hasPrefix("#"), "CSS/SVG url() points inside the page: \(match.0)")
        }
        for element in MarkupInspection.elements(html) {
            for attribute in ["src", "href"] {
                guard let value = element[attribute] else { continue }
                #expect(value.hasPrefix("#") || value.hasPrefix("data:image/png;base64,"), "\(element.name) \(attribute)=\(value.prefix(40))")
            }
        }
        #expect(!html.contains("@import"))
    }

    @Test func wellFormedAndHostileStringsStayText() throws {
        let model = try Self.hostileModel()
        let html = ReportDocument(model: model).html()
        #expect(MarkupInspection.wellFormednessProblems(html) == [])
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<img src=\"http"))
        // Every hostile id is present, escaped, in charts and on its patient page.
        for id in Self.hostileIDs {
            #expect(html.contains(XMLEscaping.escape(id)))
            #expect(MarkupInspection.elements(html, named: "article").contains { $0["data-subject"] == id })
            #expect(MarkupInspection.elements(html, named: "rect", withClass: "bar").contains { $0["data-subject"] == id })
        }
        #expect(MarkupInspection.texts(html, of: "h1") == ["Study <b>bold</b> & \"quotes\""])
    }

    @Test func sectionsPlotsAndOnePagePerPatient() throws {
        let model = SyntheticReportModel.model(thumbnails: try SyntheticReportModel.thumbnails())
        let html = ReportDocument(model: model).html()
        let sectionIDs = MarkupInspection.elements(html, named: "section").compactMap { $0["id"] }
        #expect(sectionIDs == ["study-summary", "endpoints", "waterfall", "spider", "swimmer", "pfs", "os", "adverse-events", "patients"])
        let figures = MarkupInspection.elements(html, named: "figure", withClass: "plot").compactMap { $0["id"] }
        #expect(figures == [ReportDocument.PlotID.waterfall, ReportDocument.PlotID.spider, ReportDocument.PlotID.swimmer,
                            ReportDocument.PlotID.progressionFreeSurvival, ReportDocument.PlotID.overallSurvival])
        // Element ids are unique, including those inside the inlined SVGs (titles, patterns).
        let ids = MarkupInspection.elements(html).compactMap { $0["id"] }
        #expect(Set(ids).count == ids.count)
        let pages = MarkupInspection.elements(html, named: "article", withClass: "patient-page")
        #expect(pages.count == model.patients.count)
        #expect(html.contains("article.patient-page { break-before: page; page-break-before: always;"))
        #expect(html.contains("@media print"))
        #expect(html == ReportDocument(model: model).html(), "deterministic")
    }

    @Test func endpointTableShowsTheGivenNumbers() throws {
        let html = ReportDocument(model: SyntheticReportModel.model()).html()
        let table = try #require(html.components(separatedBy: "<table class=\"endpoint-table\">").dropFirst().first?
            .components(separatedBy: "</table>").first)
        // ORR 9/24 = 37.5 %, CI 17.66–57.78 % given, p = 0.0042 given.
        let orr = try #require(table.components(separatedBy: "<tr>").first { $0.contains("Objective response rate") })
        let cells = MarkupInspection.texts(orr, of: "td")
        #expect(cells.prefix(2) == ["9/24", "37.5"])
        #expect(orr.contains("17.7–57.8"))
        #expect(cells.suffix(2) == ["15.0", "0.004"])
        let local = try #require(table.components(separatedBy: "<tr>").first { $0.contains("Local treatment") })
        #expect(MarkupInspection.texts(local, of: "td").suffix(2) == ["35.0", "0.049"])
        #expect(html.contains("Exact binomial test (one-sided, less)"))
    }

    @Test func adverseEventTablesByWorstGradeAndGradeThreeOrHigher() throws {
        let ae = AdverseEventSummary(numberOfSubjects: 20, rows: [
            AdverseEventRow(term: "Fatigue", grade1: 5, grade2: 3, grade3: 1),
            AdverseEventRow(term: "Rash", grade1: 4),
            AdverseEventRow(term: "Pneumonitis", grade3: 1, grade5: 1),
        ])
        var model = SyntheticReportModel.model()
        model.adverseEvents = ae
        let html = ReportDocument(model: model).html()
        let all = try #require(html.components(separatedBy: "<table class=\"ae-table\">").dropFirst().first?.components(separatedBy: "</table>").first)
        let rowTerms = MarkupInspection.texts(all, of: "th").filter { ["Fatigue", "Rash", "Pneumonitis"].contains($0) }
        #expect(rowTerms == ["Fatigue", "Rash", "Pneumonitis"], "most frequent first")
        let fatigue = try #require(all.components(separatedBy: "<tr>").first { $0.contains("Fatigue") })
        #expect(MarkupInspection.texts(fatigue, of: "td") == ["5", "3", "1", "0", "0", "9 (45.0)", "1 (5.0)"])
        let severe = try #require(html.components(separatedBy: "<table class=\"ae-table ae-severe\">").dropFirst().first?.components(separatedBy: "</table>").first)
        #expect(!severe.contains("Rash"))
        let pneumonitis = try #require(severe.components(separatedBy: "<tr>").first { $0.contains("Pneumonitis") })
        #expect(MarkupInspection.texts(pneumonitis, of: "td") == ["1", "0", "1", "2 (10.0)"])
    }

    @Test func patientPageLesionTableAcrossTimepoints() throws {
        let lesions = [LesionRecord(lesionID: "T01", category: .target, location: "LIVER"),
                       LesionRecord(lesionID: "T02", category: .target, location: "LUNG"),
                       LesionRecord(lesionID: "NT01", category: .nonTarget, location: "BONE")]
        let visits = [
            AssessmentRecord(visit: "Baseline", date: "2025-01-02", lesionResults: ["T01": .diameter(30), "T02": .diameter(20), "NT01": .state("PRESENT")],
                             sumOfDiameters: 50),
            AssessmentRecord(visit: "Week 6", lesionResults: ["T01": .diameter(18), "T02": .notEvaluable, "NT01": .state("PRESENT")],
                             sumOfDiameters: 33, percentChangeFromBaseline: -34, percentChangeFromNadir: -34,
                             targetResponse: .partialResponse, nonTargetResponse: .nonCRNonPD, newLesions: .absent, overallResponse: .partialResponse),
            AssessmentRecord(visit: "Week 12", lesionResults: ["T01": .diameter(25), "T02": .diameter(15)],
                             sumOfDiameters: 40, percentChangeFromBaseline: -20, percentChangeFromNadir: 21.2,
                             targetResponse: .progressiveDisease, newLesions: .present, overallResponse: .progressiveDisease),
        ]
        var model = SyntheticReportModel.model()
        model.patients = [PatientProfile(subjectID: "P-1", bestOverallResponse: .partialResponse, lesions: lesions, assessments: visits)]
        let html = ReportDocument(model: model).html()
        let table = try #require(html.components(separatedBy: "<table class=\"lesion-table\">").dropFirst().first?.components(separatedBy: "</table>").first)
        func row(_ label: String) throws -> [String] {
            let tr = try #require(table.components(separatedBy: "<tr").first { $0.contains(">\(label)</th>") })
            return MarkupInspection.texts(tr, of: "td").map { $0.isEmpty ? $0 : $0 }
        }
        #expect(try row("T01") == ["LIVER", "30.0", "18.0", "25.0"])
        #expect(try row("T02") == ["LUNG", "20.0", "NE", "15.0"])
        #expect(try row("NT01") == ["BONE", "PRESENT", "PRESENT", "—"])
        #expect(try row("Sum of diameters (mm)") == ["", "50.0", "33.0", "40.0"])
        #expect(try row("Change from baseline (%)") == ["", "—", "-34.0", "-20.0"])
        #expect(try row("Change from nadir (%)") == ["", "—", "-34.0", "+21.2"])
        #expect(try row("New lesions") == ["", "—", "No", "Yes"])
        let overall = try #require(table.components(separatedBy: "<tr").first { $0.contains(">Overall response</th>") })
        #expect(MarkupInspection.texts(overall, of: "span") == ["PR", "PD"])
    }

    @Test func longFollowUpSplitsIntoTablesOfSixTimepoints() throws {
        let model = SyntheticReportModel.model()
        let patient = try #require(model.patients.first { $0.assessments.count > 2 * PatientPage.timepointsPerTable })
        let page = PatientPage(patient: patient, index: 0).html()
        let tables = page.components(separatedBy: "<table class=\"lesion-table\">").count - 1
        #expect(tables == (patient.assessments.count + PatientPage.timepointsPerTable - 1) / PatientPage.timepointsPerTable)
    }

    @Test func thumbnailsEmbeddedAsPNGDataURIs() throws {
        let thumbnails = try SyntheticReportModel.thumbnails()
        let html = ReportDocument(model: SyntheticReportModel.model(thumbnails: thumbnails)).html()
        let images = MarkupInspection.elements(html, named: "img")
        #expect(images.count == 2 * thumbnails.count, "first two patients carry the thumbnails")
        #expect(images[0]["src"] == "data:image/png;base64," + thumbnails[0].pngData.base64EncodedString())
        #expect(images.allSatisfy { ($0["alt"] ?? "").isEmpty == false })
    }

    @Test(arguments: [Data(), Data("GIF89a-not-a-png".utf8), Data([0x89, 0x50, 0x4E, 0x47])])
    func nonPNGThumbnailIsRejected(bytes: Data) {
        #expect(throws: ReportInputError.thumbnailNotPNG(caption: "c", byteCount: bytes.count)) {
            try ScanThumbnail(caption: "c", pngData: bytes)
        }
    }

    @Test func writeCreatesIndexHTML() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nadir-report-test-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let report = ReportDocument(model: SyntheticReportModel.model())
        let url = try report.write(to: directory)
        #expect(url.lastPathComponent == "index.html")
        #expect(try String(contentsOf: url, encoding: .utf8) == report.html())
    }
}

/// Bad and early input: nothing to plot, no survival data, no patients, odd values. The report
/// still renders, stays well-formed, and says what is missing.
struct ReportEdgeCaseTests {
    @Test func emptyStudyRendersWithMessages() {
        var model = SyntheticReportModel.model()
        model.waterfall = []
        model.spider = []
        model.swimmer = []
        model.progressionFreeSurvival = nil
        model.overallSurvival = nil
        model.adverseEvents = nil
        model.patients = []
        let html = ReportDocument(model: model).html()
        #expect(MarkupInspection.wellFormednessProblems(html) == [])
        #expect(MarkupInspection.elements(html, named: "figure", withClass: "plot").isEmpty)
        #expect(html.contains("No patient has a post-baseline sum of target-lesion diameters yet."))
        #expect(html.contains("No patients on study yet."))
        #expect(!html.contains("id=\"patients\""))
    }

    @Test func chartsWithNoDataOrOddValuesStillRender() throws {
        let svgs = [
            WaterfallPlot(bars: []).svg(),
            SpiderPlot(series: [SpiderSeries(subjectID: "a", bestOverallResponse: .notEvaluable, points: [])]).svg(),
            SwimmerPlot(lanes: []).svg(),
            KaplanMeierPlot(id: "k", title: "t", endpointAbbreviation: "OS", curves: []).svg(),
            // A single event at time 0 and a curve with every subject censored.
            KaplanMeierPlot(id: "k2", title: "t", endpointAbbreviation: "OS", curves: [
                KaplanMeierSeries(stratum: "zero", steps: [KaplanMeierStep(time: 0, numberAtRisk: 1, numberOfEvents: 1, numberCensored: 0, survival: 0)]),
                KaplanMeierSeries(stratum: "censored", steps: [KaplanMeierStep(time: 5, numberAtRisk: 2, numberOfEvents: 0, numberCensored: 2, survival: 1)]),
            ], riskTableTimes: [0, 5]).svg(),
            WaterfallPlot(bars: [WaterfallBar(subjectID: "x", bestPercentChange: -140, bestOverallResponse: .completeResponse)]).svg(),
        ]
        for svg in svgs {
            #expect(MarkupInspection.wellFormednessProblems(svg) == [])
            // Swift prints non-finite doubles as "nan" / "inf"; none may reach a coordinate.
            #expect(!svg.contains(/["\s,MLHV(]-?(nan|inf)\b/))
        }
        // An impossible value below −100 % is drawn, not clipped: the axis extends to include it.
        let axis = DrawnAxis(svg: svgs[5], axis: "y")
        #expect((axis.ticks.map(\.value).min() ?? 0) <= -140)
    }
}
