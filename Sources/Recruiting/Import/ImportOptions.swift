import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an import reads its CSV from.
public enum ImportSource: Sendable {
    /// A file path.
    case file(String)
    /// The process's standard input (`-` on the command line).
    case standardInput
    /// A file received from someone (the web's import page): read from `path`, named `name` in messages.
    case upload(path: String, name: String)

    /// The name messages use.
    public var name: String {
        switch self {
        case let .file(path): return path
        case .standardInput: return "stdin"
        case let .upload(_, name): return name
        }
    }
}

/// How far the COPY has got, for a progress line.
public struct ImportProgress: Sendable {
    /// Bytes sent to the server so far.
    public let bytes: Int
    /// Line breaks seen so far: about the number of rows (a quoted field may hold line breaks of its own).
    public let lines: Int
    public let seconds: Double
    /// The file's size when known (nil for standard input).
    public let totalBytes: Int?
}

/// What the caller asks of an import beyond the file.
public struct ImportOptions: Sendable {
    /// Validate and count, then roll everything back.
    public var dryRun = false
    /// Load the good rows and leave out the bad ones (instead of refusing the whole file).
    public var skipInvalid = false
    /// Write the rejected rows here as CSV with an `error` column (replaced atomically at the end).
    public var rejectsPath: String?
    /// Called about twice a second while the file streams to the server.
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// Who imports, and the audit trail's name for it (`import.activities`, `activity.log`): the row is written in
    /// the import's own transaction, with its counts. Nil writes none (a dry run never does).
    public var audit: (actor: String, action: String)?
    /// How to read an ATS export (header names, words, date format, delimiter, short rows), or only the command
    /// line's `--delimiter`, `--date-format`, `--pad-short-rows`; nil reads CONTRACT.md's files as they are.
    public var profile: ImportProfile?
    /// Import rows naming people who were forgotten (`recruit forget`) instead of leaving them out: they came back.
    public var allowErased = false

    public init(dryRun: Bool = false, skipInvalid: Bool = false, rejectsPath: String? = nil,
                progress: (@Sendable (ImportProgress) -> Void)? = nil, audit: (actor: String, action: String)? = nil) {
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
        self.rejectsPath = rejectsPath
        self.progress = progress
        self.audit = audit
    }
}
