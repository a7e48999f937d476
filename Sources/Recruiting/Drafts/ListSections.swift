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
    private let sections: [(list: DraftField, startLine: Bool, endLine: Bool)]
    /// The fields outside the lists, the lists, and each list's element fields.
    private let top: [DraftField]
    private let listNames: [DraftField]
    private let lists: [DraftField: [DraftField]]
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

    /// `text` with each top-level list section's marks, nil when a list is named inside a list section (its
    /// elements' texts would then depend on more than their own shape) or a section is not closed.
    static func mark(_ text: String, _ fields: DraftFields, _ sections: inout [(list: String, startLine: Bool, endLine: Bool)]) -> String? {
        let scalars = Array(text.unicodeScalars)
        var inserts: [(at: Int, text: String)] = []
        var stack: [String] = []
        var open: (index: Int, list: String, startLine: Bool, depth: Int)?
        var i = 0
        func lineStart(_ at: Int) -> Int { var j = at; while j > 0 && scalars[j - 1] != "\n" { j -= 1 }; return j }
        func lineEnd(_ at: Int) -> Int { var j = at; while j < scalars.count && scalars[j] != "\n" { j += 1 }; return j }
        func blank(_ from: Int, _ to: Int) -> Bool { (from..<to).allSatisfy { scalars[$0] == " " || scalars[$0] == "\t" } }
        while i + 1 < scalars.count {
            guard scalars[i] == "{", scalars[i + 1] == "{" else { i += 1; continue }
            let triple = i + 2 < scalars.count && scalars[i + 2] == "{"
            let closing: [Unicode.Scalar] = triple ? ["}", "}", "}"] : ["}", "}"]
            var j = i + (triple ? 3 : 2)
            while j + closing.count <= scalars.count && Array(scalars[j..<j + closing.count]) != closing { j += 1 }
            guard j + closing.count <= scalars.count else { return nil }
            let inner = String(String.UnicodeScalarView(scalars[(i + (triple ? 3 : 2))..<j])).trimmingCharacters(in: .whitespaces)
            let tagEnd = j + closing.count
            let sigil = triple ? "&" : inner.first.map(String.init) ?? ""
            let name = "#^/&".contains(sigil) && !triple ? String(inner.dropFirst()).trimmingCharacters(in: .whitespaces) : inner
            let isList = fields.lists[name] != nil
            // Inside a marked section, no tag may name a list but the one that closes it.
            if let opened = open, isList, !(sigil == "/" && name == opened.list && stack.count - 1 == opened.depth) {
                return nil
            }
            switch sigil {
            case "#", "^":
                if sigil == "#" && isList && open == nil && !stack.contains(where: { fields.lists[$0] != nil }) {
                    let standalone = blank(lineStart(i), i) && blank(tagEnd, lineEnd(tagEnd)) && lineEnd(tagEnd) < scalars.count
                    open = (standalone ? lineEnd(tagEnd) + 1 : tagEnd, name, standalone, stack.count)
                }
                stack.append(name)
            case "/":
                guard stack.last == name else { return nil }
                stack.removeLast()
                if let opened = open, opened.list == name, stack.count == opened.depth {
                    let k = sections.count
                    let standalone = blank(lineStart(i), i) && blank(tagEnd, lineEnd(tagEnd))
                    inserts.append((opened.index, "\(Character(start))\(k)\(Character(close))" + (opened.startLine ? "\n" : "")))
                    inserts.append((standalone ? lineStart(i) : i, "\(Character(end))\(k)\(Character(close))" + (standalone ? "\n" : "")))
                    sections.append((name, opened.startLine, standalone))
                    open = nil
                }
            default: break
            }
            i = tagEnd
        }
        guard stack.isEmpty, open == nil else { return nil }
        var out = String.UnicodeScalarView()
        var at = 0
        for insert in inserts.sorted(by: { $0.at < $1.at }) {
            out.append(contentsOf: scalars[at..<insert.at])
            out.append(contentsOf: insert.text.unicodeScalars)
            at = insert.at
        }
        out.append(contentsOf: scalars[at...])
        return String(out)
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
    private func elementKey(_ element: DraftValues, _ fields: [DraftField]) -> UInt64 {
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

    /// A marked copy's text without the section marks (and the line breaks added with them): what the template
    /// itself renders, if the marks changed nothing else.
    private func strip(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var skipNewline = false
        while let scalar = scalars.next() {
            if skipNewline {
                skipNewline = false
                if scalar == "\n" { continue }
            }
            guard scalar == ListSections.start || scalar == ListSections.end else {
                out.append(scalar)
                continue
            }
            var k = 0
            while let digit = scalars.next(), digit != ListSections.close { k = k * 10 + Int(digit.value &- 0x30) }
            guard k < sections.count else { continue }
            skipNewline = scalar == ListSections.start ? sections[k].startLine : sections[k].endLine
        }
        return String(out)
    }

    // Over 60 lines: one scan over the marked text, each mark's case beside the others, the state they share in view.
    /// Cuts a marked copy's text into the layout outside the lists and each element's pieces (by element cache key
    /// and section); nil when the marks are not where they should be.
    private func cut(_ text: String, _ values: DraftValues, _ key: UInt64) -> (layout: [Part], found: [ElementKey: [Part]])? {
        var layout: [Part] = []
        var current = String.UnicodeScalarView()
        var inside: (k: Int, element: Int, parts: [Part])?
        var counts: [Int: Int] = [:]
        var found: [ElementKey: [Part]] = [:]
        var scalars = text.unicodeScalars.makeIterator()
        var skipNewline = false
        func flush() {
            guard !current.isEmpty else { return }
            let text = Part.text(Array(String(current).utf8))
            if inside != nil { inside!.parts.append(text) } else { layout.append(text) }
            current = String.UnicodeScalarView()
        }
        func number() -> Int? {
            var value = 0
            var any = false
            while let digit = scalars.next() {
                if digit == ListSections.close || digit == DraftSkeletons.close { return any ? value : nil }
                guard digit.value >= 0x30 && digit.value <= 0x39 else { return nil }
                value = value * 10 + Int(digit.value - 0x30)
                any = true
            }
            return nil
        }
        while let scalar = scalars.next() {
            if skipNewline {
                skipNewline = false
                guard scalar == "\n" else { return nil }
                continue
            }
            switch scalar {
            case DraftSkeletons.open:
                flush()
                guard let n = number() else { return nil }
                if inside != nil { inside!.parts.append(.top(n)) } else { layout.append(.top(n)) }
            case ListSections.fieldMark:
                flush()
                guard inside != nil, let n = number() else { return nil }
                inside!.parts.append(.field(n))
            case ListSections.start:
                flush()
                guard inside == nil, let k = number(), k < sections.count else { return nil }
                let element = counts[k, default: 0]
                if element == 0 {
                    layout.append(.slot(k))
                } else {
                    // The elements of one section follow each other with nothing between.
                    guard case .slot(k)? = layout.last else { return nil }
                }
                counts[k] = element + 1
                inside = (k, element, [])
                skipNewline = sections[k].startLine
            case ListSections.end:
                flush()
                guard let open = inside, let k = number(), k == open.k else { return nil }
                let list = sections[k].list
                guard let elements = values.list(list), open.element < elements.count else { return nil }
                found[ElementKey(top: key, section: k, element: elementKey(elements[open.element], lists[list] ?? []))] = open.parts
                inside = nil
                skipNewline = sections[k].endLine
            default:
                current.append(scalar)
            }
        }
        guard inside == nil, !skipNewline else { return nil }
        flush()
        // Every section that rendered did so once per element of its list, and its slot comes once.
        for (k, count) in counts where count != values.list(sections[k].list)?.count { return nil }
        return (layout, found)
    }
}
