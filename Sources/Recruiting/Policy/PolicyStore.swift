import Foundation
import Policies

/// The follow-up policy as stored: the agency's overrides of the standard defaults, and each client's overrides
/// on top of the agency's policy (POLICY.md "Parameters": a client may override any parameter).
public struct AgencyPolicies: Sendable {
    /// The agency's overrides of `Policy.standard`.
    public var agencyOverrides: PolicyOverrides
    /// Each client's overrides, by the client's name as stored.
    public var clientOverrides: [String: PolicyOverrides]

    /// The agency's policy in force.
    public var agency: Policy { Policy.standard.applying(agencyOverrides) }

    /// The policy in force for a client: the agency's with the client's overrides on top.
    public func policy(forClient client: String) -> Policy {
        guard let overrides = clientOverrides[client] else { return agency }
        return agency.applying(overrides)
    }
}

/// Problems with a policy request that the user can fix.
public enum PolicyStoreError: Error, Sendable, CustomStringConvertible {
    case unknownClient(String, known: [String])
    case storedPolicyUnreadable(owner: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownClient(name, known):
            let list = known.isEmpty ? "there are no clients yet; import openings first" : "known clients: \(nameList(known))"
            return "no client is named \"\(name)\"; \(list)"
        case let .storedPolicyUnreadable(owner, reason):
            return "the stored policy of \(owner) cannot be read (\(reason)); set it again with recruit policy set"
        }
    }
}

/// Reads and writes the policy tables.
public enum PolicyStore {
    /// Loads the agency's and every client's overrides.
    public static func load(_ connection: Connection) throws -> AgencyPolicies {
        let agencyJSON = try connection.query("SELECT settings::text FROM agency_policy").scalar ?? "{}"
        let agency = try decode(agencyJSON, owner: "the agency")
        var clients: [String: PolicyOverrides] = [:]
        for row in try connection.query(
            "SELECT c.name, p.settings::text FROM client_policies p JOIN clients c ON c.id = p.client_id").rows {
            guard let name = row[0], let json = row[1] else { continue }
            clients[name] = try decode(json, owner: "client \(name)")
        }
        return AgencyPolicies(agencyOverrides: agency, clientOverrides: clients)
    }

    /// The stored name of a client, matched as names are (case and spacing ignored).
    /// - Throws: `PolicyStoreError.unknownClient` listing the known clients.
    public static func clientName(_ name: String, _ connection: Connection) throws -> String {
        if let stored = try connection.query("SELECT name FROM clients WHERE person_key(name) = person_key($1)", [name]).scalar {
            return stored
        }
        let known = try connection.query("SELECT name FROM clients ORDER BY person_key(name)").rows.compactMap { $0[0] }
        throw PolicyStoreError.unknownClient(name, known: known)
    }

    /// Stores the agency's overrides (replacing what was stored).
    public static func saveAgency(_ overrides: PolicyOverrides, _ connection: Connection) throws {
        try connection.query("UPDATE agency_policy SET settings = $1::jsonb, updated_at = now()", [encode(overrides)])
    }

    /// Stores a client's overrides (replacing what was stored); empty overrides remove the row.
    public static func saveClient(_ client: String, _ overrides: PolicyOverrides, _ connection: Connection) throws {
        let name = try clientName(client, connection)
        if overrides.isEmpty {
            try connection.query(
                "DELETE FROM client_policies WHERE client_id = (SELECT id FROM clients WHERE name = $1)", [name])
        } else {
            try connection.query("""
                INSERT INTO client_policies (client_id, settings)
                SELECT id, $2::jsonb FROM clients WHERE name = $1
                ON CONFLICT (client_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()
                """, [name, encode(overrides)])
        }
    }

    static func decode(_ json: String, owner: String) throws -> PolicyOverrides {
        do {
            return try JSONDecoder().decode(PolicyOverrides.self, from: Data(json.utf8))
        } catch {
            throw PolicyStoreError.storedPolicyUnreadable(owner: owner, reason: String(describing: error))
        }
    }

    static func encode(_ overrides: PolicyOverrides) throws -> String {
        String(decoding: try JSONEncoder().encode(overrides), as: UTF8.self)
    }
}
