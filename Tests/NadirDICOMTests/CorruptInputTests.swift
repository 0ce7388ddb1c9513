import Foundation
import Testing
@testable import NadirDICOM

/// Bad input never crashes and always becomes a `DICOMError` naming the file (house style:
/// "Bad input has its own tests"). The source file is a committed SampleScans slice.
@Suite struct CorruptInputTests {
    static let source = TestSupport.sampleScans + "/NADIR-001/20240115-BASELINE/IM004.dcm"

    static func sourceBytes() throws -> [UInt8] {
        [UInt8](try #require(FileManager.default.contents(atPath: source)))
    }

    /// Offset of the Pixel Data element (7FE0,0010) in explicit VR little endian: tag bytes
    /// E0 7F 10 00 followed by VR "OW".
    static func pixelDataOffset(_ bytes: [UInt8]) -> Int? {
        let pattern: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x57]
        guard bytes.count >= pattern.count else { return nil }
        return (0 ... bytes.count - pattern.count).first { bytes[$0 ..< $0 + pattern.count].elementsEqual(pattern) }
    }

    static func write(_ bytes: [UInt8], name: String, in dir: String) -> String {
        let path = dir + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    enum Cut: Sendable, CustomTestStringConvertible {
        case bytes(Int)
        case beforePixelData(Int)   // this many bytes before the Pixel Data tag
        case intoPixelData(Int)     // this many bytes after the Pixel Data tag
        case beforeEnd(Int)
        var testDescription: String {
            switch self {
            case .bytes(let n): return "first \(n) bytes"
            case .beforePixelData(let n): return "\(n) bytes before Pixel Data"
            case .intoPixelData(let n): return "\(n) bytes into Pixel Data"
            case .beforeEnd(let n): return "\(n) bytes short of the end"
            }
        }
    }

    /// Cuts inside the preamble, at the "DICM" prefix, inside the File Meta Information, inside the
    /// data set, just before and inside Pixel Data, one byte short of the end.
    static let cuts: [Cut] = [
        .bytes(1), .bytes(64), .bytes(128), .bytes(130), .bytes(132), .bytes(140), .bytes(200), .bytes(300),
        .bytes(500), .bytes(1000), .beforePixelData(1), .intoPixelData(4), .intoPixelData(12), .intoPixelData(13), .intoPixelData(5000),
        .beforeEnd(1),
    ]

    /// Truncation: reading pixels always fails; the header-only read fails, or (the DCMTK pitfall of
    /// a cut exactly at an element boundary) returns a header visibly different from the intact one;
    /// a cut inside Pixel Data leaves the header intact, so header-only reading succeeds and only
    /// pixel access reports the truncation.
    @Test(arguments: CorruptInputTests.cuts)
    func truncated(_ cut: Cut) throws {
        let bytes = try Self.sourceBytes()
        let pixelAt = try #require(Self.pixelDataOffset(bytes))
        let length: Int
        switch cut {
        case .bytes(let n): length = n
        case .beforePixelData(let n): length = pixelAt - n
        case .intoPixelData(let n): length = pixelAt + n
        case .beforeEnd(let n): length = bytes.count - n
        }
        let dir = try TestSupport.temporaryDirectory("truncated")
        defer { TestSupport.cleanUp(dir) }
        let path = Self.write(Array(bytes.prefix(length)), name: "cut.dcm", in: dir)
        let intact = try InstanceHeader.read(path: Self.source, mode: .headerOnly)

        #expect(throws: DICOMError.self) { try SliceImage.read(path: path) }
        let header = Result { () throws(DICOMError) in try InstanceHeader.read(path: path, mode: .headerOnly) }
        switch header {
        case .failure(let e):
            #expect(e.file == path)
            // The Pixel Data element header itself (tag, VR, reserved, 32-bit length: 12 bytes) must
            // be complete for DCMTK to stop before it; a cut inside the value leaves the header readable.
            #expect(length < pixelAt + 12, "a cut inside the Pixel Data value should leave the header readable: \(e)")
        case .success(var h):
            h.file = intact.file
            if length < pixelAt {
                #expect(h != intact, "cut at \(length) before Pixel Data (\(pixelAt)) read as complete")
            } else {
                #expect(h == intact)
            }
        }
    }

    /// A sweep over every 53rd offset of the file: nothing crashes, nothing hangs, pixel access
    /// always fails on a truncated file.
    @Test func truncationSweep() throws {
        let bytes = try Self.sourceBytes()
        let dir = try TestSupport.temporaryDirectory("sweep")
        defer { TestSupport.cleanUp(dir) }
        var failures = 0, offsets = 0
        for length in stride(from: 0, to: bytes.count, by: 53) {
            let path = Self.write(Array(bytes.prefix(length)), name: "cut-\(length).dcm", in: dir)
            offsets += 1
            do { _ = try SliceImage.read(path: path) } catch { failures += 1 }
            _ = try? InstanceHeader.read(path: path, mode: .headerOnly)
        }
        #expect(failures == offsets)
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var make: @Sendable (String) throws -> String  // given a directory, creates the input and returns its path
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "empty file") { dir in write([], name: "empty.dcm", in: dir) },
        BadFile(name: "text file") { dir in
            write(Array("PatientID,Visit,Lesion\n001,BASELINE,T01\n".utf8), name: "notes.dcm", in: dir)
        },
        BadFile(name: "random bytes, 1 B") { dir in write(randomBytes(1, seed: 1), name: "r1.dcm", in: dir) },
        BadFile(name: "random bytes, 200 B") { dir in write(randomBytes(200, seed: 2), name: "r200.dcm", in: dir) },
        BadFile(name: "random bytes, 5 KB") { dir in write(randomBytes(5000, seed: 3), name: "r5k.dcm", in: dir) },
        BadFile(name: "random bytes after a valid preamble and DICM") { dir in
            write([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + randomBytes(3000, seed: 4), name: "fake.dcm", in: dir)
        },
        BadFile(name: "directory named x.dcm") { dir in
            let path = dir + "/x.dcm"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        },
        BadFile(name: "directory named .dcm") { dir in
            let path = dir + "/.dcm"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        },
        BadFile(name: "missing file") { dir in dir + "/does-not-exist.dcm" },
        BadFile(name: "dangling symbolic link") { dir in
            let path = dir + "/link.dcm"
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: dir + "/nowhere.dcm")
            return path
        },
    ]

