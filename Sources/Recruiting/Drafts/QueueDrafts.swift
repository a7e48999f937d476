import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Policies

extension QueueItems.Outline {
    /// A recruiter's follow-up or phone check: the status checks that go to one hiring manager as one message.
    public var isStatusCheck: Bool { actor == .recruiter && (rule == .followUp || rule == .phoneCheck) }
}

extension QueueItems {
    /// The names of the group a nudge is listed in, and a recruiter's status checks go out in as one message: its
    /// recruiter, and its hiring manager at its client.
    public func groupNames(_ outline: Outline) -> (recruiter: String, manager: String) {
        (text(outline.recruiter) ?? "(no recruiter)",
         "\(text(outline.hiringManager) ?? "no hiring manager") at \(text(outline.client) ?? "")")
    }
}

/// The drafts of a day's queue: one message per item, except that a recruiter's status checks to one hiring manager
/// at one client (the groups the text queue says to send as one message) are one message naming each candidate.
public enum QueueDrafts {
    /// One message of the queue.
    public enum Message: Sendable, Equatable {
        case item(QueueItems.Place)
        case statusChecks([QueueItems.Place])
    }

    /// The queue's messages, each where its first item comes in the queue's order. Reads only the items' outlines.
    public static func messages(_ queue: QueueItems) -> [Message] {
        var numbered: [(number: Int, message: Message)] = []
        var order: [QueueItems.Place]?
        forEachMessage(queue, order: &order) { numbered.append(($0, $1)) }
        return numbered.sorted { $0.number < $1.number }.map(\.message)
    }

    /// Each message of the queue with its number (its place among the messages, from 1), as soon as it is known:
    /// each item as it comes in the queue's order, the groups at the end (an item further on may join one).
    /// - Parameter order: when not nil, every item's place is appended to it, in the queue's order.
    static func forEachMessage(_ queue: QueueItems, order: inout [QueueItems.Place]?, _ body: (Int, Message) -> Void) {
        var grouping = Grouping()
        var groups: [(number: Int, places: [QueueItems.Place])] = []
        var number = 0
        for place in queue.places {
            order?.append(place)
            let outline = queue.outline(place)
            guard outline.isStatusCheck else {
                number += 1
                body(number, .item(place))
                continue
            }
            let group = grouping.group(outline, queue)
            if group == groups.count {
                number += 1
                groups.append((number, [place]))
            } else {
                groups[group].places.append(place)
            }
        }
        for group in groups { body(group.number, .statusChecks(group.places)) }
    }

    /// How many messages the queue makes (found without merging its items into order).
    static func messageCount(_ queue: QueueItems) -> Int {
        var grouping = Grouping()
        var count = 0
        queue.forEachOutline { outline in
            if outline.isStatusCheck {
                _ = grouping.group(outline, queue)
                if grouping.isNew { count += 1 }
            } else {
                count += 1
            }
        }
        return count
    }

    /// The groups of status checks: one per recruiter and hiring manager at a client, by their names (as the text
    /// queue's groups). Each recruiter, hiring manager and client met is looked up by its texts' numbers, so that
    /// the names are made once for each.
    struct Grouping {
        private struct Texts: Hashable {
            let recruiter, manager, client: QueueItems.TextID
        }

        private var byTexts: [Texts: Int] = [:]
        private var byName: [String: Int] = [:]
        /// How many groups there are, and whether the last one asked for was new.
        private(set) var count = 0
        private(set) var isNew = false

        /// The number of `outline`'s group (from 0, in the order they are met): `count - 1` for a new one.
        mutating func group(_ outline: QueueItems.Outline, _ queue: QueueItems) -> Int {
            let texts = Texts(recruiter: outline.recruiter, manager: outline.hiringManager, client: outline.client)
            if let index = byTexts[texts] {
                isNew = false
                return index
            }
            let names = queue.groupNames(outline)
            let key = names.recruiter + "\u{1F}" + names.manager
            let index: Int
            if let known = byName[key] {
                index = known
                isNew = false
            } else {
                index = count
                byName[key] = index
                count += 1
                isNew = true
            }
            byTexts[texts] = index
            return index
        }
    }

    /// The draft of one message.
    public static func draft(_ message: Message, _ queue: QueueItems, drafter: Drafter) -> Draft {
        draftAndOpening(message, queue, drafter: drafter).draft
    }

