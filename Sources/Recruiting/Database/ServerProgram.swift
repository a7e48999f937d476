import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one of PostgreSQL's server programs and waits for it, with posix_spawn and waitpid.
///
/// Foundation's `Process` is not used on purpose: `pg_ctl start` leaves a daemon behind that inherits the
/// descriptors `Process` watches to learn that its child exited, so `waitUntilExit()` never returns.
/// Here the child gets exactly three descriptors (stdin /dev/null, stdout and stderr to a log file) and
/// is reaped with waitpid. Every other descriptor recruit holds, including any it inherited, is closed in the
/// child: the server outlives recruit, and a descriptor it kept would keep, say, a caller's pipe or file lock
/// open for as long as the server runs.
enum ServerProgram {
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not
    /// declare; nil on an older C library, where the child keeps what it inherits.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFromThree: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// - Returns: the exit status (128 + signal when killed by one).
    static func run(_ executable: String, _ arguments: [String], outputFile: String) throws -> Int32 {
        try spawn(executable, arguments, environment: ["PGDATA": nil]) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
    }

    /// Runs a client program (`pg_dump`, `pg_restore`, `psql`) with the given descriptors as its standard input,
    /// output and error (they stay open here), every other descriptor closed, `extra` added to the environment.
    /// - Returns: the exit status (128 + signal when killed by one).
    static func run(_ executable: String, _ arguments: [String], input: Int32, output: Int32, error: Int32,
                    extra: [String: String] = [:]) throws -> Int32 {
        try spawn(executable, arguments, environment: extra) { actions in
            posix_spawn_file_actions_adddup2(&actions, input, 0)
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, error, 2)
        }
    }

    /// Spawns `executable` with the descriptors `descriptors` sets up as 0, 1 and 2 and every other one closed, in
    /// this process's environment with `LC_ALL=C` and `environment`'s changes (nil removes a variable), and waits.
    private static func spawn(_ executable: String, _ arguments: [String], environment changes: [String: String?],
                              descriptors: (inout posix_spawn_file_actions_t) -> Void) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        descriptors(&actions)
        _ = closeFromThree?(&actions, 3)

        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        for (key, value) in changes { environment[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw EmbeddedPostgresError.programFailed(command: executable, status: -1,
                                                      output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
