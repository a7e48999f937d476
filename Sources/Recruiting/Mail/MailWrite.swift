import Foundation
import Mail
import Policies

extension MailRun {
    /// Writes what the run decided (the caller's transaction holds it all).
    // Over 60 lines: one transaction's set-based statements (deletions, activities, messages, invitations, audit) in order.
    func write(actor: String?, report: MailImportReport, skipRecording: Bool = false) throws {
        if !deletions.isEmpty {
            try connection.query("DELETE FROM activities WHERE id = ANY($1::bigint[])", [PostgresArray.integers(deletions)])
        }
        let live = planned.indices.filter { !planned[$0].removed }
        if !skipRecording {
            // The activities, as `recruit log` records them (the activities file's cells as its importer reads
            // them: `with` names split at `;`, trimmed, spaces folded; an equal activity stored already is the same
            // one, natural key), in one statement per 20,000: each application's in the run's order. The rows
            // are the run's own (known applications, days, types), so the importer's checks have nothing to refuse.
            var start = 0
            while start < live.count {
                let chunk = live[start..<min(live.count, start + 20_000)].map { planned[$0] }
                start += chunk.count
                try connection.query(#"""
                    INSERT INTO activities (application_id, occurred_on, type, by, with_names, channel, note)
                    SELECT app, day::date, type::activity_type, by::party,
                           CASE WHEN btrim(w) = '' THEN '{}'::text[]
                                WHEN strpos(w, ';') = 0 THEN ARRAY[regexp_replace(btrim(w), '\s+', ' ', 'g')]
                                ELSE recruit_split_names(w) END,
                           'email'::contact_channel, note
                    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                         WITH ORDINALITY AS e(app, day, type, by, w, note, ord)
                    ORDER BY app, ord
                    ON CONFLICT ON CONSTRAINT activities_natural_key DO NOTHING
                    """#, [PostgresArray.integers(chunk.map(\.application.id)), PostgresArray.text(chunk.map(\.day.description)),
                          PostgresArray.text(chunk.map(\.type.rawValue)), PostgresArray.text(chunk.map(\.by.rawValue)),
                          PostgresArray.text(chunk.map { $0.with.joined(separator: ";") }), PostgresArray.text(chunk.map(note))])
            }
        }
        // The ids of the activities from mail, found by their application and the tag ending their note (the
        // message's identity): in a table of this transaction, joined to the messages and invitations below.
        let applicationIDs = Set(live.map { planned[$0].application.id })
        try connection.execute(script: "DROP TABLE IF EXISTS pg_temp.mail_made")
        try connection.query(#"""
            CREATE TEMP TABLE mail_made ON COMMIT DROP AS
            SELECT id, application_id, type, left(right(note, 13), 12) AS tag
            FROM activities WHERE application_id = ANY($1::bigint[]) AND note LIKE '%[mail ____________]'
            """#, [PostgresArray.integers(applicationIDs.sorted())])
        try connection.execute(script: "CREATE INDEX ON mail_made (tag, application_id); ANALYZE mail_made")
        // The messages placed, 20,000 a statement (their parameters are text: memory stays bounded).
        var start = 0
        while start < placements.count {
            let chunk = placements[start..<min(placements.count, start + 20_000)]
            start += chunk.count
            let messages = chunk.map { store.identity(Int($0.message)) }
            try connection.query("""
                WITH m AS (
                    SELECT identity, day::date AS day, apps::bigint[] AS apps, tag
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS m(identity, day, apps, tag)),
                ids AS (
                    SELECT m.identity, array_agg(made.id ORDER BY made.id) AS ids
                    FROM m JOIN mail_made made ON made.tag = m.tag AND made.application_id = ANY(m.apps)
                    GROUP BY m.identity)
                INSERT INTO mail_messages (identity, occurred_on, application_ids, activity_ids)
                SELECT m.identity, m.day, m.apps, coalesce(ids.ids, '{}') FROM m LEFT JOIN ids USING (identity)
                ON CONFLICT (identity) DO NOTHING
                """, [PostgresArray.text(messages.map(\.identity)), PostgresArray.text(chunk.map(\.day.description)),
                      PostgresArray.text(chunk.map { PostgresArray.integers($0.applications) }),
                      PostgresArray.text(messages.map(\.tag))])
        }
        if !invitationUpdates.isEmpty {
            // The last update of each (uid, application) wins, as one statement per update would.
            var last: [String: Int] = [:]
            for (i, u) in invitationUpdates.enumerated() { last[u.uid + "\u{1F}" + String(u.application)] = i }
            let updates = last.values.sorted().map { invitationUpdates[$0] }
            let tags = updates.map { u in u.planned.map { planned[$0].removed ? "" : store.identity(Int(planned[$0].message)).tag } ?? "" }
            try connection.query("""
                INSERT INTO mail_invitations (uid, application_id, sequence, activity_id, cancelled)
                SELECT u.uid, u.app, u.seq,
                       (SELECT max(made.id) FROM mail_made made
                        WHERE made.tag = nullif(u.tag, '') AND made.application_id = u.app AND made.type = 'interview'),
                       u.cancelled
                FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::boolean[]) AS u(uid, app, seq, tag, cancelled)
                ON CONFLICT (uid, application_id) DO UPDATE
                SET sequence = excluded.sequence, activity_id = excluded.activity_id, cancelled = excluded.cancelled
                """, [PostgresArray.text(updates.map(\.uid)), PostgresArray.integers(updates.map(\.application)),
                      PostgresArray.integers(updates.map { Int64($0.sequence) }), PostgresArray.text(tags),
                      "{" + updates.map { $0.cancelled ? "t" : "f" }.joined(separator: ",") + "}"])
        }
        for (message, reason) in review {
            try connection.query("""
                INSERT INTO mail_review (identity, reason, sent_at, subject, sender, sender_name, recipients,
                                         recipient_names, source)
                VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7::text[], $8::text[], $9) ON CONFLICT (identity) DO NOTHING
                """, [message.identity, reason, message.sentAt.map { MailRun.timestamp($0) }, message.subject, message.sender?.key,
                      message.sender?.name, PostgresArray.text(message.recipients.map(\.key)),
                      PostgresArray.text(message.recipients.map { $0.name ?? "" }), message.source])
        }
        if let actor {
            var detail = ["read": "\(report.read)", "already_known": "\(report.alreadyKnown)",
                          "not_activities": "\(report.notActivities)", "for_review": "\(report.forReview)",
                          "unreadable": "\(report.unreadable)", "interviews_moved": "\(report.interviewsMoved)",
                          "interviews_cancelled": "\(report.interviewsCancelled)"]
            for (type, count) in report.recorded { detail["recorded_" + type] = "\(count)" }
            try Audit.record(connection, actor: actor, action: "mail.import", detail: detail)
        }
    }
}
