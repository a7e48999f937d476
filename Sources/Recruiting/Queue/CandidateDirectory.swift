/// Every candidate's e-mail and recruiter by id, held compactly, for reading a whole agency's timelines: joining
/// candidates to two million applications in the server (a hash of a million rows, probed two million times) cost it
/// more than all the rest of the read; one ordered read of a million short rows costs a fraction of that.
///
/// About 40 bytes per candidate: the ids in order (found directly when they have no gaps, as identity ids mostly
/// have not, else by binary search), the e-mails one after another, and each recruiter as an index into the few
/// distinct ones.
struct CandidateDirectory: Sendable {
    /// The candidates' ids, ascending; row `r` is `ids[r]`.
    private var ids: [Int64] = []
    /// E-mails as UTF-8, one after another; row `r`'s ends at `emailEnds[r]`.
    private var emailBytes: [UInt8] = []
    private var emailEnds: [Int] = []
    /// Each row's recruiter as an index into `recruiterTexts`, `.max` for none.
    private var recruiters: [UInt32] = []
    private var recruiterTexts: [String] = []

    /// Reads every candidate (inside the caller's transaction, so as of its snapshot).
    static func read(_ connection: Connection) throws -> CandidateDirectory {
        var directory = CandidateDirectory()
        var recruiterIndex: [String: UInt32] = [:]
        var row = CopyTextRow()
        var escaped: [UInt8] = []
        try connection.copyOut("COPY (SELECT id, email, recruiter FROM candidates ORDER BY id) TO STDOUT") { bytes in
            row.split(bytes)
            guard let id = row.int64(0), !row.isNull(1) else { return }
            directory.ids.append(id)
            row.withUnescapedBytes(1, buffer: &escaped) { directory.emailBytes.append(contentsOf: $0) }
            directory.emailEnds.append(directory.emailBytes.count)
            guard let recruiter = row.string(2) else {
                directory.recruiters.append(.max)
                return
            }
            if let known = recruiterIndex[recruiter] {
                directory.recruiters.append(known)
            } else {
                let index = UInt32(directory.recruiterTexts.count)
                directory.recruiterTexts.append(recruiter)
                recruiterIndex[recruiter] = index
                directory.recruiters.append(index)
            }
        }
        return directory
    }

    /// The row of candidate `id`, nil when there is none.
    private func row(_ id: Int64) -> Int? {
        guard let first = ids.first, id >= first else { return nil }
        // Without gaps, the id says the row.
        let offset = id - first
        if offset < ids.count, ids[Int(offset)] == id { return Int(offset) }
        var low = 0, high = min(ids.count, Int(clamping: offset))
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id ? low : nil
    }

    /// The candidate's e-mail and recruiter; nil when no candidate has this id.
    func candidate(_ id: Int64) -> (email: String, recruiter: String?)? {
        guard let row = row(id) else { return nil }
        let start = row == 0 ? 0 : emailEnds[row - 1]
        let email = emailBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<emailEnds[row]]), as: UTF8.self)
        }
        let recruiter = recruiters[row] == .max ? nil : recruiterTexts[Int(recruiters[row])]
        return (email, recruiter)
    }
}