    static func randomBytes(_ n: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        return (0 ..< n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    @Test(arguments: CorruptInputTests.badFiles)
    func rejected(_ bad: BadFile) throws {
        let dir = try TestSupport.temporaryDirectory("bad")
        defer { TestSupport.cleanUp(dir) }
        let path = try bad.make(dir)
        for mode in [DICOMFile.ReadMode.headerOnly, .full] {
            #expect {
                try InstanceHeader.read(path: path, mode: mode)
            } throws: { error in
                (error as? DICOMError)?.file == path
            }
        }
        #expect(throws: DICOMError.self) { try SliceImage.read(path: path) }
    }

    /// A file without read permission. Root ignores permission bits, so when the tests run as
    /// root (CI does) the read runs on a thread of its own whose file-system user id is set to
    /// `nobody` (Linux `setfsuid`, per thread; it also drops CAP_DAC_OVERRIDE for that thread):
    /// the kernel then refuses the open exactly as for an ordinary user.
    @Test func unreadablePermissions() throws {
        let dir = try TestSupport.temporaryDirectory("perm")
        defer { TestSupport.cleanUp(dir) }
        let path = dir + "/locked.dcm"
        try FileManager.default.copyItem(atPath: Self.source, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        let outcome = AsUnprivilegedUser.run { Result { try InstanceHeader.read(path: path) } }
        switch outcome {
        case .success: Issue.record("an unreadable file was read")
        case .failure(let error):
            #expect((error as? DICOMError)?.file == path, "\(error)")
            #expect("\(error)".localizedCaseInsensitiveContains("permission"), "\(error)")
        }
    }

    /// An attribute with a value that is not a number: the error names the file and the tag.
    @Test func invalidValueNamesTag() throws {
        let dir = try TestSupport.temporaryDirectory("invalid")
        defer { TestSupport.cleanUp(dir) }
        let path = dir + "/bad-thickness.dcm"
        let w = try DICOMWriter(path: path)
        try w.set(.sopClassUID, "1.2.840.10008.5.1.4.1.1.2")
        try w.set(.sopInstanceUID, "1.2.3.4")
        try w.set(.seriesInstanceUID, "1.2.3.5")
        try w.set(.sliceThickness, "five")
        try w.save()
        #expect(throws: DICOMError.invalidValue(file: path, tag: .sliceThickness, reason: "value 'five' is not a number")) {
            try InstanceHeader.read(path: path)
        }
    }

    /// A scan over good and bad files: the good ones become series, every bad one an error entry,
    /// and the scan goes on; a tree of only bad files reads nothing (the CLI then exits non-zero).
    @Test func scanCarriesOn() async throws {
        let dir = try TestSupport.temporaryDirectory("scan")
        defer { TestSupport.cleanUp(dir) }
        try FileManager.default.copyItem(atPath: Self.source, toPath: dir + "/good.dcm")
        var bad = 0
        for b in Self.badFiles where b.name != "missing file" {
            let sub = dir + "/bad\(bad)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            _ = try b.make(sub)
            bad += 1
        }
        let result = try await DirectoryScanner.scan(directory: dir, jobs: 2)
        #expect(result.filesRead == 1)
        #expect(result.series.count == 1)
        // The directories named x.dcm and .dcm are walked into (they are empty), not reported.
        #expect(result.errors.count == bad - 2)
        #expect(result.errors.allSatisfy { $0.file.hasPrefix(dir) })

        try FileManager.default.removeItem(atPath: dir + "/good.dcm")
        let none = try await DirectoryScanner.scan(directory: dir, jobs: 2)
        #expect(none.filesRead == 0)
        #expect(none.errors.count == bad - 2)
    }

    @Test func scanOfMissingDirectoryThrows() async {
        await #expect(throws: DICOMError.notADirectory(path: "/nonexistent/nadir")) {
            try await DirectoryScanner.scan(directory: "/nonexistent/nadir")
        }
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
    let done = DispatchSemaphore(value: 0)
}

@_silgen_name("setfsuid") private func setfsuid(_ uid: UInt32) -> Int32

/// Runs `body` on a dedicated thread with the file-system identity of `nobody` when the process
/// is root (restored afterwards; other threads are not affected), or directly otherwise.
enum AsUnprivilegedUser {
    static func run<T>(_ body: @escaping @Sendable () -> T) -> T {
        guard getuid() == 0 else { return body() }
        let box = ResultBox<T>()
        let thread = Thread {
            _ = setfsuid(65534)
            box.value = body()
            _ = setfsuid(0)
            box.done.signal()
        }
        thread.start()
        box.done.wait()
        return box.value!
    }
}
