/// Content-Transfer-Encoding (RFC 2045 section 6): a part's bytes as they travel to the bytes they stand for.
public enum TransferEncoding {
    /// Base64 (RFC 2045 section 6.8). Characters outside the alphabet are ignored, as the section says a reader
    /// must; data ending in a lone sixth of a byte, or `=` padding followed by more data, is an error.
    /// - Returns: nil when the data cannot be base64.
    public static func base64<C: Collection>(_ input: C) -> [UInt8]? where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var accumulator: UInt32 = 0
        var count = 0
        var padding = 0
        for c in input {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="): padding += 1; continue
            case 9, 10, 13, 32: continue
            default: continue
            }
            if padding > 0 { return nil }  // data after the end
            accumulator = accumulator << 6 | v
            count += 1
            if count == 4 {
                out.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                out.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                out.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                count = 0
            }
        }
        switch count {
        case 0: break
        case 2: out.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            out.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        default: return nil
        }
        return out
    }

    /// Quoted-printable (RFC 2045 section 6.7): `=XX` is a byte, `=` at a line's end a soft line break, trailing
    /// white space on a line is dropped (rule 3). A malformed `=` is kept as it is (the section's note 1 allows a
    /// robust reader to do so). Lines end in LF in the result.
    public static func quotedPrintable<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var lineStart = input.startIndex
        while lineStart < input.endIndex {
            var lineEnd = lineStart
            while lineEnd < input.endIndex, input[lineEnd] != 10 { lineEnd += 1 }
            let next = lineEnd < input.endIndex ? lineEnd + 1 : lineEnd
            var end = lineEnd
            if end > lineStart, input[end - 1] == 13 { end -= 1 }
            while end > lineStart, input[end - 1] == 32 || input[end - 1] == 9 { end -= 1 }
            var soft = false
            var i = lineStart
            while i < end {
                let c = input[i]
                if c == UInt8(ascii: "=") {
                    if i + 1 == end { soft = true; break }
                    if i + 2 < end, let hi = hex(input[i + 1]), let lo = hex(input[i + 2]) {
                        out.append(hi << 4 | lo)
                        i += 3
                        continue
                    }
                }
                out.append(c)
                i += 1
            }
            if !soft && lineEnd < input.endIndex { out.append(10) }
            lineStart = next
        }
        return out
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
