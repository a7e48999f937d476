import Foundation

/// Everything recruit holds about one person, for an access request (`recruit export --candidate EMAIL`): their
/// candidate row, every application of theirs and every activity on those applications, each with all its columns,
/// as one JSON document whose keys are sorted (the same data gives the same bytes).
///
/// The queue's rows (`application_timelines`) are derived from these and hold nothing more, so they are not listed.
public enum PersonalRecord {
    /// The audit trail's name for an export.
    static let auditAction = "candidate.export"

    /// The JSON document: `{"activities": [...], "applications": [...], "candidate": {...}}`, applications and
    /// activities in id order; each application also names its opening's title and client, to be readable.
    /// Records an audit row (counts only) in the same transaction.
    /// - Throws: ``PrivacyError/unknownCandidate``.
    public static func json(_ connection: Connection, email: String, actor: String) throws -> String {
        let address = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let document: String = try connection.transaction {
            guard let id = try connection.query(
                "SELECT id FROM candidates WHERE email = $1 AND erased_at IS NULL", [address]).scalar
            else { throw PrivacyError.unknownCandidate }
            let row = try connection.query("""
                SELECT json_build_object(
                    'candidate', (SELECT row_to_json(c) FROM candidates c WHERE c.id = $1::bigint),
                    'applications', coalesce((
                        SELECT json_agg(to_jsonb(a) || jsonb_build_object('opening_title', o.title,
                                                                          'client', cl.name) ORDER BY a.id)
                        FROM applications a
                        JOIN openings o ON o.id = a.opening_id
                        JOIN clients cl ON cl.id = o.client_id
                        WHERE a.candidate_id = $1::bigint), '[]'),
                    'activities', coalesce((
                        SELECT json_agg(to_jsonb(act) || jsonb_build_object('opening_id', a.opening_id)
                                        ORDER BY act.id)
                        FROM activities act
                        JOIN applications a ON a.id = act.application_id
                        WHERE a.candidate_id = $1::bigint), '[]'))::text,
                    (SELECT count(*) FROM applications WHERE candidate_id = $1::bigint),
                    (SELECT count(*) FROM activities act JOIN applications a ON a.id = act.application_id
                     WHERE a.candidate_id = $1::bigint)
                """, [id]).onlyRow()
            try Audit.record(connection, actor: actor, action: auditAction,
                             detail: ["applications": try row.text(1), "activities": try row.text(2)])
            return try row.text(0)
        }
        let object = try JSONSerialization.jsonObject(with: Data(document.utf8))
        let data = try JSONSerialization.data(withJSONObject: object,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
