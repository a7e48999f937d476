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
            abstract: "Print the policy in force and where each value comes from.",
            discussion: """
            Each line ends with where its value comes from: (standard) the standard preset's default; \
            (standard: X) the agency changed it from X; with --client, (from the agency) a value the client \
            inherits from the agency's policy, and (agency: X) the client's own override of the agency's X.
            """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Show this client's policy.", valueName: "name"))
        var client: String?

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            let policies = try PolicyStore.load(connection)
            let console = Console.current
            let clientName = try client.map { try PolicyStore.clientName($0, connection) }
            let policy = clientName.map { policies.policy(forClient: $0) } ?? policies.agency
            console.out(clientName.map { "Policy for \($0) (* = this client's own value; it inherits the others)" }
                        ?? "Agency policy (* = changed from the standard preset)")
            for key in PolicyKey.allCases {
                let source = policies.source(of: key, forClient: clientName)
                let marked = clientName != nil ? source == .client : source == .agency
                var line = "\(marked ? "*" : " ") \(key.rawValue.padded(28)) \(policy.value(of: key).text)"
                switch source {
                case .client: line += "   (agency: \(policies.agency.value(of: key).text))"
                case .agency where clientName != nil: line += "   (from the agency)"
                case .agency: line += "   (standard: \(Policy.standard.value(of: key).text))"
                case .standard: line += "   (standard)"
                }
                console.out(line)
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change parameters: KEY=VALUE..., a preset (standard or patient), or remove overrides.",
            discussion: """
            Without --client the agency's policy changes; with --client only that client's overrides do, on top of \
            the agency's policy. A client inherits every key it does not override, including the agency's later \
            changes.

            --preset sets only the keys on which the presets differ (\(Policy.presetKeys.map(\.rawValue).joined(separator: ", "))), \
            never holidays, the time zone or anything else; KEY=VALUE pairs apply after it. A list value \
            (holidays) is comma-separated: holidays=2026-12-25,2026-12-26; for a client, holidays= means that \
            client has none. For a client an empty value (KEY=) removes that override. --unset KEY removes any \
            override, holidays included: a client's value is the agency's again, the agency's the standard default.

            Examples:
              recruit policy set holidays=2026-12-25,2026-12-26 timezone=Europe/London
              recruit policy set --client "Stark Logistics" --preset patient
              recruit policy set --client "Stark Logistics" --unset holidays

            Keys: \(PolicyKey.list)
            """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Change this client's overrides.", valueName: "name"))
        var client: String?
        @Option(help: ArgumentHelp("Apply this preset's keys first: \(Policy.presetNames.joined(separator: " or ")).",
                                   valueName: "name"))
        var preset: String?
        @Option(help: ArgumentHelp("Remove this override (repeatable).", valueName: "key"))
        var unset: [String] = []
        @Argument(help: ArgumentHelp("Parameters to set.", valueName: "key=value"))
        var assignments: [String] = []

        func validate() throws {
            if preset == nil && assignments.isEmpty && unset.isEmpty {
                throw ValidationError("say what to change: KEY=VALUE pairs, --preset NAME and/or --unset KEY")
            }
            for assignment in assignments where !assignment.contains("=") {
                throw ValidationError("'\(assignment)' is not KEY=VALUE (keys: \(PolicyKey.list))")
            }
        }

        func run() throws {
            let connection = try DatabaseLocation.resolve(option: database.url).open()
            do {
                let saved = try PolicyStore.apply(
                    PolicyChange(client: client, preset: preset, assignments: pairs(), unset: unset), connection,
                    actor: Audit.commandLineActor)
                Console.current.out(saved)
            } catch let error as PolicyError {
                throw CommandFailure(status: 2, message: error.description)
            }
        }

        private func pairs() -> [(key: String, value: String)] {
            assignments.map { assignment in
                let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]).trimmingCharacters(in: .whitespaces), parts.count > 1 ? String(parts[1]) : "")
            }
        }
    }
}
