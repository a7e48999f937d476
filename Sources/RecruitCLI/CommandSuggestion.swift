import ArgumentParser

/// A mistyped command (`recruit quue`, `recruit db stpo`): a usage error naming the nearest command, instead of
/// ArgumentParser's "Unexpected argument".
enum CommandSuggestion {
    /// The usage error for the first word of `arguments` that is not one of its command's subcommands; nil when
    /// every word in a subcommand's place names one (or an option comes first).
    static func failure(for arguments: [String]) -> CommandFailure? {
        var command: ParsableCommand.Type = RecruitCommand.self
        var path = ["recruit"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            let names = subcommands.flatMap { [$0._commandName] + $0.configuration.aliases }
            if names.contains(word) || (path.count == 1 && word == "help") {
                guard let next = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) })
                else { return nil }
                command = next
                path.append(word)
                continue
            }
            let all = path.joined(separator: " ")
            if let near = nearest(word, among: names) {
                return CommandFailure(status: 2, message: """
                    unknown command "\(all) \(word)"; did you mean "\(all) \(near)"? (\(all) --help lists the commands)
                    """)
            }
            return CommandFailure(status: 2, message: """
                unknown command "\(all) \(word)"; the commands are \(names.joined(separator: ", ")) \
                (\(all) --help describes them)
                """)
        }
        return nil
    }

    /// The name closest to `word` by edits (a letter added, dropped, changed or two swapped), if close enough to be
    /// a slip: at most one edit per three letters, or `word` starting the name.
    static func nearest(_ word: String, among names: [String]) -> String? {
        let typed = word.lowercased()
        let scored = names.map { name in (name, name.hasPrefix(typed) && typed.count >= 2 ? 0 : distance(typed, name)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, typed.count / 3) else { return nil }
        return best.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
