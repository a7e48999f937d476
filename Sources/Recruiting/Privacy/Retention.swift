import Foundation
import Policies

/// The agency's retention limit (`retention_months`): who has had no application or activity for that long.
public enum Retention {
    /// The last day recruit has a fact about a candidate: their latest activity, application stage date or submission
    /// date (an application with neither counts from the day it was recorded); for a candidate without any
    /// application, the day they were recorded.
    static let lastSeen = """
        SELECT c.email,
               coalesce(greatest(max(act.occurred_on), max(a.stage_date), max(a.submitted_on),
                                 max(CASE WHEN a.stage_date IS NULL AND a.submitted_on IS NULL
                                          THEN (a.created_at AT TIME ZONE 'UTC')::date END)),
                        (c.created_at AT TIME ZONE 'UTC')::date) AS last_seen
        FROM candidates c
        LEFT JOIN applications a ON a.candidate_id = c.id
        LEFT JOIN activities act ON act.application_id = a.id
        WHERE c.erased_at IS NULL
        GROUP BY c.id
        """

    /// The first day that keeps someone: a person whose last fact is before it is due to be forgotten
    /// (`retention_months` calendar months before `asOf`, the engine's month arithmetic).
    public static func keepFrom(asOf: Day, months: Int) -> Day { asOf.adding(months: -months) }

    /// The e-mail addresses due to be forgotten as of `asOf`, sorted.
    /// - Throws: ``PrivacyError/retentionOff`` when `months` is 0.
    public static func due(_ connection: Connection, asOf: Day, months: Int) throws -> [String] {
        guard months > 0 else { throw PrivacyError.retentionOff }
        return try connection.query("""
            SELECT email FROM (\(lastSeen)) seen WHERE last_seen < $1::date ORDER BY email
            """, [keepFrom(asOf: asOf, months: months).description]).rows.compactMap { $0[0] }
    }
}
