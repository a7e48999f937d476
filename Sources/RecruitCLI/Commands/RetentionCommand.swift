import ArgumentParser
import Foundation
import Policies
import Recruiting

/// `recruit retention [--as-of D] [--apply]`: who is past the agency's retention limit, and forgetting them.
struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "List (or, with --apply, forget) the people with no application or activity for retention_months.",
        discussion: """
        The limit is the agency's policy key retention_months (0, the default, is off): someone whose latest \
        activity, stage date or submission is before the day that many months before --as-of is past it. \
        Without --apply it prints their e-mail addresses, one a line, and changes nothing; with --apply it \
        forgets each one as recruit forget does, each in its own transaction with its own audit row.

        Examples:
          recruit policy set retention_months=24
          recruit retention
          recruit retention --as-of 2026-12-31 --apply
        """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @Flag(help: "Forget everyone listed.")
    var apply = false

    func run() throws {
        let connection = try DatabaseLocation.resolve(option: database.url).open()
        let policy = try PolicyStore.load(connection).agency
        let day = asOf.day(timeZone: policy.timeZone)
        let due = try Retention.due(connection, asOf: day, months: policy.retentionMonths)
        let console = Console.current
        let keepFrom = Retention.keepFrom(asOf: day, months: policy.retentionMonths)
        if !apply {
            for email in due { console.out(email) }
            console.err("\(due.count) \(due.count == 1 ? "person has" : "people have") had nothing since before "
                        + "\(keepFrom) (retention_months=\(policy.retentionMonths), as of \(day))"
                        + (due.isEmpty ? "" : "; recruit retention --apply forgets them"))
            return
        }
        var forgotten = 0
        for email in due {
            do {
                try Erasure.forget(connection, email: email, reason: "retention", actor: Audit.commandLineActor,
                                   via: "retention")
                forgotten += 1
            } catch PrivacyError.unknownCandidate {
                continue  // changed meanwhile (forgotten by someone else): nothing left to do
            }
        }
        console.out("forgot \(forgotten) \(forgotten == 1 ? "person" : "people") with nothing since before "
                    + "\(keepFrom) (retention_months=\(policy.retentionMonths), as of \(day))")
    }
}
