import Mustache

/// A draft template rendered by swift-mustache once per *shape* of its values, then filled in for each draft.
///
/// What a template's output looks like beyond the values it inserts depends only on which fields are there, the
/// true/false fields, and how many elements each list has with which fields: `DraftTemplate`'s checks allow no
/// other tags (no partials, lambdas, transforms or dotted names) and a template that names `{{.}}` is never
/// rendered this way. So the first draft of a shape is rendered with each inserted value replaced by a marker
/// (`U+E000 n U+E001`, characters a template that is rendered this way never holds; `n` names the value's field,
/// and for a list's element its place), the rendered text is cut at the markers once, and every later draft of that
/// shape is the pieces with its own values put back: the same text, without the dynamic lookups and casts that
/// swift-mustache makes for every tag of every draft, which cost more than the rest of a draft together
/// (docs/benchmarks.md, Drafts). The values come in fixed slots (``DraftValues``): a draft's shape is a number
/// made from their kinds, and each piece names the slot its value is read from.
final class DraftSkeletons: @unchecked Sendable {
    static let open = Unicode.Scalar(0xE000)!
    static let close = Unicode.Scalar(0xE001)!

    /// A marker's number for field `field` of element `element` of the list (`64 (element + 1) + field`); a value
    /// outside the lists is marked by its field's number alone.
    static func elementMark(_ element: Int, _ field: DraftField) -> Int { 64 * (element + 1) + field.rawValue }

    /// A rendered text cut at its markers.
    struct Pieces {
        /// The texts in UTF-8, one after another.
        var bytes: [UInt8]
        /// Where each text ends in `bytes`, and the value it is followed by (a marker's number; -1 after the last
        /// text).
        var parts: [(end: Int, value: Int)]

