import Foundation
import Recruiting

/// The summary's output formats, with their renderers and file extensions.
enum SummaryFormat: String, CaseIterable {
    case text, md, html, json

    var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .md: return "md"
        case .html: return "html"
        case .json: return "json"
        }
    }

    func render(_ summary: ClientSummary) throws -> String {
        switch self {
        case .text: return SummaryText().render(summary)
        case .md: return SummaryMarkdown().render(summary)
        case .html: return SummaryHTML().render(summary)
        case .json: return try SummaryJSON.render(summary)
        }
    }
}

/// `--format json`: the ``ClientSummary`` as one object, keys sorted (Linux's JSONEncoder keeps no order
/// otherwise) and in snake_case, dates as `YYYY-MM-DD`.
enum SummaryJSON {
    static func render(_ summary: ClientSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n"
    }
}

/// Writing one file per client for `--all --out DIR`.
enum SummaryFiles {
    /// A file-name stem from a client's name: lower-case ASCII letters and digits, runs of anything else as one
    /// `-`, at most 60 characters; "client" when nothing is left. Accents are folded first ("Zürich" -> "zurich").
    static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive],
                                  locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var out = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let isSafe = scalar.isASCII && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
            if isSafe {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        if out.count > 60 { out = String(out.prefix(60)).trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
        return out.isEmpty ? "client" : out
    }

    /// One unique file name per client, in the order given: a slug that two clients share gets `-2`, `-3`, ...
    /// (in the clients' order, so the same clients always get the same names).
    static func fileNames(for clients: [String], extension ext: String) -> [String] {
        var used = Set<String>()
        return clients.map { client in
            let stem = slug(client)
            var candidate = stem
            var n = 2
            while used.contains(candidate) {
                candidate = "\(stem)-\(n)"
                n += 1
            }
            used.insert(candidate)
            return "\(candidate).\(ext)"
        }
    }

    /// Writes `text` to `url` atomically: a temporary file in the same folder, then a rename, so a reader never
    /// sees half a summary and a failed run leaves the previous file in place.
    static func writeAtomically(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw CommandFailure(status: 1, message: "cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
