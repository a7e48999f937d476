import Foundation
import Mail
import Policies

/// The facts of one message that MAIL.md's rules read; the body is gone once its mentions are found. Kept for every
/// message of a run until it is placed (they are placed in Date order), as bytes in a ``MailFactsStore``.
struct MailFacts {
    let identity: String
    /// Where the message came from: its file, and its first byte there when it is one of an mbox's.
    let file: String
    let offset: Int?
    let order: Int
    /// The Date header's instant (seconds since 1970, UTC); nil without a usable one.
    let sentAt: Int64?
    var day: Day?
    let subject: String?
    var sender: Mailbox?
    var recipients: [Mailbox]
    let threadIDs: [String]
    let mentionedCandidates: [String]
    let mentionedOpenings: [String]
    let events: [CalendarEvent]
    /// The first 12 hex digits of the identity's SHA-256 (a string kept inline): the note of each activity the
    /// message makes ends with `[mail TAG]`, so two messages are two activities.
    let tag: String
    /// The message's place in its run's ``MailFactsStore`` (the activities it makes read their note from there);
    /// -1 before it is kept.
    var stored: Int32 = -1

    init(identity: String, file: String, offset: Int? = nil, order: Int, sentAt: Int64?, day: Day?, subject: String?,
         sender: Mailbox?, recipients: [Mailbox], threadIDs: [String], mentionedCandidates: [String],
         mentionedOpenings: [String], events: [CalendarEvent], tag: String? = nil) {
        (self.identity, self.file, self.offset, self.order, self.sentAt, self.day) = (identity, file, offset, order, sentAt, day)
        (self.subject, self.sender, self.recipients, self.threadIDs) = (subject, sender, recipients, threadIDs)
        (self.mentionedCandidates, self.mentionedOpenings, self.events) = (mentionedCandidates, mentionedOpenings, events)
        self.tag = tag ?? String(SHA256.hex(Array(identity.utf8)).prefix(12))
    }

    /// `FILE` for a file of its own, `FILE: byte N` inside an mbox.
    var source: String { offset.map { "\(file): byte \($0)" } ?? file }

    var parties: [Mailbox] { (sender.map { [$0] } ?? []) + recipients }
}

/// One activity a message makes, before it is written.
struct PlannedActivity {
    let application: MailDirectory.Application
    let day: Day
    let type: ActivityType
    let by: Party
    var with: [String]
    /// The message it comes from, as its place in the run's ``MailFactsStore``: its note is made from the
    /// message's Subject and tag there when it is written (``MailRun/note(_:)``).
    let message: Int32
    var invitation: (uid: String, sequence: Int)?
    var removed = false

    /// The activity as the rule book sees it; `index` (its place in the run) orders it after the stored facts of
    /// its day and identifies it in the run's timelines.
    func policyActivity(index: Int) -> Activity {
        Activity(date: day, type: type, by: by, with: with, channel: .email, sequence: PlannedActivity.firstSequence + index)
    }

    static let firstSequence = Int.max / 2
}
