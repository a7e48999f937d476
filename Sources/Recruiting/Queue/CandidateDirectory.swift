/// Every candidate's e-mail and recruiter by id, held compactly, for reading a whole agency's timelines: joining
/// candidates to two million applications in the server (a hash of a million rows, probed two million times) cost it
/// more than all the rest of the read; one sequential read of a million short rows costs it a tenth of that.
struct CandidateDirectory {
    /// Row number of each candidate id.
    private var rows: [Int64: Int32] = [:]
    /// E-mails as UTF-8, one after another; row `r`'s ends at `emailEnds[r]`.
    private var emailBytes: [UInt8] = []
    private var emailEnds: [Int] = []
    /// Each row's recruiter as an index into `recruiterTexts`, `.max` for none. Recruiters are few.
    private var recruiters: [UInt32] = []
    private var recruiterTexts: [String] = []

    /// Reads every candidate (inside the caller's transaction, so as of its snapshot).
    static func read(_ connection: Connection) throws -> CandidateDirectory {
        var directory = CandidateDirectory()
        var recruiterIndex: [String: UInt32] = [:]
        var row = CopyTextRow()
        var escaped: [UInt8] = []
        try connection.copyOut("COPY (SELECT id, email, recruiter FROM candidates) TO STDOUT") { bytes in
            row.split(bytes)
            guard let id = row.int64(0), !row.isNull(1) else { return }
            directory.rows[id] = Int32(directory.emailEnds.count)
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

    /// The candidate's e-mail and recruiter; nil when no candidate has this id.
    func candidate(_ id: Int64) -> (email: String, recruiter: String?)? {
        guard let row = rows[id].map(Int.init) else { return nil }
        let start = row == 0 ? 0 : emailEnds[row - 1]
        let email = emailBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<emailEnds[row]]), as: UTF8.self)
        }
        let recruiter = recruiters[row] == .max ? nil : recruiterTexts[Int(recruiters[row])]
        return (email, recruiter)
    }
}
