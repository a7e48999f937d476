import Foundation
import Policies

/// The follow-up policy as stored: the agency's overrides of the standard defaults, and each client's overrides
/// on top of the agency's policy (POLICY.md "Parameters": a client may override any parameter).
public struct AgencyPolicies: Sendable {
    /// The agency's overrides of `Policy.standard`.
    package var agencyOverrides: PolicyOverrides
    /// Each client's overrides, by the client's name as stored.
    package var clientOverrides: [String: PolicyOverrides]

    /// The agency's policy in force.
    public var agency: Policy { Policy.standard.applying(agencyOverrides) }

    /// The policy in force for a client: the agency's with the client's overrides on top.
    public func policy(forClient client: String) -> Policy {
        guard let overrides = clientOverrides[client] else { return agency }
        return agency.applying(overrides)
    }

    /// Where a value in force comes from.
    public enum Source: String, Sendable {
        /// The client's own override.
        case client
        /// The agency's change from the standard preset (a client without its own override inherits it).
        case agency
        /// The standard preset's default, changed by neither.
        case standard
    }

    /// Where the value of `key` in force for `client` (the agency's policy when nil) comes from.
    public func source(of key: PolicyKey, forClient client: String? = nil) -> Source {
        if let client, clientOverrides[client]?[key] != nil { return .client }
        return agencyOverrides[key] != nil ? .agency : .standard
    }
}

/// One `recruit policy set`: an optional preset, then parameters, for the agency or one client.
public struct PolicyChange: Sendable {
    /// The client whose overrides change (any spelling of its name); nil for the agency's policy.
    public var client: String?
    /// A preset name: applying it sets only the keys the presets govern (``Policy/presetKeys``).
    public var preset: String?
    /// `KEY=VALUE` pairs, applied after the preset, in order. For a client an empty value removes that
    /// override, except for `holidays`, where it means "this client has no holidays".
    public var assignments: [(key: String, value: String)]
    /// Keys whose override is dropped, last: a client's value is the agency's again, the agency's the standard
    /// default.
    public var unset: [String]

    public init(client: String? = nil, preset: String? = nil, assignments: [(key: String, value: String)] = [],
                unset: [String] = []) {
        self.client = client
        self.preset = preset
        self.assignments = assignments
        self.unset = unset
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
        throw PolicyStoreError.unknownClient(name, known: try clientNames(connection))
    }

    /// Every client's stored name, as names sort (case and spacing ignored).
    public static func clientNames(_ connection: Connection) throws -> [String] {
        try connection.query("SELECT name FROM clients ORDER BY person_key(name)").rows.compactMap { $0[0] }
    }

    /// Applies a change and stores it; returns what was saved, in words ("saved the agency policy").
    /// - Throws: ``PolicyError`` for an unknown key, preset or a bad value (nothing stored),
    ///   ``PolicyStoreError`` for an unknown client.
    /// `actor`: who changes it, for the audit trail (the keys and the preset, never values); nil writes none.
    public static func apply(_ change: PolicyChange, _ connection: Connection, actor: String? = nil) throws -> String {
        // Read, change and write under the agency policy's row lock, so two changes at once both count.
        try connection.transaction {
            try connection.query("SELECT 1 FROM agency_policy FOR UPDATE")
            let saved = try applyLocked(change, connection)
            if let actor {
                try Audit.record(connection, actor: actor, action: "policy.set", detail: [
                    "scope": change.client == nil ? "agency" : "client",
                    "keys": (change.assignments.map(\.key) + change.unset).joined(separator: ","),
                    "preset": change.preset ?? "",
                ])
            }
            return saved
        }
    }

    private static func applyLocked(_ change: PolicyChange, _ connection: Connection) throws -> String {
        let policies = try load(connection)
        let preset = try change.preset.map { name throws(PolicyError) in try Policy.preset(named: name) }
        guard let client = change.client else {
            var policy = preset.map { policies.agency.applyingPreset($0) } ?? policies.agency
            for (key, value) in change.assignments { try policy.set(key: key, value: value) }
            var overrides = policy.overrides(from: .standard)
            for key in change.unset { try overrides.remove(key: key) }
            try saveAgency(overrides, connection)
            return "saved the agency policy"
        }
        let name = try clientName(client, connection)
        var overrides = policies.clientOverrides[name] ?? PolicyOverrides()
        if let preset { overrides = overrides.merging(preset.presetOverrides) }
        for (key, value) in change.assignments {
            let named = try PolicyKey.named(key)
            // How long personal data is kept, and which mail domains are the agency's own, are the agency's
            // decisions, the same for every client.
            if named == .retentionMonths || named == .agencyDomains {
                throw PolicyError.invalidValue(key: named.rawValue, value: value,
                                               expected: "no client value: it is the agency's (set it without a client)")
            }
            if value.isEmpty && named != .holidays {
                try overrides.remove(key: key)
            } else {
                try overrides.set(key: key, value: value)
            }
        }
        for key in change.unset { try overrides.remove(key: key) }
        try saveClient(name, overrides, connection)
        return "saved \(overrides.keys.count) override(s) for \(name)"
    }

    /// Stores the agency's overrides (replacing what was stored).
    static func saveAgency(_ overrides: PolicyOverrides, _ connection: Connection) throws {
        try connection.query("UPDATE agency_policy SET settings = $1::jsonb, updated_at = now()", [encode(overrides)])
    }

    /// Stores a client's overrides (replacing what was stored); empty overrides remove the row.
    package static func saveClient(_ client: String, _ overrides: PolicyOverrides, _ connection: Connection) throws {
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
