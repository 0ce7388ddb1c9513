import Foundation

/// A frame mapped through a window to 8-bit greyscale, ready to write as PNG.
public struct RenderedSlice: Sendable {
    public var image: SliceImage
    public var window: Window
    /// Display values, row-major, `Window.display` of each modality value.
    public var pixels: [UInt8]

    /// The PNG file bytes.
    public func png() throws(DICOMError) -> [UInt8] {
        do {
            return try PNGEncoder.grayscale8(width: image.columns, height: image.rows, pixels: pixels)
        } catch {
            throw .writeFailed(file: image.file, reason: "PNG encoding failed: \(error)")
        }
    }
}

public enum SliceRenderer {
    /// Decodes `frame` of `path`, applies the Modality LUT, then `window` (or, when nil, the window
    /// stored in the file, or else the full value range).
    public static func render(path: String, frame: Int = 0, window: Window? = nil) throws(DICOMError) -> RenderedSlice {
        let image = try SliceImage.read(path: path, frame: frame)
        let w = window ?? image.storedWindow ?? Window.fullRange(of: image.values)
        return RenderedSlice(image: image, window: w, pixels: image.values.map(w.display))
    }

    /// Renders and writes a PNG to `output`.
    @discardableResult
    public static func renderPNG(path: String, to output: String, frame: Int = 0, window: Window? = nil) throws(DICOMError) -> RenderedSlice {
        let r = try render(path: path, frame: frame, window: window)
        let bytes = try r.png()
        guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
            throw .writeFailed(file: output, reason: "cannot create file")
        }
        return r
    }
}
