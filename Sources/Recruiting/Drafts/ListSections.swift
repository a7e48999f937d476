import Mustache

/// A template's list sections (`{{#candidates}}...{{/candidates}}`) rendered once per shape of an element rather
/// than of the whole list: a status-checks draft names dozens of candidates, each with some of the waiting fields,
/// so whole lists seldom repeat while their elements' shapes do.
///
/// A copy of the template marks where each element's text starts and ends (`U+E002 k U+E003` after the section's
/// opening tag, `U+E004 k U+E003` before its closing one; on a line of its own where the tag stands alone on its
/// line, so that swift-mustache removes the same lines as in the template). Rendered with marked values, its text
/// splits into the text outside the lists (cached per shape of the values outside the lists and which lists are
/// empty) and each element's text (cached per that shape and the element's). Each split is checked: the copy's text
/// with its marks taken out must be exactly the template's; if ever it is not, the template is rendered by whole
/// shapes from then on.
final class ListSections: @unchecked Sendable {
    enum Part {
        /// Text in UTF-8.
        case text([UInt8])
        /// A value outside the lists, by number.
        case top(Int)
        /// A field of the element, by its place in the list's sorted fields.
        case field(Int)
        /// The elements of list section `k`.
        case slot(Int)
    }

    /// Parts as they are kept: the texts in one array of bytes, each part a range of it or a value's number (so
    /// that filling one copies bytes without counting references part by part).
    struct Layout {
        enum Piece {
            case text(Int, Int)
            case top(Int)
            case field(Int)
            case slot(Int)
        }

        let bytes: [UInt8]
        let pieces: [Piece]

        init(_ parts: [Part]) {
            var bytes: [UInt8] = []
            var pieces: [Piece] = []
            for part in parts {
                switch part {
                case .text(let text):
                    pieces.append(.text(bytes.count, bytes.count + text.count))
                    bytes += text
                case .top(let n): pieces.append(.top(n))
                case .field(let n): pieces.append(.field(n))
                case .slot(let k): pieces.append(.slot(k))
                }
            }
            self.bytes = bytes
            self.pieces = pieces
        }
    }

    static let start = Unicode.Scalar(0xE002)!
    static let end = Unicode.Scalar(0xE004)!
    static let close = Unicode.Scalar(0xE003)!
    static let fieldMark = Unicode.Scalar(0xE005)!

    private let subject: MustacheTemplate
    private let body: MustacheTemplate
    /// Each marked section: its list, and whether its marks stand on lines of their own.
    let sections: [(list: DraftField, startLine: Bool, endLine: Bool)]
    /// The fields outside the lists, the lists, and each list's element fields.
    private let top: [DraftField]
    private let listNames: [DraftField]
    let lists: [DraftField: [DraftField]]
    /// The text outside the lists, by the shape of the values outside them (two bits a field, two a list).
    private let tops = LockedValue<[UInt64: (subject: Layout, body: Layout)]>([:])
    /// Each element's text, by the shape outside the lists, its section and its own shape.
    private let elements = LockedValue<[ElementKey: Layout]>([:])
    private let broken = LockedValue(false)
    var isBroken: Bool { broken.withLock { $0 } }

    struct ElementKey: Hashable {
        let top: UInt64
        let section: Int
        let element: UInt64
    }

    init?(_ fields: DraftFields, subject: String, body: String) {
        var sections: [(list: String, startLine: Bool, endLine: Bool)] = []
        guard let markedSubject = ListSections.mark(subject, fields, &sections),
              let markedBody = ListSections.mark(body, fields, &sections), !sections.isEmpty,
              let subjectTemplate = try? MustacheTemplate(string: markedSubject),
              let bodyTemplate = try? MustacheTemplate(string: markedBody) else { return nil }
        let top = fields.top.sorted().compactMap(DraftField.named)
        let listNames = fields.lists.keys.sorted().compactMap(DraftField.named)
        var lists: [DraftField: [DraftField]] = [:]
        for list in listNames {
            let elementFields = (fields.lists[list.name] ?? []).sorted().compactMap(DraftField.named)
            guard elementFields.count == fields.lists[list.name]?.count, elementFields.count <= 32 else { return nil }
            lists[list] = elementFields
        }
        let typedSections = sections.compactMap { section in
            DraftField.named(section.list).map { (list: $0, startLine: section.startLine, endLine: section.endLine) }
        }
        guard top.count == fields.top.count, listNames.count == fields.lists.count, top.count + listNames.count <= 32,
              typedSections.count == sections.count else { return nil }
        self.subject = subjectTemplate
        self.body = bodyTemplate
        self.sections = typedSections
        self.top = top
        self.listNames = listNames
        self.lists = lists
    }

    /// The shape of `values` outside the lists: two bits a field (``DraftValues/Kind/shape``), then two a list (0
    /// none, 1 empty, 2 with elements).
    private func topKey(_ values: DraftValues) -> UInt64 {
        var key: UInt64 = 0
        for field in top { key = key << 2 | UInt64(values.kind(field).shape) }
        for list in listNames {
            let elements = values.list(list)
            key = key << 2 | (elements == nil ? 0 : elements!.isEmpty ? 1 : 2)
        }
        return key
    }

