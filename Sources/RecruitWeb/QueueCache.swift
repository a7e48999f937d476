import Foundation
import Recruiting

/// Queues (and what pages compute from them) kept between page loads, each with the version of the data it was
/// computed from (``DataChanges``): a recruiter's Today page computes their queue once, then pages and reloads
/// read it until anything it depends on changes. At most `limit` values are kept; the least recently used goes.
final class QueueCache: @unchecked Sendable {
    private struct Entry {
        let version: UInt64
        let value: Any
        var used: UInt64
    }

    let changes: DataChanges
    private let limit: Int
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0

    init(changes: DataChanges, limit: Int = 64) {
        self.changes = changes
        self.limit = limit
    }

    /// The version of the data now: read it before reading anything a kept value depends on (the policies
    /// included), and pass it to ``value(_:version:compute:)``.
    var version: UInt64? { changes.version }

    /// The value kept under `key` if it was computed from the data as it was at `version` and the data has not
    /// changed since; else `compute()`'s, kept under `version`.
    func value<T>(_ key: String, version: UInt64?, compute: () throws -> T) rethrows -> T {
        guard let version else { return try compute() }
        if let kept: T = lookup(key, version) { return kept }
        let value = try compute()
        keep(key, version, value)
        return value
    }

    private func lookup<T>(_ key: String, _ version: UInt64) -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard changes.version == version, let entry = entries[key], entry.version == version, let value = entry.value as? T
        else { return nil }
        clock += 1
        entries[key]?.used = clock
        return value
    }

    private func keep(_ key: String, _ version: UInt64, _ value: Any) {
        let now = changes.version
        lock.lock()
        defer { lock.unlock() }
        // Values of older versions are never read again; nor is this one if the data changed while it was computed.
        entries = entries.filter { $0.value.version == now }
        guard version == now else { return }
        if entries[key] == nil && entries.count >= limit,
           let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
        clock += 1
        entries[key] = Entry(version: version, value: value, used: clock)
    }
}
