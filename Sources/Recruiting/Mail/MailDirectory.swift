import Foundation
import Mail
import Policies

/// Who is who in the agency's mail (MAIL.md "Who is who"), read once per run from the stored facts.
struct MailDirectory {
    struct Application: Sendable, Hashable {
        let id: Int64
        let candidate: String
        let opening: String
        let client: String
        let hiringManagerEmail: String?
    }

    private(set) var recruiters: Set<String> = []
    private(set) var agencyDomains: Set<String> = []
    /// Every candidate's e-mail (stored trimmed and lower case).
    private(set) var candidateEmails: Set<String> = []
    /// Candidates' e-mails and their full names as written.
    private(set) var candidateNames: [String: String] = [:]
    /// A folded full name ("first last", case and spaces folded) to the candidates who bear it.
    private(set) var byName: [String: [String]] = [:]
    private(set) var nameLengths: Set<Int> = []
    /// The hash of the first word of every folded full name: only these start a name's run of words.
    private(set) var firstNameHashes: Set<UInt64> = []
    /// The hash of each name's run of words to the names (as words) and their candidates.
    private(set) var namesByHash: [UInt64: [(words: [String], emails: [String])]] = [:]
    /// The hash of each lower-case opening id to the id as stored.
    private(set) var openingsByHash: [UInt64: String] = [:]
    private(set) var applicationsByCandidate: [String: [Application]] = [:]
    private(set) var applications: [Int64: Application] = [:]
    /// Lower-case opening ids to the ids as stored.
    private(set) var openings: [String: String] = [:]
    private(set) var hiringManagers: Set<String> = []
    /// A client-side domain (not a public mail domain) to its clients.
    private(set) var clientDomains: [String: Set<String>] = [:]

    /// Public mail domains, never a client's (MAIL.md).
    static let publicDomains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
        "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com", "zoho.com", "fastmail.com",
        "yandex.com", "yandex.ru", "qq.com", "163.com", "example.com",
    ]

    init(_ connection: Connection, policy: Policy) throws {
        agencyDomains = Set(policy.agencyDomains)
        let recruiterRows = try connection.query("""
            SELECT DISTINCT lower(btrim(r)) FROM (
                SELECT recruiter FROM openings UNION ALL SELECT recruiter FROM candidates
                UNION ALL SELECT recruiter FROM applications) AS all_recruiters(r)
            WHERE r LIKE '%_@_%'
            """).rows
        recruiters = Set(recruiterRows.compactMap { $0[0] })
        for row in try connection.query("SELECT email, first_name, last_name FROM candidates").rows {
            guard let email = row[0] else { continue }
            candidateEmails.insert(email)
            let name = [row[1], row[2]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: " ")
            guard !name.isEmpty else { continue }
            candidateNames[email] = name
            let folded = MentionIndex.words(name)
            guard folded.count >= 2 else { continue }  // a single word is too common to be a person's mention
            byName[folded.joined(separator: " "), default: []].append(email)
            firstNameHashes.insert(MentionIndex.hash(folded[0]))
            nameLengths.insert(folded.count)
        }
        for row in try connection.query("SELECT id FROM openings").rows { if let id = row[0] { openings[id.lowercased()] = id } }
        for (folded, emails) in byName {
            let words = folded.split(separator: " ").map(String.init)
            namesByHash[MentionIndex.combine(ArraySlice(words.map(MentionIndex.hash))), default: []].append((words, emails))
        }
        for (key, id) in openings where MentionIndex.words(key) == [key] { openingsByHash[MentionIndex.hash(key)] = id }
        let rows = try connection.query("""
            SELECT a.id, c.email, a.opening_id, cl.name, lower(btrim(hm.email))
            FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
            ORDER BY a.id
            """).rows
        for row in rows {
            guard let idText = row[0], let id = Int64(idText), let candidate = row[1], let opening = row[2],
                  let client = row[3] else { continue }
            let email = row[4].flatMap { $0.isEmpty ? nil : $0 }
            let application = Application(id: id, candidate: candidate, opening: opening, client: client,
                                          hiringManagerEmail: email)
            applications[id] = application
            applicationsByCandidate[candidate, default: []].append(application)
        }
        for row in try connection.query("""
            SELECT DISTINCT lower(btrim(hm.email)), cl.name FROM hiring_managers hm JOIN clients cl ON cl.id = hm.client_id
            WHERE hm.email LIKE '%_@_%'
            """).rows {
            guard let email = row[0], let client = row[1] else { continue }
            hiringManagers.insert(email)
            if let domain = Self.domain(of: email), !Self.publicDomains.contains(domain) {
                clientDomains[domain, default: []].insert(client)
            }
        }
    }

    static func domain(of address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? nil : String(domain)
    }

    func isAgency(_ address: String) -> Bool {
        recruiters.contains(address) || Self.domain(of: address).map(agencyDomains.contains) == true
    }

    func isCandidate(_ address: String) -> Bool { candidateEmails.contains(address) }

    func isClientSide(_ address: String) -> Bool {
        if isAgency(address) || isCandidate(address) { return false }
        return hiringManagers.contains(address) || Self.domain(of: address).map { clientDomains[$0] != nil } == true
    }

    /// Whether `address` is on `application`'s client side: its hiring manager, or at its client's domains.
    func isClientSide(_ address: String, of application: Application) -> Bool {
        if address == application.hiringManagerEmail { return true }
        guard !isAgency(address), !isCandidate(address), let domain = Self.domain(of: address) else { return false }
        return clientDomains[domain]?.contains(application.client) == true
    }
}

