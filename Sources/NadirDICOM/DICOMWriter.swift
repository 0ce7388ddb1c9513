import CDcmtkShim

/// Builds a DICOM data set and saves it through DCMTK (Explicit VR Little Endian, new File Meta
/// Information). Holds a DCMTK handle: not `Sendable`, one thread at a time.
public final class DICOMWriter {
    private let handle: OpaquePointer
    /// Used in error messages until the file is saved.
    public let path: String

    public init(path: String) throws(DICOMError) {
        DICOMToolkit.ensureInitialised()
        guard let h = nadir_dcm_create() else { throw .writeFailed(file: path, reason: DICOMFile.lastError()) }
        handle = h
        self.path = path
    }

    deinit { nadir_dcm_close(handle) }

    /// Sets a string-valued attribute (VR from DCMTK's dictionary; `\` separates multiple values).
    /// DCMTK does not check the value against the VR, which lets tests write deliberately bad values.
    public func set(_ tag: DICOMTag, _ value: String) throws(DICOMError) {
        guard nadir_dcm_put_string(handle, tag.group, tag.element, value) == 0 else {
            throw .writeFailed(file: path, reason: "\(tag): \(DICOMFile.lastError())")
        }
    }

    /// Sets a US attribute.
    public func set(_ tag: DICOMTag, _ value: UInt16) throws(DICOMError) {
        guard nadir_dcm_put_uint16(handle, tag.group, tag.element, value) == 0 else {
            throw .writeFailed(file: path, reason: "\(tag): \(DICOMFile.lastError())")
        }
    }

    /// Sets Pixel Data (7FE0,0010) as OW from 16-bit words.
    public func setPixelData(_ words: [UInt16]) throws(DICOMError) {
        guard nadir_dcm_put_pixels16(handle, words, words.count) == 0 else {
            throw .writeFailed(file: path, reason: "\(DICOMTag.pixelData): \(DICOMFile.lastError())")
        }
    }

    /// Writes the file to `path`.
    public func save() throws(DICOMError) {
        guard nadir_dcm_save(handle, path) == 0 else { throw .writeFailed(file: path, reason: DICOMFile.lastError()) }
    }
}
