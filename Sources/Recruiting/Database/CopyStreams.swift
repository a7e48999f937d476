import CLibPQ
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rows of one `COPY ... TO STDOUT`, pulled one at a time with ``next()``. Each row is PostgreSQL's text
/// format, ending in a newline, valid until the next call. Reading to the end (nil) completes the COPY; a stream
/// dropped earlier cancels it (``abandon()``) so that its connection is usable again.
final class CopyOutStream {
    private let connection: Connection
    let raw: OpaquePointer
    private var buffer: UnsafeMutablePointer<CChar>?
    private var finished = false

    init(_ connection: Connection, _ sql: String) throws {
        self.connection = connection
        raw = try connection.startCopyOut(sql)
    }

    deinit { abandon() }

    /// The next row's bytes (including the final newline), nil after the last one.
    /// - Throws: `DatabaseError` when the server reports an error part way.
    package func next() throws -> UnsafeRawBufferPointer? {
        if let taken = buffer { PQfreemem(taken); buffer = nil }
        guard !finished else { return nil }
        // libpq hands COPY OUT data one row per buffer (blocking mode, async = 0).
        let length = PQgetCopyData(raw, &buffer, 0)
        if length > 0, let buffer { return UnsafeRawBufferPointer(start: buffer, count: Int(length)) }
        finished = true
        if length == -1 {
            try connection.finishCopyOut()
            return nil
        }
        throw connection.copyOutFailure()
    }

    /// Cancels the COPY if it is still running and discards what is in flight. Safe to call more than once.
    package func abandon() {
        if let taken = buffer { PQfreemem(taken); buffer = nil }
        guard !finished else { return }
        finished = true
        connection.abandonCopyOut()
    }
}

/// Writes chunks of a COPY stream.
package struct CopyWriter {
    let connection: OpaquePointer

    /// Sends one chunk (any size; ~1 MiB is a good unit).
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        let sent = PQputCopyData(connection, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        if sent != 1 {
            throw DatabaseError.connectionLost(reason: Connection.firstLine(String(cString: PQerrorMessage(connection))))
        }
    }

    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    package func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }
}
