/// The agency's (or one client's) non-working days, and business-day arithmetic over them.
///
/// Kept as a sorted array of ordinals: lists are short and usually empty, so the common case costs one
/// `isEmpty` check and the rest a binary search, with no hashing in the hot path.
public struct Holidays: Sendable, Hashable, Codable, ExpressibleByArrayLiteral {
    private var ordinals: [Int]

    /// The given days, in any order, repeats dropped.
    public init<S: Sequence>(_ days: S) where S.Element == Day {
        ordinals = Array(Set(days.map(\.ordinal))).sorted()
    }

    /// The listed days.
    public init(arrayLiteral days: Day...) { self.init(days) }

    /// No holidays.
    public static let none = Holidays([])

    /// The holidays, earliest first.
    public var days: [Day] { ordinals.map(Day.init(ordinal:)) }

    /// No holidays: every weekday is a business day.
    public var isEmpty: Bool { ordinals.isEmpty }

    /// Whether `day` is a listed holiday.
    @inlinable public func contains(_ day: Day) -> Bool { containsOrdinal(day.ordinal) }

    @usableFromInline func containsOrdinal(_ o: Int) -> Bool {
        if ordinals.isEmpty { return false }
        var lo = 0, hi = ordinals.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ordinals[mid] < o { lo = mid + 1 } else { hi = mid }
        }
        return lo < ordinals.count && ordinals[lo] == o
    }

    /// Monday to Friday and not a holiday (POLICY.md "Time").
    @inlinable public func isBusinessDay(_ day: Day) -> Bool { !day.isWeekend && !contains(day) }

    /// The `n`-th business day strictly after `day`; `n == 0` gives `day` itself (Precise reading 2).
    public func businessDays(_ n: Int, after day: Day) -> Day {
        precondition(n >= 0, "business days are counted forward")
        var current = day
        var counted = 0
        while counted < n {
            current = current.adding(days: 1)
            if isBusinessDay(current) { counted += 1 }
        }
        return current
    }

    /// Decodes a JSON array of `"YYYY-MM-DD"` strings.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Day].self))
    }

    /// Encodes a JSON array of `"YYYY-MM-DD"` strings, earliest first.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(days)
    }
}
