import Foundation

/// A profile that cannot be used: where (the file or name, and the entry) and why.
struct ImportProfileError: Error, Sendable, CustomStringConvertible {
    public let origin: String
    public let entry: String?
    public let message: String
    public var description: String {
        "profile \(origin)\(entry.map { ": entry \"\($0)\"" } ?? ""): \(message)"
    }
}

extension Vocabulary {
    /// The closed vocabulary of one of our columns, nil for free text.
    static func words(of column: String) -> [String]? {
        switch column {
        case "stage": return stage
        case "type": return activityType
        case "by": return party
        case "channel": return channel
        case "interest": return interest
        case "status": return openingStatus
        default: return nil
        }
    }
}

/// The character between a CSV file's fields.
public enum CSVDelimiter: String, Sendable, CaseIterable {
    case comma = ",", semicolon = ";", tab = "\t", pipe = "|"

    /// `,` `;` `|`, or `tab` / `\t` for a tab.
    public init?(_ text: String) {
        switch text.lowercased() {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "\t", "\\t", "tab": self = .tab
        case "|", "pipe": self = .pipe
        default: return nil
        }
    }

    static func help(_ text: String) -> String {
        "\"\(text)\" is not a delimiter; use one of: ',' ';' tab '|'"
    }

    var byte: UInt8 { rawValue.utf8.first! }

    /// How the flag is written on a command line.
    public var flag: String {
        switch self {
        case .comma: return "--delimiter ','"
        case .semicolon: return "--delimiter ';'"
        case .tab: return "--delimiter tab"
        case .pipe: return "--delimiter '|'"
        }
    }

    var word: String {
        switch self {
        case .comma: return "comma"
        case .semicolon: return "semicolon"
        case .tab: return "tab"
        case .pipe: return "pipe"
        }
    }
}

/// A file's date format, as `--date-format` or a profile says it: `MM/DD/YYYY`, `DD.MM.YYYY`, `YYYY-MM-DD`, each
/// optionally followed by a time (`HH:mm`, `HH:mm:ss`, `hh:mm A`). The time is read and left out: a day is what
/// the rules need, and a time without an offset is the agency's own (POLICY.md reading 1).
public struct DateFormat: Sendable, Equatable, CustomStringConvertible {
    public static func == (left: DateFormat, right: DateFormat) -> Bool { left.text == right.text }

    public let text: String
    /// A regular expression over the whole cell; groups: the year, month and day in the order written.
    let pattern: String
    /// `regexp_replace` replacement that writes `YYYY-0M-0D` (the doubled zero is trimmed after).
    let replacement: String
    /// The common cells, in one fixed width (two-digit day and month, four-digit year, one-character separators):
    /// a `LIKE` pattern for the day alone (`__/__/____`) and the 1-based positions of the year, month and day, so
    /// most cells are rewritten with `substr` instead of three regular expressions (about a microsecond each).
    let fixedWidth: (like: String, year: Int, month: Int, day: Int)?
    /// The order of the year, month and day (`Y`, `M`, `D`) and the character between them, for `ImportDate`.
    let order: [Character]
    let separator: Character?

    public var description: String { text }

    struct Invalid: Error { let message: String }

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        guard let datePart = parts.first else {
            throw Invalid(message: "is empty; write e.g. MM/DD/YYYY, DD/MM/YYYY or YYYY-MM-DD")
        }
        if parts.count == 2 {
            let time = parts[1]
            let allowed = ["HH:mm", "HH:mm:ss", "hh:mm A", "hh:mm:ss A", "h:mm A", "H:mm", "hh:mmA", "HH:MM", "hh:MM A"]
            guard allowed.contains(time) else {
                throw Invalid(message: "\"\(time)\" is not a time format; use HH:mm, HH:mm:ss or hh:mm A after the date")
            }
        }
        var order: [Character] = []
        var separator: Character?
        var pattern = #"^\s*"#
        var index = datePart.startIndex
        while index < datePart.endIndex {
            let rest = datePart[index...]
            if rest.hasPrefix("YYYY") {
                order.append("Y"); pattern += #"(\d{4})"#; index = datePart.index(index, offsetBy: 4)
            } else if rest.hasPrefix("MM") || rest.hasPrefix("DD") {
                order.append(rest.first!); pattern += #"(\d{1,2})"#; index = datePart.index(index, offsetBy: 2)
            } else if let character = rest.first, "/-.".contains(character) {
                guard separator == nil || separator == character else {
                    throw Invalid(message: "\"\(text)\" mixes separators; use one of / - . throughout")
                }
                separator = character
                pattern += "\\" + String(character)
                index = datePart.index(after: index)
            } else {
                throw Invalid(message: "\"\(text)\" is not a date format; write the day as DD, the month as MM and the year as YYYY, e.g. MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY or YYYY-MM-DD")
            }
        }
        guard order.count == 3, Set(order) == ["Y", "M", "D"] else {
            throw Invalid(message: "\"\(text)\" needs YYYY, MM and DD once each, e.g. MM/DD/YYYY")
        }
        // Any time after the day: HH:mm[:ss][.fff] with an optional AM/PM.
        pattern += #"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)?\s*$"#
        func group(_ letter: Character) -> Int { order.firstIndex(of: letter)! + 1 }
        self.text = trimmed
        self.order = order
        self.separator = separator
        self.pattern = pattern
        self.replacement = "\\\(group("Y"))-0\\\(group("M"))-0\\\(group("D"))"
        if let separator {
            var like = "", position = 1
            var at: [Character: Int] = [:]
            for (index, letter) in order.enumerated() {
                if index > 0 { like.append(separator); position += 1 }
                at[letter] = position
                let width = letter == "Y" ? 4 : 2
                like += String(repeating: "_", count: width)
                position += width
            }
            fixedWidth = (like, at["Y"]!, at["M"]!, at["D"]!)
        } else {
            fixedWidth = nil
        }
    }
}
