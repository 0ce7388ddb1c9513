import Foundation

/// The trial report as one self-contained HTML page: inline CSS and inline SVG, no JavaScript,
/// no network, opens from disk and prints one patient per page.
///
/// ```swift
/// let report = ReportDocument(model: model)
/// let indexURL = try report.write(to: outputDirectory)   // <out>/index.html
/// ```
public struct ReportDocument: Sendable {
    public var model: ReportModel

    public init(model: ReportModel) {
        self.model = model
    }

    /// Element ids of the plot figures, in page order; the screenshot script and the docs use them.
    public enum PlotID {
        public static let waterfall = "plot-waterfall"
        public static let spider = "plot-spider"
        public static let swimmer = "plot-swimmer"
        public static let progressionFreeSurvival = "plot-km-pfs"
        public static let overallSurvival = "plot-km-os"
    }

    // MARK: Charts, exposed so the CLI can also write them as standalone .svg files.

    public var waterfallPlot: WaterfallPlot {
        WaterfallPlot(id: "waterfall-svg", bars: model.waterfall)
    }

    public var spiderPlot: SpiderPlot {
        SpiderPlot(id: "spider-svg", timeUnit: model.spiderTimeUnit, series: model.spider)
    }

    public var swimmerPlot: SwimmerPlot {
        SwimmerPlot(id: "swimmer-svg", timeUnit: model.swimmerTimeUnit, lanes: model.swimmer)
    }

    public var progressionFreeSurvivalPlot: KaplanMeierPlot? {
        model.progressionFreeSurvival?.plot(id: "km-pfs-svg")
    }

    public var overallSurvivalPlot: KaplanMeierPlot? {
        model.overallSurvival?.plot(id: "km-os-svg")
    }

    // MARK: Output

    /// The complete page. Deterministic: the same model gives the same bytes.
    public func html() -> String {
        let study = model.study
        var sections: [(id: String, title: String, html: String)] = []
        sections.append(("study-summary", "Study summary", studySummarySection()))
        sections.append(("endpoints", "Response endpoints", endpointSection()))
        sections.append(("waterfall", "Waterfall plot", plotSection(
            id: PlotID.waterfall, isEmpty: model.waterfall.isEmpty,
            emptyMessage: "No patient has a post-baseline sum of target-lesion diameters yet.", svg: waterfallPlot.svg(),
            caption: "Best percentage change from baseline in the sum of target-lesion diameters, one bar per patient, coloured by best overall response. Dashed lines: −30 % (partial response) and +20 % (progression) thresholds of RECIST 1.1.")))
        sections.append(("spider", "Spider plot", plotSection(
            id: PlotID.spider, isEmpty: model.spider.allSatisfy { $0.points.isEmpty },
            emptyMessage: "No tumour assessments to plot yet.", svg: spiderPlot.svg(),
            caption: "Percentage change from baseline in the sum of target-lesion diameters at each assessment, one line per patient, coloured, dashed and marked by best overall response.")))
        sections.append(("swimmer", "Swimmer plot", plotSection(
            id: PlotID.swimmer, isEmpty: model.swimmer.isEmpty,
            emptyMessage: "No patients on study yet.", svg: swimmerPlot.svg(),
            caption: "Time on study per patient, longest first. Triangles: response onset (open PR, filled CR); black line: duration of response; diamond: progression; cross: death; tick: censored / last contact; arrow: still on treatment at data cut-off.")))
        if let pfs = model.progressionFreeSurvival, let plot = progressionFreeSurvivalPlot {
            sections.append(("pfs", pfs.endpointName, survivalSection(pfs, plot: plot, figureID: PlotID.progressionFreeSurvival)))
        }
        if let os = model.overallSurvival, let plot = overallSurvivalPlot {
            sections.append(("os", os.endpointName, survivalSection(os, plot: plot, figureID: PlotID.overallSurvival)))
        }
        if let ae = model.adverseEvents {
            sections.append(("adverse-events", "Adverse events", adverseEventSection(ae)))
        }

        var body = "<main>"
        body += "<header class=\"report-header\">"
        body += HTML.text("h1", [], study.title)
        body += HTML.text("p", [], "\(study.studyID) · \(study.responseCriteria) · data cut-off \(study.dataCutoff)")
        body += "</header>"
        body += "<nav class=\"toc\" aria-label=\"Contents\"><ol>"
        for section in sections {
            body += "<li>" + HTML.text("a", [("href", "#\(section.id)")], section.title) + "</li>"
        }
        if !model.patients.isEmpty {
            body += "<li>" + HTML.text("a", [("href", "#patients")], "Patient profiles (\(model.patients.count))") + "</li>"
        }
        body += "</ol></nav>"
        for section in sections {
            let cls = section.id == "pfs" || section.id == "os" ? "survival"
                : ["waterfall", "spider", "swimmer"].contains(section.id) ? "plot-section" : "report-section"
            body += "<section" + SVG.attributes([("id", section.id), ("class", cls)]) + ">"
            body += HTML.text("h2", [], section.title) + section.html + "</section>"
        }
        if !model.patients.isEmpty {
            body += "<section id=\"patients\" class=\"patients\">"
            for (index, patient) in model.patients.enumerated() {
                body += PatientPage(patient: patient, index: index).html()
            }
            body += "</section>"
        }
        body += "<footer>" + HTML.escape(model.provenance ?? "Generated by Nadir") + "</footer>"
        body += "</main>"

        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
            + HTML.text("title", [], "\(study.studyID) — \(study.title)")
            + "<style>\n" + ReportStylesheet.css() + "</style></head>\n<body>" + body + "</body></html>\n"
    }

    /// Writes `index.html` into `directory` (created if needed) and returns its URL.
    @discardableResult
    public func write(to directory: URL) throws(ReportInputError) -> URL {
        let file = directory.appendingPathComponent("index.html")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(html().utf8).write(to: file, options: .atomic)
        } catch {
            throw .cannotWrite(path: file.path, reason: String(describing: error))
        }
        return file
    }

    // MARK: Sections

    func studySummarySection() -> String {
        let s = model.study
        var items: [(String, String)] = [("Study", s.studyID), ("Title", s.title), ("Design", s.design),
                                         ("Regimen", s.regimen), ("Population", s.population)]
        if let n = s.numberEnrolled { items.append(("Enrolled", String(n))) }
        items.append(("Response criteria", s.responseCriteria))
        if let sponsor = s.sponsor { items.append(("Sponsor", sponsor)) }
        items.append(("Data cut-off", s.dataCutoff))
        return "<dl class=\"summary\">" + items.map { HTML.text("dt", [], $0.0) + HTML.text("dd", [], $0.1) }.joined() + "</dl>"
    }

    func plotSection(id: String, svg: String, caption: String) -> String {
        HTML.element("figure", [("id", id), ("class", "plot")], svg + HTML.text("figcaption", [], caption))
    }

    /// Early in a study a plot may have nothing to show; say so instead of drawing empty axes.
    func plotSection(id: String, isEmpty: Bool, emptyMessage: String, svg: @autoclosure () -> String, caption: String) -> String {
        isEmpty ? HTML.text("p", [("class", "no-data"), ("id", id)], emptyMessage) : plotSection(id: id, svg: svg(), caption: caption)
    }
}
