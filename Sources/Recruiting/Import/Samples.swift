import Foundation

/// The bundled sample files: a small agency (3 clients, 10 openings, 40 candidates, 137 activities) whose history
/// exercises every rule of POLICY.md on the demo day (`docs/samples.md`). Used by the README, `recruit demo` and tests.
public enum Samples {
    /// The day the samples are written for: every rule has an item on it.
    public static let demoDay = "2026-11-20"

    /// The folder holding `openings.csv`, `candidates.csv`, `applications.csv` and `activities.csv`.
    /// - Throws: `ImportError.cannotRead` when the resource bundle is missing (a broken install).
    public static func folder() throws -> URL {
        guard let url = Bundle.module.url(forResource: "samples", withExtension: nil) else {
            throw ImportError.cannotRead(file: "samples/", reason: "the bundled sample files are missing; reinstall recruit")
        }
        return url
    }

    /// The sample file for one kind, in the order they must be imported: openings, candidates, applications, activities.
    public static func file(_ kind: ImportKind) throws -> URL {
        try folder().appendingPathComponent("\(kind.rawValue).csv")
    }
}
