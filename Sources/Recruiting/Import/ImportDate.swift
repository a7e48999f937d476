import Foundation

/// A date format's rewrite of one cell to `YYYY-MM-DD`, as `DateFormat`'s regular expression and fixed width mean
/// it, without either: a cell in the fixed width (`11/10/2026`, or it followed by ` __:__` and anything) is cut by
/// position as it is; any other that matches the format (one- or two-digit month and day, spaces around, an optional
/// time `9:15`, `09:15:30.5`, with `AM`/`PM`) is rewritten with the month and day in two digits. Positions count
/// characters (Unicode scalars), as PostgreSQL's `LIKE` and `substr` did; digits and white space are ASCII.
struct ImportDate {
    let order: [Character]
    let separator: Unicode.Scalar?
    /// The fixed width's length and the 0-based positions of the separators, year, month and day.
    let fixed: (length: Int, separators: [Int], year: Int, month: Int, day: Int)?

    init(_ format: DateFormat) {
        order = format.order
        separator = format.separator?.unicodeScalars.first
        if let width = format.fixedWidth {
            let like = Array(width.like.unicodeScalars)
            fixed = (like.count, like.indices.filter { like[$0] != "_" }, width.year - 1, width.month - 1, width.day - 1)
        } else {
            fixed = nil
        }
    }

    /// The cell (UTF-8) as `YYYY-MM-DD` (or as the fixed width cuts it), nil when it does not match.
    func rewrite(_ cell: [UInt8]) -> [UInt8]? {
        if cell.allSatisfy({ $0 < 0x80 }) {
            return cell.withUnsafeBufferPointer { rewrite($0) }
        }
        guard let text = String(validating: cell, as: UTF8.self) else { return nil }
        let values = text.unicodeScalars.map(\.value)
        guard let scalars = values.withUnsafeBufferPointer({ rewrite($0) }) else { return nil }
        var out = String.UnicodeScalarView()
        for value in scalars { out.append(Unicode.Scalar(value)!) }
        return Array(String(out).utf8)
    }

    /// The rewrite over characters (bytes of an ASCII cell, else Unicode scalars).
    private func rewrite<C: FixedWidthInteger>(_ c: UnsafeBufferPointer<C>) -> [C]? {
        if let fixed, c.count == fixed.length || (c.count >= fixed.length + 6 && c[fixed.length] == 0x20 && c[fixed.length + 3] == 0x3A),
           fixed.separators.allSatisfy({ UInt32(c[$0]) == separator?.value }) {
            var out: [C] = []
            out.reserveCapacity(10)
            out += c[fixed.year..<fixed.year + 4]
            out.append(0x2D)
            out += c[fixed.month..<fixed.month + 2]
            out.append(0x2D)
            out += c[fixed.day..<fixed.day + 2]
            return out
        }
        func digit(_ i: Int) -> Bool { i < c.count && c[i] >= 0x30 && c[i] <= 0x39 }
        func space(_ i: Int) -> Bool { i < c.count && (c[i] == 0x20 || (c[i] >= 0x09 && c[i] <= 0x0D)) }
        var i = 0
        while space(i) { i += 1 }
        // The parts in the format's order (start, width), each month and day two digits if it can be, else one
        // (as the regular expression backtracks).
        var parts = [(start: Int, width: Int)](repeating: (0, 0), count: 3)
        func match(_ position: Int, _ i: Int) -> Bool {
            guard position < order.count else { return rest(c, from: i) }
            var i = i
            if position > 0, let separator {
                guard i < c.count, UInt32(c[i]) == separator.value else { return false }
                i += 1
            }
            let letter = order[position]
            for width in letter == "Y" ? [4] : [2, 1] {
                guard (i..<i + width).allSatisfy(digit) else { continue }
                parts[position] = (i, width)
                if match(position + 1, i + width) { return true }
            }
            return false
        }
        guard match(0, i) else { return nil }
        var out: [C] = []
        out.reserveCapacity(10)
        for letter in ["Y", "M", "D"] as [Character] {
            let part = parts[order.firstIndex(of: letter)!]
            if letter != "Y" {
                out.append(0x2D)
                if part.width == 1 { out.append(0x30) }
            }
            out += c[part.start..<part.start + part.width]
        }
        return out
    }

    /// Whether `c[i...]` is `(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)?\s*$`.
    private func rest<C: FixedWidthInteger>(_ c: UnsafeBufferPointer<C>, from start: Int) -> Bool {
        func digit(_ i: Int) -> Bool { i < c.count && c[i] >= 0x30 && c[i] <= 0x39 }
        func space(_ i: Int) -> Bool { i < c.count && (c[i] == 0x20 || (c[i] >= 0x09 && c[i] <= 0x0D)) }
        func blankToEnd(_ from: Int) -> Bool {
            var i = from
            while space(i) { i += 1 }
            return i == c.count
        }
        if blankToEnd(start) { return true }
        var i = start
        guard i < c.count, c[i] == 0x20 || c[i] == 0x54 else { return false }
        while i < c.count && (c[i] == 0x20 || c[i] == 0x54) { i += 1 }
        var run = 0
        while digit(i + run) { run += 1 }
        guard run == 1 || run == 2 else { return false }
        i += run
        guard i < c.count, c[i] == 0x3A, digit(i + 1), digit(i + 2), !digit(i + 3) else { return false }
        i += 3
        if i < c.count, c[i] == 0x3A {
            guard digit(i + 1), digit(i + 2), !digit(i + 3) else { return false }
            i += 3
            if i < c.count, c[i] == 0x2E || c[i] == 0x2C, digit(i + 1) {
                i += 1
                while digit(i) { i += 1 }
            }
        }
        while space(i) { i += 1 }
        if i < c.count, c[i] == 0x41 || c[i] == 0x61 || c[i] == 0x50 || c[i] == 0x70 {
            i += 1
            if i < c.count, c[i] == 0x2E { i += 1 }
            guard i < c.count, c[i] == 0x4D || c[i] == 0x6D else { return false }
            i += 1
            if i < c.count, c[i] == 0x2E { i += 1 }
        }
        return blankToEnd(i)
    }
}
