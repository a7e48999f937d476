import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import Recruiting

/// Files received by the import page and the imports run from them. Each upload lives in a folder only the server's
/// user can read, under an unguessable id, for the admin who sent it; it is deleted a day later, or when the server
/// stops. Imports run on a database thread while the page polls their progress.
final class Uploads: @unchecked Sendable {
    /// The largest file accepted (the CLI takes any size; a browser upload of more is better done there).
    static let largest = 1 << 30

    struct Upload: Sendable {
        let id: String
        let owner: Int64
        let name: String
        let path: String
        let bytes: Int
        let received: Date
        var job: Job?
    }

    /// An import under way or finished.
    struct Job: Sendable {
        var kind: ImportKind
        var skipInvalid: Bool
        var started: Date
        var bytes = 0
        var totalBytes: Int?
        var rows = 0
        var report: ImportReport?
        var failure: String?
        var rejectsPath: String?
        var finished: Date?
    }

    let folder: URL
    private let lock = NSLock()
    private var uploads: [String: Upload] = [:]

    /// Uploads in a new private folder of the system's temporary folder.
    init() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recruit-uploads-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        self.folder = folder
    }

    /// Deletes every upload (the server is stopping).
    func removeAll() {
        lock.lock()
        uploads = [:]
        lock.unlock()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A new file's path, and the id it will be kept under.
    func newFile() -> (id: String, path: String) {
        let id = Secret().text
        return (id, folder.appendingPathComponent(id + ".csv").path)
    }

    func keep(_ upload: Upload) {
        lock.lock()
        defer { lock.unlock() }
        // Uploads older than a day go (their files too).
        let old = uploads.values.filter { $0.received < Date().addingTimeInterval(-86_400) }
        for upload in old {
            uploads[upload.id] = nil
            try? FileManager.default.removeItem(atPath: upload.path)
            if let rejects = upload.job?.rejectsPath { try? FileManager.default.removeItem(atPath: rejects) }
        }
        uploads[upload.id] = upload
    }

    /// The upload with this id, if it is `user`'s.
    func upload(_ id: String, of user: User) -> Upload? {
        lock.lock()
        defer { lock.unlock() }
        guard let upload = uploads[id], upload.owner == user.id else { return nil }
        return upload
    }

    /// Starts the import's record; false when one was already started for this upload (a second click).
    func begin(_ id: String, _ job: Job) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard uploads[id] != nil, uploads[id]?.job == nil else { return false }
        uploads[id]?.job = job
        return true
    }

    func update(_ id: String, _ change: (inout Job) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard var job = uploads[id]?.job else { return }
        change(&job)
        uploads[id]?.job = job
    }
}

/// A multipart/form-data body as the import page sends it: small text fields, and one file written to disk as it
/// arrives.
struct UploadedForm: Sendable {
    let fields: [String: String]
    let fileName: String?
    let bytes: Int

    /// Reads `request`'s body, writing the part named `fileField` to `path`.
    /// - Throws: ``WebError/badInput(_:)`` for a body that is not a form with a file, or one over `limit` bytes.
    static func read(_ request: Request, fileField: String, to path: String, limit: Int) async throws -> UploadedForm {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = boundary(type) else {
            throw WebError.crossSite
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let file = FileHandle(forWritingAtPath: path) else {
            throw WebError.badInput("The server could not store the file; nothing was imported.")
        }
        defer { try? file.close() }
        final class State {
            var fields: [String: String] = [:]
            var name: String?
            var fileName: String?
            var text: [UInt8] = []
            var bytes = 0
            var failure: Error?
        }
        let state = State()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { header, value in
            guard header.lowercased() == "content-disposition" else { return }
            state.name = parameter("name", in: value)
            if state.name == fileField { state.fileName = parameter("filename", in: value) ?? "upload.csv" }
        }
        parser.onBody = { buffer in
            guard state.failure == nil else { return }
            if state.name == fileField {
                state.bytes += buffer.readableBytes
                guard state.bytes <= limit else {
                    state.failure = WebError.badInput("The file is larger than \(limit >> 20) MB; import it with `recruit import` on the server.")
                    return
                }
                do { try file.write(contentsOf: buffer.readableBytesView) } catch { state.failure = error }
            } else if state.text.count + buffer.readableBytes <= 4096 {
                state.text += buffer.readableBytesView
            }
        }
        parser.onPartComplete = {
            if let name = state.name, name != fileField { state.fields[name] = String(decoding: state.text, as: UTF8.self) }
            state.name = nil
            state.text = []
        }
        do {
            for try await buffer in request.body {
                try parser.execute(buffer)
                if let failure = state.failure { throw failure }
            }
        } catch let error as WebError {
            throw error
        } catch {
            throw WebError.badInput("The upload could not be read (it was interrupted, or is not a form); nothing was imported.")
        }
        return UploadedForm(fields: state.fields, fileName: state.fileName, bytes: state.bytes)
    }

    /// The `boundary` parameter of a Content-Type.
    static func boundary(_ contentType: String) -> String? {
        parameter("boundary", in: contentType)
    }

    /// A parameter of a header value (`name="value"` or `name=value`).
    static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            var text = pair[1]
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text
        }
        return nil
    }
}
