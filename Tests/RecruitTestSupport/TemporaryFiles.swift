import Foundation

/// Temporary folders for tests' files, all under one folder of the test process that is removed when it exits:
/// a test run leaves nothing behind in the system's temporary directory, however many files its tests write.
public enum TemporaryFiles {
    /// `<temporary directory>/recruit-tests-<pid>`, made on first use.
    public static let root: String = {
        let root = "\(NSTemporaryDirectory())recruit-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TemporaryFiles.root) }
        return root
    }()

    /// A new, empty folder named after `purpose`, inside ``root``.
    public static func folder(_ purpose: String) throws -> String {
        let folder = "\(root)/\(purpose)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A path for a file named after `purpose`, inside ``root`` (not created).
    public static func path(_ purpose: String, extension: String) -> String {
        "\(root)/\(purpose)-\(UUID().uuidString).\(`extension`)"
    }
}
