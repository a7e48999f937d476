import Recruiting

/// Writes rows straight into a test database (through parameters), for tests of the reading side that should not
/// depend on the importer.
public struct Seed {
    public let connection: Connection

    public init(_ connection: Connection) { self.connection = connection }

    @discardableResult
    public func opening(_ id: String, client: String = "Acme Corp", hiringManager: String? = "Dana Cho",
                        status: String = "open", filledOn: String? = nil, recruiter: String? = "sam@agency.test") throws -> Seed {
        try connection.query("INSERT INTO clients (name) VALUES ($1) ON CONFLICT DO NOTHING", [client])
        let clientID = try connection.query("SELECT id FROM clients WHERE person_key(name) = person_key($1)", [client]).scalar
        var managerID: String?
        if let hiringManager {
            try connection.query("INSERT INTO hiring_managers (client_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                 [clientID, hiringManager])
            managerID = try connection.query("SELECT id FROM hiring_managers WHERE client_id = $1 AND key = person_key($2)",
                                             [clientID, hiringManager]).scalar
        }
        try connection.query("""
            INSERT INTO openings (id, client_id, title, hiring_manager_id, status, filled_on, recruiter)
            VALUES ($1, $2, 'Engineer', $3, $4::opening_status, $5::date, $6)
            """, [id, clientID, managerID, status, filledOn, recruiter])
        return self
    }

    @discardableResult
    public func application(_ email: String, _ opening: String, stage: String = "interviewing", stageDate: String? = nil,
                            submittedOn: String? = "2026-10-26", decisionBy: String? = nil, interest: String? = nil,
                            recruiter: String? = nil) throws -> Seed {
        try connection.query("INSERT INTO candidates (email) VALUES (lower($1)) ON CONFLICT DO NOTHING", [email])
        try connection.query("""
            INSERT INTO applications (candidate_id, opening_id, stage, stage_date, submitted_on, decision_by, interest, recruiter)
            SELECT id, $2, $3::application_stage, $4::date, $5::date, $6::date, $7::interest_level, $8
            FROM candidates WHERE email = lower($1)
            """, [email, opening, stage, stageDate, submittedOn, decisionBy, interest, recruiter])
        return self
    }

    @discardableResult
    public func activity(_ email: String, _ opening: String, _ date: String, _ type: String, by: String? = nil,
                         with names: [String] = [], channel: String? = nil, decisionBy: String? = nil,
                         interest: String? = nil, note: String? = nil) throws -> Seed {
        try connection.query("""
            INSERT INTO activities (application_id, occurred_on, type, by, with_names, channel, decision_by, interest, note)
            SELECT a.id, $3::date, $4::activity_type, $5::party, $6::text[], $10::contact_channel, $7::date,
                   $8::interest_level, $9
            FROM applications a JOIN candidates c ON c.id = a.candidate_id
            WHERE c.email = lower($1) AND a.opening_id = $2
            """, [email, opening, date, type, by, "{" + names.map { "\"\($0)\"" }.joined(separator: ",") + "}",
                  decisionBy, interest, note, channel])
        return self
    }
}
