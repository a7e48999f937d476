import Foundation
import Mustache
import Policies

/// The message templates, one per kind of draft. Each is plain text: its first line `Subject: ...`, a blank line,
/// then the body; values are inserted as they are (no HTML escaping: `{{name}}` and `{{{name}}}` are the same).
public enum DraftTemplateName: String, Sendable, CaseIterable, Hashable {
    /// A candidate's thank-you to each interviewer, sent to the candidate by the recruiter.
    case thankYou = "thank-you"
    /// The recruiter's status check to the hiring manager about one candidate.
    case followUp = "follow-up"
    /// A status check the candidate sends (policy: candidates follow up), sent to the candidate by the recruiter.
    case followUpByCandidate = "follow-up-by-candidate"
    /// The recruiter's status checks about several candidates to one hiring manager on one day, as one message.
    case statusChecks = "status-checks"
    /// The recruiter's call notes for a phone check.
    case phoneCheck = "phone-check"
    /// The recruiter's call notes for one call to a hiring manager about several candidates.
    case statusCalls = "status-calls"
    /// A call the candidate makes (policy: candidates follow up): the recruiter's note with what to say.
    case phoneCheckByCandidate = "phone-check-by-candidate"
    /// The recruiter asks a client that went quiet whether it is hiring again.
    case checkBack = "check-back"
    /// The candidate's gracious note after another candidate was chosen, sent to the candidate by the recruiter.
    case keepInMind = "keep-in-mind"
    /// The recruiter's note to the hiring manager some months after the role was filled to someone else.
    case attritionCheck = "attrition-check"
    /// Internal notes to whoever contacted a client too soon, too often, or after the decision.
    case tooEarly = "too-early"
    case tooMany = "too-many"
    case afterDecision = "after-decision"
    /// Internal note to the recruiters writing to a hiring manager who had more messages this week than allowed.
    case hmOverload = "hm-overload"

    /// What the template is for, in a few words (`recruit template list`).
    public var purpose: String {
        switch self {
        case .thankYou: return "the candidate's thank you to each interviewer (a note to the candidate)"
        case .followUp: return "status check to the hiring manager about one candidate"
        case .followUpByCandidate: return "status check the candidate sends (a note to the candidate)"
        case .statusChecks: return "status checks about several candidates to one hiring manager, as one message"
        case .phoneCheck: return "call notes for a call to the hiring manager"
        case .statusCalls: return "call notes for one call about several candidates"
        case .phoneCheckByCandidate: return "a call the candidate makes (a note to the candidate)"
        case .checkBack: return "asks a client that went quiet whether it is hiring again"
        case .keepInMind: return "the candidate's gracious note after another was chosen (a note to the candidate)"
        case .attritionCheck: return "to the hiring manager some months after the role was filled"
        case .tooEarly: return "internal note: a contact came too soon"
        case .tooMany: return "internal note: contacts after the client stopped answering"
        case .afterDecision: return "internal note: a contact after the decision"
        case .hmOverload: return "internal note: too many messages to one hiring manager this week"
        }
    }

    /// Every name, comma-separated, for messages.
    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The template named `text` (trimmed, case-insensitive).
    public static func named(_ text: String) throws(DraftTemplateError) -> DraftTemplateName {
        guard let name = DraftTemplateName(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .unknownTemplate(text)
        }
        return name
    }

    /// The fields this template may name: the values at the top, and for each list the fields of its elements.
    public var fields: DraftFields {
        var top: Set<String> = ["today", "client", "recruiter", "recruiter_first_name", "hiring_manager",
                                "hiring_manager_first_name"]
        var lists: [String: Set<String>] = [:]
        let candidate: Set<String> = ["candidate", "candidate_first_name", "opening"]
        switch self {
        case .thankYou:
            top.formUnion(candidate)
            top.formUnion(["interview_date", "interview_weekday", "deadline"])
            lists["interviewers"] = ["name", "first_name"]
        case .followUp, .followUpByCandidate, .phoneCheck, .phoneCheckByCandidate:
            top.formUnion(candidate)
            top.formUnion(DraftFields.waiting)
        case .statusChecks, .statusCalls:
            top.formUnion(["count"])
            lists["candidates"] = candidate.union(DraftFields.waiting)
        case .checkBack:
            top.formUnion(candidate)
            top.formUnion(["last_heard_date", "months_waited"])
        case .keepInMind:
            top.formUnion(candidate)
            top.formUnion(["decided_on", "filled", "deadline"])
        case .attritionCheck:
            top.formUnion(candidate)
            top.formUnion(["filled_on", "months_since_fill"])
        case .tooEarly, .tooMany, .afterDecision:
            top.formUnion(candidate)
            top.formUnion(["recipient_first_name", "to_candidate", "contact", "contact_date", "due_date", "wait_until",
                           "decided_on", "filled", "repeated_note"])
        case .hmOverload:
            top.formUnion(["messages", "allowed", "from_date", "through_date", "recipient_first_name"])
        }
        return DraftFields(top: top, lists: lists)
    }
}

