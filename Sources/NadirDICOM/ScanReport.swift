/// The two output formats of `nadir scan`, as library functions so tests reach them.
extension ScanResult {
    /// The JSON document of `nadir scan --format json`, keys in the documented order:
    /// `{"series":[{"patientID","studyInstanceUID","seriesInstanceUID","studyDate","modality",
    /// "seriesDescription","sliceThickness","pixelSpacing":[row,col],"rows","columns","instances":N,
    /// "files":[...]}],"errors":[{"file","error"}]}`. Missing attributes are `null`.
    public func json(pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.key("series")
        w.beginArray()
        for s in series {
            w.beginObject()
            w.key("patientID"); w.string(s.patientID)
            w.key("studyInstanceUID"); w.string(s.studyInstanceUID)
            w.key("seriesInstanceUID"); w.string(s.seriesInstanceUID)
            w.key("studyDate"); w.string(s.studyDate)
            w.key("modality"); w.string(s.modality)
            w.key("seriesDescription"); w.string(s.seriesDescription)
            w.key("sliceThickness"); w.number(s.sliceThickness)
            w.key("pixelSpacing")
            if let p = s.pixelSpacing {
                w.beginArray(inline: true); w.number(p.row); w.number(p.column); w.endArray()
            } else {
                w.null()
            }
            w.key("rows"); w.number(s.rows.map(Double.init))
            w.key("columns"); w.number(s.columns.map(Double.init))
            w.key("instances"); w.number(Double(s.instances.count))
            w.key("files")
            w.beginArray()
            for f in s.files { w.string(f) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("errors")
        w.beginArray()
        for e in errors {
            w.beginObject()
            w.key("file"); w.string(e.file)
            w.key("error"); w.string(e.error.reason)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    /// The table of `nadir scan --format table`: for people, one line per series, grouped under a
    /// heading per patient and study date, then a summary and the unreadable files.
    public func table() -> String {
        var out = ""
        var lastPatient: String?
        var lastDate: String?
        let header = pad("Series", 6) + "  " + pad("Modality", 8) + "  " + pad("Description", 32) + "  "
            + pad("Inst.", 5, right: true) + "  " + pad("Thick", 5, right: true) + "  " + pad("Spacing", 7, right: true)
            + "  " + pad("Pixel mm", 11) + "  " + pad("Matrix", 9) + "  " + pad("Min meas.", 9, right: true) + "  SeriesInstanceUID"
        for s in series {
            let patient = s.patientID ?? "(no PatientID)"
            if patient != lastPatient {
                out += (lastPatient == nil ? "" : "\n") + "Patient \(patient)\n"
                lastPatient = patient
                lastDate = nil
            }
            let date = s.studyDate ?? "(no StudyDate)"
            if date != lastDate {
                out += "  Study date \(formatDate(date))\n    " + header + "\n"
                lastDate = date
            }
            let spacing = s.pixelSpacing.map { fmt($0.row) + "x" + fmt($0.column) } ?? "-"
            let matrix = (s.rows.map(String.init) ?? "?") + "x" + (s.columns.map(String.init) ?? "?")
            out += "    " + pad(s.seriesNumber.map(String.init) ?? "-", 6) + "  " + pad(s.modality ?? "-", 8) + "  "
                + pad(s.seriesDescription ?? "-", 32) + "  " + pad(String(s.instances.count), 5, right: true) + "  "
                + pad(s.sliceThickness.map(fmt) ?? "-", 5, right: true) + "  " + pad(s.sliceSpacing.map(fmt) ?? "-", 7, right: true) + "  "
                + pad(spacing, 11) + "  " + pad(matrix, 9) + "  "
                + pad(s.minimumMeasurableLesionSize.map { fmt($0) + " mm" } ?? "-", 9, right: true) + "  " + s.seriesInstanceUID + "\n"
        }
        out += "\n\(series.count) series, \(filesRead) files read, \(errors.count) unreadable\n"
        for e in errors { out += "  ! \(e.file): \(e.error.reason)\n" }
        return out
    }

    private func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let cut = s.count > n ? String(s.prefix(n - 1)) + "…" : s
        let fill = String(repeating: " ", count: max(0, n - cut.count))
        return right ? fill + cut : cut + fill
    }

    private func fmt(_ d: Double) -> String {
        let r = (d * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    private func formatDate(_ da: String) -> String {
        guard da.count == 8, DicomDate.dayNumber(da) != nil else { return da }
        let c = Array(da)
        return String(c[0 ..< 4]) + "-" + String(c[4 ..< 6]) + "-" + String(c[6 ..< 8])
    }
}
