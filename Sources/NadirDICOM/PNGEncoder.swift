import CDcmtkShim

/// A minimal PNG writer for 8-bit greyscale images (PNG spec, ISO/IEC 15948): signature, IHDR
/// (colour type 0, bit depth 8), one IDAT of zlib-compressed scanlines with filter 0, IEND.
/// zlib and CRC-32 come from the system zlib through the shim.
public enum PNGEncoder {
    public enum Failure: Error, Sendable, Hashable {
        case badSize(width: Int, height: Int, pixels: Int)
        case compression(String)
    }

    /// Encodes `pixels` (row-major, one byte per pixel) as a PNG file.
    public static func grayscale8(width: Int, height: Int, pixels: [UInt8]) throws(Failure) -> [UInt8] {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max),
              pixels.count == width * height else {
            throw .badSize(width: width, height: height, pixels: pixels.count)
        }
        var raw = [UInt8]()
        raw.reserveCapacity((width + 1) * height)
        for r in 0 ..< height {
            raw.append(0)  // filter type 0 (None) for every scanline
            raw += pixels[r * width ..< (r + 1) * width]
        }
        var compressed = [UInt8](repeating: 0, count: nadir_zlib_bound(raw.count))
        let n = nadir_zlib_compress(raw, raw.count, &compressed, compressed.count)
        guard n >= 0 else { throw .compression(DICOMFile.lastError()) }
        compressed.removeLast(compressed.count - n)

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr = bigEndian32(UInt32(width)) + bigEndian32(UInt32(height))
        ihdr += [8, 0, 0, 0, 0]  // bit depth 8, colour type 0 (greyscale), deflate, filter 0, no interlace
        appendChunk("IHDR", ihdr, to: &png)
        appendChunk("IDAT", compressed, to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    private static func bigEndian32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian32(UInt32(data.count))
        let body = typeBytes + data
        png += body
        png += bigEndian32(nadir_crc32(0, body, body.count))
    }
}
