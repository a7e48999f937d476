import Foundation
import Mail

/// One message as read from its source, before it is parsed: its bytes and where it came from.
struct RawMessage: Sendable {
    let bytes: [UInt8]
    /// The message's first byte in its file (0 for a file of its own), added to a parse error's position.
    let offset: Int
    let file: String
    /// Whether the message is one of an mbox's.
    let inMbox: Bool

    /// `FILE` for a file of its own, `FILE: byte N` inside an mbox.
    var source: String { inMbox ? "\(file): byte \(offset)" : file }
}

/// Reads the paths `recruit import mail` is given: `.eml` files, mbox files, Maildir folders (`cur/` and `new/`),
/// or `-` (an mbox on standard input). Memory stays bounded: an mbox is read in 1 MiB chunks, and a file or a
/// message over the limits is reported without being loaded.
enum MailSources {
    enum Item {
        case message(RawMessage)
        /// A message (or file) that could not be read: where, and why. Never personal data.
        case unreadable(String)
    }

    /// Checks every path before anything is read: each exists, and a folder is a Maildir.
    /// - Throws: ``MailImportError/cannotRead(path:reason:)``.
    static func check(_ paths: [String]) throws {
        for path in paths where path != "-" {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw MailImportError.cannotRead(path: path, reason: "no such file or folder")
            }
            if isDirectory.boolValue {
                let hasMaildir = ["cur", "new"].contains { sub in
                    var dir: ObjCBool = false
                    return FileManager.default.fileExists(atPath: path + "/" + sub, isDirectory: &dir) && dir.boolValue
                }
                guard hasMaildir else {
                    throw MailImportError.cannotRead(path: path, reason: "a folder that is not a Maildir (it has neither cur/ nor new/)")
                }
            }
        }
    }

    /// Calls `body` with each message of each path, in order.
    static func forEach(_ paths: [String], limits: Limits, standardInput: FileHandle,
                        _ body: (Item) throws -> Void) throws {
        for path in paths {
            if path == "-" {
                try readMbox(standardInput, name: "standard input", limits: limits, body)
                continue
            }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                for sub in ["cur", "new"] {
                    let folder = path + "/" + sub
                    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
                    for name in names.sorted() where !name.hasPrefix(".") {
                        try readFile(folder + "/" + name, limits: limits, mboxAllowed: false, body)
                    }
                }
            } else {
                try readFile(path, limits: limits, mboxAllowed: true, body)
            }
        }
    }

    private static func readFile(_ path: String, limits: Limits, mboxAllowed: Bool, _ body: (Item) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            try body(.unreadable("\(path): cannot be opened"))
            return
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 5)) ?? Data()
        if mboxAllowed, head.elementsEqual("From ".utf8) {
            try handle.seek(toOffset: 0)
            try readMbox(handle, name: path, limits: limits, body)
            return
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= limits.messageBytes else {
            try body(.unreadable("\(path): byte 0: the message is larger than \(limits.messageBytes >> 20) MiB; skipped"))
            return
        }
        try handle.seek(toOffset: 0)
        let data = (try? handle.readToEnd()) ?? Data()
        guard data.count <= limits.messageBytes else {
            try body(.unreadable("\(path): byte 0: the message is larger than \(limits.messageBytes >> 20) MiB; skipped"))
            return
        }
        try body(.message(RawMessage(bytes: Array(data), offset: 0, file: path, inMbox: false)))
    }

    private static func readMbox(_ handle: FileHandle, name: String, limits: Limits, _ body: (Item) throws -> Void) throws {
        var reader = MboxReader(limits: limits)
        func deliver(_ items: [MboxReader.Item]) throws {
            for item in items {
                switch item {
                case let .message(bytes, offset):
                    try body(.message(RawMessage(bytes: bytes, offset: offset, file: name, inMbox: true)))
                case let .skipped(error):
                    try body(.unreadable("\(name): \(error); skipped"))
                }
            }
        }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw MailImportError.cannotRead(path: name, reason: error.localizedDescription)
            }
            if chunk.isEmpty { break }
            try deliver(chunk.withUnsafeBytes { reader.feed($0.bindMemory(to: UInt8.self)) })
        }
        try deliver(reader.finish())
    }
}

/// Why `recruit import mail` or `recruit mail assign` refused to run (nothing written).
enum MailImportError: Error, CustomStringConvertible, Sendable {
    case cannotRead(path: String, reason: String)
    case notInReview(String)
    case noApplication(candidate: String, opening: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason): return "\(path): \(reason); nothing was imported"
        case let .notInReview(id):
            return "no message \(id) in the review list; `recruit mail review` lists the messages waiting to be placed"
        case let .noApplication(candidate, opening):
            return "no application of \(candidate) on opening \(opening); import it first (recruit import applications)"
        }
    }
}
