import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster in a folder of recruit's own: created with `initdb`, started with `pg_ctl` on a
/// Unix socket only (`listen_addresses=''`, so no port can clash), and reused while it runs.
///
/// As root (containers, CI), PostgreSQL refuses to run, so the server runs as the `postgres` system user in a folder
/// that user owns. Two processes starting at once are serialised by a file lock.
package final class EmbeddedPostgres: Sendable {
    /// The folder holding `data/`, the server log and the lock.
    package let home: String
    /// The folder holding the server's socket (kept short: socket paths are limited to ~107 bytes).
    package let socketDirectory: String
    /// The superuser that `initdb` creates; fixed so root and normal users connect the same way.
    package static let superuser = "recruit"
    /// Written into the socket's name; nothing listens on TCP.
    package static let port = 5432

    private let programs: PostgresServerPrograms
    private let serverUser: ServerUser?
    private let forTests: Bool

    /// The system account the server runs as, when it is not the current one (we are root).
    struct ServerUser: Sendable {
        let name: String
        let uid: uid_t
        let gid: gid_t
    }

    /// Prepares (but does not start) a cluster.
    /// - Parameters:
    ///   - folder: where the cluster lives. As root, when the `postgres` user cannot reach that folder (say under
    ///     `/root`), the cluster lives in `/var/lib/recruit/<name>` instead, named after the folder.
    ///   - forTests: `fsync=off` and friends: fast, and unsafe for real data.
    package init(folder: String, forTests: Bool = false, programs: PostgresServerPrograms? = nil) throws {
        self.programs = try programs ?? PostgresServerPrograms.locate()
        self.forTests = forTests
        let folder = (folder as NSString).standardizingPath
        if geteuid() == 0 {
            guard let account = getpwnam("postgres") else { throw EmbeddedPostgresError.noPostgresUser }
            let user = ServerUser(name: "postgres", uid: account.pointee.pw_uid, gid: account.pointee.pw_gid)
            serverUser = user
            home = EmbeddedPostgres.reachable(folder, by: user)
                ? folder
                : "/var/lib/recruit/cluster-\(EmbeddedPostgres.shortHash(folder))"
        } else {
            serverUser = nil
            home = folder
        }
        let socketInHome = (home as NSString).appendingPathComponent("run")
        let safe = socketInHome.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) }
        socketDirectory = safe && (socketInHome + "/.s.PGSQL.\(EmbeddedPostgres.port)").utf8.count < 100
            ? socketInHome
            : "/tmp/recruit-\(EmbeddedPostgres.shortHash(home))"
    }

    /// The cluster for `RECRUIT_HOME` (default `~/.local/share/recruit`).
    package static func forRecruitHome(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EmbeddedPostgres {
        try EmbeddedPostgres(folder: recruitHome(environment: environment))
    }

    package static func recruitHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["RECRUIT_HOME"], !home.isEmpty { return home }
        let user = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (user as NSString).appendingPathComponent(".local/share/recruit")
    }

    var dataDirectory: String { (home as NSString).appendingPathComponent("data") }
    var logFile: String { (home as NSString).appendingPathComponent("server.log") }

    /// A libpq `key=value` string for a database of this cluster.
    package func conninfo(database: String = "recruit") -> String {
        "host='\(socketDirectory)' port=\(EmbeddedPostgres.port) user=\(EmbeddedPostgres.superuser) dbname='\(database)'"
    }

    /// Creates the cluster if needed, starts it unless it is already running, and makes sure `database` exists.
    /// - Returns: true when this call started the server (false: it was already running).
    @discardableResult
    package func start(database: String? = "recruit") throws -> Bool {
        try prepareFolders()
        let lock = try FileLock(path: (home as NSString).appendingPathComponent("lock"))
        defer { lock.release() }
        var started = false
        if !isRunning() {
            if !FileManager.default.fileExists(atPath: (dataDirectory as NSString).appendingPathComponent("PG_VERSION")) {
                try initialise()
            }
            try run(programs.pgCtl, ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", serverOptions(), "start"],
                    what: "starting PostgreSQL (pg_ctl start)")
            started = true
        }
        if let database { try createDatabaseIfMissing(database) }
        return started
    }

    /// Stops the server (`pg_ctl -m fast stop`) if it runs.
    package func stop() throws {
        guard mayBeRunning else { return }
        try run(programs.pgCtl, ["-D", dataDirectory, "-m", "fast", "-w", "stop"], what: "stopping PostgreSQL (pg_ctl stop)")
    }

    /// True when a server answers on this cluster's socket.
    package func isRunning() -> Bool {
        guard mayBeRunning else { return false }
        return (try? Connection(conninfo: conninfo(database: "postgres") + " connect_timeout=5")) != nil
    }

    /// False when the server certainly does not run (it has no pid file); true when it may.
    package var mayBeRunning: Bool {
        FileManager.default.fileExists(atPath: (dataDirectory as NSString).appendingPathComponent("postmaster.pid"))
    }

    /// Stops the server and deletes the whole folder (for throwaway clusters).
    package func destroy() {
        _ = try? run(programs.pgCtl, ["-D", dataDirectory, "-m", "immediate", "-w", "stop"], what: "stopping PostgreSQL")
        try? FileManager.default.removeItem(atPath: home)
        if !socketDirectory.hasPrefix(home) { try? FileManager.default.removeItem(atPath: socketDirectory) }
    }

    // MARK: - Steps

    private func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    private func serverOptions() -> String {
        // No TCP listener; the socket for its owner only (its folder is 0700 too).
        var options = "-c listen_addresses='' -c port=\(EmbeddedPostgres.port) -c unix_socket_directories='\(socketDirectory)'"
            + " -c unix_socket_permissions=0700"
        if forTests {
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        } else {
            options += " -c shared_buffers=\(EmbeddedPostgres.sharedBuffersMegabytes(ProcessInfo.processInfo.physicalMemory))MB"
        }
        return options
    }

    /// The server's page cache: a quarter of the machine's memory (PostgreSQL's own advice), at least its 128 MB
    /// default and at most 2 GB. The default is sized for tiny machines: with it, the pages of a large agency's queue
    /// do not stay in the server's cache from one command to the next.
    package static func sharedBuffersMegabytes(_ physicalMemory: UInt64) -> UInt64 {
        min(max(physicalMemory / 4 / (1 << 20), 128), 2_048)
    }

    private func initialise() throws {
        // A half-made data folder from an interrupted initdb is useless: start again.
        try? FileManager.default.removeItem(atPath: dataDirectory)
        var arguments = ["-D", dataDirectory, "-U", EmbeddedPostgres.superuser, "-A", "trust", "-E", "UTF8", "--locale=C"]
        if forTests { arguments.append("--no-sync") }
        try run(programs.initdb, arguments, what: "creating the private database cluster (initdb)")
    }

    private func createDatabaseIfMissing(_ name: String) throws {
        let connection = try Connection(conninfo: conninfo(database: "postgres"))
        if try connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]).rows.isEmpty {
            do {
                try connection.execute(script: "CREATE DATABASE \(quoteIdentifier(name))")
            } catch let error as DatabaseError where error.sqlState == "42P04" {
                // Created meanwhile by another recruit: fine.
            }
        }
    }

    private func prepareFolders() throws {
        for folder in [home, socketDirectory] {
            do {
                // Parents stay searchable (the server user must pass through them); the folder itself is private.
                try FileManager.default.createDirectory(atPath: (folder as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o755])
                if !FileManager.default.fileExists(atPath: folder) {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false,
                                                            attributes: [.posixPermissions: 0o700])
                }
            } catch where isDirectory(folder) {
                // Another process starting at the same moment made it between our look and our mkdir: use it.
            } catch {
                throw EmbeddedPostgresError.folderUnusable(path: folder, reason: error.localizedDescription)
            }
            // A folder made before (by an older recruit, or by hand) is made private too: the cluster's logs and
            // the socket are nobody else's business.
            if chmod(folder, 0o700) != 0, errno != EPERM {
                throw EmbeddedPostgresError.folderUnusable(path: folder, reason: String(cString: strerror(errno)))
            }
            if let serverUser, chown(folder, serverUser.uid, serverUser.gid) != 0 {
                throw EmbeddedPostgresError.folderUnusable(path: folder, reason: String(cString: strerror(errno)))
            }
        }
        // Logs an older recruit left readable by others (they quote statements, so personal data).
        for log in [logFile, (home as NSString).appendingPathComponent("last-command.log")] {
            _ = chmod(log, 0o600)
        }
    }

    /// Runs a server program, as the `postgres` user when we are root, with its output in a file of the cluster.
    @discardableResult
    private func run(_ program: String, _ arguments: [String], what: String) throws -> Int32 {
        let outputPath = (home as NSString).appendingPathComponent("last-command.log")
        var executable = program
        var allArguments = arguments
        if let serverUser {
            if FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") {
                executable = "/usr/sbin/runuser"
                allArguments = ["-u", serverUser.name, "--", program] + arguments
            } else {
                executable = "/usr/bin/setpriv"
                allArguments = ["--reuid=\(serverUser.uid)", "--regid=\(serverUser.gid)", "--init-groups", program] + arguments
            }
        }
        let status = try ServerProgram.run(executable, allArguments, outputFile: outputPath)
        guard status == 0 else {
            let said = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let tail = (said.split(separator: "\n").suffix(8) + log.split(separator: "\n").suffix(8)).joined(separator: "\n")
            throw EmbeddedPostgresError.programFailed(command: what, status: status, output: tail)
        }
        return status
    }

    /// True when `user` can reach `folder` (every existing ancestor searchable by it), so the server can live there.
    static func reachable(_ folder: String, by user: ServerUser) -> Bool {
        var path = folder
        while path != "/" && !path.isEmpty {
            var info = stat()
            if stat(path, &info) == 0 {
                let mode = info.st_mode
                let searchable = info.st_uid == user.uid ? (mode & S_IXUSR) != 0
                    : info.st_gid == user.gid ? (mode & S_IXGRP) != 0
                    : (mode & S_IXOTH) != 0
                if !searchable { return false }
            }
            path = (path as NSString).deletingLastPathComponent
        }
        return true
    }

    static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// Double-quotes an SQL identifier. Only for names the program makes (database names), never for user values.
func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// An exclusive `flock` on a file, released on `release()` or process exit.
final class FileLock {
    private var descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw EmbeddedPostgresError.folderUnusable(path: path, reason: String(cString: strerror(errno)))
        }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR {
                close(descriptor)
                throw EmbeddedPostgresError.folderUnusable(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
