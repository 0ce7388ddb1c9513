/// AE tables: every term by worst grade, then the grade ≥3 subset.
extension ReportDocument {
    func adverseEventSection(_ ae: AdverseEventSummary) -> String {
        let n = ae.numberOfSubjects
        func count(_ x: Int) -> String {
            n > 0 ? "\(x) (\(SVGNumber.percent(Double(x) / Double(n))))" : String(x)
        }
        // Most frequent first, as in CSR tables; ties alphabetical so the order is stable.
        let sorted = ae.rows.sorted { $0.anyGrade != $1.anyGrade ? $0.anyGrade > $1.anyGrade : $0.term < $1.term }
        var out = HTML.text("p", [("class", "note")],
                            "Subjects by worst grade per term, \(ae.dictionary); safety set N = \(n); n (%).")
        out += HTML.table(
            caption: "Adverse events by term and worst grade",
            headers: ["Term", "Grade 1", "Grade 2", "Grade 3", "Grade 4", "Grade 5", "Any grade", "Grade ≥3"],
            rows: sorted.map { row in
                [HTML.escape(row.term)] + (1...5).map { String(row.subjects(worstGrade: $0)) }
                    + [count(row.anyGrade), count(row.gradeThreeOrHigher)]
            },
            attributes: [("class", "ae-table")])
        let severe = ae.rows.filter { $0.gradeThreeOrHigher > 0 }.sorted {
            $0.gradeThreeOrHigher != $1.gradeThreeOrHigher ? $0.gradeThreeOrHigher > $1.gradeThreeOrHigher : $0.term < $1.term
        }
        if severe.isEmpty {
            out += HTML.text("p", [], "No grade ≥3 adverse events.")
        } else {
            out += HTML.table(
                caption: "Grade ≥3 adverse events",
                headers: ["Term", "Grade 3", "Grade 4", "Grade 5", "Grade ≥3"],
                rows: severe.map { row in
                    [HTML.escape(row.term)] + (3...5).map { String(row.subjects(worstGrade: $0)) } + [count(row.gradeThreeOrHigher)]
                },
                attributes: [("class", "ae-table ae-severe")])
        }
        return out
    }
}
