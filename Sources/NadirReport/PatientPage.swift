/// One patient's page: heading with BOR, the lesion table across timepoints, thumbnails.
///
/// The table is lesions × assessments (one column per visit), the layout radiologists use on
/// RECIST worksheets: target lesions, their sum and changes, then non-target and new lesions,
/// then the timepoint responses.
struct PatientPage {
    var patient: PatientProfile
    /// Position in the report; element ids use it because subject IDs may contain anything.
    var index: Int

    var elementID: String { "patient-\(index + 1)" }

    func html() -> String {
        let p = patient
        var out = "<article" + SVG.attributes([("class", "patient-page"), ("id", elementID), ("data-subject", p.subjectID)]) + ">"
        out += HTML.text("h2", [], "Patient \(p.subjectID)")
        var facts: [String] = []
        if let arm = p.arm { facts.append(HTML.escape("Arm: \(arm)")) }
        if let details = p.details { facts.append(HTML.escape(details)) }
        var bor = "Best overall response: " + HTML.responseBadge(p.bestOverallResponse)
        if let r = p.bestOverallResponse { bor += " " + HTML.escape(r.name) }
        if let note = p.bestOverallResponseNote { bor += " " + HTML.escape("(\(note))") }
        facts.append(bor)
        out += facts.map { HTML.element("p", [], $0) }.joined()
        out += lesionTables()
        if !p.thumbnails.isEmpty {
            out += HTML.text("h3", [], "Scans")
            out += "<div class=\"thumbnails\">"
            for thumbnail in p.thumbnails {
                out += "<figure>" + SVG.element("img", [("src", thumbnail.dataURI), ("alt", "\(p.subjectID): \(thumbnail.caption)")])
                    + HTML.text("figcaption", [], thumbnail.caption) + "</figure>"
            }
            out += "</div>"
        }
        return out + "</article>"
    }

    /// At most this many timepoint columns per table, so a page prints on A4 portrait without
    /// cutting columns off (measured in Chromium's print layout); later timepoints continue in
    /// another table with the same rows.
    static let timepointsPerTable = 6

    func lesionTables() -> String {
        let all = patient.assessments
        let parts = stride(from: 0, to: max(1, all.count), by: PatientPage.timepointsPerTable).map {
            Array(all[$0..<min(all.count, $0 + PatientPage.timepointsPerTable)])
        }
        return parts.enumerated().map { i, visits in
            var caption = "Tumour assessments: \(patient.lesions.count) lesions, \(all.count) timepoints; diameters in mm"
            if parts.count > 1 { caption += " (part \(i + 1) of \(parts.count))" }
            return "<div class=\"table-scroll\">" + lesionTable(visits: visits, caption: caption) + "</div>"
        }.joined()
    }

    func lesionTable(visits: [AssessmentRecord], caption: String) -> String {
        let p = patient
        var out = "<table class=\"lesion-table\">"
        out += HTML.text("caption", [], caption)
        out += "<thead><tr>" + HTML.text("th", [("scope", "col")], "Lesion") + HTML.text("th", [("scope", "col")], "Location")
        for visit in visits {
            var head = HTML.escape(visit.visit)
            if let date = visit.date { head += "<br/>" + HTML.text("span", [("class", "note")], date) }
            if let day = visit.studyDay { head += "<br/>" + HTML.text("span", [("class", "note")], "Day \(day)") }
            out += HTML.element("th", [("scope", "col"), ("class", "num")], head)
        }
        out += "</tr></thead><tbody>"

        func row(_ label: String, _ location: String, cells: [String], cls: String? = nil) -> String {
            "<tr\(SVG.attributes([("class", cls)]))>" + HTML.text("th", [("scope", "row")], label) + HTML.text("td", [("class", "location")], location)
                + cells.map { HTML.element("td", [("class", "num")], $0) }.joined() + "</tr>"
        }
        func group(_ title: String) -> String {
            "<tr class=\"group\">" + HTML.element("th", [("scope", "rowgroup"), ("colspan", String(visits.count + 2))], HTML.escape(title)) + "</tr>"
        }
        func lesionCells(_ lesion: LesionRecord) -> [String] {
            visits.map { visit in
                switch visit.lesionResults[lesion.lesionID] {
                case .diameter(let mm)?: SVGNumber.fixed(mm, decimals: 1)
                case .state(let state)?: HTML.escape(state)
                case .notEvaluable?: "NE"
                case nil: "—"
                }
            }
        }
        func number(_ value: Double?, decimals: Int = 1, signed: Bool = false) -> String {
            guard let value else { return "—" }
            let text = SVGNumber.fixed(value, decimals: decimals)
            return signed && value > 0 && text != SVGNumber.fixed(0, decimals: decimals) ? "+" + text : text
        }

        let targets = p.lesions.filter { $0.category == .target }
        let nonTargets = p.lesions.filter { $0.category == .nonTarget }
        let newLesions = p.lesions.filter { $0.category == .new }
        out += group("Target lesions")
        for lesion in targets { out += row(lesion.lesionID, lesion.location, cells: lesionCells(lesion)) }
        out += row("Sum of diameters (mm)", "", cells: visits.map { number($0.sumOfDiameters) }, cls: "summary-row")
        out += row("Change from baseline (%)", "", cells: visits.map { number($0.percentChangeFromBaseline, signed: true) })
        out += row("Change from nadir (%)", "", cells: visits.map { number($0.percentChangeFromNadir, signed: true) })
        out += row("Target response", "", cells: visits.map { HTML.responseBadge($0.targetResponse) })
        if !nonTargets.isEmpty {
            out += group("Non-target lesions")
            for lesion in nonTargets { out += row(lesion.lesionID, lesion.location, cells: lesionCells(lesion)) }
        }
        out += row("Non-target response", "", cells: visits.map { HTML.responseBadge($0.nonTargetResponse) })
        if !newLesions.isEmpty {
            out += group("New lesions")
            for lesion in newLesions { out += row(lesion.lesionID, lesion.location, cells: lesionCells(lesion)) }
        }
        out += row("New lesions", "", cells: visits.map { HTML.escape($0.newLesions?.rawValue ?? "—") })
        out += row("Overall response", "", cells: visits.map { HTML.responseBadge($0.overallResponse) }, cls: "summary-row")
        return out + "</tbody></table>"
    }
}
