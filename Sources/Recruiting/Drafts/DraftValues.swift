/// Every field a draft template may name (``DraftTemplateName/fields``), by number: a draft's values are kept in
/// slots by these numbers (``DraftValues``), so that filling a template is no dictionary lookup, cast or hash.
enum DraftField: Int, CaseIterable, Sendable {
    case today, client, recruiter, recruiterFirstName, hiringManager, hiringManagerFirstName
    case candidate, candidateFirstName, opening
    case interviewDate, interviewWeekday, deadline
    case decisionDate, lastContactDate, daysWaited, waitedSince
    case lastHeardDate, monthsWaited, decidedOn, filled, filledOn, monthsSinceFill
    case recipientFirstName, toCandidate, contact, contactDate, dueDate, waitUntil, repeatedNote
    case messages, allowed, fromDate, throughDate, count
    /// An interviewer's (an element of `interviewers`).
    case name, firstName
    /// The lists (their elements are ``DraftValues`` of their own).
    case interviewers, candidates

    /// The name templates use.
    var name: String {
        switch self {
        case .today: return "today"
        case .client: return "client"
        case .recruiter: return "recruiter"
        case .recruiterFirstName: return "recruiter_first_name"
        case .hiringManager: return "hiring_manager"
        case .hiringManagerFirstName: return "hiring_manager_first_name"
        case .candidate: return "candidate"
        case .candidateFirstName: return "candidate_first_name"
        case .opening: return "opening"
        case .interviewDate: return "interview_date"
        case .interviewWeekday: return "interview_weekday"
        case .deadline: return "deadline"
        case .decisionDate: return "decision_date"
        case .lastContactDate: return "last_contact_date"
        case .daysWaited: return "days_waited"
        case .waitedSince: return "waited_since"
        case .lastHeardDate: return "last_heard_date"
        case .monthsWaited: return "months_waited"
        case .decidedOn: return "decided_on"
        case .filled: return "filled"
        case .filledOn: return "filled_on"
        case .monthsSinceFill: return "months_since_fill"
        case .recipientFirstName: return "recipient_first_name"
        case .toCandidate: return "to_candidate"
        case .contact: return "contact"
        case .contactDate: return "contact_date"
        case .dueDate: return "due_date"
        case .waitUntil: return "wait_until"
        case .repeatedNote: return "repeated_note"
        case .messages: return "messages"
        case .allowed: return "allowed"
        case .fromDate: return "from_date"
        case .throughDate: return "through_date"
        case .count: return "count"
        case .name: return "name"
        case .firstName: return "first_name"
        case .interviewers: return "interviewers"
        case .candidates: return "candidates"
        }
    }

    /// Whether the field is a list of values.
    var isList: Bool { self == .interviewers || self == .candidates }

    /// The field a template names `name`; nil for none.
    static func named(_ name: String) -> DraftField? { byName[name] }

    private static let byName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
}

/// A draft's values: for each field (``DraftField``) nothing, a text, a number or true/false, and the lists'
/// elements. Kept in fixed slots: made without a dictionary, read by a template's skeleton without a lookup or a
/// cast (see ``DraftSkeletons``); ``dictionary`` gives them as swift-mustache reads them.
struct DraftValues {
    /// What a slot holds. Its low two bits are the slot's part in a template's *shape*: 0 nothing, 1 a text (or a
    /// number: both are shown as text and make a section show once), 2 true, 3 false.
    enum Kind: UInt8 {
        case missing = 0, text = 1, yes = 2, no = 3, number = 5

        var shape: UInt8 { rawValue & 3 }
    }

    /// One slot per ``DraftField`` (the inline array's size is written as a number: keep both equal).
    static let slotCount = DraftField.allCases.count
    private(set) var kinds = InlineArray<38, Kind>(repeating: .missing)
    /// The text of a text or a number (a number as `String(n)`, as mustache shows it). An array (one reference to
    /// copy) rather than inline slots (a reference per text).
    private(set) var texts = [String](repeating: "", count: slotCount)
    var interviewers: [DraftValues]?
    var candidates: [DraftValues]?

    init() {}

    func kind(_ field: DraftField) -> Kind { kinds[field.rawValue] }
    func text(_ field: DraftField) -> String? {
        switch kinds[field.rawValue] {
        case .text, .number: return texts[field.rawValue]
        default: return nil
        }
    }

    /// A text, or nothing for nil.
    subscript(field: DraftField) -> String? {
        get { text(field) }
        set {
            if let newValue {
                kinds[field.rawValue] = .text
                texts[field.rawValue] = newValue
            } else {
                kinds[field.rawValue] = .missing
                texts[field.rawValue] = ""
            }
        }
    }

    mutating func set(_ field: DraftField, number: Int) {
        kinds[field.rawValue] = .number
        texts[field.rawValue] = String(number)
    }

    mutating func set(_ field: DraftField, flag: Bool) {
        kinds[field.rawValue] = flag ? .yes : .no
        texts[field.rawValue] = ""
    }

    func list(_ field: DraftField) -> [DraftValues]? {
        switch field {
        case .interviewers: return interviewers
        case .candidates: return candidates
        default: return nil
        }
    }

    /// The values as swift-mustache reads them: texts as `String`, numbers as `Int`, flags as `Bool`, lists as
    /// arrays of dictionaries; nothing for a missing field.
    var dictionary: [String: Any] {
        var values: [String: Any] = [:]
        for field in DraftField.allCases {
            switch kinds[field.rawValue] {
            case .missing: break
            case .text: values[field.name] = texts[field.rawValue]
            case .number: values[field.name] = Int(texts[field.rawValue]) ?? 0
            case .yes: values[field.name] = true
            case .no: values[field.name] = false
            }
        }
        if let interviewers { values[DraftField.interviewers.name] = interviewers.map(\.dictionary) }
        if let candidates { values[DraftField.candidates.name] = candidates.map(\.dictionary) }
        return values
    }

    /// `dictionary`'s values in slots; nil when one is of another kind (a `Double`, a list where a value goes) or
    /// is not a field.
    init?(dictionary: [String: Any]) {
        for (name, value) in dictionary {
            guard let field = DraftField.named(name) else { return nil }
            if field.isList {
                guard let elements = value as? [[String: Any]] else { return nil }
                var list: [DraftValues] = []
                for element in elements {
                    guard let values = DraftValues(dictionary: element), values.interviewers == nil,
                          values.candidates == nil else { return nil }
                    list.append(values)
                }
                if field == .interviewers { interviewers = list } else { candidates = list }
                continue
            }
            switch value {
            case let text as String: self[field] = text
            case let flag as Bool: set(field, flag: flag)
            case let number as Int: set(field, number: number)
            default: return nil
            }
        }
    }
}
