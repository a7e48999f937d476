import Foundation

/// Where PostgreSQL's server programs (`initdb`, `pg_ctl`) live on this machine.
public struct PostgresServerPrograms: Sendable, Equatable {
    public let initdb: String
    public let pgCtl: String

    /// The Debian/Ubuntu install command, said to users whenever the programs are missing.
    public static let installCommand = "apt-get install -y postgresql"

    /// Finds the programs: `RECRUIT_PG_BIN` when set, else on `PATH`, else the newest
    /// `/usr/lib/postgresql/<version>/bin` (Debian keeps them off PATH).
    /// - Throws: `EmbeddedPostgresError.serverProgramsMissing` with the exact install command.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              libraryRoot: String = "/usr/lib/postgresql") throws -> PostgresServerPrograms {
        var searched: [String] = []
        var candidates: [String] = []
        if let explicit = environment["RECRUIT_PG_BIN"], !explicit.isEmpty { candidates.append(explicit) }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        candidates += versionedDirectories(under: libraryRoot)
        for directory in candidates where !directory.isEmpty {
            searched.append(directory)
            let initdb = (directory as NSString).appendingPathComponent("initdb")
            let pgCtl = (directory as NSString).appendingPathComponent("pg_ctl")
            if FileManager.default.isExecutableFile(atPath: initdb), FileManager.default.isExecutableFile(atPath: pgCtl) {
                return PostgresServerPrograms(initdb: initdb, pgCtl: pgCtl)
            }
        }
        throw EmbeddedPostgresError.serverProgramsMissing
    }

    /// `/usr/lib/postgresql/<version>/bin`, newest version first.
    static func versionedDirectories(under root: String) -> [String] {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions
            .compactMap { name -> (Double, String)? in
                guard let number = Double(name) else { return nil }
                return (number, "\(root)/\(name)/bin")
            }
            .sorted { $0.0 > $1.0 }
            .map(\.1)
    }
}
