import Foundation
import Recruiting
#if canImport(Glibc)
import Glibc
#endif

/// The one PostgreSQL server a test process uses: `TEST_DATABASE_URL` when set, else a throwaway cluster
/// started with the same `EmbeddedPostgres` code the tool uses (fsync off), stopped and deleted at exit.
/// Each test gets its own fresh database from `TestDatabase.with`.
public final class TestServer: Sendable {
    /// How to reach the server's maintenance database (where databases are created and dropped).
    public let adminConninfo: String
    /// A migrated database that fresh test databases are copied from.
    let templateName: String
    let cluster: EmbeddedPostgres?

    /// Started on first use, shared by every test in the process (tests run in parallel).
    public static let shared: Result<TestServer, Error> = Result { try TestServer() }

    private init() throws {
        let environment = ProcessInfo.processInfo.environment
        templateName = "recruit_test_template_\(getpid())"
        if let url = environment["TEST_DATABASE_URL"], !url.isEmpty {
            cluster = nil
            adminConninfo = url
        } else {
            TestServer.removeOrphans()
            let home = "\(NSTemporaryDirectory())recruit-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let cluster = try EmbeddedPostgres(folder: home, forTests: true)
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            try String(getpid()).write(toFile: "\(home)/owner.pid", atomically: true, encoding: .utf8)
            clusterToRemove = cluster
            atexit { clusterToRemove?.destroy() }
            try cluster.start(database: nil)
            self.cluster = cluster
            adminConninfo = cluster.conninfo(database: "postgres")
        }
        let admin = try Connection(conninfo: adminConninfo)
        try admin.execute(script: "DROP DATABASE IF EXISTS \(templateName) WITH (FORCE)")
        try admin.execute(script: "CREATE DATABASE \(templateName)")
        if cluster == nil { templateToDrop = (adminConninfo, templateName) ; atexit { dropTemplate() } }
        let template = try Connection(conninfo: Connection.conninfo(adminConninfo, database: templateName))
        try Migrator.bundled().migrate(template)
    }

    /// Clusters left by test runs that crashed (their owner process is gone).
    static func removeOrphans() {
        let temporary = NSTemporaryDirectory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix("recruit-test-") {
            let home = temporary + name
            guard let owner = (try? String(contentsOfFile: "\(home)/owner.pid", encoding: .utf8)).flatMap({ Int32($0) }) else { continue }
            if kill(owner, 0) != 0 && errno == ESRCH, let orphan = try? EmbeddedPostgres(folder: home, forTests: true) {
                orphan.destroy()
            }
        }
    }
}

nonisolated(unsafe) private var clusterToRemove: EmbeddedPostgres?
nonisolated(unsafe) private var templateToDrop: (String, String)?

private func dropTemplate() {
    guard let (admin, name) = templateToDrop, let connection = try? Connection(conninfo: admin) else { return }
    try? connection.execute(script: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
}

/// A fresh database for one test.
public struct TestDatabase: Sendable {
    public let name: String
    /// A libpq `key=value` string for this database, fit for `--database`.
    public let conninfo: String

    public func connect() throws -> Connection { try Connection(conninfo: conninfo) }

    /// Runs `body` with a database of its own, migrated unless `migrated` is false, and drops it afterwards.
    public static func with<T>(migrated: Bool = true, _ body: (TestDatabase) async throws -> T) async throws -> T {
        let server = try TestServer.shared.get()
        let name = "recruit_test_\(UInt64.random(in: 0...UInt64.max))"
        let admin = try Connection(conninfo: server.adminConninfo)
        let template = migrated ? " TEMPLATE \(server.templateName)" : ""
        try admin.execute(script: "CREATE DATABASE \(name)\(template)")
        let database = TestDatabase(name: name, conninfo: try Connection.conninfo(server.adminConninfo, database: name))
        defer { try? admin.execute(script: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        return try await body(database)
    }
}
