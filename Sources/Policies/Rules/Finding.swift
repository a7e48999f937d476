/// What one rule found on one timeline: an item to list (subject to its due day and staleness), a settled item,
/// or why the rule does not apply. Shared by the queue path and `explain`, so both say the same thing.
enum Finding {
    case item(Draft)
    case done(Rule, Reason)
    case notApplicable(Rule, Reason)

    /// An item before the timeline's names are attached.
    struct Draft {
        let rule: Rule
        let actor: Party
        let due: Day
        let deadline: Day?
        let reason: Reason
    }
}