        /// The text with `values`' values put back, appended to `out`; false when a marker names a value that is
        /// not text (a shape's pieces never do).
        func fill(_ values: DraftValues, list: DraftField?, into out: inout [UInt8]) -> Bool {
            let elements = list.flatMap { values.list($0) }
            return bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for part in parts {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<part.end]))
                    start = part.end
                    guard part.value >= 0 else { continue }
                    guard let field = DraftField(rawValue: part.value % 64) else { return false }
                    let text: String?
                    if part.value < 64 {
                        text = values.text(field)
                    } else {
                        guard let elements, part.value / 64 - 1 < elements.count else { return false }
                        text = elements[part.value / 64 - 1].text(field)
                    }
                    guard let text else { return false }
                    out.append(contentsOf: text.utf8)
                }
                return true
            }
        }
    }

    /// The fields outside the lists, the template's list (at most one) and its elements' fields.
    private let top: [DraftField]
    private let list: (field: DraftField, fields: [DraftField])?
    /// Shapes of templates without lists, by their number (two bits a field).
    private let cache = LockedValue<[UInt64: (subject: Pieces, body: Pieces)]>([:])
    /// Shapes of templates with a list whose sections are not rendered element by element, by their bytes.
    private let listCache = LockedValue<[[UInt8]: (subject: Pieces, body: Pieces)]>([:])
    /// A template whose values come in very many shapes (long lists of varied elements) stops keeping new ones.
    static let limit = 2048
    /// Whether the fields can be read by slot (every one known, at most one list, few enough for a number).
    private let usable: Bool

    /// The lists' sections rendered element by element (nil when the template's lists cannot be, see `ListSections`).
    private let listSections: ListSections?

    /// - Parameters: subject, body: the texts as swift-mustache parses them (with the pragma).
    init(_ fields: DraftFields, subject: String, body: String) {
        let topFields = fields.top.sorted().compactMap(DraftField.named)
        let lists = fields.lists.keys.sorted().compactMap { name in
            DraftField.named(name).map { ($0, (fields.lists[name] ?? []).sorted().compactMap(DraftField.named)) }
        }
        top = topFields
        list = lists.first.map { (field: $0.0, fields: $0.1) }
        usable = topFields.count == fields.top.count && topFields.count <= 32 && lists.count == fields.lists.count
            && lists.count <= 1 && lists.allSatisfy { $0.1.count == fields.lists[$0.0.name]?.count }
        listSections = fields.lists.isEmpty || !usable ? nil : ListSections(fields, subject: subject, body: body)
    }

    /// Whether list sections are rendered element by element (and have not been found wanting).
    var listsByElement: Bool { listSections.map { !$0.isBroken } ?? false }

    /// The subject (before `onOneLine`) and the body in UTF-8 for `values`; nil when the template's fields cannot be
    /// read this way (the caller then renders the whole template).
    func render(_ values: DraftValues, subject: MustacheTemplate, body: MustacheTemplate) -> (subject: String, body: [UInt8])? {
        guard usable else { return nil }
        if let listSections, let rendered = listSections.render(values, subject: subject, body: body) { return rendered }
        var key: UInt64 = 0
        for field in top { key = key << 2 | UInt64(values.kind(field).shape) }
        let pieces: (subject: Pieces, body: Pieces)
        if let list {
            let listKey = self.listKey(key, values, list)
            if let known = listCache.withLock({ $0[listKey] }) {
                pieces = known
            } else {
                pieces = cut(values, subject: subject, body: body)
                listCache.withLock { if $0.count < DraftSkeletons.limit { $0[listKey] = pieces } }
            }
        } else if let known = cache.withLock({ $0[key] }) {
            pieces = known
        } else {
            pieces = cut(values, subject: subject, body: body)
            cache.withLock { if $0.count < DraftSkeletons.limit { $0[key] = pieces } }
        }
        var subjectBytes: [UInt8] = []
        var bodyBytes: [UInt8] = []
        bodyBytes.reserveCapacity(2048)
        guard pieces.subject.fill(values, list: list?.field, into: &subjectBytes),
              pieces.body.fill(values, list: list?.field, into: &bodyBytes) else { return nil }
        return (String(decoding: subjectBytes, as: UTF8.self), bodyBytes)
    }

    /// The shape of values with a list: the shape outside the list, then 0 for no list, or 4, its length in four
    /// bytes and each element's fields.
    private func listKey(_ key: UInt64, _ values: DraftValues, _ list: (field: DraftField, fields: [DraftField])) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: key.littleEndian) { bytes += $0 }
        guard let elements = values.list(list.field) else {
            bytes.append(0)
            return bytes
        }
        bytes.append(4)
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: elements.count).littleEndian) { bytes += $0 }
        for element in elements {
            for field in list.fields { bytes.append(element.kind(field).shape) }
        }
        return bytes
    }

    /// The template rendered with a marker in place of each text of `values`, cut at the markers.
    private func cut(_ values: DraftValues, subject: MustacheTemplate, body: MustacheTemplate) -> (subject: Pieces, body: Pieces) {
        var marked: [String: Any] = [:]
        func mark(_ field: DraftField, of source: DraftValues, as number: Int, into dictionary: inout [String: Any]) {
            switch source.kind(field) {
            case .missing: break
            case .text, .number:
                dictionary[field.name] = "\(Character(DraftSkeletons.open))\(number)\(Character(DraftSkeletons.close))"
            case .yes: dictionary[field.name] = true
            case .no: dictionary[field.name] = false
            }
        }
        for field in top { mark(field, of: values, as: field.rawValue, into: &marked) }
        if let list, let elements = values.list(list.field) {
            marked[list.field.name] = elements.enumerated().map { index, element -> [String: Any] in
                var marks: [String: Any] = [:]
                for field in list.fields {
                    mark(field, of: element, as: DraftSkeletons.elementMark(index, field), into: &marks)
                }
                return marks
            }
        }
        return (DraftSkeletons.cut(subject.render(marked)), DraftSkeletons.cut(body.render(marked)))
    }

    /// `text` cut at its markers.
    static func cut(_ text: String) -> Pieces {
        var bytes: [UInt8] = []
        var parts: [(end: Int, value: Int)] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == open else {
                current.append(scalar)
                continue
            }
            var number = 0
            while let digit = scalars.next(), digit != close { number = number * 10 + Int(digit.value - 0x30) }
            bytes += Array(String(current).utf8)
            parts.append((bytes.count, number))
            current = String.UnicodeScalarView()
        }
        bytes += Array(String(current).utf8)
        parts.append((bytes.count, -1))
        return Pieces(bytes: bytes, parts: parts)
    }
}
