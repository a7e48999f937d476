import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Recruiting
import Testing

@Suite("Embedded PostgreSQL", .serialized)
struct EmbeddedPostgresTests {
    @Test("the private cluster starts, is reused, survives concurrent starts, and stops cleanly")
    func startReuseStop() async throws {
        let folder = "\(NSTemporaryDirectory())recruit-embedded-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cluster = try EmbeddedPostgres(folder: folder, forTests: true)
        defer { cluster.destroy() }
        #expect(!cluster.isRunning())
        // A descriptor recruit holds (here a pipe's write end, inheritable) must not stay open in the server.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        // Two processes' worth of starts at once: one creates and starts, the others wait and reuse it.
        let started = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<3 { group.addTask { try EmbeddedPostgres(folder: folder, forTests: true).start() } }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(started.filter { $0 }.count == 1)
        #expect(cluster.isRunning())
        close(ends[1])
        _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
        var byte: UInt8 = 0
        #expect(read(ends[0], &byte, 1) == 0, "the pipe is closed: the server holds none of recruit's descriptors")
        close(ends[0])
        let connection = try Connection(conninfo: cluster.conninfo())
        #expect(try connection.query("SELECT current_database()").scalar == "recruit")
        #expect(try connection.query("SHOW listen_addresses").scalar == "", "no TCP port is opened")
        #expect(try cluster.start() == false, "a running cluster is reused")
        try cluster.stop()
        #expect(!cluster.isRunning())
        #expect(try cluster.start() == true, "a stopped cluster starts again with its data")
        try cluster.stop()
    }

    @Test("the private cluster listens on no TCP port, its socket folder is 0700, and nothing in its folder is readable by others")
    func privateClusterIsPrivate() throws {
        let folder = "\(NSTemporaryDirectory())recruit-embedded-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A folder made earlier, open to everyone, as an older recruit or a person might have left it.
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try "old".write(toFile: folder + "/last-command.log", atomically: false, encoding: .utf8)
        chmod(folder + "/last-command.log", 0o644)
        let cluster = try EmbeddedPostgres(folder: folder, forTests: true)
        defer { cluster.destroy() }
        try cluster.start()
        let connection = try Connection(conninfo: cluster.conninfo())
        #expect(try connection.query("SHOW listen_addresses").scalar == "")
        #expect(try connection.query("SHOW unix_socket_permissions").scalar == "0700")
        var info = stat()
        #expect(stat(cluster.socketDirectory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(cluster.home, &info) == 0 && info.st_mode & 0o777 == 0o700)
        var open: [String] = []
        let walker = FileManager.default.enumerator(atPath: cluster.home)
        while let name = walker?.nextObject() as? String {
            let path = cluster.home + "/" + name
            if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK, info.st_mode & 0o007 != 0 { open.append(name) }
        }
        #expect(open.isEmpty, "readable, writable or searchable by others: \(open)")
    }

    @Test("opening the embedded database connects at once when it is there, and makes it when it is not")
    func openFindsOrMakesTheDatabase() throws {
        let folder = "\(NSTemporaryDirectory())recruit-embedded-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cluster = try EmbeddedPostgres(folder: folder, forTests: true)
        defer { cluster.destroy() }
        try cluster.start()
        let location = DatabaseLocation.embedded(home: folder)
        #expect(try location.open(migrate: false).query("SELECT current_database()").scalar == "recruit")
        // The server runs but the database is gone: the quick connection fails and the careful way makes it again.
        try Connection(conninfo: cluster.conninfo(database: "postgres")).execute(script: "DROP DATABASE recruit")
        #expect(try location.open(migrate: false).query("SELECT current_database()").scalar == "recruit")
    }

    @Test("the private server's page cache is a quarter of the memory, between 128 MB and 2 GB")
    func sharedBuffersFollowMemory() {
        let gigabyte: UInt64 = 1 << 30
        #expect(EmbeddedPostgres.sharedBuffersMegabytes(256 << 20) == 128)
        #expect(EmbeddedPostgres.sharedBuffersMegabytes(4 * gigabyte) == 1_024)
        #expect(EmbeddedPostgres.sharedBuffersMegabytes(24 * gigabyte) == 2_048)
    }

    @Test("missing server programs name the install command")
    func missingProgramsSayWhatToInstall() {
        #expect(throws: EmbeddedPostgresError.self) {
            try PostgresServerPrograms.locate(environment: ["PATH": "/nonexistent"], libraryRoot: "/nonexistent")
        }
        let message = EmbeddedPostgresError.serverProgramsMissing.description
        #expect(message.contains("apt-get install -y postgresql"))
    }

    @Test("the database location follows --database, DATABASE_URL, PG* and then the embedded default")
    func locationPrecedence() {
        #expect(DatabaseLocation.resolve(option: "postgresql:///x", environment: ["DATABASE_URL": "postgresql:///y"]) == .url("postgresql:///x"))
        #expect(DatabaseLocation.resolve(option: nil, environment: ["DATABASE_URL": "postgresql:///y"]) == .url("postgresql:///y"))
        #expect(DatabaseLocation.resolve(option: nil, environment: ["PGHOST": "db.internal"]) == .libpqEnvironment)
        #expect(DatabaseLocation.resolve(option: nil, environment: ["RECRUIT_HOME": "/srv/recruit"]) == .embedded(home: "/srv/recruit"))
        #expect(DatabaseLocation.resolve(option: nil, environment: ["HOME": "/home/sam"]) == .embedded(home: "/home/sam/.local/share/recruit"))
    }
}
