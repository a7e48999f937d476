import Foundation
import Policies
import PropertyBased
@testable import Recruiting
import RecruitTestSupport
import Testing

/// The HTML summary from its mustache template is byte for byte the page the string-building renderer made
/// (``ReferenceSummaryHTML``, kept in the tests only): for every sample client on several days, for names that
/// try to break out of the HTML, and for a made-up summary that takes every branch of the page.
@Suite("Summary HTML template")
struct SummaryHTMLTests {
    /// Text a client, opening, hiring manager, candidate or interviewer might be called, to break the page.
    static let hostile = [
        "<script>alert(1)</script>",
        "Tom & Jerry's \"Best\" <b>",
        "line one\nline two\r\nthree\ttab",
        "&amp; &#39; &lt;already&gt; {{client}} {{{x}}}",
        "Zoë Ñúñez · 東京 — 🙂",
    ]

    /// Expects the two renderers' bytes to be equal, showing where they first differ when not.
    func expectSame(_ summary: ClientSummary, sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = Array(ReferenceSummaryHTML().render(summary).utf8)
        let rendered = Array(SummaryHTML().render(summary).utf8)
        guard rendered != reference else { return }
        let at = zip(reference, rendered).prefix { $0 == $1 }.count
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, at - 80)..<min(bytes.count, at + 80)], as: UTF8.self)
        }
        Issue.record("""
            \(summary.client) as of \(summary.asOf): the pages differ at byte \(at) \
            (\(reference.count) bytes expected, \(rendered.count) rendered)
            expected: \(around(reference))
            rendered: \(around(rendered))
            """, sourceLocation: sourceLocation)
    }

    @Test("every sample client's page, on days across the samples' year, is the old renderer's byte for byte")
    func samples() async throws {
        try await ClientSummaryTests().withSamples { connection in
            let clients = try connection.query("SELECT name FROM clients ORDER BY name").rows.compactMap { $0[0] }
            #expect(clients == ["Acme Corp", "Borealis Health", "Cobalt Logistics"])
            var pages = ""
            for day in ["2026-01-15", "2026-06-20", "2026-08-01", "2026-09-30", "2026-11-20", "2027-06-01"] {
                for client in clients {
                    let summary = try ClientSummary.build(connection, client: client, asOf: Day(day)!)
                    expectSame(summary)
                    pages += SummaryHTML().render(summary)
                }
            }
            // The samples reach most of the page's branches (the made-up summary below reaches all of them).
            for part in ["<span class=\"passed\">", "<p class=\"none\">Nobody.</p>", "<p class=\"none\">None.</p>",
                         "<h3>Our next steps</h3>", "<h2>Filled roles</h2>", "<li>", "We have no openings"] {
                #expect(pages.contains(part), "no sample page shows \(part)")
            }
        }
    }

    @Test("hostile names read from the database give the old renderer's bytes")
    func hostileDatabase() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            for (n, name) in Self.hostile.enumerated() {
                let opening = "X-\(n) \(name)"
                let email = "c\(n)@example.com"
                try Seed(connection)
                    .opening(opening, client: "Client \(name)", hiringManager: "HM \(name)")
                    .application(email, opening, decisionBy: "2026-11-19")
                    .activity(email, opening, "2026-11-16", "interview", with: ["Panel"])
                try connection.query("UPDATE openings SET title = $1 WHERE id = $2", ["Title \(name)", opening])
                try connection.query("UPDATE candidates SET first_name = $1, last_name = 'Last' WHERE email = $2",
                                     ["First \(name)", email])
                try connection.query("UPDATE activities SET with_names = ARRAY[$1::text, 'Bo Li'] WHERE with_names = '{Panel}'",
                                     ["Panel \(name)"])
            }
            let clients = try connection.query("SELECT name FROM clients ORDER BY name").rows.compactMap { $0[0] }
            #expect(clients.count == Self.hostile.count)
            for client in clients {
                let summary = try ClientSummary.build(connection, client: client, asOf: Day("2026-11-20")!)
                #expect(summary.openings.first?.awaitingDecision.count == 1)
                expectSame(summary)
            }
        }
    }

    /// A summary that takes every branch of the page, with `name` in every name, title and id.
    static func everyBranch(_ name: String, asOf: Day = Day("2026-11-20")!) -> ClientSummary {
        let day = asOf
        func opening(_ id: String, _ status: OpeningStatus, manager: String?, pipeline: Pipeline,
                     waiting: [AwaitingDecision] = [], interviews: [RecentInterview] = [], steps: [NextStep] = [],
                     daysOpen: Int? = nil, recorded: Bool = false) -> OpeningSummary {
            OpeningSummary(id: "\(id) \(name)", title: "Title \(name)", status: status, hiringManager: manager,
                           openedOn: daysOpen.map { day.adding(days: -$0) }, openedOnRecorded: recorded,
                           daysOpen: daysOpen, pipeline: pipeline, awaitingDecision: waiting,
                           recentInterviews: interviews, nextSteps: steps)
        }
        let waiting = [
            AwaitingDecision(candidate: "Ana \(name)", waitingSince: day.adding(days: -30), since: .interview,
                             daysWaiting: 30, promisedBy: day.adding(days: -20), promiseMissed: true),
            AwaitingDecision(candidate: "Bo \(name)", waitingSince: day.adding(days: -1), since: .submittal,
                             daysWaiting: 1, promisedBy: day.adding(days: 3), promiseMissed: false),
            AwaitingDecision(candidate: "Cy \(name)", waitingSince: day, since: .submittal, daysWaiting: 0,
                             promisedBy: nil, promiseMissed: false),
        ]
        let interviews = [
            RecentInterview(date: day.adding(days: -2), candidate: "Ana \(name)", interviewers: ["HM \(name)", "Bo Li"]),
            RecentInterview(date: day.adding(days: -9), candidate: "Dee \(name)", interviewers: []),
        ]
        let steps = [NextStep(date: day, rule: "follow-up", candidate: "Ana \(name)", action: "Check in with \(name)")]
        return ClientSummary(
            client: "Client \(name)", asOf: day,
            openings: [
                opening("A-1", .open, manager: "HM \(name)", pipeline: Pipeline(submitted: 1, interviewing: 7, offered: 1,
                        hired: 0, notSelected: 200, withdrawn: 2),
                        waiting: waiting, interviews: interviews, steps: steps, daysOpen: 158),
                opening("A-2", .onHold, manager: nil, pipeline: Pipeline(submitted: 1), daysOpen: 1, recorded: true),
                opening("A-3", .open, manager: "HM \(name)", pipeline: Pipeline()),
                opening("A-4", .closed, manager: "HM \(name)", pipeline: Pipeline(withdrawn: 3)),
                opening("A-5", .closed, manager: nil, pipeline: Pipeline(interviewing: 1), waiting: [waiting[2]]),
                opening("A-6", .closed, manager: nil, pipeline: Pipeline(), interviews: [interviews[1]]),
            ],
            filledRoles: [
                FilledRole(id: "F-1 \(name)", title: "Filled \(name)", openedOn: day.adding(days: -101),
                           filledOn: day.adding(days: -1), daysToFill: 100, hired: "Hired \(name)"),
                FilledRole(id: "F-2 \(name)", title: "Filled \(name)", openedOn: nil, filledOn: nil, daysToFill: 1,
                           hired: nil),
                FilledRole(id: "F-3 \(name)", title: "Filled \(name)", openedOn: nil, filledOn: day, daysToFill: nil,
                           hired: nil),
            ],
            responsiveness: Responsiveness(clientMedianDays: 2.5, clientSamples: 1, agencyMedianDays: 1,
                                           agencySamples: 19))
    }

    @Test("a made-up summary through every branch of the page, with hostile names, gives the old renderer's bytes")
    func everyBranchIsTheSame() {
        for name in Self.hostile + ["Plain Name"] {
            let summary = Self.everyBranch(name)
            expectSame(summary)
            let html = SummaryHTML().render(summary)
            #expect(!Self.holds(html, "<script") && !Self.holds(html, "\" <b>"))
        }
        var empty = Self.everyBranch("<Quiet & Co>")
        empty.openings = []
        empty.filledRoles = []
        empty.responsiveness = Responsiveness(clientMedianDays: nil, clientSamples: 0, agencyMedianDays: nil,
                                              agencySamples: 2)
        expectSame(empty)
        #expect(SummaryHTML().render(empty).contains("<p class=\"none\">We have no openings with you on record"))
        var onlyFilled = Self.everyBranch("'Filled' \"only\"")
        onlyFilled.openings = []
        expectSame(onlyFilled)
    }

    /// Names in which one of `& < > " '` shares a `Character` with a neighbouring scalar: the old renderer
    /// (and mustache's own HTML escaping) compared whole `Character`s and let these through unescaped.
    static let merged = [
        "\u{600}<img src=x onerror=alert(1) x=",  // U+0600 is a prepended mark: "\u{600}<" is one Character
        "\"\u{301}x '\u{301}y <\u{301}z &\u{301} >\u{200D}",   // combining marks and a joiner after them
    ]

    /// Whether `text` holds `part` byte for byte (`contains` compares whole Characters, which is the point here).
    static func holds(_ text: String, _ part: String) -> Bool {
        Array(text.utf8).firstRange(of: Array(part.utf8)) != nil
    }

    @Test("the one difference on purpose: & < > \" ' sharing a Character with a mark are escaped too")
    func mergedCharactersAreEscaped() {
        #expect(HTMLText().escapeText(Self.merged[0]) == "\u{600}&lt;img src=x onerror=alert(1) x=")
        #expect(HTMLText().escapeText(Self.merged[1])
                == "&quot;\u{301}x &#39;\u{301}y &lt;\u{301}z &amp;\u{301} &gt;\u{200D}")
        // The old renderer let the tag through: a client called that would have run script in the page.
        let old = ReferenceSummaryHTML().render(Self.everyBranch(Self.merged[0]))
        #expect(Self.holds(old, "<img src=x onerror=alert(1)"))
        for name in Self.merged {
            let summary = Self.everyBranch(name)
            let html = SummaryHTML().render(summary)
            #expect(!Self.holds(html, "<img") && !Self.holds(html, "\"\u{301}"))
            // Every other byte is the old page's: only the name's escaping changed.
            let expected = ReferenceSummaryHTML().render(summary).replacingOccurrences(
                of: ReferenceSummaryHTML.escape(name), with: HTMLText().escapeText(name), options: .literal)
            #expect(Array(html.utf8) == Array(expected.utf8))
        }
        // Anywhere no such Character occurs, both escapings agree.
        for name in Self.hostile {
            #expect(HTMLText().escapeText(name) == ReferenceSummaryHTML.escape(name))
        }
    }
}

@Suite struct HTMLTextPropertyTests {
    /// Scalars that matter to escaping and to grapheme clusters: the five specials, letters, marks that glue to
    /// what precedes or follows, joiners, emoji and other planes.
    static let alphabet: [Unicode.Scalar] = ["&", "<", ">", "\"", "'", "a", "Z", " ", "é", "\u{301}", "\u{600}", "\u{200D}",
                                             "\u{1F469}", "\u{FE0F}", "中", "\n", "\u{0}"]

    /// The escaping read one Unicode scalar at a time, as ``HTMLText`` promises.
    static func perScalar(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test("escaping the UTF-8 bytes gives the per-scalar escaping for any text")
    func bytesEqualScalars() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...(Self.alphabet.count - 1)).array(of: 0...40)) { picks in
            var text = ""
            for pick in picks { text.unicodeScalars.append(Self.alphabet[pick]) }
            #expect(HTMLText().escapeText(text) == Self.perScalar(text))
        }
    }
}
