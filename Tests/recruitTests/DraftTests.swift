import Foundation
import Policies
import RecruitCLI
@testable import Recruiting
import RecruitTestSupport
import Testing

/// Drafts of the queue's messages (issue 22): written by `recruit queue --drafts`, read back by Python's `email`
/// package as a mail program would, and checked for what each may say and show.
@Suite("Message drafts")
struct DraftTests {
    /// One `.eml` as Python's `email` package (policy.default) reads it.
    struct Parsed: Decodable {
        let file: String
        let from: String
        let fromAddress: String
        let to: String
        let toAddresses: [String]
        let toNames: [String]
        let subject: String
        let date: String
        let messageID: String
        let unsent: String
        let contentType: String
        let body: String
        let defects: [String]
    }

    static let parser = """
        import email, email.policy, json, os, sys
        out = []
        folder = sys.argv[1]
        for name in sorted(os.listdir(folder)):
            if not name.endswith('.eml'):
                continue
            with open(os.path.join(folder, name), 'rb') as f:
                raw = f.read()
            m = email.message_from_bytes(raw, policy=email.policy.default)
            defects = [str(d) for d in m.defects]
            for h in ('From', 'To', 'Subject', 'Date', 'Message-ID'):
                defects += [h + ': ' + str(d) for d in m[h].defects] if m[h] is not None else ['missing ' + h]
            if any(b > 127 for line in raw.split(b'\\r\\n\\r\\n', 1)[0].split(b'\\r\\n') for b in line):
                defects.append('non-ASCII header')
            out.append(dict(
                file=name, **{'from': str(m['From'])},
                fromAddress=m['From'].addresses[0].addr_spec if m['From'].addresses else '',
                to=str(m['To']), toAddresses=[a.addr_spec for a in m['To'].addresses],
                toNames=[a.display_name for a in m['To'].addresses] + [g.display_name for g in m['To'].groups if not g.addresses],
                subject=str(m['Subject']), date=str(m['Date']), messageID=str(m['Message-ID']),
                unsent=str(m['X-Unsent']), contentType=m.get_content_type() + ';' + str(m.get_content_charset()),
                body=m.get_content().replace('\\r\\n', '\\n'), defects=defects))
        print(json.dumps(out))
        """

