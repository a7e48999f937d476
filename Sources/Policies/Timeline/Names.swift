/// How people are compared: e-mails trimmed and lower-cased (reading 19), names case-insensitively with runs of
/// spaces collapsed (reading 10). Comparisons walk the text once without building new strings.
enum Names {
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s == " " || (s.value >= 0x09 && s.value <= 0x0D) }
        return s.properties.isWhitespace
    }

    static func isBlank(_ text: String) -> Bool { text.unicodeScalars.allSatisfy(isSpace) }

    static func email(_ text: String) -> String {
        // Stored e-mails are already trimmed and lower-case ASCII: return those as they are rather than build a
        // new String per application (the queue reads millions).
        func isClean(_ bytes: some Collection<UInt8>) -> Bool {
            guard let first = bytes.first, first > 0x20 else { return false }
            for byte in bytes where byte <= 0x20 || byte >= 0x7F || (byte >= 0x41 && byte <= 0x5A) { return false }
            return true
        }
        // A native String's bytes are one contiguous buffer: checked there, the loop is a plain scan.
        if text.utf8.withContiguousStorageIfAvailable(isClean) ?? isClean(text.utf8) { return text }
        return text.trimmingSpaces().lowercased()
    }

    /// The name's comparison key: lower-cased, trimmed, inner runs of spaces as one space.
    static func key(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in name.unicodeScalars {
            if isSpace(s) { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            if s.isASCII { out.append(Unicode.Scalar(UInt8(ascii: s) | (s.value >= 65 && s.value <= 90 ? 0x20 : 0))) }
            else { out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars) }
        }
        return String(out)
    }

    /// Whether two names are the same person (reading 10).
    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        var ia = Folded(a.unicodeScalars.makeIterator()), ib = Folded(b.unicodeScalars.makeIterator())
        while true {
            let x = ia.next(), y = ib.next()
            if x != y { return false }
            if x == nil { return true }
        }
    }

    /// A name's scalars as ``key(_:)`` would give them, one at a time, without building the key.
    struct Folded: IteratorProtocol {
        var base: String.UnicodeScalarView.Iterator
        var started = false
        var held: Unicode.Scalar?
        var pending: [Unicode.Scalar] = []

        init(_ base: String.UnicodeScalarView.Iterator) { self.base = base }

        mutating func next() -> Unicode.Scalar? {
            if !pending.isEmpty { return pending.removeFirst() }
            if let h = held { held = nil; return fold(h) }
            var sawSpace = false
            while let s = base.next() {
                if Names.isSpace(s) { sawSpace = true; continue }
                if sawSpace && started { held = s; return " " }
                started = true
                return fold(s)
            }
            return nil
        }

        private mutating func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
            if s.isASCII {
                return s.value >= 65 && s.value <= 90 ? Unicode.Scalar(UInt8(s.value) | 0x20) : s
            }
            var lower = Array(s.properties.lowercaseMapping.unicodeScalars)
            let first = lower.removeFirst()
            pending.append(contentsOf: lower)
            return first
        }
    }
}

extension String {
    /// The text without leading and trailing white space.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Names.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Names.isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