/// The fields a template may name (see ``DraftTemplateName/fields``).
public struct DraftFields: Sendable {
    public let top: Set<String>
    public let lists: [String: Set<String>]

    /// How long a status check has waited, and on what.
    static let waiting: Set<String> = ["decision_date", "interview_date", "last_contact_date", "days_waited",
                                       "waited_since"]

    /// Every field, sorted, for messages.
    public var list: String {
        (top.sorted() + lists.keys.sorted().map { list in
            "\(list) (with \(lists[list]!.sorted().joined(separator: ", ")))"
        }).joined(separator: ", ")
    }
}

/// Why a template was refused, with the line of the template where the problem is.
public enum DraftTemplateError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknownTemplate(String)
    /// The text is not a mustache template.
    case doesNotParse(line: Int, problem: String)
    /// A field the template's messages do not have.
    case unknownField(line: Int, field: String, known: String)
    /// A tag drafts do not support (partials, delimiters, pragmas, lambdas).
    case unsupportedTag(line: Int, tag: String)
    /// The first line is not `Subject: ...`, or no blank line follows it.
    case noSubject(line: Int)

    public var description: String {
        switch self {
        case .unknownTemplate(let name):
            return "no template named \"\(name)\"; the templates are \(DraftTemplateName.list)"
        case .doesNotParse(let line, let problem):
            return "line \(line): the template does not parse (\(problem)); check that every {{#section}} has its {{/section}} and every tag ends with }}"
        case .unknownField(let line, let field, let known):
            return "line \(line): no field \"\(field)\" in these messages; the fields are \(known)"
        case .unsupportedTag(let line, let tag):
            return "line \(line): \(tag) is not supported in drafts; use {{field}}, {{#field}}...{{/field}} and {{^field}}...{{/field}}"
        case .noSubject(let line):
            return "line \(line): a template starts with a line \"Subject: ...\" and a blank line, then the body"
        }
    }
}

/// A checked template, ready to render.
public struct DraftTemplate: Sendable {
    public let name: DraftTemplateName
    /// The text as the agency wrote it (or the default).
    public let text: String
    let subject: MustacheTemplate
    let body: MustacheTemplate
    /// The template rendered once per shape of its values, then filled (see ``DraftSkeletons``); nil when it names
    /// `{{.}}` or holds the characters the skeletons mark values with, and is rendered whole for every draft.
    let skeletons: DraftSkeletons?

    /// Checks `text` as the template `name`: the subject line, the mustache syntax (swift-mustache's own parser),
    /// and every field it names against ``DraftTemplateName/fields``.
    /// - Throws: ``DraftTemplateError`` naming the line.
    public init(_ name: DraftTemplateName, text: String) throws(DraftTemplateError) {
        self.name = name
        self.text = text
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("Subject:") else { throw .noSubject(line: 1) }
        guard lines.count >= 2, lines[1].trimmingCharacters(in: .whitespaces).isEmpty else { throw .noSubject(line: 2) }
        let subjectText = String(first.dropFirst("Subject:".count)).trimmingCharacters(in: .whitespaces)
        // The pragma turns HTML escaping off; it goes on the first line, so the parser's line numbers stay the
        // text's (plus the two lines of the subject).
        // Sections and fields first, so that an unclosed section is reported on the line that opens it (the parser
        // finds it missing at the end); then swift-mustache's parser for everything else.
        let dotInSubject = try DraftTemplate.checkFields(String(first), name.fields)
        let dotInBody = try DraftTemplate.checkFields(lines.dropFirst(2).joined(separator: "\n"), name.fields, firstLine: 3)
        subject = try DraftTemplate.parse(subjectText, firstLine: 1)
        body = try DraftTemplate.parse(lines.dropFirst(2).joined(separator: "\n"), firstLine: 3)
        let marked = text.unicodeScalars.contains { $0 == DraftSkeletons.open || $0 == DraftSkeletons.close }
        skeletons = dotInSubject || dotInBody || marked ? nil
            : DraftSkeletons(name.fields, subject: DraftTemplate.pragma + subjectText,
                             body: DraftTemplate.pragma + lines.dropFirst(2).joined(separator: "\n"))
    }

    /// Turns swift-mustache's HTML escaping off (drafts are plain text).
    static let pragma = "{{% CONTENT_TYPE: TEXT}}"

