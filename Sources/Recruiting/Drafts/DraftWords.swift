import Foundation
import Policies

/// Words drafts share.
enum DraftWords {
    /// An outbound contact as a draft names it.
    static func contact(_ type: ActivityType) -> String {
        switch type {
        case .phoneCheck, .checkBack: return "call"
        case .keepInMind, .thankYou: return "note"
        default: return "message"
        }
    }

    /// A rendered body with trailing spaces dropped, runs of blank lines made one and the text ending in one line
    /// break, in UTF-8 (by bytes: a space and a line break are one byte each in UTF-8).
    static func tidy(_ body: [UInt8]) -> [UInt8] {
        body.withUnsafeBufferPointer { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 1)
            var blank = true  // the last line written was blank (or nothing was written yet)
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
                var end = index
                while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
                if end == start {
                    if !blank { out.append(0x0A) }
                    blank = true
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    out.append(0x0A)
                    blank = false
                }
                start = index + 1
            }
            while out.count >= 2 && out[out.count - 1] == 0x0A && out[out.count - 2] == 0x0A { out.removeLast() }
            if out.last != 0x0A { out.append(0x0A) }
            return out
        }
    }
}