    /// Every `.eml` in `folder`, parsed by Python.
    static func parse(_ folder: URL) throws -> [Parsed] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", parser, folder.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 said: \(said)")
        return try JSONDecoder().decode([Parsed].self, from: data)
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("recruit-drafts-\(UUID().uuidString)")
    }

    /// A new empty folder of this test process's own (removed when the process ends: ``TemporaryFiles``).
    static func madeFolder() throws -> URL {
        URL(fileURLWithPath: try TemporaryFiles.folder("drafts"))
    }

    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Recruiting/Resources/samples")

    /// The words no draft may carry: rule names, item kinds, activity types and policy keys from the engine.
    static let internalWords: [String] = Rule.allCases.map(\.rawValue) + Recommendation.Kind.allCases.map(\.rawValue)
        + ActivityType.allCases.map(\.rawValue).filter { $0.contains("_") } + PolicyKey.allCases.map(\.rawValue)
        + ["OVERDUE", "HM ", "hm_", "actor", "let go", "stale"]

    /// Rows of a bundled sample CSV (no quoted commas in the samples).
    static func sampleRows(_ file: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: samples.appendingPathComponent(file), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test("every message of the sample agency's queue on three days gets a draft that Python's email package reads with the right headers")
    func everyItemGetsAParsableDraft() async throws {
        try await withSampleAgency { conninfo in
            let connection = try DatabaseLocation.resolve(option: conninfo).open()
            for day in ["2026-11-13", "2026-11-20", "2026-11-27"] {
                let folder = Self.temporaryFolder()
                defer { try? FileManager.default.removeItem(at: folder) }
                let run = recruit("queue", "--as-of", day, "--drafts", folder.path, "--database", conninfo)
                #expect(run.status == 0, "\(run.err)")
                #expect(run.out == recruit("queue", "--as-of", day, "--database", conninfo).out, "the queue itself is unchanged")
                let queue = try QueueReport.queue(connection, asOf: Day(day)!)
                let messages = QueueDrafts.messages(queue)
                // Every item is in exactly one message; groups only where the text queue says "send them as one".
                let places = messages.flatMap { message -> [QueueItems.Place] in
                    switch message {
                    case .item(let place): return [place]
                    case .statusChecks(let places): return places
                    }
                }
                #expect(places.count == queue.count && queue.count > 0)
                let groups = messages.filter { if case .statusChecks(let p) = $0 { return p.count > 1 } else { return false } }
                let text = recruit("queue", "--as-of", day, "--database", conninfo).out
                #expect(groups.count == text.components(separatedBy: "send them as one message").count - 1)
                let parsed = try Self.parse(folder)
                #expect(parsed.count == messages.count, "one .eml per message on \(day)")
                #expect(run.err.contains("wrote \(messages.count) drafts"))
                for eml in parsed {
                    #expect(eml.defects.isEmpty, "\(eml.file): \(eml.defects)")
                    #expect(eml.unsent == "1")
                    #expect(eml.contentType == "text/plain;utf-8")
                    // From its recruiter; the note about a manager's week has none, and a placeholder says so.
                    #expect(eml.fromAddress.hasSuffix(eml.file.contains("-hm-overload-") ? "@recruit.invalid" : "@agency.test"),
                            "\(eml.file) is from its recruiter")
                    #expect(!eml.subject.isEmpty && !eml.body.isEmpty)
                    #expect(eml.messageID.hasPrefix("<\(day.replacingOccurrences(of: "-", with: "")).") && eml.messageID.hasSuffix(">"))
                    #expect(eml.date.contains(" 09:00:00 +0000"))
                    let dayOfMonth = String(Int(day.suffix(2))!)
                    #expect(eml.date.contains(" \(dayOfMonth) Nov 2026 "), "\(eml.date)")
                }
                #expect(Set(parsed.map(\.messageID)).count == parsed.count, "Message-IDs are unique")
            }
        }
    }

    @Test("no draft names another client or a candidate outside its message, shows an address or phone number its recipients should not see, or uses the engine's words")
    func draftsSayOnlyWhatTheirRecipientsMaySee() async throws {
        try await withSampleAgency { conninfo in
            let connection = try DatabaseLocation.resolve(option: conninfo).open()
            let candidates = try Self.sampleRows("candidates.csv")
            let openings = try Self.sampleRows("openings.csv")
            let names = candidates.map { "\($0["first_name"]!) \($0["last_name"]!)" }
            let clients = Set(openings.map { $0["client"]! })
            let phones = candidates.compactMap { $0["phone"] }.filter { !$0.isEmpty }
            let managerEmail = Dictionary(openings.map { ($0["opening"]!, $0["hiring_manager_email"]!) }) { a, _ in a }
            var seen = Set<DraftTemplateName>()
            for day in ["2026-11-13", "2026-11-20", "2026-11-27"] {
                let queue = try QueueReport.queue(connection, asOf: Day(day)!)
                let drafter = try Drafter.load(connection, asOf: Day(day)!, timeZone: TimeZone(identifier: "UTC")!)
                for message in QueueDrafts.messages(queue) {
                    let draft = QueueDrafts.draft(message, queue, drafter: drafter)
                    seen.insert(draft.template)
                    let items: [(item: Recommendation, name: String?)]
                    switch message {
                    case .item(let place): items = [queue.named(place)].map { ($0.item, $0.names.candidate) }
                    case .statusChecks(let places): items = places.map { queue.named($0) }.map { ($0.item, $0.names.candidate) }
                    }
                    let words = draft.subject + "\n" + draft.body
                    let what = "\(day) \(draft.template.rawValue): \(words)"
                    let own = Set(items.compactMap(\.name))
                    for name in names where !own.contains(name) { #expect(!words.contains(name), "\(name) in \(what)") }
                    for client in clients where client != items[0].item.client {
                        #expect(!words.contains(client), "\(client) in \(what)")
                    }
                    #expect(!words.contains("@"), "no address in the text: \(what)")
                    let eml = String(decoding: draft.eml, as: UTF8.self)
                    for phone in phones { #expect(!eml.contains(phone)) }
                    #expect(words.range(of: #"\d{3}[-. ]?\d{4}"#, options: .regularExpression) == nil, "no phone number: \(what)")
                    for word in Self.internalWords {
                        #expect(words.range(of: word, options: .caseInsensitive) == nil, "\"\(word)\" in \(what)")
                    }
                    // Gaps are marked and closed.
                    for gap in words.components(separatedBy: "[add:").dropFirst() { #expect(gap.contains("]")) }
                    // Addresses: the recruiter sends; only the recipient's own address is shown.
                    let item = items[0].item
                    #expect(draft.from.address == item.recruiter)
                    for to in draft.to {
                        switch draft.template {
                        case .followUp, .statusChecks, .checkBack, .attritionCheck:
                            #expect(to.address == managerEmail[item.opening!], "\(what)")
                        case .thankYou, .keepInMind, .followUpByCandidate, .phoneCheckByCandidate:
                            #expect(to.address == item.candidate)
                        case .phoneCheck, .statusCalls:
                            #expect(to.address == item.recruiter)
                        case .tooEarly, .tooMany, .afterDecision:
                            #expect(to.address == (item.actor == .candidate ? item.candidate : item.recruiter))
                        case .hmOverload:
                            // To the recruiters whose candidates' contacts were counted: staff, never a candidate.
                            #expect(to.address?.hasSuffix("@agency.test") == true, "\(what)")
                        }
                    }
                }
            }
            // The three days reach the sample's kinds of message.
            for name in [DraftTemplateName.thankYou, .followUp, .statusChecks, .keepInMind, .tooEarly, .hmOverload] {
                #expect(seen.contains(name), "\(name.rawValue) drafted on one of the days")
            }
        }
    }

    @Test("non-ASCII names and titles reach the .eml encoded as RFC 2047 requires and come back intact; a manager without an address is named, never given another's")
    func nonASCIINamesSurvive() async throws {
        try await withSampleAgency { conninfo in
            let folder = try Self.madeFolder()
            let files: [(String, String)] = [
                ("openings", """
                    opening,client,title,hiring_manager,hiring_manager_email,status,opened_on,filled_on,recruiter
                    UNI-1,Société Générale d'Études,Ingénieure données « senior » — 数据工程师,José Müller-Łukasiewicz,,open,2026-10-01,,sam@agency.test
                    """),
                ("candidates", """
                    email,first_name,last_name,phone,source,recruiter,notes
                    zoe@example.com,Zoë,"Ångström ""Z"", Jr.",+33 6 12 34 56 78,,,
                    """),
                ("applications", """
                    candidate,opening,stage,stage_date,submitted_on,decision_by,interest,recruiter
                    zoe@example.com,UNI-1,interviewing,,2026-10-20,2026-11-10,,sam@agency.test
                    """),
                ("activities", """
                    candidate,opening,date,type,by,with,channel,decision_by,interest,note
                    zoe@example.com,UNI-1,2026-11-05,interview,client,José Müller-Łukasiewicz;Øyvind Ødegård,in_person,,,
                    """),
            ]
            for (kind, text) in files {
                let file = folder.appendingPathComponent("\(kind).csv")
                try (text + "\n").write(to: file, atomically: true, encoding: .utf8)
                let imported = recruit("import", kind, file.path, "--database", conninfo)
                #expect(imported.status == 0, "\(imported.err)")
            }
            let drafts = folder.appendingPathComponent("drafts")
            // 11-05: the thank-you; 11-13: the follow-up, three business days after the promised 11-10.
            for day in ["2026-11-05", "2026-11-13"] {
                let out = drafts.appendingPathComponent(day)
                #expect(recruit("queue", "--as-of", day, "--client", "Société Générale d'Études", "--drafts", out.path,
                                "--database", conninfo).status == 0)
            }
            let thanks = try Self.parse(drafts.appendingPathComponent("2026-11-05"))
            let followUps = try Self.parse(drafts.appendingPathComponent("2026-11-13"))
            #expect(thanks.count == 1 && followUps.count == 1)
            let name = "Zoë Ångström \"Z\", Jr."
            if let thank = thanks.first {
                #expect(thank.defects.isEmpty, "\(thank.defects)")
                #expect(thank.toAddresses == ["zoe@example.com"])
                #expect(thank.to.contains("Zoë Ångström"), "\(thank.to)")
                #expect(thank.subject == "A thank you note to send after your Ingénieure données « senior » — 数据工程师 interview")
                #expect(thank.body.contains("Hi Zoë,"))
                #expect(thank.body.contains("---------- to José Müller-Łukasiewicz ----------"))
                #expect(thank.body.contains("---------- to Øyvind Ødegård ----------"))
                #expect(thank.body.contains("Dear Øyvind,"))
                #expect(thank.body.contains("\(name)\n"), "signed with the candidate's name, unescaped")
                #expect(!thank.body.contains("&"), "no HTML escaping in text")
                #expect(!thank.body.contains("+33"))
            }
            if let followUp = followUps.first {
                #expect(followUp.defects.isEmpty, "\(followUp.defects)")
                #expect(followUp.toAddresses.isEmpty, "no address known for the manager: none made up")
                #expect(followUp.to.contains("José Müller-Łukasiewicz"), "\(followUp.to)")
                #expect(followUp.subject.hasPrefix(name + " for Ingénieure données"))
                #expect(followUp.body.hasPrefix("Dear José,\n"))
                #expect(followUp.body.contains("You hoped to reach a decision on the Ingénieure données « senior » — 数据工程师 role by Tuesday 10 November"))
                #expect(!followUp.body.contains("zoe@example.com") && !followUp.body.contains("+33"))
            }
        }
    }

    /// Imports CSV texts (kind, text) into the agency at `conninfo`.
    static func importFiles(_ files: [(String, String)], into folder: URL, _ conninfo: String) throws {
        for (kind, text) in files {
            let file = folder.appendingPathComponent("\(kind).csv")
            try (text + "\n").write(to: file, atomically: true, encoding: .utf8)
            let imported = recruit("import", kind, file.path, "--database", conninfo)
            #expect(imported.status == 0, "\(imported.err)")
        }
    }

    /// The week's hm-overload notes on 2026-11-20, by the hiring manager their subject names.
    static func overloadNotes(_ folder: URL, _ conninfo: String) throws -> [String: Parsed] {
        let run = recruit("queue", "--as-of", "2026-11-20", "--drafts", folder.path, "--database", conninfo)
        #expect(run.status == 0, "\(run.err)")
        var notes: [String: Parsed] = [:]
        for eml in try parse(folder) where eml.file.contains("-hm-overload-") {
            notes[String(eml.subject.prefix { $0 != " " })] = eml
        }
        return notes
    }

    @Test("two recruiters writing to one hiring manager past the weekly cap get one note addressed to both, greeted by first name; an agency's template without the greeting still works")
    func overloadNoteGoesToTheRecruitersWhoWrote() async throws {
        try await withSampleAgency { conninfo in
            let folder = try Self.madeFolder()
            try Self.importFiles([
                ("openings", """
                    opening,client,title,hiring_manager,hiring_manager_email,status,opened_on,filled_on,recruiter
                    NW-1,Northwind Labs,Data Engineer,Mireille Kent,mireille.kent@northwind.example,open,2026-10-01,,
                    NW-2,Northwind Labs,Analyst,Mireille Kent,mireille.kent@northwind.example,open,2026-10-01,,
                    """),
                ("candidates", """
                    email,first_name,last_name,phone,source,recruiter,notes
                    nw1@example.com,Noor,Ali,,,,
                    nw2@example.com,Tariq,Baker,,,,
                    nw3@example.com,Ulla,Berg,,,,
                    """),
                ("applications", """
                    candidate,opening,stage,stage_date,submitted_on,decision_by,interest,recruiter
                    nw1@example.com,NW-1,submitted,,2026-11-02,,,kim@agency.test
                    nw2@example.com,NW-1,submitted,,2026-11-02,,,kim@agency.test
                    nw3@example.com,NW-2,submitted,,2026-11-02,,,lou@agency.test
                    """),
                ("activities", """
                    candidate,opening,date,type,by,with,channel,decision_by,interest,note
                    nw1@example.com,NW-1,2026-11-16,follow_up,recruiter,,email,,,
                    nw2@example.com,NW-1,2026-11-16,follow_up,recruiter,,email,,,
                    nw1@example.com,NW-1,2026-11-17,follow_up,recruiter,,email,,,
                    nw3@example.com,NW-2,2026-11-18,follow_up,recruiter,,email,,,
                    nw3@example.com,NW-2,2026-11-19,phone_check,recruiter,,phone,,,
                    """),
            ], into: folder, conninfo)
            let notes = try Self.overloadNotes(folder.appendingPathComponent("drafts"), conninfo)
            let note = try #require(notes["Mireille"], "a note about Mireille Kent's week: \(notes.keys.sorted())")
            #expect(note.defects.isEmpty, "\(note.defects)")
            #expect(note.toAddresses == ["kim@agency.test", "lou@agency.test"], "\(note.to)")
            #expect(note.fromAddress.hasSuffix("@recruit.invalid"), "the note about a manager's week has no one sender")
            #expect(note.body.hasPrefix("Hi Kim and Lou,\n"), "\(note.body)")
            #expect(note.body.contains("received 4 messages from us"), "one e-mail about two candidates is one message")
            #expect(note.body.contains("some of them were about your candidates"))
            for word in ["Noor", "Tariq", "Ulla", "@example.com", "mireille.kent@"] {
                #expect(!note.body.contains(word) && !note.to.contains(word), "\(word) in \(note.to)\n\(note.body)")
            }
            // The JSON shows the count and no recruiter, as before.
            let json = recruit("queue", "--as-of", "2026-11-20", "--client", "Northwind Labs", "--format", "json",
                               "--database", conninfo)
            #expect(json.out.contains("\"reason\": \"Mireille Kent received 4 messages from 2026-11-14 to 2026-11-20, more than the weekly cap of 3\""), "\(json.out)")

            // An agency's template from before (no greeting by name) is still accepted and used, to the same people.
            let old = """
                Subject: {{hiring_manager}} at {{client}} has heard from us often this week

                Hi all,

                {{hiring_manager}} at {{client}} received {{messages}} messages from us between {{from_date}} and {{through_date}}, more than the {{allowed}} a week we allow ourselves. Please send {{hiring_manager_first_name}} nothing more for the next few days, and put any updates after that into one message.

                Thank you

                """
            let file = folder.appendingPathComponent("old.txt")
            try old.write(to: file, atomically: true, encoding: .utf8)
            let set = recruit("template", "set", "hm-overload", file.path, "--database", conninfo)
            #expect(set.status == 0, "\(set.err)")
            let again = try #require(try Self.overloadNotes(folder.appendingPathComponent("again"), conninfo)["Mireille"])
            #expect(again.toAddresses == ["kim@agency.test", "lou@agency.test"])
            #expect(again.body.hasPrefix("Hi all,\n"))
        }
    }

    @Test("an hm-overload note never addresses or names a candidate whose own messages were counted; with no recruiter known it keeps the placeholder")
    func overloadNoteNeverGoesToACandidate() async throws {
        try await withSampleAgency { conninfo in
            let folder = try Self.madeFolder()
            try Self.importFiles([
                ("openings", """
                    opening,client,title,hiring_manager,hiring_manager_email,status,opened_on,filled_on,recruiter
                    FB-1,Fabrikam,Designer,Lena Voss,lena.voss@fabrikam.example,open,2026-10-01,,
                    CO-1,Contoso,Tester,Omar Reyes,omar.reyes@contoso.example,open,2026-10-01,,
                    """),
                ("candidates", """
                    email,first_name,last_name,phone,source,recruiter,notes
                    zed.quinn@example.com,Zed,Quinn,+1 555 010 7788,,,
                    vera.holm@example.com,Vera,Holm,,,,
                    yan.roe@example.com,Yan,Roe,,,,
                    """),
                ("applications", """
                    candidate,opening,stage,stage_date,submitted_on,decision_by,interest,recruiter
                    zed.quinn@example.com,FB-1,submitted,,2026-11-02,,,
                    vera.holm@example.com,FB-1,submitted,,2026-11-02,,,sam@agency.test
                    yan.roe@example.com,CO-1,submitted,,2026-11-02,,,
                    """),
                ("activities", """
                    candidate,opening,date,type,by,with,channel,decision_by,interest,note
                    zed.quinn@example.com,FB-1,2026-11-16,follow_up,candidate,,email,,,
                    zed.quinn@example.com,FB-1,2026-11-17,follow_up,candidate,,email,,,
                    vera.holm@example.com,FB-1,2026-11-18,follow_up,recruiter,,email,,,
                    vera.holm@example.com,FB-1,2026-11-19,follow_up,candidate,,email,,,
                    yan.roe@example.com,CO-1,2026-11-16,follow_up,candidate,,email,,,
                    yan.roe@example.com,CO-1,2026-11-17,follow_up,candidate,,email,,,
                    yan.roe@example.com,CO-1,2026-11-18,follow_up,candidate,,email,,,
                    yan.roe@example.com,CO-1,2026-11-19,follow_up,candidate,,email,,,
                    """),
            ], into: folder, conninfo)
            let notes = try Self.overloadNotes(folder.appendingPathComponent("drafts"), conninfo)
            // Zed's two e-mails and Vera's own count, with Sam's: the note goes to Sam (Vera's recruiter) only.
            let lena = try #require(notes["Lena"], "\(notes.keys.sorted())")
            #expect(lena.toAddresses == ["sam@agency.test"], "\(lena.to)")
            #expect(lena.body.hasPrefix("Hi Sam,\n"), "\(lena.body)")
            // Only candidates wrote to Omar and none has a recruiter: the placeholder, with no address at all.
            let omar = try #require(notes["Omar"], "\(notes.keys.sorted())")
            #expect(omar.toAddresses.isEmpty)
            #expect(omar.to.contains("Recruiters writing to Omar Reyes"), "\(omar.to)")
            #expect(omar.body.hasPrefix("Hi all,\n"))
            for note in [lena, omar] {
                #expect(note.defects.isEmpty, "\(note.defects)")
                for word in ["Zed", "Quinn", "Vera", "Holm", "Yan ", "Roe", "@example.com", "555", "lena.voss@", "omar.reyes@"] {
                    #expect(!note.to.contains(word) && !note.from.contains(word) && !note.body.contains(word),
                            "\(word) in \(note.to)\n\(note.body)")
                }
            }
        }
    }

    @Test("hostile display names and subjects stay inside their header: quotes, commas, line breaks, long non-ASCII")
    func hostileNamesStayInTheirHeader() throws {
        let folder = try Self.madeFolder()
        let names = ["Evil\r\nBcc: victim@example.com", "O'Brien, \"Bob\" \\ Jr.", String(repeating: "Łukasz Ünïcödé 😀 ", count: 8),
                     "=?UTF-8?B?SGk=?= literal", "Ａ　wide", "plain name"]
        var drafts: [Draft] = []
        for (index, name) in names.enumerated() {
            let drafter = Drafter(asOf: Day("2026-11-20")!, timeZone: TimeZone(identifier: "Europe/Paris")!,
                                  directory: DraftDirectory(openings: ["X-1": .init(title: name, client: "Client",
                                                                                   hiringManagerName: name,
                                                                                   hiringManagerEmail: "hm@client.example")],
                                                            staff: ["sam@agency.test": name]))
            let item = Recommendation(rule: .followUp, actor: .recruiter, candidate: "c\(index)@example.com", opening: "X-1",
                                      client: "Client", hiringManager: name, recruiter: "sam@agency.test",
                                      due: Day("2026-11-20")!, deadline: nil, overdue: false, interest: .neutral,
                                      reason: .followUpAfterDecisionDate(decisionBy: Day("2026-11-13")!, graceBusinessDays: 3,
                                                                         due: Day("2026-11-18")!))
            let draft = drafter.draft(item, candidateName: name)
            drafts.append(draft)
            try Data(draft.eml).write(to: folder.appendingPathComponent("\(index).eml"))
        }
        let parsed = try Self.parse(folder).sorted { $0.file < $1.file }
        #expect(parsed.count == names.count)
        for (eml, name) in zip(parsed, names) {
            let clean = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(eml.defects.isEmpty, "\(name): \(eml.defects)")
            #expect(eml.toAddresses == ["hm@client.example"], "only the manager: \(eml.to)")
            #expect(eml.fromAddress == "sam@agency.test")
            #expect(eml.subject.hasPrefix(clean + " for " + clean), "\(eml.subject)")
            #expect(eml.date.hasSuffix("09:00:00 +0100"))
        }
    }

    @Test("any display name, subject and body survive Python's parser unchanged (200 seeded random names of every script)")
    func randomNamesRoundTrip() throws {
        let folder = try Self.madeFolder()
        // Letters and marks of several scripts, the characters RFC 5322 gives a meaning, spaces and line breaks.
        let pool = Array("aZ09 .,;:<>@\"\\'()[]=?_-~!#éÅßøŁżçñ\u{301}\u{308}ΩЖש\u{5D0}عह中文한ぁ😀👩‍💻\t\r\n\u{A0}\u{2028}")
        var seed: UInt64 = 22
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        var expected: [(name: String, subject: String)] = []
        for index in 0..<200 {
            let name = String((0..<(1 + next(70))).map { _ in pool[next(pool.count)] })
            let manager = MailAddress(name: name, address: index % 3 == 0 ? nil : "hm\(index)@client.example")
            let from = MailAddress(name: name, address: "sam@agency.test")
            let bytes = MailFormat.message(from: from, to: [manager], subject: name + " " + name, date: "Fri, 20 Nov 2026 09:00:00 +0000",
                                           messageID: "<\(index)@recruit.invalid>", body: "Dear \(name),\n" + String(repeating: name, count: 1 + next(30)) + "\n")
            try Data(bytes).write(to: folder.appendingPathComponent(String(format: "%03d.eml", index)))
            let clean = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            expected.append((manager.name ?? "", (clean + " " + clean).split(whereSeparator: \.isWhitespace).joined(separator: " ")))
        }
        let parsed = try Self.parse(folder)
        #expect(parsed.count == 200)
        for (eml, want) in zip(parsed, expected) {
            #expect(eml.defects.isEmpty, "\(eml.file): \(eml.defects)")
            #expect(eml.subject == want.subject, "\(eml.file)")
            #expect(eml.fromAddress == "sam@agency.test")
            let index = Int(eml.file.prefix(3))!
            #expect(eml.toAddresses == (index % 3 == 0 ? [] : ["hm\(index)@client.example"]), "\(eml.file): \(eml.to)")
            // Python's address parser keeps a space where a long run of non-ASCII words is split into several
            // encoded-words (RFC 2047 readers close it up): such names compare without their spaces.
            let shown = index % 3 != 0 ? want.name : (want.name.isEmpty ? "Recipient" : want.name) + " (address unknown)"
            if want.name.utf8.count <= 45 {
                #expect(eml.toNames == [shown], "\(eml.file)")
            } else {
                #expect(eml.toNames.map { $0.filter { !$0.isWhitespace } } == [shown.filter { !$0.isWhitespace }], "\(eml.file)")
            }
            #expect(eml.body.hasPrefix("Dear "))
        }
    }

    @Test("an edited template is used by the next queue; a broken one is refused with its line, and the one in force stays")
    func templatesCanBeChangedSafely() async throws {
        try await withSampleAgency { conninfo in
            let folder = try Self.madeFolder()
            let shown = recruit("template", "show", "follow-up", "--database", conninfo)
            #expect(shown.status == 0)
            #expect(shown.out == DraftTemplate.standard(.followUp).text)
            let edited = "Subject: Quick question about {{candidate}}\n\nHello {{hiring_manager_first_name}}, any news on {{opening}}?\n{{#decision_date}}You said {{decision_date}}.{{/decision_date}}\n\n{{recruiter}}\n"
            let file = folder.appendingPathComponent("edited.txt")
            try edited.write(to: file, atomically: true, encoding: .utf8)
            let set = recruit("template", "set", "follow-up", file.path, "--database", conninfo)
            #expect(set.status == 0, "\(set.err)")
            #expect(recruit("template", "show", "follow-up", "--database", conninfo).out == edited)
            #expect(recruit("template", "list", "--database", conninfo).out.contains("* follow-up "))

            // Broken: an unclosed section (line 4), an unknown field (line 3), a partial, no subject.
            let broken: [(String, String)] = [
                ("Subject: x\n\nfine {{candidate}}\n{{#decision_date}} never closed\n", "line 4"),
                ("Subject: x\n\nHello\nDear {{hiring_manger}},\n", "line 4: no field \"hiring_manger\""),
                ("Subject: x\n\n{{> signature}}\n", "line 3: {{> signature}} is not supported"),
                ("Dear {{candidate}}\n", "line 1: a template starts with a line \"Subject: ...\""),
                ("Subject: {{nope}}\n\nbody\n", "line 1: no field \"nope\""),
            ]
            for (text, expected) in broken {
                let bad = folder.appendingPathComponent("bad.txt")
                try text.write(to: bad, atomically: true, encoding: .utf8)
                let refused = recruit("template", "set", "follow-up", bad.path, "--database", conninfo)
                #expect(refused.status == 1)
                #expect(refused.err.contains(expected), "\(refused.err)")
                #expect(refused.err.contains("the template in force is unchanged"))
                #expect(recruit("template", "show", "follow-up", "--database", conninfo).out == edited)
            }
            #expect(recruit("template", "set", "no-such", file.path, "--database", conninfo).status == 2)

            let drafts = folder.appendingPathComponent("drafts")
            // On 11-13 Sam has a status check of its own to Dana Cho (the others go out grouped).
            #expect(recruit("queue", "--as-of", "2026-11-13", "--recruiter", "sam@agency.test", "--drafts", drafts.path,
                            "--database", conninfo).status == 0)
            let parsed = try Self.parse(drafts)
            let followUps = parsed.filter { $0.file.contains("-follow-up-") }
            #expect(!followUps.isEmpty)
            for eml in followUps {
                #expect(eml.subject.hasPrefix("Quick question about "))
                #expect(eml.body.contains("any news on "))
            }
            // The folder now holds drafts: a second run is refused rather than mixing days.
            let again = recruit("queue", "--as-of", "2026-11-20", "--drafts", drafts.path, "--database", conninfo)
            #expect(again.status == 1)
            #expect(again.err.contains("already holds"))
            #expect(again.out.isEmpty)

            let audit = recruit("audit", "--database", conninfo).out
            #expect(audit.contains("template.set"))
            #expect(!audit.contains("Quick question"))
            #expect(recruit("template", "reset", "follow-up", "--database", conninfo).status == 0)
            #expect(recruit("template", "show", "follow-up", "--database", conninfo).out == DraftTemplate.standard(.followUp).text)
        }
    }

    @Test("recruit draft prints one item's draft as a mail program shows it, and asks for --rule when there are several")
    func draftCommandPrintsOne() async throws {
        try await withSampleAgency { conninfo in
            let shown = recruit("draft", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--as-of", "2026-11-20",
                                "--database", conninfo)
            #expect(shown.status == 0, "\(shown.err)")
            #expect(shown.out.hasPrefix("From: Sam <sam@agency.test>\nTo: Ana Ng <ana.ng@example.com>\nSubject: "))
            #expect(shown.out.contains("\n\nHi Ana,\n"))
            let eml = recruit("draft", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--as-of", "2026-11-20",
                              "--format", "eml", "--database", conninfo)
            #expect(eml.out.contains("X-Unsent: 1\r\n"))
            let none = recruit("draft", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--as-of", "2026-11-01",
                               "--database", conninfo)
            #expect(none.status == 1)
            #expect(recruit("draft", "--candidate", "ana.ng@example.com", "--opening", "ACME-1042", "--rule", "nope",
                            "--database", conninfo).status == 2)
        }
    }

    @Test("every default template is accepted by the checks agencies' templates pass, and names only its own fields")
    func defaultsPassTheirOwnChecks() throws {
        for name in DraftTemplateName.allCases {
            let template = DraftTemplate.standard(name)
            #expect(throws: Never.self) { try DraftTemplate(name, text: template.text) }
            #expect(template.text.hasPrefix("Subject: "))
            for word in Self.internalWords where word != "HM " {
                #expect(template.text.range(of: word, options: .caseInsensitive) == nil, "\(word) in \(name.rawValue)")
            }
        }
    }

    /// Random values for `name`'s fields: each missing, a text, a number or true/false, lists of 0-5 elements of
    /// varied fields, texts that look like mustache tags or the skeletons' markers.
    static func randomValues(_ fields: DraftFields, _ rng: inout SplitMix) -> [String: Any] {
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        func one() -> Any? {
            pick([nil, "Dana Cho", "", " ", "{{client}}", "\u{E000}0\u{E001}", "Zoë Łukasz", "a\nb", 3, 0, true, false] as [Any?])
        }
        var values: [String: Any] = [:]
        for field in fields.top { if let value = one() { values[field] = value } }
        for (list, elementFields) in fields.lists where rng.next() % 5 != 0 {
            values[list] = (0..<Int(rng.next() % 6)).map { _ -> [String: Any] in
                var element: [String: Any] = [:]
                for field in elementFields { if let value = one() { element[field] = value } }
                return element
            }
        }
        return values
    }

    @Test("a template rendered once per shape of its values and then filled gives the text swift-mustache gives for every draft (every default and a template of sections, 3,000 random value sets)")
    func skeletonsRenderAsMustache() throws {
        var rng = SplitMix(state: 22)
        let sections = try DraftTemplate(.statusChecks, text: """
            Subject: {{#count}}{{count}} for {{client}}{{/count}}{{^count}}none{{/count}} {{today}}

            {{! a comment }}
              {{#candidates}}
            - {{candidate}}{{#decision_date}} by {{decision_date}}{{/decision_date}}{{^days_waited}} (new){{/days_waited}} {{client}}
              {{/candidates}}
            {{^candidates}}No one.{{/candidates}}
            {{{recruiter}}} / {{hiring_manager_first_name}}
            """)
        let templates = DraftTemplateName.allCases.map(DraftTemplate.standard) + [sections]
        var filled = 0
        for _ in 0..<3_000 {
            let template = templates[Int(rng.next() % UInt64(templates.count))]
            let values = Self.randomValues(template.name.fields, &rng)
            let whole = template.renderWhole(values)
            #expect(template.render(values) == whole, "\(template.name.rawValue): \(values)")
            if template.skeletons != nil { filled += 1 }
        }
        #expect(filled == 3_000, "every template here is filled from its skeletons")
        for template in templates where !template.name.fields.lists.isEmpty {
            #expect(template.skeletons?.listsByElement == true, "\(template.name.rawValue)'s lists are rendered element by element")
        }
        // A template naming {{.}} is rendered whole.
        let dot = try DraftTemplate(.thankYou, text: "Subject: x\n\n{{#interviewers}}{{.}}{{/interviewers}}")
        #expect(dot.skeletons == nil)
    }

    /// Texts made of pieces that matter to names and file names: plain words, spaces, non-ASCII letters, combining
    /// marks (which join a space before them into one character), a prepended mark, CRLF, brackets.
    static func randomText(_ rng: inout SplitMix) -> String {
        let pieces = ["Dana", "Cho", " ", " ", "Zoë", "Łukasz", "\u{301}", "\u{600}", "\r\n", "[add: x]", "-", "_", ".",
                      "ACME-1042", "a", "7", "@", "/", "é", "日本"]
        return (0..<Int(rng.next() % 8)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }

    @Test("a draft's file name made as bytes is the name made of Strings (number padded, template, opening word), for 3,000 random opening ids")
    func fileNamesAsBytes() {
        var rng = SplitMix(state: 7)
        for index in 0..<3_000 {
            var opening = Self.randomText(&rng)
            if index % 3 == 0 { opening = String(repeating: "ACME-", count: Int(rng.next() % 12)) }
            let number = Int(rng.next() % 200_000) + 1
            let width = [4, 5, 6][index % 3]
            let template = DraftTemplateName.allCases[index % DraftTemplateName.allCases.count]
            let digits = String(number)
            let expected = String(repeating: "0", count: max(0, width - digits.count)) + digits + "-" + template.rawValue
                + "-" + QueueDrafts.fileWord(opening) + ".eml"
            let bytes = QueueDrafts.fileName(number, width: width, template, opening)
            #expect(bytes.last == 0)
            #expect(String(decoding: bytes.dropLast(), as: UTF8.self) == expected, "\(opening.debugDescription)")
        }
    }

    @Test("a first name found by bytes is the first word as Swift's characters find it, for 3,000 random names")
    func firstNamesByBytes() {
        let drafter = Drafter(asOf: Day(year: 2026, month: 11, day: 20), timeZone: TimeZone(identifier: "UTC")!,
                              directory: DraftDirectory())
        var rng = SplitMix(state: 11)
        for _ in 0..<3_000 {
            let name = Self.randomText(&rng)
            let clean = name.onOneLine
            let expected = clean.hasPrefix("[") ? clean : clean.firstIndex(of: " ").map { String(clean[..<$0]) } ?? clean
            #expect(drafter.firstName(name) == expected, "\(name.debugDescription)")
        }
    }

    @Test("draft values in slots give swift-mustache the dictionary they were made from")
    func valuesRoundTrip() throws {
        var rng = SplitMix(state: 5)
        for name in DraftTemplateName.allCases {
            for _ in 0..<50 {
                let values = Self.randomValues(name.fields, &rng)
                let typed = try #require(DraftValues(dictionary: values))
                let back = typed.dictionary
                #expect(back.count == values.count)
                for (key, value) in values {
                    switch value {
                    case let text as String: #expect(back[key] as? String == text)
                    case let flag as Bool: #expect(back[key] as? Bool == flag)
                    case let number as Int: #expect(back[key] as? Int == number)
                    default: #expect((back[key] as? [[String: Any]])?.count == (value as? [[String: Any]])?.count)
                    }
                }
            }
        }
        #expect(DraftValues(dictionary: ["no_such_field": "x"]) == nil)
        #expect(DraftValues(dictionary: ["today": 1.5]) == nil)
    }
}

