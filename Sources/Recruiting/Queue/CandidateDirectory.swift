import Foundation

/// Every candidate's e-mail and recruiter by id, held compactly, for reading a whole agency's timelines: joining
/// candidates to two million applications in the server (a hash of a million rows, probed two million times) cost it
/// more than all the rest of the read; one ordered read of a million short rows costs a fraction of that.
///
/// About 40 bytes per candidate: the ids in order (found directly when they have no gaps, as identity ids mostly
/// have not, else by binary search), the e-mails one after another, and each recruiter as an index into the few
/// distinct ones. A directory may be read in slices of ids, each on its own connection at once; the slices are kept
/// as they are (joining them would hold every candidate twice for a moment).
struct CandidateDirectory: Sendable {
    /// The slices in id order, none empty; each holds the candidates of an id range that follows the one before.
    private var slices: [Slice] = []

    /// Reads every candidate (inside the caller's transaction, so as of its snapshot).
    static func read(_ connection: Connection) throws -> CandidateDirectory {
        try CandidateDirectory(slices: [Slice.read(connection, ids: nil)])
    }

    /// The candidates read in slices: the ids in `ids`, split into as many ranges as there are connections, each
    /// read on its connection at once, each on a thread of its own, while `meanwhile` runs on the calling thread. The
    /// connections must share one snapshot.
    static func read(_ connections: [Connection], ids: ClosedRange<Int64>,
                     meanwhile: () -> Void = {}) throws -> CandidateDirectory {
        let count = Int64(connections.count)
        let width = (ids.upperBound - ids.lowerBound) / count + 1
        let slices = LockedSlots<Result<Slice, Error>>(count: connections.count)
        let handed = OwnPart(connections)
        onOwnThreads(connections.count, { index in
            let from = ids.lowerBound + Int64(index) * width
            let range = from...max(from, min(ids.upperBound, from + width - 1))
            slices[index] = Result { try Slice.read(handed.value[index], ids: range) }
        }, whileHere: meanwhile)
        return try CandidateDirectory(slices: slices.values.map { try $0!.get() })
    }

    private init(slices: [Slice]) {
        self.slices = slices.filter { !$0.ids.isEmpty }
    }

    /// The candidate's e-mail and recruiter; nil when no candidate has this id.
    func candidate(_ id: Int64) -> (email: String, recruiter: String?)? {
        var index = slices.count - 1
        while index >= 0 {
            if id >= slices[index].ids[0] { return slices[index].candidate(id) }
            index -= 1
        }
        return nil
    }

    /// The candidates of one range of ids.
    private struct Slice: Sendable {
        /// The candidates' ids, ascending; row `r` is `ids[r]`.
        var ids: [Int64] = []
        /// E-mails as UTF-8, one after another; row `r`'s ends at `emailEnds[r]`.
        var emailBytes: [UInt8] = []
        var emailEnds: [Int] = []
        /// Each row's recruiter as an index into `recruiterTexts`, `.max` for none.
        var recruiters: [UInt32] = []
        var recruiterTexts: [String] = []

        /// Reads the candidates with ids in `ids` (numbers this program computed), or all of them.
        static func read(_ connection: Connection, ids: ClosedRange<Int64>?) throws -> Slice {
            var slice = Slice()
            var recruiterIndex: [String: UInt32] = [:]
            var row = CopyBinaryRow()
            let range = ids.map { "WHERE id BETWEEN \($0.lowerBound) AND \($0.upperBound)" } ?? ""
            try connection.copyOut("""
                COPY (SELECT id, email, recruiter FROM candidates \(range) ORDER BY id) TO STDOUT (FORMAT binary)
                """) { bytes in
                guard try row.split(bytes), let id = row.int64(0), !row.isNull(1) else { return }
                slice.ids.append(id)
                row.withBytes(1) { slice.emailBytes.append(contentsOf: $0) }
                slice.emailEnds.append(slice.emailBytes.count)
                guard let recruiter = row.string(2) else {
                    slice.recruiters.append(.max)
                    return
                }
                if let known = recruiterIndex[recruiter] {
                    slice.recruiters.append(known)
                } else {
                    let index = UInt32(slice.recruiterTexts.count)
                    slice.recruiterTexts.append(recruiter)
                    recruiterIndex[recruiter] = index
                    slice.recruiters.append(index)
                }
            }
            return slice
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
}
