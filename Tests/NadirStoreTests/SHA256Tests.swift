import Foundation
import Testing
@testable import NadirStore

/// SHA-256 against the FIPS 180-4 example vectors (NIST CSRC "Examples with intermediate
/// values", SHA256.pdf) and against coreutils `sha256sum` as an outside oracle.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test func oneMillionA() {
        var h = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(SHA256.hexString(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length around the padding boundaries (55, 56, 63, 64, 119, 120 …) against sha256sum.
    @Test(arguments: [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000])
    func againstSha256sum(length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let file = NSTemporaryDirectory() + "sha-\(length)-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let out = try run(["sha256sum", file])
        #expect(out.status == 0)
        #expect(out.output.split(separator: " ").first.map(String.init) == SHA256.hex(bytes))
    }

    /// Split updates give the same digest as one update.
    @Test func incremental() {
        let text = String(repeating: "audit entry ", count: 50)
        var h = SHA256()
        for part in text.split(separator: "e", omittingEmptySubsequences: false).enumerated() {
            if part.offset > 0 { h.update("e") }
            h.update(String(part.element))
        }
        #expect(SHA256.hexString(h.finalize()) == SHA256.hex(text))
    }
}
