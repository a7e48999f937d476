import ArgumentParser
import Policies
import Recruiting

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show or change the follow-up policy (the agency's, or one client's overrides).",
        subcommands: [Show.self, Set.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the policy in force; with --client, marks the values that client overrides.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Show this client's policy.", valueName: "name"))
        var client: String?

        func run() throws {
            try reportingFailures {
                let connection = try DatabaseLocation.resolve(option: database.url).open()
                let policies = try PolicyStore.load(connection)
                let console = Console.current
                let clientName = try client.map { try PolicyStore.clientName($0, connection) }
                let policy = clientName.map { policies.policy(forClient: $0) } ?? policies.agency
                let overrides = clientName.flatMap { policies.clientOverrides[$0] } ?? PolicyOverrides()
                console.out(clientName.map { "Policy for \($0) (* = this client's override of the agency's value)" }
                            ?? "Agency policy (* = changed from the standard preset)")
                for key in PolicyKey.allCases {
                    let marked = clientName != nil ? overrides[key] != nil : policies.agencyOverrides[key] != nil
                    var line = "\(marked ? "*" : " ") \(key.rawValue.padded(28)) \(policy.value(of: key).text)"
                    if clientName != nil, marked { line += "   (agency: \(policies.agency.value(of: key).text))" }
                    console.out(line)
                }
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change parameters: KEY=VALUE..., optionally starting from a preset (standard or patient).",
            discussion: """
            Without --client the agency's policy changes; with --client only that client's overrides do, on top of \
            the agency's policy. --preset first makes the policy equal to the preset, then KEY=VALUE pairs apply. \
            A list value (holidays) is comma-separated: holidays=2026-12-25,2026-12-26. An empty value for a \
            client (KEY=) removes that override.

            Keys: \(PolicyKey.list)
            """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Change this client's overrides.", valueName: "name"))
        var client: String?
        @Option(help: ArgumentHelp("Start from this preset: standard or patient.", valueName: "name"))
        var preset: String?
        @Argument(help: ArgumentHelp("Parameters to set.", valueName: "key=value"))
        var assignments: [String] = []

        func validate() throws {
            if preset == nil && assignments.isEmpty {
                throw ValidationError("say what to change: KEY=VALUE pairs and/or --preset NAME")
            }
            for assignment in assignments where !assignment.contains("=") {
                throw ValidationError("'\(assignment)' is not KEY=VALUE (keys: \(PolicyKey.list))")
            }
        }

        func run() throws {
            try reportingFailures {
                let connection = try DatabaseLocation.resolve(option: database.url).open()
                let policies = try PolicyStore.load(connection)
                do {
                    if let client {
                        let name = try PolicyStore.clientName(client, connection)
                        var overrides = policies.clientOverrides[name] ?? PolicyOverrides()
                        if let preset { overrides = try Policy.preset(named: preset).overrides(from: policies.agency) }
                        for (key, value) in pairs() {
                            if value.isEmpty && key != PolicyKey.holidays.rawValue { try overrides.remove(key: key) } else { try overrides.set(key: key, value: value) }
                        }
                        try PolicyStore.saveClient(name, overrides, connection)
                        Console.current.out("saved \(overrides.keys.count) override(s) for \(name)")
                    } else {
                        var policy = try preset.map { try Policy.preset(named: $0) } ?? policies.agency
                        for (key, value) in pairs() { try policy.set(key: key, value: value) }
                        try PolicyStore.saveAgency(policy.overrides(from: .standard), connection)
                        Console.current.out("saved the agency policy")
                    }
                } catch let error as PolicyError {
                    throw CommandFailure(status: 2, message: error.description)
                }
            }
        }

        private func pairs() -> [(String, String)] {
            assignments.map { assignment in
                let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]).trimmingCharacters(in: .whitespaces), parts.count > 1 ? String(parts[1]) : "")
            }
        }
    }
}
