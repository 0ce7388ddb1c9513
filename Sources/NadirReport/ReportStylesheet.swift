/// The report's inline CSS: screen layout plus print rules (A4, one patient per page, charts
/// never split across pages). No web fonts, no external resources.
enum ReportStylesheet {
    static func css() -> String {
        var css = """
        :root { --ink: #222; --muted: #5f5f5f; --rule: #d0d0d0; --band: #f5f6f8; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff;
               font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; }
        header.report-header { border-bottom: 3px solid #0072B2; padding-bottom: 12px; margin-bottom: 18px; }
        header.report-header h1 { font-size: 24px; margin: 0 0 4px; }
        header.report-header p { margin: 0; color: var(--muted); }
        h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 16px; margin: 22px 0 8px; }
        nav.toc ol { columns: 2; margin: 0; padding-left: 20px; }
        nav.toc a { color: #0072B2; text-decoration: none; }
        dl.summary { display: grid; grid-template-columns: 200px 1fr; gap: 4px 16px; margin: 0; }
        dl.summary dt { font-weight: 600; color: var(--muted); }
        dl.summary dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 13px; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { border-bottom: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); background: #fff; }
        tbody tr:nth-child(even) { background: var(--band); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.summary-row th, tr.summary-row td { font-weight: 600; border-top: 1px solid #999; }
        tr.group th { background: #e9ecf1; font-weight: 600; }
        table.bor-table, table.survival-table { width: auto; min-width: 50%; }
        p.note { color: var(--muted); font-size: 12px; margin: 2px 0 10px; }
        figure.plot { margin: 12px 0 20px; padding: 8px; border: 1px solid var(--rule); border-radius: 4px; background: #fff; }
        figure.plot svg { display: block; width: 100%; height: auto; }
        figcaption { font-size: 12px; color: var(--muted); margin-top: 6px; }
        .badge { display: inline-block; min-width: 2.4em; padding: 0 5px; border-radius: 3px; font-size: 12px;
                 font-weight: 600; text-align: center; color: #fff; background: #999; white-space: normal; }
        .badge.bor-PR { color: #000; }
        .badge.bor-NE { color: #000; }
        article.patient-page { margin-top: 36px; }
        article.patient-page h2 { border-bottom: 2px solid #0072B2; }
        .lesion-table td, .lesion-table th { white-space: nowrap; }
        .lesion-table td.location { white-space: normal; min-width: 7em; }
        .table-scroll { overflow-x: auto; }
        .thumbnails { display: flex; flex-wrap: wrap; gap: 12px; }
        .thumbnails figure { margin: 0; width: 180px; }
        .thumbnails img { width: 180px; height: auto; background: #000; display: block; border: 1px solid var(--rule); }
        .thumbnails figcaption { font-size: 11px; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { font-size: 11px; }
          main { max-width: none; padding: 0; }
          nav.toc { display: none; }
          section.plot-section, section.survival { break-before: page; page-break-before: always; }
          article.patient-page { break-before: page; page-break-before: always; margin-top: 0; }
          figure.plot, table, .thumbnails figure { break-inside: avoid; page-break-inside: avoid; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          .table-scroll { overflow: visible; }
          table { font-size: 9.5px; }
          th, td { padding: 2px 4px; }
          .badge { font-size: 8.5px; min-width: 2em; padding: 0 3px; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
        // Badge colours follow the chart palette so a response looks the same everywhere.
        for response in ResponseCategory.allCases {
            let token = XMLEscaping.identifierToken(response.rawValue)
            css += ".badge.bor-\(token) { background: \(ChartPalette.colour(for: response)); }\n"
        }
        return css
    }
}