    /// The draft of one message and the opening its file is named by: the item's (`all` for none), or the number
    /// of candidates of a group (`3-candidates`). Each item is unpacked once.
    static func draftAndOpening(_ message: Message, _ queue: QueueItems, drafter: Drafter) -> (draft: Draft, opening: String) {
        switch message {
        case .item(let place):
            let named = queue.named(place)
            return (drafter.draft(named.item, candidateName: named.names.candidate), named.item.opening ?? "all")
        case .statusChecks(let places):
            let items = places.map {
                let named = queue.named($0)
                return (item: named.item, candidateName: named.names.candidate)
            }
            return (drafter.draft(statusChecks: items),
                    items.count == 1 ? (items[0].item.opening ?? "all") : "\(items.count)-candidates")
        }
    }

    /// Writes every message of `queue` as an `.eml` file in `folder` (made if missing), named by its place in the
    /// queue, its template and its opening (`0007-follow-up-ACME-1043.eml`); `workers` threads render and write
    /// at once. A folder that already holds `.eml` files is refused, so that no draft of another day is mixed in or
    /// overwritten; when a file cannot be written, the ones written are removed again.
    /// - Returns: the number of drafts written.
    /// - Throws: ``DraftFolderError``.
    @discardableResult
    public static func write(_ queue: QueueItems, drafter: Drafter, to folder: String,
                             workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Int {
        var order: [QueueItems.Place]?
        return try write(queue, drafter: drafter, to: folder, workers: workers, order: &order)
    }

    /// ``write(_:drafter:to:workers:)``, also giving every item's place in the queue's order (found while the
    /// drafts are made), for an output that reads the queue in order next without merging its items again.
    public static func writeKeepingOrder(_ queue: QueueItems, drafter: Drafter, to folder: String,
                                         workers: Int = ProcessInfo.processInfo.activeProcessorCount)
        throws -> (count: Int, places: [QueueItems.Place]) {
        var order: [QueueItems.Place]? = []
        let count = try write(queue, drafter: drafter, to: folder, workers: workers, order: &order)
        return (count, order ?? [])
    }

    private static func write(_ queue: QueueItems, drafter: Drafter, to folder: String, workers: Int,
                              order: inout [QueueItems.Place]?) throws -> Int {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw DraftFolderError.notAFolder(folder) }
            let existing = (try? manager.contentsOfDirectory(atPath: folder))?.filter { $0.hasSuffix(".eml") }.count ?? 0
            if existing > 0 { throw DraftFolderError.holdsDrafts(folder, count: existing) }
        } else {
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw DraftFolderError.cannotCreate(folder, reason: (error as NSError).localizedDescription)
            }
        }
        // The files are made in the folder opened once (each path is not looked up again from the root).
        let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderFD >= 0 else {
            throw DraftFolderError.cannotCreate(folder, reason: String(cString: strerror(errno)))
        }
        defer { close(folderFD) }
        return try writeAll(queue, drafter: drafter, folder: folder, folderFD: folderFD, workers: workers, order: &order)
    }

    private static func writeAll(_ queue: QueueItems, drafter: Drafter, folder: String, folderFD: Int32,
                                 workers: Int, order: inout [QueueItems.Place]?) throws(DraftFolderError) -> Int {
        let count = messageCount(queue)
        let width = max(4, String(count).count)
        // Runs of drafts per thread: a few per worker for a recruiter's queue, 256 for a whole agency's.
        let chunk = max(8, min(256, count / max(1, workers * 4)))
        let failure = FirstFailure()
        // Every template read once beforehand when there are many drafts (not under a lock per draft).
        let drafter = count > 64 ? drafter.withEveryTemplate() : drafter
        let shared = OwnPart((queue, drafter))
        // One thread makes files at a time: threads making files in one folder at once only take turns for the
        // folder's lock in the kernel, spinning while they wait. Each renders a run of drafts, then writes them
        // while the others render theirs.
        let making = NSLock()
        let run = { @Sendable (run: [(number: Int, message: Message)]) in
            let (queue, drafter) = shared.value
            var files: [(name: [UInt8], bytes: [UInt8])] = []
            files.reserveCapacity(run.count)
            for (number, message) in run where !failure.failed {
                let (draft, opening) = QueueDrafts.draftAndOpening(message, queue, drafter: drafter)
                files.append((fileName(number, width: width, draft.template, opening), draft.eml))
            }
            making.withLock {
                for file in files where !failure.failed {
                    if let problem = writeNew(folderFD, file.name, file.bytes) {
                        let name = String(decoding: file.name.dropLast(), as: UTF8.self)
                        failure.record(.cannotWrite(folder + (folder.hasSuffix("/") ? "" : "/") + name, reason: problem))
                    }
                }
            }
        }
        // The messages are handed to the workers in runs as the queue's items are merged into order (the groups at
        // the end), so that they are drafted while the rest is merged.
        var pending: [(number: Int, message: Message)] = []
        pending.reserveCapacity(chunk)
        if workers <= 1 || count <= chunk {
            forEachMessage(queue, order: &order) { pending.append(($0, $1)) }
            for start in stride(from: 0, to: pending.count, by: chunk) {
                run(Array(pending[start..<min(pending.count, start + chunk)]))
            }
        } else {
            let group = DispatchGroup()
            forEachMessage(queue, order: &order) { number, message in
                pending.append((number, message))
                guard pending.count == chunk else { return }
                let part = OwnPart(pending)
                DispatchQueue.global().async(group: group) { run(part.value) }
                pending.removeAll(keepingCapacity: true)
            }
            if !pending.isEmpty { run(pending) }
            group.wait()
        }
        if let error = failure.error {
            removeDrafts(in: folder)  // nothing half-written: the drafts of this run go again
            throw error
        }
        return count
    }

    /// Removes the `.eml` files of `folder` (it held none before the run: ``write(_:drafter:to:workers:)``).
    private static func removeDrafts(in folder: String) {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".eml") {
            try? manager.removeItem(atPath: folder + "/" + name)
        }
    }

    /// A draft's file name, NUL-terminated: its place in the queue (`number`, zero-padded to `width` digits), its
    /// template and its opening (``fileWord(_:)``): `0007-follow-up-ACME-1043.eml`.
    static func fileName(_ number: Int, width: Int, _ template: DraftTemplateName, _ opening: String) -> [UInt8] {
        var name: [UInt8] = []
        name.reserveCapacity(width + template.rawValue.utf8.count + opening.utf8.count + 8)
        var digits = 1, power = 10
        while number >= power { digits += 1; power *= 10 }
        for _ in digits..<max(width, digits) { name.append(UInt8(ascii: "0")) }
        var divisor = power / 10
        while divisor > 0 {
            name.append(UInt8(ascii: "0") + UInt8(number / divisor % 10))
            divisor /= 10
        }
        name.append(UInt8(ascii: "-"))
        name.append(contentsOf: template.rawValue.utf8)
        name.append(UInt8(ascii: "-"))
        // Most ids are letters, digits, `.`, `_` and `-` only, one character a byte: the first 40 as they are.
        let plain = opening.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default: return false
            }
        }
        if plain { name.append(contentsOf: opening.utf8.prefix(40)) } else { name.append(contentsOf: fileWord(opening).utf8) }
        name.append(contentsOf: ".eml".utf8)
        name.append(0)
        return name
    }

    /// An opening id as part of a file name: letters, digits, `.`, `_` and `-`; anything else `_`.
    static func fileWord(_ text: String) -> String {
        String(text.prefix(40).unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return Character(scalar)
            default: return "_"
            }
        })
    }

    /// Creates `name` (NUL-terminated) in the folder open as `folder` (never replacing a file) with `bytes`: one open, write and
    /// close; the problem in words when it cannot.
    private static func writeNew(_ folder: Int32, _ name: [UInt8], _ bytes: [UInt8]) -> String? {
        let fd = name.withUnsafeBufferPointer { name in
            name.withMemoryRebound(to: CChar.self) { openat(folder, $0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        }
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            written += n
        }
        return nil
    }
}

#if canImport(Glibc)
private let posixWrite = Glibc.write
#else
private let posixWrite = Darwin.write
#endif

/// The first error of threads writing at once.
private final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: DraftFolderError?

    var failed: Bool { lock.withLock { first != nil } }
    var error: DraftFolderError? { lock.withLock { first } }
    func record(_ error: DraftFolderError) { lock.withLock { if first == nil { first = error } } }
}

/// Why drafts could not be written.
enum DraftFolderError: Error, Sendable, CustomStringConvertible {
    case notAFolder(String)
    case holdsDrafts(String, count: Int)
    case cannotCreate(String, reason: String)
    case cannotWrite(String, reason: String)

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "--drafts \(path) is a file, not a folder; name a folder (it is made if missing)"
        case .holdsDrafts(let path, let count):
            return "--drafts \(path) already holds \(count) .eml \(count == 1 ? "file" : "files"); move them away or name an empty folder, so that drafts of different days do not mix"
        case .cannotCreate(let path, let reason):
            return "cannot make the folder \(path) for --drafts (\(reason)); check the path and its permissions"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path) (\(reason)); no drafts were kept; check the folder's space and permissions"
        }
    }
}
