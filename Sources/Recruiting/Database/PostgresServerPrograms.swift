import Foundation

/// Where PostgreSQL's server programs (`initdb`, `pg_ctl`) live on this machine.
package struct PostgresServerPrograms: Sendable, Equatable {
    package let initdb: String
    package let pgCtl: String

    /// The Debian/Ubuntu install command, said to users whenever the programs are missing.
    package static let installCommand = "apt-get install -y postgresql"

    /// Finds the programs: `RECRUIT_PG_BIN` when set, else on `PATH`, else the newest
    /// `/usr/lib/postgresql/<version>/bin` (Debian keeps them off PATH).
    /// - Throws: `EmbeddedPostgresError.serverProgramsMissing` with the exact install command.
    package static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              libraryRoot: String = "/usr/lib/postgresql") throws -> PostgresServerPrograms {
        for directory in searchDirectories(environment: environment, libraryRoot: libraryRoot) {
            let initdb = (directory as NSString).appendingPathComponent("initdb")
            let pgCtl = (directory as NSString).appendingPathComponent("pg_ctl")
            if FileManager.default.isExecutableFile(atPath: initdb), FileManager.default.isExecutableFile(atPath: pgCtl) {
                return PostgresServerPrograms(initdb: initdb, pgCtl: pgCtl)
            }
        }
        throw EmbeddedPostgresError.serverProgramsMissing
    }

    /// Another of PostgreSQL's programs (`pg_dump`, say): beside the server programs ``locate`` finds (links resolved,
    /// so it is their version), else the first in the same places ``locate`` searches.
    /// - Returns: its path, or nil when none is installed.
    package static func locate(program name: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              libraryRoot: String = "/usr/lib/postgresql") -> String? {
        var directories = searchDirectories(environment: environment, libraryRoot: libraryRoot)
        if let server = try? locate(environment: environment, libraryRoot: libraryRoot) {
            let initdb = URL(fileURLWithPath: server.initdb).resolvingSymlinksInPath()
            directories.insert(initdb.deletingLastPathComponent().path, at: 0)
        }
        return directories.map { ($0 as NSString).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Where programs are looked for, in order: `RECRUIT_PG_BIN`, `PATH`, then `/usr/lib/postgresql/<version>/bin`.
    static func searchDirectories(environment: [String: String], libraryRoot: String) -> [String] {
        var candidates: [String] = []
        if let explicit = environment["RECRUIT_PG_BIN"], !explicit.isEmpty { candidates.append(explicit) }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        candidates += versionedDirectories(under: libraryRoot)
        return candidates.filter { !$0.isEmpty }
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
