import ArgumentParser
import Foundation
import NadirDICOM

/// `nadir render FILE --out PNG [--frame N] [--window lung|mediastinum|abdomen|bone|brain|W/L]`.
struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one DICOM frame as an 8-bit greyscale PNG.",
        discussion: """
            Applies the Modality LUT (Rescale Slope/Intercept: Hounsfield units for CT), then the \
            window by the LINEAR function of DICOM PS3.3 C.11.2.1.2.1. Without --window, the \
            window stored in the file is used, or else the full value range.
            """
    )

    @Argument(help: "DICOM file to render.")
    var file: String

    @Option(help: "Output PNG path.")
    var out: String

    @Option(help: "Frame to render, 0-based (multi-frame objects).")
    var frame: Int = 0

    @Option(help: "Window: lung, mediastinum, abdomen, bone, brain, or W/L such as 400/40.")
    var window: String?

    @Flag(help: "Show DCMTK's own warnings and errors on stderr.")
    var verbose = false

    func validate() throws {
        guard frame >= 0 else { throw ValidationError("--frame is 0-based and cannot be negative (try --frame 0)") }
        if let window, Window(argument: window) == nil {
            let names = Window.presets.map(\.name).joined(separator: ", ")
            throw ValidationError("--window '\(window)' is neither a preset (\(names)) nor W/L with W ≥ 1, e.g. 400/40")
        }
    }

    func run() async throws {
        DICOMToolkit.configure(logging: verbose ? .verbose : .quiet)
        let chosen = window.flatMap(Window.init(argument:))
        do {
            let r = try SliceRenderer.renderPNG(path: file, to: out, frame: frame, window: chosen)
            let unit = r.image.isHounsfield ? " HU" : ""
            print("\(out): \(r.image.columns)x\(r.image.rows), frame \(frame), window \(r.window)\(unit)")
        } catch {
            FileHandle.standardError.write(Data("nadir render: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
