/// An error that says how a `recruit` command it stops ends, as hummingbird's errors say their HTTP status:
/// CONTRACT.md's exit statuses (1 input refused, 2 usage, 3 database unreachable or not migrated), and one line for
/// the user (its description, printed after `recruit: `). Any other error ends a command with status 1 and its
/// description.
public protocol ExitStatusError: Error, CustomStringConvertible {
    var exitStatus: Int32 { get }
}

extension EmbeddedPostgresError: ExitStatusError {
    /// The private server could not be set up or started: the database is unavailable.
    public var exitStatus: Int32 { 3 }
}

extension CannotConnect: ExitStatusError {
    public var exitStatus: Int32 { 3 }
}

extension MigrationError: ExitStatusError {
    /// The database's schema is not one this recruit can use as it is.
    public var exitStatus: Int32 { 3 }
}

extension AccountError: ExitStatusError {
    public var exitStatus: Int32 { 1 }
}
