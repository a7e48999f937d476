import Mustache

/// How ListSections finds a template's list sections: marking them in its text when the template is read, and
/// cutting a rendered copy at the marks. (Split from ListSections.swift.)
extension ListSections {
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

    /// A marked copy's text without the section marks (and the line breaks added with them): what the template
    /// itself renders, if the marks changed nothing else.
    func strip(_ text: String) -> String {
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
    func cut(_ text: String, _ values: DraftValues, _ key: UInt64) -> (layout: [Part], found: [ElementKey: [Part]])? {
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
