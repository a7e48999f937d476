import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or standard input in fixed-size chunks, so memory stays flat whatever the file's size.
final class ChunkReader {
    private let descriptor: Int32
    private let owned: Bool
    private var buffer: [UInt8]
    /// The file's size, nil for a pipe.
    let size: Int?

    init(_ source: ImportSource) throws {
        switch source {
        case let .file(path), let .upload(path, _):
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw ImportError.cannotRead(file: source.name, reason: String(cString: strerror(errno)))
            }
            var status = stat()
            if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                close(descriptor)
                throw ImportError.cannotRead(file: source.name, reason: "it is a folder")
            }
            self.descriptor = descriptor
            owned = true
            size = (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
        case .standardInput:
            descriptor = STDIN_FILENO
            owned = false
            size = nil
        }
        buffer = [UInt8](repeating: 0, count: Importer.chunkSize)
    }

    /// The next chunk, nil at the end of the file.
    func next() throws -> [UInt8]? {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count == 0 { return nil }
            if errno == EINTR { continue }
            throw ImportError.cannotRead(file: "input", reason: String(cString: strerror(errno)))
        }
    }

    func release() {
        if owned { _ = close(descriptor) }
    }
}
