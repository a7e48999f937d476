import Foundation
import Policies

/// What drafts need to know beyond a queue item: each opening's title, client and hiring manager (name and
/// address), and the staff's names. Read whole, like the openings themselves (tens of thousands at most).
public struct DraftDirectory: Sendable {
    public struct OpeningFacts: Sendable, Hashable {
        public let title: String
        public let client: String
        package let hiringManagerName: String?
        public let hiringManagerEmail: String?

        public init(title: String, client: String, hiringManagerName: String?, hiringManagerEmail: String?) {
            self.title = title
            self.client = client
            self.hiringManagerName = hiringManagerName
            self.hiringManagerEmail = hiringManagerEmail
        }
    }

    public var openings: [String: OpeningFacts]
    /// Staff names by lower-case e-mail (the web workspace's users).
    public var staff: [String: String]

    public init(openings: [String: OpeningFacts] = [:], staff: [String: String] = [:]) {
        self.openings = openings
        self.staff = staff
    }

    /// Reads every opening's facts and every user's name.
    public static func load(_ connection: Connection) throws -> DraftDirectory {
        var directory = DraftDirectory()
        var row = CopyBinaryRow()
        try connection.copyOut("""
            COPY (SELECT o.id, o.title, cl.name, nullif(btrim(hm.name), ''), nullif(btrim(hm.email), '')
                  FROM openings o JOIN clients cl ON cl.id = o.client_id
                  LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id) TO STDOUT (FORMAT binary)
            """) { bytes in
            guard try row.split(bytes), let id = row.string(0), let title = row.string(1), let client = row.string(2)
            else { return }
            directory.openings[id] = OpeningFacts(title: title, client: client, hiringManagerName: row.string(3),
                                                  hiringManagerEmail: row.string(4))
        }
        for user in try connection.query("SELECT email, name FROM users").rows {
            if let email = user[0], let name = user[1] { directory.staff[email] = name }
        }
        return directory
    }
}
