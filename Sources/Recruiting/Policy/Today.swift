import Foundation
import Policies

extension Day {
    /// Today's date in `timeZone` (the agency's, POLICY.md "Time"): the engine itself never reads the clock.
    public static func today(in timeZone: TimeZone) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}
