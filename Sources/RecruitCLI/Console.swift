import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// write(2) on standard output (the name `write` is taken inside `Console`).
private func writeStandardOutput(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(STDOUT_FILENO, bytes, count)
    #else
    return Darwin.write(STDOUT_FILENO, bytes, count)
    #endif
}

/// Where commands write: the process's stdout and stderr, or a buffer in tests (bound with `Console.$current`).
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    /// Captured standard output as bytes: chunks written with `out(bytes:)` may split a character.
    private var outBytes: [UInt8] = []
    private var errText = ""
    private let capturing: Bool

    /// Writes straight to the process's standard output and error.
    public static let standard = Console(capturing: false)

    @TaskLocal public static var current: Console = .standard

    public init(capturing: Bool = true) { self.capturing = capturing }

    public func out(_ text: String, terminator: String = "\n") {
        write(text + terminator, toError: false)
    }

    /// Writes UTF-8 bytes to standard output as they are (large outputs go in chunks, never as one String).
    public func out(bytes: UnsafeRawBufferPointer) {
        if capturing {
            lock.withLock { outBytes.append(contentsOf: bytes) }
            return
        }
        var offset = 0
        while offset < bytes.count {
            let written = writeStandardOutput(bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return  // a closed pipe (e.g. `| head`): nothing more can be written, as with FileHandle
            }
            offset += written
        }
    }

    public func err(_ text: String, terminator: String = "\n") {
        write(text + terminator, toError: true)
    }

    /// What was written to standard output (capturing consoles only).
    public var standardOutput: String { lock.withLock { String(decoding: outBytes, as: UTF8.self) } }
    /// What was written to standard error (capturing consoles only).
    public var standardError: String { lock.withLock { errText } }

    /// True when standard output is a terminal and colour is allowed (`NO_COLOR` unset).
    public var useColour: Bool {
        guard !capturing else { return false }
        if let noColour = ProcessInfo.processInfo.environment["NO_COLOR"], !noColour.isEmpty { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    private func write(_ text: String, toError: Bool) {
        if capturing {
            lock.withLock { if toError { errText += text } else { outBytes.append(contentsOf: text.utf8) } }
        } else {
            FileHandle(fileDescriptor: toError ? STDERR_FILENO : STDOUT_FILENO).write(Data(text.utf8))
        }
    }
}
