import CDcmtkShim

/// Process-wide DCMTK set-up: codec registration and log level.
public enum DICOMToolkit {
    /// How much of DCMTK's own logging reaches stderr.
    public enum Logging: Int32, Sendable {
        /// Nothing below fatal: the default, so a normal scan prints only Nadir's own output.
        case quiet = 0
        /// DCMTK warnings and errors (`W: ...`, `E: ...`), as `--verbose` shows them.
        case verbose = 1
        /// Everything down to DCMTK's debug messages.
        case debug = 2
    }

    /// Registers the RLE, JPEG and JPEG-LS codecs (once per process) and sets DCMTK's log level.
    /// Every NadirDICOM entry point calls this with `.quiet` on first use; call it with `.verbose`
    /// first to see DCMTK's messages.
    public static func configure(logging: Logging) {
        _ = initialised
        nadir_dcm_init(logging.rawValue)
    }

    /// Lazily runs the quiet default exactly once (Swift globals are initialised thread-safely).
    private static let initialised: Bool = {
        nadir_dcm_init(Logging.quiet.rawValue)
        return true
    }()

    static func ensureInitialised() { _ = initialised }
}