    private static func parse(_ text: String, firstLine: Int) throws(DraftTemplateError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            throw .doesNotParse(line: error.context.lineNumber + firstLine - 1, problem: "\(error.error)")
        } catch {
            throw .doesNotParse(line: firstLine, problem: "\(error)")
        }
    }

    // Over 60 lines: one walk over the tags, each kind of tag's check beside the others, the section stack in view.
    /// Walks the tags of `text` with the sections they are in, and refuses a field that the template's messages do
    /// not have (a mustache name looked up where no value has it renders as nothing: a typo would go unseen).
    /// - Returns: whether the text names `{{.}}` (the value of the section it is in).
    @discardableResult
    static func checkFields(_ text: String, _ fields: DraftFields, firstLine: Int = 1) throws(DraftTemplateError) -> Bool {
        var line = firstLine
        var dot = false
        var stack: [String] = []
        var opened: [Int] = []
        var index = text.startIndex
        func known(_ field: String) -> Bool {
            if field == "." { dot = true; return !stack.isEmpty }
            let head = String(field.split(separator: ".", maxSplits: 1).first ?? "")
            if fields.top.contains(head) { return !field.contains(".") }
            for list in stack where fields.lists[list]?.contains(head) == true { return !field.contains(".") }
            return false
        }
        while let open = text.range(of: "{{", range: index..<text.endIndex) {
            line += text[index..<open.lowerBound].reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            let triple = text[open.upperBound...].hasPrefix("{")
            let closing = triple ? "}}}" : "}}"
            let start = triple ? text.index(after: open.upperBound) : open.upperBound
            guard let close = text.range(of: closing, range: start..<text.endIndex) else {
                throw .doesNotParse(line: line, problem: "a tag is not closed with \(closing)")
            }
            let tag = text[start..<close.lowerBound]
            let inner = tag.trimmingCharacters(in: .whitespaces)
            let sigil = triple ? "&" : inner.first.map(String.init) ?? ""
            var field = inner
            if "#^/&!>=%<$".contains(sigil) && !triple {
                field = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            switch sigil {
            case "!": break
            case ">", "<", "$", "=", "%":
                throw .unsupportedTag(line: line, tag: "{{\(inner)}}")
            default:
                if field.contains("(") || field.isEmpty || field.contains(where: \.isWhitespace) {
                    throw .unsupportedTag(line: line, tag: "{{\(inner)}}")
                }
                switch sigil {
                case "#", "^":
                    guard known(field) || fields.lists[field] != nil else {
                        throw .unknownField(line: line, field: field, known: fields.list)
                    }
                    stack.append(field)
                    opened.append(line)
                case "/":
                    guard let open = stack.last else {
                        throw .doesNotParse(line: line, problem: "{{/\(field)}} closes no section")
                    }
                    guard open == field else {
                        throw .doesNotParse(line: line, problem: "{{/\(field)}} closes {{#\(open)}} of line \(opened.last!)")
                    }
                    stack.removeLast()
                    opened.removeLast()
                default:
                    guard known(field) else { throw .unknownField(line: line, field: field, known: fields.list) }
                }
            }
            line += tag.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            index = close.upperBound
        }
        if let open = stack.last {
            throw .doesNotParse(line: opened.last!, problem: "{{#\(open)}} is never closed with {{/\(open)}}")
        }
        return dot
    }

    /// The subject and body for `values` (a dictionary per ``DraftTemplateName/fields``): from the skeletons when
    /// the values fit in ``DraftValues``, else by swift-mustache.
    func render(_ values: [String: Any]) -> (subject: String, body: String) {
        guard let typed = DraftValues(dictionary: values) else { return renderWhole(values) }
        let rendered = renderUTF8(typed)
        return (rendered.subject, String(decoding: rendered.body, as: UTF8.self))
    }

    /// ``render(_:)`` with the body in UTF-8, as drafts use it.
    func renderUTF8(_ values: DraftValues) -> (subject: String, body: [UInt8]) {
        if let skeletons, let filled = skeletons.render(values, subject: subject, body: body) {
            return (filled.subject.onOneLine, filled.body)
        }
        let whole = renderWhole(values.dictionary)
        return (whole.subject, Array(whole.body.utf8))
    }

    /// ``render(_:)`` by swift-mustache alone, for every draft (the tests compare the two).
    func renderWhole(_ values: [String: Any]) -> (subject: String, body: String) {
        (subject.render(values).onOneLine, body.render(values))
    }

    /// The bundled default of `name`, read and checked the first time it is asked for (a recruiter's queue uses a
    /// few of the fourteen). One that is missing or refused is a defect of the build itself, caught by the tests
    /// that check every default.
    public static func standard(_ name: DraftTemplateName) -> DraftTemplate {
        standards.withLock { parsed in
            if let template = parsed[name] { return template }
            guard let url = Bundle.module.url(forResource: name.rawValue, withExtension: "mustache",
                                              subdirectory: "templates/drafts"),
                  let text = try? String(contentsOf: url, encoding: .utf8)
            else { fatalError("recruit's draft template \(name.rawValue) is missing from the Recruiting bundle") }
            do {
                let template = try DraftTemplate(name, text: text)
                parsed[name] = template
                return template
            } catch {
                fatalError("recruit's draft template \(name.rawValue) is refused: \(error)")
            }
        }
    }

    private static let standards = LockedValue<[DraftTemplateName: DraftTemplate]>([:])
}

/// A value shared by threads, read and changed under a lock.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
