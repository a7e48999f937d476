import Mustache

/// A draft template rendered by swift-mustache once per *shape* of its values, then filled in for each draft.
///
/// What a template's output looks like beyond the values it inserts depends only on which fields are there, the
/// true/false fields, and how many elements each list has with which fields: `DraftTemplate`'s checks allow no
/// other tags (no partials, lambdas, transforms or dotted names) and a template that names `{{.}}` is never
/// rendered this way. So the first draft of a shape is rendered with each inserted value replaced by a marker
/// (`U+E000 n U+E001`, characters a template that is rendered this way never holds), the rendered text is cut at
/// the markers once, and every later draft of that shape is the pieces with its own values put back: the same
/// text, without the dynamic lookups and casts that swift-mustache makes for every tag of every draft, which cost
/// more than the rest of a draft together (docs/benchmarks.md, Drafts).
final class DraftSkeletons: @unchecked Sendable {
    static let open = Unicode.Scalar(0xE000)!
    static let close = Unicode.Scalar(0xE001)!

    /// A rendered text cut at its markers.
    struct Pieces {
        /// Text in UTF-8, then the value it is followed by (an index into the draft's values; -1 after the last
        /// text).
        var parts: [(text: [UInt8], value: Int)]

        /// The text with `values` put back, in UTF-8.
        func fill(_ values: [String]) -> [UInt8] {
            var out: [UInt8] = []
            var size = 0
            for part in parts {
                size += part.text.count
                if part.value >= 0 { size += values[part.value].utf8.count }
            }
            out.reserveCapacity(size)
            for part in parts {
                out.append(contentsOf: part.text)
                if part.value >= 0 { out.append(contentsOf: values[part.value].utf8) }
            }
            return out
        }
    }

    /// The fields in the order values are read: the top-level names (fields and lists) and each list's element fields,
    /// sorted.
    private let top: [String]
    private let lists: [String: [String]]
    private let cache = LockedValue<[[UInt8]: (subject: Pieces, body: Pieces)]>([:])
    /// A template whose values come in very many shapes (long lists of varied elements) stops keeping new ones.
    static let limit = 2048

    /// The lists' sections rendered element by element (nil when the template's lists cannot be, see `ListSections`).
    private let listSections: ListSections?

    /// - Parameters: subject, body: the texts as swift-mustache parses them (with the pragma).
    init(_ fields: DraftFields, subject: String, body: String) {
        top = (fields.top.union(fields.lists.keys)).sorted()
        lists = fields.lists.mapValues { $0.sorted() }
        listSections = fields.lists.isEmpty ? nil : ListSections(fields, subject: subject, body: body)
    }

    /// Whether list sections are rendered element by element (and have not been found wanting).
    var listsByElement: Bool { listSections.map { !$0.isBroken } ?? false }

    /// The subject (before `onOneLine`) and the body in UTF-8 for `values`; nil when a value is of a kind the shapes
    /// do not know (the caller then renders the whole template).
    func render(_ values: [String: Any], subject: MustacheTemplate, body: MustacheTemplate) -> (subject: String, body: [UInt8])? {
        if let listSections, let rendered = listSections.render(values, subject: subject, body: body) { return rendered }
        guard let read = read(values, marking: false) else { return nil }
        let pieces: (subject: Pieces, body: Pieces)
        if let known = cache.withLock({ $0[read.key] }) {
            pieces = known
        } else {
            guard let marked = self.read(values, marking: true)?.marked else { return nil }
            pieces = (DraftSkeletons.cut(subject.render(marked)), DraftSkeletons.cut(body.render(marked)))
            cache.withLock { if $0.count < DraftSkeletons.limit { $0[read.key] = pieces } }
        }
        return (String(decoding: pieces.subject.fill(read.scalars), as: UTF8.self), pieces.body.fill(read.scalars))
    }

    /// Reads `values` in the fields' order: the shape (`key`), each inserted value as text (`scalars`), and when
    /// `marking`, the values with a marker in place of each text (`marked`). Nil for a value of another kind.
    private func read(_ values: [String: Any], marking: Bool) -> (key: [UInt8], scalars: [String], marked: [String: Any])? {
        var key: [UInt8] = []
        key.reserveCapacity(top.count + 8)
        var scalars: [String] = []
        scalars.reserveCapacity(top.count)
        // One value: 0 missing, 1 text (a string or a number), 2 true, 3 false.
        func one(_ value: Any?, _ name: String, into dictionary: inout [String: Any]) -> Bool {
            guard let value else {
                key.append(0)
                return true
            }
            let text: String
            // Most values are text: tried first (no text is also a flag or a number).
            switch value {
            case let string as String: text = string
            case let flag as Bool:
                key.append(flag ? 2 : 3)
                if marking { dictionary[name] = flag }
                return true
            case let number as Int: text = String(number)
            default: return false
            }
            key.append(1)
            if marking {
                dictionary[name] = "\(Character(DraftSkeletons.open))\(scalars.count)\(Character(DraftSkeletons.close))"
            }
            scalars.append(text)
            return true
        }
        var marked: [String: Any] = [:]
        for name in top {
            if let fields = lists[name], let value = values[name] {
                // A list: 4, its length in four bytes, then each element's fields.
                guard let elements = value as? [[String: Any]], elements.count <= Int(UInt32.max) else { return nil }
                key.append(4)
                withUnsafeBytes(of: UInt32(elements.count).littleEndian) { key += $0 }
                var list: [[String: Any]] = []
                for element in elements {
                    var marks: [String: Any] = [:]
                    for field in fields where !one(element[field], field, into: &marks) { return nil }
                    if marking { list.append(marks) }
                }
                if marking { marked[name] = list }
            } else if !one(values[name], name, into: &marked) {
                return nil
            }
        }
        return (key, scalars, marked)
    }

    /// `text` cut at its markers.
    static func cut(_ text: String) -> Pieces {
        var parts: [(text: [UInt8], value: Int)] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == open else {
                current.append(scalar)
                continue
            }
            var number = 0
            while let digit = scalars.next(), digit != close { number = number * 10 + Int(digit.value - 0x30) }
            parts.append((Array(String(current).utf8), number))
            current = String.UnicodeScalarView()
        }
        parts.append((Array(String(current).utf8), -1))
        return Pieces(parts: parts)
    }
}