/// Finds candidates and openings named in a message's Subject and first text part (MAIL.md rule 2): e-mails and
/// opening ids as words, full names as runs of words, case and spacing folded. Works on UTF-8 bytes: a message's
/// text is read once, each word is hashed where it lies (FNV-1a), and a hash that matches is checked byte for byte.
enum MentionIndex {
    /// A text's words: lower-case bytes, each word's range and hash.
    struct Words {
        var bytes: [UInt8]
        var ranges: [Range<Int>] = []
        var hashes: [UInt64] = []

        func text(_ i: Int) -> String { String(decoding: bytes[ranges[i]], as: UTF8.self) }
        func hasAt(_ i: Int) -> Bool { bytes[ranges[i]].contains(0x40) }
    }

    /// Words: ASCII letters and digits, `@ . - _ + '`, and any non-ASCII character (letters of other scripts; a
    /// typographic apostrophe is read as `'`) make words; everything else separates them. Leading and trailing
    /// `. - _ '` are dropped. ASCII letters are lowered; other scripts are compared as written.
    static func scan(_ text: String) -> Words {
        var utf8 = Array(text.utf8)
        let count = utf8.count
        var ranges: [Range<Int>] = []
        var hashes: [UInt64] = []
        var i = 0
        while i < count {
            while i < count, !isWordByte(utf8[i]) { i += 1 }
            var start = i
            while i < count, isWordByte(utf8[i]) {
                let b = utf8[i]
                if b >= 0x41 && b <= 0x5A { utf8[i] = b + 32 }
                // U+2019 RIGHT SINGLE QUOTATION MARK (E2 80 99) as an apostrophe (padded with two ignored bytes).
                else if b == 0xE2, i + 2 < count, utf8[i + 1] == 0x80, utf8[i + 2] == 0x99 {
                    utf8[i] = 0x27; utf8[i + 1] = 0x7F; utf8[i + 2] = 0x7F
                }
                i += 1
            }
            var end = i
            while start < end, isTrimmed(utf8[start]) { start += 1 }
            while end > start, isTrimmed(utf8[end - 1]) { end -= 1 }
            guard start < end else { continue }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for k in start..<end where utf8[k] != 0x7F { h = (h ^ UInt64(utf8[k])) &* 0x100_0000_01b3 }
            ranges.append(start..<end)
            hashes.append(h)
        }
        return Words(bytes: utf8, ranges: ranges, hashes: hashes)
    }

    /// The words of `text` as strings (for the directory's names).
    static func words(_ text: String) -> [String] {
        let w = scan(text)
        return w.ranges.indices.map { String(decoding: w.bytes[w.ranges[$0]].filter { $0 != 0x7F }, as: UTF8.self) }
    }

    static func hash(_ word: String) -> UInt64 { scan(word).hashes.first ?? 0 }

    /// The hash of a run of words, from their hashes.
    @inline(__always) static func combine(_ hashes: ArraySlice<UInt64>) -> UInt64 {
        hashes.reduce(0x84222325) { ($0 &* 0x100_0000_01b3) ^ $1 }
    }

    @inline(__always) private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80 || b == 0x40
            || b == 0x2E || b == 0x2D || b == 0x5F || b == 0x2B || b == 0x27
    }

    @inline(__always) private static func isTrimmed(_ b: UInt8) -> Bool { b == 0x2E || b == 0x2D || b == 0x27 || b == 0x5F || b == 0x7F }

    /// The candidates (e-mails) and opening ids (as stored) that `texts` name.
    static func mentions(in texts: [String], directory: MailDirectory) -> (candidates: Set<String>, openings: Set<String>) {
        var candidates: Set<String> = []
        var openings: Set<String> = []
        for text in texts {
            let w = scan(text)
            for i in w.ranges.indices {
                let h = w.hashes[i]
                if w.hasAt(i) {
                    let word = w.text(i)
                    if directory.isCandidate(word) { candidates.insert(word) }
                    continue
                }
                if let id = directory.openingsByHash[h], w.text(i) == id.lowercased() { openings.insert(id) }
                guard directory.firstNameHashes.contains(h) else { continue }
                for length in directory.nameLengths where i + length <= w.ranges.count {
                    guard let named = directory.namesByHash[combine(w.hashes[i..<(i + length)])] else { continue }
                    let written = (i..<(i + length)).map { w.text($0).replacingOccurrences(of: "\u{7F}", with: "") }
                    for (words, emails) in named where words == written { candidates.formUnion(emails) }
                }
            }
        }
        return (candidates, openings)
    }
}
