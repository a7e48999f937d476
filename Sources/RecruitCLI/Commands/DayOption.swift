import ArgumentParser
import Foundation
import Policies
import Recruiting

/// `--as-of D`: a calendar day `YYYY-MM-DD`; today in the agency's time zone when absent.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("The day to judge as of (YYYY-MM-DD); activities after it are ignored. Default: today.",
                               valueName: "date"))
    var text: String?

    func validate() throws {
        if let text, Day(text) == nil {
            throw ValidationError("--as-of \(text) is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20")
        }
    }

    /// The day, or today in `timeZone`.
    func day(timeZone: TimeZone) -> Day {
        if let text, let day = Day(text) { return day }
        return AsOfOption.today(timeZone: timeZone)
    }

    /// Today's date in `timeZone` (the agency's, POLICY.md "Time").
    static func today(timeZone: TimeZone) -> Day { Day.today(in: timeZone) }
}
