import Foundation
import Mail
import Policies

/// The messages `recruit import mail` could not place with certainty (MAIL.md), and placing one by hand.
public enum MailReview {
    public struct Item: Sendable, Equatable {
        public let identity: String
        public let reason: String
        /// When it was sent, ISO 8601 in UTC; nil without a usable Date.
        public let sentAt: String?
        public let subject: String?
        public let sender: String?
        public let recipients: [String]
        /// Where it was read: file (and byte position in an mbox).
        public let source: String
    }

    /// The review list, oldest message first.
    public static func list(_ connection: Connection) throws -> [Item] {
        try connection.query("""
            SELECT identity, reason, to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), subject, sender,
                   array_to_json(recipients)::text, source
            FROM mail_review ORDER BY sent_at NULLS LAST, added_at, identity
            """).rows.map { row in
            let recipients = (row[5].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }) ?? []
            return Item(identity: row[0] ?? "", reason: row[1] ?? "", sentAt: row[2], subject: row[3], sender: row[4],
                        recipients: recipients, source: row[6] ?? "")
        }
    }

    /// Places a message of the review list on one application: the activity MAIL.md's rules give it (from its
    /// parties and the stored facts; an invitation's details are not kept, so it is never an interview), recorded
    /// through `recruit log`'s path, and the message leaves the list. One transaction.
    /// - Throws: ``MailImportError`` when the message is not in the list or the application does not exist.
    public static func assign(_ connection: Connection, identity: String, candidate: String, opening: String,
                              actor: String?) throws -> String {
        try connection.transaction {
            let rows = try connection.query("""
                SELECT subject, sender, sender_name, array_to_json(recipients)::text, array_to_json(recipient_names)::text,
                       source, (sent_at AT TIME ZONE $2)::date::text
                FROM mail_review WHERE identity = $1 FOR UPDATE
                """, [identity, try PolicyStore.load(connection).agency.timezone]).rows
            guard let row = rows.first else { throw MailImportError.notInReview(identity) }
            let policies = try PolicyStore.load(connection)
            var run = try MailRun(connection: connection, policies: policies)
            let email = candidate.trimmingCharacters(in: .whitespaces).lowercased()
            guard let application = run.directory.applicationsByCandidate[email]?.first(where: {
                $0.opening.lowercased() == opening.trimmingCharacters(in: .whitespaces).lowercased()
            }) else { throw MailImportError.noApplication(candidate: email, opening: opening) }
            guard let dayText = row[6], let day = Day(dayText) else {
                throw ActivityLog.Refused(problems: ["the message has no usable Date: log it by hand with recruit log --date"])
            }
            func list(_ text: String?) -> [String] {
                (text.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }) ?? []
            }
            let addresses = list(row[3]), names = list(row[4])
            let recipients = addresses.enumerated().map { i, a in
                Mailbox(address: a, name: i < names.count && !names[i].isEmpty ? names[i] : nil)
            }
            let read = MailFacts(identity: identity, file: row[5] ?? "", order: 0, sentAt: nil, day: day,
                                  subject: row[0], sender: row[1].map { Mailbox(address: $0, name: row[2]) },
                                  recipients: recipients, threadIDs: [], mentionedCandidates: [], mentionedOpenings: [],
                                  events: [])
            run.store.append(read)
            let facts = run.store.facts(0)
            guard let activity = try run.classify(facts, application, day: day) else {
                throw ActivityLog.Refused(problems: [
                    "the message is neither between the client and the agency or candidate, nor from them to the client: log what it says with recruit log",
                ])
            }
            run.planned = [activity]
            run.placements = [(facts.stored, day, [application.id])]
            let outcome = try ActivityLog.record(connection, run.entry(activity), actor: nil)
            try connection.query("DELETE FROM mail_review WHERE identity = $1", [identity])
            var report = MailImportReport()
            report.recorded[activity.type.rawValue] = 1
            run.review = []
            try run.write(actor: nil, report: report, skipRecording: true)
            if let actor {
                try Audit.record(connection, actor: actor, action: "mail.assign", detail: ["type": activity.type.rawValue])
            }
            return outcome.description
        }
    }

    /// One activity recorded from mail, and the message it came from (`recruit explain`).
    public struct Source: Sendable, Equatable {
        public let day: String
        public let type: String
        public let messageID: String
    }

    /// The activities of one application that mail recorded, in timeline order, with their messages.
    public static func sources(_ connection: Connection, candidate: String, opening: String) throws -> [Source] {
        try connection.query("""
            SELECT act.occurred_on::text, act.type::text, m.identity
            FROM mail_messages m CROSS JOIN LATERAL unnest(m.activity_ids) AS made(activity_id)
            JOIN activities act ON act.id = made.activity_id
            JOIN applications ap ON ap.id = act.application_id JOIN candidates c ON c.id = ap.candidate_id
            WHERE c.email = lower(btrim($1)) AND ap.opening_id = btrim($2)
            ORDER BY act.occurred_on, act.id
            """, [candidate, opening]).rows.map { Source(day: $0[0] ?? "", type: $0[1] ?? "", messageID: $0[2] ?? "") }
    }
}

