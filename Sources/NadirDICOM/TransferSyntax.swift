/// Transfer syntaxes whose Pixel Data Nadir can decode through DCMTK (PS3.5 §10 and Annex A).
public enum TransferSyntax {
    /// UID → name for every syntax DCMTK decodes with the codecs Nadir registers.
    public static let decodable: [String: String] = [
        "1.2.840.10008.1.2": "Implicit VR Little Endian",
        "1.2.840.10008.1.2.1": "Explicit VR Little Endian",
        "1.2.840.10008.1.2.1.99": "Deflated Explicit VR Little Endian",
        "1.2.840.10008.1.2.2": "Explicit VR Big Endian",
        "1.2.840.10008.1.2.5": "RLE Lossless",
        "1.2.840.10008.1.2.4.50": "JPEG Baseline (Process 1)",
        "1.2.840.10008.1.2.4.51": "JPEG Extended (Process 2 & 4)",
        "1.2.840.10008.1.2.4.57": "JPEG Lossless, Non-Hierarchical (Process 14)",
        "1.2.840.10008.1.2.4.70": "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])",
        "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
        "1.2.840.10008.1.2.4.81": "JPEG-LS Lossy (Near-Lossless)",
    ]

    /// Names of common syntaxes DCMTK (free edition) cannot decode, for clearer errors.
    public static let known: [String: String] = [
        "1.2.840.10008.1.2.4.90": "JPEG 2000 Lossless",
        "1.2.840.10008.1.2.4.91": "JPEG 2000",
        "1.2.840.10008.1.2.4.201": "HTJ2K Lossless",
        "1.2.840.10008.1.2.4.203": "HTJ2K",
        "1.2.840.10008.1.2.4.100": "MPEG2",
        "1.2.840.10008.1.2.4.102": "MPEG-4 AVC/H.264",
    ]

    public static func name(_ uid: String) -> String? { decodable[uid] ?? known[uid] }
}
