import Foundation

/// Where the store gets the time for audit entries and read timestamps. Injected so that tests
/// (and re-runs) are deterministic: the library never reads the system clock on its own.
public struct StoreClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    /// The system clock, for the command-line tool.
    public static let system = StoreClock { Date() }

    /// A clock that starts at `start` and advances by `step` seconds at every reading.
    public static func stepping(from start: Date, step: TimeInterval = 1) -> StoreClock {
        let ticks = Ticks()
        return StoreClock { start.addingTimeInterval(Double(ticks.next()) * step) }
    }

    /// A counter behind a lock (NSLock rather than `Mutex`, which needs macOS 15).
    private final class Ticks: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func next() -> Int {
            lock.lock(); defer { lock.unlock() }
            defer { count += 1 }
            return count
        }
    }

    /// ISO 8601 UTC with milliseconds, e.g. `2026-11-28T19:43:44.123Z`: sorts as text.
    public static func timestamp(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(ms / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(ms % 1000), 3))Z"
    }

    func stamp() -> String { StoreClock.timestamp(now()) }
}
