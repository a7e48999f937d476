import Foundation
import Mail
import Policies

/// Who is who in the agency's mail (MAIL.md "Who is who"), read once per run from the stored facts.
struct MailDirectory {
    /// An application (a class: each planned activity holds a reference, not a copy of its strings).
    final class Application: Sendable, Hashable {
        let id: Int64
        let candidate: String
        let opening: String
        let client: String
        let hiringManagerEmail: String?

        init(id: Int64, candidate: String, opening: String, client: String, hiringManagerEmail: String?) {
            (self.id, self.candidate, self.opening, self.client) = (id, candidate, opening, client)
            self.hiringManagerEmail = hiringManagerEmail
        }

        static func == (a: Application, b: Application) -> Bool {
            a.id == b.id && a.candidate == b.candidate && a.opening == b.opening && a.client == b.client
                && a.hiringManagerEmail == b.hiringManagerEmail
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(id)
            hasher.combine(candidate)
            hasher.combine(opening)
            hasher.combine(client)
            hasher.combine(hiringManagerEmail)
        }
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
    /// The hash of each name's run of words to the names (as folded words) and their candidates.
    private(set) var namesByHash: [UInt64: [(words: [[UInt8]], emails: [String])]] = [:]
    /// The hash of each lower-case opening id to the id as stored and its folded bytes.
    private(set) var openingsByHash: [UInt64: (id: String, bytes: [UInt8])] = [:]
    /// 64 Kbit: the bit of each first name's and opening id's hash (``MentionIndex/filterBit(_:)``).
    private(set) var mentionFilter = [UInt64](repeating: 0, count: 1024)
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
            let email = try row.text(0)
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
        indexMentions()
        let rows = try connection.query("""
            SELECT a.id, c.email, a.opening_id, cl.name, lower(btrim(hm.email))
            FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN openings o ON o.id = a.opening_id
            JOIN clients cl ON cl.id = o.client_id LEFT JOIN hiring_managers hm ON hm.id = o.hiring_manager_id
            ORDER BY a.id
            """).rows
        for row in rows {
            let (id, candidate, opening, client) = (try row.int64(0), try row.text(1), try row.text(2), try row.text(3))
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

    /// The lookups the mention scan uses, from the candidates' names and the openings' ids: names and one-word
    /// opening ids by hash, and the filter of first words that may start a mention.
    private mutating func indexMentions() {
        for (folded, emails) in byName {
            let words = folded.split(separator: " ").map(String.init)
            namesByHash[MentionIndex.combine(ArraySlice(words.map(MentionIndex.hash))), default: []]
                .append((words.map { Array($0.utf8) }, emails))
        }
        for (key, id) in openings where MentionIndex.words(key) == [key] {
            openingsByHash[MentionIndex.hash(key)] = (id, Array(key.utf8))
        }
        for h in firstNameHashes.union(openingsByHash.keys) {
            let (slot, mask) = MentionIndex.filterBit(h)
            mentionFilter[slot] |= mask
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
/// text is read once into a buffer of folded words (kept from message to message), each word is hashed (FNV-1a) and
/// tested against a 64 Kbit filter of the words that can start a mention; only a word that passes is looked up, and
/// a hash that matches is checked byte for byte.
enum MentionIndex {
    /// A text's words, folded: ASCII letters lowered, a typographic apostrophe as `'`, leading and trailing
    /// `. - _ '` dropped. `norm` holds them back to back.
    struct Words {
        /// The folded words back to back in `norm[..<used]` (the buffers are kept from text to text, and only grow).
        var norm: [UInt8] = []
        var used = 0
        /// The first `count` words: where each lies in `norm`, and its hash.
        var ranges: [Range<Int>] = []
        var hashes: [UInt64] = []
        var count = 0
        /// The indices of the words that hold `@` (the e-mails).
        var withAt: [Int] = []

        mutating func removeAll() {
            used = 0
            count = 0
            withAt.removeAll(keepingCapacity: true)
        }

        func text(_ i: Int) -> String { String(decoding: norm[ranges[i]], as: UTF8.self) }
        func equals(_ i: Int, _ word: [UInt8]) -> Bool {
            let r = ranges[i]
            guard r.count == word.count else { return false }
            return norm.withUnsafeBufferPointer { n in word.withUnsafeBufferPointer { w in
                memcmp(n.baseAddress! + r.lowerBound, w.baseAddress!, r.count) == 0
            } }
        }
    }

    // Over 60 lines: the mention scan's inner loop, one pass over the bytes, each byte's class beside the others.
    /// Appends the words of `text` to `words`. Words: ASCII letters and digits, `@ . - _ + '`, and any non-ASCII
    /// character (letters of other scripts; U+2019 is read as `'`) make words; everything else separates them.
    /// NUL and the other C0 controls but tab and line breaks are dropped (as ``Charset`` drops them from text).
    static func scan(_ text: UnsafeBufferPointer<UInt8>, into words: inout Words) {
        let count = text.count
        let need = words.used + count
        if words.norm.count < need { words.norm.append(contentsOf: repeatElement(0, count: need - words.norm.count)) }
        // A word takes a byte at least, and a separator or a dropped byte comes between two.
        let most = words.count + count / 2 + 1
        if words.ranges.count < most {
            words.ranges.append(contentsOf: repeatElement(0..<0, count: most - words.ranges.count))
            words.hashes.append(contentsOf: repeatElement(0, count: most - words.hashes.count))
        }
        var withAt = words.withAt
        words.withAt = []  // one owner while it grows
        var out = words.used
        var n = words.count
        words.norm.withUnsafeMutableBufferPointer { norm in
        words.ranges.withUnsafeMutableBufferPointer { ranges in
        words.hashes.withUnsafeMutableBufferPointer { hashes in
            byteClass.withUnsafeBufferPointer { classes in
                var i = 0
                while i < count {
                    while i < count, classes[Int(text[i])] == separator { i += 1 }
                    guard i < count else { break }
                    // The word's folded bytes are written from `start`; leading `. - _ '` are not written, and the
                    // hash and end after its last byte that is not one of them are kept (trailing ones dropped).
                    let start = out
                    var h: UInt64 = 0xcbf2_9ce4_8422_2325
                    var kept = h
                    var keptEnd = start
                    var hasAt = false
                    while i < count {
                        var b = text[i]
                        let c = classes[Int(b)]
                        if c == separator { break }
                        i += 1
                        switch c {
                        case upper: b += 32
                        case e2:
                            if i + 1 < count, text[i] == 0x80, text[i + 1] == 0x99 { b = 0x27; i += 2 }
                        case control: continue
                        case at: hasAt = true
                        default: break
                        }
                        let trimmed = b == 0x2E || b == 0x2D || b == 0x27 || b == 0x5F
                        if trimmed && out == start { continue }
                        norm[out] = b
                        out += 1
                        h = (h ^ UInt64(b)) &* 0x100_0000_01b3
                        if !trimmed { kept = h; keptEnd = out }
                    }
                    out = keptEnd
                    guard keptEnd > start else { continue }
                    if hasAt { withAt.append(n) }
                    ranges[n] = start..<keptEnd
                    hashes[n] = kept
                    n += 1
                }
            }
        }
        }
        }
        words.used = out
        words.count = n
        words.withAt = withAt
    }

    static func scan(_ text: String) -> Words {
        var words = Words()
        var copy = text
        copy.withUTF8 { scan($0, into: &words) }
        return words
    }

    /// The words of `text` as strings (for the directory's names).
    static func words(_ text: String) -> [String] {
        let w = scan(text)
        return (0..<w.count).map(w.text)
    }

    static func hash(_ word: String) -> UInt64 {
        let w = scan(word)
        return w.count > 0 ? w.hashes[0] : 0
    }

    /// The hash of a run of words, from their hashes.
    @inline(__always) static func combine(_ hashes: ArraySlice<UInt64>) -> UInt64 {
        hashes.reduce(0x84222325) { ($0 &* 0x100_0000_01b3) ^ $1 }
    }

    /// The filter's bit for a word's hash.
    @inline(__always) static func filterBit(_ h: UInt64) -> (word: Int, mask: UInt64) {
        let bit = Int(truncatingIfNeeded: (h >> 29) & 0xFFFF)
        return (bit >> 6, 1 << UInt64(bit & 63))
    }

    private static let separator: UInt8 = 0, copied: UInt8 = 1, upper: UInt8 = 2, e2: UInt8 = 3, control: UInt8 = 4,
                       at: UInt8 = 5
    /// Each byte's part in a word: letters, digits, non-ASCII bytes and `. - _ + '` are copied (`A-Z` lowered, `@`
    /// marks an e-mail, E2 may start U+2019), C0 controls but tab and line breaks are dropped, the rest separate.
    private static let byteClass: [UInt8] = (0...255).map { (v: Int) -> UInt8 in
        let b = UInt8(v)
        if b == 0xE2 { return e2 }
        if b == 0x40 { return at }
        if b >= 0x41 && b <= 0x5A { return upper }
        if isWordByte(b) { return copied }
        if b < 0x20 && b != 9 && b != 10 && b != 13 { return control }
        return separator
    }

    @inline(__always) private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b >= 0x80 || b == 0x40
            || b == 0x2E || b == 0x2D || b == 0x5F || b == 0x2B || b == 0x27
    }


    /// The candidates (e-mails) and opening ids (as stored) that `texts` name; `words` is scratch space, kept
    /// between calls so a run allocates it once.
    static func mentions(in texts: [String], directory: MailDirectory, scratch words: inout Words)
        -> (candidates: Set<String>, openings: Set<String>) {
        var candidates: Set<String> = []
        var openings: Set<String> = []
        for var text in texts {
            words.removeAll()
            text.withUTF8 { scan($0, into: &words) }
            for i in words.withAt {
                // The directory's own string, so that a message's facts share it.
                if let at = directory.candidateEmails.firstIndex(of: words.text(i)) { candidates.insert(directory.candidateEmails[at]) }
            }
            let filter = directory.mentionFilter
            let count = words.count
            for i in 0..<count {
                let h = words.hashes[i]
                let (slot, mask) = filterBit(h)
                guard filter[slot] & mask != 0 else { continue }
                if let (id, bytes) = directory.openingsByHash[h], words.equals(i, bytes) { openings.insert(id) }
                guard directory.firstNameHashes.contains(h) else { continue }
                for length in directory.nameLengths where i + length <= count {
                    guard let named = directory.namesByHash[combine(words.hashes[i..<(i + length)])] else { continue }
                    for (name, emails) in named
                    where (0..<length).allSatisfy({ words.equals(i + $0, name[$0]) }) { candidates.formUnion(emails) }
                }
            }
        }
        return (candidates, openings)
    }

    static func mentions(in texts: [String], directory: MailDirectory) -> (candidates: Set<String>, openings: Set<String>) {
        var words = Words()
        return mentions(in: texts, directory: directory, scratch: &words)
    }
}
