import Foundation

/// Forgetting a person (`recruit forget`, and `recruit retention --apply`): their personal data is anonymised in
/// place, in one transaction, so that what the agency keeps for its counts (applications, the dates and kinds of
/// activities) stays, without anything that names the person.
///
/// - The candidate row: the e-mail becomes `erased-<32 hex digits>@invalid` (random, so it cannot be traced back;
///   `.invalid` is reserved, so it can never be a real address), first and last names, phone, source and notes
///   become NULL, `erased_at` is set.
/// - Their activities: `with` names and notes are removed. Two activities of one application that differed only in
///   those would become one natural key (sql/0001 `activities_natural_key`); the second and later keep a note
///   `[erased N]` instead, so that every activity (an interview that happened) still counts.
/// - The queue's rows (`application_timelines`, sql/0003 and 0014): the triggers on `candidates` and `activities`
///   rewrite their e-mail, name and facts in the same statements; the queue leaves erased candidates out
///   (``isPlaceholder(_:)``), a client's summary counts them without a name.
/// - The import digests (`activity_import_digests`, sql/0023: sums of hashes of the cells an activities import
///   brought, per application): the same update of their activities clears them.
/// - The suppression list (`erased_people`, sql/0016): the salted hash of the address, so that re-importing an old
///   file does not bring the person back (see ``ErasedAddresses``).
/// - The audit trail: one row with the counts and whether a reason was given, never the address or the reason.
public enum Erasure {
    /// What one forget did.
    public struct Report: Sendable, Equatable {
        public var applications: Int
        public var activities: Int
    }

    /// The audit trail's name for a forget.
    static let auditAction = "candidate.forget"

    /// True for the e-mail of a forgotten candidate (the placeholder this type writes).
    static func isPlaceholder(_ email: String) -> Bool {
        email.hasPrefix("erased-") && email.hasSuffix("@invalid")
    }

    /// Forgets the candidate with this e-mail, in one transaction of its own.
    /// - Parameters:
    ///   - email: as typed; trimmed and lower-cased as everywhere.
    ///   - reason: why (consent withdrawn, retention, ...): only whether one was given is recorded.
    ///   - actor: the audit trail's actor (`Audit.commandLineActor`).
    ///   - via: what asked for it, in the audit row (`forget`, `retention`).
    /// - Throws: ``PrivacyError/unknownCandidate`` when no candidate has that address (nothing changed).
    // Over 60 lines: one transaction's statements in the order the erasure must run them.
    @discardableResult
    public static func forget(_ connection: Connection, email: String, reason: String?, actor: String,
                              via: String = "forget") throws -> Report {
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return try connection.transaction {
            // The imports' locks, in the order of the files: an import that is merging finishes first, and one that
            // starts now finds the address in the suppression list.
            for kind in [ImportKind.candidates, .applications, .activities] {
                try connection.query("SELECT pg_advisory_xact_lock($1)", [String(kind.lockKey)])
            }
            guard let id = try connection.query(
                "SELECT id FROM candidates WHERE email = $1 AND erased_at IS NULL FOR UPDATE", [address]).scalar
            else { throw PrivacyError.unknownCandidate }
            try connection.query("""
                INSERT INTO erased_people (hash) VALUES (recruit_erasure_hash((SELECT salt FROM erasure_salt), $1))
                ON CONFLICT (hash) DO UPDATE SET erased_at = now()
                """, [address])
            let applications = try connection.query(
                "SELECT count(*) FROM applications WHERE candidate_id = $1::bigint", [id]).onlyRow().int(0)
            // A row already without names and notes ranks first in its group and is left as it is, so that no
            // other row of the group takes its key, even for a moment (unique keys are checked row by row).
            try connection.query("""
                WITH ranked AS (
                    SELECT act.id, cardinality(act.with_names) = 0 AND act.note IS NULL AS bare,
                           row_number() OVER (
                               PARTITION BY act.application_id, act.occurred_on, act.type, act.by, act.channel,
                                            act.decision_by, act.interest
                               ORDER BY cardinality(act.with_names) = 0 AND act.note IS NULL DESC, act.id) AS n
                    FROM activities act
                    JOIN applications a ON a.id = act.application_id
                    WHERE a.candidate_id = $1::bigint
                )
                UPDATE activities act
                SET with_names = '{}', note = CASE WHEN r.n = 1 THEN NULL ELSE format('[erased %s]', r.n) END
                FROM ranked r
                WHERE act.id = r.id AND NOT (r.bare AND r.n = 1)
                """, [id])
            let total = try connection.query("""
                SELECT count(*) FROM activities act JOIN applications a ON a.id = act.application_id
                WHERE a.candidate_id = $1::bigint
                """, [id]).onlyRow().int(0)
            try connection.query("""
                UPDATE candidates
                SET email = 'erased-' || replace(gen_random_uuid()::text, '-', '') || '@invalid',
                    first_name = NULL, last_name = NULL, phone = NULL, source = NULL, notes = NULL,
                    erased_at = now(), updated_at = now()
                WHERE id = $1::bigint
                """, [id])
            // Mail waiting for review (`recruit mail review`) from them, to them or about them (its reason names the
            // candidates it could be about): the review keeps addresses, names and the subject, so those messages go
            // (the mailbox still has them).
            try connection.query("""
                DELETE FROM mail_review
                WHERE lower(btrim(sender)) = $1 OR EXISTS (SELECT 1 FROM unnest(recipients) r WHERE lower(btrim(r)) = $1)
                   OR strpos(lower(reason), $1) > 0
                """, [address])
            try Audit.record(connection, actor: actor, action: auditAction, detail: [
                "via": via, "applications": "\(applications)", "activities": "\(total)",
                "reason": (reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true) ? "none" : "given",
            ])
            return Report(applications: applications, activities: total)
        }
    }
}

/// Why a personal-data command was refused. Messages never repeat the address or any other personal data.
public enum PrivacyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No (unforgotten) candidate has the address given.
    case unknownCandidate
    /// `recruit retention` with `retention_months` 0.
    case retentionOff

    public var description: String {
        switch self {
        case .unknownCandidate:
            return "no candidate has the e-mail address given to --candidate; nothing was changed. Check the spelling "
                + "(recruit queue and the candidates file show the addresses); someone already forgotten cannot be found again"
        case .retentionOff:
            return "retention_months is 0 (off), so nobody is due to be forgotten; set it first, e.g. "
                + "recruit policy set retention_months=24"
        }
    }
}
