import Foundation

/// Where commands write: the process's stdout and stderr, or a buffer in tests (bound with `Console.$current`).
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""
    private let capturing: Bool

    /// Writes straight to the process's standard output and error.
    public static let standard = Console(capturing: false)

    @TaskLocal public static var current: Console = .standard

    public init(capturing: Bool = true) { self.capturing = capturing }

    public func out(_ text: String, terminator: String = "\n") {
        write(text + terminator, toError: false)
    }

    public func err(_ text: String, terminator: String = "\n") {
        write(text + terminator, toError: true)
    }

    /// What was written to standard output (capturing consoles only).
    public var standardOutput: String { lock.withLock { outText } }
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
            lock.withLock { if toError { errText += text } else { outText += text } }
        } else {
            FileHandle(fileDescriptor: toError ? STDERR_FILENO : STDOUT_FILENO).write(Data(text.utf8))
        }
    }
}