    /// An element's shape: two bits a field of its list.
    func elementKey(_ element: DraftValues, _ fields: [DraftField]) -> UInt64 {
        var key: UInt64 = 0
        for field in fields { key = key << 2 | UInt64(element.kind(field).shape) }
        return key
    }

    /// `values` with a marker in place of each text (`U+E000 field U+E001` outside the lists, `U+E005 field U+E001`
    /// in an element), as swift-mustache reads them.
    private func marked(_ values: DraftValues) -> [String: Any] {
        func mark(_ kind: DraftValues.Kind, _ text: @autoclosure () -> String) -> Any? {
            switch kind {
            case .missing: return nil
            case .text, .number: return text()
            case .yes: return true
            case .no: return false
            }
        }
        var marked: [String: Any] = [:]
        for field in top {
            marked[field.name] = mark(values.kind(field),
                                      "\(Character(DraftSkeletons.open))\(field.rawValue)\(Character(DraftSkeletons.close))")
        }
        for list in listNames {
            guard let elements = values.list(list) else { continue }
            let fields = lists[list] ?? []
            marked[list.name] = elements.map { element -> [String: Any] in
                var marks: [String: Any] = [:]
                for field in fields {
                    marks[field.name] = mark(element.kind(field),
                                             "\(Character(ListSections.fieldMark))\(field.rawValue)\(Character(DraftSkeletons.close))")
                }
                return marks
            }
        }
        return marked
    }

    func render(_ values: DraftValues, subject: MustacheTemplate, body: MustacheTemplate) -> (subject: String, body: [UInt8])? {
        if broken.withLock({ $0 }) { return nil }
        let key = topKey(values)
        if let filled = fill(values, key) { return filled }
        // A shape not seen yet: render the marked copy once, check it against the template, keep its pieces.
        let marked = marked(values)
        let subjectText = self.subject.render(marked)
        let bodyText = self.body.render(marked)
        guard strip(subjectText) == subject.render(marked), strip(bodyText) == body.render(marked),
              let subjectCut = cut(subjectText, values, key), let bodyCut = cut(bodyText, values, key) else {
            broken.withLock { $0 = true }
            return nil
        }
        tops.withLock {
            if $0.count < DraftSkeletons.limit { $0[key] = (Layout(subjectCut.layout), Layout(bodyCut.layout)) }
        }
        elements.withLock { cache in
            for (elementKey, parts) in subjectCut.found.merging(bodyCut.found, uniquingKeysWith: { a, _ in a })
            where cache.count < DraftSkeletons.limit * 8 && cache[elementKey] == nil {
                cache[elementKey] = Layout(parts)
            }
        }
        return fill(values, key)
    }

    /// The draft from cached pieces; nil when a shape (outside the lists, or of an element) is not cached.
    private func fill(_ values: DraftValues, _ key: UInt64) -> (subject: String, body: [UInt8])? {
        guard let layouts = tops.withLock({ $0[key] }) else { return nil }
        func build(_ layout: Layout, into out: inout [UInt8]) -> Bool {
            layout.bytes.withUnsafeBufferPointer { bytes in
                for piece in layout.pieces {
                    switch piece {
                    case .text(let from, let to): out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<to]))
                    case .top(let n):
                        guard let field = DraftField(rawValue: n), let text = values.text(field) else { return false }
                        out.append(contentsOf: text.utf8)
                    case .field: return false
                    case .slot(let k):
                        let list = sections[k].list
                        let fields = lists[list] ?? []
                        let listed = values.list(list) ?? []
                        for index in listed.indices {
                            let elementKey = ElementKey(top: key, section: k, element: self.elementKey(listed[index], fields))
                            guard let element = elements.withLock({ $0[elementKey] }) else { return false }
                            let filled = element.bytes.withUnsafeBufferPointer { elementBytes in
                                for piece in element.pieces {
                                    switch piece {
                                    case .text(let from, let to):
                                        out.append(contentsOf: UnsafeBufferPointer(rebasing: elementBytes[from..<to]))
                                    case .top(let n):
                                        guard let field = DraftField(rawValue: n), let text = values.text(field) else { return false }
                                        out.append(contentsOf: text.utf8)
                                    case .field(let n):
                                        guard let field = DraftField(rawValue: n), let text = listed[index].text(field) else {
                                            return false
                                        }
                                        out.append(contentsOf: text.utf8)
                                    case .slot: return false
                                    }
                                }
                                return true
                            }
                            if !filled { return false }
                        }
                    }
                }
                return true
            }
        }
        var subject: [UInt8] = []
        var body: [UInt8] = []
        body.reserveCapacity(4096)
        guard build(layouts.subject, into: &subject), build(layouts.body, into: &body) else { return nil }
        return (String(decoding: subject, as: UTF8.self), body)
    }
}
